"""Queries evaluated last are looked up, by index contents: the same matches and scores as evaluated anew."""

from __future__ import annotations

import pytest
from whoosh import query as Q

from indexer.engine import fastsearch
from indexer.search.across import DocScores
from indexer.search.request import SearchRequest, build_query
from indexer.storage.generations import searching

pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place


QUERIES = [("smuggling migrants", "any"), ("migrants OR refugees", "any"), ("smuggling NOT firearms", "any"),
           ("права человека", "ru"), ("Convention lang:en", "any"), ("(peace OR security) Council", "any")]


def as_arrays(found) -> tuple[list, list]:
    return found.ids.tolist(), found.scores.tolist()


def anew(searcher, q) -> tuple[list, list]:
    """Evaluate ``q`` with nothing kept."""
    fastsearch.EVALUATED.clear()
    return as_arrays(fastsearch.evaluate(searcher, q))


@pytest.mark.parametrize("index_name", ["seed_index", "pool_pair_index"])
@pytest.mark.parametrize("text, lang", QUERIES)
def test_a_query_and_the_queries_it_is_part_of_score_as_evaluated_anew(request, index_name, text, lang):
    with searching(request.getfixturevalue(index_name)) as searcher:
        q = build_query(SearchRequest(query=text, lang=lang), searcher.schema)
        parts = [Q.Or([q, DocScores({0: 1.5, 3: 0.25})]), Q.And([q, Q.Term("lang", "en")]), Q.AndNot(q, Q.Term("kind", "heading"))]
        expected = [anew(searcher, p) for p in (q, *parts)]
        fastsearch.EVALUATED.clear()
        first = as_arrays(fastsearch.evaluate(searcher, q))
        assert [first, *(as_arrays(fastsearch.evaluate(searcher, p)) for p in parts)] == expected
        assert as_arrays(fastsearch.evaluate(searcher, q)) == expected[0] and len(fastsearch.EVALUATED) >= 4


def test_each_index_gets_its_own_matches(seed_index, pool_pair_index):
    found = {}
    for index_dir in (seed_index, pool_pair_index, seed_index):
        with searching(index_dir) as searcher:
            q = build_query(SearchRequest(query="United Nations OR migrants"), searcher.schema)
            found.setdefault(index_dir, []).append((as_arrays(fastsearch.evaluate(searcher, q)), anew(searcher, q)))
    assert all(kept == evaluated for runs in found.values() for kept, evaluated in runs)
    assert found[seed_index][0][0] != found[pool_pair_index][0][0]


def test_an_or_with_options_is_never_taken_for_one_without(seed_index):
    with searching(seed_index) as searcher:
        terms = [Q.Term("text_en", "migrant"), Q.Term("text_en", "smuggle")]
        assert fastsearch.evaluate(searcher, Q.And([Q.Or(terms), Q.Term("lang", "en")])) is not None
        assert fastsearch.evaluate(searcher, Q.And([Q.Or(terms, minmatch=2), Q.Term("lang", "en")])) is None
        assert fastsearch.evaluate(searcher, Q.Or(terms, scale=0.9)) is None
