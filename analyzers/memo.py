"""Memoized filter chains: each distinct word form goes through the filters once per process.

A Whoosh analyzer streams every token through every filter, one generator
after another, for every occurrence of every word; UN text repeats a small
vocabulary endlessly.  :class:`MemoFilters` wraps the filters that follow the
tokenizer: at index time it runs them once per distinct token text, remembers
the texts they made of it (none for a stop word; several for a compound or an
ambiguous Russian form), and replays them for later occurrences, renumbering
positions exactly as the chain's :class:`~whoosh.analysis.StopFilter` would.

That is only correct for filters that look at one token at a time and keep
the token's position and offsets (every filter of this package does), which
``tests/test_analyzers.py`` checks against the plain chain on any text.  At
query time, and when stop words are kept, the plain chain runs.
"""

from __future__ import annotations

from itertools import chain

from whoosh.analysis import CompositeAnalyzer, Filter, RegexTokenizer, StopFilter, Token

CACHE_LIMIT = 300_000  # distinct word forms remembered per chain before the memory is cleared


class MemoFilters(Filter):
    """Run a chain of per-token filters once per distinct token text at index time, and replay the result."""

    def __init__(self, *filters: Filter):
        self.filters = tuple(filters)
        self._cache: dict[str, tuple[str, ...]] = {}

    @property
    def renumbers(self) -> bool:
        """Whether the chain renumbers positions when it drops a token (a stop filter does)."""
        return any(isinstance(f, StopFilter) and f.renumber for f in self.filters)

    def __eq__(self, other):
        return type(other) is type(self) and other.filters == self.filters

    def __getstate__(self):
        return {"filters": self.filters}

    def __setstate__(self, state):
        self.filters = tuple(state["filters"])
        self._cache = {}

    def _chain(self, tokens):
        for f in self.filters:
            tokens = f(tokens)
        return tokens

    def outputs(self, text: str, mode: str = "index") -> tuple[str, ...]:
        """Return the texts the chain makes of one token ``text``: () for a dropped token."""
        token = Token(positions=False, chars=False, removestops=True, mode=mode)
        token.text = text
        return tuple(t.text for t in self._chain(iter((token,))))

    def texts_of(self, text: str) -> tuple[str, ...]:
        """Return :meth:`outputs` of one token ``text`` at index time, from the cache when it is there."""
        cache = self._cache
        texts = cache.get(text)
        if texts is None:
            texts = self.outputs(text)
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            cache[text] = texts
        return texts

    def learn(self, words) -> int:
        """Run the chain on each of ``words`` not met yet (at index time), so later texts find them all; return how
        many were new (none when they would not all be kept: past :data:`CACHE_LIMIT` the memory is cleared)."""
        cache, texts_of = self._cache, self.texts_of
        new = [word for word in dict.fromkeys(words) if word not in cache]
        if len(cache) + len(new) >= CACHE_LIMIT:
            return 0
        for word in new:
            texts_of(word)
        return len(new)

    def adopt(self, other: "MemoFilters") -> int:
        """Take the words an equal chain ``other`` has met (what it made of them is what this one would make);
        return how many there were (0 for a chain that is not equal)."""
        if other is self or other != self or len(self._cache) + len(other._cache) > CACHE_LIMIT:
            return 0
        self._cache.update(other._cache)
        return len(other._cache)

    def __call__(self, tokens):
        tokens = iter(tokens)
        first = next(tokens, None)
        if first is None:
            return
        stream = chain((first,), tokens)
        if first.mode != "index" or not first.removestops:
            yield from self._chain(stream)
            return
        cache = self._cache
        texts_of = self.texts_of
        renumber = self.renumbers
        pos = None
        for t in stream:
            texts = cache.get(t.text)
            if texts is None:
                texts = texts_of(t.text)
            if not texts:
                continue
            if renumber and t.positions:
                pos = t.pos if pos is None else pos + 1
                t.pos = pos
            for text in texts:
                t.text = text
                yield t


def index_terms(analyzer, value, options: dict) -> list[tuple[str, int]] | None:
    """Return ``(text, position)`` of every token ``analyzer`` indexes of ``value``, without building tokens.

    The same texts and positions, in the same order, as running the analyzer
    with ``options`` (what Whoosh passes when it indexes a field), for an
    analyzer that is a plain :class:`~whoosh.analysis.RegexTokenizer` followed
    by one :class:`MemoFilters`, at index time with stop words removed; None
    for any other analyzer, value or options (then the analyzer has to run).
    """
    return _terms(analyzer, value, options, grouped=False)


def term_positions(analyzer, value, options: dict) -> dict[str, list[int]] | None:
    """Return the positions of each term ``analyzer`` indexes of ``value``, by term in the order terms first come:
    :func:`index_terms` grouped by text (None where it gives None)."""
    return _terms(analyzer, value, options, grouped=True)


def _terms(analyzer, value, options: dict, grouped: bool):
    """Return :func:`index_terms` of ``value`` (``grouped`` False) or :func:`term_positions` (True)."""
    items = getattr(analyzer, "items", None)
    if (type(analyzer) is not CompositeAnalyzer or len(items) != 2 or type(items[0]) is not RegexTokenizer
            or type(items[1]) is not MemoFilters or items[0].gaps or not isinstance(value, str)
            or options.get("mode") != "index" or not options.get("removestops", True)
            or options.get("start_pos", 0) or not options.get("tokenize", True)):
        return None
    memo = items[1]
    cache, texts_of = memo._cache, memo.texts_of
    renumber = memo.renumbers and options.get("positions", False)
    out = {} if grouped else []
    add = out.append if not grouped else None
    pos = None
    for i, word in enumerate(_words(items[0].expression, value)):
        texts = cache.get(word)
        if texts is None:
            texts = texts_of(word)
        if not texts:
            continue
        if renumber:
            pos = i if pos is None else pos + 1
        else:
            pos = i
        for text in texts:
            if add is not None:
                add((text, pos))
            elif text in out:
                out[text].append(pos)
            else:
                out[text] = [pos]
    return out


_last_words: tuple = (None, None, [])  # (expression, text, its words): a paragraph's fields share one text


def _words(expression, text: str) -> list[str]:
    """Return the matches of a tokenizer's ``expression`` in ``text``, kept for the next field of the same text."""
    global _last_words
    last_expression, last_text, words = _last_words
    if last_text is text and last_expression is expression:
        return words
    words = matches(expression, text)
    _last_words = (expression, text, words)
    return words


def matches(expression, text: str) -> list[str]:
    """Return the matches of a tokenizer's ``expression`` in ``text``: the tokens a regex tokenizer cuts."""
    return [m.group(0) for m in expression.finditer(text)] if expression.groups else expression.findall(text)
