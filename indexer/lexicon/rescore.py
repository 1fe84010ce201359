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
from dataclasses import replace

import numpy as np

from indexer.lexicon.candidates import best, directions
from indexer.lexicon.kept import table_rows
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
    """Return, per language, which terms the update touches (bool per term, see the module's docstring)."""
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
    sides = {lang: _side(lang, new) for lang in LANGS}
    unit = {lang: units(new.terms[lang], settings) for lang in LANGS}
    links = Links(new.m1_en * len(new.terms["ru"].names) + new.m1_ru, (new.to_ru + new.to_en) / 2,
                  len(new.terms["ru"].names))
    linked = linked_by(links, new.terms["en"].parts, new.terms["ru"].parts)
    mine = touched(old, new, change, read, settings)
    first = _tables(new, sides, unit, mine, None, settings, tested=False)[0]
    involved = {lang: mine[lang].copy() for lang in LANGS}
    for lang in LANGS:  # the first candidates of the touched units, and their words
        table = first[lang]
        keep = np.where(sides[lang].total < MIN_EVIDENCE, settings.keep_weak, settings.keep)
        targets = table.target[best(table, sides[OTHER[lang]].sizes, keep)]
        other = OTHER[lang]
        involved[other][targets] = True
        words = new.terms[other].parts[targets]
        involved[other][words[words >= 0]] = True
    pairs, by_links = _tables(new, sides, unit, involved, linked, settings)
    found = translated(pairs, by_links, linked, sides, new.pairs, settings)
    translations, rows = {}, {}
    for lang in LANGS:
        other = OTHER[lang]
        fresh = {key: found_rows for key, found_rows in found[lang].items() if mine[lang][sides[lang].ids[key]]}
        kept = old.rows[lang]
        stays = ~mine[lang][kept.source]
        sides[lang].ids.learn(np.unique(kept.source[stays]).tolist())
        sides[other].ids.learn(np.unique(kept.target[stays]).tolist())
        names, theirs = new.terms[lang].names, new.terms[other].names
        translations[lang] = table = {}
        for s, t, score, count, forward, backward in zip(*(getattr(kept, f)[stays].tolist() for f in _FIELDS)):
            table.setdefault(names[s], []).append((theirs[t], score, count, CORPUS, _none(forward),
                                                  _none(backward), 0.0))
        table.update(fresh)
        added = table_rows(fresh, sides[lang].ids, sides[other].ids)
        rows[lang] = Rows(*(np.concatenate((getattr(kept, f)[stays], getattr(added, f))) for f in _FIELDS))
    lexicon, displays = _lexicon(new, translations, change, read, sides)
    return lexicon, State(new.settings, new.terms, new.digests, new.co_en, new.co_ru, new.co_count, new.m1_en,
                          new.m1_ru, new.to_ru, new.to_en, rows, displays)


_FIELDS = ("source", "target", "score", "count", "forward", "backward")


def _none(value: float):
    return None if math.isnan(value) else value


def _side(lang: str, state: State) -> Side:
    """Return a :class:`Side` over the state's terms (numbered as the state numbers them), for ranking."""
    terms = state.terms[lang]
    side = Side(lang)
    side.keys = terms.names
    side.ids = _Numbers(terms.names)
    side.total = terms.df
    side.single = terms.words() == 1
    side.sizes = np.zeros(len(terms.names), dtype=np.int64)
    return side


class _Numbers(dict):
    """The numbers of the terms asked for (the whole table would cost as much as there are terms)."""

    def __init__(self, names: list):
        super().__init__()
        self._names = names

    def learn(self, numbers) -> None:
        self.update((self._names[i], i) for i in numbers)


def _tables(state: State, sides: dict, unit: dict, wanted: dict, linked, settings: Settings,
            tested: bool = True) -> tuple:
    """Return the candidate tables of the units ``wanted`` (bool per term, per language), by Dice of
    co-occurrence and (with ``linked``) of link counts, as :func:`indexer.lexicon.learn._associations` does
    (without ``tested``, the pairs are not tested for significance: more candidates, found sooner)."""
    es, rs, ks = state.co_en, state.co_ru, state.co_count
    keep = (wanted["en"][es] | wanted["ru"][rs]) & unit["en"][es] & unit["ru"][rs]
    es, rs, ks = es[keep], rs[keep], ks[keep]
    n_e, n_r = sides["en"].total[es], sides["ru"].total[rs].astype(np.float64)
    dice = 2.0 * ks / (n_e + n_r + settings.smooth)
    keep = (dice >= settings.min_dice) & (ks >= settings.min_count)
    es, rs, ks, n_e, n_r, dice = (a[keep] for a in (es, rs, ks, n_e, n_r, dice))
    for lang, ids in (("en", es), ("ru", rs)):
        found = np.unique(ids)
        sides[lang].ids.learn(found.tolist())
        sides[lang].sizes[found] = [len(sides[lang].keys[i]) for i in found.tolist()]
    n = state.pairs
    for_en = ((ks > 1) | (n_e == 1)) & wanted["en"][es]
    for_ru = ((ks > 1) | (n_r == 1)) & wanted["ru"][rs]
    if tested:
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


def _lexicon(state: State, translations: dict, change: Change, read: dict, sides: dict) -> tuple[Lexicon, dict]:
    """Return the lexicon of ``translations`` with the counts and display forms of the units it names, and the
    display forms kept (those of units new to the lexicon read from the new pairs, :attr:`Read.side`)."""
    units, displays = {}, {}
    for lang in LANGS:
        used = set(translations[lang]) | {row[0] for rows in translations[OTHER[lang]].values() for row in rows}
        terms, ids = state.terms[lang], sides[lang].ids
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
    change = changes(state, beads) if change is None else change
    terms, read = counted(state, change, settings)
    new = replace(state, terms=terms, digests=np.concatenate((state.digests[~change.removed], change.added_digests)))
    co = cooccurring(state, terms, read, change, settings)
    m1 = linked(state, terms, read, change)
    new = replace(new, co_en=co[0], co_ru=co[1], co_count=co[2], m1_en=m1[0], m1_ru=m1[1], to_ru=m1[2],
                  to_en=m1[3])
    lexicon, new = relearned(state, new, change, read, settings)
    return lexicon, new, change
