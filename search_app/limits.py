"""The time budgets of the app, and the limits that keep slow requests from holding up the others.

``SEARCH_BUDGET`` and ``EXPORT_BUDGET`` (app config, seconds) bound a search
and an export.  Exports and long searches (a pattern or a fuzzy word: the
words they expand to are read one by one) each take a slot, one at a time
(``python -m search_app --workers N`` shares the slots between its workers,
so that they never take every worker: ``N - 1`` at once with several); a
request that finds no slot free within ``EXPORT_WAIT`` / ``HEAVY_WAIT`` is
answered 503 with ``Retry-After``, as is a search or export that could give
nothing within its budget.  A budget counts from the request's arrival (:mod:`search_app.arrival`): a request
that waited its whole budget for a thread is answered 503 at once.  An export yields to the searches running in its
process: while any runs, it pauses as long as it has worked, a slice at a time.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, jsonify, render_template, request
from whoosh.query.terms import MultiTerm

from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS
from indexer.search import budget
from indexer.search import query as query_language
from search_app import arrival

EXTENSION = "un_search_limits"
EXPORT_WAIT = 2.0  # seconds an export waits for a slot
HEAVY_WAIT = 0.5  # seconds a long search waits for a slot
EXPORT_SLICE = 0.01  # seconds an export works between pauses while searches run
WORD_FIELDS = frozenset({*TEXT_FIELDS.values(), EXACT_FIELD})


class Busy(Exception):
    """Every slot for this kind of request is taken: try again in a few seconds."""


@dataclass(frozen=True)
class Slots:
    """The semaphores of the slow requests: exports and long searches running at once."""

    exports: object
    heavy: object


class Traffic:
    """The searches running in this process, and how often exports paused for them (mutable, shared by threads).

    ``at_once`` (``SEARCHES_AT_ONCE`` in the app config; None: no limit) is how many searches run at once in the
    process: the others wait their turn within their budget.
    """

    def __init__(self, at_once: int | None = None):
        self._lock = threading.Lock()
        self.searching = 0
        self.pauses = 0
        self.turns = threading.BoundedSemaphore(at_once) if at_once else None

    def add(self, change: int) -> None:
        """Count a search as started (1) or ended (-1)."""
        with self._lock:
            self.searching += change

    def pause(self, seconds: float) -> None:
        """Let the searches running have the process for ``seconds``."""
        with self._lock:
            self.pauses += 1
        time.sleep(seconds)


def shared_slots(workers: int) -> Slots:
    """Return slots shared by the ``workers`` processes of one server (made before they are forked)."""
    ctx = multiprocessing.get_context("fork")
    at_once = max(1, workers - 1)  # slow requests never take every worker
    return Slots(ctx.BoundedSemaphore(at_once), ctx.BoundedSemaphore(at_once))


def share(app, slots: Slots) -> None:
    """Use ``slots`` (:func:`shared_slots`) instead of the app's own."""
    app.extensions[EXTENSION] = (slots, app.extensions[EXTENSION][1])


def _limits() -> tuple[Slots, Traffic]:
    """Return this app's slots and the traffic of its process."""
    return current_app.extensions[EXTENSION]


def setting(name: str, default: float) -> float:
    """Return a number of seconds from the app config."""
    return float(current_app.config.get(name, default))


def arrived() -> float | None:
    """Return when this request arrived (:mod:`search_app.arrival`), if its server says; else None (now)."""
    return arrival.arrived(request.environ)


def waited(deadline: budget.Deadline, since: float | None) -> None:
    """Raise :class:`Busy` if the request, arrived at ``since`` (:func:`arrived`), waited its whole budget for a free
    thread before it was run."""
    if since is not None and deadline.expired:
        raise _waited_too_long(deadline.seconds)


def _waited_too_long(seconds: float) -> Busy:
    return Busy(f"the server is busy: this request waited longer than {seconds:g} s for its turn; try again in a "
                "few seconds")


def export_slot():
    """Return the semaphore of the exports (one at a time per worker, ``workers - 1`` per server)."""
    return _limits()[0].exports


def is_heavy(search_request, schema) -> bool:
    """Tell whether a search expands words of its query (a pattern or a fuzzy word): the searches that take long."""
    text = search_request.query.strip()
    if not text:
        return False
    q = query_language.parse_query(text, schema, search_request.lang)
    return any(isinstance(leaf, MultiTerm) and leaf.fieldname in WORD_FIELDS for leaf in q.leaves())


@contextmanager
def searching(heavy: bool = False):
    """Run a search: counted as running (exports yield to it); a heavy one holds a slot, and each its turn
    among the searches of the process (:class:`Traffic`) within the current budget; else :class:`Busy`."""
    slots, traffic = _limits()
    if heavy and not slots.heavy.acquire(timeout=HEAVY_WAIT):
        raise Busy("the server is busy with other long searches (patterns, fuzzy words): try again in a few "
                   "seconds, or make the pattern longer")
    turn = traffic.turns
    if turn is not None and not turn.acquire(timeout=budget.current().remaining()):
        if heavy:
            slots.heavy.release()
        raise _waited_too_long(budget.current().seconds)
    traffic.add(1)
    try:
        yield
    finally:
        traffic.add(-1)
        if turn is not None:
            turn.release()
        if heavy:
            slots.heavy.release()


def yielding(items):
    """Yield ``items``, pausing after each :data:`EXPORT_SLICE` of work while searches run in this process."""
    traffic = _limits()[1]
    worked_from = time.monotonic()
    for item in items:
        yield item
        worked = time.monotonic() - worked_from
        if worked >= EXPORT_SLICE:
            if traffic.searching:
                traffic.pause(worked)
            worked_from = time.monotonic()


def busy(message: str):
    """Answer 503 with ``Retry-After``: JSON under /api/, a plain page elsewhere."""
    if request.path.startswith("/api/"):
        response = jsonify(error=message)
    else:
        response = current_app.make_response(render_template("error.html", code=503, message=message))
    response.status_code = 503
    response.headers["Retry-After"] = str(budget.RETRY_AFTER)
    return response


def over_budget(exc: budget.BudgetExceeded):
    """A search that found nothing within its budget: 503, try again later (or narrow it)."""
    return busy(str(exc))


def init_app(app) -> None:
    """Give the app its own slots (one export, one long search at a time); answer :class:`Busy` and
    :class:`~indexer.search.budget.BudgetExceeded` with 503 and ``Retry-After``."""
    app.extensions[EXTENSION] = (Slots(threading.BoundedSemaphore(1), threading.BoundedSemaphore(1)),
                                 Traffic(app.config.get("SEARCHES_AT_ONCE")))
    app.register_error_handler(budget.BudgetExceeded, over_budget)
    app.register_error_handler(Busy, lambda exc: busy(str(exc)))
