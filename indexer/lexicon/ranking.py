"""Ranking a unit's candidate translations: mutual ones first, nested ones of the right length first, merged.

The tables of candidates above the floors (:mod:`indexer.lexicon.candidates`)
become, per source unit, rows ``(target, score, count, source)``: the first
:attr:`~indexer.lexicon.thresholds.Settings.keep` by score, mutual candidates
moved ahead (:func:`ranked`), of nested candidates that score about the same
the one whose length fits the unit (:func:`ordered`), and the first by Dice of
co-occurrence followed by the others by Dice of link counts (:func:`merged`).
"""

from __future__ import annotations

import numpy as np

from indexer.lexicon.candidates import Table, best, mutual_first, places
from indexer.lexicon.model import CORPUS, MIN_EVIDENCE
from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import OTHER, SEPARATOR


def ranked(tables: dict, sides, n: int, settings: Settings, wanted: dict | None = None,
           mutual: dict | None = None) -> dict[str, dict[str, list]]:
    """Return each source unit's significant candidates as rows, best Dice first (at most ``keep``), mutual ones first.

    Of the first :attr:`Settings.keep` candidates of a unit, those that rank the
    unit among their own first :attr:`Settings.mutual_rank` go first
    (:func:`~indexer.lexicon.candidates.mutual_first`), the others being indirect
    associations: ``организация`` occurs with ``United Nations`` more often than
    with ``organization``, but ``United Nations`` is the translation of
    ``Объединенных Наций``, not of ``организация``: its own best candidates do
    not include ``организация``.  A candidate moves ahead only if its score is
    at least :attr:`Settings.promote_share` of the best one.

    With ``wanted`` (per language, a set of units), only those units get all
    their rows; the other words only their first (what :func:`_translates` reads).
    ``mutual``: the candidates of ``tables`` in that order, found before (:func:`mutual_ordered`).
    """
    mutual = mutual_ordered(tables, sides, settings) if mutual is None else mutual
    out = {}
    for lang, (ranked, scores, rounded) in mutual.items():
        if wanted is not None:
            side = sides[lang]
            full = np.zeros(len(side.keys), dtype=bool)
            full[[side.ids[key] for key in wanted[lang]]] = True
            keep = full[ranked.source] | (side.single[ranked.source] & (places(ranked.source) == 0))
            ranked, scores = ranked.subset(keep), scores[keep]
        out[lang] = _rows(ranked, scores, rounded, sides[lang].keys, sides[OTHER[lang]].keys)
    return out


def mutual_ordered(tables: dict, sides, settings: Settings) -> dict[str, tuple[Table, np.ndarray, list]]:
    """Return per language the first candidates of each unit, ordered as :func:`ranked` says, with the number of
    each one's rounded score and the rounded scores."""
    kept, scores, rounded = {}, {}, {}
    for lang, table in tables.items():
        keep = np.where(sides[lang].total < MIN_EVIDENCE, settings.keep_weak, settings.keep)
        kept[lang] = table.subset(best(table, sides[OTHER[lang]].sizes, keep))
        values, score_of = np.unique(kept[lang].dice, return_inverse=True)
        rounded[lang] = [round(value, 3) for value in values.tolist()]  # as Python rounds them: a few thousand
        scores[lang] = score_of.reshape(-1)
    out = {}
    for lang, ranked in kept.items():
        order = mutual_first(ranked, np.asarray(rounded[lang])[scores[lang]], kept[OTHER[lang]],
                             settings.mutual_rank, settings.promote_share)
        out[lang] = (ranked.subset(order), scores[lang][order], rounded[lang])
    return out


def _rows(ranked: Table, scores: np.ndarray, rounded: list, source_keys: list, target_keys: list) -> dict[str, list]:
    """Return the candidates of each source unit as rows ``(target, score, count, source)``, grouped as ranked."""
    out: dict[str, list] = {}
    last, rows = -1, None
    for s, t, score, k in zip(ranked.source.tolist(), ranked.target.tolist(), scores.tolist(),
                              ranked.count.tolist()):
        if s != last:
            last, rows = s, []
            out[source_keys[s]] = rows
        rows.append((target_keys[t], rounded[score], k, CORPUS))
    return out


def ordered(ranked: dict[str, dict], parts_of, settings: Settings, wanted: dict | None = None) -> dict[str, dict]:
    """Order each unit's candidates, ranked with mutual ones first (:func:`ranked`), nested ones first (:func:`_nested_first`).

    ``parts_of(lang, key)`` returns the word units a unit is made of.  Runs whose
    best candidate scores less than :attr:`Settings.min_run_score` are dropped.
    With ``wanted`` (per language, a set of units), only those are ordered.
    """
    out = {}
    for lang, table in ranked.items():
        out[lang] = {}
        reverse = ranked[OTHER[lang]]
        for key, rows in table.items():
            if wanted is not None and key not in wanted[lang]:
                continue
            rows = _nested_first(rows, lambda: parts_of(lang, key), reverse, settings)  # noqa: B023 - called at once
            if SEPARATOR in key and rows[0][1] < settings.min_run_score:
                continue  # a run of words that is not a term of its own
            out[lang][key] = rows
    return out


def merged(by_dice: dict, by_links: dict, keep: int) -> dict:
    """Return each unit's first candidate by Dice of co-occurrence, then its others by Dice of link counts.

    Co-occurrence is the better judge of which unit, of a word and the terms
    it is part of, a unit translates as (``peacekeeping``: ``поддержание мира``,
    not ``поддержание``); link counts of the other candidates, which do not
    merely keep the first company (``among``: ``среди``, ``между``, not
    ``уважение``).
    """
    out = {}
    for lang, table in by_dice.items():
        out[lang] = {}
        for key, rows in table.items():
            first = rows[0]
            others = [row for row in by_links[lang].get(key, ()) if row[0] != first[0]]
            out[lang][key] = [first, *others][:keep]
    return out


def _nested_first(rows: list, parts_of, reverse: dict, settings: Settings) -> list:
    """Of the first candidate and those nested with it that score about the same, put first the right length.

    Dice favours the shorter of two nested units (``nuclear`` over ``nuclear
    weapons``: the longer can only occur less often), and the longer when the
    shorter also occurs without it (``gender equality`` over ``equality``).  Of
    nested candidates within :attr:`Settings.nested_margin` of the first, the
    longest whose extra words translate (first candidate) words of the source
    goes first (a word translates a word of the source when its first
    candidate is or contains that word): ``ядерное оружие`` → ``nuclear
    weapons`` (``weapons`` → ``оружие``), ``Secretary-General`` →
    ``Генеральный секретарь`` (``генеральный`` → ``general``), but ``равенство``
    → ``equality`` (``gender`` → ``гендерный``, not a word of ``равенство``).
    ``parts_of()`` returns the word units the source is made of (asked only
    when needed).
    """
    if len(rows) < 2:
        return rows
    first = rows[0]
    close = [row for row in rows if first[1] - row[1] <= settings.nested_margin]
    if len(close) < 2:
        return rows
    words = {row[0]: set(row[0].split(SEPARATOR)) for row in close}
    family = [row for row in close if words[row[0]] <= words[first[0]] or words[first[0]] <= words[row[0]]]
    if len(family) < 2:
        return rows
    shortest = min(family, key=lambda row: (len(words[row[0]]), rows.index(row)))
    best = shortest
    parts = None
    for row in sorted(family, key=lambda row: (-len(words[row[0]]), rows.index(row))):
        if not words[shortest[0]] <= words[row[0]]:
            continue
        extra = words[row[0]] - words[shortest[0]]
        if extra and parts is None:
            parts = parts_of()
        if all(_translates(x, parts, reverse) for x in extra):
            best = row
            break
    return [best, *(row for row in rows if row is not best)]


def _translates(word: str, parts: set, reverse: dict) -> bool:
    """Tell whether the first candidate of ``word`` is, or contains, one of ``parts``."""
    found = reverse.get(word)
    return bool(found) and bool(set(found[0][0].split(SEPARATOR)) & parts)
