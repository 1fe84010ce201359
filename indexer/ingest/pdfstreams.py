"""pdfminer's parser with a budget on what a PDF's streams decode to, so that a PDF bomb is refused, not inflated.

pdfminer inflates a stream in one call, however large it grows.  Here every
stream the parser reads is a :class:`BoundedStream`: before pdfminer decodes
it, its leading Flate stages are inflated piece by piece and only counted
(a piece of :data:`PIECE` bytes in memory at a time), and the PDF is refused
(:class:`~indexer.errors.InputError`) as soon as the streams decoded so far
and this one pass the limit of :mod:`indexer.ingest.unpacked`; what the other
filters make is counted after decoding.
"""

from __future__ import annotations

import zlib
from typing import Iterable, Iterator

from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

from indexer.errors import InputError
from indexer.ingest import unpacked

PIECE = 1 << 16


class Budget:
    """The bytes a PDF's streams may decode to, and those decoded so far."""

    def __init__(self, path, limit: int):
        self.path = path
        self.limit = limit
        self.spent = 0

    def room(self) -> int:
        return self.limit - self.spent

    def charge(self, size: int | None) -> None:
        """Count ``size`` more bytes (None: more than the room left); raise InputError past the limit."""
        if size is None or size > self.room():
            raise InputError(self.path, unpacked.too_large(None, self.limit))
        self.spent += size


class BoundedParser(PDFParser):
    """A :class:`PDFParser` whose streams decode within ``budget``."""

    def __init__(self, fp, budget: Budget):
        super().__init__(fp)
        self.budget = budget

    def do_keyword(self, pos, token) -> None:
        super().do_keyword(pos, token)
        if token is self.KEYWORD_STREAM and self.curstack:
            where, obj = self.curstack[-1]
            if type(obj) is PDFStream:
                self.curstack[-1] = (where, BoundedStream(obj.attrs, obj.rawdata, obj.decipher, self.budget))


class BoundedStream(PDFStream):
    """A PDF stream that checks, before it is decoded, that its Flate stages fit in the budget."""

    def __init__(self, attrs, rawdata, decipher, budget: Budget):
        super().__init__(attrs, rawdata, decipher)
        self.budget = budget

    def decode(self) -> None:
        flate = 0
        for f, _params in self.get_filters():
            if f not in LITERALS_FLATE_DECODE:
                break
            flate += 1
        if flate:
            data = self.rawdata
            if self.decipher:
                data = self.decipher(self.objid, self.genno, data, self.attrs)
            if inflated_size(data, flate, self.budget.room()) is None:
                self.budget.charge(None)  # past the limit: refused before pdfminer inflates it
        super().decode()
        self.budget.charge(len(self.data))


def inflated_size(data: bytes, stages: int, room: int) -> int | None:
    """Return the size of ``data`` inflated ``stages`` times over, or None once it passes ``room``.

    A damaged stream is counted up to where it breaks (pdfminer keeps what it can of it).

    >>> inflated_size(zlib.compress(zlib.compress(bytes(1000))), 2, 1000), inflated_size(zlib.compress(bytes(1001)), 1, 1000)
    (1000, None)
    """
    pieces: Iterable[bytes] = (data,)
    for _ in range(stages):
        pieces = _inflate(pieces)
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > room:
            return None
    return size


def _inflate(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Yield what the zlib stream in ``pieces`` inflates to, at most :data:`PIECE` bytes at a time."""
    inflater = zlib.decompressobj()
    try:
        for piece in pieces:
            while piece and not inflater.eof:
                out = inflater.decompress(piece, PIECE)
                piece = inflater.unconsumed_tail
                if out:
                    yield out
            if inflater.eof:
                return
        rest = inflater.flush()
        if rest:
            yield rest
    except zlib.error:
        return
