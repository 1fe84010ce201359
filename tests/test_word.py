"""The Word importer on .docx files made from the seeds with python-docx: numbering, footnotes, failures."""

from __future__ import annotations

import zipfile

import docx
import pytest

from indexer.ingest import formats as parsing
from indexer.errors import InputError
from indexer.ingest.formats import word
from tests.makers import body, footnotes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="session")
def seed_docx(seed_002_as):
    return seed_002_as("docx")[:2]


@pytest.fixture(scope="session")
def seed_docx_doc(seed_002_as):
    return seed_002_as("docx")[2]


def test_the_docx_has_what_real_ones_have(seed_docx):
    path, _ = seed_docx
    document = docx.Document(str(path))
    body_xml = document.element.body
    assert len(body_xml.findall(f".//{W}numPr")) > 150  # Word lists, not typed numbers
    refs = body_xml.findall(f".//{W}footnoteReference")
    assert len(refs) == 30 and sum(1 for r in refs if r.get(f"{W}customMarkFollows") is None) >= 8
    assert document.sections[0].header.paragraphs[0].text == "CTOC/COP/2012/15"
    typed = [p.text for p in document.paragraphs if p.text.startswith(("1.", "(a)"))]
    assert typed == ["1. Deliberations"] * 3  # the numbered sub-headings are headings, written as they read


def test_docx_gives_the_paragraphs_of_the_text_file(seed_docs, seed_docx, seed_docx_doc):
    _, made = seed_docx
    # Word cannot hold a footnote without its mark: the maker cited four that the text file lost at their paragraph's end.
    assert made.marked == {98: "⁹", 109: "¹⁴", 134: "¹⁷", 312: "²⁵"}
    expected = [(k, n, t + made.marked.get(pos, ""), s) for pos, (k, n, t, s) in
                zip([p.position for p in seed_docs["002"].paragraphs if p.kind != "footnote"], body(seed_docs["002"]))]
    assert body(seed_docx_doc) == expected


def test_docx_gives_the_footnotes_of_the_text_file(seed_docs, seed_docx_doc):
    got, expected = footnotes(seed_docx_doc), footnotes(seed_docs["002"])
    assert {m: t for m, (t, _) in got.items()} == {m: t for m, (t, _) in expected.items()}
    assert {m: a for m, (_, a) in got.items() if expected[m][1]} == {m: a for m, (_, a) in expected.items() if a}


def test_docx_metadata_and_no_header_or_footer(seed_docs, seed_docx_doc):
    doc, text = seed_docx_doc, seed_docs["002"]
    assert (doc.symbol, doc.lang, doc.date, doc.original_lang, doc.title, doc.fmt) == (
        "CTOC/COP/2012/15", "en", text.date, "en", text.title, "docx")
    assert not any("V.12-57118" in p.text or p.text == "CTOC/COP/2012/15" for p in doc.paragraphs)


def test_cover_table_and_symbol_of_the_header(tmp_path, seed_docs):
    """Seed 004 with its cover in a table (the body's name beside Distr.) and its symbol only in the page header."""
    from tests.docx_maker import docx_from_document

    path = tmp_path / "report-004.docx"
    docx_from_document(seed_docs["004"], path, header="CTOC/COP/2014/8", cover_left=1, job="V.14-03870")
    assert len(docx.Document(str(path)).tables) == 1
    [doc] = word.parse(path)
    text = seed_docs["004"]
    assert (doc.symbol, doc.date, doc.original_lang, doc.title) == ("CTOC/COP/2014/8", text.date, "en", text.title)
    assert body(doc) == body(text)
    assert footnotes(doc) == footnotes(text)


def _write(path, build):
    document = docx.Document()
    build(document)
    document.save(str(path))
    return path


def _lists(document):
    document.add_paragraph("The Working Group held its meeting in Vienna.")
    for text in ("Encourages States to develop strategies;", "Requests the Secretariat to report;"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("A point of a bulleted list.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Item", (0, 1): "Amount", (1, 0): "Travel", (1, 1): "23,000"}.items():
        table.cell(r, c).text = text


def test_style_numbering_bullets_and_tables(tmp_path):
    [doc] = word.parse(_write(tmp_path / "lists.docx", _lists))
    assert [(p.kind, p.number, p.text) for p in doc.paragraphs] == [
        ("paragraph", None, "The Working Group held its meeting in Vienna."),
        ("paragraph", "1", "Encourages States to develop strategies;"),
        ("paragraph", "2", "Requests the Secretariat to report;"),
        ("paragraph", None, "A point of a bulleted list."),
        ("row", None, "Item | Amount"),  # a table row, its cells apart
        ("row", None, "Travel | 23,000"),
    ]


@pytest.mark.parametrize("n, fmt, shown", [
    (1, "decimal", "1"), (27, "lowerLetter", "aa"), (3, "upperLetter", "C"), (14, "upperRoman", "XIV"),
    (9, "lowerRoman", "ix"), (7, "decimalZero", "07"),
])
def test_number_formats(n, fmt, shown):
    assert word.format_number(n, fmt) == shown


def _ole(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    return path


def _not_word(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    return path


@pytest.mark.parametrize("name, make, reason", [
    ("old.doc", _ole, "Word 97–2003 .doc format is not supported: save it as .docx"),
    ("text.docx", lambda p: p.write_text("plain text") and p, "not a .docx file (not a zip package)"),
    ("other.docx", _not_word, "not a Word document (the zip package holds no Word body)"),
    ("empty.docx", lambda p: _write(p, lambda d: None), "no paragraphs: the Word file has no text content"),
    ("cut.docx", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(40)) and p, "damaged .docx (the zip package is cut short or broken)"),
])
def test_unreadable_word_files_are_reported(tmp_path, name, make, reason):
    path = make(tmp_path / name) or tmp_path / name
    with pytest.raises(InputError) as caught:
        parsing.parse_path(path)
    assert caught.value.reason == reason
