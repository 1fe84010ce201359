"""The one place where the indexer's domain errors become exit codes and clean messages.

Exit codes: 0 ok; 1 some input failed (the rest was indexed); 2 usage error
(bad option, missing index, bad query, unusable glossary, lexicon or
dictionary, an OpenSearch cluster out of reach); 3 another indexer is writing the index; 4 a process writing the
index failed or died (the index is as it was); 5 the index is damaged (a file
of its live generation cannot be read or its checksum differs: ``check`` and the
error name the file and the command that rebuilds it).  :data:`EXIT_CODES` gives the
code of every :class:`~indexer.errors.IndexerError` subclass; the command
group turns any of them a command raises into a click error
(:func:`click_error`): its message, no traceback, its exit code.
"""

from __future__ import annotations

import click

from indexer.errors import (UNREADABLE, ClusterUnavailable, DictionaryError, GlossaryError, IndexDamaged, IndexerError,
                            IndexGone, IndexLocked, IndexNotFound, IndexUnwritable, InputError, LexiconError,
                            QueryError, SourceError, UnsupportedQuery, WriterFailed)

EXIT_OK = 0
EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_WRITE_FAILED = 4
EXIT_DAMAGED = 5

EXIT_CODES: dict[type[IndexerError], int] = {
    InputError: EXIT_INPUT_FAILED,
    IndexNotFound: EXIT_USAGE,
    IndexGone: EXIT_USAGE,
    SourceError: EXIT_USAGE,
    QueryError: EXIT_USAGE,
    UnsupportedQuery: EXIT_USAGE,
    LexiconError: EXIT_USAGE,
    GlossaryError: EXIT_USAGE,
    DictionaryError: EXIT_USAGE,
    IndexUnwritable: EXIT_USAGE,
    ClusterUnavailable: EXIT_USAGE,
    IndexLocked: EXIT_LOCKED,
    WriterFailed: EXIT_WRITE_FAILED,
    IndexDamaged: EXIT_DAMAGED,
}
AFTERWORDS = {WriterFailed: "; the index is as it was"}  # said after the error's own message


class UsageFailure(click.ClickException):
    """An error that is the caller's to fix: exit code 2, a clean message, no traceback."""

    exit_code = EXIT_USAGE


def exit_code(exc: IndexerError) -> int:
    """Return the exit code of a domain error: that of its class, or of the nearest base class listed."""
    for klass in type(exc).__mro__:
        if klass in EXIT_CODES:
            return EXIT_CODES[klass]
    return EXIT_USAGE


def click_error(exc: IndexerError) -> click.ClickException:
    """Return the click error that reports ``exc``: ``Error: <message>`` on stderr and the exit code of its class."""
    error = click.ClickException(str(exc) + AFTERWORDS.get(type(exc), ""))
    error.exit_code = exit_code(exc)
    return error


class ReportingGroup(click.Group):
    """A click group whose commands' domain errors are reported as :func:`click_error` says."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except IndexerError as exc:
            raise click_error(exc) from None
        except UNREADABLE as exc:  # read from a damaged file outside the index's own guards
            error = click.ClickException(f"a file of the index cannot be read ({type(exc).__name__}: {exc}): it "
                                         f"is damaged; `python -m indexer check --index DIR` names it")
            error.exit_code = EXIT_DAMAGED
            raise error from None
