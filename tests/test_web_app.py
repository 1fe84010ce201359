"""The web app through Flask's test client: every page and API parameter, bad ones included."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.cli import cli as indexer_cli
from indexer.search.request import MAX_LIMIT
from indexer.storage.generations import open_index
from search_app import CONTENT_SECURITY_POLICY, create_app, index_dir_setting
from search_app import results
from search_app.__main__ import main as serve_main
from search_app.index import get_searcher
from tests.test_web_data import EN_ID, RU_ID, SYMBOL, sample_docs, web_index, write_generation  # noqa: F401

MARK_ONLY = re.compile(r"<(?!/?mark>)")  # any tag but <mark> and </mark>


@pytest.fixture(scope="module")
def app(web_index):  # noqa: F811
    return create_app({"TESTING": True, "INDEX_DIR": str(web_index)})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def api(client, **params):
    response = client.get("/api/search", query_string=params)
    return response.status_code, response.get_json()


# --- pages -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, status, expected", [
    ("/", 200, ["The corpus at a glance", "Documents", "Paragraphs", "Last indexed", "generation 1"]),
    ("/?q=", 200, ["The corpus at a glance"]),
    ("/?q=мигрант", 200, ["<mark>мигрантов</mark>", "<mark>мигранты</mark>", 'class="pair"', 'class="pair alone"']),
    ("/?q=мигрант&lang=en", 200, ["0</strong> hits"]),
    ("/?q=smuggling&lang=en&page=2", 200, ["page 2 of", 'rel="prev"', 'rel="next"', 'aria-current="page">2<']),
    ("/?symbol=A/CONF.222/11&kind=footnote", 200, ["<strong>1</strong> hit", "Переиздано"]),
    ("/?q=Conference&year_from=2014&year_to=2014", 200, ["2014-06-12"]),
    ("/?q=smugglng", 200, ["Did you mean", ">smuggling</a>"]),
    ("/help", 200, ["Query syntax", "symbol:CTOC/COP/2012/*", "=мигрантов", "smugling~", "lang:ru", "year:2012"]),
    (f"/doc/{SYMBOL}", 200, ['class="parallel"', 'id="p59"', 'id="ru-p59"', "paragraphs aligned", "English", "Русский"]),
    (f"/doc/{RU_ID}?q=мигрантов", 200, ["<mark>мигрантов</mark>", 'id="p59"', 'id="en-p59"']),
    ("/doc/001_a4c9014b07e334a9@ru", 200, ['class="versions count-1"', 'id="p2"', "one language version"]),
    ("/doc/CTOC/COP/2012/15", 200, ['id="p8"', 'id="p2-2"', 'id="pos0"']),
])
def test_pages(client, url, status, expected):
    response = client.get(url)
    assert response.status_code == status
    body = response.get_data(as_text=True)
    for text in expected:
        assert text in body


@pytest.mark.parametrize("url, status, message", [
    ("/?q=%22abc", 400, "a phrase is not closed"),
    ("/?q=(abc", 400, "a parenthesis is not closed"),
    ("/?q=title:abc", 400, "unknown field"),
    ("/?q=" + "a" * 1001, 400, "the query is too long"),
    ("/?q=" + "+".join(["w"] * 65), 400, "too many terms"),
    ("/?q=x&lang=fr", 400, "lang must be one of"),
    ("/?q=x&kind=poem", 400, "kind must be one of"),
    ("/?q=x&year_from=abc", 400, "year_from must be a whole number"),
    ("/?q=x&year_from=1200", 400, "year_from must be between"),
    ("/?q=x&year_from=2014&year_to=2010", 400, "year_from is after year_to"),
    ("/?q=x&page=0", 400, "page must be between"),
    ("/?q=x&page=100000", 400, "page must be between"),
    ("/?q=x&symbol=" + "A/" * 200, 400, "symbol is too long"),
    ("/doc/nope", 404, "No document"),
    ("/nope", 404, "Not found"),
    ("/export.tmx?q=(", 400, "a parenthesis is not closed"),
    ("/export.csv", 400, "the query is empty"),
    ("/export.csv?q=a&year_from=abc", 400, "year_from must be a whole number"),
    ("/export.csv?q=a&lang=de", 400, "lang must be one of"),
    ("/export.xlsx?q=a", 404, "No export format"),
])
def test_bad_pages_say_why(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_an_unreadable_query_shows_where(client):
    body = client.get("/?q=migrants+%22smuggling").get_data(as_text=True)
    assert "(at character 10)" in body
    assert "migrants &#34;smuggling\n" + " " * 9 + "^</pre>" in body


def test_the_search_form_keeps_the_request(client):
    body = client.get("/?q=мигрант&lang=ru&symbol=A/CONF.222/11&year_from=2015&kind=paragraph").get_data(as_text=True)
    assert 'value="мигрант"' in body and 'value="A/CONF.222/11"' in body and 'value="2015"' in body
    assert re.search(r'value="ru"\s+checked', body) and 'value="paragraph" selected' in body


def test_a_result_row_is_the_hit_beside_its_counterpart(client):
    body = client.get("/?q=%3Dмигранты+безнаказанными").get_data(as_text=True)
    row = body[body.index('<li class="pair">'):body.index("</li>")]
    assert row.index('lang="en"') < row.index('lang="ru"')  # English left, Russian right, whichever was hit
    assert 'class="side counterpart" lang="en"' in row and 'class="side hit" lang="ru"' in row
    assert f'href="/doc/{RU_ID}?q=%3D' in row and '#p26"' in row
    assert "¶&nbsp;26" in row and "2015-01-21" in row and ">A/CONF.222/11</a>" in row


def test_everything_is_escaped(client):
    body = client.get("/?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>" not in body and "&lt;script&gt;" in body
    body = client.get("/doc/<b>x</b>").get_data(as_text=True)
    assert "<b>x</b>" not in body


@pytest.mark.parametrize("url", ["/", "/?q=x", "/?q=%22", "/help", f"/doc/{SYMBOL}", "/nope", "/api/search?q=x",
                                 "/api/search", "/api/nope", "/static/style.css"])
def test_security_headers_everywhere(client, url):
    response = client.get(url)
    response.close()  # a static file stays open until then
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe" not in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_use_no_outside_or_inline_resources(client):
    for url in ("/", "/?q=мигрант", f"/doc/{SYMBOL}", "/help"):
        body = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script|<style|\sstyle=|\son\w+=|https?://", body), url


def test_post_is_not_allowed(client):
    assert client.post("/").status_code == 405
    assert client.post("/api/search").get_json()["error"]


# --- the JSON API ----------------------------------------------------------------------------------

def test_api_is_the_cli_contract_plus_took_ms_and_html(client, runner, web_index):  # noqa: F811
    status, result = api(client, q="мигрантов", limit=5)
    cli = json.loads(runner.invoke(indexer_cli, ["search", "мигрантов", "--index", str(web_index), "--json",
                                                 "--limit", "5"]).output)
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


# --- serving ---------------------------------------------------------------------------------------

def test_searchers_are_given_back_and_closed_when_a_new_generation_goes_live(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    app = create_app({"INDEX_DIR": str(tmp_path)})
    with app.app_context():
        first = get_searcher()
        assert get_searcher() is first and not first.is_closed
    with app.app_context():
        assert get_searcher() is first  # given back on teardown, taken again
        with app.app_context():
            assert get_searcher() is not first  # one request, one searcher
        write_generation(tmp_path, [english, russian])
        with app.app_context():
            newer = get_searcher()
            assert newer.doc_count() > first.doc_count()
    assert first.is_closed and not newer.is_closed  # the old generation's searcher closed when it came back


def test_a_new_generation_is_seen_without_restart(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    assert api(client, q="smugglers")[1]["total"] > 0
    assert api(client, q="мигрантов")[1]["total"] == 0
    assert client.get("/api/stats").get_json()["generation"] == 1
    write_generation(tmp_path, [english, russian])
    assert api(client, q="мигрантов")[1]["total"] > 0
    assert client.get("/api/stats").get_json()["generation"] == 2
    assert "generation 2" in client.get("/").get_data(as_text=True)


def test_current_is_read_again_only_when_it_changes(tmp_path, monkeypatch):
    from indexer.storage import generations as store

    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    reads = []
    monkeypatch.setattr(store, "current_generation", lambda d, read=store.current_generation: reads.append(d) or read(d))
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    for _ in range(3):
        assert api(client, q="smugglers")[1]["total"] > 0
    assert len(reads) == 1
    write_generation(tmp_path, [english, russian])  # CURRENT replaced
    assert api(client, q="мигрантов")[1]["total"] > 0 and len(reads) == 2
    (tmp_path / store.CURRENT).unlink()
    assert client.get("/api/search?q=smugglers").status_code == 503  # no index any more: said, not served stale


def test_a_repeated_search_is_answered_from_the_cache_of_its_generation(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    first, again = api(client, q="мигрантов")[1], api(client, q="мигрантов")[1]
    other_page = api(client, q="мигрантов", offset=1)[1]
    assert (first["cached"], again["cached"], other_page["cached"]) == (False, True, False)
    assert {k: v for k, v in again.items() if k not in ("cached", "took_ms")} == \
        {k: v for k, v in first.items() if k not in ("cached", "took_ms")}
    write_generation(tmp_path, [english, russian])  # a new generation: nothing of the old one is served
    newer = api(client, q="мигрантов")[1]
    assert newer["cached"] is False and newer["total"] > first["total"]
    assert "мигрантов" in client.get("/?q=мигрантов").get_data(as_text=True)


@pytest.mark.parametrize("size, searches, kept, cached", [
    (0, ["a", "a"], 0, [False, False]),           # off
    (2, ["a", "b", "a"], 2, [False, False, True]),
    (2, ["a", "b", "c", "a"], 2, [False, False, False, False]),  # "a" was dropped, the least recently used
    (2, ["a", "b", "a", "c", "a"], 2, [False, False, True, False, True]),  # "a" used again, so "b" went
])
def test_result_cache_keeps_the_most_recently_used(tmp_path, size, searches, kept, cached):
    english, _ = sample_docs()
    write_generation(tmp_path, [english])
    app = create_app({"INDEX_DIR": str(tmp_path), "RESULT_CACHE": size})
    client = app.test_client()
    words = {"a": "smugglers", "b": "migrants", "c": "protocol"}
    assert [api(client, q=words[s])[1]["cached"] for s in searches] == cached
    assert len(app.extensions[results.EXTENSION]) == kept


def test_no_index_says_how_to_build_one(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    page, answer = client.get("/?q=x"), client.get("/api/search?q=x")
    assert page.status_code == answer.status_code == 503
    assert "python -m indexer build" in page.get_data(as_text=True)
    assert "python -m indexer build" in answer.get_json()["error"]


@pytest.mark.parametrize("config, env, expected", [
    ({"INDEX_DIR": "/a"}, "/b", "/a"),
    ({}, "/b", "/b"),
    (None, "", "index"),
])
def test_index_dir_is_resolved_in_one_place(monkeypatch, config, env, expected):
    monkeypatch.setenv("UN_SEARCH_INDEX", env)
    assert index_dir_setting(config) == expected
    assert create_app(config).config["INDEX_DIR"] == expected


def test_serve_command(runner, tmp_path):
    shown = runner.invoke(serve_main, ["--help"])
    assert shown.exit_code == 0 and "--index" in shown.output and "127.0.0.1" in shown.output
    missing = runner.invoke(serve_main, ["--index", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "python -m indexer build" in missing.output
    bad_port = runner.invoke(serve_main, ["--port", "70000"])
    assert bad_port.exit_code == 2


def test_every_route_is_documented(app):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            documented = re.sub(r"<[^>]*>", "<", rule.rule).split("<")[0]
            assert f"`{documented}" in readme or f"`GET {documented}" in readme, rule.rule
    assert "python -m search_app" in readme


@pytest.mark.parametrize("workers", [1, 2])
def test_python_m_search_app_serves_on_loopback(web_index, workers):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(web_index), "--port", str(port),
                               "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=smugglers&limit=1") as answer:
                    assert answer.status == 200 and answer.headers["Server"] == "un-search"
                    assert json.load(answer)["total"] > 0
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stdout.read().decode()
                time.sleep(0.1)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert server.returncode in (0, -signal.SIGTERM), output
    assert f"http://127.0.0.1:{port}/" in output


# --- permalinks: the links of a results page are url_for's -------------------------------------------------

LINK_QUERIES = ["", "мигрантов", '"ввоз мигрантов" OR =x', "a&b=c#d?e%f g+h", "CTOC/COP/2012/*", "<b>x</b>", "ё/е 'q'"]


@pytest.mark.parametrize("query", LINK_QUERIES)
def test_permalinks_are_those_url_for_builds(parallel_index, query):
    from flask import url_for

    from search_app.permalinks import permalinks

    ix = open_index(parallel_index)
    with ix.searcher() as s:
        doc_ids = sorted({f["doc_id"] for f in s.all_stored_fields()})
    ix.close()
    app = create_app({"TESTING": True, "INDEX_DIR": str(parallel_index)})
    records = [{"doc_id": d, "anchor": a} for d in doc_ids[::7] + LINK_QUERIES[1:] + ["/x", "a%2Fb", "x@y"]
               for a in ("p12", "pa-2", "pos0", "pб_1", None)]
    with app.test_request_context("/", base_url="http://localhost/un"):
        link = permalinks(query)
        assert len(records) > 500
        for r in records:
            assert link(r) == url_for("pages.document", key=r["doc_id"], q=query or None, _anchor=r["anchor"]), r


SEARCH_VALUES = [
    {},
    {"q": ["права человека"], "translate": ["1"], "page": None},
    {"q": ["a&b=c#d?e%f g+h"], "exclude": ["ru:право|en:right", "ru:x y"], "page": None, "lang": ["ru"]},
    {"q": ["<b>x</b>"], "exclude": [], "symbol": ["CTOC/COP/2012/*"], "year_from": ["2012"]},
    {"q": ["ё/е 'q'"], "page": 3, "exclude": ("a", "b"), "kind": [None, "footnote"]},
    {"q": None, "lang": "en"},
]


@pytest.mark.parametrize("values", SEARCH_VALUES)
def test_search_links_are_those_url_for_builds(values):
    from flask import url_for

    from search_app.permalinks import search_links

    app = create_app({"TESTING": True, "INDEX_DIR": "/nonexistent"})
    for base_url in ("http://localhost/", "http://localhost/un"):
        with app.test_request_context("/", base_url=base_url):
            assert search_links()(values) == url_for("pages.search", **values)
