"""Writing a field's posting lists in Whoosh 2.7.4's W3 block format, a term at a time instead of a posting at a time.

Whoosh's ``FieldWriter.add_postings`` walks every posting in Python: it
checks the order, looks up the document's field length, and hands the
posting to ``W3PostingsWriter.add_posting``, which appends it to the
current block and keeps the block's statistics.  Here a term's postings
come as arrays (document numbers, weights) and a list of value bytes, and
each block of :data:`blocklimit <whoosh.codec.whoosh3.W3Codec>` postings is
cut, summarized and encoded with whole-sequence operations: the same block
headers and term infos, the same terms file, and each block's data packed
in arrays (:mod:`indexer.engine.compact_blocks`, which Whoosh's readers read
once the engine's speed-ups are in place) instead of Whoosh's pickled and
compressed tuple.  With :data:`COMPACT` off the blocks are Whoosh's own: the
same bytes in the postings file as Whoosh writes.  Only the W3 codec without
inlined postings (Whoosh's default) is written this way (:func:`can_write`).
"""

from __future__ import annotations

import struct
import zlib
from array import array
from operator import sub

from whoosh.codec import whoosh3
from whoosh.compat import dumps
from whoosh.filedb import filetables
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.engine import compact_blocks
from indexer.engine.speedups import lengths as length_bytes

_TERMINFO = getattr(whoosh3.W3TermInfo, "_struct", None)  # both checked before this module is used
_KEY_VALUE_SIZES = getattr(filetables, "_lengths", None)  # (indexer.engine.insides)
_NO_ID = 0xFFFFFFFF
WRITTEN_AT = 1 << 20  # bytes of posting blocks gathered before they are written
# Blocks this small are compressed once per segment: a sixth of a segment's blocks repeat one before (one
# paragraph's id and the ids it is aligned to, say), and compressing costs the set-up of a zlib stream each time.
SMALL_BLOCK = 48  # bytes, pickled
KEPT_BLOCKS = 200_000  # compressed small blocks kept at most (then forgotten, and kept anew)
_FLOAT32 = struct.Struct("<f")
# The byte of a field's length, as a block's header and a term's info keep it: byte to length and back (0: none).
_LENGTH_BYTE = tuple(length_to_byte(byte_to_length(b) if b else 0) for b in range(256))
COMPACT = True  # blocks' data as :mod:`indexer.engine.compact_blocks` packs it (False: Whoosh's pickles, byte for byte)
COMPACT_BLOCK = 1024  # postings in a compact block (Whoosh writes 128)


def can_write(fieldwriter, codec) -> bool:
    """Return whether ``fieldwriter`` is one this module writes exactly as Whoosh would."""
    return (type(fieldwriter) is whoosh3.W3FieldWriter and type(codec) is whoosh3.W3Codec
            and type(fieldwriter._tindex) is filetables.OrderedHashWriter
            and codec._inlinelimit <= 1 and not fieldwriter.is_closed)


def write_fields(fieldwriter, codec, schema, perdoc, fields) -> None:
    """Write the postings of ``fields`` through ``fieldwriter``, as its ``add_postings`` would.

    ``fields`` gives ``(fieldname, terms)`` in field order, ``terms``
    ``(text, docnums, weights, values)`` in term order: arrays of document
    numbers (in order) and weights, and the value bytes (or None where the
    field's format keeps no values).  ``perdoc`` gives the field lengths (None: none).
    """
    compressed: dict[bytes, bytes] = {}
    for fieldname, terms in fields:
        lengths = length_bytes(perdoc, fieldname) if perdoc is not None else None
        _write_field(fieldwriter, codec, fieldname, schema[fieldname], terms, lengths, compressed)


def _write_field(fw, codec, fieldname: str, fieldobj, terms, lengths, compressed: dict) -> None:
    """Write one field's terms, in order, as ``W3FieldWriter`` does between ``start_field`` and ``finish_field``."""
    fieldmap = fw._fieldmap
    if fieldname not in fieldmap:
        fieldmap[fieldname] = len(fieldmap)
    prefix = pack_ushort(fieldmap[fieldname])
    fixed = fieldobj.format.fixed_value_size()
    limit, compression = (max(codec._blocklimit, COMPACT_BLOCK) if COMPACT else codec._blocklimit), codec._compression
    postfile = fw._postfile
    start = postfile.tell()
    blocks, rows, size = [], [], 0
    for btext, docnums, weights, values in terms:
        if len(compressed) > KEPT_BLOCKS:
            compressed.clear()
        encoded, info = _encode_term(docnums, weights, values, fixed, lengths, limit, compression, compressed)
        blocks.append(encoded)
        rows.append((prefix + btext, info + pack_long(start) + pack_int(len(encoded))))
        start += len(encoded)
        size += len(encoded)
        if size > WRITTEN_AT:
            postfile.write(b"".join(blocks))
            blocks, size = [], 0
            add_terms(fw._tindex, rows)
            rows = []
    postfile.write(b"".join(blocks))
    add_terms(fw._tindex, rows)
    fw._fieldname, fw._fieldobj, fw._format = fieldname, fieldobj, fieldobj.format


def add_terms(tindex, rows: list) -> None:
    """Add ``(key, value)`` rows to Whoosh's ``OrderedHashWriter`` as its ``add`` does, row by row, in one write."""
    dbfile, lastkey, hashfn = tindex.dbfile, tindex.lastkey, tindex.hashfn
    position = dbfile.tell()
    index, buckets, parts = tindex.index.append, tindex.buckets, []
    for key, value in rows:
        if key <= lastkey:
            raise ValueError("Keys must increase: %r..%r" % (lastkey, key))
        index(position)
        h = hashfn(key)
        buckets[h & 255].append((h, position))
        parts += (_KEY_VALUE_SIZES.pack(len(key), len(value)), key, value)
        position += _KEY_VALUE_SIZES.size + len(key) + len(value)
        lastkey = key
    dbfile.write(b"".join(parts))
    tindex.lastkey = lastkey


def _encode_term(docnums, weights, values, fixed, lengths, limit: int, compression: int,
                 compressed: dict) -> tuple[bytes, bytes]:
    """Return a term's encoded blocks and the packed start of its term info (without its extent).

    ``compressed`` keeps the compressed form of small blocks already compressed.
    """
    compact = COMPACT
    if compact and len(docnums) == 1:  # a term in one document (an id, say): a third of a build's terms
        found = _encode_one(docnums[0], weights[0], None if values is None else values[0], fixed, lengths)
        if found is not None:
            return found
    parts = [whoosh3.WHOOSH3_HEADER_MAGIC]
    total, df, minlength, maxlength, maxweight, minid = 0, 0, None, 0, 0, None
    n = len(docnums)
    for i in range(0, n, limit):
        ids = docnums[i:i + limit]
        block_weights = weights[i:i + limit]
        floats = array("f", block_weights)
        lowest, highest = _block_lengths(ids, lengths)
        top = max(block_weights)
        top = top if top > 0 else 0  # Whoosh's running maximum starts at 0
        # W3TermInfo.add_block
        total += sum(floats)
        df += len(ids)
        minlength = lowest if minlength is None else min(minlength, lowest)
        maxlength = max(maxlength, highest)
        maxweight = max(maxweight, top)
        if minid is None:
            minid = ids[0]
        if compact:
            marker, data = compact_blocks.encode(ids, floats, None if values is None else values[i:i + limit],
                                                 fixed)
            head = dumps((len(ids), ids[-1], top, marker, length_to_byte(lowest), length_to_byte(highest)), 2)
            size = len(head) + len(data)
            parts += (pack_int(-size if i + limit >= n else size), head, data)
            continue
        # W3PostingsWriter._write_block
        data = dumps(((ids[0], *map(sub, ids[1:], ids)), _mini_weights(floats),
                      _mini_values(values, i, i + limit, fixed)), 2)
        if compression:
            if len(data) > SMALL_BLOCK:
                data = zlib.compress(data, compression)
            else:
                packed = compressed.get(data)
                if packed is None:
                    packed = compressed[data] = zlib.compress(data, compression)
                data = packed
        head = dumps((len(ids), ids[-1], top, compression, length_to_byte(lowest), length_to_byte(highest)), 2)
        size = len(head) + len(data)
        parts += (pack_int(-size if i + limit >= n else size), head, data)
    info = _TERMINFO.pack(False, total, df, 0 if minlength is None else length_to_byte(minlength),
                          length_to_byte(maxlength), maxweight, _NO_ID if minid is None else minid, docnums[-1])
    return b"".join(parts), info


def _encode_one(docnum: int, weight: float, value, fixed, lengths) -> tuple[bytes, bytes] | None:
    """Return :func:`_encode_term` of a term's one posting (compact blocks), working on the posting's numbers
    rather than sequences of one; None where :func:`compact_blocks.encode_one` leaves it to the general way."""
    single = _FLOAT32.pack(weight)
    weight32 = _FLOAT32.unpack(single)[0]  # the weight as the block keeps it (float32)
    found = compact_blocks.encode_one(docnum, weight32, value, fixed)
    if found is None:
        return None
    marker, data = found
    stored = lengths[docnum] if lengths is not None and docnum < len(lengths) else 0
    length_byte = _LENGTH_BYTE[stored]  # the byte of the field's length, as Whoosh turns it to a length and back
    top = weight if weight > 0 else 0  # Whoosh's running maximum starts at 0
    head = dumps((1, docnum, top, marker, length_byte, length_byte), 2)
    size = len(head) + len(data)
    info = _TERMINFO.pack(False, weight32, 1, length_byte, length_byte, top, docnum, docnum)
    return b"".join((whoosh3.WHOOSH3_HEADER_MAGIC, pack_int(-size), head, data)), info


def _block_lengths(ids, lengths) -> tuple:
    """Return a block's shortest and longest field length as Whoosh keeps them: (None, 0) when none has one."""
    if lengths is None:
        return None, 0
    size = len(lengths)
    if ids[-1] < size:
        found = bytes(map(lengths.__getitem__, ids))
    else:
        found = bytes(lengths[d] if d < size else 0 for d in ids)
    highest = max(found)
    if not highest:
        return None, 0
    return byte_to_length(min(found.replace(b"\0", b"")) if 0 in found else min(found)), byte_to_length(highest)


def _mini_weights(floats):
    """Whoosh's ``_mini_weights``: None when all are 1.0, the one weight when all are equal, else all of them."""
    n = len(floats)
    if floats.count(1.0) == n:
        return None
    if floats.count(floats[0]) == n:
        return floats[0]
    return tuple(floats)


def _mini_values(values, start: int, end: int, fixed):
    """Whoosh's ``_mini_values`` of the block's values (only the non-empty ones are kept, as Whoosh does)."""
    if fixed == 0:
        return None
    kept = filter(None, values[start:end])
    if fixed is None or fixed < 0:
        return tuple(kept)
    return b"".join(kept)
