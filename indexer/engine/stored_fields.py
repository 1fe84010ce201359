"""Stored fields of paragraphs, kept by segment: the paragraphs searches show are read once, not per search.

Reading a paragraph's stored fields decompresses and unpickles its row of
the segment (tens of microseconds); a search shows its hits, their
counterparts and the paragraphs naming them, and other searches show many of
the same.  A segment never changes once written (generations share
segments, deletions are kept apart), so a row read once stays right for
every generation that has the segment; the key is the segment, the document
within it and the fields the schema keeps (as Whoosh filters them).  The
least recently used rows are dropped past :data:`KEPT`.  Each call returns a
copy, which the caller may change.

A row is kept compact: its fields' names as one tuple shared by every row with
those fields, its values as a tuple, and its short strings (a language, a
kind, a document's symbol, date and title, which the paragraphs of a document
repeat) interned, so rows share them: about half of a dictionary per row.  A
list (the ids of a paragraph's counterparts) is kept as a tuple and given back
as a new list: a row of strings, numbers and tuples is left aside by the cycle
collector, whose full collections would otherwise walk ten thousand rows (and
be made more often by the rows a search reads).
"""

from __future__ import annotations

import sys
import weakref
import zlib
from bisect import bisect_right
from pickle import loads

from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.columns import CompressedBytesColumn, PickleColumn
from whoosh.reading import ReaderClosed, SegmentReader

from indexer.caches.dict_cache import DictCache
from indexer.caches.lru import LRUCache
from indexer.caches.per_object import PerObject
from indexer.caches.registry import BY_KEYS, DEATH, LRU, NEVER, NOTHING, PER_OBJECT, declare
from indexer.engine.inflate import inflate
from indexer.engine.pread_files import get

KEPT = 10_000  # paragraphs (about 1.5 kB each)
SHARED_LENGTH = 200  # string values up to this long are interned (the text of a paragraph is longer)
_ROWS = declare("engine.stored_rows", LRUCache(KEPT), bound=KEPT, eviction=LRU,
                invalidated_by=NOTHING)  # (segment, documents in it, fields kept, document) -> (layout, values)
_NAMES = declare("engine.row_names", DictCache(), bound=None, eviction=BY_KEYS,
                 invalidated_by=NEVER)  # a row's layout (its fields' names in order, which are lists) -> that tuple
_FIELD_SETS = declare("engine.field_sets", DictCache(), bound=None, eviction=BY_KEYS,
                      invalidated_by=NEVER)  # the fields a schema keeps -> a small number naming them


def _layout(reader) -> tuple[list[int], list[tuple | None], frozenset, list]:
    """Return the first document number of each segment of ``reader``, each segment's key (None: not kept), the
    fields its schema names, and each segment's reader, held weakly (as :class:`PerObject` asks of its values; a
    reader dropped without being closed closes its files then)."""
    fields = frozenset(reader.schema.names())
    names = _FIELD_SETS.setdefault(fields, len(_FIELD_SETS))
    offsets, keys, leaves = [], [], []
    for leaf, offset in reader.leaf_readers():
        offsets.append(offset)
        keys.append((leaf._segment.segment_id(), leaf.doc_count_all(), names)
                    if isinstance(leaf, SegmentReader) else None)
        leaves.append(weakref.ref(leaf))
    return offsets, keys, fields, leaves


_LAYOUTS = declare("engine.layouts", PerObject(_layout), bound=None, unit="readers", eviction=PER_OBJECT,
                   invalidated_by=DEATH)  # reader -> its layout


def stored_fields(searcher, docnum: int) -> dict:
    """Return the stored fields of document ``docnum`` (searcher-wide), as ``searcher.stored_fields`` does."""
    found = _kept(searcher, docnum)
    if type(found) is not tuple:
        return found
    (names, lists), values = found
    row = dict(zip(names, values))
    for k in lists:
        row[names[k]] = list(values[k])
    return row


def stored_value(searcher, docnum: int, name: str):
    """Return one stored field of document ``docnum`` (None if it has none), without copying the others."""
    found = _kept(searcher, docnum)
    if type(found) is not tuple:
        return found.get(name)
    (names, lists), values = found
    if name not in names:
        return None
    k = names.index(name)
    return list(values[k]) if k in lists else values[k]


def _kept(searcher, docnum: int) -> tuple[tuple, tuple] | dict:
    """Return the stored fields of document ``docnum`` as kept, ``(layout, values)``, or as Whoosh reads them (a
    dictionary) where they are not kept."""
    reader = searcher.reader()
    offsets, keys, fields, leaves = _LAYOUTS.get(reader)
    k = bisect_right(offsets, docnum) - 1
    if k < 0 or keys[k] is None:
        return searcher.stored_fields(docnum)
    key = (*keys[k], docnum - offsets[k])
    found = _ROWS.get(key)
    if found is None:
        leaf = leaves[k]()
        found = _packed(_read(leaf if leaf is not None else list(reader.leaf_readers())[k][0], docnum - offsets[k],
                              fields))
        _ROWS.put(key, found)
    return found


def _read(leaf: SegmentReader, docnum: int, fields: frozenset) -> dict:
    """Return a segment's stored fields of its document ``docnum``, as its ``stored_fields`` does: the row read,
    its fields that the schema has (each of them, but for a field the schema has dropped since)."""
    if leaf.is_closed:
        raise ReaderClosed
    row = read_row(leaf._perdoc, docnum)
    if fields.issuperset(row):
        return row
    schema = leaf.schema
    return {name: value for name, value in row.items() if name in schema}


def read_row(perdoc, docnum: int) -> dict:
    """Return ``perdoc.stored_fields(docnum)``: from Whoosh's W3 stored column (a row pickled, then compressed) once
    it is open, the row's bytes read with one ``pread`` (Whoosh reads them through three column readers, a seek and
    a read) and inflated by ISA-L where zlib compressed them (:data:`_INFLATE`)."""
    reader = perdoc._readers.get("_stored") if type(perdoc) is W3PerDocReader else None
    column = getattr(reader, "_child", None)
    if type(reader) is not PickleColumn.Reader or type(column) is not CompressedBytesColumn.Reader:
        return perdoc.stored_fields(docnum)  # and the column is open from now on
    length = column._lengths[docnum]
    value = _INFLATE.get(column._decompress, column._decompress)(
        get(column._dbfile, column._basepos + column._offsets[docnum], length)) if length else None
    row = loads(value) if value else None
    return {} if row is None else row


_INFLATE = {zlib.decompress: inflate}  # zlib's streams inflated by ISA-L (indexer.engine.inflate)


def _packed(row: dict) -> tuple[tuple, tuple]:
    """Return a row of stored fields as kept: its layout (its names and which values are lists: the tuple shared by
    rows with those) and its values (short strings interned, lists as tuples)."""
    values = list(row.values())
    lists = []
    for k, value in enumerate(values):
        kind = type(value)
        if kind is str:
            if len(value) <= SHARED_LENGTH:
                values[k] = _intern(value)
        elif kind is list:
            values[k] = tuple(value)
            lists.append(k)
    layout = (tuple(row), tuple(lists))
    return _NAMES.setdefault(layout, layout), tuple(values)


_intern = sys.intern
