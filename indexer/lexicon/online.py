"""Going on learning from a generation's learning state: add the new aligned pairs' counts, take the removed ones'.

An update brings a few aligned pairs and removes a few
(:func:`changes`, by their digests).  Only those are read; their terms' counts
are added or taken away (:func:`counted`), and so are the co-occurrences of
their units (:func:`cooccurring`) and IBM Model 1's expected links of their
words: the removed pairs' links as the stored model gives them, the new
pairs' by a few rounds of expectation–maximization over those pairs alone,
warm-started from the stored probabilities (:func:`linked`, stepwise EM).
A run that becomes a unit only now is counted in the pairs kept too (it was
not a unit there).  The cost is in proportion to the pairs that changed, plus
a pass of numpy over the stored arrays; :mod:`indexer.lexicon.rescore` then
ranks again only the units those pairs touch.

Approximations, measured against learning from all pairs (``bench/learn.py
--add``): the co-occurrences of two units kept are those above learning's Dice
floor, so a pair of units below it whose new pairs lift it above counts only
the new ones; the links of the pairs kept are not trained again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from indexer.lexicon.kept import candidates, parts_of
from indexer.lexicon.links import PRUNE_FROM
from indexer.lexicon.sides import Side
from indexer.lexicon.state import LANGS, State, Terms, digest_array
from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import SEPARATOR

ONLINE_ROUNDS = 3  # rounds of expectation–maximization over the new pairs


@dataclass(frozen=True)
class Change:
    """Which aligned pairs an update adds and which of the state's it removes."""

    added: list  # the new pairs (:class:`~indexer.lexicon.model.Bead`), in order
    added_digests: np.ndarray
    removed: np.ndarray  # bool, per pair of the state

    @property
    def size(self) -> int:
        return len(self.added) + int(self.removed.sum())


def changes(learned: np.ndarray, beads: list) -> Change:
    """Return the pairs of ``beads`` (all of the new generation's) that a state lacks, and those it has that
    ``beads`` lack (a pair that occurs twice counts twice); ``learned``: the digests of the state's pairs."""
    digests = digest_array(beads)
    unmatched = Counter(digests.tolist())
    removed = np.zeros(len(learned), dtype=bool)
    for i, d in enumerate(learned.tolist()):
        if unmatched[d] > 0:
            unmatched[d] -= 1
        else:
            removed[i] = True
    added = []
    for i, d in enumerate(digests.tolist()):
        if unmatched[d] > 0:
            unmatched[d] -= 1
            added.append(i)
    return Change([beads[i] for i in added], digests[added], removed)


@dataclass(frozen=True)
class Read:
    """The new pairs of one language, read: their terms by the state's numbers, and the side that read them."""

    side: Side  # indexed by :func:`counted` (for the display forms of new units)
    at: np.ndarray
    ids: np.ndarray


def counted(state: State, change: Change, settings: Settings) -> tuple[dict, dict]:
    """Return the terms with the new pairs' counts added and the removed ones' taken away, and the new pairs read
    (:class:`Read`), per language."""
    terms, read = {}, {}
    for lang in LANGS:
        old = state.terms[lang]
        side = Side(lang)
        for bead in change.added:
            side.read(getattr(bead, lang), settings.max_run)
        names, at, local = side.read_terms()
        number = {name: i for i, name in enumerate(old.names)}
        new_names = [name for name in names if name not in number]
        known = {name: number[name] for name in names if name in number}
        known.update((name, len(old.names) + i) for i, name in enumerate(new_names))
        mapping = np.fromiter((known[name] for name in names), dtype=np.int64, count=len(names))
        ids = mapping[local]
        size = len(old.names) + len(new_names)
        owner = np.repeat(np.arange(len(old.at) - 1, dtype=np.int64), np.diff(old.at))
        gone = change.removed[owner]
        df = np.concatenate((old.df, np.zeros(len(new_names), dtype=np.int64)))
        df += np.bincount(ids, minlength=size) - np.bincount(old.ids[gone], minlength=size)
        parts = np.concatenate((old.parts, parts_of(new_names, number, len(old.names))))
        kept_at = np.zeros(int((~change.removed).sum()) + 1, dtype=np.int64)
        np.cumsum(np.diff(old.at)[~change.removed], out=kept_at[1:])
        all_at = np.concatenate((kept_at, kept_at[-1] + at[1:]))
        terms[lang] = Terms([*old.names, *new_names], df, parts, all_at, np.concatenate((old.ids[~gone], ids)))
        now = units(terms[lang], settings)
        side.index({name for name, m in zip(names, mapping.tolist()) if SEPARATOR in name and now[m]}, settings)
        read[lang] = Read(side, at, ids)
    return terms, read


def units(terms: Terms, settings: Settings) -> np.ndarray:
    """Tell of each term whether it is a unit: a word seen, or a run that recurs (as
    :meth:`~indexer.lexicon.sides.Side.kept_runs` keeps them)."""
    words = terms.words()
    df = terms.df
    last = terms.parts[np.arange(len(words)), np.maximum(words - 1, 0)]
    rarest = np.minimum(df[np.maximum(terms.parts[:, 0], 0)], df[np.maximum(last, 0)])
    run = (words > 1) & (df >= settings.min_run_count) & (df >= settings.run_share * rarest)
    return ((words == 1) & (df >= settings.min_count)) | run


def bead_terms(terms: Terms, beads: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the terms ``wanted`` (bool per term) of some pairs of ``terms`` (``beads``, bool per pair), as
    ``(offsets, ids)``."""
    owner = np.repeat(np.arange(len(terms.at) - 1, dtype=np.int64), np.diff(terms.at))
    mine = beads[owner] & wanted[terms.ids]
    at = np.zeros(int(beads.sum()) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner[mine], minlength=len(beads))[beads], out=at[1:])
    return at, terms.ids[mine]


def crossed(en: tuple, ru: tuple, ru_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct English × Russian term pairs of aligned pairs (``(offsets, ids)`` per side) as keys
    ``en * ru_size + ru``, ascending, and how many pairs each is in."""
    en_of, ru_of, _ = _cross(en, ru)
    return np.unique(en_of * ru_size + ru_of, return_counts=True)


def _cross(en: tuple, ru: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return each English × Russian term of each aligned pair (``(offsets, ids)`` per side) as ``(en, ru, pair)``."""
    (en_at, en_ids), (ru_at, ru_ids) = en, ru
    ne, nr = np.diff(en_at), np.diff(ru_at)
    owner = np.repeat(np.arange(len(ne), dtype=np.int64), ne)
    reps = nr[owner]
    total = int(reps.sum())
    starts = np.repeat(ru_at[owner] - (np.cumsum(reps) - reps), reps)
    return (np.repeat(en_ids, reps), ru_ids[starts + np.arange(total, dtype=np.int64)].astype(np.int64),
            np.repeat(owner, reps))


def cooccurring(state: State, terms: dict, read: dict, change: Change, settings: Settings) -> tuple:
    """Return the co-occurrence table ``(en, ru, count)`` with the new pairs' counts added, the removed ones'
    taken away, and a run that became a unit counted over the pairs kept."""
    ru_size = len(terms["ru"].names)
    was = {lang: _grown(units(state.terms[lang], settings), len(terms[lang].names)) for lang in LANGS}
    now = {lang: units(terms[lang], settings) for lang in LANGS}
    keys = state.co_en * ru_size + state.co_ru
    count = state.co_count.copy()
    fresh = {lang: now[lang] & ~was[lang] for lang in LANGS}
    if fresh["en"].any() or fresh["ru"].any():  # counted anew below, over all the pairs kept
        stale = fresh["en"][state.co_en] | fresh["ru"][state.co_ru]
        keys, count = keys[~stale], count[~stale]
    kept = ~change.removed
    deltas = []
    for lang, other in (("en", "ru"), ("ru", "en")):
        if fresh[lang].any():
            holding = _holding(state.terms[lang], fresh[lang])
            mine = bead_terms(state.terms[lang], kept & holding, fresh[lang])
            theirs = bead_terms(state.terms[other], kept & holding, now[other] & ~fresh[other] if lang == "ru"
                                else now[other])
            deltas.append(crossed(mine, theirs, ru_size) if lang == "en" else crossed(theirs, mine, ru_size))
    new = {lang: _local(read[lang], now[lang]) for lang in LANGS}
    deltas.append(crossed(new["en"], new["ru"], ru_size))
    gone = {lang: bead_terms(state.terms[lang], change.removed, (now[lang] | was[lang]) & ~fresh[lang])
            for lang in LANGS}  # a run counted anew was counted over the pairs kept only
    minus = crossed(gone["en"], gone["ru"], ru_size)
    deltas.append((minus[0], -minus[1]))
    keys, count = _added(keys, count, deltas)
    en, ru = keys // ru_size, keys % ru_size
    return candidates(en, ru, count, terms["en"].df[en], terms["ru"].df[ru])


def _grown(mask: np.ndarray, size: int) -> np.ndarray:
    return np.concatenate((mask, np.zeros(size - len(mask), dtype=bool)))


def _holding(terms: Terms, wanted: np.ndarray) -> np.ndarray:
    """Tell of each pair of ``terms`` whether it has one of the terms ``wanted``."""
    owner = np.repeat(np.arange(len(terms.at) - 1, dtype=np.int64), np.diff(terms.at))
    out = np.zeros(len(terms.at) - 1, dtype=bool)
    out[owner[wanted[terms.ids]]] = True
    return out


def _local(read: Read, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the terms ``wanted`` of the new pairs, as ``(offsets, ids)``."""
    owner = np.repeat(np.arange(len(read.at) - 1, dtype=np.int64), np.diff(read.at))
    mine = wanted[read.ids]
    at = np.zeros(len(read.at), dtype=np.int64)
    np.cumsum(np.bincount(owner[mine], minlength=len(read.at) - 1), out=at[1:])
    return at, read.ids[mine]


def _added(keys: np.ndarray, count: np.ndarray, deltas: list) -> tuple[np.ndarray, np.ndarray]:
    """Return the sorted table ``keys``, ``count`` with the ``(keys, counts)`` of ``deltas`` added (new keys
    inserted where positive)."""
    extra = [d for d in deltas if len(d[0])]
    if not extra:
        return keys, count
    dk = np.concatenate([d[0] for d in extra])
    dk, inverse = np.unique(dk, return_inverse=True)
    dc = np.bincount(inverse, weights=np.concatenate([d[1] for d in extra]).astype(np.float64)).astype(np.int64)
    at = np.minimum(np.searchsorted(keys, dk), max(len(keys) - 1, 0))
    there = (keys[at] == dk) if len(keys) else np.zeros(len(dk), dtype=bool)
    count = count.copy()
    np.add.at(count, at[there], dc[there])
    new = ~there & (dc > 0)
    places = np.searchsorted(keys, dk[new])
    return np.insert(keys, places, dk[new]), np.insert(count, places, dc[new])


def linked(state: State, terms: dict, read: dict, change: Change, rounds: int = ONLINE_ROUNDS) -> tuple:
    """Return the state's Model 1 links ``(en, ru, to_ru, to_en)`` with the removed pairs' expected links taken
    away (as the stored model gives them) and the new pairs' added, trained over those pairs alone for
    ``rounds`` rounds (see the module's docstring)."""
    ru_size = len(terms["ru"].names)
    words = {lang: terms[lang].words() == 1 for lang in LANGS}
    keys = state.m1_en * ru_size + state.m1_ru
    to_ru, to_en = state.to_ru.copy(), state.to_en.copy()
    gone = [bead_terms(state.terms[lang], change.removed, _grown(state.terms[lang].words() == 1,
                                                               len(terms[lang].names))) for lang in LANGS]
    if len(gone[0][1]) and len(keys):
        at, occurs = _occurrences(keys, *gone, ru_size)
        found = at >= 0
        for table, given, target in ((to_ru, state.m1_en, 1), (to_en, state.m1_ru, 0)):
            t = table / np.bincount(given, weights=table)[given].clip(1e-300)
            np.subtract.at(table, at[found], _shares(t[at[found]], _group(occurs[2][found], occurs[target][found])))
        np.maximum(to_ru, 0.0, out=to_ru)
        np.maximum(to_en, 0.0, out=to_en)
    new = [_local(read[lang], words[lang]) for lang in LANGS]
    at, occurs = _occurrences(keys, *new, ru_size)
    if len(at):
        pair_keys = occurs[0] * ru_size + occurs[1]
        missing, seen = np.unique(pair_keys[at < 0], return_counts=True)
        df = {lang: terms[lang].df for lang in LANGS}
        frequent = (df["en"][missing // ru_size] >= PRUNE_FROM) & (df["ru"][missing % ru_size] >= PRUNE_FROM)
        added = missing[(seen > 1) | ~frequent]  # as learning leaves out a chance pair of frequent words
        places = np.searchsorted(keys, added)
        keys = np.insert(keys, places, added)
        to_ru, to_en = np.insert(to_ru, places, 0.0), np.insert(to_en, places, 0.0)
        at = np.searchsorted(keys, pair_keys)
        found = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == pair_keys)
        at, (en_of, ru_of, bead) = at[found], (occurs[0][found], occurs[1][found], occurs[2][found])
        to_ru = _stepwise(to_ru, keys // ru_size, at, _group(bead, ru_of), rounds)
        to_en = _stepwise(to_en, keys % ru_size, at, _group(bead, en_of), rounds)
    return keys // ru_size, keys % ru_size, to_ru, to_en


def _group(bead: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Return a number for each (pair, target word) occurrence: the word occurrence the shares explain."""
    return np.unique(bead * (int(target.max(initial=0)) + 1) + target, return_inverse=True)[1].reshape(-1)


def _occurrences(keys: np.ndarray, en: tuple, ru: tuple, ru_size: int) -> tuple:
    """Return of each word pair occurring in some aligned pairs (English × Russian words of each) its place in
    ``keys`` (-1: not there) and ``(en, ru, pair)``."""
    en_of, ru_of, bead = _cross(en, ru)
    pair_keys = en_of * ru_size + ru_of
    at = np.searchsorted(keys, pair_keys)
    found = (at < len(keys)) & (keys[np.minimum(at, max(len(keys) - 1, 0))] == pair_keys) if len(keys) else \
        np.zeros(len(pair_keys), dtype=bool)
    return np.where(found, at, -1), (en_of, ru_of, bead)


def _shares(t: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Return each occurrence's share of the target word occurrence it explains (``group``, numbered from 0):
    ``t`` over the sum."""
    if not len(t):
        return t
    return t / np.bincount(group, weights=t)[group].clip(1e-300)


def _stepwise(table: np.ndarray, given: np.ndarray, at: np.ndarray, group: np.ndarray, rounds: int) -> np.ndarray:
    """Return ``table`` (expected links by word pair) with the new occurrences' links (places ``at``, explaining
    the word occurrences ``group``) added, after ``rounds`` rounds of EM over them warm-started from ``table``."""
    base = table
    norm = np.bincount(given, weights=base, minlength=int(given.max(initial=-1)) + 1)
    partners = np.bincount(given, minlength=len(norm))
    added = np.zeros(len(base))
    for _ in range(max(rounds, 1)):
        current = base + added
        total = norm + np.bincount(given, weights=added, minlength=len(norm))
        t = np.where(current[at] > 0, current[at] / total[given[at]].clip(1e-300),
                     1.0 / np.maximum(partners[given[at]], 1))
        added = np.bincount(at, weights=_shares(t, group), minlength=len(base))
    return base + added

