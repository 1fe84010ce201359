"""When a request arrived: waitress stamps each request as its first bytes are read, so that the time it waits
for a free thread counts against its budget.

Waitress reads requests on its main thread and queues them for its worker
threads; a request's handler starts only when a thread is free, and a budget
counted from there lets a request wait in the queue for as long as the
requests ahead of it take.  :func:`stamp` makes a server (what
``waitress.create_server`` returns) put the moment each request was read, a
:func:`time.monotonic` value, in its WSGI environment under :data:`ARRIVED`;
:func:`arrived` reads it back (None under another server, or in tests).
Waitress 3 (pinned in ``pyproject.toml``) is stamped through its
class attributes ``channel_class``, ``parser_class`` and ``task_class``; another
version is served unstamped (one log line says so) and budgets then start when
the handler does.
"""

from __future__ import annotations

import logging
import time
from importlib.metadata import version

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer
from waitress.task import WSGITask

log = logging.getLogger(__name__)

ARRIVED = "un_search.arrived"  # WSGI environ key: time.monotonic() when the request's first bytes were read
SUPPORTED_MAJOR = 3  # the waitress whose classes :func:`stamp` extends


class StampedParser(HTTPRequestParser):
    """A request being read, with the moment its first bytes came."""

    def __init__(self, adj):
        super().__init__(adj)
        self.arrived = time.monotonic()


class StampedTask(WSGITask):
    """A request run by a thread: its environment says when it arrived."""

    def get_environment(self):
        environ = super().get_environment()
        environ.setdefault(ARRIVED, getattr(self.request, "arrived", None))
        return environ


class StampedChannel(HTTPChannel):
    """A connection whose requests are stamped."""

    parser_class = StampedParser
    task_class = StampedTask


def stamp(server) -> bool:
    """Make ``server`` (what ``waitress.create_server`` returned) stamp its requests' arrival; tell whether it does."""
    if int(version("waitress").split(".")[0]) != SUPPORTED_MAJOR:
        log.warning("waitress %s is not %d.x: budgets start when a request's handler does", version("waitress"),
                    SUPPORTED_MAJOR)
        return False
    servers = [server] if isinstance(server, BaseWSGIServer) else [
        s for s in getattr(server, "map", {}).values() if isinstance(s, BaseWSGIServer)]
    for each in servers:
        each.channel_class = StampedChannel
    return bool(servers)


def arrived(environ) -> float | None:
    """Return when the request of ``environ`` arrived (a :func:`time.monotonic` moment), if its server stamped it."""
    found = environ.get(ARRIVED)
    return found if isinstance(found, float) else None
