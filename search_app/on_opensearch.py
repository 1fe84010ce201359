"""The index behind the app on an OpenSearch cluster: the generation its alias names, the same for a whole request.

The alias is looked up at most once per :data:`ALIAS_TTL` seconds (one small
request); each request searches the index the alias named when it began, so
all its searches (the hits, their counterparts, their anchors) read one
generation even when an update moves the alias meanwhile.  Any number of app
processes on any machines serve the same cluster: nothing is read from a disk.
The corpus figures are counted once per generation.
"""

from __future__ import annotations

import threading
import time

from indexer.engine.opensearch.connection import connect, refusals
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.opensearch.writing import generation_number
from indexer.errors import IndexNotFound
from indexer.search import on_opensearch
from search_app.reading import Reading

READING = Reading(on_opensearch.search_page, on_opensearch.document_view, on_opensearch.iter_pairs)

ALIAS_TTL = 1.0  # seconds an alias lookup is trusted


class LiveCluster:
    """The live generation of an index alias on a cluster (the app's :class:`search_app.index.LiveIndex` there)."""

    reading = READING

    def __init__(self, url: str, alias: str, warm: bool = False):
        self.url = url
        self.alias = alias
        self.warm = warm  # nothing to read ahead yet: the cross-language data is not on the cluster
        self._lock = threading.Lock()
        self._client = None
        self._looked: tuple[float, str, int] | None = None  # (when, index, generation)
        self._stats: dict | None = None

    def _current(self) -> tuple[str, int]:
        """Return the index the alias names now and its generation's number (looked up at most once per TTL)."""
        with self._lock:
            now = time.monotonic()
            if self._looked is not None and now - self._looked[0] < ALIAS_TTL:
                return self._looked[1], self._looked[2]
            if self._client is None:
                self._client = connect(self.url)
            with refusals(self.url):
                named = list(self._client.indices.get_alias(name=self.alias, ignore_unavailable=True)) \
                    if self._client.indices.exists_alias(name=self.alias) else []
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
        """Nothing is held open but the client's pool of connections."""

    def open(self) -> int:
        """Look the alias up now (rather than on the first request); return its generation's number."""
        return self._current()[1]

    def crosslang(self, generation: int):
        """The cross-language data of a generation: not on the cluster yet (searches keep to their own words)."""
        return None

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
