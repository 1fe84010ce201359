"""Counting what an index holds: documents and paragraphs, per language."""

from __future__ import annotations

from collections import Counter

from indexer import store


def index_stats(index_dir) -> dict:
    """Return the figures of the live index.

    ``{"documents", "paragraphs", "by_lang": {"en", "ru"}, "by_lang_other", "documents_by_lang",
    "generation", "built_at"}``; paragraphs recorded in another language (a list of
    Spanish names in an English report) are counted in ``by_lang_other``.
    """
    with store.searching(index_dir) as searcher:
        by_lang = Counter()
        docs_by_lang = Counter()
        doc_ids = set()
        for fields in searcher.all_stored_fields():
            by_lang[fields["lang"]] += 1
            if fields["doc_id"] not in doc_ids:
                doc_ids.add(fields["doc_id"])
                docs_by_lang[fields["doc_lang"]] += 1
    gen = store.current_generation(index_dir)
    meta = store.read_meta(gen)
    return {
        "documents": len(doc_ids),
        "paragraphs": sum(by_lang.values()),
        "by_lang": {"en": by_lang.get("en", 0), "ru": by_lang.get("ru", 0)},
        "by_lang_other": {k: v for k, v in sorted(by_lang.items()) if k not in ("en", "ru")},
        "documents_by_lang": dict(docs_by_lang),
        "generation": gen.number,
        "built_at": meta.get("built_at"),
    }
