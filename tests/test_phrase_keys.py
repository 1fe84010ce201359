"""Which positions follow which in a phrase, positions decoded with numpy, and the sums of a union's scores."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import formats, query as Q

from indexer.engine import positions, postings
from indexer.engine.matches import EMPTY, Matches, summed, union
from indexer.engine.position_values import positions_of, values_decoded
from indexer.engine.positions import SPAN, ascending, documents, following, position_keys
from indexer.storage.generations import searching

PAIRS = [("state", "of"), ("of", "migrant"), ("of", "the"), ("the", "of"), ("migrant", "state")]


def _isin_following(keys: np.ndarray, ends: np.ndarray, slop: int) -> np.ndarray:
    follows = np.zeros(len(keys), dtype=bool)
    for distance in range(1, slop + 1):
        follows |= np.isin(keys - distance, ends)
    return keys[follows]


@pytest.mark.parametrize("first, second", PAIRS)
def test_positions_following_are_those_isin_finds(seed_index, first, second):
    with searching(seed_index) as searcher:
        docs = np.asarray(sorted(set(searcher.docs_for_query(Q.Term("text_en", first)))
                                 & set(searcher.docs_for_query(Q.Term("text_en", second)))), dtype=np.int64)
        ends = ascending([position_keys(searcher, "text_en", first, docs)])
        keys = ascending([position_keys(searcher, "text_en", second, docs)])
    assert len(docs) and (np.diff(keys) > 0).all() and (np.diff(ends) > 0).all()  # a term's keys ascend as read
    for slop in (1, 2, 5):
        expected = _isin_following(keys, ends, slop)
        assert following(keys, ends, slop).tolist() == expected.tolist()
        assert documents(expected).tolist() == np.unique(expected // SPAN).tolist()


def test_several_terms_keys_are_merged_ascending():
    one, two = np.array([3, 9, SPAN + 1], dtype=np.int64), np.array([2, 9, 2 * SPAN], dtype=np.int64)
    assert ascending([one]) is one
    assert ascending([one, two]).tolist() == [2, 3, 9, 9, SPAN + 1, 2 * SPAN]
    assert following(np.array([4, 10, 11], dtype=np.int64), np.array([3, 9, 9], dtype=np.int64), 1).tolist() == [4, 10]
    assert following(np.array([4, 10, 11], dtype=np.int64), np.array([3, 9, 9], dtype=np.int64), 2).tolist() == [
        4, 10, 11]


def test_nothing_follows_no_end_and_no_keys_have_no_documents():
    keys = np.array([1, 2, 3], dtype=np.int64)
    assert following(keys, positions._EMPTY, 3).tolist() == []
    assert following(positions._EMPTY, keys, 3).tolist() == []
    assert documents(positions._EMPTY).tolist() == []
    assert documents(np.array([SPAN + 4], dtype=np.int64)).tolist() == [1]


def _add_at(ids: np.ndarray, scores: np.ndarray) -> tuple[list, list]:
    unique, inverse = np.unique(ids, return_inverse=True)
    total = np.zeros(len(unique), dtype=np.float64)
    np.add.at(total, inverse, scores)
    return unique.tolist(), total.tolist()


@pytest.mark.parametrize("spread", [1, 3, 50, 100, 10_000])  # documents close together (counted), far apart (sorted)
def test_scores_summed_as_add_at_sums_them(spread):
    rng = np.random.default_rng(7)
    ids = rng.integers(100, 100 + spread * 40, 400).astype(np.int64)
    scores = rng.random(400) * 10.0 ** rng.integers(-3, 3, 400)  # sums that depend on the order of adding
    found = summed(ids, scores)
    assert (found.ids.tolist(), found.scores.tolist()) == _add_at(ids, scores)


def test_a_union_adds_the_scores_of_its_parts_in_their_order():
    parts = [Matches(np.array([0, 5, 7], dtype=np.int64), np.array([0.1, 0.7, 1e16])),
             Matches(np.array([5, 7], dtype=np.int64), np.array([0.2, 1.0])),
             Matches(np.array([5, 7, 9], dtype=np.int64), np.array([0.3, 1.0, 0.0]))]
    found = union(parts)
    assert found.ids.tolist() == [0, 5, 7, 9]
    assert found.scores.tolist() == [0.1, (0.7 + 0.2) + 0.3, (1e16 + 1.0) + 1.0, 0.0]
    assert summed(np.zeros(0, dtype=np.int64), np.zeros(0)) is EMPTY


@pytest.mark.parametrize("word", ["state", "migrant", "of", "the", "convention", "article"])
def test_positions_decoded_with_numpy_are_those_unpickled(seed_index, word):
    with searching(seed_index) as searcher:
        leaf = next(iter(searcher.reader().leaf_readers()))[0]
        field_format = leaf.schema["text_en"].format
        ends, values = postings.encoded_positions(leaf, "text_en", word.encode())
    begins = np.concatenate(([0], ends[:-1]))
    expected = values_decoded(field_format, values, begins.tolist(), ends.tolist())
    counts, found = positions_of(field_format, values, begins, ends)
    assert counts.tolist() == [len(p) for p in expected]
    assert found.tolist() == [p for one in expected for p in one]
    rows = np.arange(1, len(ends), 3)  # some values, not from the first
    counts, found = positions_of(field_format, values, ends[rows - 1], ends[rows])
    assert found.tolist() == [p for k in rows.tolist() for p in expected[k]]


def test_values_numpy_cannot_decode_are_unpickled_among_the_others():
    field_format = formats.Positions()
    near, far, none = field_format.encode([3, 9, 40]), field_format.encode([3, 300]), field_format.encode([])
    values = near + far + near[:-1] + none + near
    at = np.cumsum([0, len(near), len(far), len(near) - 1, len(none), len(near)])
    counts, found = positions_of(field_format, values, at[[0, 4]], at[[1, 5]])
    assert (counts.tolist(), found.tolist()) == ([3, 3], [3, 9, 40, 3, 9, 40])
    # a gap of 256 or more, a value without the pickle's last byte, one of no positions: unpickled
    counts, found = positions_of(field_format, values, at[:-1], at[1:])
    assert (counts.tolist(), found.tolist()) == ([3, 2, 3, 0, 3], [3, 9, 40, 3, 300, 3, 9, 40, 3, 9, 40])
    assert values_decoded(field_format, values, at[:-1].tolist(), at[1:].tolist()) == [
        (3, 9, 40), (3, 300), (3, 9, 40), (), (3, 9, 40)]
    counts, found = positions_of(field_format, values, at[[2, 1]], at[[3, 2]])
    assert (counts.tolist(), found.tolist()) == ([3, 2], [3, 9, 40, 3, 300])
    assert positions_of(formats.Frequency(), near, np.array([0]), np.array([len(near)])) is None
    assert positions_of(field_format, near, np.array([0]), np.array([len(near) + 1])) is None
    assert [a.tolist() for a in positions_of(field_format, near, np.array([], dtype=np.int64), np.array([]))] == [[], []]
