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
200,000 paragraphs they are about a third of all.  The occurrences are laid
out once, pair after pair (:func:`word_pairs`), so that each round reads them
in order and adds each pair's shares in a block of its own, with 32-bit
indices and no array of all the shares at once.  With two processes the two
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

BLOCK = 1 << 22  # word pair occurrences laid out at a time
ROUNDS = 5  # rounds of expectation–maximization, each way
PRUNE_FROM = 20  # a word pair seen once is left out when both words occur in this many aligned pairs or more


@dataclass(frozen=True)
class Links:
    """Expected link counts of word pairs, keyed by ``en id * ru units + ru id``, sorted."""

    keys: np.ndarray
    counts: np.ndarray
    ru_units: int
    to_ru: np.ndarray | None = None  # of each pair, the links explaining the Russian word by the English one
    to_en: np.ndarray | None = None  # and the English word by the Russian one (counts: their mean)

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


@dataclass(frozen=True)
class WordPairs:
    """The word pairs of aligned pairs, each occurrence in the order of its distinct pair (then of its aligned pair).

    ``keys`` are the distinct pairs (``en id * ru units + ru id``, ascending),
    ``seen`` how many occurrences each has (they follow one another), and of
    each occurrence ``e_group`` and ``r_group`` give the English and the
    Russian word occurrence it joins (their places in the flat word lists).
    """

    keys: np.ndarray
    seen: np.ndarray
    e_group: np.ndarray
    r_group: np.ndarray


def link_counts(en_words: list, ru_words: list, en_units: int, ru_units: int, rounds: int = ROUNDS,
                procs: int = 1, prune_from: int | None = PRUNE_FROM) -> Links:
    """Return the expected link counts of the word pairs of aligned pairs (see the module's docstring).

    ``en_words[b]`` and ``ru_words[b]`` are the ids of the distinct words of
    pair ``b`` (below ``en_units`` and ``ru_units``).  A word pair seen in one
    aligned pair only, both of whose words occur in ``prune_from`` pairs or
    more, is left out (None: none is); with ``procs`` > 1 the directions are
    trained in two processes.
    """
    layout = word_pairs(en_words, ru_words, en_units, ru_units, prune_from)
    keys, seen = layout.keys, layout.seen
    if not len(keys):
        return Links(np.zeros(0, dtype=np.int64), np.zeros(0), ru_units)
    groups = {"ru": layout.r_group, "en": layout.e_group}  # each direction's, let go of where it is not trained
    del layout
    en_of, ru_of = (keys // ru_units).astype(np.int32), (keys % ru_units).astype(np.int32)
    if procs > 1:
        global _OTHER_WAY
        _OTHER_WAY = (seen, groups, ru_of, rounds)
        try:
            with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
                other = pool.submit(_train_other_way)
                _OTHER_WAY = None
                del groups["en"], ru_of
                to_ru = _train(seen, groups.pop("ru"), en_of, rounds)
                to_en = other.result()
        finally:
            _OTHER_WAY = None
    else:
        to_ru = _train(seen, groups.pop("ru"), en_of, rounds)  # each Russian word explained by the English ones
        to_en = _train(seen, groups.pop("en"), ru_of, rounds)
    return Links(keys, (to_ru + to_en) / 2, ru_units, to_ru, to_en)


_OTHER_WAY = None  # what the forked process trains: the English words explained by the Russian ones


def _train_other_way() -> np.ndarray:
    """Train the direction :data:`_OTHER_WAY` holds (in a process forked by :func:`link_counts`), having let go of
    the other direction's occurrences."""
    seen, groups, given, rounds = _OTHER_WAY
    group = groups.pop("en")
    groups.clear()
    return _train(seen, group, given, rounds)


def _train(seen: np.ndarray, group: np.ndarray, given: np.ndarray, rounds: int) -> np.ndarray:
    """Train one direction of Model 1; return the expected link count of each distinct pair.

    ``seen`` gives how many occurrences each distinct pair has (they follow
    one another), ``group`` the target word occurrence each explains,
    ``given`` the source word of each distinct pair.
    """
    t = np.ones(len(seen))
    links = np.zeros(len(seen))
    ends = np.cumsum(seen, dtype=np.int64)
    cuts = [0, *np.searchsorted(ends, np.arange(BLOCK, int(ends[-1]), BLOCK), side="right").tolist(), len(seen)]
    blocks = [(a, b, int(ends[a - 1]) if a else 0, int(ends[b - 1])) for a, b in zip(cuts, cuts[1:]) if b > a]
    groups = int(group.max()) + 1
    for _ in range(rounds):
        explained = np.zeros(groups)  # of each target word occurrence, the sum of its source words' t
        for first, last, start, stop in blocks:  # a block at a time, each sum added to in order
            np.add.at(explained, group[start:stop], np.repeat(t[first:last], seen[first:last]))
        for first, last, start, stop in blocks:
            share = np.repeat(t[first:last], seen[first:last])
            share /= explained[group[start:stop]]
            links[first:last] = np.bincount(np.repeat(np.arange(last - first), seen[first:last]), weights=share,
                                            minlength=last - first)
        t = links / np.bincount(given, weights=links)[given]
    return links


def word_pairs(en_words: list, ru_words: list, en_units: int, ru_units: int,
               prune_from: int | None = PRUNE_FROM) -> WordPairs:
    """Return the word pairs of aligned pairs (:class:`WordPairs`), those :func:`link_counts` leaves out left out.

    The occurrences are laid out English word by English word, about
    :data:`BLOCK` at a time, each block sorted by word pair stably: no sort of
    all of them at once, and the indices are 32-bit.
    """
    en_at, en_ids = flat(en_words)
    ru_at, ru_ids = flat(ru_words)
    n = np.diff(ru_at) * (np.diff(en_at) > 0)  # a pair with no words on one side links none
    by_word = np.argsort(en_ids, kind="stable")  # the English word occurrences, word by word, in pair order
    bead_of = np.repeat(np.arange(len(n), dtype=np.int64), np.diff(en_at))[by_word]
    sizes = n[bead_of]
    word_ends = np.searchsorted(en_ids[by_word], np.arange(1, en_units + 1), side="left")  # per word, in by_word
    frequent = None
    if prune_from is not None:
        frequent = (np.bincount(en_ids, minlength=en_units) >= prune_from,
                    np.bincount(ru_ids, minlength=ru_units) >= prune_from)
    word_occurs = np.concatenate(([0], np.cumsum(sizes)))[word_ends]  # pair occurrences up to each word's last
    total = int(word_occurs[-1]) if en_units else 0
    # as many as before any is left out, filled block by block; apart, so that either can be let go of
    groups = np.empty(total, dtype=np.int32), np.empty(total, dtype=np.int32)
    keys, seen = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int32)]
    first = filled = 0
    while first < en_units:
        before = int(word_occurs[first - 1]) if first else 0
        last = max(int(np.searchsorted(word_occurs, before + BLOCK, side="right")), first + 1)
        start, stop = (int(word_ends[first - 1]) if first else 0), int(word_ends[last - 1])
        found = _block(by_word[start:stop], bead_of[start:stop], sizes[start:stop], en_ids, ru_at, ru_ids,
                       ru_units, frequent)
        keys.append(found[0])
        seen.append(found[1])
        groups[0][filled:filled + len(found[2])] = found[2]
        groups[1][filled:filled + len(found[2])] = found[3]
        filled += len(found[2])
        first = last
    return WordPairs(np.concatenate(keys), np.concatenate(seen), groups[0][:filled], groups[1][:filled])


def _block(e_places, beads, sizes, en_ids, ru_at, ru_ids, ru_units: int, frequent) -> tuple:
    """Return ``(keys, seen, e_group, r_group)`` of the word pairs of English word occurrences ``e_places``.

    The keys are sorted relative to the block's first word (32-bit where they fit) by merging the runs each
    aligned pair's Russian words make (a stable sort), and the occurrences left out are left out before the
    others are put in that order.
    """
    total = int(sizes.sum())
    starts = np.cumsum(sizes) - sizes
    r_group = np.repeat((ru_at[beads] - starts).astype(np.int32), sizes)
    r_group += np.arange(total, dtype=np.int32)
    e_words = en_ids[e_places]
    low = int(e_words.min()) if total else 0
    width = np.int32 if total and (int(e_words.max()) - low + 1) * ru_units < 1 << 31 else np.int64
    keys = np.repeat((e_words - low).astype(width) * width(ru_units), sizes)
    keys += ru_ids[r_group].astype(width)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    new = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if total else np.zeros(0, np.int64)
    seen = np.diff(np.append(new, total))
    keys = keys[new].astype(np.int64) + low * ru_units
    if frequent is not None:
        kept = (seen > 1) | ~(frequent[0][keys // ru_units] & frequent[1][keys % ru_units])
        if not kept.all():
            order, keys, seen = order[np.repeat(kept, seen)], keys[kept], seen[kept]
    e_group = e_places.astype(np.int32)[np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)[order]]
    return keys, seen.astype(np.int32), e_group, r_group[order]
