"""What the product uses of a search engine: the one seam between it and Whoosh (or any engine beside it).

Indexes are generation folders (:mod:`indexer.storage.generations`); an engine
creates and opens them with the product's schema, gives their writers and
searchers, reads what the product keeps per segment of a reader (field
lengths, stored rows, identity, deletions), evaluates parsed queries (the
query objects are :mod:`whoosh.query`'s, the product's query representation),
looks terms up for fuzzy and prefix queries, and writes an index's new
paragraphs in several processes, a segment each, then commits those segments.
:func:`indexer.engine.engine` gives the process's engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # numpy is imported by the first search, not by every command
    import numpy as np

    from indexer.engine.matches import Matches


@runtime_checkable
class SearchEngine(Protocol):
    """A search engine as the product uses one."""

    name: str
    speedups: bool  # whether the engine's own faster code paths are in place (the results are the same)

    # --- indexes: a generation folder each ---------------------------------------------------------
    def create_index(self, path, schema):
        """Create an empty index with ``schema`` in the folder ``path`` and return it."""

    def open_index(self, path):
        """Open the index in the folder ``path``; raise :class:`~indexer.errors.IndexGone` if there is none."""

    def searcher(self, ix):
        """Return a new searcher of ``ix``; raise :class:`~indexer.errors.IndexGone` if its files went away."""

    def writer(self, ix, limitmb: int, locked: bool = True):
        """Return a writer of a new segment of ``ix``; ``locked=False`` for a run written in a worker process."""

    # --- what a reader keeps, segment by segment --------------------------------------------------------
    def segments(self, reader) -> list[tuple[object, int]]:
        """Return ``(segment reader, offset of its first document)`` of each segment of ``reader``."""

    def segment_id(self, leaf) -> str:
        """Return the identity of a segment reader's segment (stable: a segment never changes)."""

    def deleted_docs(self, leaf) -> frozenset[int]:
        """Return the deleted documents of a segment reader (its own numbers)."""

    def field_lengths(self, reader, fieldname: str, default=0) -> list:
        """Return the length of ``fieldname`` of every document of ``reader``, deleted ones too."""

    def stored_rows(self, leaf) -> Iterator[dict]:
        """Yield the stored fields of every document of a segment reader, deleted ones too, in order."""

    # --- queries ----------------------------------------------------------------------------------
    def evaluate(self, searcher, q) -> Matches | None:
        """Return every match of ``q`` (filters included) with its score; None when the engine's fast path cannot."""

    def ranked(self, searcher, q, offset: int, limit: int) -> tuple[int, list[tuple[int, float]]]:
        """Return the number of matches of ``q`` and ``(docnum, score)`` of ranks ``offset`` to ``offset + limit``."""

    def scored(self, searcher, q) -> Matches:
        """Return every match of ``q`` with its score: by :meth:`evaluate`, else by Whoosh's own matchers."""

    def term_positions(self, searcher, fieldname: str, text, docs) -> np.ndarray:
        """Return ``doc * SPAN + position`` of a term in ``docs`` (:mod:`indexer.engine.positions`)."""

    def terms_positions(self, searcher, terms: Sequence[tuple[str, str]], docs) -> list[np.ndarray]:
        """Return :meth:`term_positions` of each ``(field, text)`` of ``terms`` in the same ``docs``."""

    def docs_having(self, searcher, fieldname: str, texts: Sequence[str], docs) -> np.ndarray:
        """Return which of ``docs`` (ascending) have any of the terms ``texts`` of ``fieldname`` (booleans)."""

    def lengths_of(self, searcher, fieldname: str, docs) -> np.ndarray:
        """Return the length of ``fieldname`` of each of ``docs`` (:mod:`indexer.engine.doc_lengths`)."""

    def matching_docs(self, searcher, q) -> list[int]:
        """Return the live documents matching ``q``, ascending."""

    def term_docs(self, searcher, fieldname: str, text) -> np.ndarray:
        """Return the live documents having a term, ascending (a look-up by id, document, number)."""

    def scored_matcher(self, ids: Sequence[int], weights: Sequence[float]):
        """Return a matcher of the given documents of one segment (ascending) with the given scores."""

    def subsearcher_offset(self, searcher) -> int:
        """Return the number of a segment searcher's first document among its parent searcher's (0 alone)."""

    # --- term look-ups ----------------------------------------------------------------------------
    def terms_within(self, reader, fieldname: str, text: str, maxdist: int, prefix: int = 0) -> Iterable[str]:
        """Return the words of ``fieldname`` within ``maxdist`` edits of ``text``, its first ``prefix`` letters kept."""

    def expand_prefix(self, reader, fieldname: str, prefix: str) -> Iterable[str]:
        """Return the words of ``fieldname`` that start with ``prefix``."""

    def edit_distance(self, a: str, b: str, limit: int) -> int:
        """Return the edit distance of ``a`` and ``b`` as fuzzy queries count it (any value past ``limit``: far)."""

    # --- writing a run of paragraphs in a worker process, then committing the segments ----------------------
    def finish_run(self, writer):
        """Write a run writer's segment and return its description (None when nothing was added)."""

    def abandon_run(self, writer) -> None:
        """Drop what a run writer wrote."""

    def merge_small_segments(self, writer) -> list:
        """Merge the index's small old segments as a commit would; return the segments kept."""

    def commit_segments(self, writer, segments: list) -> None:
        """Commit ``writer`` (its deletions, its own added paragraphs) with ``segments`` written by runs, in order."""
