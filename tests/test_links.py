"""Model 1 link counts: words that always occur together are linked; a word is explained by its own translation."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.lexicon.links import link_counts

# Pairs of English and Russian word ids; then (en, ru, least link count, most link count).
CASES = [
    # ``0`` and ``0`` occur together in every pair; ``1`` and ``1`` too: each word is linked with its own
    ([[0, 1], [0], [1]], [[0, 1], [0], [1]], [(0, 0, 1.9, 2.0), (1, 1, 1.9, 2.0), (0, 1, 0.0, 0.1), (1, 0, 0.0, 0.1)]),
    # a frequent word ``0`` explained away: the rare ``2`` is linked with the word nothing else explains
    ([[0], [0], [0, 2]], [[0], [0], [0, 2]], [(2, 2, 0.6, 1.0), (2, 0, 0.0, 0.4), (0, 0, 2.6, 3.0)]),
    # words never seen together have no link
    ([[0], [1]], [[1], [0]], [(0, 0, 0.0, 0.0), (0, 1, 1.0, 1.0)]),
]


@pytest.mark.parametrize("en, ru, expected", CASES)
def test_link_counts(en, ru, expected):
    links = link_counts(en, ru, 3, 3)
    for e, r, low, high in expected:
        assert low <= links.count(e, r) <= high


def test_a_link_count_never_exceeds_the_pairs_shared():
    en = [[0, 1, 2], [0, 1], [2], [0]]
    ru = [[0, 1], [1, 2], [2], [0, 2]]
    links = link_counts(en, ru, 3, 3)
    shared = {(e, r): sum(e in a and r in b for a, b in zip(en, ru)) for e in range(3) for r in range(3)}
    assert all(links.count(e, r) <= n + 1e-9 for (e, r), n in shared.items())


def test_no_pairs_give_no_links():
    links = link_counts([[], [0]], [[0], []], 1, 1)
    assert links.count(0, 0) == 0.0 and np.array_equal(links.lookup([0], [0]), [0.0])
