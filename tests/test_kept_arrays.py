"""Posting lists kept narrow: each array in the narrowest type holding its values exactly, given back as read."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

from indexer.engine import postings
from indexer.engine.kept_arrays import narrowed
from indexer.storage.generations import searching

pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place


@contextmanager
def the_segment(index_dir, field: str, word: str):
    """Yield the one segment reader of ``index_dir`` and ``word`` as ``field``'s bytes, the cache emptied first."""
    postings.POSTINGS.clear()
    with searching(index_dir) as searcher:
        (reader, _), = searcher.reader().leaf_readers()
        yield reader, searcher.schema[field].to_bytes(word)


@pytest.mark.parametrize("values, kind", [
    ([0, 7, 255], np.uint8), ([-3, 100], np.int8), ([0, 65_535], np.uint16), ([-40_000, 1], np.int32),
    ([2 ** 31], np.uint32), ([2 ** 40, 1], np.int64), ([-(2 ** 31) - 1], np.int64),
    ([1.0, 3.0, 255.0], np.uint8), ([1.0, 300.0], np.uint16), ([-1.0, 2.0], np.int8), ([0.5, 1.0, 2.25], np.float32),
    ([0.1], np.float64), ([np.nan, 1.0], np.float64), ([np.inf], np.float32), ([2.0 ** 40], np.float32),
])
def test_values_are_kept_in_the_narrowest_type_that_holds_them_exactly(values, kind):
    wide = np.array(values, dtype=np.float64 if isinstance(values[0], float) else np.int64)
    kept = narrowed(wide)
    assert kept.dtype == kind
    assert np.array_equal(kept.astype(wide.dtype), wide, equal_nan=True)


@pytest.mark.parametrize("values, kind", [([0, 7, 255], np.uint8), ([3, 70_000], np.uint32), ([-5, 9], np.int8),
                                         ([2 ** 40], np.int64)])
def test_ascending_integers_are_narrowed_by_their_first_and_last(values, kind):
    wide = np.array(values, dtype=np.int64)
    kept = narrowed(wide, ascending=True)
    assert kept.dtype == kind and kept.astype(np.int64).tolist() == values
    assert narrowed(np.array([5.0, 1.0]), ascending=True).dtype == np.uint8  # floats: their least and greatest


def test_what_is_already_narrow_or_empty_is_kept_as_it_is():
    for values in (np.zeros(0, dtype=np.int64), np.array([1, 2], dtype=np.uint8), np.array([b"ab"])):
        assert narrowed(values) is values


@pytest.mark.parametrize("field, word", [("text_en", "state"), ("text_ru", "государство"), ("text_en", "the"),
                                         ("lang", "en")])
def test_a_kept_posting_list_is_narrow_and_given_back_as_read(pool_pair_index, field, word):
    with the_segment(pool_pair_index, field, word) as (reader, btext):
        read = postings._read_postings(reader, field, btext)
        given = postings.postings(reader, field, btext)
        again = postings.postings(reader, field, btext)  # from the cache
        key = (reader.segment().segment_id(), reader.doc_count_all(), field, btext, "postings")
        ids, weights = postings.POSTINGS.get(key)
        assert (ids.dtype, weights.dtype) == (np.uint16, np.uint8)  # a few hundred paragraphs, counts < 256
        assert [a.dtype for a in (*given, *again)] == [np.int64, np.float64] * 2
        assert [a.tolist() for a in again] == [a.tolist() for a in given] == [a.tolist() for a in read]
        if field != "lang":
            ends, values = postings.POSTINGS.get(key[:-1] + ("encoded",))
            assert ends.dtype in (np.uint8, np.uint16) and isinstance(values, bytes)
            assert postings.encoded_positions(reader, field, btext)[0].dtype == np.int64
        assert postings.POSTINGS.weight == sum(map(postings._nbytes, postings.POSTINGS._items.values()))


def test_a_short_posting_list_is_kept_as_read(pool_pair_index):
    """A list under NARROW_FROM postings (a word of one paragraph) is kept, and given back, as it was read."""
    with the_segment(pool_pair_index, "text_en", "torture") as (reader, btext):
        first = postings.postings(reader, "text_en", btext)
        again = postings.postings(reader, "text_en", btext)
        assert len(first[0]) == 1 < postings.NARROW_FROM
        assert [a.dtype for a in first] == [np.int64, np.float64] and all(a is b for a, b in zip(first, again))


def test_kept_positions_are_given_back_as_int64(pool_pair_index):
    with the_segment(pool_pair_index, "text_en", "nation") as (reader, btext):
        first = postings.positions(reader, "text_en", btext)
        kept = postings.POSTINGS.get((reader.segment().segment_id(), reader.doc_count_all(), "text_en", btext,
                                      "positions"))
        assert all(a.itemsize <= 2 for a in kept)
        again = postings.positions(reader, "text_en", btext)
        assert [a.dtype for a in again] == [np.int64] * 3
        assert [a.tolist() for a in again] == [a.tolist() for a in first] and len(first[2]) > len(first[0]) == 98
