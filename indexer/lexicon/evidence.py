"""The evidence of learned candidates: a word before the term it is part of, link shares both ways.

After ranking (:mod:`indexer.lexicon.ranking`), each unit's candidates are
checked against the other direction:

- a single word whose first candidate is a term containing a word that
  translates it back (``генеральный`` → ``general assembly``, ``general`` →
  ``генеральный``) is translated by that word first;
- each candidate gets the shares of the pairs of either unit in which IBM
  Model 1 links the two (:mod:`indexer.lexicon.links`): ``p(target | unit)``
  and ``p(unit | target)``, shown as its evidence.
"""

from __future__ import annotations

import numpy as np

from indexer.lexicon.model import CORPUS
from indexer.lexicon.thresholds import Settings
from indexer.lexicon.units import OTHER, SEPARATOR


def parts_first(translations: dict, settings: Settings) -> dict:
    """Return the candidates with a single word's part-of-a-term candidate put first where it translates back."""
    out = {}
    for lang, table in translations.items():
        reverse = translations[OTHER[lang]]
        out[lang] = {}
        for key, rows in table.items():
            out[lang][key] = part_first(key, rows, reverse, settings)
    return out


def part_first(key: str, rows: list, reverse: dict, settings: Settings) -> list:
    """Return ``rows`` with the first word of the first term that ranks ``key`` among its own first, put first
    (``reverse``: the other direction's rows)."""
    if SEPARATOR in key or "-" in key or SEPARATOR not in rows[0][0]:
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
