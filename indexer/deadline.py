"""The deadline of the request being run: a moment it must be done by, and what was cut short on the way.

Shared by every layer that loops over a search's work (the engine expanding
patterns, the search planning and reading hits); :mod:`indexer.search.budget`
sets it for a request and turns what it recorded into a result's ``partial``.
"""

from __future__ import annotations

import time
from contextvars import ContextVar


class BudgetExceeded(Exception):
    """The deadline passed where nothing sound could be given yet."""

    def __init__(self, seconds: float, where: str):
        super().__init__(f"the search took longer than {seconds:g} s (while {where}): narrow it and try again")
        self.seconds = seconds
        self.where = where


class Deadline:
    """A moment a request must be done by, with what was cut short on the way (mutable: one per request)."""

    def __init__(self, seconds: float | None, clock=time.monotonic, since: float | None = None):
        """``since`` is the moment (of ``clock``) the request arrived, when it waited before it was run (default:
        now): the time it waited counts against its budget."""
        self.seconds = seconds
        self._clock = clock
        self._at = None if seconds is None else (clock() if since is None else since) + seconds
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
CURRENT: ContextVar[Deadline] = ContextVar("search_deadline", default=_NONE)


def current() -> Deadline:
    """Return the deadline of the request being run (one that never passes outside :func:`within`)."""
    return CURRENT.get()


def check(where: str) -> None:
    """Raise :class:`BudgetExceeded` if the current request's deadline has passed."""
    CURRENT.get().check(where)


def stop(where: str) -> bool:
    """:meth:`Deadline.stop` of the current request's deadline."""
    return CURRENT.get().stop(where)


def note(message: str) -> None:
    """:meth:`Deadline.note` on the current request's deadline."""
    CURRENT.get().note(message)
