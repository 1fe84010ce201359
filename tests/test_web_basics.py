"""What every page offers a reader: one h1, a skip link, an icon, a last page that is the last, a cached answer said so."""

from __future__ import annotations

import re

import pytest

from search_app import create_app
from tests.test_web_data import SYMBOL, web_index  # noqa: F401


@pytest.fixture(scope="module")
def client(web_index):  # noqa: F811
    return create_app({"TESTING": True, "INDEX_DIR": str(web_index)}).test_client()


@pytest.mark.parametrize("url, status, h1", [
    ("/", 200, "Search United Nations documents in English and Russian"),
    ("/?q=migrants", 200, "Search United Nations documents in English and Russian"),
    ("/?q=%22unclosed", 400, "Search United Nations documents in English and Russian"),
    (f"/doc/{SYMBOL}", 200, None),  # the document's title
    ("/help", 200, "Query syntax"),
    ("/doc/NO/SUCH/DOC", 404, "Not found"),
])
def test_every_page_has_one_h1_and_a_skip_link(client, url, status, h1):
    response = client.get(url)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert len(headings) == 1
    if h1 is not None:
        assert headings[0].strip() == h1
    skip = re.search(r'<a class="skip" href="#([\w-]+)">', page)
    assert skip and f'id="{skip.group(1)}"' in page  # the skip link lands somewhere


def test_the_skip_link_of_a_results_page_goes_to_the_results(client):
    page = client.get("/?q=migrants").get_data(as_text=True)
    assert '<a class="skip" href="#results">Skip to the results</a>' in page
    assert page.index('id="results"') < page.index('<ol class="results">')


@pytest.mark.parametrize("url", ["/favicon.ico", "/static/favicon.svg"])
def test_the_icon_is_served(client, url):
    response = client.get(url)
    body = response.get_data(as_text=True)
    response.close()
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert body.startswith("<svg")


def test_a_page_past_the_last_goes_to_the_last(client):
    first = client.get("/?q=migrants").get_data(as_text=True)
    last = int(re.search(r"page 1 of (\d+)", first).group(1))
    response = client.get("/?q=migrants&lang=en&page=20")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"page={last}") and "lang=en" in response.headers["Location"]
    landed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"page {last} of {last}" in landed and '<ol class="results">' in landed


def test_a_cached_answer_says_so(client):
    fresh = client.get("/?q=smuggling+of+migrants").get_data(as_text=True)
    again = client.get("/?q=smuggling+of+migrants").get_data(as_text=True)
    assert "answered from the cache" not in fresh and re.search(r"· [\d.]+ ms", fresh)
    assert "answered from the cache" in again


@pytest.mark.parametrize("url, fragment", [
    ("/?q=migrants", '<span class="q" lang="en">migrants</span>'),
    ("/?q=%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82%D0%BE%D0%B2", '<span class="q" lang="ru">мигрантов</span>'),
    ("/?q=smugglng", 'lang="en">smuggling</a>?'),
    ("/?q=%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82%D0%B2", 'lang="ru">мигрантов</a>?'),
])
def test_words_carry_their_language(client, url, fragment):
    assert fragment in client.get(url).get_data(as_text=True)


def test_a_number_with_a_slash_or_a_dot_is_an_anchor_as_written(client):
    page = client.get("/doc/CTOC/COP/2012/15@en").get_data(as_text=True)
    assert 'id="p6_1"' in page and 'id="p6/1"' in page  # "Resolution 6/1": #p6/1 finds it as #p6_1 does
    assert page.count('id="p6/1"') == 1  # the number used again (in another section) keeps its own anchor
    assert re.search(r'id="pos\d+"', page)  # positions still answer for links made before numbers had anchors
