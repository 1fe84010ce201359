"""The structure of seeds 002 and 003 where it went wrong before: sections, page-break joins, lists, sub-headings,
footnotes and tables, each case as the document has it."""

from __future__ import annotations

import pytest

RES = "I. Resolutions and decisions adopted by the Conference"
RES_55 = (f"{RES} / A. Resolutions / Resolution 5/5 / Review of the implementation of the United Nations Convention "
          "against Transnational Organized Crime and the Protocols thereto")
TERMS = (f"{RES_55} / Annex I / Terms of reference of the mechanism for the review of implementation of the United "
         "Nations Convention against Transnational Organized Crime and the Protocols thereto")
BLUEPRINT = (f"{TERMS} / Appendix II / Blueprint for country review reports and executive summaries / Review by "
             "[names of reviewing States] of the implementation by [name of State under review] of article(s) "
             "[number(s) of articles] of the United Nations Convention against Transnational Organized Crime [and "
             "articles [numbers] of the Protocols thereto] for the review cycle [time frame]")
OFFICERS_002 = "II. Organization of the session / B. Election of officers"


def _find(doc, start: str, kind: str | None = None):
    """Return the one paragraph of ``doc`` whose text starts with ``start`` (and is of ``kind``)."""
    found = [p for p in doc.paragraphs if p.text.startswith(start) and (kind is None or p.kind == kind)]
    assert len(found) == 1, [(p.position, p.kind, p.text[:60]) for p in found]
    return found[0]


@pytest.mark.parametrize("seed, start, kind, number, section", [
    # resolutions 5/6-5/8 and the decisions sit under "A. Resolutions" / "B. Decisions", not under a template heading
    ("003", "Resolution 5/6", "heading", "5/6", f"{RES} / A. Resolutions"),
    ("003", "Endorses the recommendations of the meeting", "paragraph", "1",
     f"{RES} / A. Resolutions / Resolution 5/6 / Implementation of the provisions on technical assistance of the "
     "United Nations Convention against Transnational Organized Crime"),
    ("003", "Resolution 5/8", "heading", "5/8", f"{RES} / A. Resolutions"),
    ("003", "B. Decisions", "heading", "B", RES),
    ("003", "Decision 5/2", "heading", "5/2", f"{RES} / B. Decisions"),
    ("003", "To meet when the President of the Conference", "paragraph", "(c)",
     f"{RES} / B. Decisions / Decision 5/2 / Establishment of a committee of the whole"),
    # the quoted template's headings stay inside the template
    ("003", "D. Implementation of selected articles of the Protocol on [name]", "heading", "D",
     f"{BLUEPRINT} / IV. Implementation of the Convention and its Protocols"),
    ("003", "(b) Observations on the implementation of the article", "heading", None,
     f"{BLUEPRINT} / IV. Implementation of the Convention and its Protocols / C. Implementation of selected articles "
     "of the Convention / Article [number of article]"),
    # the annex chapters of resolution 5/5 stay under it, its appendices under the annex
    ("003", "I. Introduction", "heading", "I", TERMS),
    ("003", "Regarding the review of the Protocols", "paragraph", "18 bis",
     f"{TERMS} / IV. Review process / B. Country review / 1. Conduct of the country review"),
    ("003", "Appendix I", "heading", "I", TERMS),
    ("003", "II. Specific guidance for the conduct of the review", "heading", "II",
     f"{TERMS} / Appendix I / Guidelines for governmental experts and the secretariat in the conduct of country reviews"),
    ("003", "Annex II", "heading", "II", RES_55),
    # the report's annexes are top-level sections, not under "XIII. Adoption of the report"
    ("003", "Annex I", "heading", "I", None),
    ("003", "Annex X", "heading", "X", None),
    ("003", "Hence, adoption of draft decision CTOC/COP/2010/L.10", "paragraph", "4",
     "Annex IX / Financial statement on the draft decision entitled “Establishment of a committee of the whole”*"),
    # officers, speakers: list items in their section
    ("002", "Rapporteur: Consolata Kiragu (Kenya)", "item", None, OFFICERS_002),
    ("002", "John Brandolino (United States of America)", "item", None, OFFICERS_002),
    ("003", "Ali Khashan, Minister of Justice", "item", None,
     "III. High-level segment / B. General debate of the high-level segment on new and emerging forms of crime"),
    ("003", "Rapporteur: Elizabeth Verville", "item", None, "II. Organization of the session / B. Election of officers"),
    # numbered sub-headings are headings without a paragraph number
    ("002", "2. Action taken by the Conference", "heading", None,
     "IV. Review of the implementation of the United Nations Convention against Transnational Organized Crime and the "
     "Protocols thereto / A. United Nations Convention against Transnational Organized Crime"),
])
def test_where_paragraphs_sit(seed_docs, seed, start, kind, number, section):
    found = [p for p in seed_docs[seed].paragraphs
             if p.kind == kind and (p.text == start if kind == "heading" else p.text.startswith(start))]
    if start in ("Annex I", "Annex II"):  # resolution 5/5 has its own annexes I and II, the report another pair
        found = [p for p in found if p.section == section]
    assert [(p.number, p.section) for p in found[:1]] == [(number, section)]  # "I. Introduction" of the template follows


@pytest.mark.parametrize("seed, before, after, numbers", [
    ("003", "with the Economic and Social", "Council and relevant non-governmental organizations", ["7"]),
    ("003", "Australia, Algeria, Argentina,", "Canada, the Dominican Republic and Chile.", ["124"]),
    # the seven financial statements cite the same report, each cut by a page break somewhere
    ("003", "first report of the Advisory Committee on the proposed programme budget for the biennium",
     "2000-2001 (A/54/7), in which the Committee", ["8", "7", "8", "8", "6", "4", "14"]),
    ("003", "such as the Inter-American", "Convention against the Illicit Manufacturing of and Trafficking in", [None]),
    ("003", "information for that report, and invites", "Member States and other donors to provide extrabudgetary", ["8"]),
    ("002", "consultative status with the Economic and", "Social Council were represented by observers.", ["8"]),
])
def test_a_sentence_cut_by_a_page_break_is_one_paragraph(seed_docs, seed, before, after, numbers):
    joined = [p for p in seed_docs[seed].paragraphs if f"{before} {after}" in p.text]
    assert [p.number for p in joined] == numbers and {p.kind for p in joined} == {"paragraph"}
    assert not [p for p in seed_docs[seed].paragraphs if p.text.startswith(after)]


@pytest.mark.parametrize("seed, first, second", [
    # a paragraph that ends in a comma without a number is a preamble clause: the next one starts afresh
    ("002", "Recalling article 32 of the United Nations Convention", "Recalling also its resolution 5/3"),
    ("002", "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime,",
     "Recalling its resolution 5/1 of 22 October 2010"),
    # a finished sentence ends its paragraph, whatever follows
    ("002", "The Conference considered the issue of credentials", "At its 4th meeting, the Bureau also heard"),
    ("003", "[Optional: 6. A country visit", "OR"),
    ("003", "OR", "[A joint meeting between"),
])
def test_a_paragraph_end_stays_an_end(seed_docs, seed, first, second):
    body = [p for p in seed_docs[seed].paragraphs if p.kind != "footnote"]
    at = next(i for i, p in enumerate(body) if p.text.startswith(first))
    assert body[at + 1].text.startswith(second)


@pytest.mark.parametrize("seed, section, items", [
    ("002", OFFICERS_002, 7),
    ("003", "III. High-level segment / B. General debate of the high-level segment on new and emerging forms of crime", 18),
    ("003", "II. Organization of the session / B. Election of officers", 10),
])
def test_list_entries_are_items_not_headings(seed_docs, seed, section, items):
    in_section = [p for p in seed_docs[seed].paragraphs if p.section == section]
    assert [p.kind for p in in_section].count("item") == items
    assert "heading" not in [p.kind for p in in_section]


@pytest.mark.parametrize("seed, headings", [("002", 6), ("003", 10)])
def test_numbered_sub_headings_are_headings_so_p1_is_a_paragraph(seed_docs, seed, headings):
    paragraphs = seed_docs[seed].paragraphs
    subs = [p for p in paragraphs if p.text.startswith(("1. ", "2. ")) and p.kind == "heading"]
    assert len(subs) == headings and all(p.number is None for p in subs)
    assert not [p for p in paragraphs if p.number in ("1", "2") and p.text.startswith(("Deliberations", "Action"))]


@pytest.mark.parametrize("marker, text, cited_by, gone", [
    ("28", "CTOC/COP/2012/CRP.6, annex II.", "At its 10th meeting, on 19 October 2012, the Conference adopted a revised "
     "draft resolution (CTOC/COP/2012/L.5/Rev.2)", None),
    ("14", "United Nations, Treaty Series, vol. 2326, No. 39574.", "Invites States that have not yet done so", " 14 and"),
    ("17", "Ibid., vol. 2241, No. 39574.", "Recalling article 32 of the United Nations Convention", ", 17"),
])
def test_footnotes_belong_to_the_paragraph_citing_them(seed_docs, marker, text, cited_by, gone):
    doc = seed_docs["002"]
    [note] = [p for p in doc.paragraphs if p.kind == "footnote" and p.marker == marker]
    cited = doc.paragraphs[note.attached_to]
    assert note.text == text and cited.text.startswith(cited_by)
    assert note.section == cited.section
    assert not [p for p in doc.paragraphs if p.kind != "footnote" and p.text.startswith(f"{marker} {text[:10]}")]
    if gone:
        assert gone not in cited.text  # the plain-digit mark is taken out of the text
    assert {"14": 109, "17": 134}.get(marker, cited.position) == cited.position


def test_the_list_of_documents_is_a_table_with_its_header_once(seed_docs):
    rows = [p for p in seed_docs["003"].paragraphs if p.kind == "row"]
    assert len(rows) == 35
    assert [p.text for p in rows[:2]] == ["Document number | Agenda item | Title or description",
                                          "CTOC/COP/2010/1 | 1 (c) | Provisional agenda and annotations"]
    assert [p.text for p in rows].count(rows[0].text) == 1
    assert "CTOC/COP/2010/L.1 and Add. 1-11 | | Draft report" in [p.text for p in rows]
    assert {p.section for p in rows} == {"Annex X / List of documents before the Conference at its fifth session"}


@pytest.mark.parametrize("seed, cited", [("001", "Пункт 2 (с) предварительной повестки дня*"),
                                         ("004", "Item 5 of the provisional agenda*")])
def test_a_footnote_of_the_cover_opens_no_section(seed_docs, seed, cited):
    doc = seed_docs[seed]
    [note] = [p for p in doc.paragraphs if p.kind == "footnote" and p.marker == "*"]
    heading = doc.paragraphs[note.attached_to]
    assert (heading.kind, heading.section, note.section) == ("heading", None, None)
    assert heading.text == cited  # as written: the look-alike letters of numbered headings only are folded
    assert not [p for p in doc.paragraphs if p.section and p.section.startswith(cited)]
