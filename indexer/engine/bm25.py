"""BM25F scores of a term's posting lists with numpy, as Whoosh's BM25F scores its postings; and of many terms at once.

A prefix or a fuzzy word expands to tens or hundreds of terms of one field,
most with a few postings: scored one term at a time, the formula's half-dozen
array operations per term cost more than its postings.  :func:`union_scored`
applies the formula to all the terms' postings together (each with its term's
``idf``) and adds up each document's scores in the order of the terms, as
:func:`indexer.engine.matches.union` adds up those of the terms scored one by
one: the same numbers to the last bit.
"""

from __future__ import annotations

import numpy as np

from indexer.engine import doc_lengths, live_docs
from indexer.engine.matches import EMPTY, Matches, summed


def _parameters(searcher, fieldname: str) -> tuple[float, float, float]:
    """Return the average length of ``fieldname``, its ``B`` and the weighting's ``K1``."""
    weighting = searcher.weighting
    return (searcher.avg_field_length(fieldname) or 1, weighting._field_B.get(fieldname, weighting.B),
            weighting.K1)


def _formula(weights, lengths, idf, avgfl: float, b: float, k1: float):
    return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))


def scored(searcher, fieldname: str, lists, idf: float | None) -> Matches:
    """Return the matches of a term's posting lists (``((docs, weights), reader, offset)``, one per segment),
    scored by BM25F with ``idf`` (None: the weights as they are, a field that is not scored)."""
    if idf is not None:
        avgfl, b, k1 = _parameters(searcher, fieldname)
    ids, scores = [], []
    for (docs, weights), reader, offset in lists:
        if not len(docs):
            continue
        if reader.has_deletions():
            live = live_docs.live(reader, docs)
            docs, weights = docs[live], weights[live]
        if idf is not None:
            weights = _formula(weights, doc_lengths.field_lengths(reader, fieldname)[docs], idf, avgfl, b, k1)
        ids.append(docs + offset)
        scores.append(weights)
    if not ids:
        return EMPTY
    return Matches(np.concatenate(ids), np.concatenate(scores))


def union_scored(searcher, fieldname: str, leaves, terms) -> Matches:
    """Return the union of several terms' matches in a scored field, each scored as :func:`scored` scores it.

    ``leaves`` are the segment readers and their offsets; ``terms`` give, per
    term in order, its posting lists (``(docs, weights)``, one per leaf) and
    its ``idf``.  A document is in one segment: its postings there, term after
    term, are added up in the terms' order.
    """
    avgfl, b, k1 = _parameters(searcher, fieldname)
    ids, scores = [], []
    for k, (reader, offset) in enumerate(leaves):
        read = [(lists[k], idf) for lists, idf in terms if len(lists[k][0])]
        if not read:
            continue
        docs = np.concatenate([docs for (docs, _), _ in read])
        weights = np.concatenate([weights for (_, weights), _ in read])
        idfs = np.repeat(np.array([idf for _, idf in read]), [len(docs) for (docs, _), _ in read])
        if reader.has_deletions():
            live = live_docs.live(reader, docs)
            docs, weights, idfs = docs[live], weights[live], idfs[live]
        ids.append(docs + offset)
        scores.append(_formula(weights, doc_lengths.field_lengths(reader, fieldname)[docs], idfs, avgfl, b, k1))
    if not ids:
        return EMPTY
    return summed(np.concatenate(ids), np.concatenate(scores))
