"""The end of a results page, on either engine, within the request's time budget.

:func:`finish_page` gives each record its marked ``html`` and ``anchor``, then
``partial``, ``messages``, ``did_you_mean`` and ``took_ms``; past the deadline
the records left are escaped without marking and no correction is looked for.
:func:`bounded_renderings` counts a term's renderings, or leaves them out when
the deadline cuts them short.
"""

from __future__ import annotations

import time

from markupsafe import escape

from indexer.search import budget
from indexer.search.highlight import Highlighter
from indexer.search.renderings import renderings


def bounded_renderings(searcher, text: str, crosslang):
    """Return :func:`~indexer.search.renderings.renderings`, or None if the deadline passes before they are
    counted whole (too few would be counted: they are left out, and the result is partial)."""
    deadline = budget.current()
    was_cut = deadline.cut
    try:
        found = renderings(searcher, text, crosslang)
    except budget.BudgetExceeded:
        deadline.stop("counting the renderings")
        return None
    return None if deadline.cut and not was_cut else found


def finish_page(result: dict, records: list[dict], highlighter: Highlighter, anchors: dict[str, str], suggest,
                started: float) -> dict:
    """Finish a results page of either engine: each record's ``html`` and ``anchor``, ``partial`` and
    ``messages``, ``did_you_mean`` (``suggest()``, if given) when nothing was found, and ``took_ms``.

    Past the deadline the records left are escaped without marking their words and no correction is looked
    for (the result is partial).
    """
    deadline = budget.current()
    for record in records:
        record["html"] = str(escape(record["text"]) if deadline.stop("marking the words") else
                             highlighter.html(record["text"], record["lang"], _doc_lang(record)))
        record["anchor"] = anchors.get(record["id"])
    if result["total"] == 0 and suggest is not None and not deadline.stop("looking for a correction"):
        try:
            result["did_you_mean"] = suggest()
        except budget.BudgetExceeded:
            deadline.stop("looking for a correction")
    budget.annotate(result, deadline)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _doc_lang(record: dict) -> str | None:
    """Return the language of a record's document, from its id (``SYMBOL@lang``)."""
    return record["doc_id"].rpartition("@")[2] or None
