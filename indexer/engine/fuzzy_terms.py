"""Fuzzy term look-up (``word~``, "did you mean") over cached term lists, measured with rapidfuzz.

Whoosh finds the terms of a segment within an edit distance of a word by
walking the segment's term list with a Levenshtein automaton built in Python
for each query (its reader over several segments decodes every term sharing
the prefix and measures each in Python): about 100 ms per field on the pool
corpus, and a query ``developmnt~`` looks in four fields.  Here a segment's
terms of a field are decoded once into a sorted list (a segment never changes
once written, so the list serves every later query on any generation that has
the segment), the prefix is a bisection of that list, and the distances are
measured by rapidfuzz's Levenshtein distance in C++ for the whole list at
once.

Edits are counted as a segment reader of Whoosh counts them
(``whoosh.automata.lev``): plain Levenshtein, one edit per letter inserted,
left out or replaced, so two adjacent letters swapped are two edits; the first
``prefix`` letters must match as they are.  A field with separate spelling
words (stemmed, with ``spelling=True``) is looked up in its spelling field, as
Whoosh does.  :func:`apply` installs it as ``terms_within`` of Whoosh's
readers (Whoosh 2.7.4 only, like :mod:`indexer.engine.speedups`); the words
found are those of Whoosh's segment readers, each once, in term order.
"""

from __future__ import annotations

from bisect import bisect_left

from whoosh import reading

from indexer.caches.lru import LRUCache
from indexer.caches.registry import LRU_BY_WEIGHT, NOTHING, declare
from indexer.engine import term_table

MAX_TERMS = 4_000_000  # decoded terms kept over all cached lists (≈ 250 MB at most)
ORIGINAL = {"IndexReader": reading.IndexReader.terms_within, "SegmentReader": reading.SegmentReader.terms_within}


def sorted_terms(reader, fieldname: str) -> list[str]:
    """Return the sorted terms of ``fieldname`` in the segment of ``reader`` (a SegmentReader), cached in :data:`TERMS`."""
    key = (reader._segment.segment_id(), fieldname)
    found = TERMS.get(key)
    if found is None:
        fieldobj = reader.schema[fieldname]
        terms = reader._terms
        words = term_table.field_terms(terms, fieldname) if term_table.readable(terms) else reader.lexicon(fieldname)
        found = [fieldobj.from_bytes(b) for b in words]
        TERMS.put(key, found)
    return found


TERMS = declare("engine.fuzzy_terms", LRUCache(MAX_TERMS, weigh=len, largest=MAX_TERMS // 4), bound=MAX_TERMS,
                unit="terms", eviction=LRU_BY_WEIGHT, invalidated_by=NOTHING)  # by segment and field


def within(terms: list[str], text: str, maxdist: int, prefix: int = 0) -> list[str]:
    """Return the words of the sorted ``terms`` within ``maxdist`` edits (Levenshtein) of ``text`` that share its
    first ``prefix`` letters, in term order."""
    start, stop = 0, len(terms)
    if prefix:
        head = text[:prefix]
        start = bisect_left(terms, head)
        stop = bisect_left(terms, head + "\U0010ffff", start)
    if start >= stop:
        return []
    from rapidfuzz import process  # imported by the first fuzzy look-up, not by every command
    from rapidfuzz.distance import Levenshtein

    found = process.extract(text, terms[start:stop], scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
    return [word for word, _, _ in sorted(found, key=lambda item: item[2])]


def segment_readers(reader) -> list:
    """Return the segment readers under ``reader`` (itself when it is one)."""
    if isinstance(reader, reading.SegmentReader):
        return [reader]
    subs = getattr(reader, "readers", None)
    if subs is None:
        return []
    return [leaf for sub in subs for leaf in segment_readers(sub)]


def terms_within(self, fieldname, text, maxdist, prefix=0):
    """Yield the words of ``fieldname`` within ``maxdist`` edits of ``text`` (Whoosh's ``terms_within``), in
    term order: its spelling words when it keeps them apart."""
    if fieldname not in self.schema:
        return
    leaves = segment_readers(self)
    if not leaves and not isinstance(self, reading.EmptyReader):
        yield from ORIGINAL["IndexReader"](self, fieldname, text, maxdist, prefix)
        return
    spellfield = self.schema[fieldname].spelling_fieldname(fieldname)
    found = {word for leaf in leaves for word in within(sorted_terms(leaf, spellfield), text, maxdist, prefix)}
    yield from sorted(found)


def apply() -> None:
    """Install :func:`terms_within` on Whoosh's readers."""
    reading.IndexReader.terms_within = terms_within
    reading.SegmentReader.terms_within = terms_within
