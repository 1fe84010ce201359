"""The index schema: one Whoosh document per paragraph, in both languages, and its version.

Whoosh pickles this schema, analyzers included, into the index.  Changing a
field, an analyzer or an analyzer's import path changes the on-disk format:
bump :data:`SCHEMA_VERSION`, and :func:`indexer.storage.generations.open_index` will ask for
a rebuild instead of misreading an old index.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, IDTokenizer, RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from analyzers import english_analyzer, exact_analyzer, russian_analyzer
from analyzers.scripts import TO_LATIN

SCHEMA_VERSION = 6  # 6: compact posting blocks; 5: English lemmas; every word at its position; numbers, compounds, symbols

# Paragraph language → the analyzed field its text goes into.
TEXT_FIELDS = {"en": "text_en", "ru": "text_ru"}
EXACT_FIELD = "exact"
ID_SEPARATOR = "\x1f"  # between the paragraph ids of ``aligned_to``


class SymbolFilter(Filter):
    """Normalize a document symbol for matching: Latin look-alikes, lower case, no spaces."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = "".join(t.text.translate(TO_LATIN).lower().split())
            yield t


def symbol_analyzer():
    """Return the analyzer of the symbol field: the whole symbol as one normalized term."""
    return IDTokenizer() | SymbolFilter()


@lru_cache(maxsize=1)
def default_schema() -> Schema:
    """Return the index schema built once: the one a build analyzes its words with, whose analyzers read the
    lexicon's units (declared as a cache by :mod:`indexer.lexicon.units`)."""
    return build_schema()


def build_schema() -> Schema:
    """Return the schema of the paragraph index."""
    return Schema(
        id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        symbol=TEXT(analyzer=symbol_analyzer(), stored=True, phrase=False),
        symbol_key=ID(stored=True),
        lang=ID(stored=True),
        doc_lang=ID(stored=True),
        number=ID(stored=True),
        position=NUMERIC(int, stored=True, sortable=True, shift_step=32),  # one term per value: no ranges
        kind=ID(stored=True),
        section=STORED(),
        title=STORED(),
        date=STORED(),
        year=NUMERIC(int, stored=True, shift_step=32),  # ranges of years enumerate a few terms
        original_lang=STORED(),
        source=STORED(),
        fmt=STORED(),  # the importer that read it (tmx, unpc, text …)
        attached_to=STORED(),
        text=STORED(),
        text_en=TEXT(analyzer=english_analyzer(), phrase=True, multitoken_query="or"),
        text_ru=TEXT(analyzer=russian_analyzer(), phrase=True, multitoken_query="or"),
        exact=TEXT(analyzer=exact_analyzer(), phrase=False, multitoken_query="or"),  # single words only
        group=ID(stored=True),  # the document group: linked language versions share it
        aligned=STORED(),  # ids of the counterpart paragraphs in the other language
        # the same ids, searchable: a version written alone finds its counterparts in the version written after it
        aligned_to=ID(analyzer=RegexTokenizer(f"[^{ID_SEPARATOR}]+")),
        align_conf=STORED(),  # confidence of that link, 0..1
    )
