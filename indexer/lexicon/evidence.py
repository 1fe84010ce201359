"""The evidence of learned candidates: rivals left out, a word before the term it is part of, link shares both ways.

After ranking (:mod:`indexer.lexicon.ranking`), each unit's candidates are
checked against the other direction, as competitive linking does:

- a candidate whose own first translation is another unit, seen in enough
  pairs and scoring :attr:`~indexer.lexicon.thresholds.Settings.rival_ratio`
  times as much, is an indirect association
  and is left out (``religion``: not ``раса``, which translates ``race``; in a
  list "race, sex, language, religion" the words always occur together, and
  only the other direction tells them apart);
- a single word whose first candidate is a term containing a word that
  translates it back (``генеральный`` → ``general assembly``, ``general`` →
  ``генеральный``) is translated by that word first;
- each candidate gets the shares of the pairs of either unit in which IBM
  Model 1 links the two (:mod:`indexer.lexicon.links`): ``p(target | unit)``
  and ``p(unit | target)``, shown as its evidence.
"""

from __future__ import annotations

import numpy as np

from indexer.lexicon.model import CORPUS, MIN_EVIDENCE
from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import OTHER, SEPARATOR


def without_rivals(translations: dict, settings: Settings) -> dict:
    """Return the candidates without the indirect associations another unit explains better (see the module)."""
    out = {}
    for lang, table in translations.items():
        reverse = translations[OTHER[lang]]
        out[lang] = {}
        for key, rows in table.items():
            kept = [row for row in rows if not _rival(key, row, reverse, settings)]
            out[lang][key] = kept or rows[:1]
    return out


def _rival(key: str, row: tuple, reverse: dict, settings: Settings) -> bool:
    """Tell whether the target of ``row`` translates another unit much better than ``key`` (and not ``key`` too)."""
    back = reverse.get(row[0])
    if not back or back[0][0] == key or back[0][2] < MIN_EVIDENCE:
        return False  # among the words of one or two pairs, scores tell nothing
    words, theirs = set(key.split(SEPARATOR)), set(back[0][0].split(SEPARATOR))
    if words <= theirs or theirs <= words:
        return False  # ``assembly`` and ``general assembly``: the same term, longer or shorter
    return back[0][1] >= settings.rival_ratio * row[1]


def parts_first(translations: dict, settings: Settings) -> dict:
    """Return the candidates with a single word's part-of-a-term candidate put first where it translates back."""
    out = {}
    for lang, table in translations.items():
        reverse = translations[OTHER[lang]]
        out[lang] = {}
        for key, rows in table.items():
            out[lang][key] = _part_first(key, rows, reverse, settings) if SEPARATOR in rows[0][0] else rows
    return out


def _part_first(key: str, rows: list, reverse: dict, settings: Settings) -> list:
    """Return ``rows`` with the first word of the first term that ranks ``key`` among its own first, put first."""
    if SEPARATOR in key or "-" in key:
        return rows
    words = rows[0][0].split(SEPARATOR)
    for row in rows[1:]:
        if row[0] in words and key in (r[0] for r in reverse.get(row[0], ())[:settings.mutual_rank]):
            return [row, *(r for r in rows if r is not row)]
    return rows


def with_shares(translations: dict, sides, linked) -> dict:
    """Return the rows ``(target, score, count, corpus, p(target | unit), p(unit | target), 0.0)``.

    ``linked(es, rs, ks)`` gives the link counts of English and Russian unit
    pairs (:func:`indexer.lexicon.learn._linked`); None leaves the shares out.
    """
    out = {}
    for lang, table in translations.items():
        mine, theirs = sides[lang], sides[OTHER[lang]]
        flat = [(key, row) for key, rows in table.items() for row in rows]
        if linked is None or not flat:
            shares = [(None, None)] * len(flat)
        else:
            sources = np.fromiter((mine.ids[key] for key, _ in flat), dtype=np.int64, count=len(flat))
            targets = np.fromiter((theirs.ids[row[0]] for _, row in flat), dtype=np.int64, count=len(flat))
            counts = np.fromiter((row[2] for _, row in flat), dtype=np.float64, count=len(flat))
            es, rs = (sources, targets) if lang == "en" else (targets, sources)
            links = linked(es, rs, counts)
            forward = np.minimum(links / np.maximum(mine.total[sources], 1), 1.0)
            backward = np.minimum(links / np.maximum(theirs.total[targets], 1), 1.0)
            shares = list(zip(np.round(forward, 3).tolist(), np.round(backward, 3).tolist()))
        out[lang] = {}
        for (key, row), (forward, backward) in zip(flat, shares):
            out[lang].setdefault(key, []).append((row[0], row[1], row[2], CORPUS, forward, backward, 0.0))
    return out
