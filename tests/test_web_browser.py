"""A translator's session in a real browser: headless Chromium (Debian's) driven by Playwright.

Types a query with a Russian phrase, reads a Russian hit with its words marked
(and, when the hit has a counterpart, the English side with its words marked
too), follows the permalink to the document page, which opens scrolled to the
paragraph with its pair marked, and saves screenshots at 1280 and 400 px in the
test's tmp dir (printed with ``-s``).

Cases, as data: the seed index (one Russian document, which has no counterpart:
none of the seeds translates another), the web sample (m–n links) and the
Charter and UDHR as the build aligns them.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from search_app import create_app
from tests.test_web_data import web_index  # noqa: F401  (fixture)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = (1280, 400)
TARGET_BACKGROUND = "rgb(255, 247, 214)"  # --target in style.css

# The Russian phrase finds the Russian paragraph; its English rendering, ORed in, marks the counterpart.
MIGRANTS = '"ввоз мигрантов" OR "smuggling of migrants"'
CASES = [
    pytest.param("seed_index", MIGRANTS, "мигрант", False, id="seeds"),
    pytest.param("web_index", MIGRANTS, "мигрант", True, id="sample"),
    pytest.param("pool_pair_index", '"права человека" OR "human rights"', "прав", True, id="charter-udhr"),
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed "
                                "(apt-get install chromium; .ci/run does it)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve(index_dir):
    """Start the app on 127.0.0.1 on a free port in a thread; return the server and its address."""
    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(index_dir)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.mark.parametrize("index_name, query, marked, must_have_counterpart", CASES)
def test_translator_session(browser, request, tmp_path, index_name, query, marked, must_have_counterpart):
    from playwright.sync_api import expect

    server, base = serve(request.getfixturevalue(index_name))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(base + "/")
        expect(page.locator(".glance")).to_contain_text("The corpus at a glance")
        page.fill("input[name=q]", query)
        page.locator(".langs label", has_text="Русский").click()
        page.press("input[name=q]", "Enter")
        expect(page.locator(".summary")).to_contain_text("hits for")

        row = page.locator("li.pair", has=page.locator(".side.hit[lang=ru] mark")).first
        expect(row.locator(".side.hit mark").first).to_be_visible()
        marks = row.locator(".side.hit mark").all_inner_texts()
        assert any(marked in m.lower() for m in marks), marks
        counterpart = row.locator(".side.counterpart")
        if must_have_counterpart or counterpart.count():
            expect(counterpart).to_have_attribute("lang", "en")
            expect(counterpart.locator("mark").first).to_be_visible()  # both sides of the pair marked
        shoot(page, tmp_path, "search")

        row.locator(".side.hit a.where").first.click()
        page.wait_for_url("**/doc/**")
        assert re.search(r"#(p|art|pos)\w", page.url), page.url  # a paragraph's anchor: by number, else position
        target = page.locator(".parallel .row:has(> .anchor:target), .versions .para:has(> .anchor:target)")
        expect(target).to_have_count(1)
        expect(target).to_be_in_viewport()
        expect(target).to_have_css("background-color", TARGET_BACKGROUND)
        expect(target.locator("[lang=ru] mark, mark").first).to_be_visible()
        if must_have_counterpart:
            expect(target.locator(".cell[lang=en] .para")).not_to_have_count(0)
            expect(target.locator(".cell[lang=ru] .para")).not_to_have_count(0)
        shoot(page, tmp_path, "doc")
    finally:
        page.close()
        server.shutdown()


@pytest.fixture(scope="module")
def sdg_index(tmp_path_factory, pool):
    from indexer.build.pipeline import build

    index_dir = tmp_path_factory.mktemp("sdg-index")
    assert build([pool / "sdg-goals-targets-indicators"], index_dir).ok
    return index_dir


@pytest.mark.parametrize("anchor, number", [("t4.1", "4.1"), ("t4.a", "4.a"), ("g4", "4")])
def test_an_anchor_with_dots_opens_its_row(browser, sdg_index, anchor, number):
    from playwright.sync_api import expect

    server, base = serve(sdg_index)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{base}/doc/sdg-goals@en#{anchor}")
        target = page.locator(".parallel .row:has(> .anchor:target)")
        expect(target).to_have_count(1)
        expect(target).to_be_in_viewport()
        expect(target).to_have_css("background-color", TARGET_BACKGROUND)
        expect(target.locator(".cell[lang=en] .num")).to_have_text(number)
        expect(target.locator(".cell[lang=ru] .num")).to_have_text(number)
    finally:
        page.close()
        server.shutdown()


def shoot(page, tmp_path, name: str) -> None:
    """Save the page at each width (the viewport, as a reader sees it) and say where."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if "#" in page.url:
            page.evaluate("document.querySelector(':target')?.scrollIntoView()")
        path = tmp_path / f"{name}-{width}.png"
        page.screenshot(path=str(path))
        print(f"screenshot: {path}")
    page.set_viewport_size({"width": 1280, "height": 900})
