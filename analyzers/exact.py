"""The exact-form analyzer: words as written, only lower-cased and folded (ё, diacritics), numbers as digits (for ``=word``).

Stop words are left out, as in the language fields: ``=the`` would match
nearly every English paragraph and is never what a translator looks for, and
they are the most frequent tokens of all, so leaving them out keeps the field
small and the build fast.
"""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, StopFilter

from analyzers import stopwords
from analyzers.filters import DiacriticFilter, HomoglyphFilter, NumberFilter, YoFilter
from analyzers.memo import MemoFilters
from analyzers.tokenizers import un_tokenizer


def exact_analyzer():
    """Return the analyzer of the exact-form field: tokenize, lowercase, fold ё, diacritics and look-alikes, drop stop words."""
    return un_tokenizer() | MemoFilters(
        HomoglyphFilter(), LowercaseFilter(), DiacriticFilter(), YoFilter(), NumberFilter(),
        StopFilter(stoplist=stopwords.ALL, minsize=1))
