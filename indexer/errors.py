"""Domain errors of the indexer, all in one place; the CLI turns them into clean messages and exit codes
(:mod:`indexer.cli.failures` maps each to its exit code)."""

from __future__ import annotations

import pickle
import struct
import zlib


class IndexerError(Exception):
    """Base class of the indexer's own errors."""


class InputError(IndexerError):
    """An input file that cannot be read as a document: names the file and the reason."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class IndexNotFound(IndexerError):
    """No index at the given directory."""


class SourceError(IndexerError):
    """Sources to index that do not exist, or none at all."""


class IndexLocked(IndexerError):
    """Another indexer is writing to the index."""


class WriterFailed(IndexerError):
    """A process writing a segment failed or died; nothing it wrote is committed."""


class QueryError(IndexerError):
    """A query that cannot be parsed; ``position`` is the offset of the problem, if known."""

    def __init__(self, message: str, position: int | None = None):
        self.message = message
        self.position = position
        super().__init__(message if position is None else f"{message} (at character {position + 1})")


class UnsupportedQuery(QueryError):
    """A query the engine in use cannot search yet (OpenSearch: a node of the parsed query with no translation)."""


class IndexGone(IndexNotFound):
    """An index generation's files are gone (removed while it was being opened) or hold no index."""


class IndexDamaged(IndexerError):
    """A generation's file that cannot be read or whose bytes changed: names the file and what to do."""

    def __init__(self, file, reason: str, remedy: str):
        self.file = str(file)
        self.reason = reason
        self.remedy = remedy
        super().__init__(f"the index file {self.file} is damaged ({reason}): {remedy}")


class IndexUnwritable(IndexerError):
    """An index folder that cannot be written (permissions, a read-only file system, a file in its place)."""


# What reading a damaged (truncated, overwritten) index file raises from the standard library, whatever the
# engine: a short read unpacked, a stream that ends early, a compressed or pickled block that does not decode.
UNREADABLE = (struct.error, EOFError, zlib.error, pickle.UnpicklingError)


class ClusterUnavailable(IndexerError):
    """An OpenSearch cluster that cannot be reached, refuses the request, or is red (the URL shown redacted)."""


class LexiconError(IndexerError):
    """A lexicon file that cannot be read."""


class GlossaryError(IndexerError):
    """A glossary file that cannot be used: names the file, the line and the reason."""


class DictionaryError(IndexerError):
    """A dictionary that cannot be read: names the file and the reason."""
