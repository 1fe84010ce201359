"""Lexical units of a text, as the index analyzes it: the words of one language, single and in runs.

A *unit* is what the bilingual lexicon translates: one analyzed term (an
English stem such as ``migrant``, a Russian lemma such as ``мигрант``) or a run
of two or more consecutive words written as their first terms joined by a space
(``smuggle migrant``, ``незаконный ввоз мигрант``).  Stop words take no
position in a unit (they have one in the index, for phrases), so ``smuggling of
migrants`` is the run ``smuggle migrant``.  Only
words of the unit's language count: numbers, symbols and words in the other
script break a run and are never units (they are the same in both languages).

>>> reader = UnitReader("ru")
>>> [t.terms if t else None for t in reader.tokens("Незаконный ввоз мигрантов в 2012 году")]
[('незаконный',), ('ввоз',), ('мигрант',), None, ('год',)]
>>> sorted(reader.units("незаконный ввоз мигрантов", runs=2))
['ввоз', 'ввоз мигрант', 'мигрант', 'незаконный', 'незаконный ввоз']
>>> UnitReader("en").key("Smuggling of Migrants")
'smuggle migrant'
"""

from __future__ import annotations

import operator
from typing import NamedTuple

from analyzers.filters import fold_yo, is_plain_word, token_script
from analyzers.stopwords import ALL as STOP_WORDS
from analyzers.scripts import CYRILLIC, LATIN
from indexer.analysis import Analysis
from indexer.lexicon.model import OTHER, SEPARATOR, length  # noqa: F401 - the units' keys, as the lexicon keeps them
from indexer.engine.schema import TEXT_FIELDS, default_schema
from indexer.caches.dict_cache import DictCache
from indexer.caches.registry import CLEAR_WHEN_FULL, DEATH, LRU, NEVER, Members, declare

SCRIPTS = {"en": LATIN, "ru": CYRILLIC}
MIN_CHARS = 2
WORDS_KEPT = 1_000_000  # words whose terms a reader remembers
_WORDS = declare("lexicon.unit_words", Members(), bound=WORDS_KEPT, unit="words per reader",
                 eviction=CLEAR_WHEN_FULL, invalidated_by=DEATH)  # each reader's words -> their word terms
_UNKNOWN = object()
_GROUP = operator.methodcaller("group")


class Token(NamedTuple):
    """One word position of a text: its terms (most likely first) and where it is."""

    terms: tuple[str, ...]
    start: int
    end: int


declare("lexicon.default_schema", default_schema, bound=1, eviction=LRU, invalidated_by=NEVER)


def is_stop_word(word: str) -> bool:
    """Tell whether a word as written is a stop word: indexed for phrases, never a unit of the lexicon."""
    return fold_yo(word.lower()) in STOP_WORDS


def is_word_term(term: str, lang: str) -> bool:
    """Tell whether an analyzed term is a word of ``lang`` (not a number, symbol or foreign word)."""
    return len(term) >= MIN_CHARS and is_plain_word(term) and token_script(term) == SCRIPTS[lang]


class UnitReader:
    """Reads the units of texts in one language with the analyzer of that language's index field."""

    def __init__(self, lang: str, schema=None):
        if lang not in TEXT_FIELDS:
            raise ValueError(f"no analyzed field for language {lang!r}")
        self.lang = lang
        self.field = TEXT_FIELDS[lang]
        self.analysis = Analysis((schema or default_schema())[self.field].analyzer)
        self._words = _WORDS.add(DictCache(WORDS_KEPT + 1))  # all dropped past WORDS_KEPT

    def _word(self, word: str) -> tuple[str, ...] | None:
        """Return the word terms of one word ((): a stop word; None: not a word of this language)."""
        if is_stop_word(word):
            self._words.put(word, ())
            return ()
        terms = self.analysis.word_terms(word)
        words = tuple(t for t in terms if is_word_term(t, self.lang))
        found = None if terms and not words else words
        self._words.put(word, found)
        return found

    def tokens(self, text: str) -> list[Token | None]:
        """Return the word positions of ``text`` in order; None stands for a number, symbol or foreign word."""
        out: list[Token | None] = []
        known = self._words
        for match in self.analysis.expression.finditer(text):
            word = match.group()
            terms = known.get(word, _UNKNOWN)
            if terms is _UNKNOWN:
                terms = self._word(word)
            if terms is None:
                out.append(None)
            elif terms:
                out.append(Token(terms, match.start(), match.end()))
        return out

    def segments(self, text: str) -> list[list[Token]]:
        """Return the runs of consecutive words of ``text`` (numbers, symbols and foreign words end a run)."""
        out: list[list[Token]] = [[]]
        for token in self.tokens(text):
            if token is None:
                if out[-1]:
                    out.append([])
            else:
                out[-1].append(token)
        return [segment for segment in out if segment]

    def word_segments(self, text: str) -> list[tuple[list, list, list]]:
        """Return the runs of consecutive words of ``text`` as :meth:`segments` does, each as three lists: its
        words' terms, where each begins and where each ends."""
        matches = list(self.analysis.expression.finditer(text))
        found = self._words.get_many(map(_GROUP, matches), _UNKNOWN)
        out: list[tuple[list, list, list]] = []
        terms_of = starts = ends = None
        for match, terms in zip(matches, found):
            if terms is _UNKNOWN:
                terms = self._word(match.group())
            if terms is None:
                terms_of = None
            elif terms:
                if terms_of is None:
                    terms_of, starts, ends = [], [], []
                    out.append((terms_of, starts, ends))
                start, end = match.span()
                terms_of.append(terms)
                starts.append(start)
                ends.append(end)
        return out

    def units(self, text: str, runs: int = 1) -> set[str]:
        """Return the units of ``text``: every word term, and runs of 2 … ``runs`` words."""
        tokens = self.tokens(text)
        found = {term for t in tokens if t is not None for term in t.terms}
        for n in range(2, runs + 1):
            found.update(run_keys(tokens, n))
        return found

    def key(self, text: str) -> str | None:
        """Return the unit a whole phrase makes (its words' first terms), or None if it has no words."""
        tokens = self.tokens(text)
        if not tokens or any(t is None for t in tokens):
            return None
        return SEPARATOR.join(t.terms[0] for t in tokens)


def run_keys(tokens: list[Token | None], n: int):
    """Yield the keys of the runs of ``n`` consecutive words (first terms) in ``tokens``."""
    for i in range(len(tokens) - n + 1):
        window = tokens[i:i + n]
        if all(t is not None for t in window):
            yield SEPARATOR.join(t.terms[0] for t in window)


def run_spans(tokens: list[Token | None], n: int):
    """Yield ``(key, start, end)`` for the runs of ``n`` consecutive words in ``tokens``."""
    for i in range(len(tokens) - n + 1):
        window = tokens[i:i + n]
        if all(t is not None for t in window):
            yield SEPARATOR.join(t.terms[0] for t in window), window[0].start, window[-1].end


def _whole(terms: list[str]) -> list[str]:
    """Return the terms of one position, a compound's closed spelling left out (``secretarygeneral``): one unit."""
    return [t for t in terms if "-" in t] if any("-" in t for t in terms) else terms


def term_units(term: str) -> list[tuple[str, str]]:
    """Return the units a term may be, as ``(lang, key)``: each lemma of one word, or the key of a phrase.

    The term is read as a query is: a hyphenated word stays whole.

    >>> term_units("Вена")
    [('ru', 'вена'), ('ru', 'вено')]
    >>> term_units("smuggling of migrants"), term_units("Secretary-General")
    ([('en', 'smuggle migrant')], [('en', 'secretary-general')])
    """
    out = []
    for lang, field in TEXT_FIELDS.items():
        positions: dict[int, list[str]] = {}
        for t in default_schema()[field].analyzer(term, mode="query", positions=True):
            positions.setdefault(t.pos, []).append(t.text)
        words = [_whole([w for w in dict.fromkeys(terms) if is_word_term(w, lang)])
                 for _, terms in sorted(positions.items())]
        if not words or not all(words):
            continue
        if len(words) == 1:
            out.extend((lang, key) for key in words[0])
        else:
            out.append((lang, SEPARATOR.join(w[0] for w in words)))
    return out
