"""English analysis conflates inflections, not derivations: the table of ``tests/english_pairs.py``, and pickling."""

from __future__ import annotations

import pickle

import pytest

from analyzers import english_analyzer
from analyzers.english import EnglishLemmaFilter, lemmas
from tests.english_pairs import DIFFER, MATCH

EN = english_analyzer()


def query_terms(word: str) -> set[str]:
    """The terms a query for ``word`` looks for (stop words kept: ``was`` is asked as a word here)."""
    return {t.text for t in EN(word, mode="query", removestops=False)}


def index_terms(word: str) -> set[str]:
    """The terms a text of ``word`` is indexed under."""
    return {t.text for t in EN(word, mode="index")}


def test_the_table_is_large_enough():
    assert len(MATCH) + len(DIFFER) >= 150
    assert len(set(MATCH)) == len(MATCH) and len(set(DIFFER)) == len(DIFFER)


@pytest.mark.parametrize("a, b", MATCH, ids=[f"{a}={b}" for a, b in MATCH])
def test_inflections_match(a, b):
    assert query_terms(a) & index_terms(b), (a, lemmas(a.lower()), b, lemmas(b.lower()))
    assert query_terms(b) & index_terms(a)


@pytest.mark.parametrize("a, b", DIFFER, ids=[f"{a}!={b}" for a, b in DIFFER])
def test_derivations_and_other_words_do_not(a, b):
    assert not query_terms(a) & index_terms(b), (a, lemmas(a.lower()), b, lemmas(b.lower()))
    assert not query_terms(b) & index_terms(a)


def test_the_filter_pickles_without_the_dictionary():
    lemmas("organs")  # the dictionary is loaded in this process
    data = pickle.dumps(EnglishLemmaFilter())
    assert len(data) < 100
    assert isinstance(pickle.loads(data), EnglishLemmaFilter)
    restored = pickle.loads(pickle.dumps(EN))
    assert [t.text for t in restored("Organs of women", mode="index")] == ["organ", "of", "woman"]
