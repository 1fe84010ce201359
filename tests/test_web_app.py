"""The web app through Flask's test client: every page, the security headers, the permalinks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.storage.generations import open_index
from search_app import CONTENT_SECURITY_POLICY, create_app
from tests.test_web_data import RU_ID, SYMBOL, web_cluster, web_index  # noqa: F401

MARK_ONLY = re.compile(r"<(?!/?mark>)")  # any tag but <mark> and </mark>


ENGINES = ["whoosh", pytest.param("opensearch", marks=pytest.mark.opensearch)]


@pytest.fixture(scope="module", params=ENGINES)
def app(request):
    """The app over the web data: in an index folder (Whoosh), or in an index of the test cluster (OpenSearch)."""
    if request.param == "opensearch":
        return create_app({"TESTING": True, "INDEX_DIR": request.getfixturevalue("web_cluster"),
                           "OPENSEARCH": request.getfixturevalue("cluster_url")})
    return create_app({"TESTING": True, "INDEX_DIR": str(request.getfixturevalue("web_index")), "OPENSEARCH": None})


@pytest.fixture(scope="module")
def index_args(app) -> list[str]:
    """The command line's arguments that name the index the app serves."""
    if app.config["OPENSEARCH"]:
        return ["--index", app.config["INDEX_DIR"], "--opensearch", app.config["OPENSEARCH"]]
    return ["--index", app.config["INDEX_DIR"]]


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
    ("/?q=lang:xx", 400, "lang: takes en or ru"),
    ("/?q=kind:bogus", 400, "kind: takes paragraph"),
    ("/?q=year:20122", 400, "year: takes a year"),
    ("/?q=NOT", 400, "NOT needs a word after it"),
    ("/?q=AND&lang=ru&translate=1", 400, "AND joins two words"),
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
        assert not re.search(r"<script(?! src=\"/static/app\.js\" defer></script>)|<style|\sstyle=|\son\w+=|https?://",
                             body), url  # the one script is the site's own file


def test_post_is_not_allowed(client):
    assert client.post("/").status_code == 405
    assert client.post("/api/search").get_json()["error"]


def test_every_route_is_documented(app):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            documented = re.sub(r"<[^>]*>", "<", rule.rule).split("<")[0]
            assert f"`{documented}" in readme or f"`GET {documented}" in readme, rule.rule
    assert "python -m search_app" in readme



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
