"""Speed-ups of Whoosh 2.7.4's readers that change nothing but speed.

Whoosh looks up a document's field length (for BM25, and for every posting it
writes at commit) through ``W3PerDocReader.doc_field_length``, which

- asks the file system whether the lengths column exists on *every* call
  when the field has none (ID fields, which are not scored), and
- reads one byte from the column file per call otherwise.

Here the answer "no column" is remembered, and a field's lengths column (one
byte per document) is read into memory once per reader.  Committing a segment
of 10,000 paragraphs does about 150,000 such look-ups.  The patch applies to
Whoosh 2.7.4 only (pinned in ``pyproject.toml``); on any other version it does
nothing, and :data:`APPLIED` says so.  The fuzzy term look-up of
:mod:`indexer.fuzzy_terms` is installed with them.
"""

from __future__ import annotations

import whoosh
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

from indexer import fuzzy_terms

APPLIED = False
ORIGINAL = {"_cached_reader": whoosh3.W3PerDocReader._cached_reader,
            "doc_field_length": whoosh3.W3PerDocReader.doc_field_length}


def _cached_reader(self, fieldname, column):
    """Return the column reader of ``fieldname``, or None; both answers are remembered."""
    readers = self._readers
    if fieldname in readers:
        return readers[fieldname]
    reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    readers[fieldname] = reader
    return reader


def lengths(self, fieldname):
    """Return the encoded length bytes of ``fieldname`` for every document with one, read once; None if none."""
    cache = self.__dict__.setdefault("_un_lengths", {})
    if fieldname not in cache:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        cache[fieldname] = None if reader is None else reader._dbfile.get(reader._basepos, reader._count)
    return cache[fieldname]


def _doc_field_length(self, docnum, fieldname, default=0):
    """Whoosh's ``doc_field_length``, answered from memory (same results, including its None for 0)."""
    if docnum > self._doccount:
        raise IndexError("Asked for docnum %r of %d" % (docnum, self._doccount))
    data = lengths(self, fieldname)
    if data is None:
        return default
    lbyte = data[docnum] if docnum < len(data) else 0
    if lbyte:
        return byte_to_length(lbyte)
    return None


def stored_rows(leaf):
    """Yield the stored fields of every document of a segment reader, deleted ones too, in document order.

    Read straight from the segment's stored column: Whoosh's ``stored_fields``
    also checks every key against the schema, which costs more than reading
    (every key this index stores is a field of its schema).
    """
    perdoc = getattr(leaf, "_perdoc", None)
    if not APPLIED or not isinstance(perdoc, whoosh3.W3PerDocReader):
        yield from map(leaf.stored_fields, range(leaf.doc_count_all()))
        return
    for n in range(leaf.doc_count_all()):
        yield perdoc.stored_fields(n)


def apply() -> bool:
    """Install the speed-ups (once); return whether they are in place."""
    global APPLIED
    if not APPLIED and whoosh.versionstring() == "2.7.4":
        whoosh3.W3PerDocReader._cached_reader = _cached_reader
        whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
        fuzzy_terms.apply()
        APPLIED = True
    return APPLIED
