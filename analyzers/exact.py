"""The exact-form analyzer: words as written, only lower-cased and folded (for ``=word``)."""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter

from analyzers.filters import HomoglyphFilter, YoFilter
from analyzers.tokenizers import un_tokenizer


def exact_analyzer():
    """Return the analyzer of the exact-form field: tokenize, lowercase, fold ё and look-alikes."""
    return un_tokenizer() | HomoglyphFilter() | LowercaseFilter() | YoFilter()
