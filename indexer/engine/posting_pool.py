"""A segment writer that logs its postings by field in flat arrays, instead of one sorted tuple per posting.

Whoosh's ``SegmentWriter`` puts every posting into a ``PostingPool`` as a
tuple ``(fieldname, text, docnum, weight, value)``, sorts them all at commit
(spilling sorted runs to temporary files past ``limitmb`` and merging them
back), and hands them one by one to the codec's field writer.  A segment's
documents arrive in document order, so a term's postings already come
sorted: :class:`TermPool` logs each field's postings as they come (a term
number, the document number and the weight in arrays, and the value bytes,
where the field's format keeps values, one after the other), and at commit
groups them by term with one stable sort of the term numbers, sorts only
the distinct terms, and each term's posting list is written as a whole
(:mod:`indexer.engine.posting_blocks`).  With Whoosh's own blocks
(``posting_blocks.COMPACT`` off) the segment written is the same, byte for
byte: a value comes back as a new bytes object, as Whoosh's formats make
one per posting (which matters to how the blocks are pickled); with the
compact blocks the build writes, it reads back the same.  Postings
that arrive out of order (from merged segments) are put in order at commit,
as Whoosh's sort would put them.

Writing 20,000 paragraphs in one process costs about a quarter less CPU
(``bench/writer.py``), 100,000 in each of two processes about half (Whoosh's
pool, past ``limitmb``, spills sorted runs to disk and merges them back).
Everything stays in memory until the segment is written: some 30 bytes a
posting (16 in arrays, and the value bytes with their sizes) and a few
dozen a term, against some 220 bytes a posting in Whoosh's tuples.
:func:`segment_writer` gives this writer on Whoosh 2.7.4 with its W3 codec
(and the speed-ups of :mod:`indexer.engine.speedups` in place), for schemas
without spelling words or term vectors; Whoosh's own otherwise (and a field
of those added with ``add_field`` has the writer use Whoosh's pool).
"""

from __future__ import annotations

from array import array

import whoosh
from whoosh.codec import whoosh3
from whoosh.fields import NUMERIC, FieldType
from whoosh.writing import PostingPool, SegmentWriter

from indexer.caches.dict_cache import DictCache
from indexer.caches.registry import CLEAR_WHEN_FULL, DEATH, Members, declare
from indexer.engine import posting_blocks
from indexer.engine.term_pool import FieldLog, TermPool

from indexer.engine import speedups as whoosh_speedups

_PLAIN_INDEX = FieldType.index  # fields whose ``index`` is this one are analyzed here without its generator


def applies() -> bool:
    """Return whether this writer can stand in for Whoosh's here: the version it was made for, with the speed-ups."""
    return whoosh.versionstring() == "2.7.4" and whoosh_speedups.APPLIED


USE = True  # whether :func:`segment_writer` gives a :class:`PooledSegmentWriter` where it :func:`applies`


def segment_writer(ix, **kwargs) -> SegmentWriter:
    """Return a writer of a new segment of ``ix`` (``SegmentWriter``'s arguments): pooled by term when it can be."""
    return (PooledSegmentWriter if pooled(ix, kwargs) else SegmentWriter)(ix, **kwargs)


def pooled(ix, kwargs: dict) -> bool:
    """Return whether :func:`segment_writer` gives a :class:`PooledSegmentWriter` for ``ix`` and ``kwargs``."""
    return USE and applies() and type(kwargs.get("codec") or whoosh3.W3Codec()) is whoosh3.W3Codec and _plain(ix.schema)


def _plain(schema) -> bool:
    """Return whether no field of ``schema`` has spelling words or term vectors (which this writer leaves to Whoosh)."""
    return not any(field.separate_spelling() or field.vector for _, field in schema.items())


class PooledSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` with its postings kept in a :class:`TermPool` and written a term at a time."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._limitmb = kwargs.get("limitmb", 128)
        self.pool = TermPool(self.schema, self._tempstorage)
        self._plans: dict[str, tuple] = {}  # field name -> what add_document asks of the field (_plan)
        self._numbers = _NUMBERS.add(DictCache(NUMBERS_KEPT))  # (field, number) -> its postings (_add_numeric)

    def add_field(self, fieldname, fieldspec, **kwargs):
        """Whoosh's ``add_field``: a field with spelling words or term vectors hands the segment back to Whoosh's
        own way of writing (Whoosh's pool), as :func:`segment_writer` would have for such a schema.

        Whoosh allows it only before any document is added: nothing is logged yet.
        """
        super().add_field(fieldname, fieldspec, **kwargs)
        if not _plain(self.schema) and isinstance(self.pool, TermPool):
            self.pool = PostingPool(self._tempstorage, self.newsegment, limitmb=self._limitmb)

    def add_document(self, **fields):
        """Whoosh's ``add_document``, with each field's postings logged in the field's arrays.

        The schema has no spelling words or term vectors (:func:`segment_writer`
        sees to it; after :meth:`add_field` of such a field, Whoosh's own).
        A document without boosts or stored values of its own (keys starting
        with ``_``) takes a shorter way, with what Whoosh looks up per field
        (the field, whether it is indexed, its column) kept per field name.
        """
        self._check_state()
        if not isinstance(self.pool, TermPool):
            return super().add_document(**fields)
        if any(name.startswith("_") for name in fields):
            return self._add_document_with_options(fields)
        plans = self._plans
        if not fields.keys() <= plans.keys():
            self._check_fields(self.schema, fields)
            plans.update((name, _plan(self.schema[name])) for name in fields if name not in plans)
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        log_of = self.pool.log_of
        perdocwriter.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field, indexed, stored, column, numeric = plans[fieldname]
            length = 0
            if indexed:
                log = log_of(fieldname)
                if numeric:
                    length = _add_numeric(log, field, value, docnum, self._numbers)
                else:
                    length = _add_postings(log, field, value, docnum, 1.0)
            perdocwriter.add_field(fieldname, field, value if stored else None, length)
            if column:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_document_with_options(self, fields: dict) -> None:
        """:meth:`add_document` of a document with boosts or stored values of its own, as Whoosh adds it."""
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]

            length = 0
            if field.indexed:
                fieldboost = self._field_boost(fields, fieldname, docboost)
                length = _add_postings(pool.log_of(fieldname), field, value, docnum, fieldboost)

            customval = fields.get("_stored_%s" % fieldname, value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)

            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        """Write the per-document data, then every term's postings from the pool."""
        if not isinstance(self.pool, TermPool):
            return super()._flush_segment()
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        if posting_blocks.can_write(self.fieldwriter, self.codec):
            posting_blocks.write_fields(self.fieldwriter, self.codec, self.schema, perdoc, self.pool.drain())
        else:
            self.fieldwriter.add_postings(self.schema, perdoc, self.pool.iter_postings())
        self.fieldwriter.close()
        if perdoc:
            perdoc.close()


def _plan(field) -> tuple:
    """Return what :meth:`PooledSegmentWriter.add_document` asks of ``field`` for every value: the field, whether
    it is indexed and stored, its column type (or None), and whether it is Whoosh's plain ``NUMERIC``."""
    return (field, bool(field.indexed), bool(field.stored), field.column_type or None,
            type(field) is NUMERIC and type(field).index is NUMERIC.index)


NUMBERS_KEPT = 100_000  # postings of numbers kept per writer (then forgotten, and kept anew)
_NUMBERS = declare("engine.numbers", Members(), bound=NUMBERS_KEPT, unit="entries per segment writer",
                   eviction=CLEAR_WHEN_FULL, invalidated_by=DEATH)


def _add_numeric(log: FieldLog, field, value, docnum: int, kept: DictCache) -> int:
    """Log the postings of a ``NUMERIC`` value of document ``docnum``, as :func:`_add_postings` does, with the
    terms of each value kept in ``kept`` (positions and years repeat endlessly); return the length (0: not scored)."""
    key = (id(field), value) if type(value) is int else None
    items = kept.get(key) if key is not None else None
    if items is None:
        items = tuple(field.index(value))
        if key is not None:
            kept.put(key, items)
    return _add_postings(log, field, items, docnum, 1.0, analyzed=True)


def _add_postings(log: FieldLog, field, value, docnum: int, fieldboost, analyzed: bool = False) -> int:
    """Log the postings of one field value of document ``docnum``; return the field's length (0 if not scored).

    A field whose ``index`` is Whoosh's plain one is analyzed here, its terms
    looked up by their text (whose hash the analyzers' cached strings keep)
    rather than encoded to bytes each time.  With ``analyzed``, ``value`` is
    already what the field's own ``index`` makes of the value.
    """
    plain = type(field).index is _PLAIN_INDEX
    if plain:
        if not field.format:
            raise Exception("%s field %r cannot index without a format" % (type(field).__name__, field))
        if not isinstance(value, (str, list, tuple)):
            raise ValueError("%r is not unicode or sequence" % value)
        if type(fieldboost) is float and type(log.weights) is array:
            columns = whoosh_speedups.term_columns(field.format, value, field.analyzer, shared=True)
            if columns is not None:
                return _add_columns(log, columns, docnum, fieldboost, field.scorable)
        items = field.format.word_values(value, field.analyzer, mode="index")
        numbers, number_of = log.by_text, log.text_number
    else:
        items = value if analyzed else field.index(value)
        numbers, number_of = log.numbers, log.number
    scorable = field.scorable
    length = 0
    if type(fieldboost) is not float or type(log.weights) is not array:  # weights kept as they are: one by one
        for key, freq, weight, vbytes in items:
            if scorable:
                length += freq
            log.add(key.encode("utf-8") if plain else key, docnum, weight * fieldboost, vbytes)
        return length
    terms, docnums, weights = log.terms.append, log.docnums.append, log.weights.append
    keeps = log.values is not None
    values, sizes = (log.values.extend, log.sizes.append) if keeps else (None, None)
    for key, freq, weight, vbytes in items:
        if scorable:
            length += freq
        number = numbers.get(key)
        if number is None:
            number = number_of(key)
        terms(number)
        docnums(docnum)
        weights(weight * fieldboost)
        if keeps:
            if vbytes is None:  # as Whoosh's field writer takes it: no value
                vbytes = b""
            values(vbytes)
            sizes(len(vbytes))
    return length


def _add_columns(log: FieldLog, columns, docnum: int, fieldboost: float, scorable: bool) -> int:
    """Log the postings of one field value of document ``docnum`` given as columns
    (:func:`indexer.engine.speedups.term_columns`); return the field's length (0 if not scored)."""
    texts, freqs, weights, values = columns
    if not texts:
        return 0
    numbers = list(map(log.by_text.get, texts))
    if None in numbers:
        number_of = log.text_number
        numbers = [n if n is not None else number_of(t) for n, t in zip(numbers, texts)]
    log.terms.extend(numbers)
    log.docnums.extend(array("I", (docnum,)) * len(texts))
    log.weights.extend([w * fieldboost for w in weights] if fieldboost != 1.0 else weights)
    if log.values is not None:
        log.values += b"".join(values)
        log.sizes.extend(map(len, values))
    return sum(freqs) if scorable else 0
