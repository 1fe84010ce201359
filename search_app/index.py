"""The index behind the app: a searcher per request, given back on teardown; a new generation is noticed.

Each request checks ``CURRENT`` (one small file, read again only when its
inode, size or time changes: publishing replaces it) and takes a searcher of the
live generation for itself alone; on teardown the searcher goes back to a pool
of that generation's searchers.  When ``CURRENT`` names a newer generation
(after a rebuild or an update), the index is reopened and the old searchers
are closed as they come back, so the app follows reindexing without a restart.

A searcher that is open keeps working when its generation's directory is
removed (after two newer generations went live, see ``store.KEEP_GENERATIONS``):
its files stay open, and POSIX keeps unlinked files readable while they are.
Only opening a new searcher on a removed generation fails; then the live
generation is taken instead.

The generation's cross-language data (lexicon and paragraph links) is read once
per generation, on the first search across languages (or, with ``warm``, as
soon as the generation is opened, in a thread of its own: the served app does
that, so that its first search across languages does not wait about half a
second for it at 200,000 paragraphs, nor for its links as arrays and the
general dictionary's senses, :func:`indexer.search.across.warm`, and then, with ``freeze``, freezes what the process
holds out of the cycle collector's way: :mod:`search_app.heap`); the Russian lemmas of its
words (:mod:`indexer.storage.lemma_table`) when it is opened, so that marking a
paragraph's words needs no pymorphy3.

Why a pool and not open/close per request: opening a Whoosh searcher reads the
table of contents and unpickles the schema (about 10 ms on the pool corpus),
more than a whole search; a generation never changes once published, so a
searcher of it stays valid until the next one goes live.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import current_app, g

from indexer.engine import engine
from indexer.errors import IndexGone
from indexer.search import facets, overview
from indexer.search.export import iter_pairs
from indexer.search.reading import document_view, search_page
from search_app import heap
from search_app.reading import Reading
from indexer.storage import crosslang

from indexer.storage import lemma_table

from indexer.storage import stats

from indexer.storage import generations as store
from indexer.errors import LexiconError

log = logging.getLogger(__name__)

EXTENSION = "un_search_index"
POOL_SIZE = 32  # idle searchers kept per generation; more than the server's threads is enough
RETRIES = 3  # attempts at opening a searcher while generations are being replaced


class LiveIndex:
    """The live generation of an index directory and a pool of its searchers."""

    reading = Reading(search_page, document_view, iter_pairs, overview.of_request)

    def __init__(self, index_dir, warm: bool = False, freeze: bool = False):
        self.index_dir = index_dir
        self.warm = warm  # read each generation's cross-language data as soon as it is opened
        self.freeze = freeze  # and then freeze what the process holds (search_app.heap)
        self._lock = threading.Lock()
        self._stats_lock = threading.Lock()
        self._generation: int | None = None
        self._opened = None  # the Generation opened (its number is ``_generation``)
        self._stamp: tuple | None = None  # (inode, size, mtime) of CURRENT when it was last read
        self._index = None
        self._idle: list = []
        self._stats: dict | None = None
        self._cross_lock = threading.Lock()
        self._cross: tuple | None = None  # (generation, CrossData or None)

    def _refresh(self) -> int:
        """Reopen the index if ``CURRENT`` moved on; return the live generation's number. Call with the lock."""
        stamp = _stamp(os.path.join(self.index_dir, store.CURRENT))
        if stamp is not None and stamp == self._stamp:
            return self._generation
        gen = store.current_generation(self.index_dir)
        if gen is None:
            store.open_index(self.index_dir)  # raises IndexNotFound saying how to build one
        if gen.number != self._generation:
            self._index = store.open_generation(gen, self.index_dir)
            self._generation = gen.number
            self._opened = gen
            log.info("opened %s; %d Russian word forms with their lemmas read", gen.name, lemma_table.load(gen.path))
            for searcher in self._idle:
                searcher.close()
            self._idle = []
            if self.warm:
                threading.Thread(target=self._warm, args=(gen.number,), name=f"warm-{gen.name}", daemon=True).start()
        self._stamp = stamp
        return self._generation

    def checkout(self):
        """Return ``(searcher, generation)``: a searcher of the live generation, for one thread."""
        for attempt in range(RETRIES):
            try:
                with self._lock:
                    generation = self._refresh()
                    if self._idle:
                        return self._idle.pop(), generation
                    index = self._index
                return engine().searcher(index), generation
            except (OSError, IndexGone):  # the generation went away meanwhile: take the live one
                if attempt == RETRIES - 1:
                    raise

    def checkin(self, searcher, generation: int) -> None:
        """Take a searcher back: kept for reuse if its generation is still live, else closed."""
        with self._lock:
            if generation == self._generation and len(self._idle) < POOL_SIZE:
                self._idle.append(searcher)
                return
        searcher.close()

    def close(self) -> None:
        """Close the idle searchers."""
        with self._lock:
            for searcher in self._idle:
                searcher.close()
            self._idle = []

    def open(self) -> int:
        """Open the live generation now (rather than on the first request); return its number."""
        with self._lock:
            return self._refresh()

    def _warm(self, generation: int) -> None:
        """Read the cross-language data of ``generation`` (and make what a search across languages makes of it
        once), and the columns its facets count, ahead of the first search that needs them."""
        try:
            data = self.crosslang(generation)
            if data is not None:
                from indexer.search import across  # numpy and the dictionary: only in the thread that warms

                across.warm(data)
            searcher, opened = self.checkout()
            try:
                if opened == generation:
                    facets.columns(searcher)
            finally:
                self.checkin(searcher, opened)
        except Exception:  # noqa: BLE001 - the first search that needs them reads them again and says what is wrong
            log.exception("reading the cross-language data and the facets' columns ahead failed")
        if self.freeze:
            log.info("generation %d warm: %d objects frozen out of the cycle collector's way", generation,
                     heap.settle())

    def crosslang(self, generation: int):
        """Return the cross-language data (lexicon, links) of ``generation``, read once per generation.

        None when the generation has none (an index built before it existed, or
        one no longer live); an unreadable file is logged and treated the same.
        """
        with self._cross_lock:
            if self._cross is not None and self._cross[0] == generation:
                return self._cross[1]
            with self._lock:
                index = self._index if generation == self._generation else None
            if index is None:
                return None
            try:
                data = crosslang.for_index(index)
            except LexiconError as exc:
                log.error("%s", exc)
                data = None
            self._cross = (generation, data)
            return data

    @property
    def generation(self) -> int | None:
        """The number of the generation last opened."""
        return self._generation

    def stats(self) -> dict:
        """Return the corpus figures of the live generation (counted once per generation, with a searcher of the
        pool: opening one anew reads hundreds of small pieces of the index, each a wait while another thread runs)."""
        with self._lock:
            generation = self._refresh()
        figures = self._stats
        if figures is not None and figures.get("generation") == generation:
            return figures
        searcher, generation = self.checkout()
        try:
            with self._stats_lock:
                figures = self._stats
                if figures is None or figures.get("generation") != generation:
                    with self._lock:
                        opened = self._opened if self._generation == generation else None
                    if opened is None:  # replaced meanwhile: counted as the command line counts
                        return stats.index_stats(self.index_dir)
                    figures = self._stats = stats.index_stats(self.index_dir, searcher, opened)
                return figures
        finally:
            self.checkin(searcher, generation)


def _stamp(path: str) -> tuple | None:
    """Return what tells one version of a file from another (inode, size, modification time), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def live_index() -> LiveIndex:
    """Return the app's live index."""
    return current_app.extensions[EXTENSION]


def get_searcher():
    """Return this request's searcher, taking it on first use."""
    if "searcher" not in g:
        g.searcher, g.searcher_generation = live_index().checkout()
    return g.searcher


def get_crosslang():
    """Return the cross-language data of this request's generation (see :meth:`LiveIndex.crosslang`)."""
    get_searcher()
    return live_index().crosslang(g.searcher_generation)


def release_searcher(exc=None) -> None:
    """Give this request's searcher back, if it took one."""
    searcher = g.pop("searcher", None)
    if searcher is not None:
        live_index().checkin(searcher, g.pop("searcher_generation"))


def init_app(app) -> None:
    """Attach the live index of ``app.config["INDEX_DIR"]`` (with ``OPENSEARCH``, a cluster's URL: the alias
    ``INDEX_DIR`` there) and give searchers back on teardown."""
    warm = bool(app.config.get("WARM"))
    if app.config.get("OPENSEARCH"):
        from search_app.on_opensearch import LiveCluster  # the OpenSearch client: only for an app on a cluster

        app.extensions[EXTENSION] = LiveCluster(app.config["OPENSEARCH"], app.config["INDEX_DIR"], warm=warm)
    else:
        app.extensions[EXTENSION] = LiveIndex(app.config["INDEX_DIR"], warm=warm, freeze=bool(app.config.get("FREEZE")))
    app.teardown_appcontext(release_searcher)
