"""The English analyzer: Porter2 (Snowball English) stemming of Latin-script words."""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, StopFilter
from whoosh.lang.snowball.english import EnglishStemmer

from analyzers import stopwords
from analyzers.memo import MemoFilters
from analyzers.filters import CompoundFilter, HomoglyphFilter, PossessiveFilter, YoFilter, is_plain_word, token_script
from analyzers.scripts import LATIN
from analyzers.tokenizers import un_tokenizer

_stemmer = EnglishStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Porter2 stem of a lower-case English word (``smuggling`` → ``smuggl``)."""
    return _stemmer.stem(word)


class EnglishStemFilter(Filter):
    """Stem Latin-script words; leave numbers, symbols and other scripts alone.

    A hyphenated compound keeps its first parts and stems the last
    (``money-laundering`` → ``money-launder``).
    """

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if token_script(text) == LATIN and is_plain_word(text):
                head, hyphen, last = text.rpartition("-")
                t.text = head + hyphen + stem(last) if hyphen else stem(text)
            yield t


def english_analyzer():
    """Return the analyzer of English text: tokenize, lowercase, fold, drop stop words, stem."""
    return un_tokenizer() | MemoFilters(
        HomoglyphFilter(),
        LowercaseFilter(),
        YoFilter(),
        PossessiveFilter(),
        StopFilter(stoplist=stopwords.ALL, minsize=1),
        CompoundFilter(stopwords.ALL),
        EnglishStemFilter(),
    )
