"""Learning the bilingual lexicon from aligned paragraph pairs: co-occurrence counts and Dice scores.

Each aligned pair (a *bead*: the English and the Russian paragraphs the aligner
linked) is read into its units (:mod:`indexer.lexicon.units`): every word term, and the
runs of two and three words that recur often enough to be terms of their own
(``human right``, ``незаконный ввоз мигрант``).  For a unit ``e`` of one side
and ``r`` of the other, with ``n(e)``, ``n(r)`` the pairs each occurs in and
``n(e, r)`` the pairs both do, the score is Dice's coefficient::

    dice(e, r) = 2 n(e, r) / (n(e) + n(r) + 1)

(the 1 keeps a pair seen once from scoring as high as one seen a hundred
times), kept when the association is significant (Dunning's log-likelihood
ratio at least :attr:`~indexer.lexicon.thresholds.Settings.min_llr`).  Each unit keeps its best
candidates: the first by that score, the others by the same coefficient over
link counts instead of ``n(e, r)``, the pairs in which IBM Model 1 links the
two (:mod:`indexer.lexicon.links`), which leaves out the words that only keep a unit
company.  A candidate whose own best candidates include the unit goes first
(see :func:`indexer.lexicon.ranking.ranked`), and of nested candidates that
score about the same, the one whose length fits the unit
(:func:`indexer.lexicon.ranking.ordered`).  A run is
kept as a unit of its own only where its best candidate scores well.

Counting and scoring go over all unit pairs at once, as numpy arrays
(:mod:`indexer.lexicon.cooccur`, :mod:`indexer.lexicon.candidates`); Python objects are made
only for the candidates each unit keeps.
"""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context

import numpy as np

from indexer.lexicon import cooccur, evidence
from indexer.lexicon.candidates import directions
from indexer.lexicon.kept import from_learned, kept_terms
from indexer.lexicon.model import Bead, Lexicon  # noqa: F401 - Bead: the aligned pairs learned from
from indexer.lexicon.links import Links, link_counts
from indexer.lexicon.pages import small_pages
from indexer.lexicon.ranking import merged, mutual_ordered, ordered, ranked
from indexer.lexicon.sides import Side
from indexer.lexicon.significance import llr, significant  # noqa: F401 - llr: the significance test of learning
from indexer.lexicon.thresholds import DEFAULT, Settings
from indexer.lexicon.units import OTHER

LANGS = ("en", "ru")


LINKED_AT_ONCE = 1 << 18  # unit pairs whose link counts are looked up at a time


def learn(beads, settings: Settings = DEFAULT, procs: int = 1) -> Lexicon:
    """Learn a lexicon from aligned pairs (:class:`Bead` items); glossary pairs are added separately.

    With ``procs`` > 1 the two languages are read in two processes, and
    co-occurrences are counted and the two directions of Model 1 trained in two.
    All the pairs are learned from, unless :attr:`Settings.max_pairs` says how
    many (spread evenly, :func:`spread`).  A unit seen in fewer than
    :data:`~indexer.lexicon.model.MIN_EVIDENCE` pairs keeps up to
    :attr:`Settings.keep_weak` candidates, among which the general dictionary
    picks (:mod:`indexer.lexicon.prior`); each candidate gets its link shares
    (:mod:`indexer.lexicon.evidence`).
    """
    return _learned(beads, settings, procs)[0]


def learn_keeping(beads, settings: Settings = DEFAULT, procs: int = 1):
    """Learn as :func:`learn` does; return the lexicon and what an update goes on learning from
    (:class:`~indexer.lexicon.state.State`)."""
    beads = list(beads) if settings.max_pairs is None else spread(list(beads), settings.max_pairs)
    lexicon, read, found, links = _learned(beads, replace(settings, max_pairs=None), procs, keep=True)
    return lexicon, from_learned(lexicon, beads, read, found, links, settings)


def _learned(beads, settings: Settings, procs: int, keep: bool = False) -> tuple:
    """Return the lexicon learned (:func:`learn`); with ``keep``, also the sides with the terms read, the
    co-occurrences counted and the link counts (:func:`learn_keeping`); its arrays on small pages
    (:mod:`indexer.lexicon.pages`)."""
    with small_pages():
        return _learned_here(beads, settings, procs, keep)


def _learned_here(beads, settings: Settings, procs: int, keep: bool) -> tuple:
    """Learn as :func:`_learned` does (the pages as they are)."""
    started = time.perf_counter()
    beads = list(beads) if settings.max_pairs is None else spread(list(beads), settings.max_pairs)
    sides, bead_units = _read(beads, settings, procs, keep)
    pairs, by_links, linked, found = _associations(sides, bead_units, settings, procs)
    del bead_units
    translations = translated(pairs, by_links, linked, sides, len(beads), settings, procs=procs)
    used = {lang: set(translations[lang]) | {row[0] for rows in translations[OTHER[lang]].values() for row in rows}
            for lang in sides}
    shown = _displays(sides, used, beads, procs)
    units = {}
    for lang, side in sides.items():
        total = side.total.tolist()
        units[lang] = {key: (total[side.ids[key]], shown[lang][key]) for key in sorted(used[lang])}
        if keep:
            side.forget_occurrences()  # not kept in the learning state: room for making it
    lexicon = Lexicon(pairs=len(beads), units=units, translations=translations,
                      seconds=time.perf_counter() - started)
    return lexicon, sides, found, getattr(linked, "links", None)


def _displays(sides: dict, used: dict, beads: list, procs: int = 1) -> dict:
    """Return the display forms of the units ``used`` of each side (:meth:`~indexer.lexicon.sides.Side.displays`);
    with ``procs`` > 1 those of English in a process of their own meanwhile."""
    if procs < 2:
        return {lang: _shown(lang, sides, used, beads) for lang in LANGS}
    token = next(_TOKENS)
    _FORKED[token] = (sides, used, beads)
    try:
        with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
            english = pool.submit(_shown_forked, token, "en")
            russian = _shown("ru", sides, used, beads)
            return {"en": english.result(), "ru": russian}
    finally:
        del _FORKED[token]


# What a process forked while learning works on, by a number each learning takes: a forked process inherits it
# (the tables are far too large to send); two threads learning at once each find their own.
_FORKED: dict[int, tuple] = {}
_TOKENS = itertools.count()


def _shown_forked(token: int, lang: str) -> dict:
    """Return the display forms of one side of what :data:`_FORKED` holds under ``token`` (in a process forked by
    :func:`_displays`)."""
    return _shown(lang, *_FORKED[token])


def _shown(lang: str, sides: dict, used: dict, beads: list) -> dict:
    """Return the display forms of the units ``used`` of one side, whose runs are written in ``beads``."""
    return sides[lang].displays(used[lang], lambda b: getattr(beads[b], lang))


def translated(pairs: dict, by_links: dict | None, linked, sides: dict, n: int, settings: Settings,
               wanted: dict | None = None, parts: bool = True, procs: int = 1) -> dict:
    """Return each source unit's candidate rows, ranked, ordered and with their evidence, from the candidate
    tables by Dice of co-occurrence (``pairs``) and of link counts (``by_links``, None without Model 1) of
    ``n`` aligned pairs (see :func:`_associations`); with ``wanted`` (per language, a set of units), of those only.
    Without ``parts``, a word's part of a term is not put first (:func:`indexer.lexicon.evidence.parts_first`:
    the caller does it, with the other direction's rows of all units).  With ``procs`` > 1, the candidates by
    link counts are ordered (:func:`~indexer.lexicon.ranking.mutual_ordered`) in a process of their own
    while those by co-occurrence are ranked."""
    parts_of = lambda lang, key: sides[lang].parts(key)  # noqa: E731
    if by_links is None or procs < 2:
        translations = ordered(ranked(pairs, sides, n, settings, wanted), parts_of, settings, wanted)
        mutual = None
    else:
        token = next(_TOKENS)
        _FORKED[token] = (by_links, sides, settings)
        try:
            with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
                linked_order = pool.submit(_mutual_ordered_forked, token)
                translations = ordered(ranked(pairs, sides, n, settings, wanted), parts_of, settings, wanted)
                mutual = linked_order.result()
        finally:
            del _FORKED[token]
    if by_links is not None:
        wanted = {lang: set(table) for lang, table in translations.items()}  # the others' links are not used
        by_links = ordered(ranked(by_links, sides, n, settings, wanted, mutual), parts_of, settings, wanted)
        translations = merged(translations, by_links, settings.keep_weak)
    if parts:
        translations = evidence.parts_first(translations, settings)
    return evidence.with_shares(translations, sides, linked)


def _mutual_ordered_forked(token: int) -> dict:
    """Order the candidates by link counts :data:`_FORKED` holds under ``token`` (in a process forked by
    :func:`translated`)."""
    return mutual_ordered(*_FORKED[token])


def spread(items: list, most: int) -> list:
    """Return ``most`` of ``items`` spread evenly over them, in order (all of them if there are no more).

    >>> spread(list(range(10)), 4)
    [0, 2, 5, 7]
    """
    if len(items) <= most:
        return items
    return [items[(i * len(items)) // most] for i in range(most)]


def _read(beads: list, settings: Settings, procs: int = 1, keep: bool = False) -> tuple[dict, dict]:
    """Return the two sides of ``beads`` (:class:`~indexer.lexicon.sides.Side`) and each bead's units, per language.

    With ``procs`` > 1 each language is read in a process of its own; with ``keep`` each side keeps the terms
    it read as ``terms_read`` (:func:`indexer.lexicon.kept.kept_terms`).
    """
    if procs < 2:
        read = {lang: _read_side(lang, beads, settings, keep) for lang in LANGS}
    else:
        global _BEADS
        _BEADS = beads
        try:
            with ProcessPoolExecutor(len(LANGS), mp_context=get_context("fork")) as pool:
                read = dict(zip(LANGS, pool.map(_read_side_forked, LANGS, [settings] * len(LANGS),
                                                [keep] * len(LANGS))))
        finally:
            _BEADS = None
    return {lang: side for lang, (side, _) in read.items()}, {lang: units for lang, (_, units) in read.items()}


_BEADS = None  # what a forked process reads (:func:`_read`)


def _read_side_forked(lang: str, settings: Settings, keep: bool) -> tuple:
    """Read one language of :data:`_BEADS` (in a process forked by :func:`_read`)."""
    return _read_side(lang, _BEADS, settings, keep)


def _read_side(lang: str, beads: list, settings: Settings, keep: bool = False) -> tuple:
    """Return one language's side of ``beads`` and each bead's units of it."""
    side = Side(lang)
    for bead in beads:
        side.read(getattr(bead, lang), settings.max_run)
    terms = kept_terms(*side.read_terms()) if keep else None  # runs read once forgotten at once: most of them
    units = side.index(side.kept_runs(settings), settings)
    side.terms_read = terms
    return side, units


def _associations(sides, bead_units, settings: Settings, procs: int = 1) -> tuple:
    """Return, per source language, the candidates above the floors (:class:`~indexer.lexicon.candidates.Table`).

    Two tables: by Dice of co-occurrence counts, and (with
    :attr:`Settings.link_rounds`) by Dice of link counts (:func:`_linked`), None
    without; the function giving the link counts (None without); and the
    co-occurrences above the Dice floor (:class:`~indexer.lexicon.cooccur.Cooccurrences`).  The co-occurrences of all unit pairs are counted at once
    (:mod:`indexer.lexicon.cooccur`); ``procs`` processes train the link counts, and with two or more the
    co-occurrences are counted meanwhile in a process of their own.
    """
    en, ru = sides["en"], sides["ru"]
    floor = np.maximum(settings.min_count, settings.min_dice * en.total / 2)  # below it, Dice < min_dice
    counting = (en.beads, bead_units["ru"], len(ru.keys), floor, procs,
                DiceFloor(en.total, ru.total, settings.smooth, settings.min_dice))
    if procs < 2 or not settings.link_rounds:
        linked = _linked(sides, bead_units, settings, procs) if settings.link_rounds else None
        found = cooccur.counts(*counting)
    else:  # counted in a process of its own while the word pairs are laid out and Model 1 is trained
        global _COUNTING
        _COUNTING = (*counting[:4], 1, counting[5])
        try:
            with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
                counted = pool.submit(_count_forked)
                linked = _linked(sides, bead_units, settings, procs)
                found = counted.result()
        finally:
            _COUNTING = None
    es, rs, ks = found.en, found.ru, found.count
    n_e, n_r = en.total[es], ru.total[rs].astype(np.float64)
    dice = 2.0 * ks / (n_e + n_r + settings.smooth)
    n = len(bead_units["en"])
    # a pair seen once is a candidate only for a unit seen once; and only a significant association is kept
    for_en = significant(ks, n_e, n_r, n, settings.min_llr, where=(ks > 1) | (n_e == 1))
    for_ru = significant(ks, n_r, n_e, n, settings.min_llr, where=(ks > 1) | (n_r == 1))
    out = directions(es, rs, dice, ks, for_en, for_ru)
    if linked is None:
        return out, None, None, found
    keep = for_en | for_ru
    es, rs, ks, n_e, n_r, for_en, for_ru = (a[keep] for a in (es, rs, ks, n_e, n_r, for_en, for_ru))
    dice = 2.0 * linked(es, rs, ks) / (n_e + n_r + settings.smooth)  # once co-occurrence has found the candidates
    keep = dice >= settings.min_link_dice
    return out, directions(es, rs, dice, ks, for_en & keep, for_ru & keep), linked, found


_COUNTING = None  # the arguments of the co-occurrences a forked process counts (:func:`_associations`)


def _count_forked():
    """Count the co-occurrences :data:`_COUNTING` says (in a process forked by :func:`_associations`)."""
    return cooccur.counts(*_COUNTING)


@dataclass(frozen=True)
class DiceFloor:
    """Tells of unit pairs whether they score at least ``least`` by Dice's coefficient (:func:`_associations`)."""

    en_total: np.ndarray  # aligned pairs each English unit occurs in
    ru_total: np.ndarray  # and each Russian one
    smooth: float
    least: float

    def __call__(self, en: np.ndarray, ru: np.ndarray, count: np.ndarray) -> np.ndarray:
        return 2.0 * count / (self.en_total[en] + self.ru_total[ru].astype(np.float64) + self.smooth) >= self.least


def _linked(sides, bead_units, settings: Settings, procs: int = 1):
    """Return ``linked(es, rs, ks)``: the counts by which English units ``es`` and Russian units ``rs`` are scored.

    Of two words, their link count (Model 1, :mod:`indexer.lexicon.links`): ``организация``
    is hardly linked with ``nations``, with which it co-occurs as often as with
    ``organization``.  Of units of several words, the least link count of a
    word of either with the best linked word of the other, at most ``ks``, the
    pairs they share (``организация`` and ``United Nations``: low).
    """
    words = {lang: bead_units[lang].where(side.single) for lang, side in sides.items()}
    links: Links = link_counts(words["en"], words["ru"], len(sides["en"].keys), len(sides["ru"].keys),
                               settings.link_rounds, procs)
    return linked_by(links, sides["en"].word_ids(), sides["ru"].word_ids())


def linked_by(links: Links, en_words: np.ndarray, ru_words: np.ndarray):
    """Return ``linked(es, rs, ks)`` of :func:`_linked` from the link counts of words, ``en_words`` and
    ``ru_words`` giving each unit's words (:meth:`~indexer.lexicon.sides.Side.word_ids`)."""

    def linked(es: np.ndarray, rs: np.ndarray, ks: np.ndarray) -> np.ndarray:
        out = np.zeros(len(es))
        for at in range(0, len(es), LINKED_AT_ONCE):
            part = slice(at, at + LINKED_AT_ONCE)
            out[part] = _least_links(links, en_words[es[part]], ru_words[rs[part]], ks[part])
        return out

    linked.links = links  # what an update goes on from (:func:`learn_keeping`)
    return linked


def _least_links(links: Links, mine: np.ndarray, theirs: np.ndarray, ks: np.ndarray) -> np.ndarray:
    """Return of each unit pair the least link count of a word of either with the best linked word of the other.

    ``mine`` and ``theirs`` give the words of the English and the Russian units
    (:meth:`~indexer.lexicon.sides.Side.word_ids`, -1 for none); the counts are at most ``ks``.  A
    unit without words (too rare to be units, :attr:`Settings.min_count`) has none.
    """
    words = (mine >= 0)[:, :, None] & (theirs >= 0)[:, None, :]
    table = np.zeros(words.shape)  # the link count of each English word with each Russian word
    pair, en, ru = np.nonzero(words)
    table[pair, en, ru] = links.lookup(mine[pair, en], theirs[pair, ru])
    each_ru = _least(np.where(theirs >= 0, _most(table, 1), np.inf))  # each Russian word linked with an English one
    each_en = _least(np.where(mine >= 0, _most(table, 2), np.inf))  # and each English word with a Russian one
    return np.where((mine >= 0).any(axis=1), np.minimum(np.minimum(ks, each_ru), each_en), 0.0)


def _most(table: np.ndarray, axis: int) -> np.ndarray:
    """Return the greatest of a short axis of ``table`` (element by element: faster than a reduction)."""
    columns = np.moveaxis(table, axis, 0)
    out = columns[0].copy()
    for column in columns[1:]:
        np.maximum(out, column, out=out)
    return out


def _least(table: np.ndarray) -> np.ndarray:
    """Return the least of each row of a table of a few columns (element by element)."""
    out = table[:, 0].copy()
    for column in range(1, table.shape[1]):
        np.minimum(out, table[:, column], out=out)
    return out


