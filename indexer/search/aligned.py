"""A generation's paragraph links as arrays: the counterparts of many paragraphs found at once.

:attr:`~indexer.storage.crosslang.CrossData.counterparts` maps each aligned
paragraph to its counterparts one paragraph at a time; a search across
languages follows the links of every match (thousands for a common word), so
the links are also kept per generation as one table by document number
(:class:`Links`), and the counterparts of an array of matches are gathered
with a few numpy operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.caches.per_object import PerObject
from indexer.caches.registry import DEATH, PER_OBJECT, declare
from indexer.storage.crosslang import CrossData


@dataclass(frozen=True)
class Links:
    """Every paragraph's counterparts: those of paragraph ``n`` are ``targets[starts[n]:starts[n + 1]]``, its
    link's confidence ``confidence[n]`` (paragraphs ``0`` to ``size - 1``, counterparts below ``size`` too)."""

    starts: np.ndarray  # int64, size + 1
    targets: np.ndarray  # int64
    confidence: np.ndarray  # float64, size

    @property
    def size(self) -> int:
        """One more than the highest paragraph number the links mention."""
        return len(self.confidence)

    def gather(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return, for each link of ``docs`` (in order, each paragraph's counterparts in their order), the position
        in ``docs`` of the paragraph it starts from and the counterpart it leads to."""
        docs = np.asarray(docs, dtype=np.int64)
        rows = np.flatnonzero((docs >= 0) & (docs < self.size))
        first = self.starts[docs[rows]]
        counts = self.starts[docs[rows] + 1] - first
        total = int(counts.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        ends = np.cumsum(counts)
        at = np.repeat(first - (ends - counts), counts) + np.arange(total)
        return np.repeat(rows, counts), self.targets[at]


def links(data: CrossData) -> Links:
    """Return the links of ``data``'s generation as :class:`Links` (made once per generation)."""
    return _LINKS.get(data)


def _made(data: CrossData) -> Links:
    table = data.counterparts
    size = 1 + max((max(n, *others) for n, (others, _) in table.items()), default=-1)
    counts = np.zeros(size, dtype=np.int64)
    confidence = np.zeros(size, dtype=np.float64)
    for n, (others, conf) in table.items():
        counts[n] = len(others)
        confidence[n] = conf
    starts = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    targets = np.zeros(int(starts[-1]), dtype=np.int64)
    for n, (others, _) in table.items():
        targets[starts[n]:starts[n + 1]] = others
    for array in (starts, targets, confidence):
        array.flags.writeable = False
    return Links(starts, targets, confidence)


_LINKS = declare("search.aligned", PerObject(_made, sweep_from=1), bound=None, unit="one table per generation",
                 eviction=PER_OBJECT, invalidated_by=DEATH)  # CrossData -> its Links


def counterparts(data: CrossData, docs: np.ndarray) -> np.ndarray:
    """Return the counterparts of ``docs`` (paragraphs linked to any of them), ascending."""
    return np.unique(links(data).gather(docs)[1])


def best_through(data: CrossData, docs: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the counterparts of ``docs`` (ascending) and for each the highest of its links' ``value × confidence``
    (``values`` one per paragraph of ``docs``), those of a positive one only."""
    table = links(data)
    rows, targets = table.gather(docs)
    if not len(targets):
        return targets, np.zeros(0, dtype=np.float64)
    best = np.zeros(table.size, dtype=np.float64)
    np.maximum.at(best, targets, np.asarray(values, dtype=np.float64)[rows] * table.confidence[docs[rows]])
    found = np.flatnonzero(best > 0.0)
    return found, best[found]
