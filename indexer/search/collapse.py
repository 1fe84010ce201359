"""Folding repeated hits: identical paragraphs shown once, contents rows never beside their headings.

The same sentence often stands in several reports (a standard paragraph, a title, an agenda
item).  Identical paragraphs of one language have identical scores, and so stand side by side
in the order of the hits: of the hits ordered (:data:`indexer.search.ranking.WINDOW`), only those
whose score and lengths another shares are read and compared; the first in order stays, and the others are
listed with it (``also_in``: "also in N documents").  A contents row that repeats a heading of its own
document, both found, is left out: the heading is where the text is.

>>> title_key("VII. Technical assistance\\t63"), title_key("6/2. Promoting accession …")
('technical assistance', 'promoting accession')
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np

from indexer.documents import CONTENTS, HEADING
from indexer.engine import engine
from indexer.engine.matches import among
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS
from indexer.engine.stored_fields import stored_value
from indexer.search import kinds

SIZED_FIELDS = (*TEXT_FIELDS.values(), EXACT_FIELD)  # identical texts have equal lengths in each: only those are read
SCORE_DIGITS = 6  # scores equal to this many decimals may be the same text: those are compared

_LEAD = re.compile(r"^\s*(?:(?:[IVXLC]+|[A-ZА-Я]|\d+(?:[./]\d+)*)[.)]|\([a-zа-я0-9]+\))\s+")
_TRAIL = re.compile(r"[\s.…·_-]*\d*\s*$")
_SPACES = re.compile(r"\s+")


def title_key(text: str) -> str:
    """Return a heading's or contents row's title: without its number, page number, leader dots or case."""
    text = _TRAIL.sub("", _LEAD.sub("", text.strip()))
    return _SPACES.sub(" ", text).strip(" .:;").lower()


def fold(searcher, order: list[tuple[int, float]], wanted: int,
         ids: np.ndarray | None = None) -> tuple[list[tuple[int, float]], dict[int, list[int]]]:
    """Return the first ``wanted`` hits of ``order`` (or all) without repeated ones, and those folded into each.

    Identical paragraphs are side by side in ``order`` (their scores, and
    everything else that orders them, are the same): each run of equal scores
    is compared, and the folding stops after the run that gives the
    ``wanted``-th hit, so a page costs the same whichever number it has.
    ``ids`` are the hits' numbers as an array, if the caller has them.
    """
    if ids is None:
        ids = np.fromiter((n for n, _ in order), dtype=np.int64, count=len(order))
    drop = _contents_beside_headings(searcher, ids)  # first: the heading is kept, not the row
    if drop:
        order = [(n, s) for n, s in order if n not in drop]
        ids = ids[~np.isin(ids, list(drop))]
    kept: list[tuple[int, float]] = []
    folded: dict[int, list[int]] = defaultdict(list)
    lengths = None  # of each hit's text fields, read for all the hits at once when a run first asks
    k = 0
    while k < len(order) and len(kept) < wanted:
        end, score = k + 1, round(order[k][1], SCORE_DIGITS)
        while end < len(order) and round(order[end][1], SCORE_DIGITS) == score:
            end += 1
        if end - k == 1:  # a score of its own: no other hit can be the same text
            kept.append(order[k])
            k = end
            continue
        if lengths is None:
            lengths = _lengths(searcher, ids)
        sizes = list(zip(*(field[k:end].tolist() for field in lengths)))
        alike = Counter(sizes)  # identical texts have the same lengths too: only those are read
        first: dict[object, int] = {}
        shown: set[tuple] = set()  # the lengths of this run's hits kept
        for (n, score), size in zip(order[k:end], sizes):  # in order: the first of the same text stays
            if len(kept) >= wanted and size not in shown:
                continue  # past the wanted-th hit only a repeat of one kept matters: it is listed with it
            key = _text(searcher, n) if alike[size] > 1 else n
            if key in first:
                folded[first[key]].append(n)
            else:
                first[key] = n
                kept.append((n, score))
                shown.add(size)
        k = end
    return kept, dict(folded)


def _lengths(searcher, ids: np.ndarray) -> list[np.ndarray]:
    """Return the lengths of each text field of the hits ``ids``, by field: what identical texts have equal."""
    fields = SIZED_FIELDS if engine().speedups else TEXT_FIELDS.values()  # a cluster's window: the fields it read
    return [engine().lengths_of(searcher, field, ids) for field in fields]


def _contents_beside_headings(searcher, ids: np.ndarray) -> set[int]:
    """Return the contents rows of ``ids`` whose document's heading of the same title is among ``ids`` too."""
    rows = ids[among(ids, kinds.kind_docs(searcher, CONTENTS))]
    if not len(rows):
        return set()
    heads = ids[among(ids, kinds.kind_docs(searcher, HEADING))]
    titles = {_title(searcher, n) for n in heads.tolist()}
    return {n for n in rows.tolist() if _title(searcher, n) in titles}


def _title(searcher, n: int) -> tuple[str, str]:
    """Return the document and the title (:func:`title_key`) of a heading or contents row."""
    return stored_value(searcher, n, "doc_id"), title_key(stored_value(searcher, n, "text"))


def _text(searcher, n: int) -> str:
    """Return what makes two paragraphs of a run of equal scores the same: their text (their field is the same)."""
    return stored_value(searcher, n, "text")
