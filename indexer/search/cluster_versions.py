"""The document versions of a generation on an OpenSearch cluster, as its facets name them, read once.

A facet of documents names each version by its first paragraph (its group,
language, title, symbol, year and date, :func:`indexer.search.facets.version_of`,
as Whoosh reads them).  Those are the same for every search of a generation,
so rather than reading a first paragraph for each version a search finds (a
``top_hits`` in each bucket of the facets' aggregation, the costliest part of
it), the first paragraph of every document is read once per generation (one
scroll) and kept; a version without one there (no paragraph at position 0) is
read when a search finds it.  They are kept beside the generation's lexicon
(the web app's, read once per generation), as the plans across languages are
(:mod:`indexer.search.cluster_across`); without a lexicon each search reads its
own.
"""

from __future__ import annotations

from indexer.caches.lru import LRUCache
from indexer.caches.registry import GENERATION, LRU, declare
from indexer.search.facets import Version, version_of

FIRST = ("doc_id", "group", "doc_lang", "lang", "title", "symbol", "year", "date")  # what names a version
KEPT = 4  # generations whose versions are kept (the live one and those before, for requests still reading them)
# (index, lexicon) -> (the lexicon, the version of each document by id): read once per generation
_VERSIONS = declare("search.cluster_versions", LRUCache(KEPT), bound=KEPT, eviction=LRU, invalidated_by=GENERATION)


def known(searcher, lexicon) -> dict[str, Version] | None:
    """Return the versions of the documents of the generation ``searcher`` reads, by id (read once beside its
    ``lexicon``), or None without a lexicon (each search then reads those it finds)."""
    if lexicon is None:
        return None
    key = (searcher.name, id(lexicon))
    kept = _VERSIONS.get(key)
    if kept is not None and kept[0] is lexicon:
        return kept[1]
    found = {fields["doc_id"]: version_of(fields["doc_id"], fields) for fields in searcher.heads(FIRST)}
    _VERSIONS.put(key, (lexicon, found))
    return found


def versions(searcher, known_versions: dict[str, Version], doc_ids: list[str]) -> dict[str, Version]:
    """Return the versions of ``doc_ids``: those known, and the others read (each its first paragraph written),
    in one request, and kept."""
    missing = sorted({doc_id for doc_id in doc_ids if doc_id not in known_versions})
    if missing:
        found = searcher.run({"query": {"terms": {"doc_id": missing}}, "collapse": {"field": "doc_id"},
                              "sort": [{"seq": "asc"}], "_source": list(FIRST), "size": len(missing),
                              "track_total_hits": False})
        for hit in found["hits"]["hits"]:
            fields = hit["_source"]
            known_versions[fields["doc_id"]] = version_of(fields["doc_id"], fields)
    return {doc_id: known_versions[doc_id] for doc_id in doc_ids if doc_id in known_versions}
