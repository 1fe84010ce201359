"""The order of the hits: the paragraphs a translator looks for first.

Every match is scored (BM25F, :mod:`indexer.engine.fastsearch`); the :data:`WINDOW` best of them
are then ordered by these keys, each deciding only between hits the ones before it leave equal:

1. how many pairs of the query's consecutive words stand in the query's order, next to each other
   (at most :data:`ORDERED_GAP` positions apart): ``Member States`` puts "Member States" before
   "States Members", ``правам человека`` puts "прав человека" before "человек имеет право";
   of those, the ones with all the words in the forms typed, in that order, go first
   (``Совет Безопасности`` before "Совета Безопасности");
2. how many pairs stand near each other in either order (at most :data:`NEAR` positions apart);
3. how many of the query's words are found in the very form typed (``проведенных`` before
   "проведет" and "провела", which share its lemma);
4. substantive paragraphs before lines: headings, contents rows, list items, table rows and
   paragraphs of at most :data:`LINE_WORDS` words (agenda items, subheadings, rows of names);
5. the score, then the index order.

Across languages (:func:`across_page`) the paragraphs the query's own words find come first, in this
order; those found through translations or the alignment follow, in this order of the translations' words
(:func:`indexer.search.across.translated_words`), except that for a query of :data:`PASSAGE_WORDS` words or
more they follow in the order of their scores alone (such a query seeks a passage, which may be a short one, and
its translated matches are scored by how many of its words they render; where its words' translations stand is
weak evidence: a passage renders a few words picked from a sentence in an order and at distances of its own).  Matches past the window follow in the order of their scores.  Identical paragraphs and contents
rows that repeat a heading are then folded (:mod:`indexer.search.collapse`).  The ``score`` a hit
shows stays its BM25F score.  A query of one plain word needs no positions; the features are read
for the window only, so ordering costs about the same for any number of matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.documents import CONTENTS, HEADING, ITEM, ROW
from indexer.caches.per_object import PerObject
from indexer.caches.registry import DEATH, PER_OBJECT, declare
from indexer.engine import engine, speedups
from indexer.engine.matches import Matches, among
from indexer.engine.positions import SPAN, ascending
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS
from indexer.engine.stored_fields import stored_value
from indexer.search import budget, collapse, kinds
from indexer.search import typed as typed_text
from indexer.search.query_forms import Word, query_words

WINDOW = 200  # the best matches by score that are ordered by the keys above
ORDERED_GAP = 3  # "next to each other": the second word at most this many positions after the first
NEAR = 6  # "near each other": at most this many positions apart, in either order
LINE_WORDS = 4  # a paragraph of at most this many indexed words reads as a line, not as a paragraph
LINE_KINDS = (HEADING, CONTENTS, ITEM, ROW)
PASSAGE_WORDS = 3  # across languages, a query of this many words or more seeks a passage (lines are not last)


@dataclass(frozen=True)
class Ranked:
    """A page of hits in order: ``(docnum, score)`` and, by docnum, the identical paragraphs folded into each."""

    total: int
    page: list[tuple[int, float]]
    also: dict[int, list[int]]


def ranked(searcher, q, text: str, lang: str, offset: int, limit: int) -> Ranked:
    """Return the matches of ``q`` of ranks ``offset`` to ``offset + limit``, ordered as described above.

    ``text`` is the query as typed and ``lang`` its language choice, from which
    the query's words are read.
    """
    return ordered_page(searcher, engine().scored(searcher, q), text, lang, offset, limit)


def ordered_page(searcher, found, text: str, lang: str, offset: int, limit: int) -> Ranked:
    """:func:`ranked` of matches already scored (:class:`~indexer.engine.matches.Matches`), a part of a result."""
    return _page(searcher, found, [(None, query_words(searcher.schema, text, lang), True)], offset, limit)


def across_page(searcher, found, text: str, lang: str, originals: np.ndarray, translated: tuple[Word, ...],
                offset: int, limit: int) -> Ranked:
    """:func:`ordered_page` of a search across languages: the ``originals`` first, then the other matches.

    ``originals`` (ascending) are the paragraphs the query's own words match,
    ordered by those words; the others, found through translations or the
    alignment, follow in the order of the ``translated`` words (none: lines last, then by score), by their
    scores alone for a query of :data:`PASSAGE_WORDS` words or more.
    """
    own = query_words(searcher.schema, text, lang)
    return _page(searcher, found, [(originals, own, True),
                                   (None, translated if len(own) < PASSAGE_WORDS else None, True)], offset, limit)


def _page(searcher, found, groups: list[tuple[np.ndarray | None, tuple[Word, ...] | None, bool]], offset: int,
          limit: int) -> Ranked:
    """Return a page of ``found``: the window's matches of each group (its members, or all the rest: None), in
    turn, ordered by its words (and lines after paragraphs, where the group's flag says so; no words: by score
    alone); past the window, by score."""
    if not len(found):
        return Ranked(0, [], {})
    docs, scores = _best(found, WINDOW)
    ids = None  # the numbers of the hits in order, as an array, once ordered
    if budget.current().stop("ordering the hits"):
        order = list(zip(docs.tolist(), scores.tolist()))
    else:
        picked, rest = [], np.arange(len(docs))  # places in ``docs``
        for members, words, lines_last in groups:
            if members is None:  # all the rest
                part, rest = rest, rest[:0]
            else:
                inside = among(docs[rest], members)
                part, rest = rest[inside], rest[~inside]
            if words is None:
                picked.append(part[np.lexsort((docs[part], -scores[part]))])
            elif len(part) > 1:  # (one hit is in order already: where its words stand is not read)
                picked.append(part[window_order(searcher, docs[part], scores[part], words, lines_last)])
            else:
                picked.append(part)
        at = np.concatenate((*picked, rest))
        ids = docs[at]
        order = list(zip(ids.tolist(), scores[at].tolist()))
    wanted = offset + limit
    kept, dropped = collapse.fold(searcher, order, wanted, ids)
    if wanted > len(kept) and len(found) > len(docs):
        kept = kept + found.top(len(docs) + wanted - len(kept))[len(docs):]
    page = kept[offset:wanted]
    return Ranked(len(found), page, {n: dropped[n] for n, _ in page if n in dropped})


def _best(found, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the ``count`` best matches of ``found`` by score, as the arrays of their numbers and scores."""
    if isinstance(found, Matches):
        return found.best(count)
    best = found.top(count)  # a cluster's window
    return np.array([n for n, _ in best], dtype=np.int64), np.array([s for _, s in best], dtype=np.float64)


def window_order(searcher, docs: np.ndarray, scores: np.ndarray, words: tuple[Word, ...],
                 lines_last: bool = True) -> np.ndarray:
    """Return the order of the hits ``docs`` of ``scores`` (best score first) by the keys of this module (without
    the fourth unless ``lines_last``)."""
    exact = exact_forms(searcher, docs, words)
    line = lines(searcher, docs) if lines_last else np.zeros(len(docs), dtype=np.int64)
    if len(words) < 2:  # no pair of words: the first three keys are 0 for every hit
        return np.lexsort((docs, -scores, line, -exact))
    ordered, near, repeated = proximity(searcher, docs, words)
    typed = as_typed(searcher, docs, words, (ordered == len(words) - 1) & (exact == len(words)), repeated)
    return np.lexsort((docs, -scores, line, -exact, -near, -typed, -ordered))


def proximity(searcher, docs: np.ndarray, words: tuple[Word, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return, per document, how many consecutive query words stand in order next to each other, how many near,
    and whether any word stands in it more than once."""
    ordered = np.zeros(len(docs), dtype=np.int64)
    near = np.zeros(len(docs), dtype=np.int64)
    repeated = np.zeros(len(docs), dtype=bool)
    if len(words) < 2:
        return ordered, near, repeated
    keys = _words_keys(searcher, words, docs)
    for found in keys:
        if found is not None and len(found) > 1:
            held = found // SPAN
            twice = held[1:][held[1:] == held[:-1]]
            if len(twice):
                repeated |= among(docs, twice)
    for first, second in zip(keys, keys[1:]):
        if first is None or second is None or not len(first) or not len(second):
            continue
        # 0: both at one position, the parts of a compound (capacity-building, государства-члены)
        next_to, close = _close(first, second, ((0, ORDERED_GAP), (-NEAR, NEAR)))
        ordered += among(docs, next_to)
        near += among(docs, close)
    return ordered, near, repeated


def _words_keys(searcher, words: tuple[Word, ...], docs: np.ndarray) -> list[np.ndarray | None]:
    """Return the position keys of each word's terms in ``docs``, ascending (None for a word without terms)."""
    found = iter(engine().terms_positions(searcher, [term for w in words for term in w.terms], docs))
    out: list[np.ndarray | None] = []
    for w in words:
        parts = [part for part in (next(found) for _ in w.terms) if len(part)]
        out.append(None if not w.terms else ascending(parts) if parts else _NO_KEYS)  # one term's: ascending already
    return out


_NO_KEYS = np.zeros(0, dtype=np.int64)


def _close(first: np.ndarray, second: np.ndarray, spans) -> list[np.ndarray]:
    """Return, for each ``(low, high)`` of ``spans``, the documents (ascending, repeated) where a key of ``second`` is
    ``low`` to ``high`` after one of ``first``.

    Both are sorted position keys; a key of ``second`` has the keys of ``first``
    nearest to it (at or before it, and after it) found by bisection.
    """
    at = first.searchsorted(second, side="right")
    gap_before = second - first.take(at - 1, mode="clip")  # ≥ 0 where there is a key at or before
    gap_after = second - first.take(at, mode="clip")  # < 0 where there is one after
    has_before, has_after = at > 0, at < len(first)
    held = second // SPAN  # ascending, as ``second`` is
    out = []
    for low, high in spans:
        close = has_before & (gap_before >= max(low, 0)) & (gap_before <= high)
        if low < 0:
            close |= has_after & (gap_after >= low) & (gap_after <= min(high, -1))
        out.append(held[close])
    return out


def exact_forms(searcher, docs: np.ndarray, words: tuple[Word, ...]) -> np.ndarray:
    """Return, per document, how many of the query's words it has in the form typed."""
    count = np.zeros(len(docs), dtype=np.int64)
    order = np.argsort(docs, kind="stable")
    ascending = docs[order]
    for word in words:
        if word.forms:
            count[order] += engine().docs_having(searcher, EXACT_FIELD, word.forms, ascending)
    return count



def as_typed(searcher, docs: np.ndarray, words: tuple[Word, ...], candidates: np.ndarray,
             repeated: np.ndarray) -> np.ndarray:
    """Return, per document, 1 if it has the query's words in the forms and the order typed, else 0.

    The ``candidates`` have every word in the form typed and every pair next to
    each other: where each word stands once, those are the forms next to each
    other; where one stands more than once, the text is read (between two words
    may stand up to two others, the stop words the analysis leaves out).
    """
    typed = (candidates & ~repeated).astype(np.int64)
    candidates = candidates & repeated
    if len(words) < 2 or not all(w.forms for w in words) or not candidates.any():
        return typed if len(words) > 1 and all(w.forms for w in words) else np.zeros(len(docs), dtype=np.int64)
    check = typed_text.checker([w.forms for w in words])
    for k in np.flatnonzero(candidates).tolist():
        typed[k] = check(stored_value(searcher, int(docs[k]), "text"))
    return typed


def lines(searcher, docs: np.ndarray) -> np.ndarray:
    """Return, per document, 1 for a heading, a contents row or a paragraph of a few words, else 0 (with the
    speed-ups in place, from every paragraph's, told once per reader)."""
    if not speedups.APPLIED or not engine().speedups:  # a window on a cluster's hits has no reader-wide table
        return _lines(searcher, docs)
    kept = _LINES.get(searcher.reader())
    if "lines" not in kept:
        kept["lines"] = _lines(searcher, np.arange(searcher.reader().doc_count_all(), dtype=np.int64)).astype(bool)
    return kept["lines"][docs].astype(np.int64)


def _lines(searcher, docs: np.ndarray) -> np.ndarray:
    line = among(docs, kinds.kind_docs(searcher, *LINE_KINDS)).astype(np.int64)
    length = np.max([engine().lengths_of(searcher, field, docs) for field in TEXT_FIELDS.values()], axis=0)
    return line | (length <= LINE_WORDS)


# By reader: whether each of its paragraphs is a line (lines), as long as the reader lives.
_LINES = declare("search.lines", PerObject(lambda reader: {}), bound=None, unit="readers", eviction=PER_OBJECT,
                 invalidated_by=DEATH)


# --- the words of a query --------------------------------------------------------------------------
