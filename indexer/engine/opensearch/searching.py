"""Searching the paragraph index on OpenSearch: a request in, the product's JSON contract out.

The request is parsed by the product's query language
(:func:`indexer.search.request.build_query`, with the product's schema),
translated (:mod:`indexer.engine.opensearch.translate`) and run with the
index's global term statistics (``dfs_query_then_fetch``), the total counted
exactly.  Each hit is the contract record of its stored paragraph
(:func:`indexer.search.request.hit_record`), its counterparts in the other
language looked up by their stored ids in one request per page.
"""

from __future__ import annotations

import time

from indexer.engine.opensearch.connection import connect, unavailable
from indexer.engine.opensearch.translate import to_dsl
from indexer.engine.schema import build_schema
from indexer.errors import IndexerError, IndexNotFound, QueryError
from indexer.search.request import SearchRequest, build_query, hit_record

_SCHEMA = build_schema()  # the product's schema: its analyzers parse queries as the index's terms were made


class Searcher:
    """Searches the alias (or index) ``name`` on the cluster at ``url``."""

    def __init__(self, url: str, name: str, client=None):
        self.url = url
        self.name = name
        self.client = client or connect(url)

    def dsl(self, request: SearchRequest) -> dict:
        """Return the OpenSearch query of a request (its text and filters)."""
        return to_dsl(build_query(request, _SCHEMA), _SCHEMA)

    def search(self, request: SearchRequest) -> dict:
        """Run ``request`` and return the result in the product's JSON contract (``query``, ``total``, ``hits``,
        ``took_ms``)."""
        request = request.validated()
        if request.translate:
            raise QueryError("searching across languages (--translate) is not yet on OpenSearch")
        started = time.perf_counter()
        found = self._call("search", body={"query": self.dsl(request), "from": request.offset,
                                           "size": request.limit, "track_total_hits": True},
                           search_type="dfs_query_then_fetch")
        stored = [hit["_source"] for hit in found["hits"]["hits"]]
        hits = [hit_record(fields, hit["_score"]) for fields, hit in zip(stored, found["hits"]["hits"])]
        self._attach_counterparts(hits, stored)
        return {"query": request.query, "total": found["hits"]["total"]["value"], "hits": hits,
                "took_ms": round((time.perf_counter() - started) * 1000, 2)}

    def _attach_counterparts(self, hits: list[dict], stored: list[dict]) -> None:
        """Fill each hit's ``aligned``: the paragraphs its stored ids name, else those whose ids name it."""
        ids = {pid for fields in stored for pid in fields.get("aligned") or ()}
        unlinked = [fields["id"] for fields in stored if not fields.get("aligned")]
        clauses = [{"terms": {"id": sorted(ids)}}] if ids else []
        if unlinked:
            clauses.append({"terms": {"aligned_to": unlinked}})
        if not clauses:
            return
        found = self._call("search", body={"query": {"bool": {"should": clauses}}, "size": 10_000})
        records = {hit["_source"]["id"]: hit["_source"] for hit in found["hits"]["hits"]}
        naming: dict[str, list[dict]] = {}
        for other in records.values():
            for pid in other.get("aligned_to") or ():
                naming.setdefault(pid, []).append(other)
        for hit, fields in zip(hits, stored):
            if fields.get("aligned"):
                linked = [records[pid] for pid in fields["aligned"] if pid in records]
                confidence = fields.get("align_conf")
            else:
                linked = naming.get(fields["id"], [])
                confidence = max((other.get("align_conf") or 0.0 for other in linked), default=None)
            hit["aligned"] = [{**hit_record(other), "confidence": confidence} for other in linked]

    def _call(self, method: str, **kwargs) -> dict:
        try:
            return getattr(self.client, method)(index=self.name, **kwargs)
        except IndexerError:
            raise
        except Exception as exc:  # the cluster's refusals, in one line without credentials
            if getattr(exc, "status_code", None) == 404:
                raise IndexNotFound(f"no index {self.name!r} on OpenSearch: build it with "
                                    f"`python -m indexer build SOURCES --opensearch URL --index {self.name}`") from None
            raise unavailable(self.url, exc) from None


def search(url: str, name: str, request: SearchRequest) -> dict:
    """Run ``request`` on the index ``name`` of the cluster at ``url`` (see :meth:`Searcher.search`)."""
    return Searcher(url, name).search(request)
