"""Search acceptance on the real seeds: morphology, exact forms, symbols, phrases, filters, errors."""

from __future__ import annotations

import re

import pytest

from indexer.errors import QueryError
from indexer.search.request import SearchRequest, search


def run(searcher, query, **kw):
    return search(searcher, SearchRequest(query, limit=kw.pop("limit", 100), **kw))


def texts(result):
    return [h["text"] for h in result["hits"]]


def test_russian_form_finds_other_forms(seed_searcher):
    result = run(seed_searcher, "мигрантам")
    assert result["total"] >= 3
    assert all(h["doc_id"].startswith("001_") for h in result["hits"])
    assert any("мигрантов" in t for t in texts(result))


def test_english_stemming(seed_searcher):
    result = run(seed_searcher, "smuggled")
    assert any("smuggling" in t.lower() for t in texts(result))


@pytest.mark.parametrize("query, found", [("=мигрантов", True), ("=мигранты", False), ("=Мигрантов", True)])
def test_exact_form(seed_searcher, query, found):
    result = run(seed_searcher, query)
    assert (result["total"] > 0) is found
    for t in texts(result):
        assert "мигрантов" in t.lower()


@pytest.mark.parametrize("query, total", [
    ('"ввоза мигрантов"', 5),  # the phrase, any forms
    ('="ввоза мигрантов"', 2),  # the phrase, exactly these forms
    ('="ввоз мигрантов"', 0),
    ('exact:"smuggling of migrants"', 86),
    ("=the", 0),  # stop words are not indexed as forms
])
def test_exact_phrases(seed_searcher, query, total):
    result = run(seed_searcher, query)
    assert result["total"] == total
    if query.startswith("="):
        assert all("ввоза мигрантов" in t.lower() for t in texts(result))


def test_symbol_finds_footnote_written_with_cyrillic_letters(seed_searcher):
    result = run(seed_searcher, "CTOC/COP/2012/1")
    footnotes = [h for h in result["hits"] if h["kind"] == "footnote"]
    assert [h["text"] for h in footnotes] == ["СТОС/COP/2012/1."]
    assert footnotes[0]["lang"] == "ru"


def test_phrase_across_a_footnote_block(seed_searcher):
    result = run(seed_searcher, '"disseminate such tools and to continue facilitating"')
    assert result["total"] == 1
    hit = result["hits"][0]
    assert (hit["symbol"], hit["number"], hit["lang"]) == ("CTOC/COP/2012/15", "8", "en")


def test_phrase_with_ambiguous_russian_word(seed_searcher):
    result = run(seed_searcher, '"в Вене"')
    assert any("в Вене" in t for t in texts(result))


def test_mixed_language_query(seed_searcher):
    assert run(seed_searcher, "мигрантов OR smuggling")["total"] > run(seed_searcher, "мигрантов")["total"]


@pytest.mark.parametrize(
    "query, kw, check",
    [
        ("migrants", {"lang": "ru"}, lambda h: h["lang"] == "ru"),
        ("мигрант lang:ru", {}, lambda h: h["lang"] == "ru"),
        ("Conference year:2014", {}, lambda h: h["date"].startswith("2014")),
        ("Conference", {"year_from": 2011, "year_to": 2013}, lambda h: h["date"].startswith("2012")),
        ("symbol:CTOC/COP/2012/*", {}, lambda h: h["symbol"] == "CTOC/COP/2012/15"),
        ("Conference", {"symbol": "ctoc/cop/2012/15"}, lambda h: h["symbol"] == "CTOC/COP/2012/15"),
        ("Treaty kind:footnote", {}, lambda h: h["kind"] == "footnote"),
        ("smuggling -migrants", {}, lambda h: "migrant" not in h["text"].lower()),
    ],
)
def test_filters(seed_searcher, query, kw, check):
    result = run(seed_searcher, query, **kw)
    if query != "migrants":
        assert result["total"] > 0
    assert all(check(h) for h in result["hits"])


def test_prefix_and_fuzzy(seed_searcher):
    assert run(seed_searcher, "smugg*")["total"] > 0
    # one edit from the form as written (smuggling), not from the lemma (smuggle, three edits away)
    assert run(seed_searcher, "smugling~")["total"] == run(seed_searcher, "=smuggling")["total"] == 88


@pytest.mark.parametrize("query, written", [
    ("developmnt~", r"\bdevelopments?\b"),  # one edit from the lemma development, which developments has
    ("мигрантв~", r"\bмигрантов\b"),
])
def test_fuzzy_words_match_the_forms_as_written(seed_searcher, query, written):
    result = run(seed_searcher, query, limit=100)
    having = {f["id"] for f in seed_searcher.all_stored_fields() if re.search(written, f["text"], re.IGNORECASE)}
    shown = {r["id"] for h in result["hits"] for r in (h, *h["also_in"])}  # identical paragraphs are one hit
    assert having and shown == having


def test_paging(seed_searcher):
    first = run(seed_searcher, "Conference", limit=5)
    second = search(seed_searcher, SearchRequest("Conference", limit=5, offset=5))
    assert first["total"] == second["total"] > 10
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_json_contract(seed_searcher):
    result = run(seed_searcher, "мигрантов", limit=3)
    assert set(result) >= {"query", "total", "hits"}
    for hit in result["hits"]:
        assert isinstance(hit["doc_id"], str) and hit["lang"] in ("en", "ru")
        assert isinstance(hit["position"], int) and isinstance(hit["score"], float)
        assert hit["number"] is None or isinstance(hit["number"], str)
        assert hit["aligned"] == []


@pytest.mark.parametrize(
    "query, message, position",
    [
        ('"unclosed phrase', "phrase is not closed", 0),
        ("(migrants", "parenthesis is not closed", 0),
        ("migrants)", "closing parenthesis", 8),
        ("author:smith", "unknown field 'author'", 0),
        ("migrants lang:xx", "lang: takes en or ru, not 'xx'", 9),
        ("kind:bogus", "kind: takes paragraph, heading, footnote, contents, item or row, not 'bogus'", 0),
        ("year:20122 migrants", "year: takes a year (year:2012) or a range", 0),
        ("year:[2010 TO", "year: takes a year", 0),
        ("NOT", "NOT needs a word after it", 0),
        ("AND", "AND joins two words", 0),
        ("(OR)", "OR joins two words", 1),
        ("x" * 1001, "too long", None),
        (" ".join(["w"] * 65), "too many terms", None),
        ("", "empty", None),
    ],
)
def test_bad_queries_say_what_is_wrong(seed_searcher, query, message, position):
    with pytest.raises(QueryError) as err:
        run(seed_searcher, query)
    assert message in err.value.message
    assert err.value.position == position


@pytest.mark.parametrize("kw", [{"lang": "fr"}, {"limit": 0}, {"limit": 101}, {"offset": -1},
                                {"year_from": 2013, "year_to": 2012}])
def test_bad_parameters(seed_searcher, kw):
    with pytest.raises(QueryError):
        search(seed_searcher, SearchRequest("migrants", **kw))


@pytest.mark.parametrize("query, kind", [
    ("государства-члены", "a word"),  # a hyphenated compound is one word, not "государства NOT члены"
    ("money-laundering", "a word"),
    ("smuggling -firearms", "NOT"),
    ("smuggling (-firearms)", "NOT"),
])
def test_hyphen_is_not_when_it_starts_a_word(query, kind):
    from whoosh import query as Q

    from indexer.search.query import parse_query
    from indexer.engine.schema import build_schema

    q = parse_query(query, build_schema())
    assert (isinstance(q, Q.AndNot) or "Not(" in repr(q)) == (kind == "NOT")
