"""Dunning's log-likelihood ratio of unit pairs: whether two units occur together more than by chance.

:func:`significant` tests many pairs at once with numpy; where numpy's
logarithm could round differently from the :mod:`math` one by which
:func:`llr` is defined (a ratio within :data:`NEAR` of the floor), the pair is
tested with :func:`llr` itself, so the outcome is that of :func:`llr` for
every pair.

>>> significant(np.array([10, 1]), np.array([10, 10]), np.array([10, 100]), 1000, 10.83).tolist()
[True, False]
"""

from __future__ import annotations

import math

import numpy as np

NEAR = 1e-9  # relative to the greatest size of the ratio's terms: closer to the floor, a pair is tested exactly


def llr(k11: int, n1: int, n2: int, n: int) -> float:
    """Return Dunning's log-likelihood ratio G² of a 2×2 contingency table.

    ``k11`` pairs have both units, ``n1`` and ``n2`` one each, ``n`` pairs in all.

    >>> round(llr(10, 10, 10, 1000), 1)
    112.0
    >>> llr(1, 10, 100, 1000) < 1
    True
    """
    k12, k21 = n1 - k11, n2 - k11
    k22 = n - n1 - n2 + k11
    total = 0.0
    for k, row, col in ((k11, n1, n2), (k12, n1, n - n2), (k21, n - n1, n2), (k22, n - n1, n - n2)):
        if k > 0:
            total += k * math.log(k * n / (row * col))
    return 2.0 * total


def significant(k11: np.ndarray, n1: np.ndarray, n2: np.ndarray, n: int, floor: float,
                where: np.ndarray | None = None) -> np.ndarray:
    """Tell of each table whether its ratio (:func:`llr`) is at least ``floor``; integer arrays, ``n`` pairs in all.

    With ``where`` (a boolean per table) only those tables are tested, the others are not significant: most
    unit pairs share one aligned pair, and learning asks only of the others and of units seen once.
    """
    if where is not None:
        out = np.zeros(len(where), dtype=bool)
        out[where] = significant(*(np.asarray(a)[where] for a in (k11, n1, n2)), n, floor)
        return out
    k11, n1, n2 = (np.asarray(a, dtype=np.int64) for a in (k11, n1, n2))
    total = np.zeros(len(k11))
    for k, row, col in ((k11, n1, n2), (n1 - k11, n1, n - n2), (n2 - k11, n - n1, n2),
                        (n - n1 - n2 + k11, n - n1, n - n2)):
        # where k is 0 the term is 0 (a ratio of 1 / row·col keeps the logarithm finite)
        total += k * np.log(np.maximum(k * n, 1) / np.maximum(row * col, 1))
    ratios = 2.0 * total
    out = ratios >= floor
    size = 8.0 * n * math.log(max(n, 2))  # each of the four terms is at most n·log n
    for i in np.flatnonzero(np.abs(ratios - floor) <= NEAR * (size + abs(floor) + 1.0)).tolist():
        out[i] = llr(int(k11[i]), int(n1[i]), int(n2[i]), n) >= floor
    return out
