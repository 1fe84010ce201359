"""Time budgets: a search or an export stops at its deadline and gives what it has found so far.

A request runs :func:`within` a budget of seconds; the search checks the
:class:`Deadline` (held in a context variable, so nothing has to pass it down)
at its natural loop points: expanding a prefix, wildcard or fuzzy term, each
clause it evaluates, each word it translates, each stored paragraph it reads,
each export row.  Where a loop can stop early and still give a sound answer
(the terms of a pattern, the alternatives of an OR, the rows of an export), it
stops when :attr:`Deadline.expired` and the result is marked ``partial``;
where it cannot, :func:`check` raises :class:`BudgetExceeded`, which the
request layer turns into HTTP 503 with ``Retry-After`` (nothing could be given).

Limits that cut a search short without a deadline (a pattern expanding to
too many words) leave a message with :func:`note`; both end up in the
result's ``partial`` and ``messages``.
"""

from __future__ import annotations

from contextlib import contextmanager

from indexer.deadline import CURRENT, BudgetExceeded, Deadline, check, current, note, stop

SEARCH_BUDGET = 2.0  # seconds a search may take by default
EXPORT_BUDGET = 30.0  # seconds an export may take by default
RETRY_AFTER = 5  # seconds a client is asked to wait after a 503

__all__ = ["BudgetExceeded", "Deadline", "annotate", "check", "current", "note", "stop", "within"]


@contextmanager
def within(seconds: float | None, since: float | None = None):
    """Run the block with a deadline ``seconds`` from now, or from ``since`` (a :func:`time.monotonic` moment: when
    the request arrived) (None: no limit); yield the :class:`Deadline`."""
    deadline = Deadline(seconds, since=since)
    token = CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        CURRENT.reset(token)


def annotate(result: dict, deadline: Deadline) -> dict:
    """Add ``partial`` and ``messages`` to a search result (``partial`` false and no messages when nothing was cut)."""
    result["partial"] = deadline.partial
    result["messages"] = deadline.summary()
    return result
