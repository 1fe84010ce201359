"""Clients shared out among the workers: a worker holding more connections than another leaves new ones to it.

With ``--workers N`` the workers accept connections from one listening
socket, and a client keeps its connection (HTTP keep-alive) with the worker
that accepted it.  Which worker accepts is a race: 20 clients connecting
together were held 17 to 3, 14 to 6 and 11 to 9 in three runs, and the
clients of the busier worker then waited two to five times as long as the
others' while both workers were busy (at 200,000 paragraphs, p95 93–137 ms).
:func:`install` makes a worker's server take a new connection only while the
worker holds no more connections than the least busy of the others: each
worker publishes how many it holds in an array they share
(:func:`shared_counts`), whenever waitress asks its listening server whether
to accept (``readable``, at every turn of its loop).  The least busy worker
always accepts, so none is ever left unaccepted.  Waitress 3 (pinned in
``pyproject.toml``) is extended through its server's ``readable`` and its
channels' class; another version shares nothing out (one log line says so).
"""

from __future__ import annotations

import logging
import multiprocessing
from importlib.metadata import version

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer

log = logging.getLogger(__name__)

SUPPORTED_MAJOR = 3  # the waitress whose server's ``readable`` :func:`install` extends


def shared_counts(workers: int):
    """Return the array of the workers' connection counts (made before they are forked)."""
    return multiprocessing.get_context("fork").Array("i", workers, lock=False)


def held(server) -> int:
    """Return how many connections a waitress server holds (its channels, in the map it shares with them)."""
    return sum(1 for dispatcher in list(server._map.values()) if isinstance(dispatcher, HTTPChannel))


def accepts(counts, place: int, holding: int) -> bool:
    """Publish that the worker ``place`` holds ``holding`` connections; tell whether it may take one more: while it
    holds no more than the least busy of the others."""
    counts[place] = holding
    others = [counts[k] for k in range(len(counts)) if k != place]
    return not others or holding <= min(others)


def install(server, counts, place: int) -> bool:
    """Make ``server`` (what ``waitress.create_server`` returned) the worker ``place`` of ``counts``, accepting
    as :func:`accepts` says; tell whether it does."""
    if int(version("waitress").split(".")[0]) != SUPPORTED_MAJOR:
        log.warning("waitress %s is not %d.x: the workers take connections as they come", version("waitress"),
                    SUPPORTED_MAJOR)
        return False
    servers = [server] if isinstance(server, BaseWSGIServer) else [
        s for s in getattr(server, "map", {}).values() if isinstance(s, BaseWSGIServer)]
    for each in servers:
        readable = each.readable  # waitress's own: the channels' clean-up, and its limit of connections

        def sharing(each=each, readable=readable) -> bool:
            return readable() and accepts(counts, place, held(each))
        each.readable = sharing
    return bool(servers)
