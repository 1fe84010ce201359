"""Source files as the indexer opens and names them: regular files only, names shown escaped.

Opening a FIFO blocks until a writer comes, and a device such as ``/dev/zero``
never ends, so every source file is opened by :func:`open_regular`: with
``O_NONBLOCK`` (opening never waits) and its descriptor checked with ``fstat``
(the name looked at before may have been swapped since), so that only a
regular file is ever read.  :func:`shown` writes a file name for a log line
or a summary with its control characters and undecodable bytes escaped.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))

# What a path is when it is not a regular file, as a reason says it.
KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class NotRegular(OSError):
    """A path that names something other than a regular file: a FIFO, a device, a socket, a folder."""

    def __init__(self, path, kind: str):
        super().__init__(errno.EINVAL, f"not a regular file: {kind}", os.fspath(path))


def kind_of(mode: int) -> str | None:
    """Return what a file of this ``st_mode`` is when it is not a regular file (``"a socket"``), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in KINDS if test(mode)), "not a regular file")


def open_regular(path) -> BinaryIO:
    """Open a file for reading in binary; raise :class:`NotRegular` (an OSError) unless it is a regular file.

    Opening never blocks (``O_NONBLOCK``), and what is checked is the opened
    descriptor, so a file swapped for a FIFO after it was listed is refused too.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegular(path, kind)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path) -> bytes:
    """Return the bytes of a regular file (raise OSError, :class:`NotRegular` for anything else)."""
    with open_regular(path) as fh:
        return fh.read()


def shown(path) -> str:
    """Return a path as a log line or a summary shows it: control characters and undecodable bytes escaped.

    >>> shown("in/new\\nline.txt"), shown(os.fsdecode(b"in/bad\\xff.txt")), shown("in/Доклад 1.txt")
    ('in/new\\\\nline.txt', 'in/bad\\\\xff.txt', 'in/Доклад 1.txt')
    """
    text = os.fsdecode(path) if isinstance(path, bytes) else os.fspath(path)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def name_problem(path) -> str | None:
    """Return why a path's name cannot be stored in the index (it is not UTF-8), or None when it can."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return "the name is not valid UTF-8: rename the file"
    return None


def name_limit(folder: Path) -> int:
    """Return the longest file name, in bytes, that ``folder``'s file system takes (255 when it does not say)."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255
