"""Searching the paragraph index on OpenSearch: a parsed query in, the total and a page of stored paragraphs out.

The product's parsed query (``whoosh.query`` objects) is translated
(:mod:`indexer.engine.opensearch.translate`) and run with the index's global
term statistics (``dfs_query_then_fetch``), the total counted exactly, equal
scores in the order the paragraphs were written (as Whoosh ranks them).  The
counterparts of a page of paragraphs are looked up by their stored ids in one
request.  The JSON contract is made of these by :mod:`indexer.search.on_opensearch`.
"""

from __future__ import annotations

from contextlib import contextmanager

from opensearchpy import helpers
from opensearchpy.exceptions import ConnectionTimeout, TransportError

from indexer.engine.opensearch.connection import connect, refusals
from indexer.engine.opensearch.translate import to_dsl
from indexer.engine.opensearch.writing import generation_number
from indexer.engine.schema import build_schema
from indexer.errors import IndexNotFound, QueryError

SCHEMA = build_schema()  # the product's schema: its analyzers made the index's terms and parse the queries
MAX_LINKED = 10_000  # counterparts of one page looked up at most
MAX_DOCUMENT = 10_000  # paragraphs of one document group read at most (OpenSearch's default result window)
DATE_ORDER = [{"date": {"order": "desc", "missing": "_last", "unmapped_type": "keyword"}}, {"doc_id": "asc"},
              {"position": "asc"}]  # newest document first, each in reading order (see Searcher.by_date)
GRACE = 0.5  # seconds the client waits for an answer past the time the cluster was given
# The copies of the shards on the node the client reaches answer its searches, where it has them: the hits are not
# sent from another node and back (half a search's time in the cluster), and every search of a request reads the
# same copy (its scores the same from one search to the next).
PREFERENCE = "_local"


class Searcher:
    """Searches the alias (or index) ``name`` on the cluster at ``url``."""

    schema = SCHEMA

    def __init__(self, url: str, name: str, client=None):
        self.url = url
        self.name = name
        self.client = client or connect(url)
        self.ahead: dict = {}  # what was asked ahead for this searcher's requests (facets with the hits), by request

    def ranked(self, q, offset: int, limit: int) -> tuple[int, list[tuple[dict, float]]]:
        """Return the number of matches of the parsed query ``q`` and the ``(stored fields, score)`` of ranks
        ``offset`` to ``offset + limit``."""
        found = self.run({"query": to_dsl(q, SCHEMA), "from": offset, "size": limit, "track_total_hits": True,
                          "sort": ["_score", {"seq": "asc"}], "track_scores": True},
                         search_type="dfs_query_then_fetch")
        return found["hits"]["total"]["value"], [(hit["_source"], hit["_score"]) for hit in found["hits"]["hits"]]

    def by_date(self, query: dict, offset: int, limit: int) -> tuple[int, list[tuple[dict, float]]]:
        """Return the number of paragraphs ``query`` (a query of the DSL) matches and the ``(stored fields, score)``
        of ranks ``offset`` to ``offset + limit`` newest document first (undated last), each document's paragraphs
        in reading order, the documents of one date in the order of their ids (as Whoosh orders them,
        :func:`indexer.search.facets.by_date`).

        Raise :class:`~indexer.errors.QueryError` for a generation written before paragraphs kept their date
        as a keyword (it cannot be sorted by date; built again, it can)."""
        found = self.run({"query": query, "from": offset, "size": limit, "track_total_hits": True,
                          "track_scores": True, "sort": DATE_ORDER}, search_type="dfs_query_then_fetch")
        hits = found["hits"]["hits"]
        if any(hit["_source"].get("date") and hit["sort"][0] is None for hit in hits):
            raise QueryError(f"the index {self.name!r} on OpenSearch was built before it could be sorted by date: "
                             f"build it again, or sort by relevance")
        return found["hits"]["total"]["value"], [(hit["_source"], hit["_score"]) for hit in hits]

    def count(self, q) -> int:
        """Return the number of paragraphs the parsed query ``q`` matches."""
        found = self.run({"query": to_dsl(q, SCHEMA), "size": 0, "track_total_hits": True})
        return found["hits"]["total"]["value"]

    def aggregate(self, query: dict, aggs: dict, seconds: float | None = None) -> dict | None:
        """Return the aggregations ``aggs`` of the paragraphs ``query`` (a query of the DSL) matches, or None when
        the cluster cannot count them whole within ``seconds`` (None: no limit)."""
        body: dict = {"size": 0, "query": query, "aggs": aggs}
        params = {}
        if seconds is not None:
            body["timeout"] = timeout(seconds)
            params["request_timeout"] = seconds + GRACE
        with self.requests():
            try:
                found = self.client.search(index=self.name, body=body, preference=PREFERENCE, **params)
            except ConnectionTimeout:
                return None
        return None if found.get("timed_out") else found["aggregations"]

    def where(self, size: int = MAX_DOCUMENT, **terms) -> list[dict]:
        """Return the stored fields of the paragraphs whose keyword fields have these values (at most ``size``)."""
        clauses = [{"term": {field: value}} for field, value in terms.items()]
        found = self.run({"query": {"bool": {"filter": clauses}}, "size": size})
        return [hit["_source"] for hit in found["hits"]["hits"]]

    def corrections(self, field: str, terms: list[str], edits: tuple[int, ...], prefix: int) -> dict[str, str | None]:
        """Return, for each of ``terms`` that no paragraph has in the analyzed field ``field``, the term of ``field``
        that the most paragraphs have within the fewest of ``edits`` edits (its first ``prefix`` characters kept),
        or None; for each that some paragraph has, None.  One request for all of them."""
        bodies = [{"size": 0, "query": {"term": {field: term}}, "terminate_after": 1, "suggest": {
            f"within_{n}": {"text": term, "term": {
                "field": field, "suggest_mode": "always", "max_edits": n, "prefix_length": prefix, "min_word_length": 1,
                "sort": "frequency", "string_distance": "levenshtein", "size": 1}} for n in edits}} for term in terms]
        out: dict[str, str | None] = {}
        for term, answer in zip(terms, self.msearch_each(bodies)):
            found = None
            if not answer["hits"]["total"]["value"]:
                suggested = (answer["suggest"][f"within_{n}"] for n in edits)
                found = next((entries[0]["options"][0]["text"] for entries in suggested
                              if entries and entries[0]["options"]), None)
            out[term] = found
        return out

    def document(self, **terms) -> dict | None:
        """Return the stored fields of one paragraph whose keyword fields have these values, or None."""
        found = self.where(size=1, **terms)
        return found[0] if found else None

    def by_ids(self, ids, routes: dict[str, str] | None = None) -> dict[str, dict]:
        """Return the stored fields of the paragraphs with these ids, by id (ids not in the index left out).

        ``routes`` gives the routing (the document group) of some of them: those are read straight from their
        shard (a ``_mget``), the others, and any not found there, by a search."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        out: dict[str, dict] = {}
        routed = [pid for pid in ids if routes and pid in routes]
        if routed:
            with self.requests():
                found = self.client.mget(index=self.name, body={"docs": [{"_id": pid, "routing": routes[pid]}
                                                                         for pid in routed]}, realtime=False,
                                         preference=PREFERENCE)
            out = {doc["_id"]: doc["_source"] for doc in found["docs"] if doc.get("found")}
        rest = [pid for pid in ids if pid not in out]
        if rest:
            found = self.run({"query": {"terms": {"id": rest}}, "size": len(rest)})
            out.update((hit["_source"]["id"], hit["_source"]) for hit in found["hits"]["hits"])
        return out

    def with_links(self, stored: list[dict]) -> list[dict]:
        """Return ``stored`` with the links of paragraphs that store none filled in from the paragraphs whose
        ``aligned_to`` names them (as :func:`indexer.align.counterparts.with_links` does; one request)."""
        unlinked = [fields for fields in stored if not fields.get("aligned")]
        if not unlinked:
            return stored
        naming = iter(self.linked(unlinked))
        out = []
        for fields in stored:
            if not fields.get("aligned"):
                others, confidence = next(naming)
                if others:
                    fields = {**fields, "aligned": [other["id"] for other in others], "align_conf": confidence}
            out.append(fields)
        return out

    def linked(self, stored: list[dict]) -> list[tuple[list[dict], float | None]]:
        """Return, for each of some paragraphs' stored fields, its counterparts' stored fields and the link's
        confidence: those its stored ids name, else those whose ids name it."""
        return self.linked_with(stored)[0]

    def linked_with(self, stored: list[dict], also: list[tuple[dict, dict]] = (),
                    terms: tuple[str, ...] = ()) -> tuple[list, list[dict], dict[str, dict[str, str]]]:
        """Return :meth:`linked` of ``stored``, the answers to the searches ``also`` (``(header, body)`` of each, as
        :meth:`msearch_each` takes them), all asked in one request, and the token strings of the analyzed fields
        ``terms`` of the counterparts (by id, then field: as the index stores them, see
        :mod:`~indexer.engine.opensearch.mapping`).

        The counterparts are read by one search: the paragraphs with the ids
        the stored fields name, and those whose ``aligned_to`` names a
        paragraph that stores none (in the order of their documents and
        positions, as :meth:`with_links` reads them)."""
        wanted = sorted({pid for fields in stored for pid in fields.get("aligned") or ()})
        unlinked = {fields["id"] for fields in stored if not fields.get("aligned")}
        clauses = ([{"terms": {"id": wanted}}] if wanted else []) + (
            [{"terms": {"aligned_to": sorted(unlinked)}}] if unlinked else [])
        read = {"stored_fields": list(terms), "_source": True} if terms else {}
        searches = [({}, {"query": {"bool": {"filter": [{"bool": {"should": clauses, "minimum_should_match": 1}}]}},
                          "size": len(wanted) + MAX_LINKED, "sort": ["doc_id", "position"],
                          "track_total_hits": False, **read})] if clauses else []
        answers = self.msearch_each([body for _, body in [*searches, *also]],
                                    [header for header, _ in [*searches, *also]])
        records: dict[str, dict] = {}
        tokens: dict[str, dict[str, str]] = {}
        naming: dict[str, list[dict]] = {}
        for hit in answers[0]["hits"]["hits"] if clauses else ():
            fields = hit["_source"]
            records[fields["id"]] = fields
            if hit.get("fields"):
                tokens[fields["id"]] = {name: values[0] for name, values in hit["fields"].items() if values}
            for pid in fields.get("aligned_to") or ():
                if pid in unlinked:
                    naming.setdefault(pid, []).append(fields)
        out = []
        for fields in stored:
            if fields.get("aligned"):
                out.append(([records[pid] for pid in fields["aligned"] if pid in records], fields.get("align_conf")))
            elif others := naming.get(fields["id"]):
                out.append((others, max(other.get("align_conf") or 0.0 for other in others)))
            else:
                out.append(([], fields.get("align_conf")))
        return out, answers[len(searches):], tokens

    def stats(self) -> dict:
        """Return the figures of the index (as :func:`indexer.storage.stats.index_stats`): paragraphs per
        language, documents per language (counted by their first paragraph), the generation, when it was built."""
        found = self.run({"size": 0, "aggs": {
            "lang": {"terms": {"field": "lang", "size": 100}},
            "heads": {"filter": {"term": {"position": 0}},
                      "aggs": {"doc_lang": {"terms": {"field": "doc_lang", "size": 100}}}}}})
        by_lang = {b["key"]: b["doc_count"] for b in found["aggregations"]["lang"]["buckets"]}
        docs_by_lang = {b["key"]: b["doc_count"] for b in found["aggregations"]["heads"]["doc_lang"]["buckets"]}
        index, meta = self.index_meta()
        return {
            "documents": sum(docs_by_lang.values()),
            "paragraphs": sum(by_lang.values()),
            "by_lang": {"en": by_lang.get("en", 0), "ru": by_lang.get("ru", 0)},
            "by_lang_other": {k: v for k, v in sorted(by_lang.items()) if k not in ("en", "ru")},
            "documents_by_lang": docs_by_lang,
            "generation": generation_number(index),
            "built_at": meta.get("built_at"),
            "dictionary": None,
        }

    def heads(self, fields=("doc_id", "group", "symbol_key")) -> list[dict]:
        """Return these ``fields`` of every document's first paragraph."""
        with refusals(self.url), self._missing():
            return [hit["_source"] for hit in helpers.scan(self.client, index=self.name, size=1000, query={
                "query": {"term": {"position": 0}}, "_source": list(fields)})]

    def each(self, source: list[str], stored: list[str] = ()):
        """Yield ``(fields of _source, stored fields)`` of every paragraph (a scroll, in no order): the
        ``source`` fields, and the first value of each of the ``stored`` ones it has."""
        with refusals(self.url), self._missing():
            for hit in helpers.scan(self.client, index=self.name, size=1000, query={
                    "query": {"match_all": {}}, "_source": source, "stored_fields": list(stored)}):
                yield hit.get("_source") or {}, {name: values[0] for name, values in (hit.get("fields") or {}).items()}

    def index_meta(self) -> tuple[str, dict]:
        """Return the name of the index searched (the one the alias names) and what its build recorded."""
        with refusals(self.url), self._missing():
            (index, body), = self.client.indices.get_mapping(index=self.name).items()
        return index, body["mappings"].get("_meta") or {}

    def run(self, body: dict, **params) -> dict:
        """Return the answer of the cluster to a search of this index with ``body``."""
        with self.requests():
            return self.client.search(index=self.name, body=body, preference=PREFERENCE, **params)

    def msearch(self, bodies: list[dict], seconds: float | None = None) -> list[dict] | None:
        """Return the answers of the cluster to searches of this index with ``bodies``, in one request; None when
        it cannot answer them whole within ``seconds`` (None: no limit)."""
        if seconds is not None:
            bodies = [{**body, "timeout": timeout(seconds)} for body in bodies]
        found = self.msearch_each(bodies, None, None if seconds is None else seconds + GRACE)
        return None if found is None or any(answer.get("timed_out") for answer in found) else found

    def msearch_each(self, bodies: list[dict], headers: list[dict] | None = None,
                     waited: float | None = None) -> list[dict] | None:
        """Return the answers of the cluster to searches of this index with ``bodies`` (and ``headers``), in one
        request, each as it is (a search may have ``timed_out``); None when the client waited ``waited`` seconds
        for them (None: as long as it waits for any request, failing as any request does)."""
        if not bodies:
            return []
        lines = [line for header, body in zip(headers or [{}] * len(bodies), bodies)
                 for line in ({"preference": PREFERENCE, **header}, body)]
        with self.requests():
            try:
                found = self.client.msearch(index=self.name, body=lines,
                                            **({} if waited is None else {"request_timeout": waited}))["responses"]
            except ConnectionTimeout:
                if waited is None:  # no limit of ours: the cluster's failure, as any request's
                    raise
                return None
            for answer in found:  # a search refused: the same one-line error as a request refused
                if "error" in answer:
                    raise TransportError(answer.get("status", 500), answer["error"].get("type", "error"),
                                         answer["error"])
        return found

    @contextmanager
    def requests(self):
        """Make the block's requests fail as this searcher's do: in one line, and "no such index" saying how
        to build it."""
        with refusals(self.url), self._missing():
            yield

    @contextmanager
    def _missing(self):
        """Turn the cluster's "no such index" into :class:`IndexNotFound` saying how to build it."""
        try:
            yield
        except Exception as exc:  # no such index: the user's to fix; the other refusals: the cluster's
            if getattr(exc, "status_code", None) == 404:
                raise IndexNotFound(f"no index {self.name!r} on OpenSearch: build it with `python -m indexer "
                                    f"build SOURCES --opensearch URL --index {self.name}`") from None
            raise


def timeout(seconds: float) -> str:
    """Return the time a search is given on the cluster, ``seconds`` (a millisecond at least)."""
    return f"{max(1, int(seconds * 1000))}ms"
