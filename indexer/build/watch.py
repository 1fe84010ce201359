"""Watching the source folders and updating the index when files appear, change or go (``update --watch``).

The watcher holds the index's writer lock for as long as it runs (it is the
index's writer), brings the index up to date once at the start, then waits for
file system events (inotify through watchdog, where the system has it).
Events are debounced: an update starts when no event has come for
``debounce`` seconds, or ``debounce * MAX_WAIT_FACTOR`` seconds after the
first one, so that copying a hundred files gives one update, not a hundred.
Only events that can change what is indexed count: files created, written,
moved or deleted, not files merely opened or read (reading the sources must
not wake the watcher up again), nor anything inside the index directory.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable

from indexer.build.options import Options
from indexer.build.summary import BuildSummary
from indexer.build.update import update_locked
from indexer.ingest import formats as parsing
from indexer.storage import generations as store
from indexer.storage.lock import WriterLock
from indexer.storage.manifest import read_manifest

log = logging.getLogger(__name__)

DEFAULT_DEBOUNCE = 2.0  # seconds without events before an update starts
MAX_WAIT_FACTOR = 10  # a steady stream of events still gives an update this many debounce periods after the first
RELEVANT_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})
POLL_STOP = 0.25  # how often the waiting loop looks at the stop flag (seconds)


class Changes:
    """Collects the paths of relevant file system events, for the waiting loop to take in batches.

    It is a watchdog event handler: the observer calls :meth:`dispatch` with each event.
    """

    def __init__(self, ignore_under: Path | None):
        self.ignore_under = ignore_under.resolve() if ignore_under is not None else None
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._first = self._last = 0.0
        self._arrived = threading.Event()

    def dispatch(self, event) -> None:
        """Take one watchdog event: remember its paths if it can change what is indexed."""
        if event.event_type not in RELEVANT_EVENTS:
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        paths = [p for p in map(_as_str, paths) if self._counts(Path(p), event.is_directory)]
        if not paths:
            return
        now = time.monotonic()
        with self._lock:
            if not self._paths:
                self._first = now
            self._paths.update(paths)
            self._last = now
        self._arrived.set()

    def _counts(self, path: Path, is_directory: bool) -> bool:
        if self.ignore_under is not None and (path == self.ignore_under or self.ignore_under in path.parents):
            return False
        return is_directory or parsing.is_document_name(path)

    def settled(self, debounce: float, stop: threading.Event) -> set[str]:
        """Wait for changes and return their paths once they have settled; an empty set when ``stop`` is set."""
        while not self._arrived.wait(POLL_STOP):
            if stop.is_set():
                return set()
        while not stop.is_set():
            with self._lock:
                now = time.monotonic()
                quiet_until = self._last + debounce
                deadline = self._first + debounce * MAX_WAIT_FACTOR
                if now >= min(quiet_until, deadline):
                    paths, self._paths = self._paths, set()
                    self._arrived.clear()
                    return paths
            stop.wait(min(quiet_until, deadline) - now)
        return set()


def _as_str(path) -> str:
    return path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else str(path)


def watch(sources, index_dir, *, debounce: float = DEFAULT_DEBOUNCE, options: Options = Options(),
          on_update: Callable[[BuildSummary, set], None] | None = None,
          stop: threading.Event | None = None, started: threading.Event | None = None) -> None:
    """Keep ``index_dir`` up to date with ``sources`` until ``stop`` is set (or KeyboardInterrupt).

    ``on_update(summary, paths)`` is called after each update with the paths
    whose events caused it (empty for the first, catching-up update);
    ``started`` is set once the folders are watched.  Raises
    :class:`~indexer.errors.IndexLocked` when another writer holds the index.
    """
    with WriterLock(index_dir, purpose="update --watch"):
        keep_updated(lambda found: update_locked(found, index_dir, options), sources,
                     lambda: [Path(s) for s in _recorded_sources(index_dir)], Path(index_dir), debounce=debounce,
                     on_update=on_update, stop=stop, started=started)


def keep_updated(update: Callable[[list], BuildSummary], sources, recorded: Callable[[], list],
                 ignore_under: Path | None, *, debounce: float = DEFAULT_DEBOUNCE,
                 on_update: Callable[[BuildSummary, set], None] | None = None,
                 stop: threading.Event | None = None, started: threading.Event | None = None) -> None:
    """Run ``update(sources)`` now and after each settled batch of changes to ``sources`` (those the index
    was built from, ``recorded()``, when none are given), until ``stop`` is set; events under
    ``ignore_under`` (the index's folder) do not count.  See :func:`watch` for the rest; an index on a
    cluster is watched with this too."""
    stop = stop or threading.Event()
    report = on_update or (lambda summary, paths: None)
    summary = update(sources)
    sources = sources or recorded()
    report(summary, set())
    changes = Changes(ignore_under)
    observer = _observe(sources, changes)
    try:
        log.info("watching %s (Ctrl-C stops)", ", ".join(str(s) for s in sources))
        if started:
            started.set()
        while not stop.is_set():
            paths = changes.settled(debounce, stop)
            summary = _update_once(update, sources) if paths else None
            if summary:
                report(summary, paths)
    finally:
        observer.stop()
        observer.join()


def _recorded_sources(index_dir) -> list[str]:
    """Return the sources the live index was built from."""
    return list(read_manifest(store.current_generation(index_dir)).sources)


def _observe(sources, changes: Changes):
    """Start an observer of ``sources``: folders recursively, a file through its folder."""
    from watchdog.observers import Observer  # picks inotify on Linux, else the system's own, else polling

    observer = Observer()
    folders = {}
    for source in sources:
        source = Path(source).resolve()
        folder, recursive = (source, True) if source.is_dir() else (source.parent, False)
        folders[folder] = folders.get(folder, False) or recursive
    for folder, recursive in sorted(folders.items()):
        observer.schedule(changes, str(folder), recursive=recursive)
    observer.start()
    return observer


def _update_once(update: Callable[[list], BuildSummary], sources) -> BuildSummary | None:
    """Run one update; an error other than an interrupt is logged and watching goes on."""
    try:
        return update(sources)
    except Exception as exc:  # noqa: BLE001 - a failed update must not end the watch
        log.exception("the update failed (%s: %s); the index stays as it was, the next change retries",
                      type(exc).__name__, exc)
        return None
