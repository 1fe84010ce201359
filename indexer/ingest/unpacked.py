"""How large a source file may grow when unpacked: a .docx's zip parts, a PDF's compressed streams.

A file of a few kilobytes can inflate to gigabytes (a "zip bomb").  What a
file unpacks to is bounded by :data:`EXPANSION` times the size limit of
source files (``--max-file-mb``): a .docx whose parts add up to more, as its
zip directory declares them, is refused before anything is unpacked, and a
PDF whose streams inflate past it is refused as they are decoded
(:mod:`indexer.ingest.pdfstreams`).  :func:`limited` sets the limit for the
files read meanwhile (in this process: each reading process sets its own).
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from contextvars import ContextVar

from indexer.errors import InputError

EXPANSION = 20  # a source file may unpack to this many times the size limit of source files
DEFAULT_MAX_FILE_BYTES = 16 << 20  # the build's default size limit of source files (--max-file-mb 16)

_limit: ContextVar[int] = ContextVar("unpacked_limit", default=EXPANSION * DEFAULT_MAX_FILE_BYTES)


@contextmanager
def limited(max_file_bytes: int):
    """Bound what files read in this context unpack to: :data:`EXPANSION` times ``max_file_bytes``."""
    token = _limit.set(EXPANSION * max_file_bytes)
    try:
        yield
    finally:
        _limit.reset(token)


def limit() -> int:
    """Return how many bytes a file read now may unpack to."""
    return _limit.get()


def too_large(size: int | None, limit_bytes: int) -> str:
    """Return the reason for a file that unpacks past the limit (``size`` None: somewhere past it).

    >>> too_large(1 << 30, 320 << 20)
    'too large when unpacked: 1,024 MB (limit 320 MB)'
    >>> too_large(None, 20 << 20)
    'too large when unpacked: more than 20 MB (limit 20 MB)'
    """
    amount = f"more than {_mb(limit_bytes)}" if size is None else _mb(size)
    return f"too large when unpacked: {amount} MB (limit {_mb(limit_bytes)} MB)"


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f}"


def check_zip(package: zipfile.ZipFile, path) -> None:
    """Raise :class:`InputError` when the parts of a zip package add up to more than :func:`limit`.

    The sizes are those its central directory declares; a part that inflates
    past its declared size is cut there by :mod:`zipfile` (and fails its CRC check).
    """
    size = sum(info.file_size for info in package.infolist())
    if size > limit():
        raise InputError(path, too_large(size, limit()))
