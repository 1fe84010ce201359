"""Counting what an index holds: documents and paragraphs, per language.

The figures come from the posting lists of the ``lang`` and ``doc_lang``
fields and the ``position`` column (deleted paragraphs left out), not from
the stored fields, so counting does not read every paragraph back.
"""

from __future__ import annotations

from collections import Counter

from indexer.engine import speedups
from indexer.storage import generations as store


def index_stats(index_dir, searcher=None, generation=None) -> dict:
    """Return the figures of the live index, or of ``generation`` read with ``searcher`` (one already open:
    counting then reads no file of the index anew).

    ``{"documents", "paragraphs", "by_lang": {"en", "ru"}, "by_lang_other", "documents_by_lang",
    "generation", "built_at", "dictionary"}``; paragraphs recorded in another language (a list of
    Spanish names in an English report) are counted in ``by_lang_other``; ``dictionary``
    describes the general dictionary whose pairs the lexicon has (None: none).
    """
    if searcher is None:
        gen = store.current_generation(index_dir)
        with store.searching(index_dir) as opened:
            by_lang, docs_by_lang = count(opened.reader())
    else:
        gen = generation
        by_lang, docs_by_lang = count(searcher.reader())
    meta = store.read_meta(gen)
    return {
        "documents": sum(docs_by_lang.values()),
        "paragraphs": sum(by_lang.values()),
        "by_lang": {"en": by_lang.get("en", 0), "ru": by_lang.get("ru", 0)},
        "by_lang_other": {k: v for k, v in sorted(by_lang.items()) if k not in ("en", "ru")},
        "documents_by_lang": dict(docs_by_lang),
        "generation": gen.number,
        "built_at": meta.get("built_at"),
        "dictionary": (meta.get("lexicon") or {}).get("dictionary"),
    }


def _live(reader, fieldname: str, term: bytes) -> list[int]:
    """Return the numbers of the live (not deleted) paragraphs that have ``term`` in ``fieldname``."""
    return list(reader.postings(fieldname, term).all_ids())


def count(reader) -> tuple[Counter, Counter]:
    """Return paragraphs per paragraph language and documents per document language.

    A document is counted by its first paragraph (position 0), read from the
    ``position`` column.
    """
    by_lang = Counter()
    for term in reader.lexicon("lang"):
        if n := len(_live(reader, "lang", term)):
            by_lang[term.decode("utf-8")] = n
    firsts = set(document_heads(reader))
    docs_by_lang = Counter()
    for term in reader.lexicon("doc_lang"):
        if n := len(firsts.intersection(_live(reader, "doc_lang", term))):
            docs_by_lang[term.decode("utf-8")] = n
    return by_lang, docs_by_lang


def document_heads(reader) -> list[int]:
    """Return the numbers of the live first paragraphs (position 0) of the documents, one per document."""
    if not reader.doc_count_all():  # an index with no paragraph has no segment, and no column to read
        return []
    heads = [n for n, position in enumerate(speedups.column_values(reader, "position")) if position == 0]
    if reader.has_deletions():
        heads = [n for n in heads if not reader.is_deleted(n)]
    return heads
