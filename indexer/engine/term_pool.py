"""The postings of a segment being written, logged by field in flat arrays: what Whoosh's pool offers its writer.

:class:`FieldLog` keeps one field's postings in the order they came (term
numbers, document numbers, weights, value bytes) and gives them back grouped
by term; :class:`TermPool` holds a log per field for
:class:`indexer.engine.posting_pool.PooledSegmentWriter`, and saves a run file
as Whoosh's ``PostingPool`` does for its multiprocessing writer.
"""

from __future__ import annotations

from array import array

import numpy as np
from whoosh.externalsort import SortingPool
from whoosh.writing import PostingPool


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
