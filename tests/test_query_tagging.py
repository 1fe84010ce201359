"""Tagging a query of plain words the short way gives the very nodes Whoosh's tagger gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.qparser import QueryParser

from indexer.search import query as query_language
from indexer.engine.schema import build_schema

SCHEMA = build_schema()
PARSER = query_language.make_parser(SCHEMA, query_language.fields_for("any"))


def nodes(group) -> list:
    """Return a tagged group as data: each node's type, text, place and children."""
    return [(type(n).__name__, repr(n), n.startchar, n.endchar, nodes(n.nodes) if hasattr(n, "nodes") else None)
            for n in group]


def whooshs_tags(text: str):
    return QueryParser.tag(PARSER, text)


@pytest.mark.parametrize("text, short", [
    ("мигрантов", True),
    ("незаконный ввоз мигрантов", True),
    ("  human \t rights\n", True),
    ("Ёлка и ель", True),
    ("peace OR security", False),  # an operator: Whoosh's loop
    ("NOT war", False),
    ("ANDROID ORDER NOTE", True),  # operators only as whole words
    ("and or not", True),  # operators are upper case
    ("state-members", False),
    ("article 5", False),
    ('"human rights"', False),
    ("migra*", False),
    ("lang:ru права", False),
    ("", False),
])
def test_tags_are_whooshs_own(text, short):
    assert nodes(PARSER.tag(text)) == nodes(whooshs_tags(text))
    taken = bool(query_language._PLAIN_TEXT.fullmatch(text)) and query_language._OPERATOR_WORDS.isdisjoint(text.split())
    assert taken == short


WORDS = ["права", "человека", "AND", "OR", "NOT", "REQUIRE", "ANDNOT", "ANDMAYBE", "Ассамблея", "migrants", "TO",
         "x", "é", "ǅungla", "ß"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=6),
       seps=st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2003"]), min_size=7, max_size=7),
       edges=st.tuples(st.sampled_from(["", " ", "\n "]), st.sampled_from(["", " ", "\t"])))
def test_tags_of_any_words_are_whooshs_own(words, seps, edges):
    text = edges[0] + "".join(w + s for w, s in zip(words, seps))[:-1 or None] + edges[1]
    assert nodes(PARSER.tag(text)) == nodes(whooshs_tags(text))


def test_queries_of_real_sentences_parse_as_whoosh_parses_them(pool, monkeypatch):
    from bench.web import fresh_requests  # words of the UNPC dev set's sentences

    texts = [query_language.rewrite(params["q"]) for _, params in fresh_requests(1500)]
    assert sum(bool(query_language._PLAIN_TEXT.fullmatch(t)) for t in texts) > 1000
    short = [repr(PARSER.parse(t, normalize=False)) for t in texts]
    monkeypatch.setattr(query_language.Parser, "tag", QueryParser.tag)
    assert short == [repr(PARSER.parse(t, normalize=False)) for t in texts]


SYNTAX = ["migrants smuggling", '"such tools and"', "migrants OR refugees", "NOT firearms", "migrants -firearms",
          "migra*", "smugling~", "=мигрантов", "symbol:CTOC/COP/2012/*", "lang:ru мигрант", "year:[2010 TO 2012] a",
          "capacity building", "государства-члены", '"Office on Drugs and Crime"', "(a OR b) c", "$1 734 600"]


def test_queries_parse_as_with_whooshs_own_plugin_gathering_and_field_copies(pool, monkeypatch):
    from bench.web import fresh_requests  # words of the UNPC dev set's sentences
    from whoosh.qparser.plugins import MultifieldPlugin

    from indexer.search.multifield import QuickMultifieldPlugin

    texts = SYNTAX + [params["q"] for _, params in fresh_requests(400)]
    parser = query_language.make_parser(SCHEMA, query_language.fields_for("any"))
    ours = [repr(parser.parse(query_language.rewrite(t), normalize=False)) for t in texts]
    theirs = query_language.make_parser(SCHEMA, query_language.fields_for("any"))
    theirs.plugins = [MultifieldPlugin(p.fieldnames) if isinstance(p, QuickMultifieldPlugin) else p
                      for p in theirs.plugins]
    monkeypatch.setattr(query_language.Parser, "taggers", QueryParser.taggers)
    monkeypatch.setattr(query_language.Parser, "filters", QueryParser.filters)
    assert ours == [repr(theirs.parse(query_language.rewrite(t), normalize=False)) for t in texts]
    assert any("text_ru" in q and "text_en" in q for q in ours)


def test_a_node_copied_for_a_field_is_copy_copy():
    import copy

    from whoosh.qparser import syntax

    from indexer.search.multifield import shallow_copy

    node = syntax.WordNode("права")
    node.startchar, node.endchar = 3, 8
    copied = shallow_copy(node)
    assert type(copied) is syntax.WordNode and copied is not node
    assert copied.__dict__ == copy.copy(node).__dict__ == node.__dict__

    class Own(syntax.WordNode):
        def __copy__(self):
            return "its own copy"

    assert shallow_copy(Own("x")) == "its own copy"


def tree(group) -> list:
    """Return a filtered group as data: each node's type, field, text, boost, place and children."""
    return [(type(group).__name__, getattr(group, "boost", None), getattr(group, "kwargs", None))] + [
        (type(n).__name__, getattr(n, "fieldname", None), getattr(n, "text", None), n.boost, n.startchar, n.endchar,
         getattr(n, "qclass", None), getattr(n, "kwargs", None), tree(n.nodes) if hasattr(n, "nodes") else None)
        for n in group]


def whooshs_process(parser, text: str):
    return QueryParser.filterize(parser, parser.tag(text))


@pytest.mark.parametrize("text", ["мигрантов", "  human \t rights\n", "organs trafficking in persons",
                                  "nongovernmental organizations", "peacekeeping", "and or not", "state-members",
                                  "peace OR war", "NOT war", '"human rights"', "migra*", "smugling~", "lang:ru права",
                                  "(a b) c", "rights^2", "capacity building"])
def test_words_are_filtered_as_whoosh_filters_them(text):
    parser = query_language.make_parser(SCHEMA, query_language.fields_for("any"))
    assert tree(parser.process(text)) == tree(whooshs_process(parser, text))
    assert repr(parser.parse(text, normalize=False)) == repr(whooshs_process(parser, text).query(parser))


def test_real_queries_are_filtered_as_whoosh_filters_them(pool):
    from bench.web import fresh_requests  # words of the UNPC dev set's sentences

    for lang in ("any", "en"):
        parser = query_language.make_parser(SCHEMA, query_language.fields_for(lang))
        texts = [query_language.rewrite(params["q"]) for _, params in fresh_requests(600)] + SYNTAX
        assert [tree(parser.process(t)) for t in texts] == [tree(whooshs_process(parser, t)) for t in texts]


def test_words_skip_the_filters_of_other_nodes_and_a_plugin_unknown_sends_them_the_whole_way(monkeypatch):
    from whoosh.qparser.plugins import OperatorsPlugin, Plugin

    calls = []
    whooshs = OperatorsPlugin.do_operators
    monkeypatch.setattr(OperatorsPlugin, "do_operators", lambda self, parser, group: calls.append(1) or
                        whooshs(self, parser, group))
    parser = query_language.make_parser(SCHEMA, query_language.fields_for("any"))
    plain = repr(parser.parse("human rights defenders", normalize=False))
    assert calls == []
    parser.parse("human OR rights", normalize=False)
    assert set(calls) == {1}
    calls.clear()

    class Marker(Plugin):
        def filters(self, parser):
            return [(lambda parser, group: calls.append(2) or group, 0)]

    parser.add_plugin(Marker())
    assert repr(parser.parse("human rights defenders", normalize=False)) == plain and set(calls) == {1, 2}
