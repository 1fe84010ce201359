"""The facets of everything a search request finds, on every page (:mod:`indexer.search.facets` counts them)."""

from __future__ import annotations

from dataclasses import replace

from indexer.engine import engine
from indexer.search.facets import LANG_ORDER, Facet, count
from indexer.search.request import SearchRequest, prepare


def of_request(searcher, request: SearchRequest, crosslang=None) -> tuple[Facet, ...]:
    """Return the facets of everything ``request`` finds, each value's count what the request finds with it as a filter.

    Across languages with any language, the languages are counted by searching
    with each as the filter: there a language filter also finds paragraphs
    through the alignment, and lists those shown beside their counterpart.
    """
    q, plan = prepare(searcher, replace(request, offset=0), crosslang)
    langs = None
    if plan is not None and request.lang == "any":
        langs = {lang: len(engine().matching_docs(searcher, prepare(searcher, replace(request, lang=lang), crosslang)[0]))
                 for lang in LANG_ORDER}
    return count(searcher, engine().matching_docs(searcher, q), langs)
