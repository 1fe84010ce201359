"""Searching the paragraph index on OpenSearch: a parsed query in, the total and a page of stored paragraphs out.

The product's parsed query (``whoosh.query`` objects) is translated
(:mod:`indexer.engine.opensearch.translate`) and run with the index's global
term statistics (``dfs_query_then_fetch``), the total counted exactly.  The
counterparts of a page of paragraphs are looked up by their stored ids in one
request.  The JSON contract is made of these by :mod:`indexer.search.on_opensearch`.
"""

from __future__ import annotations

from indexer.engine.opensearch.connection import connect, refusals
from indexer.engine.opensearch.translate import to_dsl
from indexer.engine.schema import build_schema
from indexer.errors import IndexNotFound

SCHEMA = build_schema()  # the product's schema: its analyzers made the index's terms and parse the queries
MAX_LINKED = 10_000  # counterparts of one page looked up at most


class Searcher:
    """Searches the alias (or index) ``name`` on the cluster at ``url``."""

    def __init__(self, url: str, name: str, client=None):
        self.url = url
        self.name = name
        self.client = client or connect(url)

    def ranked(self, q, offset: int, limit: int) -> tuple[int, list[tuple[dict, float]]]:
        """Return the number of matches of the parsed query ``q`` and the ``(stored fields, score)`` of ranks
        ``offset`` to ``offset + limit``."""
        found = self._search({"query": to_dsl(q, SCHEMA), "from": offset, "size": limit, "track_total_hits": True},
                             search_type="dfs_query_then_fetch")
        return found["hits"]["total"]["value"], [(hit["_source"], hit["_score"]) for hit in found["hits"]["hits"]]

    def linked(self, stored: list[dict]) -> list[tuple[list[dict], float | None]]:
        """Return, for each of some paragraphs' stored fields, its counterparts' stored fields and the link's
        confidence: those its stored ids name, else those whose ids name it (one request for all)."""
        ids = {pid for fields in stored for pid in fields.get("aligned") or ()}
        unlinked = [fields["id"] for fields in stored if not fields.get("aligned")]
        clauses = [{"terms": {"id": sorted(ids)}}] if ids else []
        if unlinked:
            clauses.append({"terms": {"aligned_to": unlinked}})
        records: dict[str, dict] = {}
        if clauses:
            found = self._search({"query": {"bool": {"should": clauses}}, "size": MAX_LINKED})
            records = {hit["_source"]["id"]: hit["_source"] for hit in found["hits"]["hits"]}
        naming: dict[str, list[dict]] = {}
        for other in records.values():
            for pid in other.get("aligned_to") or ():
                naming.setdefault(pid, []).append(other)
        out = []
        for fields in stored:
            if fields.get("aligned"):
                out.append(([records[pid] for pid in fields["aligned"] if pid in records], fields.get("align_conf")))
            else:
                others = naming.get(fields["id"], [])
                out.append((others, max((other.get("align_conf") or 0.0 for other in others), default=None)))
        return out

    def _search(self, body: dict, **params) -> dict:
        with refusals(self.url):
            try:
                return self.client.search(index=self.name, body=body, **params)
            except Exception as exc:  # no such index: the user's to fix; the other refusals: the cluster's
                if getattr(exc, "status_code", None) == 404:
                    raise IndexNotFound(f"no index {self.name!r} on OpenSearch: build it with `python -m indexer "
                                        f"build SOURCES --opensearch URL --index {self.name}`") from None
                raise
