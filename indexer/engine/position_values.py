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
_HEAD_AT = np.arange(8)  # the count's 4 bytes (big-endian) and ``\x80\x02]q``, read as one little-endian number
_HEAD = np.frombuffer(b"\x00\x00\x00\x00\x80\x02]q", dtype="<u8")[0]


def positions_of(field_format, values: bytes, starts: np.ndarray, stops: np.ndarray) -> tuple | None:
    """Return the positions of each encoded value ``values[starts[k]:stops[k]]`` as ``(counts, positions)`` (int64:
    how many each value has, and all of them one value after the other); None unless the field is Whoosh's Positions.

    The values that are lists of gaps under 256 (most: a paragraph's words are
    near each other) are decoded with numpy, every byte of their pickles but the
    gaps checked to be as written above (what is decoded is what unpickling
    gives); the others as :func:`values_decoded` decodes them.  Bounds past ``values`` give None too.
    """
    if type(field_format) is not formats.Positions:
        return None
    raw = np.frombuffer(values, dtype=np.uint8)
    starts, stops = np.asarray(starts, dtype=np.int64), np.asarray(stops, dtype=np.int64)
    if not len(starts) or int(stops.max()) > len(raw) or int(starts.min()) < 0:
        return None if len(starts) else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    sizes = stops - starts  # 13 for one gap, 12 + 2 × count for more
    counts = np.where(sizes == 13, 1, (sizes - 12) >> 1)
    many = counts > 1
    # else a gap of 256 or more (pickled in more bytes), no position, or 256 positions or more
    simple = (sizes == 13) | (((sizes & 1) == 0) & (sizes >= 16) & (sizes < 12 + 2 * 256))
    head = raw.take(starts[:, None] + _HEAD_AT, mode="clip").view("<u8")[:, 0]  # the count, the pickle's start
    simple &= (head == _HEAD | (counts & 255).astype(np.uint64) << np.uint64(24)) \
        & (raw.take(starts + 8, mode="clip") == 0) & (raw.take(stops - 1, mode="clip") == ord(".")) \
        & (raw.take(stops - 2, mode="clip") == np.where(many, ord("e"), ord("a"))) \
        & (~many | (raw.take(starts + 9, mode="clip") == ord("(")))
    rows = np.flatnonzero(simple)
    gaps = _gaps(raw, starts[rows] + 10 + many[rows], counts[rows])
    if gaps is not None and len(rows) == len(starts):
        return counts, gaps
    if gaps is None:  # a ``K`` missing: every value unpickled
        rows = rows[:0]
    others = np.setdiff1d(np.arange(len(starts)), rows)
    lists = values_decoded(field_format, values, starts[others].tolist(), stops[others].tolist()) if len(others) else []
    counts[others] = [len(found) for found in lists]
    positions = np.empty(int(counts.sum()), dtype=np.int64)
    firsts = np.cumsum(counts) - counts
    if len(rows):
        positions[_spread(firsts[rows], counts[rows])] = gaps
    if len(others):
        positions[_spread(firsts[others], counts[others])] = np.fromiter(
            chain.from_iterable(lists), dtype=np.int64, count=int(counts[others].sum()))
    return counts, positions


def _spread(firsts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Return ``firsts[k] + j`` for each ``j < counts[k]``, one row after the other."""
    begins = np.cumsum(counts) - counts
    return np.repeat(firsts - begins, counts) + np.arange(int(counts.sum()))


def _gaps(raw: np.ndarray, firsts: np.ndarray, counts: np.ndarray) -> np.ndarray | None:
    """Return the positions of values of one-byte gaps, the first gap of each at ``firsts``, each after a ``K``;
    None if one is not."""
    if not len(counts):
        return np.zeros(0, dtype=np.int64)
    begins = np.cumsum(counts) - counts
    step = np.full(int(counts.sum()), 2, dtype=np.int64)  # from one gap's byte to the next: 2, to the next value's
    step[begins[1:]] = firsts[1:] - (firsts[:-1] + 2 * (counts[:-1] - 1))
    step[0] = firsts[0]
    at = np.cumsum(step)
    if (raw[at - 1] != ord("K")).any():
        return None
    gaps = raw[at].astype(np.int64)
    sums = np.add.reduceat(gaps, begins)
    gaps[begins[1:]] -= sums[:-1]  # each value's positions counted from 0: the value before's sum taken off
    return np.cumsum(gaps)


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
