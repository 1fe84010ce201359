"""Pages on a narrow phone screen (360 px) in a real browser: nothing wider than the screen, nothing to scroll sideways."""

from __future__ import annotations

import pytest

from tests.test_web_browser import CHROMIUM, serve
from tests.test_web_browser import browser  # noqa: F401  (fixture)
from tests.test_web_data import SYMBOL, cross_index  # noqa: F401  (fixture)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed "
                                "(apt-get install chromium; .ci/run does it)")

PAGES = [
    "/",
    "/?q=%22smuggling+of+migrants%22&translate=1",  # translations used and the renderings table
    "/?q=%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82%D0%BE%D0%B2&lang=en&translate=1",
    "/?q=migrants&view=kwic",  # keyword in context: long lines cut, not wider
    "/?q=migrants&view=docs",  # the documents with their hits
    f"/doc/{SYMBOL}",
    f"/doc/{SYMBOL}?q=migrants",  # find within the document, the marked words to step through
    "/help",
    "/doc/NO/SUCH/DOCUMENT",  # the error page
    "/?q=%22unclosed",  # a query that cannot be read, with its caret line
]


@pytest.fixture(scope="module")
def site(cross_index):  # noqa: F811
    server, base = serve(cross_index)
    yield base
    server.shutdown()


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_wider_than_a_phone(browser, site, path):  # noqa: F811
    page = browser.new_page(viewport={"width": 360, "height": 780})
    try:
        page.goto(site + path)
        widths = page.evaluate("""() => {
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' '
                          + Math.round(e.getBoundingClientRect().right));
            return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
                    wide: wide.slice(0, 8)};
        }""")
        assert widths["scroll"] <= widths["client"], widths
    finally:
        page.close()
