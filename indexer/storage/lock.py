"""One writer at a time: an advisory lock on ``<index>/writer.lock``.

The lock is an ``fcntl.flock`` on the file, which the operating system releases
when the process holding it ends, however it ends (SIGKILL included).  The
file also records who took it (pid, host, time), so a second writer can say
who holds the index, and a lock file left by a killed writer is recognised as
stale (present but not held) and taken over, with a log line saying so.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import logging
import os
import socket
from pathlib import Path

from indexer.errors import IndexLocked, IndexUnwritable

log = logging.getLogger(__name__)

LOCK_NAME = "writer.lock"


class WriterLock:
    """A context manager holding the index's writer lock; ``purpose`` says what for (shown to other writers)."""

    def __init__(self, index_dir, purpose: str | None = None):
        self.path = Path(index_dir) / LOCK_NAME
        self.purpose = purpose
        self._fh = None

    def __enter__(self) -> "WriterLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock or raise :class:`IndexLocked` naming the holder (:class:`IndexUnwritable` when the
        index folder cannot be written: the lock is the first file a writer writes there)."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise unwritable(folder, exc) from None
        if not os.access(folder, os.W_OK | os.X_OK):
            fh.close()
            raise unwritable(folder, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fh)
            fh.close()
            raise IndexLocked(f"the index {self.path.parent} is being written by {_describe(holder)}; "
                              f"try again when it finishes") from None
        previous = _read_holder(fh)
        if previous and previous.get("pid") != os.getpid():
            log.warning("cleared a stale writer lock left by process %s (it is no longer running)", previous.get("pid"))
        fh.seek(0)
        fh.truncate()
        record = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": dt.datetime.now().isoformat(timespec="seconds")}
        if self.purpose:
            record["purpose"] = self.purpose
        fh.write(json.dumps(record))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        """Give the lock up and empty the file (an empty file is not a stale lock)."""
        if self._fh is None:
            return
        try:
            self._fh.seek(0)
            self._fh.truncate()
            self._fh.flush()
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
        finally:
            self._fh.close()
            self._fh = None


def unwritable(folder, exc: OSError) -> IndexUnwritable:
    """Return the error saying that ``folder`` cannot be written, and why (``permission denied`` …)."""
    why = (exc.strerror or str(exc)).lower()
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        why = "a file is in the way of the folder"
    return IndexUnwritable(f"cannot write the index folder {folder}: {why}")


def _describe(holder: dict) -> str:
    """Return who holds the lock, as a phrase: ``process 12 on host since … (update --watch)``."""
    if not holder:
        return "another process"
    who = f"process {holder.get('pid')} on {holder.get('host')} since {holder.get('since')}"
    return f"{who} ({holder['purpose']})" if holder.get("purpose") else who


def _read_holder(fh) -> dict:
    try:
        fh.seek(0)
        text = fh.read()
        return json.loads(text) if text.strip() else {}
    except (OSError, ValueError):
        return {}
