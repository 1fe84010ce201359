"""The facets of a search on the cluster: the same values, labels and counts as Whoosh's for the same corpus.

Both engines index the parity sources (the seeds, the Charter, UDHR and SDG);
each query below must give, on the cluster, exactly the facets Whoosh counts
(:func:`indexer.search.overview.of_request`): languages, documents (named by
the version with the most hits), years and kinds, in the same order, however
few document versions are read a request (the versions are paged to the last,
within the request's deadline).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer.deadline import CURRENT
from indexer.search import budget, cluster_across, cluster_facets, on_opensearch, overview
from indexer.search.request import SearchRequest

# (query, filters): words, phrases, prefixes, fuzzy terms, filters alone and with words, in both languages.
QUERIES = [
    ("migrants", {}),
    ("мигрантов", {}),
    ("Conference", {}),
    ("peace", {}),
    ("права человека", {}),
    ('"human rights"', {}),
    ("migra*", {}),
    ("smugling~", {}),
    ("crime", {"kind": "heading"}),
    ("crime", {"year_from": 2011}),
    ("Конвенции", {"lang": "ru"}),
    ("convention", {"symbol": "CTOC/COP/2012/15"}),
    ("", {"kind": "footnote"}),
    ("smuggling -migrants", {}),
]


@pytest.mark.opensearch
@pytest.mark.parametrize("query, filters", QUERIES)
def test_the_cluster_counts_the_facets_whoosh_counts(parity_whoosh, parity_cluster, query, filters):
    request = SearchRequest(query=query, **filters)
    on_whoosh = overview.of_request(parity_whoosh, request)
    on_cluster = cluster_facets.of_request(parity_cluster, request)
    assert [facet.name for facet in on_cluster] == ["lang", "doc", "year", "kind"]
    assert all(facet.values for facet in on_cluster if facet.name != "year")
    assert on_cluster == on_whoosh


FILTER_OF = {"lang": lambda v: {"lang": v}, "doc": lambda v: {"group": v}, "kind": lambda v: {"kind": v},
             "year": lambda v: {"year_from": int(v), "year_to": int(v)}}


@pytest.mark.opensearch
@pytest.mark.parametrize("query", ["migrants", "права человека"])
def test_across_languages_each_count_is_what_its_filter_finds(parity_cluster, tmp_path, query):
    lexicon = cluster_across.generation_lexicon(parity_cluster, tmp_path)
    assert lexicon is not None
    request = SearchRequest(query=query, translate=True)
    found = cluster_facets.of_request(parity_cluster, request, lexicon)
    total = on_opensearch.search(parity_cluster, request, lexicon)["total"]
    assert sum(value.count for value in found[1].values) == total > 0  # each hit in one document
    for facet in found:
        for value in facet.values:
            narrowed = replace(request, **FILTER_OF[facet.name](value.value))
            assert on_opensearch.search(parity_cluster, narrowed, lexicon)["total"] == value.count, (facet.name, value)


@pytest.mark.opensearch
@pytest.mark.parametrize("page", [1, 3])
@pytest.mark.parametrize("query, filters", [("peace", {}), ("crime", {"year_from": 2011}), ("", {"kind": "footnote"})])
def test_the_document_versions_are_read_page_by_page_to_the_last(parity_whoosh, parity_cluster, monkeypatch, page,
                                                                  query, filters):
    asked = []
    for name in ("aggregate", "msearch"):  # the first page comes with the other counts, the next alone
        asking = getattr(parity_cluster, name)
        monkeypatch.setattr(parity_cluster, name, lambda *args, asking=asking: asked.append(args) or asking(*args))
    monkeypatch.setattr(cluster_facets, "PAGE", page)
    request = SearchRequest(query=query, **filters)
    found = cluster_facets.of_request(parity_cluster, request)
    assert found == overview.of_request(parity_whoosh, request)
    versions = sum(1 for facet in found if facet.name == "doc" for value in facet.values for _ in [value])
    assert versions >= 2 and len(asked) >= -(-versions // page)  # a request per page, at least


class Clock:
    """A deadline's clock, moved on by the test."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.opensearch
def test_paging_stops_at_the_deadline_and_the_facets_are_left_out(parity_cluster, monkeypatch):
    clock = Clock()
    for name in ("aggregate", "msearch"):
        def slow(*args, asking=getattr(parity_cluster, name)):
            clock.now += 1.0
            return asking(*args)

        monkeypatch.setattr(parity_cluster, name, slow)
    monkeypatch.setattr(cluster_facets, "PAGE", 1)
    deadline = budget.Deadline(2.5, clock=clock)
    token = CURRENT.set(deadline)
    try:
        found = overview.bounded(cluster_facets.of_request, parity_cluster, SearchRequest(query="peace"))
    finally:
        CURRENT.reset(token)
    assert found is None and deadline.messages == [overview.LEFT_OUT] and deadline.partial
    assert clock.now == 3.0  # the third page was the last read: the deadline had passed


@pytest.mark.opensearch
@pytest.mark.parametrize("query", ["education", "права человека"])
def test_across_languages_with_any_language_the_same_facets_as_on_whoosh(parity_whoosh_across, parity_cluster,
                                                                          tmp_path, query):
    request = SearchRequest(query=query, translate=True)
    expected = overview.of_request(*parity_whoosh_across[:1], request, parity_whoosh_across[1])
    lexicon = cluster_across.generation_lexicon(parity_cluster, tmp_path)
    assert cluster_facets.of_request(parity_cluster, request, lexicon) == expected


@pytest.mark.opensearch
def test_facets_past_the_deadline_are_left_out(parity_cluster):
    with budget.within(0.0) as deadline:
        found = overview.bounded(cluster_facets.of_request, parity_cluster, SearchRequest(query="peace"))
    assert found is None and deadline.messages == [overview.LEFT_OUT]


@pytest.mark.opensearch
def test_a_search_of_several_that_the_cluster_refuses_is_the_one_line_error(parity_cluster):
    from indexer.errors import ClusterUnavailable

    good = {"size": 0, "query": {"match_all": {}}}
    assert [answer["hits"]["total"]["value"] > 0 for answer in parity_cluster.msearch([good, good])] == [True, True]
    refused = {"size": 0, "query": {"range": {"position": {"gte": "not a number"}}}}
    with pytest.raises(ClusterUnavailable, match=r"^OpenSearch at http://127\.0\.0\.1:\d+: the cluster refused "
                       r"the request \(HTTP 400: search_phase_execution_exception\)$"):
        parity_cluster.msearch([good, refused])
