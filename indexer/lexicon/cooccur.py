"""Co-occurrence counts of the units of aligned pairs: for every English and Russian unit that share a pair, how many.

The pairs an English unit occurs in (its inverted list) each contribute the
Russian units of that pair; the counts of all unit pairs are found at once
with numpy, block by block of English units, so memory holds the
co-occurrences of about :data:`BLOCK` unit pairs at a time rather than one
Python object per unit pair.  A block of frequent units is counted in a table
of all its unit pairs, the others by sorting.  Pairs below a floor of each
English unit, or that a test of their own leaves out (learning's Dice floor),
are dropped block by block (most unit pairs share one aligned pair), and with
two processes each counts every other block.

>>> found = counts([[0, 1], [1]], [[2, 0], [1, 0]], 3)
>>> found.en.tolist(), found.ru.tolist(), found.count.tolist()
([0, 0, 0, 1, 1], [0, 1, 2, 0, 1], [2, 1, 1, 1, 1])
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np

BLOCK = 1 << 21  # co-occurrences counted at a time
DENSE = 4  # a block is counted in a table when that has at most this many cells a co-occurrence


@dataclass(frozen=True)
class Cooccurrences:
    """Unit pairs that share aligned pairs, as parallel arrays, by English unit, then Russian unit."""

    en: np.ndarray
    ru: np.ndarray
    count: np.ndarray  # aligned pairs both units occur in


@dataclass(frozen=True)
class Lists:
    """Lists of ids held as one array and the offsets of each list in it (one more than lists).

    >>> lists = Lists(np.array([0, 2, 2, 3]), np.array([3, 1, 2]))
    >>> len(lists), lists[0].tolist(), [ids.tolist() for ids in lists.where(np.array([0, 1, 0, 1]) > 0)]
    (3, [3, 1], [[3, 1], [], []])
    """

    offsets: np.ndarray
    values: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> np.ndarray:
        return self.values[self.offsets[i]:self.offsets[i + 1]]

    def __iter__(self):
        values, offsets = self.values, self.offsets.tolist()
        return (values[a:b] for a, b in zip(offsets, offsets[1:]))

    def where(self, wanted: np.ndarray) -> Lists:
        """Return the lists with only the ids ``wanted`` (a boolean per id) left in them."""
        kept = wanted[self.values]
        offsets = np.zeros(len(self.values) + 1, dtype=np.int64)
        np.cumsum(kept, out=offsets[1:])
        return Lists(offsets[self.offsets], self.values[kept])


def flat(lists) -> tuple[np.ndarray, np.ndarray]:
    """Return lists of ids as one array and the offsets of each list in it (one more than lists).

    >>> [a.tolist() for a in flat([[3, 1], [], [2]])]
    [[0, 2, 2, 3], [3, 1, 2]]
    """
    if isinstance(lists, Lists):
        return lists.offsets, lists.values
    sizes = np.fromiter((len(ids) for ids in lists), dtype=np.int64, count=len(lists))
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    values = np.fromiter((i for ids in lists for i in ids), dtype=np.int64, count=int(offsets[-1]))
    return offsets, values


def counts(en_beads, ru_units, ru_size: int, floor: np.ndarray | None = None, procs: int = 1,
           keep=None) -> Cooccurrences:
    """Return the co-occurrences of English and Russian units.

    ``en_beads[e]`` lists the aligned pairs English unit ``e`` occurs in,
    ascending; ``ru_units[b]`` the Russian units of pair ``b`` (each once,
    below ``ru_size``).  With ``floor`` (one number per English unit), only
    the unit pairs sharing at least that many aligned pairs are returned, and
    with ``keep`` only those for which ``keep(en, ru, count)`` is true (a
    function of arrays, called block by block); ``procs`` processes count them.
    """
    en_at, en_pairs = flat(en_beads)
    ru_at, ru_ids = flat(ru_units)
    ru_sizes = np.diff(ru_at)
    ends = np.concatenate(([0], np.cumsum(ru_sizes[en_pairs])))[en_at[1:]]  # co-occurrences up to each unit's last
    per_unit = np.diff(ends, prepend=0)
    blocks = []
    first = 0
    while first < len(en_beads):
        last = max(int(np.searchsorted(ends, ends[first] - per_unit[first] + BLOCK, side="right")), first + 1)
        blocks.append((first, last))
        first = last
    arrays = (en_at, en_pairs, ru_at, ru_ids, ru_size, floor, keep)
    if procs > 1 and len(blocks) > 1:
        global _ARRAYS
        _ARRAYS = arrays
        try:
            with ProcessPoolExecutor(procs, mp_context=get_context("fork")) as pool:
                out = list(pool.map(_blocks, [blocks[i::procs] for i in range(procs)]))
        finally:
            _ARRAYS = None
        out = [part for parts in out for part in parts]
        out.sort(key=lambda part: part[0][0] if len(part[0]) else -1)
    else:
        out = [_block(first, last, *arrays) for first, last in blocks]
    if not out:
        empty = np.zeros(0, dtype=np.int64)
        return Cooccurrences(empty, empty, empty)
    return Cooccurrences(*(np.concatenate(parts) for parts in zip(*out)))


_ARRAYS = None  # what a forked process counts from (:func:`counts`)


def _blocks(blocks: list) -> list:
    """Return the co-occurrences of ``blocks`` of English units (in a process forked by :func:`counts`)."""
    return [_block(first, last, *_ARRAYS) for first, last in blocks]


def _block(first: int, last: int, en_at, en_pairs, ru_at, ru_ids, ru_size: int, floor=None, keep=None) -> tuple:
    """Return ``(en, ru, count)`` of English units ``first`` … ``last - 1`` (those at ``floor`` or above that
    ``keep`` keeps)."""
    en, ru, count = _counted(first, last, en_at, en_pairs, ru_at, ru_ids, ru_size, floor)
    if keep is None:
        return en, ru, count
    kept = keep(en, ru, count)
    return en[kept], ru[kept], count[kept]


def _counted(first: int, last: int, en_at, en_pairs, ru_at, ru_ids, ru_size: int, floor=None) -> tuple:
    """Return ``(en, ru, count)`` of English units ``first`` … ``last - 1`` (those at ``floor`` or above).

    Each unit's co-occurrences are its pairs' Russian units, each pair's ascending: the keys of a block (relative
    to its first unit, 32-bit where they fit) are sorted by merging those runs (a stable sort), not from scratch.
    """
    pairs = en_pairs[en_at[first]:en_at[last]]
    sizes = ru_at[pairs + 1] - ru_at[pairs]
    total = int(sizes.sum())
    starts = np.cumsum(sizes) - sizes
    ru = ru_ids[np.repeat(ru_at[pairs] - starts, sizes) + np.arange(total, dtype=np.int64)]
    per_unit = np.diff(np.concatenate(([0], np.cumsum(sizes)))[en_at[first:last + 1] - en_at[first]])
    width = np.int32 if (last - first) * ru_size < 1 << 31 else np.int64
    keys = np.repeat(np.arange(last - first, dtype=width) * width(ru_size), per_unit)
    keys += ru.astype(width)
    del ru
    if (last - first) * ru_size <= DENSE * total:  # counted in a table of all the block's unit pairs, not sorted
        table = np.bincount(keys, minlength=(last - first) * ru_size)
        least = 1 if floor is None else np.maximum(floor[first:last], 1)[:, None]
        found = np.flatnonzero(table.reshape(last - first, ru_size) >= least)
        return found // ru_size + first, found % ru_size, table[found]
    keys.sort(kind="stable")
    new = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.zeros(0, np.int64)
    count = np.diff(np.append(new, len(keys)))
    keys = keys[new].astype(np.int64)
    en, ru = keys // ru_size + first, keys % ru_size
    if floor is None:
        return en, ru, count
    kept = count >= floor[en]
    return en[kept], ru[kept], count[kept]
