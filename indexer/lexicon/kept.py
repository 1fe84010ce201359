"""The learning state of a lexicon learned from all its aligned pairs (:func:`indexer.lexicon.learn.learn_keeping`).

Learning numbers the units it keeps in the order of their keys; the state
numbers every word and run read (*terms*) as first met, so that an update can
add terms without renumbering (:mod:`indexer.lexicon.state`).  Runs read in one
aligned pair only are forgotten: they are most of the runs and never a unit.
"""

from __future__ import annotations

import math

import numpy as np

from indexer.lexicon.model import Lexicon
from indexer.lexicon.state import LANGS, Rows, State, Terms, digest_array
from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import SEPARATOR


def from_learned(lexicon: Lexicon, beads: list, sides: dict, found, links, settings: Settings) -> State:
    """Return the state of ``lexicon``, learned from ``beads`` with the ``sides`` read (their ``terms_read``:
    :func:`kept_terms`),
    the co-occurrences ``found`` and the link counts ``links`` (None without Model 1)."""
    terms, unit_terms, numbers = {}, {}, {}
    for lang in LANGS:
        side = sides[lang]
        terms[lang], number = side.terms_read
        unit_terms[lang] = number[side.provisional]  # unit id -> term number
        numbers[lang] = {name: i for i, name in enumerate(terms[lang].names)}
    en, ru = unit_terms["en"], unit_terms["ru"]
    if links is None or links.to_ru is None:
        empty = np.zeros(0, dtype=np.int64)
        m1 = (empty, empty, np.zeros(0), np.zeros(0))
    else:
        m1 = _by_terms(en[links.keys // links.ru_units], ru[links.keys % links.ru_units], links.to_ru, links.to_en)
    co = _by_terms(*candidates(en[found.en], ru[found.ru], found.count, sides["en"].total[found.en],
                               sides["ru"].total[found.ru]))
    rows = {lang: table_rows(lexicon.translations[lang], numbers[lang], numbers[other])
            for lang, other in (("en", "ru"), ("ru", "en"))}
    displays = {lang: {numbers[lang][key]: display for key, (_, display) in lexicon.units[lang].items()}
                for lang in LANGS}
    return State(repr(settings), terms, digest_array(beads), *co, *m1, rows, displays)


def _by_terms(en: np.ndarray, ru: np.ndarray, *values) -> tuple:
    """Return word or unit pairs and their ``values`` ordered by English term, then Russian term."""
    order = np.lexsort((ru, en))
    return (en[order], ru[order], *(v[order] for v in values))


def candidates(en: np.ndarray, ru: np.ndarray, count: np.ndarray, en_df: np.ndarray, ru_df: np.ndarray) -> tuple:
    """Return the co-occurring unit pairs ``(en, ru, count)`` that may be candidates: those sharing two aligned pairs
    or more, or one when either unit occurs in no other (``en_df``, ``ru_df``: the pairs each unit occurs in)."""
    keep = (count > 1) | ((count > 0) & ((en_df == 1) | (ru_df == 1)))
    return en[keep], ru[keep], count[keep]


def kept_terms(names: list, at: np.ndarray, ids: np.ndarray) -> tuple[Terms, np.ndarray]:
    """Return the terms kept of those read (words, and runs read in two pairs or more) and the new number of
    each read term (-1: forgotten)."""
    df = np.bincount(ids, minlength=len(names))
    run = np.fromiter((SEPARATOR in name for name in names), dtype=bool, count=len(names))
    keep = ~run | (df >= 2)
    number = np.full(len(names), -1, dtype=np.int64)
    number[keep] = np.arange(int(keep.sum()), dtype=np.int64)
    kept = [name for name, k in zip(names, keep.tolist()) if k]
    owner = np.repeat(np.arange(len(at) - 1, dtype=np.int64), np.diff(at))
    mine = keep[ids]
    offsets = np.zeros(len(at), dtype=np.int64)
    np.cumsum(np.bincount(owner[mine], minlength=len(at) - 1), out=offsets[1:])
    return Terms(kept, df[keep], parts_of(kept, {}), offsets, number[ids[mine]]), number


def parts_of(names: list, known: dict, first: int = 0) -> np.ndarray:
    """Return the numbers of the words of each of ``names`` (numbered from ``first``; ``known`` maps the words
    numbered before to their numbers), three columns, -1 past the last word."""
    number = dict(known)
    number.update((name, first + i) for i, name in enumerate(names) if SEPARATOR not in name)
    out = np.full((len(names), 3), -1, dtype=np.int64)
    for i, name in enumerate(names):
        for j, word in enumerate(name.split(SEPARATOR)[:3]):
            out[i, j] = number.get(word, -1)
    return out


def table_rows(table: dict, sources: dict, targets: dict) -> Rows:
    """Return a direction's candidate rows ``(target, score, count, source, forward, backward, …)`` as arrays."""
    flat = [(sources[key], targets[row[0]], row[1], row[2], _nan(row[4]), _nan(row[5]))
            for key, rows in table.items() for row in rows]
    columns = list(zip(*flat)) if flat else [()] * 6
    return Rows(*(np.asarray(c, dtype=np.int64) for c in columns[:2]), np.asarray(columns[2], dtype=np.float64),
                np.asarray(columns[3], dtype=np.int64), *(np.asarray(c, dtype=np.float64) for c in columns[4:]))


def _nan(value) -> float:
    return math.nan if value is None else value
