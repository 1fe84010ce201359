"""Highlighting: the words of a paragraph that a query matched, wrapped in ``<mark>``, the rest escaped.

A word is marked when the terms the field's analyzer makes of it meet the
query's terms for that field: a Russian paragraph is read with the ``text_ru``
analyzer (lemmas), an English one with ``text_en`` (lemmas), and every paragraph
with the ``exact`` analyzer for ``=word``.  So ``мигрант`` marks ``мигрантов``
and ``мигрантам``, while ``=мигрантов`` marks only that form.  A phrase is
marked where its words follow each other, as one span; words under ``NOT``
are never marked.  Offsets come from the tokenizer every analyzer starts
with, so the marks wrap the exact source spans; each distinct word is
analyzed once (:class:`~indexer.analysis.Analysis`), and the words met are kept
by the terms they make (:class:`~indexer.analysis.Forms`), so the words of a
paragraph that a query's whole terms take are one set intersection (a phrase's
paragraph is read position by position, its words kept for the paragraphs last shown).

>>> from indexer.engine.schema import build_schema
>>> from indexer.search.query import parse_query
>>> schema = build_schema()
>>> str(Highlighter(parse_query("мигрант", schema), schema).html("мигрантов и мигрантам", "ru"))
'<mark>мигрантов</mark> и <mark>мигрантам</mark>'
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh import query as Q

from analyzers.scripts import CYRILLIC, dominant_script
from indexer.analysis import Analysis, token_spans
from indexer.engine import engine
from indexer.engine.opensearch.mapping import position_terms
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS

HIGHLIGHT_FIELDS = frozenset(TEXT_FIELDS.values()) | {EXACT_FIELD}


@dataclass
class FieldTerms:
    """What a query looks for in one analyzed field."""

    terms: set = field(default_factory=set)
    prefixes: set = field(default_factory=set)
    patterns: list = field(default_factory=list)  # compiled regexes of wildcards
    fuzzy: list = field(default_factory=list)  # (text, maxdist, prefixlength)
    phrases: list = field(default_factory=list)  # (tuple of frozensets of alternatives, slop)
    _seen: dict = field(default_factory=dict, repr=False, compare=False)
    _seen_groups: dict = field(default_factory=dict, repr=False, compare=False)
    _taken: dict = field(default_factory=dict, repr=False, compare=False)  # Forms -> (its count, words taken)

    def matches(self, term: str) -> bool:
        """Tell whether one analyzed term of the text is a term the query looks for (phrases aside)."""
        found = self._seen.get(term)
        if found is None:
            found = self._seen[term] = self._matches(term)
        return found

    def _matches(self, term: str) -> bool:
        if term in self.terms or (self.prefixes and term.startswith(tuple(self.prefixes))):
            return True
        if any(p.match(term) for p in self.patterns):
            return True
        return any(term[:n] == text[:n] and engine().edit_distance(term, text, maxdist + 1) <= maxdist
                   for text, maxdist, n in self.fuzzy)

    def matches_any(self, group) -> bool:
        """Tell whether any term of one position's ``group`` (a frozenset) is one the query looks for."""
        found = self._seen_groups.get(group)
        if found is None:
            seen, found = self._seen, False
            for term in group:  # as :meth:`matches`, inline: a text's groups are many
                one = seen.get(term)
                if one is None:
                    one = seen[term] = self._matches(term)
                if one:
                    found = True
                    break
            self._seen_groups[group] = found
        return found

    @property
    def whole_terms(self) -> bool:
        """Whether the query looks for whole terms only here (no prefix, pattern or fuzzy term; phrases aside)."""
        return not (self.prefixes or self.patterns or self.fuzzy)

    def takes(self, group) -> bool:
        """Tell whether a word whose terms are ``group`` (a frozenset) is one the query looks for (phrases aside)."""
        return self.matches_any(group) if self.prefixes or self.patterns or self.fuzzy else \
            not self.terms.isdisjoint(group)

    def words_taken(self, forms, learned: int) -> set:
        """Return the words met of an analyzer that make a term the query looks for (whole terms only): the forms
        of the terms in ``forms`` (its :class:`~indexer.analysis.Forms`, read when it counted ``learned``),
        gathered again only when that count has moved."""
        found = self._taken.get(forms)
        if found is None or found[0] != learned:
            by_term = forms.by_term
            found = self._taken[forms] = (learned, set().union(*(by_term.get(term, ()) for term in self.terms)))
        return found[1]

    def may_match(self, tokens: str) -> bool:
        """Tell whether some word of a text may be one the query looks for, given its terms in ``tokens``, a string
        that has each of them (False: none is; patterns and fuzzy terms may always match)."""
        if self.patterns or self.fuzzy:
            return True
        return (any(term in tokens for term in self.terms) or any(prefix in tokens for prefix in self.prefixes)
                or any(term in tokens for words, _ in self.phrases if words for term in words[0]))

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.patterns or self.fuzzy or self.phrases)


def positive_leaves(q):
    """Yield the leaves of a query that a matching text contains: not those under ``NOT``.

    Phrases and sequences are yielded whole.
    """
    if isinstance(q, Q.Not):
        return
    if isinstance(q, Q.AndNot):
        yield from positive_leaves(q.a)
        return
    if isinstance(q, (Q.Phrase, Q.Sequence)) or q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from positive_leaves(child)


def _alternatives(q) -> frozenset:
    """Return the words one position of a sequence accepts (a term, or an OR of terms)."""
    if isinstance(q, Q.Term):
        return frozenset([q.text])
    return frozenset(t.text for t in q.leaves() if isinstance(t, Q.Term) and isinstance(t.text, str))


def query_terms(q) -> dict[str, FieldTerms]:
    """Return, per analyzed field, what the query ``q`` looks for."""
    out: dict[str, FieldTerms] = {}
    for leaf in positive_leaves(q):
        name = getattr(leaf, "fieldname", None)
        if name not in HIGHLIGHT_FIELDS:
            if isinstance(leaf, Q.Sequence):
                name = next((t.fieldname for t in leaf.leaves() if getattr(t, "fieldname", None)), None)
            if name not in HIGHLIGHT_FIELDS:
                continue
        terms = out.setdefault(name, FieldTerms())
        if isinstance(leaf, Q.Phrase):
            terms.phrases.append((tuple(frozenset([w]) for w in leaf.words), leaf.slop))
        elif isinstance(leaf, Q.Sequence):
            terms.phrases.append((tuple(_alternatives(s) for s in leaf.subqueries), leaf.slop))
        elif isinstance(leaf, Q.FuzzyTerm):
            terms.fuzzy.append((leaf.text, int(leaf.maxdist), int(leaf.prefixlength)))
        elif isinstance(leaf, Q.Prefix):
            if leaf.text:
                terms.prefixes.add(leaf.text)
        elif isinstance(leaf, Q.Wildcard):
            if leaf.text.strip("*?"):
                terms.patterns.append(re.compile(fnmatch.translate(leaf.text)))
        elif isinstance(leaf, Q.Term) and isinstance(leaf.text, str):
            terms.terms.add(leaf.text)
    return {name: terms for name, terms in out.items() if terms}


def text_field_for(text: str, lang: str | None, doc_lang: str | None = None) -> str:
    """Return the analyzed field a paragraph's text went into (as :func:`indexer.build.records.text_field`)."""
    for code in (lang, doc_lang):
        if code in TEXT_FIELDS:
            return TEXT_FIELDS[code]
    return TEXT_FIELDS["ru"] if dominant_script(text) == CYRILLIC else TEXT_FIELDS["en"]


def spans(text: str, analysis, terms: FieldTerms) -> list[tuple[int, int]]:
    """Return the character spans of ``text`` that ``terms`` match, as ``analysis`` reads it.

    ``analysis`` is an :class:`~indexer.analysis.Analysis` or a Whoosh analyzer.
    """
    if not isinstance(analysis, Analysis):
        analysis = Analysis(analysis)
    return token_spans(analysis.positions(text), terms)


def merge(found: list[tuple[int, int]], text: str = "") -> list[tuple[int, int]]:
    """Merge overlapping or touching spans, and spans of ``text`` that only spaces separate.

    >>> merge([(5, 9), (0, 3), (2, 4), (9, 12)])
    [(0, 4), (5, 12)]
    >>> merge([(0, 3), (4, 7)], "abc def")
    [(0, 7)]
    """
    out: list[list[int]] = []
    for start, end in sorted(found):
        if out and (start <= out[-1][1] or (text and not text[out[-1][1]:start].strip(" "))):
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def mark(text: str, found, translated=()) -> Markup:
    """Return ``text`` escaped, with the spans ``found`` wrapped in ``<mark>``.

    Spans in ``translated`` that overlap none of ``found`` are wrapped in
    ``<mark class="tr">``: words that translate the query's words.

    >>> str(mark("a <b> c", [(2, 5)]))
    'a <mark>&lt;b&gt;</mark> c'
    >>> str(mark("migrants and smugglers", [(0, 8)], [(0, 8), (13, 22)]))
    '<mark>migrants</mark> and <mark class="tr">smugglers</mark>'
    """
    spans = [(start, end, False) for start, end in merge(list(found))]
    apart = [(start, end) for start, end in translated if not any(start < e and s < end for s, e, _ in spans)]
    spans += [(start, end, True) for start, end in merge(apart, text)]
    pieces, last = [], 0
    for start, end, is_translation in sorted(spans):
        pieces += (escape(text[last:start]), TRANSLATION_MARK if is_translation else PLAIN_MARK,
                   escape(text[start:end]), END_MARK)
        last = end
    pieces.append(escape(text[last:]))
    return Markup("".join(pieces))


PLAIN_MARK = "<mark>"
END_MARK = "</mark>"
TRANSLATION_MARK = '<mark class="tr">'


class Highlighter:
    """Marks what one parsed query matched in the paragraphs of its results.

    ``translated`` is the query with its translations (:mod:`indexer.search.translate`):
    the words it matches beyond the query's own are marked as translations.
    ``tokens`` gives, by text, the token strings of its analyzed fields as an
    OpenSearch index stores them (:mod:`~indexer.engine.opensearch.mapping`):
    a text's words are then read from them, not analyzed again (:meth:`~indexer.analysis.Analysis.given`).
    """

    def __init__(self, q, schema, translated=None, tokens: dict[str, dict[str, str]] | None = None):
        self.schema = schema
        self.terms = query_terms(q) if q is not None else {}
        self.translated = query_terms(translated) if translated is not None else {}
        self.analyses = {name: Analysis(schema[name].analyzer) for name in {*self.terms, *self.translated}}
        self.tokens = tokens or {}

    def spans(self, text: str, lang: str | None, doc_lang: str | None = None, *,
              translations: bool = False) -> list[tuple[int, int]]:
        """Return the merged character spans of ``text`` to mark (those of the translations, if asked)."""
        return self._both(text, lang, doc_lang)[1 if translations else 0]

    def _both(self, text: str, lang, doc_lang) -> tuple[list, list]:
        """Return the merged spans of the query's words and of their translations, each field read once."""
        own, translated = [], []
        stored = self.tokens.get(text)
        for name in (text_field_for(text, lang, doc_lang), EXACT_FIELD):
            tables = (self.terms.get(name), self.translated.get(name))
            if tables[0] or tables[1]:
                tokens = stored.get(name) if stored else None
                if tokens is None:
                    found, found_translated = self.analyses[name].marked(text, tables)
                elif not any(t and t.may_match(tokens) for t in tables):
                    continue  # none of the terms it looks for is among the text's
                else:
                    found, found_translated = self.analyses[name].marked(text, tables, position_terms(tokens))
                own += found
                translated += found_translated
        if not own and not translated:
            return [], []
        return merge(own, text), merge(translated, text)

    def html(self, text: str, lang: str | None, doc_lang: str | None = None) -> Markup:
        """Return ``text`` as HTML: escaped, the matched words in ``<mark>``, translations in ``<mark class="tr">``."""
        if not text:
            return Markup("")
        if not self.analyses:
            return escape(text)
        own, translated = self._both(text, lang, doc_lang)
        if not own and not translated:
            return escape(text)
        return mark(text, own, translated if self.translated else ())
