"""Searching across languages: the query in its own words, through the alignment, and through translations.

With ``translate`` on, a search finds, besides what the query's own words match:

- **through the alignment** (when one language is asked for): paragraphs of that
  language whose aligned counterpart in the other language matches the query
  (``мигрант`` with ``lang=en`` finds the English paragraphs aligned to Russian
  ones with ``мигрант``), scored :data:`ALIGNED_WEIGHT` times the counterpart's
  score and the link's confidence;
- **through the lexicon** (:mod:`indexer.search.translate`): paragraphs that contain
  translations of the query's words, also where no aligned version exists.  A
  query of words only (no phrase, OR, NOT or pattern) is matched word by word
  (:func:`translated_matches`, from the postings, which is much cheaper than a
  Whoosh query of every translation): paragraphs with translations of all the
  words, and for :data:`PARTIAL_FROM` words or more the best
  :data:`PARTIAL_MOST` with some of them; any other query is rewritten whole,
  each word or phrase also matching its translations.

With any language, a paragraph that only the translations find and whose
counterpart the query itself finds is left out: it is already shown, beside
that counterpart.  The paragraphs the query's own words find come first
(:func:`originals_first`), then those found through translations.  Everything is one Whoosh query (:func:`plan`), so totals,
paging and filters work as for any search.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q

from indexer.engine import engine
from indexer.engine.fastsearch import MAX_EXPANSION
from indexer.engine.schema import TEXT_FIELDS
from indexer.engine.matches import Matches
from indexer.search import aligned, backoff, budget, kin
from indexer.search.doc_scores import DocScores
from indexer.search import query as query_language
from indexer.storage.crosslang import CrossData
from indexer.caches.dict_cache import DictCache
from indexer.caches.per_object import PerObject
from indexer.caches.lru import LRUCache
from indexer.caches.registry import DEATH, LRU, PER_OBJECT, declare
from indexer.search.query_forms import Word
from indexer.search.translate import Choice, DEFAULT_CHOICE, QueryTranslator

ALIGNED_WEIGHT = 0.7  # a match through the alignment counts this much of the counterpart's own score
PARTIAL_FROM = 3  # queries of this many words also find paragraphs with translations of some of them
PARTIAL_MOST = 100  # of those, the best this many
OTHER_LANG = {"en": "ru", "ru": "en"}
ORIGINAL_MARGIN = 0.5  # a translated match scores at most this share of the lowest original one


K1, B = 1.2, 0.3  # BM25's constants: Whoosh's BM25F k1, a weaker length normalization (a sentence sought by a few
# of its words is often long, and its translations match fewer of them than a short paragraph's might)


def translated_matches(searcher, data: CrossData, words: list, allowed=None, most: int = PARTIAL_MOST) -> dict[int, float]:
    """Return the paragraphs that match the words through their translations, with scores.

    ``words`` is :meth:`~indexer.search.translate.QueryTranslator.word_alternatives`.
    Each word is one term whose translations are weighted alternatives (a
    probabilistic structured query): with ``p`` each alternative's weight over
    the word's total, the word's frequency in a paragraph is the sum of ``p``
    of the alternatives it has, and its document frequency the sum of ``p``
    times theirs; a paragraph scores the word by BM25 with those (so a word
    with many translations counts once, and a rare translation weighs little).
    A multi-word alternative counts where all its words occur (in any order:
    cheaper than a phrase, and enough to rank).  The words' scores, each times
    the word's weight (:mod:`indexer.search.rendered`: how faithfully the other
    language renders it), add up, times the share of the words matched.  Paragraphs matching every word are all
    returned; of those matching only some (at least one by a translation, not
    only by a number or a symbol), the ``most`` best.  ``allowed`` restricts
    the paragraphs (the request's filters: which documents they allow, one boolean
    per document number, :meth:`~indexer.storage.crosslang.CrossData.docs_for`).
    The postings come from :meth:`~indexer.engine.interface.SearchEngine.term_docs`
    (cached), the lengths from ``data`` (read once per generation).
    """
    ids, scores = _translated(searcher, data, words, allowed, most)
    return dict(zip(ids.tolist(), scores.tolist()))


def _translated(searcher, data: CrossData, words: list, allowed, most: int) -> tuple[np.ndarray, np.ndarray]:
    """Return :func:`translated_matches` as arrays: the paragraphs of every word first, then the best of the
    others, best first, and their scores."""
    count = searcher.reader().doc_count_all()
    if not words or not count:
        return NO_DOCS, NO_SCORES
    matches = []
    for word in words:
        budget.check("matching the translations of the query's words")  # every word counts in every score
        matches.append([(field, docs, weight * q.boost) for q, weight in word.alternatives
                        for field, docs in [alternative_docs(searcher, q, data)] if len(docs)])
    # The paragraphs the filters allow that some word matches, ascending: the scores are counted for those only,
    # not for every paragraph; ``place`` gives each paragraph's place among them (those left out: one place more).
    touched = np.zeros(count, dtype=bool)
    for found in matches:
        for _, docs, _ in found:
            touched[docs] = True
    if allowed is not None:
        touched &= allowed
    universe = np.flatnonzero(touched)
    size = len(universe)
    place = np.full(count, size, dtype=np.int64)
    place[universe] = np.arange(size)
    matched = np.zeros(size, dtype=np.int64)
    score = np.zeros(size)
    translated = np.zeros(size, dtype=bool)
    total = max(searcher.reader().doc_count(), 1)
    for word, found in zip(words, matches):
        if not found:
            continue
        mass = sum(weight for _, _, weight in found)
        tf = np.zeros(size + 1)  # the last place: the paragraphs left out
        df = 0.0
        for _, docs, weight in found:
            tf[place[docs]] += weight / mass
            df += weight / mass * len(docs)
        tf = tf[:size]
        hit = tf > 0.0
        if word.terms:
            translated |= hit
        idf = (math.log(total / (df + 1.0)) + 1.0) * word.weight  # as Whoosh's BM25F, times the word's weight
        spread = _spread(searcher, data, found[0][0], universe[hit])
        best = np.zeros(size)
        best[hit] = idf * tf[hit] * (K1 + 1) / (tf[hit] + spread)
        matched += hit
        score += best  # zero where the word is not matched
    share = 1.0 / len(words)
    every = np.flatnonzero(matched == len(words))
    some = np.flatnonzero((matched > 0) & (matched < len(words)) & translated)
    values = score[some] * matched[some] * share
    order = _best(values, universe[some], most)
    return np.concatenate([universe[every], universe[some[order]]]), np.concatenate([score[every], values[order]])


def _best(values: np.ndarray, docs: np.ndarray, most: int) -> np.ndarray:
    """Return the places of the ``most`` highest ``values``, the best first; of equal values, the later of ``docs``
    first (sorted among those at least the ``most``-th highest only)."""
    if most <= 0 or not len(values):
        return NO_DOCS
    if most < len(values):
        cut = np.argpartition(-values, most - 1)[:most]
        chosen = np.flatnonzero(values >= values[cut].min())  # every one tied with the last, too
    else:
        chosen = np.arange(len(values))
    return chosen[np.lexsort((-docs[chosen], -values[chosen]))][:most]


def alternative_docs(searcher, q, data: CrossData | None = None) -> tuple[str | None, np.ndarray]:
    """Return the field of one alternative of a word and the paragraphs it matches: those with all the terms
    of a translation, a number or a symbol (:func:`alternative_terms`), or any word beginning with a prefix
    (the words derived from a rendering, :func:`indexer.search.kin.derived`), or any of some words (the English
    words a suffix away from a rendering, :class:`indexer.search.kin.Forms`), or a year written in digits
    (:class:`indexer.search.kin.Years`); those of a prefix or a year kept per generation of ``data``."""
    if isinstance(q, Q.Prefix):
        return q.fieldname, _prefixed(searcher, q.fieldname, q.text, data)
    if isinstance(q, kin.Forms):
        found = [engine().term_docs(searcher, q.fieldname, word) for word in q.words]
        return q.fieldname, np.unique(np.concatenate(found))
    if isinstance(q, kin.Years):
        found = [_prefixed(searcher, q.fieldname, prefix, data, q.text) for prefix in q.prefixes]
        return q.fieldname, np.unique(np.concatenate(found))
    terms = alternative_terms(q)
    return (terms[0][0], _docs(searcher, terms)) if terms else (None, NO_DOCS)


NO_DOCS = np.zeros(0, dtype=np.int64)
NO_SCORES = np.zeros(0, dtype=np.float64)
PREFIXES_KEPT = 4096  # the paragraphs of this many prefixes are kept per generation


def _prefixed(searcher, field: str, prefix: str, data: CrossData | None, pattern: str | None = None) -> np.ndarray:
    """Return the paragraphs that have a word of ``field`` beginning with ``prefix`` (and matching the regular
    expression ``pattern``, if given): of its first :data:`~indexer.engine.fastsearch.MAX_EXPANSION` words (in the
    lexicon's order), and no more once the request's deadline has passed (:mod:`indexer.search.budget`).  Kept per
    ``data``, read-only, unless the deadline cut it short."""
    kept = _PREFIXED.get(data) if data is not None else None
    key = (field, prefix) if pattern is None else (field, prefix, pattern)
    found = kept.get(key) if kept is not None else None
    if found is None:
        parts, cut = [], False
        for word in engine().expand_prefix(searcher.reader(), field, prefix):
            if pattern is not None and not re.fullmatch(pattern, word):
                continue
            if len(parts) >= MAX_EXPANSION:
                break
            if parts and len(parts) % 64 == 0 and budget.stop("reading the words derived from a translation"):
                cut = True
                break
            parts.append(engine().term_docs(searcher, field, word))
        found = np.unique(np.concatenate(parts)) if parts else NO_DOCS
        found.flags.writeable = False
        if kept is not None and not cut:
            kept.put(key, found)
    return found


_PREFIXED = declare("search.prefix_docs", PerObject(lambda data: LRUCache(PREFIXES_KEPT), sweep_from=1),
                    bound=PREFIXES_KEPT, unit="prefixes per generation", eviction=LRU, invalidated_by=DEATH)


def _docs(searcher, terms: list) -> np.ndarray:
    """Return the paragraphs that have all of ``terms`` (``(field, term)``)."""
    docs = None
    for term in terms:
        found = engine().term_docs(searcher, *term)
        docs = found if docs is None else np.intersect1d(docs, found, assume_unique=True)
    return docs


def _spread(searcher, data: CrossData, field: str, docs: np.ndarray) -> np.ndarray:
    """Return BM25's ``k1 · (1 - b + b · length / average length)`` of ``field`` for each of ``docs``."""
    return (K1 + 1) / _norms(searcher, data, field)[docs] - 1.0


def _norms(searcher, data: CrossData, field: str) -> np.ndarray:
    """Return BM25's length factor of one occurrence in ``field`` for every paragraph (kept per generation)."""
    kept = _NORMS.get(data)
    found = kept.get(field)
    if found is None:
        lengths = np.asarray(data.lengths(searcher.reader(), field), dtype=np.float64)
        lengths[lengths == 0] = 1.0
        average = searcher.avg_field_length(field) or 1.0
        found = (K1 + 1) / (1 + K1 * (1 - B + B * lengths / average))
        kept.put(field, found)
    return found


_NORMS = declare("search.norms", PerObject(lambda data: DictCache(), sweep_from=1), bound=None,
                 unit="fields per generation", eviction=PER_OBJECT,
                 invalidated_by=DEATH)  # CrossData -> field -> length factors


def alternative_terms(q) -> list[tuple[str, str]]:
    """Return the ``(field, term)`` a translation (a term or a phrase) or a number or symbol (a group) stands for."""
    if isinstance(q, Q.Term):
        return [(q.fieldname, q.text)]
    if isinstance(q, Q.Phrase):
        return [(q.fieldname, w) for w in q.words]
    leaves = [s for s in q.leaves() if isinstance(s, Q.Term)]
    return [(leaves[0].fieldname, leaves[0].text)] if leaves else []


@dataclass
class Plan:
    """A search across languages: the query to run, the translations it used, the translations alone."""

    query: object
    translations: list = field(default_factory=list)  # of Translation
    translated: object = None  # the query's words with their translations (for marking them)
    originals: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # the query's own matches
    words: tuple = ()  # of query_forms.Word: the words of the translations, in order (:func:`translated_words`)


def _scored(searcher, q) -> Matches:
    """Return every document matching ``q`` and its score (with the fast path when it takes ``q``)."""
    found = engine().evaluate(searcher, q)
    if found is not None:
        return found
    ordered = sorted((hit.docnum, hit.score) for hit in searcher.search(q, limit=None, optimize=False))
    return Matches(np.array([n for n, _ in ordered], dtype=np.int64), np.array([s for _, s in ordered]))


def plan(searcher, request, data: CrossData, filters=None, exclude=frozenset(),
         choice: Choice = DEFAULT_CHOICE) -> Plan:
    """Return the :class:`Plan` of a request (its ``query`` text and ``lang``) across languages.

    ``filters`` are the request's filter clauses (without them the plan ignores
    the filters); the returned query includes them.
    """
    text = request.query.strip()
    schema = searcher.schema
    lang = request.lang
    translator = QueryTranslator(data.lexicon, exclude, choice, backoff.for_search(data.lexicon, searcher),
                                 derived=True)
    parsed = query_language.parse_query(text, schema, "any", normalize=False)
    translated = translator.rewrite(parsed)
    words = translator.word_alternatives(parsed)
    original = query_language.parse_query(text, schema, lang)
    beside = NO_DOCS
    if lang not in OTHER_LANG:  # paragraphs shown beside an original hit are not listed again
        shown = np.asarray(engine().matching_docs(searcher, Q.And([original, filters]) if filters is not None
                                                  else original), dtype=np.int64)
        beside = np.setdiff1d(aligned.counterparts(data, shown), shown)
    budget.check("planning the search across languages")
    if words:
        most = PARTIAL_MOST if len(words) >= PARTIAL_FROM else 0
        ids, scores = _translated(searcher, data, words, data.docs_for(searcher, filters), most)
        kept = np.flatnonzero(~np.isin(ids, beside))
        kept = kept[np.argsort(ids[kept])]
        routes = [original, DocScores((ids[kept], scores[kept]))] if len(kept) else [original]
    else:
        routes = [Q.AndNot(translated, DocScores((beside, np.ones(len(beside))))) if len(beside) else translated]
    if lang in OTHER_LANG:
        through = _through_alignment(searcher, text, OTHER_LANG[lang], data)
        if len(through[0]):
            routes.append(DocScores(through))
    q, own = originals_first(searcher, original, Q.Or(routes) if len(routes) > 1 else routes[0])
    if filters is not None:
        q = Q.And([q, filters])
    return Plan(q, translator.used, translated, own, translated_words(words))


def warm(data: CrossData) -> None:
    """Make ahead what the first search across languages of a generation makes: its paragraph links as arrays
    (:mod:`indexer.search.aligned`) and the general dictionary's senses (:func:`indexer.search.backoff.warm`)."""
    aligned.links(data)
    backoff.warm(data.lexicon)


def originals_first(searcher, original, q) -> tuple[object, np.ndarray]:
    """Return ``q`` scored so that every paragraph ``original`` (the query in its own words) matches comes first,
    and the numbers of those paragraphs, ascending.

    A paragraph found only through translations or the alignment keeps its
    order among those, below the last original: a translator sees the
    paragraphs that have the query's words before any translated match.
    """
    own = _scored(searcher, original)
    if not len(own):
        return q, own.ids
    found = _scored(searcher, q)
    mine = np.isin(found.ids, own.ids, assume_unique=True)
    if mine.all():
        return q, own.ids
    factor = ORIGINAL_MARGIN * float(own.scores.min()) / max(float(found.scores[~mine].max()), 1e-9)
    return DocScores((found.ids, np.where(mine, found.scores, found.scores * factor))), own.ids


def translated_words(words: list | None) -> tuple[Word, ...]:
    """Return the words the translations of a query's words make, in order, to order the matches they find.

    ``words`` is :meth:`~indexer.search.translate.QueryTranslator.word_alternatives`
    (None for a query that is not only words: then none).  Neighbouring words
    that a multi-word unit renders together give that rendering's words, in its
    order (``незаконного ввоза мигрантов``: smuggle, migrant; ``human rights``:
    право, человек); any other word gives one word, its renderings together
    (a word without any gives none).  Between the words of two renderings stands
    :data:`APART`, a word of no terms, which keeps them apart: their order in the
    other language is not known, so only the words of one unit's rendering count
    as standing together, and the scores order the rest.
    """
    out: list[Word] = []
    j = 0
    while j < len(words or ()):
        unit = _rendering(words[j])
        end = j + 1
        while unit is not None and end < len(words) and _rendering(words[end]) == unit:
            end += 1
        if out:
            out.append(APART)
        if end > j + 1:
            out.extend(Word(((unit.fieldname, w),), ()) for w in unit.words)
        else:
            out.append(Word(tuple(dict.fromkeys(
                (leaf.fieldname, leaf.text) for q, _ in words[j].alternatives for leaf in (q, *q.leaves())
                if type(leaf) is Q.Term and leaf.fieldname in TEXT_FIELDS.values())), ()))
        j = end
    return tuple(out)


APART = Word((), ())  # between the renderings of two words: their order in the other language is not known


def _rendering(word):
    """Return a word's first rendering if it is a phrase (a multi-word unit's translation), else None."""
    first = word.alternatives[0][0] if word.alternatives else None
    return first if isinstance(first, Q.Phrase) else None


def _through_alignment(searcher, text: str, other: str, data: CrossData) -> tuple[np.ndarray, np.ndarray]:
    """Return the counterparts of the paragraphs of language ``other`` that the query matches (ascending), each
    scored by the best of its links: :data:`ALIGNED_WEIGHT` times the paragraph's score and the link's confidence
    (those of a positive score only); none once the request's deadline has passed (all are followed at once)."""
    found = _scored(searcher, query_language.parse_query(text, searcher.schema, other))  # that language's field
    if not len(found) or budget.stop("following the alignment"):
        return NO_DOCS, NO_SCORES
    return aligned.best_through(data, found.ids, ALIGNED_WEIGHT * found.scores)
