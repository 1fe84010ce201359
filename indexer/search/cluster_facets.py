"""The facets of a search on an OpenSearch cluster: its hits counted by language, document, year and kind.

Aggregations over the query and filters the search runs (across languages, the
same translated query, :func:`indexer.search.cluster_across.plan`): terms of
``lang`` and ``kind``, and a ``composite`` aggregation of ``doc_id`` read
page by page (:data:`PAGE` document versions a request) to the last one, each
version with its first paragraph written (its group, title, symbol, year and
date, as Whoosh reads them for :func:`indexer.search.facets.columns`): read
once per generation where it is kept (:mod:`indexer.search.cluster_versions`),
else with the counts.  The
counts are put together as on Whoosh (:func:`indexer.search.facets.tally`), so
a value's count is what the search finds with that value as a filter (across
languages with any language, the languages are counted by searching with each
as the filter, as on Whoosh), and the facets read alike on both engines.  Each
request is given what is left of the request's time budget; facets that cannot
be counted whole in that time (a page not read by the deadline) are left out
(:func:`indexer.search.overview.bounded`).
"""

from __future__ import annotations

from dataclasses import replace

from indexer.engine.opensearch.searching import SCHEMA, Searcher, timeout
from indexer.engine.opensearch.translate import to_dsl
from indexer.search import budget, cluster_across, cluster_versions
from indexer.search.cluster_versions import FIRST
from indexer.search.facets import LANG_ORDER, Facet, tally, version_of
from indexer.search.request import SearchRequest, build_query

PAGE = 1_000  # document versions counted per request (each a bucket: the cluster allows 65,535 a request)
MAX_VALUES = 1_000  # languages and kinds counted at most
WHERE = "counting the facets"


def versions_page(after: dict | None = None, first: bool = True) -> dict:
    """Return the aggregation of a page of :data:`PAGE` document versions (those after ``after``, the key the
    page before ended at), each with its first paragraph written (``first``; else the versions are known,
    :mod:`indexer.search.cluster_versions`)."""
    composite = {"size": PAGE, "sources": [{"doc_id": {"terms": {"field": "doc_id"}}}]}
    if after is not None:
        composite["after"] = after
    if not first:
        return {"doc": {"composite": composite}}
    return {"doc": {"composite": composite, "aggs": {
        "first": {"top_hits": {"size": 1, "sort": [{"seq": "asc"}], "_source": list(FIRST)}}}}}


def aggregations(first: bool = True) -> dict:
    """Return the aggregations of the first request: the hits by language and kind, and the first page of
    document versions (:func:`versions_page`)."""
    return {"lang": {"terms": {"field": "lang", "size": MAX_VALUES}},
            "kind": {"terms": {"field": "kind", "size": MAX_VALUES}}, **versions_page(first=first)}


def query_of(searcher: Searcher, request: SearchRequest, lexicon=None) -> dict:
    """Return the query of the DSL that finds what the search of ``request`` finds (across languages with the
    generation's ``lexicon``, as :func:`indexer.search.on_opensearch.search` runs it)."""
    if request.translate and request.query.strip() and lexicon is not None:
        return cluster_across.plan(searcher, request, lexicon, SCHEMA).query
    return to_dsl(build_query(request, SCHEMA), SCHEMA)


def by_language(request: SearchRequest, crosslang=None) -> list[SearchRequest]:
    """Return the searches whose totals are the facet of languages (across languages with any language, the
    search with each language as the filter, as on Whoosh), or none (the languages are counted as values)."""
    if crosslang is not None and request.translate and request.query.strip() and request.lang == "any":
        return [replace(request, lang=lang) for lang in LANG_ORDER]
    return []


def searches(searcher: Searcher, request: SearchRequest, crosslang=None) -> tuple[dict, list[dict]]:
    """Return the query of what ``request`` finds (:func:`query_of`) and the searches of the first request of
    its facets (the aggregations, and the totals of :func:`by_language`)."""
    query = query_of(searcher, request, crosslang)
    languages = by_language(request, crosslang)
    first = cluster_versions.known(searcher, crosslang) is None
    return query, [{"size": 0, "query": query, "aggs": aggregations(first)}] + [
        {"size": 0, "query": planned.query, "track_total_hits": True}
        for planned in cluster_across.plans(searcher, languages, crosslang, SCHEMA)]


def ahead(searcher: Searcher, request: SearchRequest, crosslang=None) -> tuple[dict, list[tuple[dict, dict]]]:
    """Return the query and the searches (``(header, body)``) of the facets of ``request``, given what is left of
    the request's time budget, to be asked with the hits; their answers are kept by :func:`answered`."""
    query, bodies = searches(searcher, _whole(request), crosslang)
    seconds = budget.current().remaining()
    return query, [({}, {**body, "timeout": timeout(seconds)} if seconds is not None else body) for body in bodies]


def answered(searcher: Searcher, request: SearchRequest, query: dict, answers: list[dict]) -> None:
    """Keep the ``answers`` to the searches :func:`ahead` made for ``request``, for :func:`of_request`."""
    searcher.ahead[(WHERE, _whole(request))] = (query, answers)


def of_request(searcher: Searcher, request: SearchRequest, crosslang=None) -> tuple[Facet, ...]:
    """Return the facets of everything ``request`` finds on the cluster (``crosslang``: the generation's
    lexicon), as :func:`indexer.search.overview.of_request` counts them on Whoosh (from the answers asked with
    its hits, :func:`ahead`, when they were).

    :class:`~indexer.search.budget.BudgetExceeded` is raised past the request's deadline, or when the
    cluster cannot count them whole within it.
    """
    request = _whole(request)
    budget.check(WHERE)
    deadline = budget.current()
    kept = searcher.ahead.pop((WHERE, request), None)
    if kept is not None:
        query, answers = kept
        answers = None if any(answer.get("timed_out") for answer in answers) else answers
    else:
        query, bodies = searches(searcher, request, crosslang)
        budget.check(WHERE)
        answers = searcher.msearch(bodies, deadline.remaining())
    if answers is None:
        raise budget.BudgetExceeded(deadline.seconds, WHERE)
    found = answers[0]["aggregations"]
    langs = ({lang: answer["hits"]["total"]["value"] for lang, answer in zip(LANG_ORDER, answers[1:])}
             if len(answers) > 1 else _counts(found["lang"]))
    known = cluster_versions.known(searcher, crosslang)
    buckets = found["doc"]["buckets"]
    after = found["doc"].get("after_key") if len(buckets) >= PAGE else None
    while after is not None:
        budget.check(WHERE)
        page = _aggregate(searcher, query, versions_page(after, known is None))["doc"]
        buckets += page["buckets"]
        after = page.get("after_key") if len(page["buckets"]) >= PAGE else None
    if known is None:
        named = {b["key"]["doc_id"]: version_of(b["key"]["doc_id"], b["first"]["hits"]["hits"][0]["_source"])
                 for b in buckets}
    else:
        named = cluster_versions.versions(searcher, known, [b["key"]["doc_id"] for b in buckets])
    versions = sorted(((named[b["key"]["doc_id"]], b["doc_count"]) for b in buckets),
                      key=lambda pair: pair[0].doc_id)
    return tally(langs, versions, _counts(found["kind"]))


def _whole(request: SearchRequest) -> SearchRequest:
    """Return ``request`` from its first hit (the facets count all of them)."""
    return replace(request.validated(), offset=0)


def _aggregate(searcher: Searcher, query: dict, aggs: dict) -> dict:
    """Return the aggregations ``aggs`` of ``query``'s hits, counted within what is left of the time budget."""
    deadline = budget.current()
    found = searcher.aggregate(query, aggs, deadline.remaining())
    if found is None:
        raise budget.BudgetExceeded(deadline.seconds, WHERE)
    return found


def _counts(aggregation: dict) -> dict[str, int]:
    """Return the counts of a terms aggregation's buckets, by value."""
    return {b["key"]: b["doc_count"] for b in aggregation["buckets"]}
