"""The results page in Debian's Chromium, on the Charter and the UDHR: the first hit in the first screen, the
translations folded and told in words, examples by keyboard and touch, copy buttons, facets, keys."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.test_web_browser import CHROMIUM, browser, serve  # noqa: F401 - browser: the fixture, shared

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed "
                                "(apt-get install chromium; .ci/run does it)")

HUMAN_RIGHTS = "/?" + urllib.parse.urlencode({"q": "правам человека", "translate": "1"})
SCREENS = [(1280, 800), (390, 844)]


@pytest.fixture(scope="module")
def site(pool_pair_index):
    server, base = serve(pool_pair_index)
    yield base
    server.shutdown()


@pytest.fixture()
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.site = site
    yield page
    context.close()


def api(page, **params) -> dict:
    return page.request.get(page.site + "/api/search?" + urllib.parse.urlencode(params)).json()


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width, height", SCREENS)
def test_the_first_hit_is_in_the_first_screen(browser, site, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(site + HUMAN_RIGHTS)
        text = page.locator("ol.results > li").first.locator(".side.hit .text").first.bounding_box()
        assert 0 < text["y"] and text["y"] + min(text["height"], 3 * 26) <= height, text  # three lines at least
        folded = page.locator("details.translations")
        assert folded.get_attribute("open") is None
        summary = folded.locator("> summary").bounding_box()
        assert summary["height"] < 3 * 26  # one line, two on a phone
        assert page.locator(".renderings > details").get_attribute("open") is None
    finally:
        page.close()


def test_translations_are_told_in_words_and_the_weak_ones_wait_behind_more(page):
    page.goto(page.site + HUMAN_RIGHTS)
    used = api(page, q="правам человека", translate="1")["translations"]
    page.locator("details.translations > summary").click()
    chips = page.locator("details.translations .chips > ul > li")
    weak = page.locator("details.translations details.weak li")
    shown = chips.all_inner_texts()
    assert shown and all(re.search(r"\b(strong|likely)\b", t) and not re.search(r"\d\.\d", t) for t in shown)
    assert weak.count() + chips.count() == len(used)
    assert weak.count() and not weak.first.is_visible()  # behind "N weak translations" until opened
    page.locator("details.weak > summary").click()
    assert all(re.search(r"\bweak\b", t) for t in weak.all_inner_texts())


@pytest.mark.parametrize("how", ["keyboard", "touch"])
def test_example_pairs_open_by_keyboard_and_touch(browser, site, how):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=how == "touch")
    page = context.new_page()
    try:
        page.goto(site + HUMAN_RIGHTS)
        for summary in (page.locator(".renderings > details > summary"), page.locator("details.examples > summary").first):
            if how == "keyboard":
                summary.focus()
                page.keyboard.press("Enter")
            else:
                summary.tap()
        example = page.locator("details.examples .example").first
        assert example.is_visible()
        sides = example.locator("p")
        assert sides.nth(0).get_attribute("lang") == "ru" and sides.nth(1).get_attribute("lang") == "en"
        assert example.locator("p[lang=ru] mark").count() and example.locator("p[lang=en] mark").count()  # terms marked
    finally:
        context.close()


def test_renderings_are_in_the_case_the_text_uses(page):
    page.goto(page.site + "/?" + urllib.parse.urlencode({"q": "Security Council", "translate": "1"}))
    summary = page.locator(".renderings > details > summary").inner_text()
    assert "Security Council was rendered as Совета Безопасности" in summary
    found = api(page, q="Security Council", translate="1")["renderings"]
    assert (found["term"], found["renderings"][0]["text"]) == ("security council", "совета безопасности")  # the lexicon's


@pytest.mark.parametrize("button, expected", [
    ("side", lambda hit: hit["text"]),
    ("pair", lambda hit: "\n".join(r["text"] for r in sorted([hit, *hit["aligned"]], key=lambda r: r["lang"]))),
    ("cite", lambda hit: hit["citation"]),
])
@pytest.mark.parametrize("api_works", [True, False])
def test_a_copy_button_puts_plain_text_on_the_clipboard(page, button, expected, api_works):
    if not api_works:  # the fallback: a selected text area copied by the browser
        page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('refused'));")
    page.goto(page.site + HUMAN_RIGHTS)
    hit = api(page, q="правам человека", translate="1", limit=1)["hits"][0]
    page.locator("ol.results > li").first.locator(f".side.hit button[data-copy={button}]").click()
    assert words(clipboard(page)) == words(expected(hit)) if button != "pair" else clipboard(page) == expected(hit)
    assert page.locator("#copy-status").inner_text() == "Copied"


def test_keys_slash_j_k_c_and_enter(page):
    page.goto(page.site + HUMAN_RIGHTS)
    hits = api(page, q="правам человека", translate="1", limit=2)["hits"]
    box = page.locator("form.search input[name=q]")
    page.keyboard.press("/")
    assert box.evaluate("e => e === document.activeElement")
    page.keyboard.press("Tab")  # out of the box: the keys are typed into it otherwise
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("j")
    page.keyboard.press("j")
    rows = page.locator("ol.results > li")
    assert rows.nth(1).evaluate("e => e === document.activeElement && e.classList.contains('current')")
    page.keyboard.press("k")
    assert rows.nth(0).evaluate("e => e === document.activeElement") and rows.nth(1).get_attribute("class") == "pair"
    page.keyboard.press("c")
    expected = "\n".join(r["text"] for r in sorted([hits[0], *hits[0]["aligned"]], key=lambda r: r["lang"]))
    page.wait_for_function("expected => navigator.clipboard.readText().then(t => t === expected)", arg=expected)
    page.keyboard.press("Enter")
    page.wait_for_url("**/doc/**")
    assert urllib.parse.unquote(page.url).split("/doc/")[1].startswith(hits[0]["doc_id"])


@pytest.mark.parametrize("facet", ["doc", "year", "kind", "lang"])
def test_a_facet_click_filters_and_its_count_is_the_total(page, facet):
    page.goto(page.site + HUMAN_RIGHTS)
    link = page.locator(f".facet-{facet} li a").last
    count = int(link.get_attribute("data-count"))
    link.click()
    page.wait_for_load_state()
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))
    assert api(page, **params)["total"] == count
    assert page.locator(".summary strong").inner_text().replace(",", "") == str(count)
    assert page.locator(f".facet-{facet} li.chosen").count() == 1


def test_the_order_switch_and_the_views(page):
    page.goto(page.site + "/?q=rights")
    page.locator(".sorts a", has_text="newest first").click()
    dates = page.locator("ol.results .side.hit time").all_inner_texts()
    assert dates == sorted(dates, reverse=True) and "sort=date" in page.url
    page.locator(".views a", has_text="In context").click()
    assert page.locator("ol.kwic > li").count() == page.locator(".toolbar").count() * 20
    page.locator(".views a", has_text="Documents").click()
    assert page.locator("table.documents tbody tr").count() == 2
