"""The overview of a search on the Charter and the UDHR: facet counts equal the totals of the filtered searches,
the order by date, the document list and keyword-in-context views, and bad view or order parameters."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest

from indexer.search import facets
from search_app import create_app

# (query, across languages): a Russian phrase across languages, English words, one Russian word form
QUERIES = [("правам человека", True), ("Security Council", False), ("=права", False), ("self-defence", True)]
FILTER_OF = {"lang": lambda v: {"lang": v}, "doc": lambda v: {"doc": v}, "kind": lambda v: {"kind": v},
             "year": lambda v: {"year_from": v, "year_to": v}}


@pytest.fixture(scope="module")
def client(pool_pair_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(pool_pair_index)}).test_client()


def api_total(client, **params) -> int:
    response = client.get("/api/search?" + urllib.parse.urlencode(params))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["total"]


def page_facets(client, **params) -> dict[str, list[tuple[str, int]]]:
    """Return the facet links of a results page: ``{facet: [(the filter's query string, count)]}``."""
    page = client.get("/?" + urllib.parse.urlencode(params)).get_data(as_text=True)
    out: dict[str, list] = {}
    for name, body in re.findall(r'<section class="facet facet-(\w+)"(.*?)</section>', page, re.S):
        out[name] = [(href.replace("&amp;", "&"), int(n)) for href, n in
                     re.findall(r'<a href="/\?([^"]+)" data-count="(\d+)">', body)]
    return out


@pytest.mark.parametrize("query, across", QUERIES)
def test_every_facet_count_is_the_total_its_filter_finds(client, query, across):
    params = {"q": query, **({"translate": "1"} if across else {})}
    found = page_facets(client, **params)
    assert set(found) >= {"lang", "doc", "year", "kind"}
    for name, values in found.items():
        assert values, name
        for href, n in values:
            filtered = dict(urllib.parse.parse_qsl(href))
            assert filtered == {**params, **FILTER_OF[name](filtered.get(name) or filtered.get("year_from"))}
            assert api_total(client, **filtered) == n, (name, href)


@pytest.mark.parametrize("query, across", QUERIES)
def test_each_facet_but_the_language_adds_up_to_the_total(client, query, across):
    params = {"q": query, **({"translate": "1"} if across else {})}
    total = api_total(client, **params)
    found = page_facets(client, **params)
    for name in ("doc", "kind"):  # every paragraph has a document and a kind; the year may be unknown
        assert sum(n for _, n in found[name]) == total, name
    assert sum(n for _, n in found["year"]) <= total


def test_a_chosen_facet_is_shown_with_a_way_back(client):
    page = client.get("/?q=Security+Council&kind=heading").get_data(as_text=True)
    chosen = re.search(r'<section class="facet facet-kind".*?</section>', page, re.S).group()
    assert '<li class="chosen">' in chosen and 'aria-label="Remove this filter"' in chosen
    assert 'href="/?q=Security+Council"' in chosen  # the way back drops the filter and nothing else


def test_the_order_by_date_is_newest_document_first_then_reading_order(client, pool_pair_index):
    result = client.get("/api/search?q=rights&sort=date&limit=100").get_json()
    keys = [(h["date"] or "", h["doc_id"], h["position"]) for h in result["hits"]]
    assert len({k[0] for k in keys}) == 2  # the UDHR (1948) before the Charter (1945)
    newest_first = sorted(keys, key=lambda k: (-int(k[0].replace("-", "")), k[1], k[2]))
    assert keys == newest_first
    assert result["total"] == api_total(client, q="rights")  # the same hits, in another order


def test_the_document_list_counts_each_documents_hits(client):
    page = client.get("/?q=rights&view=docs").get_data(as_text=True)
    rows = re.findall(r'<tr>\s*<td><a href="(/doc/[^"]+)"[^>]*>([^<]+)</a>.*?<td class="n"><a href="/\?([^"]+)"[^>]*>(\d+)</a>',
                      page, re.S)
    assert {title for _, title, _, _ in rows} == {"Charter of the United Nations", "Universal Declaration of Human Rights"}
    assert sum(int(n) for *_, n in rows) == api_total(client, q="rights")
    for link, _, href, n in rows:
        assert link.endswith("?q=rights")
        assert api_total(client, **dict(urllib.parse.parse_qsl(href.replace("&amp;", "&")))) == int(n)


def test_keyword_in_context_centres_the_marked_word(client):
    page = client.get("/?q=%3Dправа&lang=ru&view=kwic").get_data(as_text=True)
    lines = re.findall(r'<div class="kwic-line" lang="ru">\s*<span class="left">([^<]*)</span>\s*'
                       r'<a class="key" href="[^"]+">([^<]*)</a>\s*<span class="right">([^<]*)</span>', page)
    hits = client.get("/api/search?q=%3Dправа&lang=ru&limit=20").get_json()["hits"]
    assert len(lines) == len(hits) > 10  # a page of hits, one line each
    assert {key.lower() for _, key, _ in lines} == {"права"}
    assert all(len(left.lstrip("…")) <= 60 and len(right.rstrip("…")) <= 60 for left, _, right in lines)
    assert page.count('<div class="kwic-line counterpart" lang="en">') == sum(1 for h in hits if h["aligned"])


@pytest.mark.parametrize("params, message", [
    ({"q": "rights", "view": "grid"}, "view must be one of pairs, kwic, docs, not 'grid'"),
    ({"q": "rights", "sort": "oldest"}, "sort must be one of relevance, date, not 'oldest'"),
    ({"q": "rights", "doc": "x" * 301}, "doc is too long (at most 300 characters)"),
])
def test_a_bad_view_order_or_document_says_what_is_wrong(client, params, message):
    response = client.get("/?" + urllib.parse.urlencode(params))
    assert response.status_code == 400 and message in html.unescape(response.get_data(as_text=True))
    if "view" not in params:
        api = client.get("/api/search?" + urllib.parse.urlencode(params))
        assert api.status_code == 400 and api.get_json()["error"] == message


def test_an_unknown_document_filter_finds_nothing_and_says_so(client):
    page = client.get("/?q=rights&doc=no-such-document").get_data(as_text=True)
    assert "<strong>0</strong> hits" in page and "Nothing found" in page


def test_the_columns_cover_every_paragraph(pool_pair_index):
    from indexer.storage.generations import open_index

    ix = open_index(pool_pair_index)
    try:
        with ix.searcher() as searcher:
            cols = facets.columns(searcher)
            assert (cols.version >= 0).all() and (cols.lang >= 0).all() and (cols.kind >= 0).all()
            assert {v.doc_id for v in cols.versions} == {"raw_un_charter_en@en", "raw_un_charter_ru@ru",
                                                         "A/RES/217 (III)@en", "A/RES/217 (III)@ru"}
            assert facets.columns(searcher) is cols  # kept for the index's contents
    finally:
        ix.close()


def test_a_warm_app_reads_the_facets_columns_ahead(tmp_path):
    import threading

    from indexer.engine.contents import contents_key
    from search_app.index import EXTENSION
    from tests.test_web_data import sample_docs, write_generation

    write_generation(tmp_path, list(sample_docs()), lexicon=True)
    index = create_app({"INDEX_DIR": str(tmp_path), "WARM": True}).extensions[EXTENSION]
    assert index.open() == 1
    for thread in threading.enumerate():
        if thread.name == "warm-gen-000001":
            thread.join(30)
    searcher, generation = index.checkout()
    try:
        kept = facets._COLUMNS.get(contents_key(searcher))
        assert kept is not None and {v.doc_id for v in kept.versions} == {"A/CONF.222/11@en", "A/CONF.222/11@ru"}
    finally:
        index.checkin(searcher, generation)


def test_a_long_facet_shows_thirty_values_and_links_the_document_list(parallel_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(parallel_index)}).test_client()
    page = client.get("/?q=development").get_data(as_text=True)
    facet = re.search(r'<section class="facet facet-doc".*?</section>', page, re.S).group()
    documents = page_facets(client, q="development")["doc"]
    assert len(documents) == 30 and facet.count("<li") == 30
    listed = re.search(r'<p class="all"><a href="/\?q=development&amp;view=docs">All ([\d,]+) documents</a>', facet)
    rows = client.get("/?q=development&view=docs").get_data(as_text=True).count("<tr>") - 1  # the head
    assert listed and int(listed.group(1).replace(",", "")) == rows > 30
