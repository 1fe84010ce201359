"""The UN text importer on the real seeds: metadata, furniture, footnotes, numbers, continuations."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from indexer.documents import FOOTNOTE, HEADING, PARAGRAPH
from indexer.ingest.formats.untext import parse_text

JOB_NUMBER = re.compile(r"^[A-Z]\.\d{2}-\d{5}")


@pytest.mark.parametrize(
    "seed, lang, date, original, symbol",
    [
        ("001", "ru", dt.date(2012, 7, 10), "en", None),
        ("002", "en", dt.date(2012, 11, 5), "en", "CTOC/COP/2012/15"),
        ("003", "en", dt.date(2010, 12, 2), "en", None),
        ("004", "en", dt.date(2014, 6, 12), "en", None),
    ],
)
def test_metadata(seed_docs, seed, lang, date, original, symbol):
    doc = seed_docs[seed]
    assert (doc.lang, doc.date, doc.original_lang, doc.symbol) == (lang, date, original, symbol)


@pytest.mark.parametrize(
    "seed, title",
    [
        ("001", "Доклад о работе совещания Рабочей группы по незаконному ввозу мигрантов, проходившего "
                "в Вене 30 мая – 1 июня 2012 года"),
        ("002", "Report of the Conference of the Parties to the United Nations Convention against Transnational "
                "Organized Crime on its sixth session, held in Vienna from 15 to 19 October 2012"),
        ("004", "Report on the meeting of the Working Group of Government Experts on Technical Assistance held "
                "in Vienna from 28 to 30 October 2013"),
    ],
)
def test_title(seed_docs, seed, title):
    assert seed_docs[seed].title == title


def test_offsets_slice_the_document_text(seed_docs):
    for doc in seed_docs.values():
        for p in doc.paragraphs:
            assert doc.text[p.start:p.end] == p.text
            assert p.text == p.text.strip() and p.text


def test_no_paragraph_is_page_furniture(seed_docs):
    for doc in seed_docs.values():
        for p in doc.paragraphs:
            assert not JOB_NUMBER.match(p.text), p
            assert p.text != "CTOC/COP/2012/15"
            assert not p.text.isdigit(), p
            assert "Distr." not in p.text


def test_no_markdown_marks_left(seed_docs):
    for doc in seed_docs.values():
        for p in doc.paragraphs:
            assert "**" not in p.text and "<i>" not in p.text and "\\$" not in p.text
            assert not re.search(r"(?<!\w)\*\w", p.text), p.text


@pytest.mark.parametrize(
    "seed, number, starts",
    [
        ("002", "1", "At its sixth session, held in Vienna from 15 to 19 October 2012, the Conference"),
        ("002", "8", "Encourages the United Nations Office on Drugs and Crime to make use of the technical"),
        ("002", "9", "Acknowledges the ongoing efforts made by the United Nations Office on Drugs and Crime"),
        ("001", "1", "В своей резолюции 5/3 под названием"),
        ("001", "3", "Рабочая группа по незаконному ввозу мигрантов провела свое первое совещание"),
        ("004", "4", "The Working Group of Government Experts on Technical Assistance held its seventh meeting"),
    ],
)
def test_numbered_paragraphs(seed_docs, seed, number, starts):
    found = [p for p in seed_docs[seed].paragraphs if p.number == number and p.kind == PARAGRAPH]
    assert found and found[0].text.startswith(starts)


def test_paragraph_cut_by_footnotes_is_joined(seed_docs):
    doc = seed_docs["002"]
    [p] = [p for p in doc.paragraphs if "promote and disseminate such tools and" in p.text]
    assert p.number == "8"
    assert "such tools and to continue facilitating the exchange of experiences" in p.text
    assert p.text.endswith("an online digest newsletter;")


def test_paragraph_cut_mid_sentence_before_capital_is_joined(seed_docs):
    doc = seed_docs["002"]
    [p] = [p for p in doc.paragraphs if "high-level briefing for" in p.text]
    assert "high-level briefing for Member States on challenges" in p.text


def test_lowercase_continuation_after_page_break(seed_docs):
    doc = seed_docs["003"]
    [p] = [p for p in doc.paragraphs if "dimensions of transnational organized crime, as already noted" in p.text]
    assert "as already noted by the Conference in its decision 4/2, in which" in p.text


@pytest.mark.parametrize(
    "seed, marker, text, attached_starts",
    [
        ("001", "*", "СТОС/COP/2012/1.", "Пункт 2 (с) предварительной повестки дня"),
        ("004", "*", "CTOC/COP/2014/1.", "Item 5 of the provisional agenda"),
        ("002", "3", "United Nations, Treaty Series, vol. 2225, No. 39574.", "Notes with appreciation"),
    ],
)
def test_footnotes(seed_docs, seed, marker, text, attached_starts):
    doc = seed_docs[seed]
    [note] = [p for p in doc.paragraphs if p.kind == FOOTNOTE and p.marker == marker and p.text == text][:1]
    assert doc.paragraphs[note.attached_to].text.startswith(attached_starts)


def test_headings_and_sections(seed_docs):
    doc = seed_docs["002"]
    headings = {p.text: p for p in doc.paragraphs if p.kind == HEADING}
    assert headings["Resolution 6/1"].number == "6/1"
    assert headings["A. Resolutions"].number == "A"
    [p] = [p for p in doc.paragraphs if p.number == "8" and "disseminate such tools" in p.text]
    assert p.section.startswith("I. Resolutions and decisions adopted by the Conference / A. Resolutions / Resolution 6/1")


def test_greek_look_alike_heading_letter_is_folded(seed_docs):
    texts = [p.text for p in seed_docs["002"].paragraphs]
    assert "A. Resolutions" in texts
    assert not any(t.startswith("Α.") for t in texts)  # Greek capital Alpha


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. First point.\n2. Second point.", [("1", "First point."), ("2", "Second point.")]),
        ("- 8. Encourages States;\n- 9. Acknowledges", [("8", "Encourages States;"), ("9", "Acknowledges")]),
        ("(a) To consider options;\n(ii) To prepare", [("(a)", "To consider options;"), ("(ii)", "To prepare")]),
        ("The text is imple-\nmented here.", [(None, "The text is implemented here.")]),
        ("Costs \\$23,000 in **total**.", [(None, "Costs $23,000 in total.")]),
        ("The <i>Treaty Series</i> is cited.", [(None, "The Treaty Series is cited.")]),
    ],
)
def test_small_texts(text, expected):
    doc = parse_text(text, name="t.txt")
    assert [(p.number, p.text) for p in doc.paragraphs if p.kind == PARAGRAPH] == expected


def test_symbol_and_language_from_file_name():
    doc = parse_text("Some text that is in English, of course, and long enough to tell.", name="CTOC_COP_2012_15-RU.txt")
    assert (doc.symbol, doc.lang, doc.doc_id) == ("CTOC/COP/2012/15", "ru", "CTOC/COP/2012/15@ru")


def test_sidecar_overrides(tmp_path):
    from indexer.ingest.formats.untext import parse

    path = tmp_path / "report.txt"
    path.write_text("1. The Conference adopted the report of the meeting.", encoding="utf-8")
    (tmp_path / "report.meta.json").write_text('{"symbol": "a/res/70/1", "date": "2015-09-25"}', encoding="utf-8")
    [doc] = parse(path)
    assert (doc.symbol, doc.date) == ("A/RES/70/1", dt.date(2015, 9, 25))


@pytest.mark.parametrize("text", ["", "\n\n\n", "***", "12\n\n13", "\t\t"])
def test_parser_is_total_on_odd_text(text):
    doc = parse_text(text, name="odd.txt")
    assert all(p.text for p in doc.paragraphs)
