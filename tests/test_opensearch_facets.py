"""The facets of a search on the cluster: the same values, labels and counts as Whoosh's for the same corpus.

Both engines index the parity sources (the seeds, the Charter, UDHR and SDG);
each query below must give, on the cluster, exactly the facets Whoosh counts
(:func:`indexer.search.overview.of_request`): languages, documents (named by
the version with the most hits), years and kinds, in the same order.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

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
    assert sum(value.count for value in found[0].values) == total > 0
    for facet in found:
        for value in facet.values:
            narrowed = replace(request, **FILTER_OF[facet.name](value.value))
            assert on_opensearch.search(parity_cluster, narrowed, lexicon)["total"] == value.count, (facet.name, value)


@pytest.mark.opensearch
def test_facets_of_more_documents_than_counted_are_left_out_saying_why(parity_cluster, monkeypatch):
    monkeypatch.setattr(cluster_facets, "MAX_VERSIONS", 2)
    with budget.within(30.0) as deadline:
        found = overview.bounded(cluster_facets.of_request, parity_cluster, SearchRequest(query="peace"))
    assert found is None
    assert deadline.messages == ["the counts by language, document, year and kind were left out: the hits are in "
                                 "more than 2 documents; narrow the search to see them"]


@pytest.mark.opensearch
def test_facets_past_the_deadline_are_left_out(parity_cluster):
    with budget.within(0.0) as deadline:
        found = overview.bounded(cluster_facets.of_request, parity_cluster, SearchRequest(query="peace"))
    assert found is None and deadline.messages == [overview.LEFT_OUT]
