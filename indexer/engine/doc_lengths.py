"""The number of words of given paragraphs in a field, as an array: what orders and folds hits asks of many at once.

With the speed-ups in place the lengths come from each segment's decoded
lengths (:func:`indexer.engine.postings.field_lengths`, cached); without them
from Whoosh's ``doc_field_length``, one document at a time.  Both give Whoosh's
lengths (its one-byte encoding of them); a paragraph without the field counts 1,
as Whoosh's scoring counts it.
"""

from __future__ import annotations

import numpy as np

from indexer.engine import postings, speedups


def lengths_of(searcher, fieldname: str, docs: np.ndarray) -> np.ndarray:
    """Return the length of ``fieldname`` of each of ``docs`` (global numbers, any order)."""
    docs = np.asarray(docs, dtype=np.int64)
    out = np.ones(len(docs), dtype=np.float64)
    if fieldname not in searcher.schema or not len(docs):
        return out
    order = np.argsort(docs, kind="stable")
    ordered = docs[order]
    leaves = searcher.reader().leaf_readers()
    bounds = np.searchsorted(ordered, [offset for _, offset in leaves] + [ordered[-1] + 1]).tolist()
    for k, (reader, offset) in enumerate(leaves):
        rows = order[bounds[k]:bounds[k + 1]]
        if not len(rows):
            continue
        local = docs[rows] - offset
        if speedups.APPLIED:
            out[rows] = postings.field_lengths(reader, fieldname)[local]
        else:
            out[rows] = [reader.doc_field_length(int(n), fieldname, 1) or 1 for n in local]
    return out
