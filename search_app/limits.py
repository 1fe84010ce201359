"""The time budgets of the app and its limit of one export at a time per process.

``SEARCH_BUDGET`` and ``EXPORT_BUDGET`` (app config, seconds) bound a search
and an export; ``EXPORT_WAIT`` is how long an export waits for the one
running before it to end, after which it is answered 503 with ``Retry-After``.
A search or export that could give nothing within its budget is answered the same way.
"""

from __future__ import annotations

import threading

from flask import current_app, jsonify, render_template, request

from indexer.search import budget

EXTENSION = "un_search_exports"
EXPORT_WAIT = 2.0


def setting(name: str, default: float) -> float:
    """Return a number of seconds from the app config."""
    return float(current_app.config.get(name, default))


def export_slot() -> threading.BoundedSemaphore:
    """Return this app's export slot (one export at a time per worker process)."""
    slot = current_app.extensions.get(EXTENSION)
    if slot is None:
        slot = current_app.extensions.setdefault(EXTENSION, threading.BoundedSemaphore(1))
    return slot


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
    """Answer :class:`~indexer.search.budget.BudgetExceeded` with 503 and ``Retry-After``."""
    app.extensions[EXTENSION] = threading.BoundedSemaphore(1)
    app.register_error_handler(budget.BudgetExceeded, over_budget)
