"""The web app's JSON API through Flask's test client: every parameter, bad and hostile ones included."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.cli import cli as indexer_cli
from indexer.search.request import MAX_LIMIT
from tests.test_web_data import EN_ID, RU_ID, SYMBOL, web_cluster, web_index  # noqa: F401
from tests.test_web_app import MARK_ONLY, api, app, client, index_args, runner  # noqa: F401 - fixtures


# --- the JSON API ----------------------------------------------------------------------------------

def test_api_is_the_cli_contract_plus_took_ms_and_html(client, runner, index_args):  # noqa: F811
    status, result = api(client, q="мигрантов", limit=5)
    cli = json.loads(runner.invoke(indexer_cli, ["search", "мигрантов", *index_args, "--json", "--limit", "5"]).output)
    assert status == 200
    assert set(result) >= set(cli) | {"took_ms"}
    assert (result["query"], result["total"]) == (cli["query"], cli["total"])
    for mine, theirs in zip(result["hits"], cli["hits"], strict=True):
        assert {k: mine[k] for k in theirs if k != "aligned"} == {k: v for k, v in theirs.items() if k != "aligned"}
        assert [a["id"] for a in mine["aligned"]] == [a["id"] for a in theirs["aligned"]]
        for record in (mine, *mine["aligned"]):
            assert record["html"] and not MARK_ONLY.search(record["html"])
    assert isinstance(result["took_ms"], float)


@pytest.mark.parametrize("params, check", [
    ({"q": "мигранты", "lang": "ru"}, lambda h: h["lang"] == "ru"),
    ({"q": "migrants", "lang": "en"}, lambda h: h["lang"] == "en"),
    ({"q": "migrants", "lang": "any"}, lambda h: True),
    ({"q": "Conference", "symbol": "ctoc/cop/2012/15"}, lambda h: h["symbol"] == "CTOC/COP/2012/15"),
    ({"q": "Conference", "symbol": "CTOC/COP/*"}, lambda h: h["symbol"].startswith("CTOC/COP/")),
    ({"q": "Conference", "year_from": "2013"}, lambda h: h["date"] >= "2013"),
    ({"q": "Conference", "year_to": "2010"}, lambda h: h["date"] < "2011"),
    ({"q": "Conference", "year_from": "2012", "year_to": "2012"}, lambda h: h["date"].startswith("2012")),
    ({"q": "Treaty", "kind": "footnote"}, lambda h: h["kind"] == "footnote"),
    ({"q": "", "symbol": SYMBOL}, lambda h: h["symbol"] == SYMBOL),
    ({"q": "мигранты", "lang": "ru", "symbol": SYMBOL}, lambda h: len(h["aligned"]) == 1),
])
def test_api_filters(client, params, check):
    status, result = api(client, limit=50, **params)
    assert status == 200 and result["total"] > 0
    assert all(check(h) for h in result["hits"])


@pytest.mark.parametrize("limit, offset, returned", [
    (3, 0, 3), (1, 0, 1), (MAX_LIMIT, 0, MAX_LIMIT), (MAX_LIMIT + 1, 0, MAX_LIMIT), (100_000, 0, MAX_LIMIT),
    ("", 0, 10), (10, 10_000, 0),
])
def test_api_limit_is_capped(client, limit, offset, returned):
    status, result = api(client, q="Conference", limit=limit, offset=offset)
    assert status == 200 and len(result["hits"]) == returned
    assert result["limit"] == min(int(limit or 10), MAX_LIMIT)


def test_api_offset_pages_through(client):
    _, first = api(client, q="smuggling", limit=4)
    _, second = api(client, q="smuggling", limit=2, offset=2)
    assert [h["id"] for h in second["hits"]] == [h["id"] for h in first["hits"][2:]]


@pytest.mark.parametrize("params, message", [
    ({}, "the query is empty"),
    ({"q": "  "}, "the query is empty"),
    ({"q": '"abc'}, "a phrase is not closed"),
    ({"q": "a)"}, "a closing parenthesis has no opening one"),
    ({"q": "colour:red"}, "unknown field"),
    ({"q": "x" * 1001}, "the query is too long"),
    ({"q": " ".join(["w"] * 65)}, "too many terms"),
    ({"q": "x", "lang": "de"}, "lang must be one of"),
    ({"q": "x", "limit": "0"}, "limit must be at least 1"),
    ({"q": "x", "limit": "-5"}, "limit must be at least 1"),
    ({"q": "x", "limit": "ten"}, "limit must be a whole number"),
    ({"q": "x", "limit": "1.5"}, "limit must be a whole number"),
    ({"q": "x", "offset": "-1"}, "offset must be between"),
    ({"q": "x", "offset": "10001"}, "offset must be between"),
    ({"q": "x", "offset": "1e3"}, "offset must be a whole number"),
    ({"q": "x", "year_from": "twenty"}, "year_from must be a whole number"),
    ({"q": "x", "year_to": "99999"}, "year_to must be between"),
    ({"q": "x", "year_from": "2015", "year_to": "2012"}, "year_from is after year_to"),
    ({"q": "x", "kind": "table"}, "kind must be one of"),
    ({"q": "x", "symbol": "S/" * 101}, "symbol is too long"),
])
def test_api_bad_parameters(client, params, message):
    status, result = api(client, **params)
    assert status == 400
    assert message in result["error"]
    assert set(result) == {"error", "position"}


def test_api_error_gives_the_position(client):
    assert api(client, q='migrants "smuggling')[1]["position"] == 9


def test_api_did_you_mean(client):
    status, result = api(client, q="мигрантв")
    assert (status, result["total"], result["did_you_mean"]) == (200, 0, "мигрантов")


def test_api_document(client):
    response = client.get(f"/api/doc/{SYMBOL}")
    view = response.get_json()
    assert response.status_code == 200
    assert view["aligned"] is True and [v["lang"] for v in view["versions"]] == ["en", "ru"]
    assert view["rows"][2]["en"] == [f"{EN_ID}#2"] and view["rows"][2]["ru"] == [f"{RU_ID}#2", f"{RU_ID}#3"]
    assert view["versions"][0]["paragraphs"][1]["text"].startswith("Furthermore")


@pytest.mark.parametrize("url", ["/api/doc/nope", "/api/doc/A/CONF.222/99@en", "/api/nope"])
def test_api_not_found_is_json(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.get_json()["error"]


def test_api_stats(client):
    figures = client.get("/api/stats").get_json()
    assert figures["documents"] == 6 and figures["by_lang"]["ru"] == 17 and figures["generation"] == 1


HOSTILE = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from([
        "мигрант", "smuggling", '"', "(", ")", "OR", "AND", "NOT", "-", "+", "*", "?", "~", "~2", "=", ":",
        "symbol:", "lang:", "year:", "kind:", "exact:", "number:", "[", "]", "TO", "{", "}", "^2", "\\", "/",
        "year:[2010 TO", "symbol:*", "*:*", "<script>", "&amp;", "\x00", "ё", "\u200b", " ", "'", "year:abc",
        "lang:xx", "=", "==x", "-(", "a*b?c", "~~", "\ud7ff", "Σ", "٣",
    ]), max_size=12).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(q=HOSTILE, lang=st.sampled_from(["any", "en", "ru", "", "xx"]),
       limit=st.one_of(st.none(), st.integers(-5, 500).map(str), st.text(max_size=5)),
       offset=st.one_of(st.none(), st.integers(-5, 20_000).map(str)),
       symbol=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["CTOC/*", "*", "?", "[", "a/conf.222/11"])),
       year=st.one_of(st.none(), st.integers(1800, 2200).map(str), st.text(max_size=4)))
def test_api_never_fails_on_hostile_input(client, q, lang, limit, offset, symbol, year):
    params = {k: v for k, v in dict(q=q, lang=lang, limit=limit, offset=offset, symbol=symbol,
                                    year_from=year).items() if v is not None}
    response = client.get("/api/search", query_string=params)
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    result = response.get_json()
    if response.status_code == 200:
        for hit in result["hits"]:
            assert not MARK_ONLY.search(hit["html"])
    else:
        assert result["error"]


# --- facets ------------------------------------------------------------------------------------------

FILTER_OF = {"lang": lambda v: {"lang": v}, "doc": lambda v: {"doc": v}, "kind": lambda v: {"kind": v},
             "year": lambda v: {"year_from": v, "year_to": v}}


@pytest.mark.parametrize("q", ["migrants", "мигрантов", "Conference"])
def test_api_facets_count_what_each_filter_finds(client, q):  # noqa: F811
    status, result = api(client, q=q, facets="1")
    assert status == 200 and result["partial"] is False
    assert list(result["facets"]) == ["lang", "doc", "year", "kind"]
    assert sum(v["count"] for v in result["facets"]["lang"]) == result["total"]
    for name, values in result["facets"].items():
        assert values, name
        for value in values:
            assert set(value) >= {"value", "label", "count"}
            assert set(value) <= {"value", "label", "count", "lang", "symbol", "year", "doc_id"}
            narrowed = api(client, q=q, **FILTER_OF[name](value["value"]))[1]
            assert narrowed["total"] == value["count"], (name, value)
    assert all(v["doc_id"] for v in result["facets"]["doc"])


@pytest.mark.parametrize("params, status, has", [({}, 200, False), ({"facets": "0"}, 200, False),
                                                 ({"facets": "yes"}, 200, True), ({"facets": "maybe"}, 400, False),
                                                 ({"q": "zzzqqq", "facets": "1"}, 200, False)])
def test_api_facets_are_asked_for(client, params, status, has):  # noqa: F811
    response_status, result = api(client, **{"q": "migrants", **params})
    assert response_status == status and ("facets" in result) is has
