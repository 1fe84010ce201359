"""Which live paragraphs have a term: look-ups by a term rather than scoring.

A paragraph by its id, the paragraphs of a document or with a number: the
term's posting list is read (and kept) as :mod:`indexer.engine.postings` reads
it for scoring, and the deleted paragraphs of a segment left out.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q
from whoosh.reading import SegmentReader

from indexer.engine import postings, speedups

_EMPTY = np.zeros(0, dtype=np.int64)


def term_docs(searcher, fieldname: str, text) -> np.ndarray:
    """Return the live documents (searcher-wide numbers, ascending) that have a term, from cached posting lists.

    For look-ups by a term rather than scoring: a paragraph by its id, the
    paragraphs of a document or with a number.  Terms a segment lacks are
    remembered as such.
    """
    if not speedups.APPLIED:
        return np.fromiter(sorted(searcher.docs_for_query(Q.Term(fieldname, text))), dtype=np.int64)
    field = searcher.schema[fieldname]
    btext = field.to_bytes(text)
    found = []
    for leaf, offset in searcher.reader().leaf_readers():
        if not isinstance(leaf, SegmentReader):  # an index with no segment yet
            continue
        kept = postings._as_kept(leaf, fieldname, btext, "postings", postings._read_postings)
        docs = kept[0]  # perhaps narrow: made wide below
        if len(docs) and leaf.has_deletions():
            docs = docs[live(leaf, docs)]
        if len(docs):
            found.append(np.add(docs, offset, dtype=np.int64))  # a new array, not the cached one
    return found[0] if len(found) == 1 else np.concatenate(found) if found else _EMPTY


def live(reader, docs: np.ndarray) -> np.ndarray:
    """Return which of a segment's ``docs`` are not deleted (a boolean mask)."""
    return ~np.isin(docs, np.fromiter(reader._perdoc.deleted_docs(), dtype=np.int64))
