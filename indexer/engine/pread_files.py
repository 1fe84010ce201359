"""Index files read at an offset with one system call: the parts of a segment's compound file, without a buffer.

A segment is one compound file; Whoosh reads each of its parts (the term
table, the posting lists, the stored fields) through a ``SubFile``, which
moves the shared file to the part's offset and reads there.  Each such read
after a move makes Python's buffered file fill its whole buffer (8 kB) for
the few bytes of a term's entry or a stored row.  :class:`PreadFile` gives its
parts :class:`PreadSubFile`, which reads just the bytes asked for with
``os.pread``, leaving the shared file where it is.  The bytes read are the
same; a file truncated while open gives the same short read, a closed one
the same ``ValueError``.
"""

from __future__ import annotations

import os
import pickle
from io import BytesIO

from whoosh.filedb.compound import SubFile
from whoosh.filedb.structfile import StructFile

_EMPTY = b""


class PreadSubFile(SubFile):
    """A part of a file, read with ``os.pread`` at the part's offset (Whoosh's ``SubFile`` otherwise)."""

    def read(self, size=None):
        left = self._length - self._pos
        size = left if size is None else min(size, left)
        if size <= 0:
            return _EMPTY
        data = os.pread(self._file.fileno(), size, self._offset + self._pos)  # a closed file: ValueError
        self._pos += size  # as SubFile counts it, whatever a short read gives
        return data


def get(structfile: StructFile, position: int, length: int) -> bytes:
    """Return ``structfile.get(position, length)``: for a part of a file (:class:`PreadSubFile`), one ``os.pread``
    called here, not through the part's seek and read (the part is left where ``get`` leaves it)."""
    part = structfile.file
    if type(part) is not PreadSubFile:
        return structfile.get(position, length)
    part._pos = position
    size = min(length, part._length - position)
    if size <= 0:
        return _EMPTY
    data = os.pread(part._file.fileno(), size, part._offset + position)  # a closed file: ValueError
    part._pos = position + size
    return data


class PreadPart(StructFile):
    """A part of a file (a :class:`PreadSubFile`) as Whoosh reads it, its pickles read with one ``pread``."""

    def read_pickle(self):
        """Return the pickled object at the part's position, read with one ``pread`` of up to
        :data:`PICKLE_AHEAD` bytes (``pickle.load`` on the part would read it a few bytes at a time: a posting
        block's header took 19 reads); a longer pickle is read as Whoosh reads it."""
        part = self.file
        start = part._pos
        data = part.read(PICKLE_AHEAD)
        ahead = BytesIO(data)
        try:
            found = pickle.load(ahead)
        except (EOFError, pickle.UnpicklingError):  # longer than the bytes read ahead, or damaged: as Whoosh reads
            part._pos = start
            return super().read_pickle()
        part._pos = start + ahead.tell()
        return found


PICKLE_AHEAD = 512  # bytes read for a pickle: a posting block's header is about 40


class PreadFile(StructFile):
    """A file of the index whose parts (:meth:`subset`, what a compound file opens) are :class:`PreadPart`."""

    def subset(self, offset, length, name=None):
        return PreadPart(PreadSubFile(self.file, offset, length), name=name or self._name)


def open_file(path: str, name: str, **kwargs) -> StructFile:
    """Open a file of the index for reading as Whoosh's file storage does, its parts read with ``os.pread``."""
    kind = PreadFile if hasattr(os, "pread") else StructFile
    return kind(open(path, "rb"), name=name, **kwargs)
