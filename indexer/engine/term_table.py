"""A term's entry in a segment's term table, read in two reads instead of four.

Whoosh's term table is an on-disk hash table (``filetables.HashReader``): a
term's slot gives where its record is; the record is the lengths of key and
value, the key, then the value (the term's info).  Whoosh reads the slot, the
lengths, the key and the value one read each, and computes the key's MD5 hash
through its hexadecimal digest.  :func:`term_info` reads the slot, then the
record's lengths, key and a value of up to :data:`VALUE_GUESS` bytes at once
(a term's info is about twenty): what every term of every search looks up.
It follows Whoosh's probing exactly (the first slot of the key's hash whose
record holds the key), so it finds what Whoosh finds.
"""

from __future__ import annotations

import struct

from whoosh.codec.whoosh3 import W3TermInfo, W3TermsReader
from whoosh.filedb import filetables

from indexer.engine.pread_files import get

try:  # Python's own MD5: a hash of a few bytes in half the time of OpenSSL's, which sets up a context for each
    from _md5 import md5
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import md5

CHUNK = 1 << 16  # bytes of the term table read at a time when listing a field's terms
VALUE_GUESS = 64  # bytes of the value read with the key; a longer value takes one more read
_POINTER = filetables._pointer  # a slot: the key's hash, the record's position (0: an empty slot)
_LENGTHS = filetables._lengths  # a record's key and value lengths
_INFO_SIZE = W3TermInfo._struct.size  # a term's info: flags (inlined or not), statistics; then where its postings are
_EXTENT = struct.Struct("!qi")  # where: the offset and length W3TermInfo packs (Whoosh's pack_long, pack_int)
INLINED = ()  # the extent of a term whose postings are in its info


def _md5_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash``: the digest's last four bytes as a number (what its hexadecimal form's low bits are)."""
    return int.from_bytes(md5(key).digest()[-4:], "big")


_FASTER = {filetables.md5_hash: _md5_hash}


def readable(terms) -> bool:
    """Tell whether :func:`term_info` can read the term table of ``terms`` (a segment reader's ``_terms``)."""
    return type(terms) is W3TermsReader and isinstance(terms._tindex, filetables.HashReader)


def term_info(terms, fieldname: str, btext: bytes):
    """Return a term's info in the term table of a segment's ``terms`` (:func:`readable`), None if it lacks it."""
    found = value(terms._tindex, terms._keycoder(fieldname, btext))
    return None if found is None else W3TermInfo.from_bytes(found)


def extent(terms, fieldname: str, btext: bytes) -> tuple[int, int] | tuple[()] | None:
    """Return where a term's postings are in the postings file of a segment's ``terms`` (:func:`readable`), as
    ``term_info(...).extent()`` gives them: ``(offset, length)``; :data:`INLINED` for postings kept in the term's
    info, None if the segment lacks the term (its info's statistics are not decoded)."""
    found = value(terms._tindex, terms._keycoder(fieldname, btext))
    if found is None:
        return None
    return INLINED if found[0] else _EXTENT.unpack_from(found, _INFO_SIZE)


def field_terms(terms, fieldname: str) -> list[bytes]:
    """Return the terms of ``fieldname`` in the term table of a segment's ``terms`` (:func:`readable`), in order:
    ``list(reader.lexicon(fieldname))`` of its segment reader, read :data:`CHUNK` bytes at a time (Whoosh reads
    two pieces per term: 6,000 reads for the seed index's Russian words, each a wait while another thread runs)."""
    if fieldname not in terms._fieldmap:
        return []
    table = terms._tindex
    prefix = terms._keycoder(fieldname, b"")
    pos = table.closest_key_pos(prefix)
    if pos is None:
        return []
    dbfile, end, head, skip = table.dbfile, table.endofdata, _LENGTHS.size, len(prefix)
    out: list[bytes] = []
    while pos < end:
        chunk = get(dbfile, pos, min(max(CHUNK, head), end - pos))
        off = 0
        while off + head <= len(chunk):
            key_length, value_length = _LENGTHS.unpack_from(chunk, off)
            if off + head + key_length > len(chunk):
                break
            key = chunk[off + head:off + head + key_length]
            if not key.startswith(prefix):
                return out
            out.append(key[skip:])
            off += head + key_length + value_length
        if not off:  # a key longer than a chunk
            key_length, value_length = _LENGTHS.unpack(get(dbfile, pos, head))
            key = get(dbfile, pos + head, key_length)
            if not key.startswith(prefix):
                return out
            out.append(key[skip:])
            off = head + key_length + value_length
        pos += off
    return out


def value(table, key: bytes) -> bytes | None:
    """Return the value of ``key`` in a Whoosh hash file ``table`` (as ``table[key]``), None if it has none."""
    keyhash = _FASTER.get(table.hashfn, table.hashfn)(key)
    start, slots = table.tables[keyhash & 255]
    if not slots:
        return None
    dbfile, size = table.dbfile, _POINTER.size
    end = start + slots * size
    at = start + ((keyhash >> 8) % slots) * size
    head = _LENGTHS.size
    for _ in range(slots):
        slot_hash, record = _POINTER.unpack(get(dbfile, at, size))
        if not record:
            return None
        if slot_hash == keyhash:
            read = get(dbfile, record, head + len(key) + VALUE_GUESS)
            key_length, value_length = _LENGTHS.unpack_from(read)
            if key_length == len(key) and read[head:head + key_length] == key:
                begin = head + key_length
                if begin + value_length <= len(read):
                    return read[begin:begin + value_length]
                return get(dbfile, record + begin, value_length)
        at += size
        if at == end:
            at = start
    return None
