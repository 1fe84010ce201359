"""The number of words of given paragraphs in a field, as an array: what orders and folds hits asks of many at once.

With the speed-ups in place the lengths come from each field's length bytes of
the whole reader, one byte per paragraph (:data:`_READER_CODES`, kept per reader:
ordering and folding the hits ask for a few hundred paragraphs' lengths at a
time, and looking those up segment by segment cost more than the look-up);
without them from Whoosh's ``doc_field_length``, one document at a time.  Both
give Whoosh's lengths (its one-byte encoding of them); a paragraph without the
field counts 1, as Whoosh's scoring counts it.
"""

from __future__ import annotations

import numpy as np
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length

from indexer.caches.per_object import PerObject
from indexer.caches.registry import DEATH, PER_OBJECT, declare
from indexer.engine import speedups

# A length byte's number of words; 0, no length, counts 1 (Whoosh's default for a document without the field).
_DECODED = np.array([1.0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)
# A segment's decoded field lengths, by field, as long as its reader lives.
_FIELD_LENGTHS = declare("engine.field_lengths", PerObject(lambda perdoc: {}), bound=None, unit="segment readers",
                         eviction=PER_OBJECT, invalidated_by=DEATH)

# By reader: a field -> its length byte for every document of the reader (searcher-wide numbers), None for a
# reader not made of segments.
_READER_CODES = declare("engine.reader_lengths", PerObject(lambda reader: {}), bound=None, unit="readers",
                        eviction=PER_OBJECT, invalidated_by=DEATH)


def lengths_of(searcher, fieldname: str, docs: np.ndarray) -> np.ndarray:
    """Return the length of ``fieldname`` of each of ``docs`` (global numbers, any order)."""
    docs = np.asarray(docs, dtype=np.int64)
    if fieldname not in searcher.schema or not len(docs):
        return np.ones(len(docs), dtype=np.float64)
    reader = searcher.reader()
    if speedups.APPLIED:
        kept = _READER_CODES.get(reader)
        if fieldname not in kept:
            kept[fieldname] = _codes(reader, fieldname)
        if kept[fieldname] is not None:
            return _DECODED[kept[fieldname][docs]]
    out = np.ones(len(docs), dtype=np.float64)
    order = np.argsort(docs, kind="stable")
    ordered = docs[order]
    leaves = reader.leaf_readers()
    bounds = np.searchsorted(ordered, [offset for _, offset in leaves] + [ordered[-1] + 1]).tolist()
    for k, (leaf, offset) in enumerate(leaves):
        rows = order[bounds[k]:bounds[k + 1]]
        if len(rows):
            out[rows] = [leaf.doc_field_length(int(n), fieldname, 1) or 1 for n in docs[rows] - offset]
    return out


def field_lengths(segment: SegmentReader, fieldname: str) -> np.ndarray:
    """Return the decoded length of ``fieldname`` for every document of a segment (1 where it has none)."""
    cache = _FIELD_LENGTHS.get(segment._perdoc)
    if fieldname not in cache:
        cache[fieldname] = _DECODED[_segment_codes(segment, fieldname)]
    return cache[fieldname]


def _codes(reader, fieldname: str) -> np.ndarray | None:
    """Return the length byte of ``fieldname`` of every document of ``reader`` (0: none), None if a leaf of it
    is not a segment."""
    parts = []
    for leaf, _ in reader.leaf_readers():
        if not isinstance(leaf, SegmentReader):
            return None
        parts.append(_segment_codes(leaf, fieldname))
    return np.concatenate(parts) if parts else None


def _segment_codes(segment: SegmentReader, fieldname: str) -> np.ndarray:
    """Return the length byte of ``fieldname`` of every document of a segment (0: none)."""
    codes = np.zeros(segment.doc_count_all(), dtype=np.uint8)
    data = speedups.lengths(segment._perdoc, fieldname)
    if data:
        codes[:len(data)] = np.frombuffer(data, dtype=np.uint8)[:len(codes)]
    return codes
