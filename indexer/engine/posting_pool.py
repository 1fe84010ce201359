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
(:mod:`indexer.engine.posting_blocks`).  The segment written is the same, byte for
byte: a value comes back as a new bytes object, as Whoosh's formats make
one per posting (which matters to how the blocks are pickled).  Postings
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

import numpy as np
import whoosh
from whoosh.codec import whoosh3
from whoosh.fields import NUMERIC, FieldType
from whoosh.externalsort import SortingPool
from whoosh.writing import PostingPool, SegmentWriter

from indexer.caches.dict_cache import DictCache
from indexer.caches.registry import CLEAR_WHEN_FULL, DEATH, Members, declare
from indexer.engine import posting_blocks

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


class FieldLog:
    """The postings of one field, in the order they came: term numbers, document numbers, weights, values.

    ``numbers`` maps a term's bytes to its number (in order of first
    arrival), ``by_text`` the text of the terms analyzed here to the same
    number.  ``weights`` is an ``array('d')``, or a list once a weight
    that is not a float came.  The value bytes are kept one after the other
    in ``values``, their sizes in ``sizes``; both are None when the field's
    format keeps no values (Whoosh writes none for it).
    """

    __slots__ = ("numbers", "by_text", "terms", "docnums", "weights", "values", "sizes")

    def __init__(self, keeps_values: bool):
        self.numbers: dict[bytes, int] = {}
        self.by_text: dict[str, int] = {}
        self.terms = array("I")
        self.docnums = array("I")
        self.weights = array("d")
        self.values = bytearray() if keeps_values else None
        self.sizes = array("I") if keeps_values else None

    def number(self, btext: bytes) -> int:
        """Return the number of the term ``btext`` (a new one the first time)."""
        numbers = self.numbers
        number = numbers.get(btext)
        if number is None:
            number = numbers[btext] = len(numbers)
        return number

    def text_number(self, text: str) -> int:
        """Return the number of the term whose text is ``text``, and remember it by its text."""
        number = self.by_text[text] = self.number(text.encode("utf-8"))
        return number

    def add(self, btext: bytes, docnum: int, weight, vbytes) -> None:
        """Log one posting."""
        number = self.number(btext)
        if type(weight) is not float and type(self.weights) is array:
            self.weights = list(self.weights)
        self.terms.append(number)
        self.docnums.append(docnum)
        self.weights.append(weight)
        if self.values is not None:
            vbytes = vbytes or b""
            self.values += vbytes
            self.sizes.append(len(vbytes))

    def by_term(self):
        """Yield ``(text, docnums, weights, values)`` per term, in term order, each term's postings in order (once:
        the log lets go of its value bytes).

        ``values`` is a list of value bytes, each a new object (as the
        formats make them), or None for a field without values.  Postings are
        ordered by (docnum, weight, value), as Whoosh's sort orders them.
        """
        terms = np.frombuffer(self.terms, dtype=np.uint32)
        order = np.argsort(terms, kind="stable")
        counts = np.bincount(terms, minlength=len(self.numbers))
        ends = np.cumsum(counts)
        docnums = array("I", np.frombuffer(self.docnums, dtype=np.uint32)[order].tobytes())
        weights, values = self.weights, self.values
        if type(weights) is array:
            weights = array("d", np.frombuffer(weights, dtype=np.float64)[order].tobytes())
        else:
            weights = _reordered(weights, order)
        if values is not None:
            sizes = np.frombuffer(self.sizes, dtype=np.uint32)
            value_ends = np.cumsum(sizes, dtype=np.uint64)
            value_starts = array("Q", (value_ends - sizes)[order].tobytes())
            value_ends = array("Q", value_ends[order].tobytes())
            values = bytes(values)
            del sizes
            self.values = self.sizes = None
        unsorted = _out_of_order(terms[order], docnums)
        ends, starts = ends.tolist(), (ends - counts).tolist()
        numbers = self.numbers
        for btext in sorted(numbers):
            number = numbers[btext]
            a, b = starts[number], ends[number]
            found = (docnums[a:b], weights[a:b],
                     None if values is None else [values[i:j] for i, j in zip(value_starts[a:b], value_ends[a:b])])
            yield (btext, *(_in_order(*found) if number in unsorted else found))


def _reordered(items: list, order) -> list:
    """Return ``items`` in ``order`` (an array of indexes)."""
    objects = np.empty(len(items), dtype=object)
    objects[:] = items
    return objects[order].tolist()


def _out_of_order(terms, docnums) -> set[int]:
    """Return the numbers of the terms whose postings (grouped by term: ``terms`` is each one's) are not in docnum
    order, each document once."""
    d = np.frombuffer(docnums, dtype=np.uint32)
    back = np.nonzero((d[1:] <= d[:-1]) & (terms[1:] == terms[:-1]))[0]
    return set(terms[1:][back].tolist())


def _in_order(docnums, weights, values):
    """Return a term's postings sorted by (docnum, weight, value)."""
    rows = sorted(zip(docnums, weights, values if values is not None else [b""] * len(docnums)))
    return (array("I", [r[0] for r in rows]),
            array("d", [r[1] for r in rows]) if type(weights) is array else [r[1] for r in rows],
            [r[2] for r in rows] if values is not None else None)


class TermPool:
    """The postings of a segment being written, a :class:`FieldLog` per field; what Whoosh's pool offers the writer.

    Whoosh's multiprocessing writer has each of its sub-writers' pools save
    the postings to a run file in ``tempstore`` and reads them back
    (``whoosh.multiproc.finish_subsegment``): :meth:`save` writes one, in
    the format and with the code of Whoosh's pool.
    """

    _new_run, _open_run, _remove_run = PostingPool._new_run, PostingPool._open_run, PostingPool._remove_run
    _write_run, _read_run, _merge_runs, reduce_to = (SortingPool._write_run, SortingPool._read_run,
                                                     SortingPool._merge_runs, SortingPool.reduce_to)

    def __init__(self, schema, tempstore=None):
        self.schema = schema
        self.tempstore = tempstore
        self.logs: dict[str, FieldLog] = {}
        self.fieldnames: set[str] = set()  # as Whoosh's pool has it
        self.runs: list[str] = []  # names of the run files saved

    def log_of(self, fieldname: str) -> FieldLog:
        """Return the log of ``fieldname`` (a new one the first time)."""
        log = self.logs.get(fieldname)
        if log is None:
            log = self.logs[fieldname] = FieldLog(self._keeps_values(fieldname))
            self.fieldnames.add(fieldname)
        return log

    def _keeps_values(self, fieldname: str) -> bool:
        """Return whether the postings of ``fieldname`` need their value bytes (a format with values)."""
        try:
            return self.schema[fieldname].format.fixed_value_size() != 0
        except (KeyError, AttributeError):
            return True

    def add(self, item) -> None:
        """Add one posting ``(fieldname, text, docnum, weight, value)``, as ``PostingPool.add`` takes it."""
        fieldname, btext, docnum, weight, vbytes = item
        assert isinstance(btext, bytes), "tbytes=%r" % btext
        assert vbytes is None or isinstance(vbytes, bytes), "vbytes=%r" % vbytes
        self.log_of(fieldname).add(btext, docnum, weight, vbytes)

    def drain(self):
        """Yield ``(fieldname, terms)`` in field order, ``terms`` as :meth:`FieldLog.by_term` gives them; each field's
        log is dropped as its turn comes.  A field without terms (its values had no words) is left out, as Whoosh's
        writer never hears of it."""
        for fieldname in sorted(self.logs):
            log = self.logs.pop(fieldname)
            if log.numbers:
                yield fieldname, log.by_term()

    def iter_postings(self):
        """Yield the postings as Whoosh's pool does: ``(fieldname, text, docnum, weight, value)``, sorted.

        A field without values gets ``b""`` (Whoosh writes no values for it).
        """
        for fieldname, terms in self.drain():
            for btext, docnums, weights, values in terms:
                for k, docnum in enumerate(docnums):
                    yield fieldname, btext, docnum, weights[k], values[k] if values is not None else b""

    def save(self) -> None:
        """Write the postings logged so far, sorted, to a new run file (as Whoosh's ``PostingPool.save``)."""
        if self.logs:
            path, f = self._new_run()
            self._write_run(f, self.iter_postings())
            self.runs.append(path)

    def cleanup(self) -> None:
        """Drop the postings (run files are left to the writer's temporary storage, as Whoosh's pool leaves them)."""
        self.logs.clear()


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
