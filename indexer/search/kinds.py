"""The paragraphs of a kind (headings, contents rows, list items, table rows), kept per reader.

Ordering the hits asks of every search which of its best matches are lines
(:func:`indexer.search.ranking.lines`), and folding them which are contents rows
and headings (:mod:`indexer.search.collapse`).  A reader's paragraphs do not
change while it lives (its deletions included), so each kind's paragraphs are
read once per reader: a pooled searcher of the app answers every later search
from them.
"""

from __future__ import annotations

import numpy as np

from indexer.caches.per_object import PerObject
from indexer.caches.registry import DEATH, PER_OBJECT, declare
from indexer.engine import engine

# By reader: a tuple of kinds -> the live paragraphs of any of them (searcher-wide numbers, ascending).
_KINDS = declare("search.kind_docs", PerObject(lambda reader: {}), bound=None, unit="readers",
                 eviction=PER_OBJECT, invalidated_by=DEATH)


def kind_docs(searcher, *kinds: str) -> np.ndarray:
    """Return the paragraphs of ``searcher`` whose kind is one of ``kinds``, ascending (kept per reader)."""
    kept = _KINDS.get(searcher.reader())
    found = kept.get(kinds)
    if found is None:
        parts = [engine().term_docs(searcher, "kind", kind) for kind in kinds]
        found = parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))
        kept[kinds] = found
    return found
