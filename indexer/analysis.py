"""A field's analyzer applied word by word, with caches of each word's terms and of the texts last read.

Highlighting (:mod:`indexer.search.highlight`) marks the words whose terms a
query looks for, and the lexicon (:mod:`indexer.lexicon.units`) reads a
paragraph's units the way the index does: both need a text's analyzed words
with their character spans, fast.  :class:`Analysis` gives them, analyzing
each distinct word once; :func:`token_spans` finds, among a text's analyzed
positions, the spans some wanted terms (a :class:`~indexer.search.highlight.FieldTerms`) match.
"""

from __future__ import annotations

import re
import threading
from array import array
from itertools import chain

from whoosh.analysis import RegexTokenizer

from analyzers.memo import MemoFilters
from indexer.caches.dict_cache import DictCache
from indexer.caches.lru import LRUCache
from indexer.caches.per_object import PerObject
from indexer.caches.registry import CLEAR_WHEN_FULL, DEATH, LRU_BY_WEIGHT, NEVER, PER_OBJECT, declare

_WORD_TERMS_LIMIT = 300_000
_WORD_TERMS = declare("search.word_terms", DictCache(_WORD_TERMS_LIMIT), bound=_WORD_TERMS_LIMIT,
                      eviction=CLEAR_WHEN_FULL, invalidated_by=NEVER)  # (analyzer, word) -> its terms
_WORD_SETS = declare("search.word_sets", DictCache(), bound=_WORD_TERMS_LIMIT, unit="entries per analyzer",
                     eviction=CLEAR_WHEN_FULL, invalidated_by=NEVER)  # analyzer -> word -> its terms, a set
# analyzer -> its Forms: the words of its word sets by the terms they make (dropped with them)
_WORD_FORMS = declare("search.word_forms", DictCache(), bound=_WORD_TERMS_LIMIT, unit="words per analyzer",
                      eviction=CLEAR_WHEN_FULL, invalidated_by=NEVER)
_LEARNING = threading.Lock()  # one new word at a time: its forms, then its terms (see Forms)
# The words of the texts last read (about 6,500 paragraphs of UN length), counted without the texts themselves
# (the keys: mostly the stored rows' own strings, but kept alive here once those rows are dropped).
TEXT_WORDS_BYTES = 6 << 20
_TEXT_WORDS = declare("search.text_words", LRUCache(TEXT_WORDS_BYTES, weigh=lambda words: words_bytes(*words)),
                      bound=TEXT_WORDS_BYTES, unit="bytes", eviction=LRU_BY_WEIGHT,
                      invalidated_by=NEVER)  # (analyzer, text) -> its words' terms and spans (words_bytes)

def describe(part) -> str:
    """Return what an analyzer (or one of its parts) does, as a string: its parts and their settings.

    Caches a part keeps (a memoizing filter's words, a stemmer's) are left out,
    so the description stays the same, and short, while they fill.  Sets are
    written sorted: the order a set iterates in depends on how it was built,
    and each generation unpickles its own analyzers, so a description that
    followed it would differ from one generation to the next, and every cache
    keyed by it (:data:`_WORD_SETS` above all) would start again, and grow.
    """
    parts = getattr(part, "items", None) or getattr(part, "filters", None)
    if parts:
        return f"{type(part).__name__}({', '.join(describe(p) for p in parts)})"
    settings = sorted((k, v) for k, v in getattr(part, "__dict__", {}).items() if not k.startswith("_"))
    return f"{type(part).__name__}([{', '.join(f'({k!r}, {_setting(v)})' for k, v in settings)}])"


def _setting(value) -> str:
    """Return ``repr(value)``, with the members of a set in sorted order (by their ``repr``)."""
    if isinstance(value, (set, frozenset)):
        return f"{type(value).__name__}({{{', '.join(sorted(map(repr, value)))}}})"
    return repr(value)


class Forms:
    """The words an analyzer's word sets hold, by the terms they make: ``by_term`` maps a term to the words that
    make it, so the words of a text that make a query's terms are a set intersection (:meth:`Analysis.marked`).
    A term's words are a tuple, made anew for each word added (a term has a few): tuples of strings are left
    aside by the cycle collector, sets would be walked by each of its full collections.

    A new word's forms are kept first, then ``learned`` counted, then its terms put in the word sets, one word at a
    time (:meth:`Analysis._new_set`); when that put drops the word sets (full), ``learned`` is counted again and
    then ``by_term`` made anew with them.  So a reader that reads the same ``learned`` before it looks a text's words up in
    the word sets and after it has read ``by_term`` has read the forms of every word it found there.
    """

    __slots__ = ("by_term", "learned")

    def __init__(self):
        self.by_term: dict[str, tuple[str, ...]] = {}
        self.learned = 0


class Analysis:
    """A field's analyzer, applied word by word with a cache of each word's terms.

    Every analyzer of the schema is a regex tokenizer followed by filters that
    look at one token at a time (folding, stop words, compounds, stems,
    lemmas), so a text's terms are its words' terms, and a word dropped by the
    stop filter takes no position.  Analyzing each distinct word once (the cache
    is keyed by the analyzer's description) makes highlighting a page cheap.
    Another kind of analyzer is run whole on each text.
    """

    def __init__(self, analyzer):
        self.analyzer = analyzer
        items = getattr(analyzer, "items", None)
        tokenizer = items[0] if items else None
        self.expression = tokenizer.expression if isinstance(tokenizer, RegexTokenizer) and not tokenizer.gaps else None
        self.key = _DESCRIPTIONS.get(analyzer) if self.expression is not None else None
        # a regex tokenizer and one memoizing chain: a word's terms are the chain's texts of it, already kept
        self._memo = items[1] if self.expression is not None and len(items) == 2 and type(items[1]) is MemoFilters \
            else None
        self._sets = _WORD_SETS.setdefault(self.key, DictCache(_WORD_TERMS_LIMIT))  # used only with a key
        self._forms = _WORD_FORMS.setdefault(self.key, Forms())  # the same words by their terms

    def word_terms(self, word: str) -> tuple[str, ...]:
        """Return the terms the analyzer makes of one word (none for a stop word)."""
        found = _WORD_TERMS.get((self.key, word))
        if found is None:
            found = self._terms_of(word)
            _WORD_TERMS.put((self.key, word), found)
        return found

    def _terms_of(self, word: str) -> tuple[str, ...]:
        """Return the terms the analyzer makes of one word, not kept here (a memoizing chain keeps its own)."""
        if self._memo is not None and _whole_word(self.expression, word):
            return tuple(dict.fromkeys(self._memo.texts_of(word)))
        return tuple(dict.fromkeys(t.text for t in self.analyzer(word, mode="index")))

    def positions(self, text: str) -> list[tuple[int, frozenset, int, int]]:
        """Analyze ``text``: a list of ``(position, terms, start, end)``, one per position, in order."""
        if self.expression is None:
            return _positions(self.analyzer, text)
        return _numbered(*self.words(text))

    def words(self, text: str) -> tuple[tuple[frozenset, ...], array]:
        """Return the terms of each word of ``text`` that makes some, in order (:meth:`word_set`), and their spans,
        one after the other in an array: ``start, end, start, end …``.

        The words of the texts last read are kept (:data:`_TEXT_WORDS`): the
        paragraphs a search shows are often shown again, by other searches.
        The sets are shared with :data:`_WORD_SETS`, and the spans take four
        bytes each, so a paragraph of forty words takes under a kilobyte.
        """
        key = (self.key, text)
        found = _TEXT_WORDS.get(key)
        if found is None:
            matches = list(self.expression.finditer(text))
            sets = self._sets.get_many(map(_GROUP, matches))
            if None in sets:  # words not met yet
                sets = [terms if terms is not None else self._new_set(match.group())
                        for terms, match in zip(sets, matches)]
            found = _kept(sets, matches)
            _TEXT_WORDS.put(key, found)
        return found

    def word_set(self, word: str) -> frozenset:
        """Return the terms the analyzer makes of one word, as a set (empty for a stop word).

        The sets are kept by word (:data:`_WORD_SETS`); the words' terms are
        not kept again in :data:`_WORD_TERMS` (never asked for while marking).
        """
        terms = self._sets.get(word)
        return terms if terms is not None else self._new_set(word)

    def _new_set(self, word: str) -> frozenset:
        """Return :meth:`word_set` of a word not kept yet, now kept, and its forms (:class:`Forms`)."""
        terms = frozenset(self._terms_of(word))
        with _LEARNING:
            sets, forms = self._sets, self._forms
            for term in terms:
                forms.by_term[term] = (*forms.by_term.get(term, ()), word)
            forms.learned += 1
            dropped = sets.limit is not None and len(sets) >= sets.limit  # by the put: the forms go with them
            sets.put(word, terms)
            if dropped:  # counted first: a reader that read the count before sees it change, whatever it read
                forms.learned += 1
                forms.by_term = {term: (word,) for term in terms}
        return terms

    def given(self, text: str, terms: list[tuple[str, ...]]) -> tuple[tuple[frozenset, ...], array] | None:
        """Return :meth:`words` of ``text`` read from the ``terms`` of each of its positions, as an index keeps them
        (positions from the first word that makes some to the last, none where a word makes none), or None when
        they cannot be those of its words.

        A word's terms are all at its position (one memoizing chain after the
        tokenizer), so when the positions are as many as the words the
        tokenizer finds, the first word is at the first position and each word
        at its own, whether the chain numbers the positions again when it drops
        a word (then no word was dropped) or not (a dropped word's position has
        no terms).  The words are not kept (:data:`_TEXT_WORDS`): whoever gave
        them has them.
        """
        if self._memo is None:
            return None
        matches = list(self.expression.finditer(text))
        if len(matches) != len(terms):
            return None
        return _kept(list(map(frozenset, terms)), matches)

    def marked(self, text: str, tables, given: list[tuple[str, ...]] | None = None) -> list[list[tuple[int, int]]]:
        """Return, for each :class:`FieldTerms` of ``tables`` (None: nothing asked), the spans of ``text`` it marks.

        Without phrases a word is marked or not whatever its neighbours: the
        spans are those of the words whose terms meet the query's, read from
        :meth:`words` (the positions are built only for phrases), or from the
        terms ``given`` at each position (see :meth:`given`).
        """
        tables = [t if t else None for t in tables]
        words = self.given(text, given) if given is not None else None
        phrases = any(t is not None and t.phrases for t in tables)
        if words is None and (self.expression is None or phrases):
            tokens = self.positions(text)
        elif phrases:
            tokens = _numbered(*words)
        elif words is None:
            return self._scanned(text, tables)
        else:
            sets, spans = words
            return [_word_spans(sets, spans, t) if t is not None else [] for t in tables]
        return [token_spans(tokens, t) if t is not None else [] for t in tables]

    def _scanned(self, text: str, tables) -> list[list[tuple[int, int]]]:
        """Return :meth:`marked` of ``text`` (phrases aside), its words read once and judged as a set.

        When the text's words are all met already, the words that make a table's whole terms are those of the
        terms' forms (:meth:`~indexer.search.highlight.FieldTerms.words_taken`, per query), as :class:`Forms`
        says when; else (new words, prefixes, patterns, fuzzy terms) each word's terms are judged.  Most words
        of a text make none of a query's terms, and a page's paragraphs share many words: no word is looked
        at alone but to find the spans of those taken.  The text's words are not kept (:meth:`words` keeps them).
        """
        out: list[list[tuple[int, int]]] = [[] for _ in tables]
        matches = list(self.expression.finditer(text))  # the tokenizer's is a long pattern: one scan
        words = list(map(_GROUP, matches))
        forms = self._forms
        learned = forms.learned  # before the look-up (see Forms)
        sets = self._sets.get_many(words)
        met = None not in sets
        if not met:  # words not met yet: met now, and looked up again (they may have been dropped meanwhile)
            sets = [terms if terms is not None else self._new_set(word) for terms, word in zip(sets, words)]
            learned = forms.learned
            met = None not in self._sets.get_many(words)
        distinct = set(words)
        for table, found in zip(tables, out):
            if table is None:
                continue
            hits = None
            if met and table.whole_terms:
                hits = distinct.intersection(table.words_taken(forms, learned))
                if forms.learned != learned:  # words met meanwhile: their forms may be missing
                    hits = None
            if hits is None:
                takes = table.takes
                hits = {word for word, terms in zip(words, sets) if takes(terms)}
            if hits:
                found.extend([match.span() for word, match in zip(words, matches) if word in hits])
        return out


def words_bytes(sets: tuple, spans: array) -> int:
    """Return about what a text's words (:meth:`Analysis.words`) take in memory, their sets aside (shared)."""
    return 300 + 8 * len(sets) + spans.itemsize * len(spans)


def _word_spans(sets: tuple, spans: array, terms) -> list[tuple[int, int]]:
    """Return the spans of the words whose ``sets`` of terms ``terms`` (a :class:`FieldTerms`, phrases aside) match."""
    if terms.prefixes or terms.patterns or terms.fuzzy:
        found = [k for k, group in enumerate(sets) if terms.matches_any(group)]
    else:  # whole terms only: a set operation per word
        wanted = terms.terms
        found = [k for k, group in enumerate(sets) if not wanted.isdisjoint(group)]
    return [(spans[2 * k], spans[2 * k + 1]) for k in found]


_GROUP, _SPAN = re.Match.group, re.Match.span


def _kept(sets: list, matches: list) -> tuple[tuple[frozenset, ...], array]:
    """Return the words the tokenizer found (``matches``) that make some terms (their ``sets``): their sets, and
    their spans one after the other (see :meth:`Analysis.words`)."""
    if all(sets):  # no stop word
        return tuple(sets), array("I", chain.from_iterable(map(_SPAN, matches)))
    kept = [k for k, terms in enumerate(sets) if terms]
    return tuple(sets[k] for k in kept), array("I", chain.from_iterable(matches[k].span() for k in kept))


def _numbered(sets: tuple, spans: array) -> list[tuple[int, frozenset, int, int]]:
    """Return a text's words (:meth:`Analysis.words`) as its positions: ``(position, terms, start, end)`` each."""
    return list(zip(range(len(sets)), sets, spans[0::2], spans[1::2]))


def _whole_word(expression, word: str) -> bool:
    """Tell whether the tokenizer's ``expression`` reads ``word``, alone, as one token: the word itself."""
    match = expression.match(word)
    return match is not None and match.end() == len(word)


_DESCRIPTIONS = declare("search.descriptions", PerObject(describe), bound=None, unit="analyzers",
                        eviction=PER_OBJECT, invalidated_by=DEATH)  # analyzer -> describe(analyzer)


def _positions(analyzer, text: str) -> list[tuple[int, frozenset, int, int]]:
    """Analyze ``text`` with the whole analyzer: ``(position, terms, start, end)`` per position."""
    groups: dict[int, tuple[set, list]] = {}
    for t in analyzer(text, positions=True, chars=True, mode="index"):
        terms, span = groups.setdefault(t.pos, (set(), [t.startchar, t.endchar]))
        terms.add(t.text)
        span[0], span[1] = min(span[0], t.startchar), max(span[1], t.endchar)
    return [(pos, frozenset(terms), span[0], span[1]) for pos, (terms, span) in sorted(groups.items())]


def _phrase_spans(tokens, words: tuple, slop: int):
    """Yield the character spans where the phrase ``words`` occurs in ``tokens``."""
    if not words:
        return
    by_pos = {pos: (terms, start, end) for pos, terms, start, end in tokens}
    gap = max(1, slop)
    for pos, terms, start, _ in tokens:
        if not words[0] & terms:
            continue
        current, end = pos, by_pos[pos][2]
        for alternatives in words[1:]:
            nxt = next((p for p in range(current + 1, current + gap + 1)
                        if p in by_pos and alternatives & by_pos[p][0]), None)
            if nxt is None:
                break
            current, end = nxt, by_pos[nxt][2]
        else:
            yield start, end


def token_spans(tokens, terms) -> list[tuple[int, int]]:
    """Return the character spans of the analyzed ``tokens`` (see :meth:`Analysis.positions`) that ``terms`` match."""
    if terms.prefixes or terms.patterns or terms.fuzzy:
        found = [(start, end) for _, group, start, end in tokens if terms.matches_any(group)]
    else:  # whole terms only: a set operation per position
        wanted = terms.terms
        found = [(start, end) for _, group, start, end in tokens if not wanted.isdisjoint(group)]
    for words, slop in terms.phrases:
        found.extend(_phrase_spans(tokens, words, slop))
    return found
