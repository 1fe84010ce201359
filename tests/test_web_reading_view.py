"""The reading view of a long document (the Charter) in Debian's Chromium: contents that jump to the section,
find within the document, stepping from one marked word to the next."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.test_web_results_page import browser, site  # noqa: F401  (fixtures)
from tests.test_web_browser import CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed "
                                "(apt-get install chromium; .ci/run does it)")

CHARTER = "/doc/raw_un_charter_en@en"


@pytest.fixture()
def page(browser, site):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.site = site
    yield page
    page.close()


@pytest.mark.parametrize("heading, number", [
    ("Chapter VII: Action with Respect to Threats to the Peace, Breaches of the Peace, and Acts of Aggression", "VII"),
    ("Article 51", ""),
    ("Chapter XIX: Ratification and Signature", "XIX"),
])
def test_the_contents_jump_to_the_section(page, heading, number):
    page.goto(page.site + CHARTER)
    page.locator("details.toc > summary").click()
    page.locator("details.toc a", has_text=re.compile("^" + re.escape(heading) + "$")).click()
    target = page.locator(".parallel .row:has(> .anchor:target)")
    assert target.count() == 1
    page.wait_for_function("() => { const r = document.querySelector(':target').parentElement.getBoundingClientRect();"
                           " return r.top >= -2 && r.top < 200; }")
    assert target.locator(".cell[lang=en] .text").inner_text() == heading
    assert target.locator(".cell[lang=en] .num").inner_text() == number
    assert target.locator(".cell[lang=ru] .para").count() == 1  # the Russian heading beside it


@pytest.mark.parametrize("lang, chapter, article", [("en", "Chapter", "Article"), ("ru", "Глава", "Статья")])
def test_the_contents_list_every_heading_of_the_version(page, lang, chapter, article):
    page.goto(page.site + f"/doc/raw_un_charter_{lang}@{lang}")
    api = page.request.get(page.site + f"/api/doc/raw_un_charter_{lang}@{lang}").json()
    version = next(v for v in api["versions"] if v["lang"] == lang)
    headings = [p["text"] for p in version["paragraphs"] if p["kind"] == "heading"]
    entries = page.locator("details.toc li")
    assert entries.all_text_contents() == headings
    assert page.locator("details.toc li.depth-0").all_text_contents() == [h for h in headings if h.lower().startswith(chapter.lower())]
    depths = dict(zip(entries.all_text_contents(), entries.evaluate_all("es => es.map(e => e.className)")))
    assert {depths[h] for h in headings if h.startswith(article)} == {"depth-1"}
    assert {d for h, d in depths.items() if h.isupper()} == {"depth-1"}  # COMPOSITION, VOTING … in a chapter


def test_find_within_the_document_and_step_through_the_marks(page):
    page.goto(page.site + CHARTER)
    page.fill("form.find input[name=q]", '"Security Council"')
    page.press("form.find input[name=q]", "Enter")
    page.wait_for_url("**q=*")
    assert urllib.parse.urlsplit(page.url).path == CHARTER
    marks = page.locator(".parallel mark")
    total = marks.count()
    assert total > 100  # the Charter names the Council often, in both languages
    assert page.locator("#mark-position").inner_text() == f"{total} marked words"
    page.locator(".marks-nav button[data-step='1']").click()
    page.locator(".marks-nav button[data-step='1']").click()
    assert page.locator("#mark-position").inner_text() == f"2 of {total}"
    current = page.locator("mark.current")
    assert current.count() == 1 and current.evaluate("e => e === document.querySelectorAll('.parallel mark')[1]")
    page.wait_for_function("() => { const r = document.querySelector('mark.current').getBoundingClientRect();"
                           " return r.top > 0 && r.bottom < innerHeight; }")
    page.keyboard.press("Shift+N")  # back to the first
    assert page.locator("#mark-position").inner_text() == f"1 of {total}"
    page.locator(".marks-nav button[data-step='-1']").click()  # before the first: the last
    assert page.locator("#mark-position").inner_text() == f"{total} of {total}"


def test_without_marks_there_is_nothing_to_step_through_and_slash_goes_to_find(page):
    page.goto(page.site + CHARTER)
    assert page.locator(".marks-nav").is_hidden()
    page.keyboard.press("/")
    assert page.locator("form.find input[name=q]").evaluate("e => e === document.activeElement")
