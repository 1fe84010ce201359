"""The relevance table (``tests/relevance_table.py``): each query's first hits, as ``bench/relevance.py`` judges them."""

from __future__ import annotations

import math

import pytest

from bench.relevance import DEEP, judge, parse_ref, summary, table_cases
from indexer.search.request import SearchRequest, search
from indexer.storage import crosslang
from indexer.storage.generations import open_index, searching
from tests import relevance_table as table

# Queries whose expectation depends on the English analysis, phrases with stop words, numbers, compounds,
# letters with diacritics and symbols as text (not on the order of the hits): they fail until that analysis
# is in, and then must pass (strict), when this list goes.
@pytest.fixture(scope="module")
def judgements(relevance_index):
    data = crosslang.for_index(open_index(relevance_index))
    with searching(relevance_index) as searcher:
        return {(case[0], case[1], across): judge(case, search(
            searcher, SearchRequest(query=case[0], lang=case[1], limit=DEEP, translate=across),
            crosslang=data if across else None)["hits"], table.DOCS, across) for case, across in table_cases(table)}


# Known misses, each a long paragraph that BM25's length normalization puts below shorter ones that the
# ordering keys cannot tell apart: kept here so that the day one is fixed the table says so (strict).
# A weaker length normalization alone does not fix them without breaking other cases of the table: they pass
# from b <= 0.4 (k1 >= 0.9), while "Security Council" needs b >= 0.65 and "General Assembly" b >= 0.75
# (a 10-word article above 54- to 75-word ones that say the name three times: the same lengths and counts,
# reversed, as S003 ¶37 against "The Working Group of Government Experts on Technical Assistance:").
KNOWN_MISSES = {
    ("technical assistance", "any"): "S003 ¶37 (the word twice in 90 words) is 14th, after shorter mentions",
    ('"technical assistance"', "any"): "S003 ¶37 is 14th, as without the quotes",
    ("international peace and security", "any"): "Charter Art. 1(1) is 11th, after shorter articles that say it",
}


def _case(case, across):
    key = (case[0], case[1])
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[key])] if key in KNOWN_MISSES and not across else []
    return pytest.param((*key, across), marks=marks, id=f"{case[0]} [{case[1]}{', across' if across else ''}]")


@pytest.mark.parametrize("key", [_case(case, across) for case, across in table_cases(table)])
def test_a_query_gives_what_the_table_expects(judgements, key):
    found = judgements[key]
    assert (found.missing, found.unwanted) == ((), ())


def test_the_table_has_enough_queries_in_both_languages():
    keys = [(case[0], case[1]) for case in table.CASES]
    assert len(keys) == len(set(keys)) >= 80
    russian = [q for q, _ in keys if any("а" <= ch <= "я" for ch in q.lower())]
    assert len(russian) >= 25 and len(keys) - len(russian) >= 40


def test_every_paragraph_the_table_names_is_in_the_index(relevance_index):
    """A paragraph named wrongly would make its case pass for nothing: each must name one paragraph at least."""
    with searching(relevance_index) as searcher:
        stored = list(searcher.all_stored_fields())
    named = {written for case, _ in table_cases(table) for written in (*case[2], *case[3])}
    missing = [w for w in sorted(named) if not any(parse_ref(w, table.DOCS).matches(f, f["text"]) for f in stored)]
    assert missing == []


@pytest.mark.parametrize("written, problem", [("S009 #3", "S009"), ("UD_EN #", "UD_EN #"), ("", "")])
def test_a_paragraph_the_table_cannot_name_is_refused(written, problem):
    with pytest.raises(ValueError, match="not a paragraph of the table"):
        parse_ref(written, table.DOCS)


def test_the_figures_count_what_is_found_and_where():
    hits = [{"doc_id": "d", "number": str(n), "kind": "paragraph", "text": f"text {n}", "also_in": []}
            for n in range(10)]
    docs = {"D": "d"}
    found = judge(("q", "any", ["D #2", "D #7"], ["D #9"]), hits, docs)
    assert (found.found, found.missing, found.unwanted) == (("D #2",), ("D #7",), ("D #9",))
    assert found.precision() == 0.5
    assert found.ndcg() == pytest.approx((1 / math.log2(4) + 1 / math.log2(9)) / (1 + 1 / math.log2(3)))
    perfect = judge(("q", "any", ["D #0"], []), hits, docs)
    assert perfect.passed and perfect.ndcg() == 1.0
    assert summary([found, perfect]) == {"queries": 2, "precision@5": 0.75, "ndcg@10": pytest.approx(
        (found.ndcg() + 1) / 2), "passed": 1, "unwanted": 1}
