"""Speed-ups of Whoosh 2.7.4's readers and writer that change nothing but speed.

Whoosh looks up a document's field length (for BM25, and for every posting it
writes at commit) through ``W3PerDocReader.doc_field_length``, which

- asks the file system whether the lengths column exists on *every* call
  when the field has none (ID fields, which are not scored), and
- reads one byte from the column file per call otherwise.

Here the answer "no column" is remembered, and a field's lengths column (one
byte per document) is read into memory once per reader.  Committing a segment
of 10,000 paragraphs does about 150,000 such look-ups.

Nothing is patched on import: :func:`apply` installs the speed-ups, called by
:class:`indexer.engine.whoosh_engine.WhooshEngine` when it is created.  They apply to
Whoosh 2.7.4 only (pinned in ``pyproject.toml``) with every private name they
replace or read present (:mod:`indexer.engine.insides`); otherwise nothing is
patched, one log line says why, and :data:`APPLIED` stays False (each speed-up
then falls back to Whoosh's own code, with the same results).

At index time Whoosh turns a field's text into postings through its format's
``word_values``, which streams a token object through a generator per filter
for every word.  For the analyzers of this package (a tokenizer and one
:class:`~analyzers.memo.MemoFilters`), :func:`analyzers.memo.term_positions`
gives the same terms and positions in one loop, and the postings are counted
from those (:func:`term_columns`).  Whoosh's matchers read the compact
posting blocks of :mod:`indexer.engine.compact_blocks` too.  A query's ``with_boost`` gives the query itself when the boost
does not change, instead of a deep copy.  The fuzzy term look-up of
:mod:`indexer.engine.fuzzy_terms` is installed with them.
"""

from __future__ import annotations

import logging
import sys
from array import array
from operator import sub

import whoosh
from whoosh import formats
from whoosh.compat import dumps
from whoosh.analysis import IDTokenizer
from whoosh.columns import NumericColumn, TranslatingColumnReader
from whoosh.codec import whoosh3
from whoosh.query import qcore
from whoosh.util.numeric import byte_to_length

from analyzers.memo import term_positions
from indexer.caches.dict_cache import DictCache
from indexer.caches.per_object import PerObject
from indexer.caches.registry import BY_KEYS, DEATH, NEVER, PER_OBJECT, declare
from indexer.engine import fuzzy_terms, insides
from indexer.engine.stored_fields import read_row

log = logging.getLogger(__name__)

APPLIED = False
CHECKED: list[str] | None = None  # what :func:`apply` found missing (None: not asked yet)
# Whoosh's own methods, as they were before :func:`apply` (None where Whoosh has no such name).
ORIGINAL = {"_cached_reader": getattr(whoosh3.W3PerDocReader, "_cached_reader", None),
            "doc_field_length": whoosh3.W3PerDocReader.doc_field_length,
            "W3LeafMatcher._read_data": whoosh3.W3LeafMatcher._read_data,
            "Existence.word_values": formats.Existence.word_values,
            "Frequency.word_values": formats.Frequency.word_values,
            "Positions.word_values": formats.Positions.word_values,
            "Query.with_boost": qcore.Query.with_boost}


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
    cache = _LENGTH_BYTES.get(self)
    if fieldname not in cache:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        cache[fieldname] = None if reader is None else reader._dbfile.get(reader._basepos, reader._count)
    return cache[fieldname]


_LENGTH_BYTES = declare("engine.length_bytes", PerObject(lambda perdoc: {}), bound=None, unit="segment readers",
                        eviction=PER_OBJECT, invalidated_by=DEATH)  # a segment's per-document reader -> field -> lengths


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


def _read_data(self):
    """Whoosh's ``W3LeafMatcher._read_data``, which also reads the compact blocks the product's writer makes
    (:mod:`indexer.engine.compact_blocks`); Whoosh's own blocks as Whoosh reads them."""
    compression = self._compression
    if compression is None or compression >= 0:  # Whoosh's own: its zlib level, or 0
        return ORIGINAL["W3LeafMatcher._read_data"](self)
    from indexer.engine import compact_blocks  # numpy: loaded by the first search, not by every command

    data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
    self._data = compact_blocks.decode(data, self._compression, self._blocklength, self._fixedsize)


def _existence_word_values(self, value, analyzer, **kwargs):
    """Whoosh's ``Existence.word_values``, from :func:`analyzers.memo.term_positions` when the analyzer allows.

    An ID field's value (a plain :class:`~whoosh.analysis.IDTokenizer`) is its one term.
    """
    if type(analyzer) is IDTokenizer and isinstance(value, str):
        return ((value, 1, self.field_boost, b""),)
    found = term_positions(analyzer, value, kwargs)
    if found is None:
        return ORIGINAL["Existence.word_values"](self, value, analyzer, **kwargs)
    fb = self.field_boost
    return ((w, 1, fb, b"") for w in set(found))


def _frequency_word_values(self, value, analyzer, **kwargs):
    """Whoosh's ``Frequency.word_values``, from :func:`analyzers.memo.term_positions` when the analyzer allows."""
    found = term_columns(self, value, analyzer, kwargs)
    if found is None:
        return ORIGINAL["Frequency.word_values"](self, value, analyzer, **kwargs)
    return zip(*found)


def _positions_word_values(self, value, analyzer, **kwargs):
    """Whoosh's ``Positions.word_values``, from :func:`analyzers.memo.term_positions` when the analyzer allows."""
    found = term_columns(self, value, analyzer, kwargs)
    if found is None:
        return ORIGINAL["Positions.word_values"](self, value, analyzer, **kwargs)
    return zip(*found)


_FREQUENCIES = tuple(formats.pack_uint(n) for n in range(256))  # a frequency's value bytes
_ONE_POSITION_KEPT = 1 << 16
_ONE_POSITION = declare("engine.one_position", DictCache(), bound=_ONE_POSITION_KEPT, eviction=BY_KEYS,
                        invalidated_by=NEVER)  # a single position's value bytes, by position


def term_columns(fmt, value, analyzer, options: dict | None = None,
                 shared: bool = False) -> tuple[list, list, list, list] | None:
    """Return the postings ``fmt.word_values`` gives of ``value`` at index time, as columns: the terms, their
    frequencies, weights and value bytes; None unless ``fmt`` is Whoosh's ``Frequency`` or ``Positions`` and
    :func:`analyzers.memo.term_positions` answers for ``analyzer``.

    Each value is a new bytes object, as Whoosh's formats make them (a block
    of postings is pickled, and pickling writes an object met twice once);
    with ``shared`` the values of frequent ones are kept and given again, for
    a caller that copies the bytes.
    """
    kind = type(fmt)
    if kind is formats.Positions:
        options = {**(options or {"mode": "index"}), "positions": True, "boosts": True}
    elif kind is formats.Frequency:
        options = {**(options or {"mode": "index"}), "boosts": True}
    else:
        return None
    found = term_positions(analyzer, value, options)
    if found is None:
        return None
    freqs = list(map(len, found.values()))
    fb = fmt.field_boost
    weights = [float(f) * fb for f in freqs]
    if kind is formats.Frequency:
        values = [_FREQUENCIES[f] if f < 256 else formats.pack_uint(f) for f in freqs] if shared else \
            list(map(formats.pack_uint, freqs))
    else:
        values = list(map(_encoded_positions if shared else _encoded, found.values()))
    return list(found), freqs, weights, values


def _encoded(positions: list[int]) -> bytes:
    """Whoosh's ``Positions.encode``: the count, then the pickled gaps between positions."""
    return formats.pack_uint(len(positions)) + dumps([positions[0], *map(sub, positions[1:], positions)], 2)


def _encoded_positions(positions: list[int]) -> bytes:
    """:func:`_encoded`, a single position's bytes kept and given again."""
    if len(positions) == 1:
        found = _ONE_POSITION.get(positions[0])
        if found is None:
            found = formats.pack_uint(1) + dumps(positions, 2)
            if positions[0] < _ONE_POSITION_KEPT:
                _ONE_POSITION.put(positions[0], found)
        return found
    return _encoded(positions)


_LENGTH_OF_BYTE = (None, *map(byte_to_length, range(1, 256)))  # what doc_field_length gives for each byte


def field_lengths(reader, fieldname: str, default=0) -> list:
    """Return ``reader.doc_field_length(n, fieldname, default)`` of every document ``n`` of ``reader``, deleted
    ones too, read a segment's column at a time (None where a document has the field but Whoosh's
    ``doc_field_length`` gives None: a length byte of 0)."""
    out: list = []
    for leaf, _ in reader.leaf_readers():
        count = leaf.doc_count_all()
        perdoc = getattr(leaf, "_perdoc", None)
        if not APPLIED or not isinstance(perdoc, whoosh3.W3PerDocReader):
            out.extend(leaf.doc_field_length(n, fieldname, default) for n in range(count))
            continue
        data = lengths(perdoc, fieldname)
        if data is None:
            out.extend([default] * count)
            continue
        out.extend(map(_LENGTH_OF_BYTE.__getitem__, data[:count]))
        out.extend([None] * (count - len(data)))
    return out


def column_values(reader, fieldname: str) -> list:
    """Return ``list(reader.column_reader(fieldname))``: the column value of every document, deleted ones too, a
    numeric column read a segment at a time with one read (Whoosh reads it one document at a time: a
    200,000-paragraph index's ``position`` took 200,000 reads, each of which lets another thread run first)."""
    out: list = []
    for leaf, _ in reader.leaf_readers():
        column = leaf.column_reader(fieldname)
        raw = column.raw_column() if isinstance(column, TranslatingColumnReader) else column
        if not APPLIED or type(raw) is not NumericColumn.Reader or raw._reverse:
            out.extend(column)
            continue
        count = min(raw._count, raw._doccount)
        data = raw._dbfile.get(raw._basepos, count * raw._fixedlen)
        if len(data) != count * raw._fixedlen:  # a file cut short: Whoosh's own reading says so
            out.extend(column)
            continue
        values = array(raw._typecode, data)
        if _LITTLE_ENDIAN:  # stored big-endian ("!")
            values.byteswap()
        values = list(values)
        values.extend([raw._default] * (raw._doccount - count))
        out.extend(map(column._translate, values) if column is not raw else values)
    return out


_LITTLE_ENDIAN = sys.byteorder == "little"


def _with_boost(self, boost):
    """Whoosh's ``Query.with_boost``, but the query itself when its boost is already ``boost``.

    Whoosh deep-copies the query to set a boost, and normalizing a query sets
    the boost of every clause it flattens, most often to what it was: a tenth
    of planning a search across languages went into those copies.  Queries are
    never changed in place, here or in Whoosh (they are rewritten by copying),
    so the query can stand for its copy.
    """
    if boost == getattr(self, "boost", None):
        return self
    return ORIGINAL["Query.with_boost"](self, boost)


def stored_rows(leaf):
    """Yield the stored fields of every document of a segment reader, deleted ones too, in document order.

    Read straight from the segment's stored column (:func:`indexer.engine.stored_fields.read_row`): Whoosh's
    ``stored_fields`` also checks every key against the schema, which costs more than reading (every key this
    index stores is a field of its schema).
    """
    perdoc = getattr(leaf, "_perdoc", None)
    if not APPLIED or not isinstance(perdoc, whoosh3.W3PerDocReader):
        yield from map(leaf.stored_fields, range(leaf.doc_count_all()))
        return
    for n in range(leaf.doc_count_all()):
        yield read_row(perdoc, n)


def missing() -> list[str]:
    """Return why the speed-ups cannot be installed: another Whoosh version, or the private names not there."""
    if whoosh.versionstring() != insides.WHOOSH_VERSION:
        return [f"Whoosh {insides.WHOOSH_VERSION} (this is {whoosh.versionstring()})"]
    return insides.missing()


def apply() -> bool:
    """Install the speed-ups, and the fuzzy term look-up, once; return whether they are in place.

    Everything they need is checked before anything is patched: when something
    is missing, nothing is, and one warning names what is missing.
    """
    global APPLIED, CHECKED
    if APPLIED:
        return True
    if CHECKED is None:
        CHECKED = missing()
        if CHECKED:
            log.warning("Whoosh speed-ups off, Whoosh's own code is used: missing %s", ", ".join(CHECKED))
    if not CHECKED:
        whoosh3.W3PerDocReader._cached_reader = _cached_reader
        whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
        whoosh3.W3LeafMatcher._read_data = _read_data
        formats.Existence.word_values = _existence_word_values
        formats.Frequency.word_values = _frequency_word_values
        formats.Positions.word_values = _positions_word_values
        qcore.Query.with_boost = _with_boost
        fuzzy_terms.apply()
        APPLIED = True
    return APPLIED
