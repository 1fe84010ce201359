"""The words of a query as the order of hits reads them: each word's terms in the positional fields and its forms.

:func:`query_words` reads the parsed query (without normalization, so that each
word is still one group of its terms): a word typed is a :class:`Word` of its
terms in ``text_en``/``text_ru`` and the forms the exact field makes of it; a
phrase gives a word per position, a stop word's position without forms; words
under NOT are left out.  :mod:`indexer.search.ranking` orders hits by them,
and the translations of a search across languages are words alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as Q

from analyzers import stopwords
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS
from indexer.search import query as query_language
from indexer.search.query_words import spelled_apart


@dataclass(frozen=True)
class Word:
    """One word of a query: the terms it looks for in the positional fields, and the forms typed."""

    terms: tuple[tuple[str, str], ...]  # (field, term) in text_en / text_ru
    forms: tuple[str, ...]  # as the exact field holds them



def query_words(schema, text: str, lang: str) -> tuple[Word, ...]:
    """Return the words of a query in the order typed, those under NOT left out (none for a query of filters)."""
    text = text.strip()
    if not text:
        return ()
    try:
        parsed = query_language.parse_query(text, schema, lang, normalize=False)
    except query_language.QueryError:
        return ()
    words: list[tuple[int, Word]] = []
    _collect(parsed, schema, query_language.rewrite(text), words)  # the parsed nodes' offsets are in it
    return tuple(w for _, w in sorted(words, key=lambda pair: pair[0]))


def _collect(node, schema, text: str, out: list) -> None:
    """Add the words of a parsed query node to ``out`` as ``(start, Word)``."""
    if isinstance(node, Q.Not):
        return
    if isinstance(node, Q.AndNot):
        _collect(node.a, schema, text, out)
        return
    start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
    alternatives = _alternatives(node) if isinstance(node, Q.Or) else []
    if len(alternatives) > 1:  # the query's OR: each alternative is a word (or phrase) of its own
        for part in alternatives:
            _collect(part, schema, text, out)
        return
    if start is not None and end is not None and _is_word(node):
        forms = [node.text] if type(node) is Q.Term and node.fieldname == EXACT_FIELD else \
            _forms(schema, text[start:end])
        phrases = _phrase_positions(node)
        if phrases is not None:
            placed = _forms_at(forms, phrases)
            out.extend((start + k / 100, Word(terms, placed[k])) for k, terms in enumerate(phrases)
                       if placed[k] is not None)
        else:
            out.append((start, Word(_terms(node), tuple(forms))))
        return
    if not node.is_leaf():
        for child in node.children():
            _collect(child, schema, text, out)


def _alternatives(node) -> list:
    """Return the parts of an OR that stand for different pieces of the query (by the characters they come from).

    The parser puts a word's terms in each field, and the alternatives typed
    with OR, into one OR; the terms of one word share its characters.
    """
    spans: dict[tuple, list] = {}
    for child in node.subqueries:
        span = (getattr(child, "startchar", None), getattr(child, "endchar", None))
        spans.setdefault(span if None not in span else (node.startchar, node.endchar), []).append(child)
    if len(spans) < 2:
        return []
    out = []
    for (start, end), children in spans.items():
        if len(children) == 1 and getattr(children[0], "startchar", None) == start:
            out.append(children[0])
        else:  # a new node: the parsed query is shared and stays as it is
            part = Q.Or(children)
            part.startchar, part.endchar = start, end
            out.append(part)
    return out


_WORD_FIELDS = frozenset(TEXT_FIELDS.values()) | {EXACT_FIELD}


def _is_word(node) -> bool:
    """Tell whether a node is one word or phrase of the query (its terms in the fields), not a combination."""
    if isinstance(node, Q.Sequence):
        return True
    if isinstance(node, (Q.Term, Q.Phrase, Q.PatternQuery, Q.FuzzyTerm)):
        return node.fieldname in _WORD_FIELDS
    return isinstance(node, Q.Or) and all(_is_word(child) for child in node.subqueries)


def _terms(node) -> tuple[tuple[str, str], ...]:
    """Return the (field, term) pairs of a word's plain terms in the positional fields."""
    if type(node) is Q.Term:
        return ((node.fieldname, node.text),) if node.fieldname in TEXT_FIELDS.values() else ()
    if isinstance(node, Q.Or):
        return tuple(pair for child in node.subqueries for pair in _terms(child))
    return ()


def _forms_at(forms: list[str], phrases: list[tuple[tuple[str, str], ...]]) -> list[tuple[str, ...] | None]:
    """Return the form typed at each position of a phrase; None at a stop word, which the exact field leaves out
    (the phrase itself keeps it in its place; the order of hits counts the other words)."""
    if len(forms) == len(phrases):
        return [(form,) for form in forms]
    stops = [all(term in stopwords.ALL for _, term in terms) for terms in phrases]
    if stops.count(False) != len(forms):
        return [()] * len(phrases)
    given = iter(forms)
    return [None if stop else (next(given),) for stop in stops]


def _phrase_parts(node) -> list:
    """Return the phrases a node stands for: itself, or those among its alternatives (a joined spelling aside)."""
    if spelled_apart(node):  # a closed word typed, found also written apart: a word, not a phrase
        return []
    if isinstance(node, (Q.Phrase, Q.Sequence)):
        return [node]
    if isinstance(node, Q.Or):
        return [part for child in node.subqueries for part in _phrase_parts(child)]
    return []


def _phrase_positions(node) -> list[tuple[tuple[str, str], ...]] | None:
    """Return the terms at each position of a phrase (all its fields together), or None if ``node`` is no phrase.

    The phrase as typed has the most positions: a spelling with two of its
    words joined into a compound (``"of non-governmental organizations"`` for
    ``"of non governmental organizations"``) has one fewer, and is left out.
    """
    parts = _phrase_parts(node)
    if not parts:
        return None
    fields = []
    for p in parts:
        if isinstance(p, Q.Phrase):
            fields.append([((p.fieldname, w),) for w in p.words])
        else:
            fields.append([_terms(s) for s in p.subqueries])
    longest = max(len(f) for f in fields)
    fields = [f for f in fields if len(f) == longest]
    return [tuple(pair for f in fields for pair in f[k]) for k in range(longest)]


def _forms(schema, text: str) -> list[str]:
    """Return the forms the exact field makes of a piece of the query (``=word`` and quotes aside)."""
    if EXACT_FIELD not in schema:
        return []
    cleaned = text.replace('"', " ").lstrip("=")
    if "*" in cleaned or "?" in cleaned or "~" in cleaned:
        return []
    return [t.text for t in schema[EXACT_FIELD].analyzer(cleaned, mode="query")]
