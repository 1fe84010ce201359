"""Expected word links of aligned pairs: IBM Model 1, trained both ways by expectation–maximization.

Co-occurrence counts cannot tell a translation from a word that merely keeps
it company: in the pairs where ``организация`` occurs, ``nations`` occurs as
often as ``organization``.  Model 1 makes the words of a pair compete: each
Russian word of a pair is explained by the English words of the pair in
proportion to ``t(r | e)``, the probability that ``e`` translates as ``r``,
and the probabilities are re-estimated from those shares (and the same the
other way).  After a few rounds ``nations`` is explained by ``нация`` and
hardly at all by ``организация``; and a word seen once is explained by the
words of its pair that nothing else explains.

The *link count* of two words is the number of pairs in which they are
linked, expected under the model: the smaller of the two directions' counts
(a link both models agree on).  It never exceeds the number of pairs the
two words share, so it can stand in for it in Dice's coefficient.

Training costs time in proportion to the word pairs the aligned pairs hold
(every English word of a pair with every Russian one).  Most of those that
two frequent words make once are chance: left out (:data:`PRUNE_FROM`), they
change no word's link counts by more than a fraction of a link, and at
200,000 paragraphs they are about a third of all.  With two processes the two
directions are trained at once.

>>> links = link_counts([[0, 1], [0], [1]], [[0, 1], [0], [1]], 2, 2, rounds=5)
>>> round(links.count(0, 0), 2), round(links.count(0, 1), 2)
(1.97, 0.03)
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np

from indexer.lexicon.cooccur import flat

ROUNDS = 5  # rounds of expectation–maximization, each way
PRUNE_FROM = 20  # a word pair seen once is left out when both words occur in this many aligned pairs or more


@dataclass(frozen=True)
class Links:
    """Expected link counts of word pairs, keyed by ``en id * ru units + ru id``, sorted."""

    keys: np.ndarray
    counts: np.ndarray
    ru_units: int

    def lookup(self, en: np.ndarray, ru: np.ndarray) -> np.ndarray:
        """Return the link counts of the pairs ``(en[i], ru[i])`` (0 for a pair never seen together)."""
        wanted = np.asarray(en, dtype=np.int64) * self.ru_units + np.asarray(ru, dtype=np.int64)
        if not len(self.keys):
            return np.zeros(len(wanted))
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where(self.keys[at] == wanted, self.counts[at], 0.0)

    def count(self, en: int, ru: int) -> float:
        """Return the link count of one pair of words."""
        return float(self.lookup(np.array([en]), np.array([ru]))[0])


def link_counts(en_words: list, ru_words: list, en_units: int, ru_units: int, rounds: int = ROUNDS,
                procs: int = 1, prune_from: int | None = PRUNE_FROM) -> Links:
    """Return the expected link counts of the word pairs of aligned pairs (see the module's docstring).

    ``en_words[b]`` and ``ru_words[b]`` are the ids of the distinct words of
    pair ``b`` (below ``en_units`` and ``ru_units``).  A word pair seen in one
    aligned pair only, both of whose words occur in ``prune_from`` pairs or
    more, is left out (None: none is); with ``procs`` > 1 the directions are
    trained in two processes.
    """
    en_at, en_ids = flat(en_words)
    ru_at, ru_ids = flat(ru_words)
    m, n = np.diff(en_at), np.diff(ru_at)
    both = (m > 0) & (n > 0)
    m, n = m * both, n * both  # a pair with no words on one side links none
    sizes = m * n
    total = int(sizes.sum())
    if not total:
        return Links(np.zeros(0, dtype=np.int64), np.zeros(0), ru_units)
    pair_of = np.repeat(np.arange(len(sizes)), sizes)  # each co-occurrence's aligned pair, in order
    at = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    across = n[pair_of]
    e_at, r_at = at // across, at % across  # English words in order, each with the Russian ones in order
    del at, across
    e_group = np.repeat(np.cumsum(m) - m, sizes) + e_at
    r_group = np.repeat(np.cumsum(n) - n, sizes) + r_at
    es, rs = en_ids[en_at[pair_of] + e_at], ru_ids[ru_at[pair_of] + r_at]
    del pair_of, e_at, r_at
    keys, pair, seen = np.unique(es * ru_units + rs, return_inverse=True, return_counts=True)
    en_of, ru_of = keys // ru_units, keys % ru_units
    if prune_from is not None:
        frequent_en = np.bincount(en_ids, minlength=en_units) >= prune_from
        frequent_ru = np.bincount(ru_ids, minlength=ru_units) >= prune_from
        kept = (seen > 1) | ~(frequent_en[en_of] & frequent_ru[ru_of])
        if not kept.all():
            keys, en_of, ru_of = keys[kept], en_of[kept], ru_of[kept]
            occurs = kept[pair]
            pair = (np.cumsum(kept) - 1)[pair[occurs]]
            e_group, r_group = e_group[occurs], r_group[occurs]
    del es, rs, seen
    if procs > 1:
        global _OTHER_WAY
        _OTHER_WAY = (pair, e_group, ru_of, len(keys), rounds)
        try:
            with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
                other = pool.submit(_train_other_way)
                to_ru = _train(pair, r_group, en_of, len(keys), rounds)
                to_en = other.result()
        finally:
            _OTHER_WAY = None
    else:
        to_ru = _train(pair, r_group, en_of, len(keys), rounds)  # each Russian word explained by the English ones
        to_en = _train(pair, e_group, ru_of, len(keys), rounds)
    return Links(keys, (to_ru + to_en) / 2, ru_units)


_OTHER_WAY = None  # what the forked process trains: the English words explained by the Russian ones


def _train_other_way() -> np.ndarray:
    """Train the direction :data:`_OTHER_WAY` holds (in a process forked by :func:`link_counts`)."""
    return _train(*_OTHER_WAY)


def _train(pair: np.ndarray, group: np.ndarray, given: np.ndarray, size: int, rounds: int) -> np.ndarray:
    """Train one direction of Model 1; return the expected link count of each distinct pair.

    ``pair`` gives each co-occurrence's distinct pair, ``group`` the target word
    occurrence it explains, ``given`` the source word of each distinct pair.
    """
    t = np.ones(size)
    links = np.zeros(size)
    for _ in range(rounds):
        weight = t[pair]
        share = weight / np.bincount(group, weights=weight)[group]
        links = np.bincount(pair, weights=share, minlength=size)
        t = links / np.bincount(given, weights=links)[given]
    return links
