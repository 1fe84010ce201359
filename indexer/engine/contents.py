"""What an index's documents are: a key two searchers share exactly when their documents and numbers are the same.

Values derived from a searcher's documents (document numbers, positions of
paragraphs, scores of a query) stay right for any searcher with the same
key: the searchers of one generation share it, and it changes when an update
adds a segment or deletes documents.
"""

from __future__ import annotations

from whoosh.reading import SegmentReader

from indexer.caches.per_object import PerObject
from indexer.caches.registry import DEATH, PER_OBJECT, declare


def _contents(reader) -> tuple | None:
    """Return what the documents of ``reader`` are: each segment and its live documents' count (None: no segment)."""
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    if not leaves or not all(isinstance(leaf, SegmentReader) for leaf in leaves):
        return None
    return tuple((leaf._segment.segment_id(), leaf.doc_count_all(), leaf.doc_count()) for leaf in leaves)


_CONTENTS = declare("engine.contents", PerObject(_contents), bound=None, unit="readers", eviction=PER_OBJECT,
                    invalidated_by=DEATH)  # reader -> the key of its contents


def contents_key(searcher) -> tuple | None:
    """Return a key that two searchers share exactly when their documents and document numbers are the same.

    A segment's deletions only grow from one generation to the next, so its
    count of live documents tells them apart.  None: the searcher reads no
    segment (nothing to key).
    """
    return _CONTENTS.get(searcher.reader())
