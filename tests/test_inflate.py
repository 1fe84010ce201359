"""zlib streams inflated by ISA-L give zlib's bytes, and zlib's error where zlib fails."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.engine import compact_blocks, stored_fields
from indexer.engine.inflate import inflate
from indexer.errors import UNREADABLE


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=5000), level=st.integers(min_value=0, max_value=9))
def test_a_stream_inflates_to_zlibs_bytes(data, level):
    stream = zlib.compress(data, level)
    assert inflate(stream) == zlib.decompress(stream) == data


def test_rows_and_blocks_are_inflated_by_it():
    assert stored_fields._INFLATE[zlib.decompress] is inflate
    with pytest.raises(zlib.error):  # compact blocks inflate their data with it, and fail as zlib would
        compact_blocks.decode_ids(b"not a stream", compact_blocks.ZLIB, 3)


GOOD = zlib.compress("Организация Объединенных Наций".encode() * 20)


@pytest.mark.parametrize("damaged", [GOOD[:-5], b"", b"abc", GOOD[:-1] + bytes([GOOD[-1] ^ 1]), GOOD[:2] + GOOD[3:]])
def test_what_zlib_cannot_inflate_raises_zlibs_error_which_reads_as_a_damaged_index(damaged):
    with pytest.raises(zlib.error):
        zlib.decompress(damaged)
    with pytest.raises(zlib.error) as raised:
        inflate(damaged)
    assert isinstance(raised.value, UNREADABLE)
