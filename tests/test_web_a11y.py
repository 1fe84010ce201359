"""Accessibility: axe-core (from the npm registry, installed by ``make axe``) run in Debian's Chromium on the search,
document and help pages finds no serious or critical violation, with every folded part opened."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.conftest import ROOT
from tests.test_web_results_page import browser, site  # noqa: F401  (fixtures)
from tests.test_web_browser import CHROMIUM

AXE = ROOT / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium; .ci/run does it)"),
    pytest.mark.skipif(not AXE.exists(), reason=f"{AXE} not installed (`make axe` installs axe-core with npm)"),
]

RUSSIAN_ACROSS = {"q": "правам человека", "translate": "1"}
PAGES = [
    "/",
    "/?" + urllib.parse.urlencode(RUSSIAN_ACROSS),
    "/?" + urllib.parse.urlencode({**RUSSIAN_ACROSS, "view": "kwic"}),
    "/?" + urllib.parse.urlencode({**RUSSIAN_ACROSS, "view": "docs"}),
    "/?" + urllib.parse.urlencode({**RUSSIAN_ACROSS, "doc": "doc:raw_un_charter_en@en", "kind": "paragraph"}),
    "/?" + urllib.parse.urlencode({**RUSSIAN_ACROSS, "exclude": "ru:право>en:law", "sort": "date"}),  # one turned off
    "/?q=%22unclosed",
    "/doc/raw_un_charter_en@en?q=%22Security+Council%22",
    "/doc/A/RES/217%20(III)@ru?q=права",
    "/help",
    "/doc/NO/SUCH/DOCUMENT",
]
BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violation(browser, site, path, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)  # axe is injected
    page = context.new_page()
    try:
        page.goto(site + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.keyboard.press("j")  # a current hit, outlined, where there are hits
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        blocking = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
                    for v in found["violations"] if v["impact"] in BLOCKING]
        assert not blocking, blocking
    finally:
        context.close()
