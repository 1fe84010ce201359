"""A posting block's data as flat arrays instead of a pickled tuple: what the product's writer puts in W3 blocks.

Whoosh 2.7.4's W3 codec stores a block's data as the pickled tuple
``(id gaps, weights, values)``, zlib-compressed; pickling (protocol 2 turns
every value's bytes into a call of ``codecs.encode``) and a zlib stream per
block were a quarter of the CPU of writing a segment.  Here the same three
things are packed with :mod:`array`:

====================  ==========================================================
``<IBBBI``            the first document number, the width code of the gaps,
                      the kind of weights, the width code of the value sizes,
                      the number of values kept
gaps                  the ``n - 1`` gaps between document numbers (1, 2 or 4 bytes each)
weights               none (all 1.0), one float32 (all equal), or ``n`` float32
values                none (a format without values), the values joined (a fixed
                      size), or the size of each value then the values joined
====================  ==========================================================

and compressed (zlib level 1) only past :data:`COMPRESSED_FROM` bytes.  The
block's header keeps Whoosh's pickled tuple; its compression slot holds
:data:`RAW` or :data:`ZLIB` (negative: Whoosh writes a zlib level, 0 to 9),
which is how a reader tells these blocks from Whoosh's own (:func:`is_compact`).
Decoded, a block gives what unpickling Whoosh's gives (:func:`decode`), so
Whoosh's matchers read it once :func:`indexer.engine.speedups.apply` has
installed the reading; :mod:`indexer.engine.postings` reads it with numpy
(:func:`decode_arrays`).  Values are Whoosh's as its formats encode them (a
position list stays Whoosh's ``Positions`` encoding), and, as Whoosh keeps
them, only the non-empty ones.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from operator import sub

import numpy as np

from indexer.engine.inflate import inflate

RAW = -1  # a block's compression slot: compact data, not compressed
ZLIB = -2  # compact data, compressed with zlib
COMPRESSED_FROM = 512  # bytes of compact data from which a block is compressed (under it zlib saves little)
LEVEL = 1  # zlib's level (Whoosh's default is 3: a few percent smaller, a fifth slower)

_HEAD = struct.Struct("<IBBBI")
_FLOAT = struct.Struct("<f")
_CODES = ("B", "H", "I")  # unsigned widths, by code: 1, 2, 4 bytes
_DTYPES = (np.dtype("<u1"), np.dtype("<u2"), np.dtype("<u4"))
_LIMITS = (1 << 8, 1 << 16)
NO_WEIGHTS, ONE_WEIGHT, WEIGHTS = 0, 1, 2
_SWAP = sys.byteorder != "little"

if array("I").itemsize != 4 or array("f").itemsize != 4:  # pragma: no cover - every platform Python supports
    raise ImportError("compact posting blocks need 4-byte array('I') and array('f')")


def is_compact(compression) -> bool:
    """Return whether a block header's compression slot marks a compact block."""
    return compression == RAW or compression == ZLIB


def _code(largest: int) -> int:
    """Return the width code of unsigned numbers up to ``largest``."""
    return 0 if largest < _LIMITS[0] else 1 if largest < _LIMITS[1] else 2


def _packed(code: int, numbers) -> bytes:
    packed = array(_CODES[code], numbers)
    if _SWAP:  # pragma: no cover - little-endian machines only here
        packed.byteswap()
    return packed.tobytes()


def encode(ids, floats: array, values, fixed) -> tuple[int, bytes]:
    """Return a block's compression slot (:data:`RAW` or :data:`ZLIB`) and its data.

    ``ids`` are the block's document numbers (ascending), ``floats`` their
    weights (``array('f')``), ``values`` their value bytes (None for a format
    without values, ``fixed == 0``); ``fixed`` is the format's fixed value
    size (None or negative: variable).
    """
    n = len(ids)
    gaps = list(map(sub, ids[1:], ids))
    gap_code = _code(max(gaps)) if gaps else 0
    if floats.count(1.0) == n:
        weight_kind, weights = NO_WEIGHTS, b""
    elif floats.count(floats[0]) == n:
        weight_kind, weights = ONE_WEIGHT, _FLOAT.pack(floats[0])
    else:
        weight_kind, weights = WEIGHTS, _float_bytes(floats)
    size_code, sizes, joined, kept = 0, b"", b"", ()
    if fixed != 0 and values is not None:
        kept = list(filter(None, values))
        joined = b"".join(kept)
        if fixed is None or fixed < 0:
            lengths = list(map(len, kept))
            size_code = _code(max(lengths)) if lengths else 0
            sizes = _packed(size_code, lengths)
    data = b"".join((_HEAD.pack(ids[0], gap_code, weight_kind, size_code, len(kept)), _packed(gap_code, gaps),
                     weights, sizes, joined))
    if len(data) >= COMPRESSED_FROM:
        return ZLIB, zlib.compress(data, LEVEL)
    return RAW, data


def encode_one(docnum: int, weight: float, value, fixed) -> tuple[int, bytes] | None:
    """Return :func:`encode` of a block of one posting (``weight`` a float32's value, ``value`` its bytes or None),
    without making its sequences; None for a weight that is not a number (then :func:`encode` answers)."""
    if weight == 1.0:
        weight_kind, weights = NO_WEIGHTS, b""
    elif weight == weight:
        weight_kind, weights = ONE_WEIGHT, _FLOAT.pack(weight)
    else:
        return None
    size_code, sizes, joined, kept = 0, b"", b"", 0
    if fixed != 0 and value:
        joined, kept = value, 1
        if fixed is None or fixed < 0:
            size_code = _code(len(value))
            sizes = _packed(size_code, (len(value),))
    data = b"".join((_HEAD.pack(docnum, 0, weight_kind, size_code, kept), weights, sizes, joined))
    if len(data) >= COMPRESSED_FROM:
        return ZLIB, zlib.compress(data, LEVEL)
    return RAW, data


def _float_bytes(floats: array) -> bytes:
    if _SWAP:  # pragma: no cover - little-endian machines only here
        floats = array("f", floats)
        floats.byteswap()
    return floats.tobytes()


def _parse(data: bytes, compression: int, count: int, fixed) -> tuple:
    """Return a compact block's ids (int64), kind of weights, weights (a float32 view), sizes and joined values."""
    if compression == ZLIB:
        data = inflate(data)
    first, gap_code, weight_kind, size_code, kept = _HEAD.unpack_from(data)
    at = _HEAD.size
    dtype = _DTYPES[gap_code]
    ids = np.empty(count, dtype=np.int64)
    ids[0] = first
    ids[1:] = np.frombuffer(data, dtype=dtype, count=count - 1, offset=at)
    np.cumsum(ids, out=ids)
    at += (count - 1) * dtype.itemsize
    weights = None
    if weight_kind == ONE_WEIGHT:
        weights = _FLOAT.unpack_from(data, at)[0]
        at += 4
    elif weight_kind == WEIGHTS:
        weights = np.frombuffer(data, dtype="<f4", count=count, offset=at)
        at += 4 * count
    sizes = None
    if fixed is None or fixed < 0:
        dtype = _DTYPES[size_code]
        sizes = np.frombuffer(data, dtype=dtype, count=kept, offset=at).astype(np.int64)
        at += kept * dtype.itemsize
    return ids, weight_kind, weights, sizes, data[at:]


def decode_ids(data: bytes, compression: int, count: int) -> tuple[np.ndarray]:
    """Return a compact block's document numbers (int64) alone, in a 1-tuple."""
    if compression == ZLIB:
        data = inflate(data)
    first, gap_code = _HEAD.unpack_from(data)[:2]
    ids = np.empty(count, dtype=np.int64)
    ids[0] = first
    ids[1:] = np.frombuffer(data, dtype=_DTYPES[gap_code], count=count - 1, offset=_HEAD.size)
    return (np.cumsum(ids, out=ids),)


def decode_arrays(data: bytes, compression: int, count: int, fixed):
    """Return a compact block's ``(ids, weights, sizes, joined)`` as numpy arrays.

    ``ids`` are the document numbers (int64), ``weights`` float64 (None: all
    1.0), ``sizes`` the size of each non-empty value (None: a fixed size or
    no values) and ``joined`` the values one after the other.  ``count`` is
    the block's number of postings (from its header).
    """
    ids, weight_kind, weights, sizes, joined = _parse(data, compression, count, fixed)
    if weight_kind == ONE_WEIGHT:
        weights = np.full(count, weights)
    elif weight_kind == WEIGHTS:
        weights = weights.astype(np.float64)
    return ids, weights, sizes, joined


def decode(data: bytes, compression: int, count: int, fixed) -> tuple:
    """Return a compact block's data as Whoosh's W3 reader unpickles its own: ``(id gaps, weights, values)``.

    The gaps start with the first document number; weights are None (all
    1.0), one float, or an ``array('f')``; values are None (no values), the
    values joined (a fixed size) or a tuple of the non-empty values.
    """
    ids, weight_kind, weights, sizes, joined = _parse(data, compression, count, fixed)
    gaps = tuple(np.diff(ids, prepend=0).tolist())
    if weight_kind == WEIGHTS:
        weights = array("f", weights.tobytes())
        if _SWAP:  # pragma: no cover - little-endian machines only here
            weights.byteswap()
    if fixed == 0:
        return gaps, weights, None
    if sizes is None:
        return gaps, weights, joined
    ends = np.cumsum(sizes).tolist()
    return gaps, weights, tuple(joined[a:b] for a, b in zip([0, *ends], ends))
