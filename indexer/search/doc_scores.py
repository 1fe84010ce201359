"""A query of given documents with given scores: what a search across languages found through translations or
the alignment, as one part of the query it runs (:mod:`indexer.search.across`)."""

from __future__ import annotations

import numpy as np
from whoosh import query as Q

from indexer.engine import engine


class DocScores(Q.Query):
    """A query matching given documents (by global number) with given scores."""

    def __init__(self, scores, boost: float = 1.0):
        """``scores``: a score by document number, or the numbers (ascending, numpy) and their scores."""
        if isinstance(scores, dict):
            ordered = sorted(scores.items())
            scores = ([n for n, _ in ordered], [s for _, s in ordered])
        self.ids = np.asarray(scores[0], dtype=np.int64)
        self.values = np.asarray(scores[1], dtype=np.float64)
        self.boost = boost

    @property
    def scores(self) -> dict[int, float]:
        """The score of each document, by number."""
        return dict(zip(self.ids.tolist(), self.values.tolist()))

    def __repr__(self):
        return f"{type(self).__name__}({len(self.ids)} documents)"

    def __unicode__(self):
        return repr(self)

    __str__ = __unicode__

    def __eq__(self, other):
        return (type(other) is type(self) and other.boost == self.boost and np.array_equal(other.ids, self.ids)
                and np.array_equal(other.values, self.values))

    def __hash__(self):
        return hash((type(self).__name__, len(self.ids), self.boost))

    def is_leaf(self):
        return True

    def estimate_size(self, ixreader):
        return len(self.ids)

    def estimate_min_size(self, ixreader):
        return len(self.ids)

    def _local(self, searcher) -> tuple[list[int], list[float]]:
        """Return the local numbers of the documents in ``searcher``'s segment, ascending, and their scores."""
        offset = engine().subsearcher_offset(searcher)
        start, end = np.searchsorted(self.ids, [offset, offset + searcher.reader().doc_count_all()])
        return (self.ids[start:end] - offset).tolist(), (self.values[start:end] * self.boost).tolist()

    def matcher(self, searcher, context=None):
        return engine().scored_matcher(*self._local(searcher))

    def docs(self, searcher):
        return iter(self._local(searcher)[0])

    def scored_documents(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the global document numbers, ascending, and their scores (for the engine's fast path)."""
        return self.ids, self.values * self.boost
