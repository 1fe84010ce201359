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

import time
from contextlib import contextmanager
from contextvars import ContextVar

SEARCH_BUDGET = 2.0  # seconds a search may take by default
EXPORT_BUDGET = 30.0  # seconds an export may take by default
RETRY_AFTER = 5  # seconds a client is asked to wait after a 503


class BudgetExceeded(Exception):
    """The deadline passed where nothing sound could be given yet."""

    def __init__(self, seconds: float, where: str):
        super().__init__(f"the search took longer than {seconds:g} s (while {where}): narrow it and try again")
        self.seconds = seconds
        self.where = where


class Deadline:
    """A moment a request must be done by, with what was cut short on the way (mutable: one per request)."""

    def __init__(self, seconds: float | None, clock=time.monotonic):
        self.seconds = seconds
        self._clock = clock
        self._at = None if seconds is None else clock() + seconds
        self.cut = False  # something was left out because the time was up
        self.messages: list[str] = []

    @property
    def expired(self) -> bool:
        """Tell whether the deadline has passed (never, without a budget)."""
        return self._at is not None and self._clock() >= self._at

    def remaining(self) -> float | None:
        """Return the seconds left (None without a budget; never below zero)."""
        return None if self._at is None else max(0.0, self._at - self._clock())

    def check(self, where: str) -> None:
        """Raise :class:`BudgetExceeded` if the deadline has passed."""
        if self.expired:
            raise BudgetExceeded(self.seconds, where)

    def stop(self, where: str) -> bool:
        """Tell whether a loop that can end early should end now; if so, remember that the result is partial."""
        if not self.expired:
            return False
        self.cut = True
        return True

    def note(self, message: str) -> None:
        """Remember a message about something a limit left out (once)."""
        if message not in self.messages:
            self.messages.append(message)

    @property
    def partial(self) -> bool:
        """Tell whether anything was left out: by the deadline or by a limit."""
        return self.cut or bool(self.messages)

    def summary(self) -> list[str]:
        """Return the messages a result shows: the deadline's first, then the limits'."""
        cut = [f"the search took longer than {self.seconds:g} s: these are the results found so far; "
               "narrow it (more words, a filter, a language) to see them all"] if self.cut else []
        return cut + self.messages


_NONE = Deadline(None)
_CURRENT: ContextVar[Deadline] = ContextVar("search_deadline", default=_NONE)


def current() -> Deadline:
    """Return the deadline of the request being run (one that never passes outside :func:`within`)."""
    return _CURRENT.get()


def check(where: str) -> None:
    """Raise :class:`BudgetExceeded` if the current request's deadline has passed."""
    _CURRENT.get().check(where)


def stop(where: str) -> bool:
    """:meth:`Deadline.stop` of the current request's deadline."""
    return _CURRENT.get().stop(where)


def note(message: str) -> None:
    """:meth:`Deadline.note` on the current request's deadline."""
    _CURRENT.get().note(message)


@contextmanager
def within(seconds: float | None):
    """Run the block with a deadline ``seconds`` from now (None: no limit); yield the :class:`Deadline`."""
    deadline = Deadline(seconds)
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)


def annotate(result: dict, deadline: Deadline) -> dict:
    """Add ``partial`` and ``messages`` to a search result (``partial`` false and no messages when nothing was cut)."""
    result["partial"] = deadline.partial
    result["messages"] = deadline.summary()
    return result
