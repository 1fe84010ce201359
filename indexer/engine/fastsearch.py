"""Whole posting lists at a time: BM25F scores of word queries computed with numpy, the same as Whoosh's.

Whoosh scores a query one document at a time, through a tree of matchers,
at some microseconds a document: a word found in 10,000 paragraphs costs
about 40 ms before the first hit is shown, and counting the hits exactly
costs as much again.  Most queries are words, alternatives and filters (terms
combined with AND, OR and NOT), and for those this module reads each term's
posting list a block at a time (Whoosh's own arrays of document numbers and
term frequencies), scores the whole list with one vectorized BM25F formula,
and combines lists with sorted-array operations: a few milliseconds for the
same work, every match scored, the total exact.

The scores are Whoosh's to the last digit that matters: the same statistics
(``idf``, average field length, field lengths per document), the same
formula, sums over sub-queries as its union and intersection matchers make
them, boosts applied where its wrapping matchers apply them.  Ties are
broken as Whoosh's top collector does (lower document number first).
Phrases, with alternative lemmas at a position or not, are checked against
the words' positions, read only for the documents that have all the words.
Queries with any other node (NOT alone …) are left to Whoosh:
:func:`evaluate` returns None for them.
The posting lists are read by :mod:`indexer.engine.postings`, the sets of
matches combined by :mod:`indexer.engine.matches`.
``tests/test_fastsearch.py`` compares both on real queries.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left

import numpy as np
from whoosh import query as Q
from whoosh.query.terms import MultiTerm
from whoosh.reading import SegmentReader
from whoosh.scoring import WeightingModel

from indexer.caches.lru import LRUCache
from indexer.caches.registry import CONTENTS, LRU, declare
from indexer.engine import bm25, fuzzy_terms, live_docs, positions, postings, speedups
from indexer.engine.contents import contents_key
from indexer.engine.matches import EMPTY, Matches, among, difference as _difference, intersection as _intersection, \
    union as _union
from indexer import deadline as budget

MAX_EXPANSION = 1000  # words a prefix, wildcard or fuzzy term expands to, at most

__all__ = ["EMPTY", "EVALUATED", "Matches", "Unsupported", "evaluate", "matching_docs"]

_POSITION_SPAN = positions.SPAN  # document number × this + position: one key for both


class Unsupported(Exception):
    """A query node this module does not evaluate: Whoosh must."""


def evaluate(searcher, q) -> Matches | None:
    """Return every match of ``q`` with its score, or None when ``q`` needs Whoosh's own matchers."""
    if not speedups.APPLIED or searcher.weighting.use_final or type(searcher.weighting).__name__ != "BM25F":
        return None
    try:
        evaluator = _Evaluator(searcher, kept=not _has_options(q))
        found = evaluator.run(q)
        if evaluator.key is not None and not budget.current().partial:  # a result cut short is not kept
            EVALUATED.put((evaluator.key, q), found)
        return found
    except Unsupported:
        return None


# The last queries evaluated, by index contents (:mod:`indexer.engine.contents`), scoring and query: a search
# across languages evaluates its query's own words to plan, then again as a part of the plan's query.
EVALUATED = declare("engine.evaluated", LRUCache(64), bound=64, eviction=LRU, invalidated_by=CONTENTS)


def _has_options(q) -> bool:
    """Tell whether ``q`` has an OR with ``minmatch`` or ``scale``, which Whoosh's query equality leaves out."""
    if isinstance(q, Q.Or) and (q.minmatch or q.scale):
        return True
    return not q.is_leaf() and any(_has_options(child) for child in q.children())


def matching_docs(searcher, q) -> list[int]:
    """Return the (live) documents matching ``q``, ascending: by :func:`evaluate` when it takes ``q``."""
    found = evaluate(searcher, q)
    return found.ids.tolist() if found is not None else list(q.docs(searcher))


class _Evaluator:
    """Evaluates one query on one searcher; remembers each term's posting list and each field's lengths."""

    def __init__(self, searcher, kept: bool = False):
        self.searcher = searcher
        self.weighting = searcher.weighting
        self.leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        # Segment readers only: a term's postings say whether it is there and how often (no term-table look-ups).
        self._segments = all(isinstance(reader, SegmentReader) for reader, _ in self.leaves)
        self._whoosh_idf = type(self.weighting).idf is WeightingModel.idf and searcher.get_parent() is searcher
        self._doc_count = searcher.doc_count_all()
        contents = contents_key(searcher) if kept else None  # kept: look up and keep results (see EVALUATED)
        self.key = None if contents is None else (
            contents, self.weighting.K1, self.weighting.B, tuple(sorted(self.weighting._field_B.items())))
        self._depth = 0

    def run(self, q) -> Matches:
        """Return the matches of ``q``; those of the query and its parts that were evaluated last are looked up."""
        if self.key is None or self._depth > 1 or type(q) not in (Q.Or, Q.And, Q.AndNot):
            return self._run(q)
        found = EVALUATED.get((self.key, q))
        if found is None:
            self._depth += 1
            try:
                found = self._run(q)
            finally:
                self._depth -= 1
        return found

    def _run(self, q) -> Matches:
        kind = Q.Or if type(q) is Q.DefaultOr else type(q)  # the parser's unnormalized OR: the same matcher
        if isinstance(q, type(Q.NullQuery)):
            return EMPTY
        if kind is Q.Term:
            return self._boosted(self._term(q.fieldname, q.text), q.boost)
        if kind in (Q.Or, Q.And) and len(q.subqueries) == 1:
            return self.run(q.subqueries[0])  # Whoosh's matcher for one sub-query is the sub-query's, unboosted
        if kind is Q.Or:
            if q.minmatch or q.scale:
                raise Unsupported
            found = []
            for sub in q.subqueries:  # any alternatives found in time make a sound (partial) answer
                if found and budget.stop("evaluating alternatives"):
                    break
                found.append(self.run(sub))
            return self._boosted(_union(found), q.boost)
        if kind is Q.And:
            return self._boosted(self._and(q.subqueries), q.boost)
        if kind is Q.AndNot:
            return _difference(self.run(q.a), self.run(q.b))
        if kind is Q.Every:
            return self._every(q)
        if kind in (Q.Phrase, Q.Sequence):
            return self._boosted(self._phrase(q), q.boost)
        if isinstance(q, MultiTerm):
            return self._multiterm(q)
        if isinstance(q, Q.NumericRange):
            return self.run(q.simplify(self.searcher.reader()))
        if kind is Q.ConstantScoreQuery:
            found = self.run(q.child)
            return Matches(found.ids, np.full(len(found), float(q.score)))
        scored = getattr(q, "scored_documents", None)  # a query that knows its matches (indexer.search.across.DocScores)
        if scored is not None:
            ids, scores = scored()
            return Matches(np.asarray(ids, dtype=np.int64), np.asarray(scores, dtype=np.float64))
        raise Unsupported

    def _multiterm(self, q) -> Matches:
        """A prefix, wildcard, fuzzy term or term range: the terms it expands to, ORed (one term: unboosted).

        Scores are the sums of the terms' scores, as Whoosh gives them in an
        index of more than 5,000 documents (in smaller ones Whoosh gives every
        match the same score, which ranks the best matches no higher).
        In a field of words, at most :data:`MAX_EXPANSION` terms are searched (the first, in the
        lexicon's order, with a message saying so), and no more once the
        request's deadline has passed (:mod:`indexer.search.budget`), even
        while the lexicon is being scanned for the words of a pattern.
        """
        terms = []
        field = self.searcher.schema[q.fieldname] if q.fieldname in self.searcher.schema else None
        cap = MAX_EXPANSION if field is not None and field.scorable else None  # a filter's pattern is not cut
        for _field, text in _expanded_terms(q, self.searcher.reader()):
            if cap is not None and len(terms) >= cap:
                budget.note(f"{_pattern(q)} matches more than {MAX_EXPANSION} words: only the first {MAX_EXPANSION} "
                            "were searched; make it longer or more exact")
                break
            if text:
                terms.append(text)
            if len(terms) % 64 == 0 and budget.stop("expanding a pattern"):
                break
        if len(terms) > 1 and field is not None and field.scorable and self._segments:
            found, asked = self._together(q.fieldname, field, terms)
            return found if asked == 1 else self._boosted(found, q.boost)
        found = []
        for text in terms:
            if found and budget.stop("reading the words of a pattern"):
                break
            found.append(self._term(q.fieldname, text))
        if not found:
            return EMPTY
        return found[0] if len(found) == 1 else self._boosted(_union(found), q.boost)

    def _together(self, fieldname: str, field, terms: list) -> tuple[Matches, int]:
        """The union of several terms of a scored field (segment readers only), as :meth:`_term` scores each, and
        how many were searched: their posting lists read one by one (no more once the deadline has passed),
        scored together."""
        read, asked = [], 0
        for text in terms:
            if asked and budget.stop("reading the words of a pattern"):
                break
            asked += 1
            try:
                btext = field.to_bytes(text)
            except ValueError:
                continue
            lists = [postings.postings(reader, fieldname, btext) for reader, _ in self.leaves]
            frequency = sum(len(docs) for docs, _ in lists)  # as the term tables count it, deletions too
            if frequency:
                read.append((lists, self._idf(fieldname, btext, frequency)))
        return bm25.union_scored(self.searcher, fieldname, self.leaves, read), asked

    def _every(self, q) -> Matches:
        """Everything (``*``): the documents with any word in the field, each scored the query's boost, as Whoosh's.

        The field's stored lengths tell which documents have a word in it, so
        no term's postings are read.
        """
        ids = []
        for reader, offset in self.leaves:
            if q.fieldname in (None, "", "*"):
                docs = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
            else:
                data = speedups.lengths(reader._perdoc, q.fieldname)
                codes = np.frombuffer(data, dtype=np.uint8)[:reader.doc_count_all()] if data else EMPTY.ids
                docs = np.flatnonzero(codes).astype(np.int64)
                if reader.has_deletions() and len(docs):
                    docs = docs[live_docs.live(reader, docs)]
            ids.append(docs + offset)
        found = np.concatenate(ids) if ids else EMPTY.ids
        return Matches(found, np.full(len(found), float(q.boost)))

    def _phrase(self, q) -> Matches:
        """Words at consecutive positions (within ``slop``), scored as the sum of the words' scores.

        A sequence (a phrase with alternative terms at a position: a word's
        lemmas) is the same, each position matching any of its terms, scored
        as their OR, as Whoosh's span matchers score it.
        """
        fieldname, slots = _phrase_positions(q)
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None or not field.format or not field.format.supports("positions") or not slots:
            raise Unsupported  # Whoosh says what is wrong
        words = []
        for terms in slots:  # a word no paragraph has: no phrase, the others' postings unread
            words.append(self._term(fieldname, terms[0]) if len(terms) == 1
                         else _union([self._term(fieldname, t) for t in terms]))
            if not len(words[-1]):
                return EMPTY
        found = _intersection(words)
        if not len(found):
            return EMPTY
        ends = None
        for terms in slots:  # keys ascending: whether one follows another is a bisection
            keys = positions.ascending([self._position_keys(fieldname, t, found.ids) for t in terms])
            # the word's positions that follow an end of the phrase so far, within the slop
            ends = keys if ends is None else positions.following(keys, ends, max(1, q.slop))
            if not len(ends):
                return EMPTY
        keep = among(found.ids, positions.documents(ends))
        return Matches(found.ids[keep], found.scores[keep])

    def _position_keys(self, fieldname: str, text, docs: np.ndarray) -> np.ndarray:
        """Return ``doc * _POSITION_SPAN + position`` for every position of a term in ``docs`` (global numbers)."""
        return positions.position_keys(self.searcher, fieldname, text, docs)

    def _and(self, subqueries) -> Matches:
        budget.check("evaluating the query's clauses")  # all of them are needed: no sound part to give
        positive = [sub for sub in subqueries if not isinstance(sub, Q.Not)]
        negative = [sub.query for sub in subqueries if isinstance(sub, Q.Not)]
        if not positive:
            raise Unsupported  # Whoosh reads NOT alone as "everything but"
        found = _intersection([self.run(sub) for sub in positive])
        for sub in negative:  # Whoosh's inverse matcher scores each document it lets through 1.0
            found = _difference(found, self.run(sub))
            found = Matches(found.ids, found.scores + 1.0)
        return found

    @staticmethod
    def _boosted(found: Matches, boost: float) -> Matches:
        return found if boost == 1.0 else Matches(found.ids, found.scores * boost)

    def _term(self, fieldname: str, text) -> Matches:
        schema = self.searcher.schema
        if fieldname not in schema:
            return EMPTY
        field = schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return EMPTY
        if not self._segments:
            return self._term_looked_up(fieldname, field, btext)
        lists = [(postings.postings(reader, fieldname, btext), reader, offset) for reader, offset in self.leaves]
        frequency = sum(len(docs) for (docs, _), _, _ in lists)  # as the term tables count it, deletions too
        if not frequency:
            return EMPTY
        idf = self._idf(fieldname, btext, frequency) if field.scorable else None
        return bm25.scored(self.searcher, fieldname, lists, idf)

    def _idf(self, fieldname: str, btext: bytes, frequency: int) -> float:
        """Return a term's ``idf`` as Whoosh's weighting gives it, from its document frequency counted here."""
        if not self._whoosh_idf:
            return self.searcher.idf(fieldname, btext)
        return math.log(self._doc_count / (frequency + 1)) + 1

    def _term_looked_up(self, fieldname: str, field, btext: bytes) -> Matches:
        """A term of a reader that is not made of segment readers (an empty index): Whoosh's look-ups."""
        if (fieldname, btext) not in self.searcher.reader():
            return EMPTY
        lists = [(postings.postings(reader, fieldname, btext), reader, offset) for reader, offset in self.leaves]
        idf = self.searcher.idf(fieldname, btext) if field.scorable else None
        return bm25.scored(self.searcher, fieldname, lists, idf)


def _phrase_positions(q) -> tuple[str | None, list[tuple]]:
    """Return a phrase's field and its positions, each the terms it may be; Unsupported for another sequence."""
    if isinstance(q, Q.Phrase):
        return q.fieldname, [(w,) for w in q.words]
    if not q.ordered or q.slop > 1:  # Whoosh's span tree then allows what a left-to-right check does not
        raise Unsupported
    fieldname, positions = None, []
    for sub in q.subqueries:
        terms = [sub] if type(sub) is Q.Term else sub.subqueries if type(sub) is Q.Or else None
        if not terms or any(type(t) is not Q.Term or t.boost != 1.0 for t in terms) or sub.boost != 1.0:
            raise Unsupported
        if any(t.fieldname != (fieldname or t.fieldname) for t in terms):
            raise Unsupported
        fieldname = terms[0].fieldname
        positions.append(tuple(t.text for t in terms))
    return fieldname, positions


def _pattern(q) -> str:
    """Return how the user wrote a prefix, wildcard or fuzzy term (``migra*``, ``word~2``)."""
    if isinstance(q, Q.FuzzyTerm):
        return f"{q.text}~{q.maxdist}" if q.maxdist != 1 else f"{q.text}~"
    if isinstance(q, Q.Prefix):
        return f"{q.text}*"
    return str(getattr(q, "text", q))


SCAN_CHECK = 4096  # words of the lexicon a pattern scans between two looks at the deadline


def _expanded_terms(q, reader):
    """Yield ``(field, word)`` of the words a pattern matches, as Whoosh's ``expanded_terms`` does.

    A prefix's words are a bisection of each segment's sorted words of the
    field, decoded once and kept (:func:`indexer.engine.fuzzy_terms.sorted_terms`;
    Whoosh reads them from its on-disk term table a word at a time, a seek and a
    read each).  A wildcard (``*rx*``) is matched against every word of the lexicon after
    its literal start, which Whoosh scans to the end however few words match:
    here the scan stops when the request's deadline passes (the result is
    then partial).  Other patterns are Whoosh's.
    """
    if type(q) is Q.Prefix and q.text and q.fieldname in reader.schema:
        leaves = fuzzy_terms.segment_readers(reader)
        if leaves:
            yield from ((q.fieldname, word) for word in _prefixed(leaves, q.fieldname, q.text))
            return
    if type(q) is not Q.Wildcard or not q.field() or q.fieldname not in reader.schema:
        yield from q.expanded_terms(reader)
        return
    from_bytes = reader.schema[q.fieldname].from_bytes
    matches = re.compile(q._get_pattern()).match  # Whoosh 2.7's own glob translation and literal start
    start = q._find_prefix(q.text)
    candidates = reader.expand_prefix(q.fieldname, start) if start else reader.lexicon(q.fieldname)
    for n, btext in enumerate(candidates, 1):
        if n % SCAN_CHECK == 0 and budget.stop("scanning the words for a pattern"):
            return
        if matches(from_bytes(btext)):
            yield q.fieldname, btext


def _prefixed(leaves, fieldname: str, prefix: str) -> list[str]:
    """Return the words of ``fieldname`` that start with ``prefix`` in any of the segment readers, in term order."""
    found = []
    for leaf in leaves:
        words = fuzzy_terms.sorted_terms(leaf, fieldname)
        start = bisect_left(words, prefix)
        found.append(words[start:bisect_left(words, prefix + "\U0010ffff", start)])
    return found[0] if len(found) == 1 else sorted(set().union(*found))
