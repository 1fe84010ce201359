"""The facets of everything a search request finds, on every page (:mod:`indexer.search.facets` counts them)."""

from __future__ import annotations

from dataclasses import replace

from indexer.engine import engine
from indexer.search import budget
from indexer.search.facets import LANG_ORDER, Facet, count
from indexer.search.request import SearchRequest, prepare


def of_request(searcher, request: SearchRequest, crosslang=None) -> tuple[Facet, ...]:
    """Return the facets of everything ``request`` finds, each value's count what the request finds with it as a filter.

    Across languages with any language, the languages are counted by searching
    with each as the filter: there a language filter also finds paragraphs
    through the alignment, and lists those shown beside their counterpart.  Past the request's deadline
    :class:`~indexer.search.budget.BudgetExceeded` is raised (:func:`bounded` leaves the facets out).
    """
    q, plan = prepare(searcher, replace(request, offset=0), crosslang)
    langs = None
    if plan is not None and request.lang == "any":
        langs = {}
        for lang in LANG_ORDER:
            budget.check("counting the facets")
            langs[lang] = len(engine().matching_docs(searcher, prepare(searcher, replace(request, lang=lang),
                                                                       crosslang)[0]))
    budget.check("counting the facets")
    return count(searcher, engine().matching_docs(searcher, q), langs)


LEFT_OUT = ("the counts by language, document, year and kind were left out: the search took its whole time budget; "
            "narrow it to see them")


class LeftOut(Exception):
    """Raised by a count of facets that a limit other than the deadline keeps from counting whole (the message
    says which, for the result's messages)."""


def bounded(facets, searcher, request: SearchRequest, crosslang=None) -> tuple[Facet, ...] | None:
    """Return ``facets(searcher, request, crosslang)`` (:func:`of_request`) if it is counted whole within the
    current request's deadline; else None, with :data:`LEFT_OUT` noted (the result is then partial).

    A count that the deadline cut short (a pattern's words read in part, say) would be too low: it is left out;
    so are facets a limit leaves out (:class:`LeftOut`), with its message instead.
    """
    deadline = budget.current()
    found = None
    if not deadline.expired:
        was_cut = deadline.cut
        try:
            found = facets(searcher, request, crosslang)
        except budget.BudgetExceeded:
            found = None
        except LeftOut as exc:
            deadline.note(str(exc))
            return None
        if deadline.cut and not was_cut:
            found = None
    if found is None:
        deadline.note(LEFT_OUT)
    return found
