"""The search engine behind the product: the only place that knows Whoosh's insides.

The rest of the product reaches the engine through :func:`engine`, an
implementation of :class:`~indexer.engine.interface.SearchEngine`
(:class:`~indexer.engine.whoosh_engine.WhooshEngine`).  Importing this package
changes nothing in Whoosh: the engine's speed-ups are installed when the
process's engine is first asked for (every path that opens or creates an index
asks for it first).  Within :func:`using`, another engine answers instead (the
best hits of an OpenSearch query, ordered by the same code as Whoosh's).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from contextvars import ContextVar

from indexer.engine.interface import SearchEngine

__all__ = ["SearchEngine", "engine", "using"]

_ENGINE: SearchEngine | None = None
_LOCK = threading.Lock()
_USING: ContextVar = ContextVar("engine_in_use", default=None)  # this thread's (context's) engine, if another


@contextmanager
def using(other):
    """Make :func:`engine` return ``other`` in this context (thread, task) until the block ends."""
    token = _USING.set(other)
    try:
        yield other
    finally:
        _USING.reset(token)


def engine() -> SearchEngine:
    """Return the process's search engine, created (and its speed-ups installed) on the first call."""
    global _ENGINE
    other = _USING.get()
    if other is not None:
        return other
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                # Whoosh's codec and numpy load with the first engine, not with every import of the interface
                from indexer.engine.whoosh_engine import WhooshEngine

                _ENGINE = WhooshEngine()
    return _ENGINE
