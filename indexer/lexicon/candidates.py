"""Candidate translations of units, as arrays: the candidates of each direction, and each unit's best ones.

A unit pair scored by Dice's coefficient is a candidate either way or both;
each source unit keeps its first ``keep`` candidates best first: by score,
then count, then the longer target key, then the target's id.

>>> table = Table(np.array([0, 0, 1]), np.array([5, 6, 5]), np.array([0.5, 0.8, 0.5]), np.array([4, 4, 4]))
>>> best(table, np.ones(7, int), keep=1).tolist()
[1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Table:
    """Candidates of one direction, as parallel arrays in the order they were found."""

    source: np.ndarray
    target: np.ndarray
    dice: np.ndarray
    count: np.ndarray  # aligned pairs both units occur in

    def __len__(self) -> int:
        return len(self.source)

    def subset(self, keep: np.ndarray) -> Table:
        """Return the candidates ``keep`` selects (a boolean mask or indices)."""
        return Table(self.source[keep], self.target[keep], self.dice[keep], self.count[keep])


def directions(en: np.ndarray, ru: np.ndarray, dice: np.ndarray, count: np.ndarray,
               for_en: np.ndarray, for_ru: np.ndarray) -> dict[str, Table]:
    """Return the candidates of each direction of scored unit pairs: those ``for_en`` and those ``for_ru`` select."""
    return {"en": Table(en[for_en], ru[for_en], dice[for_en], count[for_en]),
            "ru": Table(ru[for_ru], en[for_ru], dice[for_ru], count[for_ru])}


def best(table: Table, target_size: np.ndarray, keep) -> np.ndarray:
    """Return the indices of each source's first ``keep`` candidates, best first, by source id.

    ``target_size`` gives the length of each target's key; ``keep`` is a number,
    or an array of one per source unit.
    """
    order = _best_first(table.source, table.target, table.dice, table.count, target_size)
    most = keep if np.isscalar(keep) else np.asarray(keep)[table.source[order]]
    return order[places(table.source[order]) < most]


def places(grouped: np.ndarray) -> np.ndarray:
    """Return the place of each item within its run of equal values (0 for the first).

    >>> places(np.array([4, 4, 4, 2, 7, 7])).tolist()
    [0, 1, 2, 0, 0, 1]
    """
    if not len(grouped):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1])))
    return np.arange(len(grouped)) - np.repeat(starts, np.diff(np.append(starts, len(grouped))))


def mutual_first(ranked: Table, scores: np.ndarray, reverse: Table, rank: int, share: float) -> np.ndarray:
    """Return the order of ``ranked`` (grouped by source, best first) that puts mutual candidates first in each group.

    A candidate is mutual when its target ranks the source among its own first
    ``rank`` candidates in ``reverse`` (the other direction, also grouped and
    best first) and its score (``scores``) is at least ``share`` of its
    source's first.  Each group keeps its order otherwise.

    >>> ranked = Table(np.array([0, 0, 1]), np.array([5, 6, 6]), np.zeros(3), np.ones(3, int))
    >>> reverse = Table(np.array([5, 6, 6]), np.array([1, 0, 1]), np.zeros(3), np.ones(3, int))
    >>> mutual_first(ranked, np.array([0.8, 0.7, 0.5]), reverse, 1, 0.5).tolist()
    [1, 0, 2]
    """
    if not len(ranked):
        return np.zeros(0, dtype=np.int64)
    firsts = places(ranked.source) == 0
    group = np.cumsum(firsts) - 1
    floor = share * scores[firsts][group]
    top = places(reverse.source) < rank
    width = int(max(ranked.source.max(), reverse.target.max(initial=0))) + 1
    backs = np.sort(reverse.source[top] * width + reverse.target[top])
    wanted = ranked.target * width + ranked.source
    at = np.minimum(np.searchsorted(backs, wanted), max(len(backs) - 1, 0))
    mutual = (scores >= floor) & (backs[at] == wanted) if len(backs) else np.zeros(len(ranked), dtype=bool)
    return np.argsort(group * 2 + ~mutual, kind="stable")


def _best_first(source, target, dice, count, target_size) -> np.ndarray:
    """Return the order of candidates by source, then score, count and target key length (greatest first), then target.

    The order of :func:`numpy.lexsort` of the five, found with two sorts of
    integer keys: by count, length and target, then (stably) by source and score.

    >>> _best_first(np.array([1, 0, 0, 0]), np.array([0, 2, 1, 3]), np.array([0.5, 0.5, 0.5, 0.7]),
    ...             np.array([3, 3, 3, 3]), np.array([1, 1, 1, 1])).tolist()
    [3, 2, 1, 0]
    """
    if not len(source):
        return np.zeros(0, dtype=np.int64)
    scores = np.sort(-dice)
    scores = scores[np.concatenate(([True], scores[1:] != scores[:-1]))]
    score_rank = np.searchsorted(scores, -dice)
    sizes = int(target_size.max()) + 1
    targets = int(target.max()) + 1
    counts = int(count.max()) + 1
    if len(scores) * (int(source.max()) + 1) >= 1 << 62 or counts * sizes * targets >= 1 << 62:
        return np.lexsort((target, -target_size[target], -count, -dice, source))  # keys too wide to pack
    ties = ((counts - count) * sizes + (sizes - target_size[target])) * targets + target
    by_ties = np.argsort(ties)  # distinct for the candidates of one source: no need to keep an order
    main = source * len(scores) + score_rank
    return by_ties[np.argsort(main[by_ties], kind="stable")]
