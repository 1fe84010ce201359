"""Whoosh 2.7.4 as the product's search engine (:class:`~indexer.engine.interface.SearchEngine`).

Creating a :class:`WhooshEngine` installs the speed-ups of
:mod:`indexer.engine.speedups` (once per process; a worker process forked
after it inherits them); everything else delegates to the engine's modules:
:mod:`~indexer.engine.fastsearch` evaluates queries, :mod:`~indexer.engine.postings`
reads posting lists, :mod:`~indexer.engine.posting_pool` writes segments.
"""

from __future__ import annotations

import logging
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import matching
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.support.levenshtein import levenshtein

from indexer.engine import pread_files, speedups
from indexer.errors import UNREADABLE, IndexDamaged, IndexGone

log = logging.getLogger(__name__)

# What Whoosh raises, besides UNREADABLE, opening a table of contents or a segment whose bytes are wrong: an
# index of a list read from garbage, a bad value in a file's header (its structs, its version numbers), an
# empty read given to ord(), a pickled schema naming a module or class that is not there.
_OPEN_ERRORS = (IndexError, ValueError, OverflowError, TypeError, KeyError, AttributeError, ImportError)


class _ReadingStorage(FileStorage):
    """Whoosh's file storage read without memory maps: it closes the files it opened when opening an index or
    a searcher fails (Whoosh leaves them open when a file's bytes are wrong), and a file whose reader is
    dropped without being closed (a searcher left to the garbage collector) is closed then, as its memory map
    was.  Threads open searchers of one storage at once: each closes only the files it opened itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._opening = threading.local()  # .files: what this thread opened inside closing_on_failure, or None

    @contextmanager
    def closing_on_failure(self):
        """Close the files this thread opens in the block if the block fails (then re-raise)."""
        outer = getattr(self._opening, "files", None)
        opened = self._opening.files = []
        try:
            yield
        except BaseException:
            for each in opened:
                if not each.is_closed:
                    each.close()
            raise
        finally:
            self._opening.files = outer
            if outer is not None:
                outer.extend(opened)

    def open_file(self, name, **kwargs):
        opened = pread_files.open_file(self._fpath(name), name, **kwargs)
        weakref.finalize(opened, opened.file.close)
        files = getattr(self._opening, "files", None)
        if files is not None:
            files.append(opened)
        return opened


def _holds_files(path) -> bool:
    try:
        return any(Path(path).iterdir())
    except OSError:
        return False


class WhooshEngine:
    """The product's search engine, on Whoosh."""

    name = "whoosh"

    def __init__(self):
        self.speedups = speedups.apply()

    # --- indexes ----------------------------------------------------------------------------------
    def create_index(self, path, schema):
        return whoosh_index.create_in(str(path), schema)

    def open_index(self, path):
        """Open the index in ``path`` reading its files, not memory-mapping them: a file truncated while it
        is open then gives a short read (an exception) instead of SIGBUS, which kills the process."""
        storage = _ReadingStorage(str(path), supports_mmap=False)
        try:
            with storage.closing_on_failure():
                return storage.open_index()
        except whoosh_index.EmptyIndexError as exc:
            if _holds_files(path):  # the table of contents is gone but not the rest
                raise IndexDamaged(path, f"no table of contents: {exc}", "") from exc
            raise IndexGone(f"no index in {Path(path)}: {exc}") from exc
        except (*UNREADABLE, *_OPEN_ERRORS) as exc:
            raise IndexDamaged(path, f"{type(exc).__name__}: {exc}", "") from exc

    def searcher(self, ix):
        storage = getattr(ix, "storage", None)
        try:
            if isinstance(storage, _ReadingStorage):
                with storage.closing_on_failure():
                    return ix.searcher()
            return ix.searcher()
        except whoosh_index.EmptyIndexError as exc:
            raise IndexGone(f"the index was removed while it was being opened: {exc}") from exc
        except (*UNREADABLE, *_OPEN_ERRORS) as exc:
            raise IndexDamaged(getattr(storage, "folder", "the index"), f"{type(exc).__name__}: {exc}", "") from exc

    def writer(self, ix, limitmb: int, locked: bool = True):
        from indexer.engine import posting_pool  # numpy: imported by the commands that write

        return posting_pool.segment_writer(ix, limitmb=limitmb, **({} if locked else {"_lk": False}))

    # --- what a reader keeps ----------------------------------------------------------------------
    def segments(self, reader) -> list[tuple[object, int]]:
        return [(leaf, offset) for leaf, offset in reader.leaf_readers() if isinstance(leaf, SegmentReader)]

    def segment_id(self, leaf) -> str:
        return leaf.segment().segment_id()

    def deleted_docs(self, leaf) -> frozenset[int]:
        if not leaf.has_deletions():
            return frozenset()
        if self.speedups:
            return frozenset(leaf._perdoc.deleted_docs())
        return frozenset(n for n in range(leaf.doc_count_all()) if leaf.is_deleted(n))

    def field_lengths(self, reader, fieldname: str, default=0) -> list:
        return speedups.field_lengths(reader, fieldname, default)

    def stored_rows(self, leaf):
        return speedups.stored_rows(leaf)

    # --- queries ----------------------------------------------------------------------------------
    def evaluate(self, searcher, q):
        from indexer.engine import fastsearch  # numpy: imported by the first search, not by every command

        return fastsearch.evaluate(searcher, q)

    def ranked(self, searcher, q, offset: int, limit: int) -> tuple[int, list[tuple[int, float]]]:
        """Word queries are scored a posting list at a time (:mod:`indexer.engine.fastsearch`); the others by
        Whoosh, unoptimized, which scores every match once and so knows the total (the optimized collector
        skips blocks for the top hits but then counts every match again)."""
        found = self.evaluate(searcher, q)
        if found is not None:
            return len(found), found.top(offset + limit)[offset:]
        results = searcher.search(q, limit=offset + limit, optimize=False)
        return len(results), [(hit.docnum, hit.score) for hit in results[offset:offset + limit]]

    def scored(self, searcher, q):
        """Whoosh's matchers, where the fast path cannot, score every match once (``limit=None``, unoptimized)."""
        found = self.evaluate(searcher, q)
        if found is not None:
            return found
        import numpy as np  # as above: loaded by the first search

        from indexer.engine.matches import Matches  # numpy, as above

        hits = sorted((hit.docnum, hit.score) for hit in searcher.search(q, limit=None, optimize=False))
        return Matches(np.array([n for n, _ in hits], dtype=np.int64), np.array([s for _, s in hits], dtype=np.float64))

    def term_positions(self, searcher, fieldname: str, text, docs):
        from indexer.engine import positions  # numpy: loaded by the first search, not by every command

        return positions.position_keys(searcher, fieldname, text, docs)

    def terms_positions(self, searcher, terms, docs):
        from indexer.engine import positions  # numpy: loaded by the first search, not by every command

        return positions.keys_of_terms(searcher, terms, docs)

    def docs_having(self, searcher, fieldname: str, texts, docs):
        if speedups.APPLIED:
            from indexer.engine import term_ids  # numpy: as above

            return term_ids.having(searcher, fieldname, texts, docs)
        import numpy as np  # as above

        from indexer.engine import live_docs, matches  # numpy: as above

        found = np.zeros(len(docs), dtype=bool)
        for text in texts:
            found |= matches.among(docs, live_docs.term_docs(searcher, fieldname, text))
        return found

    def lengths_of(self, searcher, fieldname: str, docs):
        from indexer.engine import doc_lengths  # numpy: loaded by the first search, not by every command

        return doc_lengths.lengths_of(searcher, fieldname, docs)

    def matching_docs(self, searcher, q) -> list[int]:
        from indexer.engine import fastsearch  # numpy: loaded by the first search, not by every command

        return fastsearch.matching_docs(searcher, q)

    def term_docs(self, searcher, fieldname: str, text):
        from indexer.engine import live_docs  # numpy: loaded by the first search, not by every command

        return live_docs.term_docs(searcher, fieldname, text)

    def scored_matcher(self, ids, weights):
        return matching.ListMatcher(list(ids), weights=list(weights)) if len(ids) else matching.NullMatcher()

    def subsearcher_offset(self, searcher) -> int:
        parent = searcher.parent() if searcher.has_parent() else None
        if parent is None:
            return 0
        return next((offset for sub, offset in parent.subsearchers if sub is searcher), 0)

    # --- term look-ups ----------------------------------------------------------------------------
    def terms_within(self, reader, fieldname: str, text: str, maxdist: int, prefix: int = 0):
        return reader.terms_within(fieldname, text, maxdist, prefix=prefix)

    def expand_prefix(self, reader, fieldname: str, prefix: str):
        field = reader.schema[fieldname]
        return (field.from_bytes(b) for b in reader.expand_prefix(fieldname, prefix))

    def edit_distance(self, a: str, b: str, limit: int) -> int:
        return levenshtein(a, b, limit)

    # --- writing runs in worker processes ---------------------------------------------------------
    def finish_run(self, writer):
        return writer._finalize_segment() if writer._added else None

    def abandon_run(self, writer) -> None:
        writer._close_segment()

    def merge_small_segments(self, writer) -> list:
        return writer._merge_segments(None, None, None)

    def commit_segments(self, writer, segments: list) -> None:
        segments = list(segments)
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
