"""Folding repeated hits: identical paragraphs shown once, contents rows never beside their headings.

The same sentence often stands in several reports (a standard paragraph, a title, an agenda
item).  Identical paragraphs of one language have identical scores, so only the hits whose score
another hit shares are read and compared: the first in order stays, and the others are listed
with it (``also_in``: "also in N documents").  A contents row that repeats a heading of its own
document, both found, is left out: the heading is where the text is.

>>> title_key("VII. Technical assistance\\t63"), title_key("6/2. Promoting accession …")
('technical assistance', 'promoting accession')
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from indexer.documents import CONTENTS, HEADING
from indexer.engine import engine
from indexer.engine.stored_fields import stored_fields

ALSO_MOST = 100  # identical paragraphs listed with a hit, at most
SCORE_DIGITS = 6  # scores equal to this many decimals may be the same text: those are compared

_LEAD = re.compile(r"^\s*(?:(?:[IVXLC]+|[A-ZА-Я]|\d+(?:[./]\d+)*)[.)]|\([a-zа-я0-9]+\))\s+")
_TRAIL = re.compile(r"[\s.…·_-]*\d*\s*$")
_SPACES = re.compile(r"\s+")


def text_key(fields: dict) -> tuple[str, str]:
    """Return what makes two paragraphs the same: their language and their words, spacing aside."""
    return fields["lang"], _SPACES.sub(" ", fields["text"]).strip()


def title_key(text: str) -> str:
    """Return a heading's or contents row's title: without its number, page number, leader dots or case."""
    text = _TRAIL.sub("", _LEAD.sub("", text.strip()))
    return _SPACES.sub(" ", text).strip(" .:;").lower()


def fold(searcher, order: list[tuple[int, float]]) -> tuple[list[tuple[int, float]], dict[int, list[int]]]:
    """Return ``order`` without repeated hits, and by kept docnum the identical paragraphs folded into it."""
    drop = _contents_beside_headings(searcher, [n for n, _ in order])  # first: the heading is kept, not the row
    folded: dict[int, list[int]] = defaultdict(list)
    for group in _equal_scores([n for n, _ in order if n not in drop], [s for n, s in order if n not in drop]):
        first: dict[tuple, int] = {}
        for n in group:  # in order: the first of the same text stays
            key = text_key(stored_fields(searcher, n))
            if key in first:
                drop.add(n)
                folded[first[key]].append(n)
            else:
                first[key] = n
    return [(n, s) for n, s in order if n not in drop], dict(folded)


def _equal_scores(docs: list[int], scores: list[float]) -> list[list[int]]:
    """Return the groups (two or more, in order) of ``docs`` whose scores are equal to :data:`SCORE_DIGITS`."""
    groups: dict[float, list[int]] = defaultdict(list)
    for n, s in zip(docs, scores):
        groups[round(s, SCORE_DIGITS)].append(n)
    return [g for g in groups.values() if len(g) > 1]


def _contents_beside_headings(searcher, docs: list[int]) -> set[int]:
    """Return the contents rows of ``docs`` whose document's heading of the same title is among ``docs`` too."""
    ids = np.asarray(docs, dtype=np.int64)
    rows = ids[np.isin(ids, engine().term_docs(searcher, "kind", CONTENTS))]
    if not len(rows):
        return set()
    heads = ids[np.isin(ids, engine().term_docs(searcher, "kind", HEADING))]
    titles = set()
    for n in heads.tolist():
        fields = stored_fields(searcher, n)
        titles.add((fields["doc_id"], title_key(fields["text"])))
    out = set()
    for n in rows.tolist():
        fields = stored_fields(searcher, n)
        if (fields["doc_id"], title_key(fields["text"])) in titles:
            out.add(n)
    return out


def identical(searcher, found, page: list[tuple[int, float]], folded: dict[int, list[int]]) -> dict[int, list[int]]:
    """Return, for the hits of ``page`` that have any, the other matches of ``found`` with the same text.

    ``found`` holds every match with its score (:class:`~indexer.engine.matches.Matches`);
    the matches whose score a hit shares are compared with it, :data:`ALSO_MOST` at most.
    """
    out = {}
    rounded = np.round(found.scores, SCORE_DIGITS)
    for n, score in page:
        same = found.ids[rounded == round(score, SCORE_DIGITS)]
        if len(same) < 2:
            continue
        key = text_key(stored_fields(searcher, n))
        others = set(folded.get(n, ()))
        for other in same[same != n][:ALSO_MOST].tolist():
            if len(others) >= ALSO_MOST:
                break
            if other not in others and text_key(stored_fields(searcher, other)) == key:
                others.add(other)
        if others:
            out[n] = sorted(others)
    return out
