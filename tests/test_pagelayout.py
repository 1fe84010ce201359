"""Page layout rules on positioned lines written by hand: rows, furniture, footnotes, paragraphs, page turns."""

from __future__ import annotations

import pytest

from indexer.ingest.pagelayout import NEW, ON, UNSURE, Measure, layout_text, page_turn
from indexer.ingest.pagerows import Line, Page, Row, rows, split_footnotes

W, H = 595.0, 842.0
LEFT, RIGHT = 72.0, 523.0
MEASURE = Measure(left=LEFT, right=RIGHT, pitch=12.0, size=10.0)


def line(text, y, x0=LEFT, x1=RIGHT, size=10.0):
    return Line(text, x0, x1, y, size)


def row(text, x0=LEFT, x1=RIGHT, size=10.0, y=500.0):
    return Row.of(text, x0, x1, y, size)


@pytest.mark.parametrize("lines, expected", [
    ([line("Crime", 700, x1=100), line("3", 703.5, x0=100, x1=103, size=6.0)], ["Crime³"]),
    ([line("A. Resolutions", 700, x1=150), line("3", 700, x0=500, x1=506)], ["A. Resolutions\t3"]),
    ([line("of the", 700, x1=102), line("Convention", 700.4, x0=105, x1=160)], ["of the Convention"]),
    ([line("second", 688), line("first", 700)], ["first", "second"]),
    ([line("  ", 700), line("text", 690)], ["text"]),
])
def test_rows(lines, expected):
    assert [r.text for r in rows(Page(W, H, tuple(lines)))] == expected


def _page(*body, header="CTOC/COP/2012/15", footer="{n}", n=1):
    lines = [line(header, 800, x0=430, x1=RIGHT)] if header else []
    lines += [line(text, 730 - 12 * i, x0=x0, x1=x1) for i, (text, x0, x1) in enumerate(body)]
    lines += [line(footer.format(n=n), 40, x0=RIGHT - 10, x1=RIGHT)] if footer else []
    return Page(W, H, tuple(lines))


FULL = (LEFT, RIGHT)
SHORT = (LEFT, 300.0)


def test_running_header_and_footer_are_dropped_and_the_symbol_kept():
    pages = [_page((f"Text of page {word} that runs to the margin", *FULL), ("and ends here.", *SHORT), n=n)
             for n, word in ((1, "one"), (2, "two"), (3, "three"))]
    layout = layout_text(pages)
    assert layout.symbol == "CTOC/COP/2012/15"
    assert "CTOC/COP" not in layout.text and "\n3\n" not in layout.text
    assert layout.text.split("\n\n")[0] == "Text of page one that runs to the margin and ends here."


def test_a_line_repeated_in_the_body_is_kept():
    pages = [_page(("Recalling its resolution 5/1,", *SHORT), ("Recalling its resolution 5/1,", *SHORT), n=n)
             for n in (1, 2, 3)]
    assert layout_text(pages).text.count("Recalling its resolution 5/1,") == 6


def test_footnotes_at_the_foot_in_a_smaller_font():
    body = [row("the Convention³ has reached one hundred", x1=RIGHT), row("and seventy-two;", x1=200)]
    notes = [row("³ United Nations, Treaty Series,", size=8.0), row("vol. 2225.", size=8.0),
             row("⁴ Ibid.", size=8.0)]
    kept, found, carried = split_footnotes(body + notes, 10.0)
    assert kept == body and carried == []
    assert found == [["³ United Nations, Treaty Series,", "vol. 2225."], ["⁴ Ibid."]]


def test_small_rows_without_a_mark_continue_the_last_footnote_of_the_page_before():
    rows_ = [row("Body text.", x1=200), row("2326, No. 39574.", size=8.0), row("5 CTOC/COP/2012/7.", size=8.0)]
    kept, found, carried = split_footnotes(rows_, 10.0)
    assert (kept, found, carried) == ([rows_[0]], [["⁵ CTOC/COP/2012/7."]], ["2326, No. 39574."])


@pytest.mark.parametrize("last, first, marked, justified, turn", [
    # a full last line, the sentence unfinished: runs on
    (row("and requests the Office to promote and disseminate such tools and"), row("to continue facilitating"),
     False, True, ON),
    # a full last line ending a sentence, the next page at the margin, in a document of indents: runs on
    (row("of the Convention."), row("The Conference"), True, True, ON),
    # the same, but the next page starts indented: a new paragraph
    (row("of the Convention."), row("The Conference", x0=LEFT + 28), True, True, NEW),
    # a short last line: the paragraph ended
    (row("of the Convention.", x1=300), row("the Conference"), True, True, NEW),
    # a list item or heading starts the next page
    (row("and requests the Office to"), row("9. Acknowledges the efforts"), True, True, NEW),
    (row("and requests the Office to"), row("B. Decisions"), True, True, NEW),
    # a table row ends the page
    (row("VI. International cooperation\t14"), row("Deliberations"), True, True, NEW),
    # a contents entry cut by the page break: its end and page number start the next page
    (row("B. General debate of the high-level segment on new and emerging forms of", x1=483), row("crime\t12"),
     False, True, ON),
    # ragged text: the layout cannot tell
    (row("of the Convention.", x1=480), row("The Conference"), False, False, UNSURE),
    (row("of the Convention."), row("The Conference"), False, True, UNSURE),
])
def test_page_turn(last, first, marked, justified, turn):
    assert page_turn(last, first, MEASURE, marked=marked, justified=justified) == turn


def test_paragraph_across_a_page_break_is_joined_and_its_footnotes_follow():
    indent = (LEFT + 28, RIGHT)
    page1 = _page(("Recalling the resolution entitled “Ensuring effective", *indent),
                  ("implementation of the Convention”, and noting the work¹", LEFT, 400.0),
                  ("Noting the relevance of the high-level briefing for the", *indent),
                  ("States and the organizations concerned, held in New", *FULL), n=1)
    page1 = Page(W, H, page1.lines + (line("¹ CTOC/COP/2012/7.", 90, size=8.0),))
    page2 = _page(("York on 7 February 2012,", LEFT, 200.0),
                  ("Acknowledging the high-level work of the group,", LEFT + 28, 300.0), n=2)
    page3 = _page(("Taking note of the results.", LEFT + 28, 300.0), n=3)
    text = layout_text([page1, page2, page3]).text
    assert text.split("\n\n") == [
        "Recalling the resolution entitled “Ensuring effective implementation of the Convention”, and noting the work¹",
        "Noting the relevance of the high-level briefing for the States and the organizations concerned, "
        "held in New York on 7 February 2012,",
        "¹ CTOC/COP/2012/7.",
        "Acknowledging the high-level work of the group,",
        "Taking note of the results.",
    ]


def test_unsure_page_break_is_left_to_the_text_rules():
    page1 = _page(("The Conference adopted the report.", LEFT, 480.0), ("Its text is annexed.", LEFT, 480.0), n=1)
    page2 = _page(("The Bureau met twice.", LEFT, 470.0), n=2)
    assert layout_text([page1, page2]).text.split("\n\n") == [
        "The Conference adopted the report. Its text is annexed.", "\f", "The Bureau met twice."]


@pytest.mark.parametrize("lines, joined", [
    (["the implemen-", "tation of"], "the implementation of"),
    (["a high-", "level meeting"], "a high-level meeting"),  # the document writes high-level elsewhere
    (["the Inter-", "American Convention"], "the Inter-American Convention"),
    (["the counter\u00ad", "part"], "the counterpart"),
])
def test_line_end_hyphens(lines, joined):
    page = _page(*[(t, *FULL) for t in lines[:-1]], (lines[-1], LEFT, 200.0),
                 ("See the high-level segment.", LEFT + 28, 250.0), header=None, footer=None)
    assert layout_text([page]).text.split("\n\n")[0] == joined


def test_empty_pages_are_counted():
    layout = layout_text([Page(W, H, ()), _page(("Text.", LEFT, 200.0), n=2)])
    assert (layout.pages, layout.empty_pages, layout.text) == (2, (1,), "Text.")
