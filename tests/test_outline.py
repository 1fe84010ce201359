"""The pieces of the structure reader on small texts: outline, continuation, lists, sub-headings, footnotes, rows."""

from __future__ import annotations

import pytest

from indexer.documents import Block
from indexer.ingest import footnotes, structure
from indexer.ingest.formats.untext import parse_text
from indexer.ingest.outline import Outline, heading_key
from indexer.ingest.paragraphs import continues
from indexer.ingest.segments import Segment

CONTENTS = ["I. Resolutions", "A. Resolutions", "B. Decisions", "II. Organization of the session"]


def _sections(headings, contents=CONTENTS):
    outline = Outline(contents)
    return [(text, outline.enter(level, text)) for level, text in headings] + [("(after)", outline.section())]


R = "I. Resolutions / A. Resolutions"


@pytest.mark.parametrize("headings, expected", [
    # an annex of a resolution and its chapters stay under the resolution; the report's own heading leaves them
    ([(10, "I. Resolutions"), (20, "A. Resolutions"), (30, "Resolution 5/5"), (40, "Review"), (35, "Annex I"),
      (40, "Terms"), (10, "I. Introduction"), (20, "A. Goals"), (20, "B. Decisions")],
     [None, "I. Resolutions", R, f"{R} / Resolution 5/5", f"{R} / Resolution 5/5 / Review",
      f"{R} / Resolution 5/5 / Review / Annex I", f"{R} / Resolution 5/5 / Review / Annex I / Terms",
      f"{R} / Resolution 5/5 / Review / Annex I / Terms / I. Introduction", "I. Resolutions",
      "I. Resolutions / B. Decisions"]),
    # the next resolution leaves the annex
    ([(10, "I. Resolutions"), (20, "A. Resolutions"), (30, "Resolution 5/5"), (35, "Annex II"), (40, "Themes"),
      (30, "Resolution 5/6")],
     [None, "I. Resolutions", R, f"{R} / Resolution 5/5", f"{R} / Resolution 5/5 / Annex II", R,
      f"{R} / Resolution 5/6"]),
    # an appendix follows its annex's chapters; its title and a subtitle sit over its own chapters
    ([(30, "Resolution 5/5"), (35, "Annex I"), (40, "Terms"), (10, "VIII. Participation"), (36, "Appendix II"),
      (40, "Blueprint"), (40, "Review by [names]"), (10, "I. Introduction")],
     [None, "Resolution 5/5", "Resolution 5/5 / Annex I", "Resolution 5/5 / Annex I / Terms",
      "Resolution 5/5 / Annex I / Terms", "Resolution 5/5 / Annex I / Terms / Appendix II",
      "Resolution 5/5 / Annex I / Terms / Appendix II / Blueprint",
      "Resolution 5/5 / Annex I / Terms / Appendix II / Blueprint / Review by [names]",
      "Resolution 5/5 / Annex I / Terms / Appendix II / Blueprint / Review by [names] / I. Introduction"]),
    # annexes after the last chapter are top-level sections
    ([(10, "XIII. Adoption of the report"), (35, "Annex I"), (40, "Financial statement"), (35, "Annex II")],
     [None, None, "Annex I", None, "Annex II"]),
    # unnumbered headings after the title of a resolution nest under it; a chapter closes them
    ([(30, "Decision 5/1"), (40, "Provisional agenda"), (40, "Provisional agenda of the Parties"), (40, "Other"),
      (10, "II. Organization of the session")],
     [None, "Decision 5/1", "Decision 5/1 / Provisional agenda", "Decision 5/1 / Provisional agenda",
      None, "II. Organization of the session"]),
])
def test_outline(headings, expected):
    assert [section for _, section in _sections(headings)] == expected


def test_without_contents_the_next_chapter_number_leaves_an_annex():
    headings = [(10, "I. Resolutions"), (30, "Resolution 1/1"), (35, "Annex"), (10, "I. Scope"),
                (10, "II. Organization"), (10, "III. Other")]
    assert [s for _, s in _sections(headings, contents=())][-4:] == [
        "I. Resolutions / Resolution 1/1 / Annex", None, None, "III. Other"]


@pytest.mark.parametrize("text, key", [
    ("Α.\tResolutions", "a. resolutions"), ("XI Adoption of the report.", "xi. adoption of the report"),
    ("B. Decisions", "b. decisions"), ("Deliberations", "deliberations"),
])
def test_heading_key_reads_contents_and_body_alike(text, key):
    assert heading_key(text) == key


@pytest.mark.parametrize("previous, number, text, after_break, joined", [
    ("consultative status with the Economic and Social", "7", "Council and relevant organizations.", False, True),
    ("the proposed programme budget for the biennium", "8", "2000-2001 (A/54/7), in which it notes this.", False, True),
    ("Ecuador, Norway, Australia, Algeria, Argentina,", "124", "Canada, the Dominican Republic and Chile.", False, True),
    ("members of the Group of", "4", "Asia-Pacific States) and El Salvador", False, True),
    ("whose marks end, in the", None, "case of a regional organization.", False, True),
    # ends of paragraphs
    ("The Conference of the Parties to the Convention,", None, "Recalling its resolution 5/1,", False, False),
    ("supplementing the Convention against Transnational Organized Crime, 17", None, "Recalling also its resolution 5/3,",
     False, False),
    ("The Bureau considered credentials at its 1st and 4th meetings.", "15", "At its 4th meeting, the Bureau", False, False),
    ("OR", None, "[A joint meeting between", False, False),
    ("Its report is as follows", "3", "Deliberations", False, False),  # a heading, not a continuation
    ("See the list in", "3", "A. Resolutions", False, False),
    ("The Conference decided", "3", "Deliberations", True, False),
])
def test_continues(previous, number, text, after_break, joined):
    block = Block(previous, number=number)
    assert continues(block, text, Segment([text], after_break=after_break)) is joined


@pytest.mark.parametrize("text, previous, expected", [
    ("1. Deliberations", 40, "1"), ("2. Action taken by the Conference", 40, "2"),
    ("41. Deliberations", 40, None),  # the next paragraph number: a paragraph
    ("1. Organizational matters:", None, None), ("5. Technical assistance.", None, None),
    ("- 9. Requests the Working Group on Firearms to continue advising and assisting the", 8, None),
    ("1. One two three four five six seven eight nine ten eleven twelve thirteen", None, None),
])
def test_numbered_subheading(text, previous, expected):
    assert structure.numbered_subheading(text, previous) == expected


@pytest.mark.parametrize("text, expected", [
    ("(a) Summary of information relevant to reviewing the implementation of the article", "(a)"),
    ("(e) Technical assistance needs", "(e)"), ("(b) Election of officers;", None),
    ("(f) General discussion.", None), ("- (a) Successes and good practices", None), ("Deliberations", None),
])
def test_lettered_subheading(text, expected):
    assert structure.lettered_subheading(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("18 bis. Regarding the review", ("18 bis", "Regarding the review")),
    ("37 septies. The technical expert group", ("37 septies", "The technical expert group")),
    ("18 bisque. Not a number", (None, "18 bisque. Not a number")),
])
def test_numbers_with_a_latin_suffix(text, expected):
    assert structure.parse_marker(text) == expected


@pytest.mark.parametrize("line, last, expected", [
    ("28 CTOC/COP/2012/CRP.6, annex II.", 27, ("28", "CTOC/COP/2012/CRP.6, annex II.")),
    ("28 CTOC/COP/2012/CRP.6, annex II.", 26, None),  # not the next footnote
    ("28 CTOC/COP/2012/CRP.6, annex II.", None, None),  # no footnote seen yet
    ("17 October 2012 was the last day.", 16, None),
    ("3 of the States parties replied.", 2, None),
    ("2\t(b)\tReport of the Secretariat", 1, None),  # a table row
])
def test_plain_footnote(line, last, expected):
    assert footnotes.plain_footnote(line, last) == expected


@pytest.mark.parametrize("text, mark, start", [
    ("Organized Crime, 14 and to fully implement", "14", 16),
    ("supplementing the Convention, 17", "17", 29),
    ("paragraphs 10, 11, 12, 14, 15, 16 and 17 of the resolution", "16", None),
    ("rule 17 of the rules of procedure", "17", None),
    ("held on 17 October", "17", None),
    ("Organized Crime, 14 And", "14", None),
])
def test_plain_mark(text, mark, start):
    found = footnotes.plain_mark(text, mark)
    assert (found.start() if found else None) == start


TEXT = """Distr.: General
1 January 2012

Original: English

The officers

1. The Conference elected the following officers:

President: A. B. (Kenya)

Carmen Buján Freire (Spain)

2. The session was held in Vienna, as decided by the Conference, 3

³ Resolution 1/1.

4 Ibid.

Document\tItem
L.1\t2 (a)

Document\tItem
L.2\t3
"""


def test_a_small_text_read_whole():
    doc = parse_text(TEXT, name="CTOC_COP_2012_1-EN.txt")
    assert [(p.kind, p.number, p.text, p.attached_to) for p in doc.paragraphs] == [
        ("heading", None, "The officers", None),
        ("paragraph", "1", "The Conference elected the following officers:", None),
        ("item", None, "President: A. B. (Kenya)", None),
        ("item", None, "Carmen Buján Freire (Spain)", None),
        ("paragraph", "2", "The session was held in Vienna, as decided by the Conference,", None),
        ("footnote", None, "Resolution 1/1.", 4),
        ("footnote", None, "Ibid.", 4),
        ("row", None, "Document | Item", None),
        ("row", None, "L.1 | 2 (a)", None),
        ("row", None, "L.2 | 3", None),
    ]
