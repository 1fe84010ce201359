"""The query language: words in either language, phrases, operators, exact forms and filters.

Syntax (all words must match unless ``OR`` is used)::

    migrants smuggling      both words, any form (stems and lemmas)
    "such tools and"        a phrase
    migrants OR refugees    either
    NOT firearms, -firearms without
    migra*                  prefix (of lemmas and of the forms as written)
    smugling~               fuzzy (one edit)
    =мигрантов              exactly this form
    symbol:CTOC/COP/2012/*  a document symbol (wildcards allowed)
    lang:ru  year:2012  year:[2010 TO 2012]  kind:footnote

Each word is analyzed by the analyzer of each language field, so a query may
mix English and Russian words.  A Russian word with several possible lemmas
(``вен``) matches any of them.
"""

from __future__ import annotations

import re
import weakref

from whoosh.qparser import QueryParser, syntax
from whoosh.qparser.plugins import (BoostPlugin, FieldsPlugin, FuzzyTermPlugin, GroupPlugin, MultifieldPlugin,
                                     OperatorsPlugin, PhrasePlugin, WhitespacePlugin, WildcardPlugin)

from indexer.documents import KINDS
from indexer.errors import QueryError
from indexer.caches.dict_cache import DictCache
from indexer.caches.lru import LRUCache
from indexer.caches.per_object import PerObject
from indexer.caches.registry import DEATH, LRU, PER_OBJECT, declare
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS
from indexer.search.forms_plugins import FormsFuzzyTermPlugin, FormsPrefixPlugin
from indexer.search.multifield import QuickMultifieldPlugin
from indexer.search.phrase_plugins import AlternativesPhrasePlugin, SpacedCompoundPlugin
from indexer.search.patterns import pattern_problem
from indexer.search.spellings import as_written

MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 64
FILTER_FIELDS = ("symbol", "lang", "year", "kind", "exact", "number")
# "+word" and "-word" only where a word starts: the hyphen of "государства-члены" is part of the word.
_SIGN_RE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())[+-](?=[^\s+-])")
_FIELD_RE = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?=\S)")
_EXACT_RE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[(\-+]))=(?=[^\s=])")
PARSED_KEPT = 1024  # parsed queries kept per schema: a search parses its text for several purposes


def validate(text: str) -> None:
    """Raise :class:`QueryError` with the position of the problem if ``text`` is not a usable query."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    if len(text.split()) > MAX_QUERY_TERMS:
        raise QueryError(f"the query has too many terms ({len(text.split())}; at most {MAX_QUERY_TERMS})")
    quotes = [m.start() for m in re.finditer('"', text)]
    if len(quotes) % 2:
        raise QueryError("a phrase is not closed: add the closing \"", quotes[-1])
    depth = 0
    opened = []
    in_phrase = False
    for i, ch in enumerate(text):
        if ch == '"':
            in_phrase = not in_phrase
        elif in_phrase:
            continue
        elif ch == "(":
            opened.append(i)
        elif ch == ")":
            if not opened:
                raise QueryError("a closing parenthesis has no opening one", i)
            opened.pop()
    if opened:
        raise QueryError("a parenthesis is not closed", opened[-1])
    del depth
    stripped = _strip_phrases(text)
    for match in _FIELD_RE.finditer(stripped):
        name = match.group(1)
        if name.lower() not in FILTER_FIELDS:
            raise QueryError(
                f"unknown field {name!r}: use symbol:, lang:, year:, kind: or =word", match.start(1)
            )
        value = _VALUE_RE.match(stripped, match.end()).group(0)
        problem = _filter_problem(name.lower(), value)
        if problem:
            raise QueryError(problem, match.start(1))
    pattern = pattern_problem(text)
    if pattern:
        raise QueryError(*pattern)
    words = _WORDS_RE.findall(text)  # a phrase is one word here
    if words and all(w in _OPERATORS for w in words):
        raise QueryError(_OPERATORS[words[0]], stripped.index(words[0]))


# The query words that are operators, and what to say when a query holds nothing else.
_OPERATORS = {
    "NOT": "NOT needs a word after it (migrants NOT firearms); to find the word itself, write =not",
    "AND": "AND joins two words (migrants AND refugees); to find the word itself, write =and",
    "OR": "OR joins two words (migrants OR refugees); to find the word itself, write =or",
}
_WORDS_RE = re.compile(r'"[^"]*"|[^\s()"]+')
_VALUE_RE = re.compile(r"\[[^\]]*\]?|[^\s()]*")
_YEAR_RE = re.compile(r"\d{4}")
_YEARS_RE = re.compile(r"\[\s*(\d{4})?\s*TO\s*(\d{4})?\s*\]", re.IGNORECASE)  # an end may be open
_FILTER_VALUES = {"lang": ("en", "ru"), "kind": KINDS}


def _filter_problem(name: str, value: str) -> str | None:
    """Return what is wrong with a filter's value (``lang:xx``, ``kind:bogus``, ``year:20122``), or None.

    >>> _filter_problem("lang", "xx")
    "lang: takes en or ru, not 'xx'"
    >>> _filter_problem("year", "[2010 TO 2012]") is None
    True
    """
    if name in _FILTER_VALUES:
        allowed = _FILTER_VALUES[name]
        if value.lower() not in allowed:
            return f"{name}: takes {', '.join(allowed[:-1])} or {allowed[-1]}, not {value!r}"
    elif name == "year":
        if not (_YEAR_RE.fullmatch(value) or _YEARS_RE.fullmatch(value)):
            return f"year: takes a year (year:2012) or a range (year:[2010 TO 2012]), not {value!r}"
    return None


def _strip_phrases(text: str) -> str:
    """Blank out the inside of phrases (keeping offsets), where ``:`` is just text."""
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group(0)), text)


def rewrite(text: str) -> str:
    """Rewrite the user-facing shorthand into Whoosh syntax.

    ``=word`` → ``exact:word``; field names lower-cased; outside phrases, ``-word``
    → ``NOT word`` and ``+word`` → ``word`` (every word is required anyway), where
    the sign starts a word: the hyphen of ``государства-члены`` stays; a number
    written with spaces is one word; a symbol typed as a word also finds the
    document that bears it, first.

    >>> rewrite('smuggling (-firearms +explosives) "a -b" государства-члены')
    'smuggling (NOT firearms explosives) "a -b" государства-члены'
    >>> rewrite('$1 734 600 L.7/Rev.1 symbol:A/65/*')
    '$1734600 (L.7/Rev.1 OR (symbol:L.7/Rev.1 AND position:0)^10) symbol:A/65/*'
    """
    text = _outside_phrases(text, as_written)
    text = _EXACT_RE.sub(f"{EXACT_FIELD}:", text)
    text = _FIELD_RE.sub(lambda m: m.group(1).lower() + ":", text)
    return _outside_phrases(text, lambda part: _SIGN_RE.sub(lambda m: "NOT " if m.group(0) == "-" else "", part))


def _outside_phrases(text: str, change) -> str:
    """Apply ``change`` to the parts of ``text`` that are not inside quotes."""
    pieces = text.split('"')
    return '"'.join(change(piece) if k % 2 == 0 else piece for k, piece in enumerate(pieces))


# A query of words only: letters and whitespace, none of the words an operator of Whoosh's parser.
_PLAIN_TEXT = re.compile(r"\s*[^\W\d_]+(?:\s+[^\W\d_]+)*\s*")
_SPACES = re.compile(r"\s+")
_OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"})


class Parser(QueryParser):
    """Whoosh's query parser, tagging a query of words only without trying every tagger at every letter.

    Whoosh tags a text by trying each of its taggers (operators, fields,
    quotes, wildcards, whitespace …) at each position, moving on by one
    character where none matches: every letter of every word costs a dozen
    regular-expression matches, a third of parsing a short query.  In a text
    of letters and whitespace, with no word an operator, no tagger can match
    at a letter; so the taggers are tried, in their order, only where
    whitespace starts, and the nodes are those Whoosh's loop makes.

    The plugins' taggers and filters, which Whoosh gathers and sorts again for
    every query (compiling each field tagger's expression anew), are kept while
    the plugins stay the same.

    A text tagged as words and whitespace alone goes through the filters that
    act on those (:data:`_WORD_FILTERS`: spaced compounds, the copies of a word
    in each field, whitespace removed), in Whoosh's order; the others
    (:data:`_OTHER_FILTERS`) act only on nodes of their own taggers (groups,
    boosts, fuzzy and prefix marks, wildcards, field names, operators), which
    the text has none of.  A filter of any other plugin sends every text the
    whole way.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._gathered: dict[str, tuple] = {}  # "taggers" / "filters" -> (the plugins, what they gave)

    def taggers(self):
        return self._kept("taggers")

    def filters(self):
        return self._kept("filters")

    def filterize(self, nodes, debug=False):
        if debug or not all(type(node) in _WORD_NODES for node in nodes):
            return super().filterize(nodes, debug)
        plugins = tuple(self.plugins)
        found = self._gathered.get("word filters")
        if found is None or found[0] != plugins:
            found = self._gathered["word filters"] = (plugins, _word_filters(self.filters()))
        if found[1] is None:
            return super().filterize(nodes, debug)
        for f in found[1]:
            nodes = f(self, nodes)
        return nodes

    def _kept(self, methodname: str) -> list:
        """Return Whoosh's priorized taggers or filters, gathered again only when the plugins change."""
        plugins = tuple(self.plugins)
        found = self._gathered.get(methodname)
        if found is None or found[0] != plugins:
            found = self._gathered[methodname] = (plugins, self._priorized(methodname))
        return list(found[1])

    def tag(self, text, pos=0, debug=False):
        if pos or debug or not _PLAIN_TEXT.fullmatch(text) or not _OPERATOR_WORDS.isdisjoint(text.split()):
            return super().tag(text, pos, debug)
        taggers = self.taggers()
        stack, prev = [], 0
        for run in _SPACES.finditer(text):
            node = next((n for n in (t.match(self, text, run.start()) for t in taggers) if n is not None), None)
            if node is None or node.endchar != run.end():  # not as reasoned above: Whoosh's own loop decides
                return super().tag(text, pos, debug)
            if prev < run.start():
                stack.append(_word_node(text, prev, run.start()))
            stack.append(node)
            prev = node.endchar
        if prev < len(text):
            stack.append(_word_node(text, prev, len(text)))
        return self.group(stack)


_WORD_NODES = frozenset({syntax.WordNode, syntax.Whitespace})
_WORD_FILTERS = (SpacedCompoundPlugin, MultifieldPlugin, WhitespacePlugin)
_OTHER_FILTERS = (GroupPlugin, BoostPlugin, FuzzyTermPlugin, WildcardPlugin, FormsPrefixPlugin, FieldsPlugin,
                  OperatorsPlugin)


def _word_filters(filters: list) -> list | None:
    """Return the filters of ``filters`` that act on words and whitespace, in order; None if one is of a plugin
    not known to leave them alone."""
    kept = []
    for f in filters:
        plugin = getattr(f, "__self__", None)
        if isinstance(plugin, _WORD_FILTERS):
            kept.append(f)
        elif not isinstance(plugin, _OTHER_FILTERS):
            return None
    return kept


def _word_node(text: str, start: int, end: int) -> syntax.WordNode:
    """Return the word node Whoosh's tagger makes of the text between two matches."""
    node = syntax.WordNode(text[start:end])
    node.startchar, node.endchar = start, end
    return node


def make_parser(schema, fields: list[str]) -> QueryParser:
    """Return the parser of queries over the given analyzed fields (as Whoosh's multifield one), with our plugins."""
    parser = Parser(None, schema)
    parser.add_plugin(QuickMultifieldPlugin(fields))
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(AlternativesPhrasePlugin())
    parser.add_plugin(FormsFuzzyTermPlugin())
    parser.add_plugin(FormsPrefixPlugin())
    parser.add_plugin(SpacedCompoundPlugin())
    return parser


def fields_for(lang: str) -> list[str]:
    """Return the analyzed fields a query searches for a language choice (``any``, ``en``, ``ru``)."""
    if lang in TEXT_FIELDS:
        return [TEXT_FIELDS[lang]]
    return list(TEXT_FIELDS.values())


def parse_query(text: str, schema, lang: str = "any", normalize: bool = True):
    """Parse a user query into a Whoosh query, or raise :class:`QueryError` saying what is wrong.

    ``normalize=False`` keeps each word's terms together (an OR per word), as
    :mod:`indexer.search.translate` needs them.  The last :data:`PARSED_KEPT` queries
    parsed with a schema are kept: a search across languages parses its text
    for the plan, the marks and the renderings, and paging parses it again;
    a normalized query is the query parsed without normalizing, normalized.
    The query returned is shared, so it must not be changed in place (Whoosh
    rewrites queries by copying them).
    """
    kept = _PARSED.get(schema)
    key = (text, lang, normalize)
    q = kept.get(key)
    if q is None:  # normalizing copies: Whoosh's parser normalizes what it parses without normalizing
        q = _understood(parse_query(text, schema, lang, False).normalize) if normalize else _parse(text, schema, lang)
        kept.put(key, q)
    return q


_PARSED = declare("search.parsed", PerObject(lambda schema: LRUCache(PARSED_KEPT)), bound=PARSED_KEPT,
                   unit="queries per schema", eviction=LRU, invalidated_by=DEATH)


def _parse(text: str, schema, lang: str):
    """Parse ``text`` without normalizing the query (see :func:`parse_query`)."""
    validate(text)
    return _understood(_parser(schema, fields_for(lang)).parse, rewrite(text), normalize=False)


_PARSERS = declare("search.parsers", PerObject(lambda schema: DictCache()), bound=None, unit="parsers per schema",
                    eviction=PER_OBJECT, invalidated_by=DEATH)  # schema -> fields -> the parser over them


def _parser(schema, fields: list[str]) -> QueryParser:
    """Return the query parser over ``fields`` (:func:`make_parser`), made once per schema and fields.

    Building one costs more than parsing a short query; a parser keeps no
    state between parses.  It holds its schema weakly, so the schema goes
    when its searcher goes, and the parser with it.
    """
    kept = _PARSERS.get(schema)
    key = tuple(fields)
    parser = kept.get(key)
    if parser is None:
        parser = make_parser(weakref.proxy(schema), fields)
        kept.put(key, parser)
    return parser


def _understood(call, *args, **kwargs):
    """Return ``call(*args, **kwargs)``; whatever Whoosh raises on odd input becomes a :class:`QueryError`."""
    try:
        return call(*args, **kwargs)
    except Exception as exc:  # whoosh raises a zoo of errors on odd input
        raise QueryError(f"the query could not be understood ({exc})") from None
