"""Search results kept per generation: a repeated search is answered without searching again.

A generation never changes once published, so the result of a search request
on it stays right until the next generation goes live; the key is the
generation's number and the request (a frozen dataclass: query, filters,
page, translation settings), so nothing needs invalidating.  The least
recently used results are dropped past ``RESULT_CACHE`` entries (app config;
0 turns the cache off).  The results are shared between threads: callers copy
a result before changing it.
"""

from __future__ import annotations

import time

from flask import current_app, g

from indexer.search import budget, overview
from indexer.caches.lru import LRUCache
from indexer.caches.registry import GENERATION, LRU, declare
from search_app import limits
from search_app.index import get_crosslang, get_searcher, live_index

EXTENSION = "un_search_results"


def search_page(search_request, facets: bool = False) -> dict:
    """Return :func:`indexer.search.reading.search_page` for this request on the live generation, cached.

    ``took_ms`` is the time this call took; ``cached`` says whether the
    result was kept from an earlier identical request.  With ``facets`` the
    result also has the ``facets`` of all the hits (:mod:`indexer.search.facets`).  The search runs within
    ``SEARCH_BUDGET`` seconds (app config); a partial result is not kept.  A search not in the cache is
    counted as running, and a long one takes a slot (:func:`search_app.limits.searching`); the budget counts from
    the request's arrival, its waits for a thread and a slot included.  Facets that cannot be counted
    within the budget are left out (the result is then partial, and says so).
    """
    started = time.perf_counter()
    searcher = get_searcher()
    cache: LRUCache = current_app.extensions[EXTENSION]
    key = (g.searcher_generation, search_request, facets)
    result = cache.get(key)
    cached = result is not None
    if not cached:
        seconds = float(current_app.config.get("SEARCH_BUDGET", budget.SEARCH_BUDGET))
        reading = live_index().reading
        since = limits.arrived()
        with budget.within(seconds, since) as deadline:
            limits.waited(deadline, since)
            with limits.searching(limits.is_heavy(search_request, searcher.schema)):
                # the generation's links serve any search
                ahead = {"facets": True} if facets and reading.facets and reading.facets_ahead else {}
                result = reading.search_page(searcher, search_request, get_crosslang(), **ahead)
                if facets and reading.facets and result["total"] and not result["partial"]:
                    found = overview.bounded(reading.facets, searcher, search_request, get_crosslang())
                    if found is not None:
                        result["facets"] = found
                    budget.annotate(result, deadline)
        if not result["partial"]:  # a result cut short by the deadline may be whole next time
            cache.put(key, result)
    return {**result, "cached": cached, "took_ms": round((time.perf_counter() - started) * 1000, 2)}


def document_view(key: str) -> dict | None:
    """Return the live generation's view of the document ``key`` names (None if unknown), within ``SEARCH_BUDGET``.

    Like a search, the view takes its turn among the searches of the process and its budget counts from the
    request's arrival; past it the request is answered 503 with ``Retry-After``
    (:class:`search_app.limits.Busy`): a document is shown whole or not at all.
    """
    seconds = float(current_app.config.get("SEARCH_BUDGET", budget.SEARCH_BUDGET))
    since = limits.arrived()
    try:
        with budget.within(seconds, since) as deadline:
            limits.waited(deadline, since)
            with limits.searching():
                return live_index().reading.document_view(get_searcher(), key)
    except budget.BudgetExceeded as exc:
        raise limits.Busy(f"the server could not read the document within {seconds:g} s ({exc.where}): try again "
                          "in a few seconds") from exc


def init_app(app) -> None:
    """Attach the result cache of ``app.config["RESULT_CACHE"]`` entries."""
    kept = int(app.config["RESULT_CACHE"])
    app.extensions[EXTENSION] = declare("search_app.results", LRUCache(kept), bound=kept, eviction=LRU,
                                        invalidated_by=GENERATION)
