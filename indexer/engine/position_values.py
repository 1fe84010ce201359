"""Encoded positions of postings decoded: Whoosh's ``Positions`` values, each distinct one decoded once.

A posting's positions are stored as Whoosh's ``Positions`` format encodes them
(the count, then the pickled gaps between positions); decoding one is a pickle
load.  Most postings of a paragraph index are one of a few thousand values, so
each value decoded is kept (:data:`DECODED`), and the values of many postings
are looked up together (:func:`values_decoded`).
"""

from __future__ import annotations

from itertools import chain

import numpy as np
from whoosh import formats

from indexer.caches.dict_cache import DictCache
from indexer.caches.registry import CLEAR_WHEN_FULL, NEVER, declare

# A posting's positions by its value (the count, then the pickled gaps between positions), as Whoosh's
# ``Positions.decode_positions`` gives them: most postings of a paragraph index are one of a few thousand values,
# and looking one up takes a fifth of decoding it (a pickle load).
DECODED_KEPT = 200_000
DECODED = declare("engine.decoded_positions", DictCache(DECODED_KEPT), bound=DECODED_KEPT, eviction=CLEAR_WHEN_FULL,
                  invalidated_by=NEVER)


def values_decoded(field_format, values: bytes, starts: list[int], stops: list[int]) -> list:
    """Return the positions of each encoded value ``values[starts[k]:stops[k]]`` of ``field_format``: for Whoosh's
    Positions, those :data:`DECODED` has looked up together, the others decoded (and kept) one by one."""
    chunks = list(map(values.__getitem__, map(slice, starts, stops)))
    if type(field_format) is not formats.Positions:
        return list(map(field_format.decode_positions, chunks))
    found = DECODED.get_many(chunks)
    if None in found:
        decode, put = field_format.decode_positions, DECODED.put  # a tuple of ints: left aside by the collector
        found = [value if value is not None else put(chunk, tuple(decode(chunk)))
                 for value, chunk in zip(found, chunks)]
    return found


# Whoosh's Positions value of gaps under 256: the count (4 bytes, big-endian), then the pickle (protocol 2) of the
# list, ``\x80\x02]q\x00``, ``(`` if more than one, each gap as ``K`` and a byte, ``a`` (one) or ``e`` (more), ``.``
_PICKLE_START = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)


def positions_of(field_format, values: bytes, starts: np.ndarray, stops: np.ndarray) -> tuple | None:
    """Return the positions of each encoded value ``values[starts[k]:stops[k]]`` as ``(counts, positions)`` (int64:
    how many each value has, and all of them one value after the other), decoded with numpy; None unless the field
    is Whoosh's Positions and every value a list of gaps under 256 (most: a paragraph's words are near each other),
    which :func:`values_decoded` decodes instead.

    Every byte of the pickles but the gaps is checked to be as written above: what is decoded is what
    unpickling gives.
    """
    if type(field_format) is not formats.Positions or not len(starts):
        return None
    raw = np.frombuffer(values, dtype=np.uint8)
    starts, stops = np.asarray(starts, dtype=np.int64), np.asarray(stops, dtype=np.int64)
    if int(stops.max()) > len(raw) or int(starts.min()) < 0:
        return None
    counts = ((raw[starts].astype(np.int64) << 24) | (raw[starts + 1].astype(np.int64) << 16)
              | (raw[starts + 2].astype(np.int64) << 8) | raw[starts + 3])
    many = counts > 1
    if ((counts < 1) | (stops - starts != 11 + 2 * counts + many)).any():
        return None  # a gap of 256 or more (pickled in more bytes), or no position
    if (raw[starts[:, None] + np.arange(4, 9)] != _PICKLE_START).any() or (raw[stops - 1] != ord(".")).any() \
            or (raw[stops - 2] != np.where(many, ord("e"), ord("a"))).any() or (raw[starts[many] + 9] != ord("(")).any():
        return None
    total = int(counts.sum())
    firsts = np.cumsum(counts) - counts  # where each value's positions begin among all
    within = np.arange(total) - np.repeat(firsts, counts)
    at = np.repeat(starts + 10 + many, counts) + 2 * within  # each gap's byte, after its ``K``
    if (raw[at - 1] != ord("K")).any():
        return None
    positions = np.cumsum(raw[at], dtype=np.int64)
    before = positions[firsts - 1]  # the sum of the values before each one's gaps (the first's: none)
    before[0] = 0
    return counts, positions - np.repeat(before, counts)


def decoder(field_format):
    """Return the function decoding a value of ``field_format`` into positions (memoized for Whoosh's Positions)."""
    if type(field_format) is not formats.Positions:
        return field_format.decode_positions
    decode, get, put = field_format.decode_positions, DECODED.get, DECODED.put

    def decoded(value: bytes) -> tuple:
        found = get(value)
        if found is None:
            found = tuple(decode(value))  # a tuple of ints: the garbage collector stops tracking it
            put(value, found)
        return found
    return decoded


def as_arrays(ids: list, lists: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(ids, starts, positions)`` of document numbers and their lists of positions."""
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    starts = np.concatenate(([0], np.cumsum(counts)))
    positions = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(starts[-1]))
    return np.asarray(ids, dtype=np.int64), starts, positions
