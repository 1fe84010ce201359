"""Candidate translations of units, as arrays: the candidates of each direction, and each unit's best ones.

A unit pair scored by Dice's coefficient is a candidate both ways; each
source unit keeps its first ``keep`` significant candidates (Dunning's ratio,
:mod:`indexer.significance`) best first: by score, then count, then the longer
target key, then the target's id.

>>> table = Table(np.array([0, 0, 1]), np.array([5, 6, 5]), np.array([0.5, 0.8, 0.5]), np.array([4, 4, 4]))
>>> best(table, np.array([4, 4]), np.zeros(7, int) + 4, np.ones(7, int), 100, keep=1, floor=10.83).tolist()
[1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.significance import significant


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
               en_total: np.ndarray, ru_total: np.ndarray) -> dict[str, Table]:
    """Return the candidates of each direction of scored unit pairs; a pair seen once is one only for a unit seen once."""
    once = count <= 1
    for_en = ~once | (en_total[en] == 1)
    for_ru = ~once | (ru_total[ru] == 1)
    return {"en": Table(en[for_en], ru[for_en], dice[for_en], count[for_en]),
            "ru": Table(ru[for_ru], en[for_ru], dice[for_ru], count[for_ru])}


def best(table: Table, source_total: np.ndarray, target_total: np.ndarray, target_size: np.ndarray, n: int,
         keep: int, floor: float) -> np.ndarray:
    """Return the indices of each source's first ``keep`` significant candidates, best first, by source id.

    ``source_total`` and ``target_total`` give the aligned pairs each unit
    occurs in (of ``n``), ``target_size`` the length of each target's key.
    """
    chosen = np.flatnonzero(significant(table.count, source_total[table.source], target_total[table.target],
                                        n, floor))
    source = table.source[chosen]
    target = table.target[chosen]
    order = np.lexsort((target, -target_size[target], -table.count[chosen], -table.dice[chosen], source))
    grouped = source[order]
    starts = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1]))) if len(order) else order
    place = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
    return chosen[order[place < keep]]
