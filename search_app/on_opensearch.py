"""The index behind the app on an OpenSearch cluster: the generation its alias names, the same for a whole request.

The alias is looked up at most once per :data:`ALIAS_TTL` seconds (one small
request); each request searches the index the alias named when it began, so
all its searches (the hits, their counterparts, their anchors) read one
generation even when an update moves the alias meanwhile.  Any number of app
processes on any machines serve the same cluster: nothing is read from a disk.
The corpus figures are counted once per generation, and its lexicon read once
(into a folder of this process) for searches across languages.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
import weakref

from indexer.engine.opensearch.connection import connect, refusals
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.opensearch.writing import generation_number
from indexer.errors import IndexNotFound, LexiconError
from indexer.search.cluster_across import generation_lexicon
from indexer.search import cluster_facets, on_opensearch
from search_app.reading import Reading

READING = Reading(on_opensearch.search_page, on_opensearch.document_view, on_opensearch.iter_pairs,
                  cluster_facets.of_request, facets_ahead=True)

ALIAS_TTL = 1.0  # seconds an alias lookup is trusted
KEPT_LEXICONS = 2  # the live generation's lexicon and the one before (for requests still searching it)

log = logging.getLogger(__name__)


class LiveCluster:
    """The live generation of an index alias on a cluster (the app's :class:`search_app.index.LiveIndex` there)."""

    reading = READING

    def __init__(self, url: str, alias: str, warm: bool = False):
        self.url = url
        self.alias = alias
        self.warm = warm  # the lexicon is read by the first search across languages
        self._lock = threading.Lock()
        self._client = None
        self._looked: tuple[float, str, int] | None = None  # (when, index, generation)
        self._stats: dict | None = None
        self._cross_lock = threading.Lock()
        self._cross: list = []  # (generation, its lexicon or None, the folder it was read into), newest first

    def _current(self) -> tuple[str, int]:
        """Return the index the alias names now and its generation's number (looked up at most once per TTL, in
        one request)."""
        with self._lock:
            now = time.monotonic()
            if self._looked is not None and now - self._looked[0] < ALIAS_TTL:
                return self._looked[1], self._looked[2]
            if self._client is None:
                self._client = connect(self.url)
            with refusals(self.url):
                found = self._client.indices.get_alias(name=self.alias, ignore_unavailable=True, ignore=404)
            named = [index for index, held in found.items() if isinstance(held, dict) and "aliases" in held]
            if not named:
                raise IndexNotFound(f"no index {self.alias!r} on OpenSearch: build it with `python -m indexer build "
                                    f"SOURCES --opensearch URL --index {self.alias}`")
            index = sorted(named)[-1]
            self._looked = (now, index, generation_number(index) or 0)
            return index, self._looked[2]

    def checkout(self) -> tuple[Searcher, int]:
        """Return ``(searcher, generation)``: a searcher of the index the alias names now, for one request."""
        index, generation = self._current()
        return Searcher(self.url, index, self._client), generation

    def checkin(self, searcher, generation: int) -> None:
        """Take a searcher back (it holds nothing of its own: the client's connections are shared)."""

    def close(self) -> None:
        """Remove the folders of the lexicons read (nothing else is held but the client's pool of connections)."""
        with self._cross_lock:
            gone, self._cross = self._cross, []
        for *_, folder in gone:
            shutil.rmtree(folder, ignore_errors=True)

    def open(self) -> int:
        """Look the alias up now (rather than on the first request); return its generation's number."""
        return self._current()[1]

    def crosslang(self, generation: int):
        """Return the lexicon of ``generation`` (read from the cluster once per generation, into a folder of
        this process), or None when it has none or is no longer live (searches keep to their own words).

        The previous generation's folder is kept, for the requests still
        searching it; the one before is removed.
        """
        with self._cross_lock:
            for number, lexicon, _ in self._cross:
                if number == generation:
                    return lexicon
            index, current = self._current()
            if current != generation:
                return None
            folder = tempfile.mkdtemp(prefix="un-search-lexicon-")
            weakref.finalize(self, shutil.rmtree, folder, True)  # if the app is never closed
            try:
                lexicon = generation_lexicon(Searcher(self.url, index, self._client), folder)
            except LexiconError as exc:
                log.error("%s", exc)
                lexicon = None
            kept = [(generation, lexicon, folder), *self._cross]
            self._cross, gone = kept[:KEPT_LEXICONS], kept[KEPT_LEXICONS:]
            for *_, old in gone:
                shutil.rmtree(old, ignore_errors=True)
            return lexicon

    @property
    def generation(self) -> int | None:
        """The number of the generation last looked up."""
        return self._looked[2] if self._looked else None

    def stats(self) -> dict:
        """Return the corpus figures of the live generation (counted once per generation)."""
        searcher, generation = self.checkout()
        figures = self._stats
        if figures is None or figures.get("generation") != generation:
            figures = self._stats = searcher.stats()
        return figures
