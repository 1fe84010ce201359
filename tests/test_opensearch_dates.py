"""Sorting by date on the cluster: the same hits in the same order as on Whoosh, newest document first.

The parity sources (the seeds, the Charter, the UDHR, the SDG texts; documents
of several dates and undated ones) are built into both engines
(:func:`tests.conftest.parity_whoosh`, :func:`tests.conftest.parity_cluster`);
a request with ``sort=date`` lists its matches newest document first, each
document in reading order, the undated last, on both alike, page by page,
across languages too.
"""

from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.search import on_opensearch
from indexer.search.request import SearchRequest, search

# (query, filters of the request)
QUERIES = [
    ("migrants", {}),
    ("Convention", {}),
    ("Конвенции", {}),
    ("crime", {"year_from": 2011}),
    ("crime", {"kind": "heading"}),
    ('"Conference of the Parties"', {}),
    ("smuggl*", {}),
    ("kind:footnote", {}),
    ("human rights", {"lang": "en"}),
    ("права человека", {}),
]
PAGES = [(0, 10), (10, 10), (95, 20)]


def shown(result: dict) -> list[tuple]:
    """What a page shows, in its order: each hit, its counterparts."""
    return [(hit["doc_id"], hit["position"], hit["date"], [(a["doc_id"], a["position"]) for a in hit["aligned"]],
             hit["also_in"], hit["also_documents"]) for hit in result["hits"]]


@pytest.mark.opensearch
@pytest.mark.parametrize("query, filters", QUERIES)
def test_the_same_hits_in_the_same_order_as_on_whoosh(parity_whoosh, parity_cluster, query, filters):
    for offset, limit in PAGES:
        request = SearchRequest(query=query, sort="date", offset=offset, limit=limit, **filters)
        whoosh, cluster = search(parity_whoosh, request), on_opensearch.search(parity_cluster, request)
        assert cluster["total"] == whoosh["total"] > 0, (query, offset)
        assert shown(cluster) == shown(whoosh), (query, offset)


@pytest.mark.opensearch
def test_newest_first_and_each_document_in_reading_order(parity_cluster):
    hits, total = [], None
    while total is None or len(hits) < total:
        found = on_opensearch.search(parity_cluster, SearchRequest(query="peace OR migrants", sort="date",
                                                                   offset=len(hits), limit=100))
        hits, total = hits + found["hits"], found["total"]
    dated = [hit for hit in hits if hit["date"]]
    assert len({hit["date"] for hit in dated}) >= 3
    assert [hit["date"] for hit in dated] == sorted((hit["date"] for hit in dated), reverse=True)
    assert hits[len(dated):] == [hit for hit in hits if not hit["date"]]  # the undated last
    keys = [(hit["date"] or "", hit["doc_id"], hit["position"]) for hit in hits]
    runs = [key[:2] for key in keys]
    assert all(a < b for a, b, same in zip(keys, keys[1:], map(lambda x, y: x == y, runs, runs[1:])) if same)


@pytest.mark.opensearch
@pytest.mark.parametrize("query, lang", [("дискриминация", "en"), ("education", "any")])
def test_across_languages_by_date(parity_whoosh_across, parity_cluster, query, lang):
    request = SearchRequest(query=query, lang=lang, translate=True, sort="date", limit=30)
    expected = search(parity_whoosh_across[0], request, crosslang=parity_whoosh_across[1])
    found = on_opensearch.search_cluster(parity_cluster.url, parity_cluster.name, request)
    assert found["translations"] == expected["translations"]
    assert (found["total"], shown(found)) == (expected["total"], shown(expected))


@pytest.mark.opensearch
def test_a_generation_without_dates_says_to_build_it_again(parity_cluster):
    class Undated:
        """The cluster's answer as a generation written before dates were keywords gives it: no sort value."""

        name, run = "old", None

    def run(body, **params):
        found = parity_cluster.run(body, **params)
        for hit in found["hits"]["hits"]:
            hit["sort"][0] = None
        return found

    old = Undated()
    old.run = run
    with pytest.raises(QueryError, match="built before it could be sorted by date: build it again"):
        type(parity_cluster).by_date(old, {"match_all": {}}, 0, 10)
