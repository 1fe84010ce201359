"""Clients shared out among the workers: a worker holding more connections than another leaves new ones to it.

With ``--workers N`` the workers accept connections from one listening
socket, and a client keeps its connection (HTTP keep-alive) with the worker
that accepted it.  Which worker accepts is a race: 20 clients connecting
together were held 17 to 3, 14 to 6 and 11 to 9 in three runs, and the
clients of the busier worker then waited two to five times as long as the
others' while both workers were busy (at 200,000 paragraphs, p95 93–137 ms).

:func:`install` makes a worker's server take a new connection only while the
worker holds no more connections than the least busy of the others.  Waitress
asks its listening server whether to accept (``readable``) at every turn of
its loop; the answer, and how many connections the worker holds, are kept in
:class:`Shares`, made before the workers fork.  A worker that leaves the next
connection to a less busy one wakes it through that one's pipe, since a
worker that stopped accepting does not look at the listening socket again
until its loop turns (its connections' requests, or waitress's loop timeout
of a second).  A worker counts from its first turn serving: until then (one
slow to start) and while waitress itself refuses connections (its
``connection_limit``) it is never the one left to.  Waitress 3 (pinned in
``pyproject.toml``) is extended through its listening server's ``readable``
and a dispatcher of its own loop's (``waitress.wasyncore``); another version
shares nothing out (one log line says so).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from dataclasses import dataclass
from importlib.metadata import version

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer

log = logging.getLogger(__name__)

SUPPORTED_MAJOR = 3  # the waitress whose server and loop :func:`install` extends
NOT_SERVING = 2**31 - 1  # the count of a worker that does not take connections: never the least busy


@dataclass(frozen=True)
class Shares:
    """What the workers of one server share: how many connections each holds, a pipe each to wake it, a lock."""

    counts: object  # an array of ints, one per worker (:data:`NOT_SERVING` until it serves)
    wakes: tuple[tuple[int, int], ...]  # (read end, write end) of each worker's pipe, both non-blocking
    lock: object


def shared(workers: int, context=None) -> Shares:
    """Return the :class:`Shares` of ``workers`` workers (made before they are forked)."""
    ctx = context or multiprocessing.get_context("fork")
    wakes = tuple(os.pipe() for _ in range(workers))
    for ends in wakes:
        for end in ends:
            os.set_blocking(end, False)
    return Shares(ctx.Array("i", [NOT_SERVING] * workers, lock=False), wakes, ctx.Lock())


def held(server) -> int:
    """Return how many connections a waitress server holds (its channels, in the map it shares with them)."""
    return sum(1 for dispatcher in list(server._map.values()) if isinstance(dispatcher, HTTPChannel))


def decide(shares: Shares, place: int, holding: int, able: bool = True) -> bool:
    """Publish that the worker ``place`` holds ``holding`` connections (``able``: waitress would accept one more);
    tell whether it takes the next: while it holds no more than the least busy of the others.  A worker that
    leaves it to another wakes that one; one that cannot accept wakes them all."""
    counts = shares.counts
    with shares.lock:
        counts[place] = holding if able else NOT_SERVING
        others = [(counts[k], k) for k in range(len(counts)) if k != place]
        least = min(others, default=None)
        take = able and (least is None or holding <= least[0])
    if not able:
        _wake(shares, [k for _, k in others])
    elif not take:
        _wake(shares, [least[1]])
    return take


def _wake(shares: Shares, places: list[int]) -> None:
    """Make the loops of the workers ``places`` turn (and so ask :func:`decide` again)."""
    for k in places:
        try:
            os.write(shares.wakes[k][1], b"\0")
        except BlockingIOError:  # its pipe is full of wake-ups already
            pass


class _Woken(wasyncore.dispatcher):
    """The read end of a worker's pipe in its loop: each wake-up read and dropped (the loop has turned)."""

    def __init__(self, fd: int, map):
        super().__init__(None, map)
        self.connected = True
        self.socket = wasyncore.file_wrapper(fd)
        self._fileno = self.socket.fileno()
        self.add_channel()

    def writable(self) -> bool:
        return False

    def handle_read(self) -> None:
        try:
            while self.socket.recv(512):
                pass
        except BlockingIOError:
            return
        self.del_channel()  # every write end closed: no wake-up will come


def install(server, shares: Shares, place: int) -> bool:
    """Make ``server`` (what ``waitress.create_server`` returned) the worker ``place`` of ``shares``, taking new
    connections as :func:`decide` says; tell whether it does."""
    if int(version("waitress").split(".")[0]) != SUPPORTED_MAJOR:
        log.warning("waitress %s is not %d.x: the workers take connections as they come", version("waitress"),
                    SUPPORTED_MAJOR)
        return False
    servers = [server] if isinstance(server, BaseWSGIServer) else [
        s for s in getattr(server, "map", {}).values() if isinstance(s, BaseWSGIServer)]
    if not servers:
        return False
    _Woken(shares.wakes[place][0], servers[0]._map)
    for each in servers:
        readable = each.readable  # waitress's own: the channels' clean-up, and its limit of connections

        def sharing(each=each, readable=readable) -> bool:
            return decide(shares, place, held(each), readable())
        each.readable = sharing
    return True
