"""Sets of scored documents: every match of a query with its score, and how sub-queries' matches combine.

The combinations add scores as Whoosh's union and intersection matchers do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


@dataclass(frozen=True)
class Matches:
    """Every document a query matches (global document numbers, ascending) and its score."""

    ids: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def top(self, count: int) -> list[tuple[int, float]]:
        """Return the ``count`` best ``(docnum, score)``: higher scores first, then lower document numbers."""
        ids, scores = self.best(count)
        return list(zip(ids.tolist(), scores.tolist()))

    def best(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Return :meth:`top` as two arrays: the document numbers and their scores."""
        if count <= 0 or not len(self.ids):
            return _EMPTY_IDS, _EMPTY_SCORES
        if count < len(self.ids):
            cut = np.argpartition(-self.scores, count - 1)[:count]
            threshold = self.scores[cut].min()
            above = np.flatnonzero(self.scores > threshold)  # fewer than ``count``
            # of the documents tied at the threshold (often most of a word's), the first by number (ids ascend)
            cut = np.concatenate((above, np.flatnonzero(self.scores == threshold)[:count - len(above)]))
        else:
            cut = np.arange(len(self.ids))
        chosen = cut[np.lexsort((self.ids[cut], -self.scores[cut]))[:count]]
        return self.ids[chosen], self.scores[chosen]


EMPTY = Matches(_EMPTY_IDS, _EMPTY_SCORES)


def among(docs: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """Return which of ``docs`` are in ``ascending`` (a term's documents, ascending), by bisection."""
    if not len(ascending):
        return np.zeros(len(docs), dtype=bool)
    if type(ascending) is not np.ndarray:
        ascending = np.asarray(ascending)
    return ascending.take(ascending.searchsorted(docs), mode="clip") == docs  # past the last: the last, unequal


BISECTED = 2048  # documents of a set from which, unless the other set is far larger, numpy's isin tells which are in it


def _within(ids: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Return which of ``ids`` are in ``others`` (both ascending, each once): by bisection for a few ``ids`` or many
    ``others`` (numpy's isin costs some tens of microseconds whatever the sizes), else by numpy's isin."""
    if len(ids) <= BISECTED or len(ids) * 16 <= len(others):
        return among(ids, others)
    return np.isin(ids, others, assume_unique=True)


def union(parts: list[Matches]) -> Matches:
    """Documents matching any part; the scores of the parts that match a document are added."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    return summed(np.concatenate([p.ids for p in parts]), np.concatenate([p.scores for p in parts]))


DENSE = 64  # numbers the documents span per match, at most, for matches summed by document number, not sorted


def summed(ids: np.ndarray, scores: np.ndarray) -> Matches:
    """Each document of ``ids`` once, ascending, with the sum of its ``scores`` added in their order.

    Counted by document number (``bincount``, no sort) when the documents span
    under :data:`DENSE` numbers per match, else sorted by ``np.unique``: both
    add a document's scores one after the other from zero, as ``np.add.at``.
    """
    if not len(ids):
        return EMPTY
    low = int(ids.min())
    span = int(ids.max()) - low + 1
    if span <= DENSE * len(ids):
        shifted = ids - low if low else ids
        present = np.zeros(span, dtype=bool)
        present[shifted] = True
        present = np.flatnonzero(present)
        total = np.bincount(shifted, weights=scores)[present]
        return Matches(present + low if low else present, total)
    unique, inverse = np.unique(ids, return_inverse=True)
    return Matches(unique, np.bincount(inverse, weights=scores, minlength=len(unique)))


def intersection(parts: list[Matches]) -> Matches:
    """Documents matching every part; their scores are added."""
    if not parts or any(not len(p) for p in parts):
        return EMPTY
    parts = sorted(parts, key=len)
    ids = parts[0].ids
    for p in parts[1:]:
        ids = ids[_within(ids, p.ids)]
    total = np.zeros(len(ids), dtype=np.float64)
    for p in parts:
        total += p.scores[np.searchsorted(p.ids, ids)]
    return Matches(ids, total)


def difference(found: Matches, excluded: Matches) -> Matches:
    """Documents of ``found`` that ``excluded`` does not match, with their scores."""
    if not len(found) or not len(excluded):
        return found
    keep = ~_within(found.ids, excluded.ids)
    return Matches(found.ids[keep], found.scores[keep])
