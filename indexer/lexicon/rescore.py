"""Ranking again the units an update touches, and the lexicon with the others' candidates as they were.

A unit's candidates change when its counts do, or those of one of its
candidates: the units of the aligned pairs added or removed, and the units
whose candidates include one of those, are *touched*.  Their candidates are
scored and ranked as learning does (:func:`indexer.lexicon.learn.translated`),
over the co-occurrences of the units involved: the touched ones, and the
first candidates of those with the words they are made of (whose own
candidates decide which are mutual, :func:`indexer.lexicon.ranking.ranked`).
The other units keep the candidates the state holds.
"""

from __future__ import annotations

import math
from itertools import repeat
from dataclasses import replace

import numpy as np

from indexer.lexicon.candidates import best, directions
from indexer.lexicon.kept import table_rows
from indexer.lexicon.evidence import part_first
from indexer.lexicon.learn import linked_by, translated
from indexer.lexicon.links import Links
from indexer.lexicon.model import CORPUS, MIN_EVIDENCE, Lexicon
from indexer.lexicon.online import Change, bead_terms, changes, cooccurring, counted, linked, units
from indexer.lexicon.sides import Side
from indexer.lexicon.significance import significant
from indexer.lexicon.state import LANGS, Rows, State
from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import OTHER


def touched(old: State, new: State, change: Change, read: dict, settings: Settings) -> dict:
    """Return, per language, which terms the update touches (bool per term, see the module's docstring): those of
    the pairs added or removed, those that become units or cease to be, and the units whose candidates are among
    those."""
    out = {}
    for lang in LANGS:
        size = len(new.terms[lang].names)
        mask = np.zeros(size, dtype=bool)
        mask[read[lang].ids] = True
        mask[bead_terms(old.terms[lang], change.removed, np.ones(len(old.terms[lang].names), dtype=bool))[1]] = True
        was = units(old.terms[lang], settings)
        mask[:len(was)] |= was != units(new.terms[lang], settings)[:len(was)]
        out[lang] = mask
    first = {lang: mask.copy() for lang, mask in out.items()}
    for lang in LANGS:  # one step on: the units whose candidates include a touched one
        rows = old.rows[lang]
        out[lang][rows.source[first[OTHER[lang]][rows.target]]] = True
    return out


def relearned(old: State, new: State, change: Change, read: dict, settings: Settings) -> tuple[Lexicon, State]:
    """Return the lexicon learned from the updated state ``new`` (``old`` before the ``change``), with its
    candidate rows and display forms kept in the state."""
    unit = {lang: units(new.terms[lang], settings) for lang in LANGS}
    links = Links(new.m1_en * len(new.terms["ru"].names) + new.m1_ru, (new.to_ru + new.to_en) / 2,
                  len(new.terms["ru"].names))
    mine = touched(old, new, change, read, settings)
    first = _Universe(new, _pairs(new, unit, mine, settings), settings)
    involved = {lang: mine[lang].copy() for lang in LANGS}
    tables = first.tables(mine, tested=False)[0]
    for lang in LANGS:  # the first candidates of the touched units, and their words
        table, other = tables[lang], OTHER[lang]
        keep = np.where(first.sides[lang].total < MIN_EVIDENCE, settings.keep_weak, settings.keep)
        targets = first.terms[other][table.target[best(table, first.sides[other].sizes, keep)]]
        involved[other][targets] = True
        words = new.terms[other].parts[targets]
        involved[other][words[words >= 0]] = True
    ranking = _Universe(new, _pairs(new, unit, involved, settings), settings)
    linked = linked_by(links, *(new.terms[lang].parts[ranking.terms[lang]] for lang in LANGS))
    wanted = {lang: {key for key, t in zip(ranking.sides[lang].keys, ranking.terms[lang].tolist()) if mine[lang][t]}
              for lang in LANGS}
    found = translated(*ranking.tables(involved, linked), linked, ranking.sides, new.pairs, settings, wanted,
                       parts=False)
    translations, stays, numbers = {}, {}, {lang: ranking.numbers(lang) for lang in LANGS}
    for lang in LANGS:
        other = OTHER[lang]
        kept = old.rows[lang]
        stays[lang] = ~mine[lang][kept.source]
        translations[lang] = _stored(kept, stays[lang], new.terms[lang].names, new.terms[other].names,
                                     numbers[lang], numbers[other])
        translations[lang].update((key, rows) for key, rows in found[lang].items() if mine[lang][numbers[lang][key]])
    fresh = {lang: {key: part_first(key, translations[lang][key], translations[OTHER[lang]], settings)
                    for key in found[lang] if mine[lang][numbers[lang][key]]}
             for lang in LANGS}  # a word's part of a term first, with the other direction's rows of all units
    rows = {}
    for lang in LANGS:
        translations[lang].update(fresh[lang])
        added, kept = table_rows(fresh[lang], numbers[lang], numbers[OTHER[lang]]), old.rows[lang]
        rows[lang] = Rows(*(np.concatenate((getattr(kept, f)[stays[lang]], getattr(added, f))) for f in _FIELDS))
    lexicon, displays = _lexicon(new, translations, change, read, numbers)
    return lexicon, State(new.settings, new.terms, new.digests, new.co_en, new.co_ru, new.co_count, new.m1_en,
                          new.m1_ru, new.to_ru, new.to_en, rows, displays)


_FIELDS = ("source", "target", "score", "count", "forward", "backward")


def _stored(rows: Rows, stays: np.ndarray, names: list, theirs: list, numbers: dict, their_numbers: dict) -> dict:
    """Return the candidate rows ``stays`` selects of the state's, by unit, and note the term numbers of the units
    they name in ``numbers`` and ``their_numbers``."""
    source, target = rows.source[stays], rows.target[stays]
    targets = list(map(theirs.__getitem__, target.tolist()))
    their_numbers.update(zip(targets, target.tolist()))
    shares = [[None if math.isnan(x) else x for x in getattr(rows, f)[stays].tolist()] for f in ("forward", "backward")]
    flat = list(zip(targets, rows.score[stays].tolist(), rows.count[stays].tolist(), repeat(CORPUS), *shares,
                    repeat(0.0)))
    starts = np.flatnonzero(np.concatenate(([True], source[1:] != source[:-1]))) if len(source) else source
    firsts = source[starts].tolist()
    numbers.update(zip(map(names.__getitem__, firsts), firsts))
    ends = [*starts[1:].tolist(), len(flat)]
    return {names[s]: flat[a:b] for s, a, b in zip(firsts, starts.tolist(), ends)}


def _pairs(state: State, unit: dict, wanted: dict, settings: Settings) -> tuple:
    """Return the co-occurring unit pairs ``(en, ru, count)`` of the units ``wanted`` (bool per term, per
    language) at learning's Dice floor."""
    es, rs, ks = state.co_en, state.co_ru, state.co_count
    keep = (wanted["en"][es] | wanted["ru"][rs]) & unit["en"][es] & unit["ru"][rs]
    es, rs, ks = es[keep], rs[keep], ks[keep]
    dice = 2.0 * ks / (state.terms["en"].df[es] + state.terms["ru"].df[rs] + settings.smooth)
    keep = (dice >= settings.min_dice) & (ks >= settings.min_count)
    return es[keep], rs[keep], ks[keep]


class _Universe:
    """Co-occurring unit pairs with the units they name numbered in the order of their keys, as learning numbers
    its units (so that ties are broken the same way), and a :class:`Side` of those units per language."""

    def __init__(self, state: State, pairs: tuple, settings: Settings):
        self.state, self.settings = state, settings
        self.terms, self.sides, local = {}, {}, {}
        for lang, ids in zip(LANGS, pairs[:2]):
            terms = state.terms[lang]
            found = np.unique(ids).tolist()
            found.sort(key=terms.names.__getitem__)
            self.terms[lang] = np.asarray(found, dtype=np.int64)  # local number -> term number
            local[lang] = np.full(len(terms.names), -1, dtype=np.int64)
            local[lang][self.terms[lang]] = np.arange(len(found), dtype=np.int64)
            side = self.sides[lang] = Side(lang)
            side.keys = [terms.names[t] for t in found]
            side.ids = {key: i for i, key in enumerate(side.keys)}
            side.total = terms.df[self.terms[lang]]
            side.single = terms.words()[self.terms[lang]] == 1
            side.sizes = np.fromiter(map(len, side.keys), dtype=np.int64, count=len(side.keys))
        self.pairs = (local["en"][pairs[0]], local["ru"][pairs[1]], pairs[2])

    def numbers(self, lang: str) -> dict:
        """Return the term number of each unit's key."""
        return dict(zip(self.sides[lang].keys, self.terms[lang].tolist()))

    def tables(self, wanted: dict, linked=None, tested: bool = True) -> tuple:
        """Return the candidate tables of the units ``wanted`` (bool per term, per language), by Dice of
        co-occurrence and (with ``linked``) of link counts, as :func:`indexer.lexicon.learn._associations` does
        (without ``tested``, the pairs are not tested for significance: more candidates, found sooner)."""
        settings = self.settings
        es, rs, ks = self.pairs
        n_e, n_r = self.sides["en"].total[es], self.sides["ru"].total[rs].astype(np.float64)
        dice = 2.0 * ks / (n_e + n_r + settings.smooth)
        for_en = ((ks > 1) | (n_e == 1)) & wanted["en"][self.terms["en"][es]]
        for_ru = ((ks > 1) | (n_r == 1)) & wanted["ru"][self.terms["ru"][rs]]
        if tested:
            n = self.state.pairs
            for_en[for_en] = significant(ks[for_en], n_e[for_en], n_r[for_en], n, settings.min_llr)
            for_ru[for_ru] = significant(ks[for_ru], n_r[for_ru], n_e[for_ru], n, settings.min_llr)
        out = directions(es, rs, dice, ks, for_en, for_ru)
        if linked is None or not settings.link_rounds:
            return out, None
        keep = for_en | for_ru
        es, rs, ks, n_e, n_r, for_en, for_ru = (a[keep] for a in (es, rs, ks, n_e, n_r, for_en, for_ru))
        dice = 2.0 * linked(es, rs, ks) / (n_e + n_r + settings.smooth)
        keep = dice >= settings.min_link_dice
        return out, directions(es, rs, dice, ks, for_en & keep, for_ru & keep)


def _lexicon(state: State, translations: dict, change: Change, read: dict, numbers: dict) -> tuple[Lexicon, dict]:
    """Return the lexicon of ``translations`` with the counts and display forms of the units it names
    (``numbers``: their term numbers), and the display forms kept (those of units new to the lexicon read from
    the new pairs, :attr:`Read.side`)."""
    units, displays = {}, {}
    for lang in LANGS:
        used = set(translations[lang]) | {row[0] for rows in translations[OTHER[lang]].values() for row in rows}
        terms, ids = state.terms[lang], numbers[lang]
        kept = state.displays[lang]
        side = read[lang].side
        shown = side.displays({k for k in used if ids[k] not in kept and k in side.ids},
                              lambda b, lang=lang: getattr(change.added[b], lang)) if side.keys else {}
        displays[lang] = {ids[k]: kept.get(ids[k]) or shown.get(k, k) for k in used}
        units[lang] = {k: (int(terms.df[ids[k]]), displays[lang][ids[k]]) for k in sorted(used)}
    return Lexicon(pairs=state.pairs, units=units, translations=translations), displays


def learn_on(state: State, beads: list, settings: Settings, change: Change | None = None) -> tuple:
    """Return the lexicon of aligned pairs ``beads`` (all of the new generation's) learned on from ``state``
    (:mod:`indexer.lexicon.online`), its state, and what changed (``change``, if known: :func:`changes`)."""
    change = changes(state.digests, beads) if change is None else change
    terms, read = counted(state, change, settings)
    new = replace(state, terms=terms, digests=np.concatenate((state.digests[~change.removed], change.added_digests)))
    co = cooccurring(state, terms, read, change, settings)
    m1 = linked(state, terms, read, change)
    new = replace(new, co_en=co[0], co_ru=co[1], co_count=co[2], m1_en=m1[0], m1_ru=m1[1], to_ru=m1[2],
                  to_en=m1[3])
    lexicon, new = relearned(state, new, change, read, settings)
    return lexicon, new, change
