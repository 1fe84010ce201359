"""Showing a build or update as it goes: progress bars on a terminal, plain log lines otherwise.

Log lines go to standard error, one per file read and one per step (writing,
committing, publishing a generation), with the time, so that a cron job or a
service log tells what happened and when; file names in them have their
control characters escaped (:func:`indexer.files.shown`), one line per file
whatever its name.  Standard output keeps only the summary (or the ``--json`` object).
"""

from __future__ import annotations

import logging

import click

from indexer.files import shown

LOGGER = "indexer"
FORMAT = "%(asctime)s %(message)s"
DATE_FORMAT = "%H:%M:%S"


class _EchoHandler(logging.Handler):
    """A logging handler that writes each record as a line on standard error, through click."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # noqa: BLE001 - logging must never break the run
            self.handleError(record)


class LogLines:
    """While active, the indexer's log records (INFO and up) are printed as plain lines on standard error."""

    def __init__(self):
        self._handler = _EchoHandler(level=logging.INFO)
        self._handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
        self._saved: tuple | None = None

    def __enter__(self) -> "LogLines":
        logger = logging.getLogger(LOGGER)
        self._saved = (logger.level, logger.propagate)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # the lines are printed here; -v must not print them twice
        logger.addHandler(self._handler)
        return self

    def __exit__(self, *exc) -> None:
        logger = logging.getLogger(LOGGER)
        logger.removeHandler(self._handler)
        logger.setLevel(self._saved[0])
        logger.propagate = self._saved[1]


class Progress:
    """Progress callbacks for :func:`indexer.build.pipeline.build` and :func:`indexer.build.update.update`: bars, or log lines when ``bars`` is off."""

    def __init__(self, bars: bool):
        self.bars = bars
        self._files = self._paragraphs = None
        self._lines = None if bars else LogLines()
        self._log = logging.getLogger(f"{LOGGER}.progress")

    def __enter__(self) -> "Progress":
        if self.bars:
            from tqdm import tqdm  # deferred: the bars' library only when bars are shown

            self._files = tqdm(desc="reading", unit=" files", leave=False)
            self._paragraphs = tqdm(desc="indexing", unit=" paragraphs")
        else:
            self._lines.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.bars:
            self._files.close()
            self._paragraphs.close()
        else:
            self._lines.__exit__(*exc)

    def on_file(self, path) -> None:
        """Called before each file is read."""
        if self.bars:
            self._files.update(1)
        else:
            self._log.info("reading %s", shown(path))

    def on_paragraphs(self, count: int) -> None:
        """Called after the paragraphs of each document are written."""
        if self.bars:
            self._paragraphs.update(count)

    def callbacks(self) -> dict:
        """Return the callbacks as the keyword arguments of ``build`` and ``update``."""
        return {"on_file": self.on_file, "on_paragraphs": self.on_paragraphs}
