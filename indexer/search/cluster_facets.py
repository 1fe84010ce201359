"""The facets of a search on an OpenSearch cluster: its hits counted by language, document, year and kind.

One request of aggregations over the query and filters the search runs
(across languages, the same translated query, :func:`indexer.search.cluster_across.plan`):
terms of ``lang`` and ``kind``, and of ``doc_id`` with each version's first
paragraph written (its group, title, symbol, year and date, as Whoosh reads them
for :func:`indexer.search.facets.columns`).  The counts are put together as on
Whoosh (:func:`indexer.search.facets.tally`), so a value's count is what the
search finds with that value as a filter, and the facets read alike on both
engines.  The cluster is given what is left of the request's time budget; facets
it cannot count whole in that time, or whose hits lie in more than
:data:`MAX_VERSIONS` document versions, are left out
(:func:`indexer.search.overview.bounded`).
"""

from __future__ import annotations

from dataclasses import replace

from indexer.engine.opensearch.searching import SCHEMA, Searcher
from indexer.engine.opensearch.translate import to_dsl
from indexer.search import budget, cluster_across
from indexer.search.facets import Facet, tally, version_of
from indexer.search.overview import LeftOut
from indexer.search.request import SearchRequest, build_query

MAX_VERSIONS = 10_000  # document versions counted at most (each a bucket: the cluster allows 65,535 in all)
MAX_VALUES = 1_000  # languages and kinds counted at most
FIRST = ("doc_id", "group", "doc_lang", "lang", "title", "symbol", "year", "date")  # what names a version



def aggregations(versions: int) -> dict:
    """Return the aggregations that count the hits by language, kind and document version (at most ``versions``
    of them, each with its first paragraph written)."""
    return {
        "lang": {"terms": {"field": "lang", "size": MAX_VALUES}},
        "kind": {"terms": {"field": "kind", "size": MAX_VALUES}},
        "doc": {"terms": {"field": "doc_id", "size": versions}, "aggs": {
            "first": {"top_hits": {"size": 1, "sort": [{"seq": "asc"}], "_source": list(FIRST)}}}},
    }


def query_of(request: SearchRequest, lexicon=None) -> dict:
    """Return the query of the DSL that finds what the search of ``request`` finds (across languages with the
    generation's ``lexicon``, as :func:`indexer.search.on_opensearch.search` runs it)."""
    if request.translate and request.query.strip() and lexicon is not None:
        return cluster_across.plan(request, lexicon, SCHEMA)[0]
    return to_dsl(build_query(request, SCHEMA), SCHEMA)


def of_request(searcher: Searcher, request: SearchRequest, crosslang=None) -> tuple[Facet, ...]:
    """Return the facets of everything ``request`` finds on the cluster (``crosslang``: the generation's
    lexicon), as :func:`indexer.search.overview.of_request` counts them on Whoosh.

    :class:`~indexer.search.budget.BudgetExceeded` is raised past the request's deadline, or when the
    cluster cannot count them whole within it, and :class:`~indexer.search.overview.LeftOut` when the hits
    lie in more document versions than are counted (:func:`indexer.search.overview.bounded` leaves them out).
    """
    request = replace(request.validated(), offset=0)
    budget.check("counting the facets")
    deadline = budget.current()
    found = searcher.aggregate(query_of(request, crosslang), aggregations(MAX_VERSIONS), deadline.remaining())
    if found is None:
        raise budget.BudgetExceeded(deadline.seconds, "counting the facets")
    if found["doc"]["sum_other_doc_count"]:
        raise LeftOut(f"the counts by language, document, year and kind were left out: the hits are in more than "
                      f"{MAX_VERSIONS:,} documents; narrow the search to see them")
    versions = sorted(((version_of(b["key"], b["first"]["hits"]["hits"][0]["_source"]), b["doc_count"])
                       for b in found["doc"]["buckets"]), key=lambda pair: pair[0].doc_id)
    return tally(_counts(found["lang"]), versions, _counts(found["kind"]))


def _counts(aggregation: dict) -> dict[str, int]:
    """Return the counts of a terms aggregation's buckets, by value."""
    return {b["key"]: b["doc_count"] for b in aggregation["buckets"]}
