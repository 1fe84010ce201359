"""The web app across languages: the switch, the translations used and turning one off, marks, renderings, API."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search_app import create_app
from indexer.search import aligned as aligned_arrays
from indexer.storage import generations as store
from search_app.index import EXTENSION, get_crosslang, live_index
from tests.test_web_data import cross_index, sample_docs, web_index, write_generation  # noqa: F401

TAGS = re.compile(r"<[^>]*>")
QUERY = "незаконный ввоз мигрантов"


@pytest.fixture(scope="module")
def seeds(seed_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(seed_index)}).test_client()


@pytest.fixture(scope="module")
def aligned(cross_index):  # noqa: F811
    return create_app({"TESTING": True, "INDEX_DIR": str(cross_index)}).test_client()


def body(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.get_data(as_text=True)


def switch_links(text: str) -> dict[str, str]:
    """Return the links of the translations block: ``{translation key: href}`` (turn off, or use again)."""
    block = text[text.index('class="translations"'):text.index("</div>", text.index('class="translations"'))]
    out = {}
    for href in re.findall(r'class="switch" href="([^"]+)"', block):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(href)).query)
        out[href] = query
    return out


def test_the_switch_is_on_from_the_front_page_and_kept_from_the_request(seeds):
    assert re.search(r'name="translate" value="1"\s+checked', body(seeds, "/"))
    assert not re.search(r'name="translate" value="1"\s+checked', body(seeds, "/?q=migrant"))
    assert re.search(r'name="translate" value="1"\s+checked', body(seeds, "/?q=migrant&translate=1"))


def test_the_translations_used_and_turning_one_off(seeds):
    page = body(seeds, f"/?q={QUERY}&lang=en&translate=1")
    assert "Also searched as" in page and "smuggling of migrants" in page and "<strong>0</strong> hits" not in page
    links = switch_links(page)
    excluded = [q.get("exclude", []) for q in links.values()]
    assert sorted(excluded) == [["ru:мигрант>en:migrant"], ["ru:незаконный ввоз мигрант>en:smuggle migrant"]]
    for query in links.values():
        assert query["q"] == [QUERY] and query["lang"] == ["en"] and query["translate"] == ["1"]
    off = next(href for href, q in links.items() if q["exclude"] == ["ru:мигрант>en:migrant"])
    page = body(seeds, html.unescape(off))
    assert '<li class="off">' in page and "use again" in page
    assert '<input type="hidden" name="exclude" value="ru:мигрант&gt;en:migrant">' in page
    both = [q.get("exclude", []) for q in switch_links(page).values()]
    assert sorted(map(sorted, both)) == [[], ["ru:мигрант>en:migrant", "ru:незаконный ввоз мигрант>en:smuggle migrant"]]


def test_pages_keep_every_turned_off_translation(seeds):
    url = f"/?q={QUERY}&lang=en&translate=1&exclude=ru:мигрант>en:migrant&exclude=x"
    page = body(seeds, url)
    nexts = re.findall(r'rel="next" href="([^"]+)"', page)
    assert nexts and urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(nexts[0])).query)["exclude"] == [
        "ru:мигрант>en:migrant", "x"]


def test_translations_are_marked_in_the_counterpart_column(aligned):
    page = body(aligned, "/?q=мигранты&lang=ru&translate=1")
    rows = [page[start:page.index("</li>", start)] for start in
            (m.start() for m in re.finditer('<li class="pair">', page))]
    [row] = [r for r in rows if "Smuggling of" in r]  # the heading and its counterpart (lines come last)
    assert '<mark class="tr">migrants</mark>' in row and "<mark>мигрантов</mark>" in row
    assert "style=" not in page and "<script>" not in page


def test_the_renderings_panel(aligned):
    page = body(aligned, "/?q=мигрант&translate=1")
    panel = page[page.index('class="renderings"'):page.index("</section>")]
    assert "<q lang=\"ru\">мигрант</q> was rendered" in panel and "in 5 aligned paragraphs" in panel
    assert '<a href="/?q=migrant&amp;lang=en" lang="en">migrant</a>' in panel
    examples = re.findall(r'href="(/doc/[^"]+)"', panel)
    assert len(examples) == 3 and all("q=%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82+OR+migrant" in e for e in examples)
    assert examples[0].endswith("#pos0") and examples[1].endswith("#p26")
    target = body(aligned, html.unescape(examples[1]))
    assert "<mark>мигранты</mark>" in target and "<mark>migrants</mark>" in target


def test_the_api(aligned):
    result = aligned.get("/api/search", query_string={"q": "мигрант", "translate": "1", "lang": "en"}).get_json()
    assert [t["key"] for t in result["translations"]] == ["ru:мигрант>en:migrant"]
    assert result["renderings"]["renderings"][0]["count"] == 5
    for hit in result["hits"]:
        for record in (hit, *hit["aligned"]):
            assert set(TAGS.findall(record["html"])) <= {"<mark>", '<mark class="tr">', "</mark>"}
    plain = aligned.get("/api/search", query_string={"q": "мигрант", "lang": "en"}).get_json()
    assert plain["total"] == 0 and "translations" not in plain and "renderings" not in plain


@pytest.mark.parametrize("params, message", [
    ({"q": "x", "translate": "maybe"}, "translate must be 1 or 0"),
    ({"q": "x", "translate": "1", "exclude": ["k"] * 51}, "at most 50 translations"),
    ({"q": "x", "translate": "1", "exclude": "k" * 301}, "at most 300 characters"),
])
def test_bad_parameters(aligned, params, message):
    response = aligned.get("/api/search", query_string=params)
    assert response.status_code == 400 and message in response.get_json()["error"]
    assert message in body(aligned, "/?" + urllib.parse.urlencode(params, doseq=True), 400)


def test_an_index_without_a_lexicon(web_index):  # noqa: F811
    client = create_app({"TESTING": True, "INDEX_DIR": str(web_index)}).test_client()
    assert client.get("/api/search?q=мигрант&translate=1").get_json()["translations"] is None
    assert "rebuild it to search across languages" in body(client, "/?q=мигрант&translate=1")


def test_the_lexicon_is_read_once_per_generation(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english, russian], lexicon=True)
    app = create_app({"INDEX_DIR": str(tmp_path)})
    with app.app_context():
        first = get_crosslang()
    with app.app_context():
        assert get_crosslang() is first and first.lexicon.candidates("ru", "мигрант")
    write_generation(tmp_path, [english], lexicon=True)
    with app.app_context():
        newer = get_crosslang()
        assert newer is not first and live_index().generation == 2


def _warmed(index, generation: int, seconds: float = 30.0):
    """Wait for the thread warming ``generation`` to end; return the cross-language data it read."""
    import threading

    for thread in threading.enumerate():
        if thread.name == f"warm-gen-{generation:06d}":
            thread.join(seconds)
    return index._cross


def test_a_warm_app_reads_the_lexicon_of_each_generation_it_opens(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english, russian], lexicon=True)
    index = create_app({"INDEX_DIR": str(tmp_path), "WARM": True}).extensions[EXTENSION]
    assert index.open() == 1
    generation, first = _warmed(index, 1)
    assert generation == 1 and first.lexicon.candidates("ru", "мигрант")
    made = aligned_arrays._LINKS.misses
    assert aligned_arrays.links(first).size > 0 and aligned_arrays._LINKS.misses == made  # made ahead, as arrays
    write_generation(tmp_path, [english, russian], lexicon=True)
    assert index.open() == 2
    generation, newer = _warmed(index, 2)
    assert generation == 2 and newer is not first
    cold = create_app({"INDEX_DIR": str(tmp_path)}).extensions[EXTENSION]
    cold.open()
    assert cold._cross is None  # read on the first search across languages only


def test_an_unreadable_lexicon_read_ahead_is_logged_and_searching_goes_on(tmp_path, caplog):
    english, russian = sample_docs()
    write_generation(tmp_path, [english, russian], lexicon=True)
    (store.current_generation(tmp_path).path / "lexicon.sqlite").write_bytes(b"not a database")
    app = create_app({"INDEX_DIR": str(tmp_path), "WARM": True})
    index = app.extensions[EXTENSION]
    index.open()
    assert _warmed(index, 1) == (1, None)
    assert "lexicon.sqlite" in caplog.text
    response = app.test_client().get("/api/search?q=мигрант&translate=1")
    assert response.status_code == 200 and response.get_json()["translations"] is None


TERMS = st.lists(st.sampled_from([
    "мигрант", "незаконный", "ввоз", "smuggling", "migrants", "Вена", "государства-члены", '"', "(", ")", "OR",
    "NOT", "-", "*", "~", "=", "lang:ru", "year:2012", " ", "2012", "A/CONF.222/11", "\u200b", "ё", "<b>",
]), max_size=10).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(q=st.one_of(TERMS, st.text(max_size=40)), lang=st.sampled_from(["any", "en", "ru"]),
       exclude=st.lists(st.text(max_size=30), max_size=3))
def test_searching_across_languages_never_fails(aligned, q, lang, exclude):
    response = aligned.get("/api/search", query_string={"q": q, "lang": lang, "translate": "1", "exclude": exclude})
    assert response.status_code in (200, 400)
    result = response.get_json()
    if response.status_code == 200:
        assert isinstance(result["translations"], list) and result["total"] >= len(result["hits"])
    else:
        assert result["error"]


def test_the_source_of_a_translation_is_named(seed_index_with_dictionary):
    client = create_app({"TESTING": True, "INDEX_DIR": str(seed_index_with_dictionary)}).test_client()
    page = body(client, "/?" + urllib.parse.urlencode({"q": "влияние", "lang": "en", "translate": "1"}))
    assert 'title="from the general dictionary">likely</span>' in page
    assert 'title="from the glossary">strong</span>' in body(
        client, "/?" + urllib.parse.urlencode({"q": QUERY, "lang": "en", "translate": "1"}))
    assert '<span class="evidence">dictionary</span>' in page
