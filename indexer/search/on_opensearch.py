"""Searching the paragraph index on an OpenSearch cluster: a request in, the product's JSON contract out.

The request is parsed as on Whoosh (:func:`indexer.search.request.build_query`,
with the product's schema) and run by :class:`indexer.engine.opensearch.searching.Searcher`;
each hit is the contract record of its stored paragraph (:func:`indexer.search.request.hit_record`)
with its counterparts.  Not yet on OpenSearch: searching across languages, and the order and folding
of :mod:`indexer.search.ranking` (hits come in the cluster's order of scores).
"""

from __future__ import annotations

import time

from indexer.engine.opensearch.searching import SCHEMA, Searcher
from indexer.errors import QueryError
from indexer.search.request import SearchRequest, build_query, hit_record


def search(searcher: Searcher, request: SearchRequest) -> dict:
    """Run ``request`` and return the result in the product's JSON contract (``query``, ``total``, ``hits``,
    ``took_ms``)."""
    request = request.validated()
    if request.translate:
        raise QueryError("searching across languages (--translate) is not yet on OpenSearch")
    started = time.perf_counter()
    total, page = searcher.ranked(build_query(request, SCHEMA), request.offset, request.limit)
    stored = [fields for fields, _ in page]
    hits = [hit_record(fields, score) for fields, score in page]
    for hit, (others, confidence) in zip(hits, searcher.linked(stored)):
        hit["aligned"] = [{**hit_record(other), "confidence": confidence} for other in others]
        hit.update(also_in=[], also_documents=0)  # hits are in the cluster's order, identical ones not folded yet
    return {"query": request.query, "total": total, "hits": hits,
            "took_ms": round((time.perf_counter() - started) * 1000, 2)}


def search_cluster(url: str, name: str, request: SearchRequest) -> dict:
    """Run ``request`` on the index ``name`` of the cluster at ``url`` (see :func:`search`)."""
    return search(Searcher(url, name), request)
