"""Compact posting blocks: packed and read back as Whoosh's pickled blocks, by Whoosh's matchers and by numpy."""

from __future__ import annotations

import zlib
from array import array
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec import whoosh3

from indexer.engine import compact_blocks, engine, posting_blocks, postings, speedups
from tests.conftest import CORPUS
from tests.test_posting_pool import _merged, _write, _writes, _written, read_back, segment_files

pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place


def whooshs(ids, floats, values, fixed) -> tuple:
    """Return the tuple Whoosh's ``W3PostingsWriter._write_block`` pickles for a block (as Whoosh reads it back)."""
    gaps = (ids[0], *(b - a for a, b in zip(ids, ids[1:])))
    return gaps, posting_blocks._mini_weights(floats), posting_blocks._mini_values(values, 0, len(ids), fixed)


BLOCKS = [
    # ids, weights, values, fixed size of a value (None: variable, 0: no values)
    ([0], [1.0], None, 0),  # one posting, weight 1, no values: a gap and nothing else
    ([3, 4, 9], [2.0, 2.0, 2.0], None, 0),  # one weight for all
    ([7, 300, 70_000], [1.0, 2.5, 3.0], None, 0),  # gaps of 2 and 4 bytes, weights of their own
    ([5, 6], [1.0, 1.0], [b"\x00\x00\x00\x01", b"\x00\x00\x00\x02"], 4),  # a fixed size (Frequency)
    ([1, 2, 3], [1.0, 2.0, 1.0], [b"\x01a", b"", b"\x02bc"], None),  # an empty value is not kept, as by Whoosh
    ([2, 4], [1.0, 1.0], [b"", b""], None),  # no value kept
    ([10], [1.0], [b"v" * 300], None),  # a value of 300 bytes: sizes of 2 bytes
    (list(range(0, 256, 2)), [1.0] * 128, [b"\x01\x80\x02]q\x00K%da." % n for n in range(128)], None),  # zlib'd
]


@pytest.mark.parametrize("ids, weights, values, fixed", BLOCKS)
def test_a_compact_block_reads_back_as_whooshs_pickled_one(ids, weights, values, fixed):
    floats = array("f", weights)
    marker, data = compact_blocks.encode(ids, floats, values, fixed)
    assert marker == (compact_blocks.ZLIB if len(ids) == 128 else compact_blocks.RAW)
    assert compact_blocks.is_compact(marker) and not compact_blocks.is_compact(3) and not compact_blocks.is_compact(0)
    gaps, got_weights, got_values = compact_blocks.decode(data, marker, len(ids), fixed)
    expected = whooshs(ids, floats, values, fixed)
    assert gaps == expected[0]
    assert (list(got_weights) if isinstance(got_weights, array) else got_weights) == \
        (list(expected[1]) if isinstance(expected[1], tuple) else expected[1])
    assert got_values == expected[2]
    found_ids, found_weights, sizes, joined = compact_blocks.decode_arrays(data, marker, len(ids), fixed)
    assert found_ids.tolist() == ids and found_ids.dtype == np.int64
    assert (found_weights is None and weights == [1.0] * len(ids)) or found_weights.tolist() == list(floats)
    kept = [v for v in values or () if v]
    assert (sizes is None) == (fixed is not None and fixed >= 0)
    assert sizes is None or sizes.tolist() == [len(v) for v in kept]
    assert joined == (b"".join(kept) if fixed != 0 else b"")
    (alone,) = compact_blocks.decode_ids(data, marker, len(ids))  # the document numbers without the rest
    assert alone.tolist() == ids and alone.dtype == np.int64


def test_small_blocks_are_not_compressed_and_large_ones_are():
    value = b"\x01\x80\x02]q\x00K\x05a."  # one position, as Whoosh's Positions encodes it: 10 bytes
    small = compact_blocks.encode([1, 2], array("f", [1.0, 1.0]), [value] * 2, None)
    large = compact_blocks.encode(list(range(200)), array("f", [1.0] * 200), [value] * 200, None)
    head = 11  # first id, three codes, number of values kept
    assert small[0] == compact_blocks.RAW and len(small[1]) == head + 1 + 2 + 2 * 10
    assert large[0] == compact_blocks.ZLIB and len(zlib.decompress(large[1])) == head + 199 + 200 + 200 * 10
    assert len(large[1]) < 200


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 1 << 20), min_size=1, max_size=128),
       st.lists(st.sampled_from([1.0, 2.0, 0.5, 1.5]), min_size=128, max_size=128),
       st.lists(st.binary(max_size=40), min_size=128, max_size=128), st.integers(0, 1 << 30))
def test_any_block_reads_back_as_whooshs(gaps, weights, values, first):
    ids = np.cumsum([first, *gaps[1:]]).tolist()
    floats = array("f", weights[:len(ids)])
    marker, data = compact_blocks.encode(ids, floats, values[:len(ids)], None)
    got = compact_blocks.decode(data, marker, len(ids), None)
    expected = whooshs(ids, floats, values[:len(ids)], None)
    assert got[0] == expected[0] and got[2] == expected[2]
    assert (list(got[1]) if isinstance(got[1], array) else got[1]) == \
        (list(expected[1]) if isinstance(expected[1], tuple) else expected[1])


@pytest.fixture(scope="module")
def seeds():
    return _writes([CORPUS])


def _compact(value: bool):
    return mock.patch.object(posting_blocks, "COMPACT", value)


@pytest.mark.parametrize("procs", [1, 2])
def test_compact_segments_read_back_as_whooshs_own(seeds, tmp_path, procs):
    with _compact(False):
        theirs = _write(seeds, tmp_path / "whoosh", procs, ours=False)
    mine = _write(seeds, tmp_path / "compact", procs, ours=True)
    expected, got = segment_files(theirs), segment_files(mine)
    assert got.keys() == expected.keys()
    differ = {name for key, name in got if got[key, name] != expected[key, name]}
    assert differ == {".pst", ".trm"}  # the postings, and the terms' extents in them; the rest is Whoosh's
    assert sum(len(v) for (_, name), v in got.items() if name == ".pst") < \
        sum(len(v) for (_, name), v in expected.items() if name == ".pst")
    assert read_back(mine) == read_back(theirs)


def test_compact_blocks_are_what_the_build_writes(seeds, tmp_path):
    path = _write(seeds, tmp_path, 1, ours=True)
    ix = engine().open_index(path)
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        m = leaf.postings("text_en", "council")
        assert m._compression in (compact_blocks.RAW, compact_blocks.ZLIB)
    ix.close()


@pytest.mark.parametrize("size", [posting_blocks.COMPACT_BLOCK, 200])
def test_a_compact_block_holds_up_to_its_own_number_of_postings(seeds, tmp_path, size, monkeypatch):
    monkeypatch.setattr(posting_blocks, "COMPACT_BLOCK", size)
    path = _write(seeds, tmp_path, 1, ours=True)
    ix = engine().open_index(path)
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        counts = {}
        for btext in leaf.lexicon("text_en"):
            info = postings._term_info(leaf, "text_en", btext)
            if info.doc_frequency() > 128:  # Whoosh's own writer cuts a block every 128 postings
                offset, length = info.extent()
                raw = leaf._terms._postfile.get(offset, length[0] if isinstance(length, tuple) else length)
                counts[btext] = (info.doc_frequency(), [len(block[0]) for block in postings._blocks(raw, None)])
    ix.close()
    assert len(counts) > 40 and max(df for df, _ in counts.values()) > 800
    for df, blocks in counts.values():
        assert blocks == [min(size, df - k) for k in range(0, df, size)]
    assert counts[b"and"][1] == ([874] if size > 874 else [200, 200, 200, 200, 74])


def _every_posting_list(path) -> dict:
    """Return every term's postings and positions as :mod:`indexer.engine.postings` reads them, by field."""
    ix = engine().open_index(path)
    out = {}
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        for name in ("text_en", "text_ru", "exact", "id", "aligned_to"):
            for btext in leaf.lexicon(name):
                ids, weights = postings._read_postings(leaf, name, btext)
                out[name, btext] = (ids.tolist(), weights.tolist())
                if leaf.schema[name].format.supports("positions"):
                    found = postings._read_positions(leaf, name, btext)
                    out[name, btext, "positions"] = [a.tolist() for a in found]
    ix.close()
    return out


def test_postings_read_with_numpy_are_those_of_whooshs_blocks(seeds, tmp_path):
    with _compact(False):
        theirs = _every_posting_list(_write(seeds, tmp_path / "whoosh", 1, ours=True))
    postings.POSTINGS.clear()
    mine = _every_posting_list(_write(seeds, tmp_path / "compact", 1, ours=True))
    postings.POSTINGS.clear()
    assert len(mine) > 5_000
    assert mine == theirs


@pytest.mark.parametrize("records", [
    [{"id": "p1", "text_en": "the the the", "exact": "the the the", "position": 3}],  # stop words only
    [{"id": f"p{n}", "exact": "Article " + "1" * (n % 3 + 1), "position": n % 2} for n in range(300)],
    [{"id": "p1", "text_en": "Security " * 300, "exact": "Security " * 300}],  # a long field, its length a byte
    [{"id": "p1", "text_en": "Security Council", "_boost": 1.5, "_text_en_boost": 2.0, "_stored_text": "shown",
      "text": "kept"}, {"id": "p2", "text_en": "Security Council", "position": 1, "year": 2015}],
])
def test_small_compact_writes_read_back_as_whooshs(tmp_path, records):
    theirs = _written(tmp_path / "whoosh", records, False)
    mine = _written(tmp_path / "compact", records, True)
    assert read_back(mine) == read_back(theirs)


def test_merging_compact_segments_reads_back_as_whooshs(tmp_path):
    documents = _writes([CORPUS]).documents
    theirs, mine = _merged(tmp_path / "whoosh", documents, False), _merged(tmp_path / "compact", documents, True)
    assert read_back(mine) == read_back(theirs)


def test_whooshs_own_reading_cannot_read_a_compact_block(seeds, tmp_path):
    path = _write(seeds, tmp_path, 1, ours=True)
    ix = engine().open_index(path)
    with ix.reader() as reader, \
            mock.patch.object(whoosh3.W3LeafMatcher, "_read_data", speedups.ORIGINAL["W3LeafMatcher._read_data"]):
        m = next(iter(reader.leaf_readers()))[0].postings("text_en", "council")
        with pytest.raises(zlib.error):
            m.id()
    ix.close()


ONE_POSTING = [
    # docnum, weight, value bytes (None: a format without values), fixed size of a value, field length byte
    (0, 1.0, None, 0, 0),  # an id: weight 1, no values, no field length
    (70_000, 2.0, b"\x00\x00\x00\x02", 4, 17),  # a fixed-size value (Frequency), a weight of its own
    (5, 1.0, b"\x01\x80\x02]q\x00K\x05a.", None, 200),  # a position (Positions)
    (9, 1.0, b"", None, 3),  # an empty value, not kept
    (12, 0.1, b"v" * 600, None, 255),  # a float32 weight; a value of 600 bytes: sizes of 2 bytes, zlib'd
    (3, 0.0, None, 0, 1),  # a weight of 0: Whoosh's running maximum stays 0
    (40, 1.0, None, 0, None),  # past the field lengths kept
]


@pytest.mark.parametrize("docnum, weight, value, fixed, length", ONE_POSTING)
def test_a_term_of_one_posting_is_encoded_as_the_general_way_encodes_it(docnum, weight, value, fixed, length):
    lengths = bytes(docnum) + bytes([length]) if length is not None else bytes(docnum // 2)
    args = (array("I", [docnum]), array("d", [weight]), None if value is None else [value], fixed, lengths,
            128, 3, {})
    quick = posting_blocks._encode_term(*args)
    with mock.patch.object(posting_blocks, "_encode_one", return_value=None):
        general = posting_blocks._encode_term(*args)
    assert quick == general
    assert posting_blocks._encode_one(docnum, float("nan"), value, fixed, lengths) is None  # left to the general way
    nan = (array("I", [docnum]), array("d", [float("nan")]), *args[2:])
    assert posting_blocks._encode_term(*nan)[0].startswith(whoosh3.WHOOSH3_HEADER_MAGIC)


def test_terms_of_one_posting_give_the_segment_the_general_way_gives(seeds, tmp_path):
    quick = segment_files(_write(seeds, tmp_path / "quick", 1, ours=True))
    with mock.patch.object(posting_blocks, "_encode_one", return_value=None):
        general = segment_files(_write(seeds, tmp_path / "general", 1, ours=True))
    assert quick == general
