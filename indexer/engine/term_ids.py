"""Which of some paragraphs have a term: a term's document numbers alone, read without weights or positions.

The order of hits asks which of its few hundred paragraphs have each word of
the query in the form typed (the exact field).  That takes a term's document
numbers only: read from its posting list when it is kept already, else its
blocks' numbers are decoded without their weights and positions
(:func:`indexer.engine.compact_blocks.decode_ids`) and kept as such in the
posting lists' cache (:data:`indexer.engine.postings.POSTINGS`, as ``"ids"``).
"""

from __future__ import annotations

import numpy as np
from whoosh.reading import SegmentReader

from indexer.engine import postings, pread_files, term_table


def having(searcher, fieldname: str, texts, docs: np.ndarray) -> np.ndarray:
    """Return which of ``docs`` (searcher-wide numbers of live documents, ascending) have any of the terms ``texts``
    of ``fieldname``: each segment's cached posting lists looked up for its documents only (no list is copied)."""
    field = searcher.schema[fieldname]
    found = np.zeros(len(docs), dtype=bool)
    parts = []  # (segment, its key, where its documents start and end in docs, their local numbers)
    leaves = list(searcher.reader().leaf_readers())
    for leaf, offset in leaves:
        if not isinstance(leaf, SegmentReader):
            continue
        if len(leaves) == 1:  # every document is this segment's
            start, end = 0, len(docs)
        else:
            start, end = docs.searchsorted((offset, offset + leaf.doc_count_all())).tolist()
        if start < end:
            parts.append((leaf, postings.segment_key(leaf), start, end, docs[start:end] - offset if offset else
                          docs[start:end]))
    for text in texts:
        btext = field.to_bytes(text)
        for leaf, segment, start, end, local in parts:
            ids = _ids(leaf, segment, fieldname, btext)  # perhaps narrow
            if len(ids):
                found[start:end] |= ids.take(ids.searchsorted(local), mode="clip") == local
    return found


def _ids(reader, segment: tuple[str, int], fieldname: str, btext: bytes) -> np.ndarray:
    """Return a term's document numbers in one segment (perhaps narrow; ``segment``: its
    :func:`~indexer.engine.postings.segment_key`): from its cached posting list if there is one, else read without
    their weights and positions, and kept as such."""
    found = postings.POSTINGS.get((*segment, fieldname, btext, "postings"))
    if found is None:
        found = postings._as_kept(reader, fieldname, btext, "ids", _read_ids, segment)
    return found[0]


def _read_ids(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray]:
    """Read a term's document numbers in one segment, as :func:`indexer.engine.postings._read_postings` reads its postings."""
    extent = postings.term_extent(reader, fieldname, btext)
    if extent is None:
        return (postings._EMPTY_IDS,)
    if extent == term_table.INLINED:
        return (postings._read_with_matcher(reader, fieldname, btext)[0],)
    offset, length = extent
    raw = pread_files.get(reader._terms._postfile, offset, length)
    ids = [block[0] for block in postings._blocks(raw, reader.schema[fieldname].format.fixed_value_size(), True)]
    return (postings._joined(ids) if ids else postings._EMPTY_IDS,)
