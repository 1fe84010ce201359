"""The PDF importer on UN-style PDFs made from the seeds: the same paragraphs as the text file, and the failures."""

from __future__ import annotations

import pytest

from indexer.ingest import formats as parsing
from indexer.build.pipeline import build
from indexer.errors import InputError
from indexer.ingest.pagerows import rows
from indexer.ingest.formats import pdf
from tests.conftest import SEED_001
from tests.makers import body, footnotes
from tests.pdf_maker import encrypted_pdf, font_files, image_pdf, pdf_from_document, with_scanned_pages

pytestmark = pytest.mark.skipif(font_files() is None, reason="no TrueType font with Cyrillic letters installed")


@pytest.fixture(scope="session")
def seed_pdf(seed_002_as):
    """Seed 002 as a 28-page UN-style PDF: its path and what the maker did."""
    return seed_002_as("pdf")[:2]


@pytest.fixture(scope="session")
def seed_pdf_doc(seed_002_as):
    return seed_002_as("pdf")[2]


def test_the_pdf_has_what_real_ones_have(seed_pdf):
    from pdfminer.high_level import extract_text

    path, made = seed_pdf
    assert made.pages > 20
    assert len(made.split) >= 5 and len(made.hyphenated) >= 20  # paragraphs across page breaks, broken words
    raw = extract_text(str(path), page_numbers=[1, 2, 3])  # pages 2 to 4
    assert "V.12-57118" in raw and "CTOC/COP/2012/15" in raw  # footers and running headers are there to drop
    heads = [head for _, head, page in made.hyphenated if 2 <= page <= 4]
    assert heads and all(head in raw for head in heads)


def test_pdf_gives_the_paragraphs_of_the_text_file(seed_docs, seed_pdf_doc):
    assert body(seed_pdf_doc) == body(seed_docs["002"])


def test_pdf_gives_the_footnotes_of_the_text_file(seed_docs, seed_pdf_doc):
    expected = footnotes(seed_docs["002"])
    assert len(expected) == 30
    assert footnotes(seed_pdf_doc) == expected


def test_pdf_metadata(seed_docs, seed_pdf_doc):
    text = seed_docs["002"]
    got = seed_pdf_doc
    assert (got.symbol, got.lang, got.date, got.original_lang, got.title, got.fmt) == (
        "CTOC/COP/2012/15", "en", text.date, "en", text.title, "pdf")
    assert got.doc_id == "CTOC/COP/2012/15@en"


def test_paragraphs_cut_by_page_breaks_and_hyphens_are_whole(seed_pdf, seed_pdf_doc):
    _, made = seed_pdf
    texts = {p.text for p in seed_pdf_doc.paragraphs}
    for cut in made.split:
        assert any(cut in t or t.endswith(cut) for t in texts), cut[:80]
    words = set(" ".join(texts).split())
    for word, head, _ in made.hyphenated:
        assert word in words and head not in words
    assert not any(p.text.endswith("-") for p in seed_pdf_doc.paragraphs)


def test_small_pdf_of_another_seed(tmp_path, seed_docs):
    path = tmp_path / "CTOC_COP_2014_8-EN.pdf"
    pdf_from_document(seed_docs["004"], path, job="V.14-03870")
    [doc] = pdf.parse(path)
    assert doc.symbol == "CTOC/COP/2014/8"  # from the file name
    assert body(doc) == body(seed_docs["004"])
    assert footnotes(doc) == footnotes(seed_docs["004"])


def test_the_longest_seed_comes_back_too(tmp_path, seed_docs):
    """Seed 003: 69 pages, contents entries cut by page breaks, annexes, lists; text and numbers as the text file's.

    Its tables are written as plain lines (the text file's table rows lose their tabs when parsed), so the
    kind of those rows is not compared.
    """
    path = tmp_path / "report-003.pdf"
    made = pdf_from_document(seed_docs["003"], path)
    [doc] = pdf.parse(path)
    assert made.pages > 60
    assert [(n, t) for _, n, t, _ in body(doc)] == [(n, t) for _, n, t, _ in body(seed_docs["003"])]
    assert footnotes(doc) == footnotes(seed_docs["003"])


def test_russian_pdf_with_a_two_column_cover(tmp_path, seed_docs):
    """Seed 001 with its cover as UN covers are: the body's name on the left, Distr. and language lines on the right."""
    path = tmp_path / "report-001.pdf"
    pdf_from_document(seed_docs["001"], path, header="CTOC/COP/WG.7/2012/2", cover_left=1, job="V.12-54321")
    [top, *_] = rows(pdf.read_pages(path)[0])
    assert top.text == "United Nations\tCTOC/COP/WG.7/2012/2"
    assert any(r.text == "Конференция участников\tDistr.: General" for r in rows(pdf.read_pages(path)[0]))
    [doc] = pdf.parse(path)
    text = seed_docs["001"]
    assert (doc.symbol, doc.lang, doc.date, doc.original_lang, doc.title) == (
        "CTOC/COP/WG.7/2012/2", "ru", text.date, "en", text.title)
    assert body(doc) == body(text)
    assert footnotes(doc) == footnotes(text)


@pytest.fixture(scope="module")
def bad_pdfs(tmp_path_factory, seed_docs):
    folder = tmp_path_factory.mktemp("bad-pdfs")
    good = folder / "CTOC_COP_2014_8-EN.pdf"
    pdf_from_document(seed_docs["004"], good)
    image_pdf(folder / "scanned.pdf", pages=2)
    encrypted_pdf(good, folder / "locked.pdf")
    with_scanned_pages(good, folder / "mixed.pdf", folder / "scanned.pdf")
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4\nthis is no PDF at all\n")
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "text.pdf").write_bytes(b"Just some words in a file called .pdf")
    return folder


@pytest.mark.parametrize("name, reason", [
    ("scanned.pdf", "no text layer: needs OCR (the pages are images)"),
    ("locked.pdf", "encrypted: the PDF needs a password to be read"),
    ("garbage.pdf", "not a readable PDF (PDFSyntaxError: No /Root object! - Is this really a PDF?)"),
    ("truncated.pdf", "truncated or damaged PDF (it ends unexpectedly)"),
    ("empty.pdf", "empty file"),
    ("text.pdf", "not a PDF file (no %PDF header)"),
])
def test_unreadable_pdfs_are_reported(bad_pdfs, name, reason):
    with pytest.raises(InputError) as caught:
        parsing.parse_path(bad_pdfs / name)
    assert caught.value.reason == reason
    assert caught.value.path.endswith(name)


def test_build_skips_bad_pdfs_and_indexes_the_rest(bad_pdfs, tmp_path, caplog):
    summary = build([bad_pdfs], tmp_path / "ix")
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason for f in summary.failures}
    assert set(reasons) == {"scanned.pdf", "locked.pdf", "garbage.pdf", "truncated.pdf", "empty.pdf", "text.pdf"}
    assert summary.documents == 2  # the good PDF and the one with scanned pages
    assert "mixed.pdf: 2 of 3 pages have no text layer (needs OCR): 2, 3" in caplog.text


def test_pdf_with_some_scanned_pages_keeps_its_text(bad_pdfs, seed_docs):
    [doc] = pdf.parse(bad_pdfs / "mixed.pdf")
    assert body(doc) == body(seed_docs["004"])
    assert doc.warnings == ("2 of 3 pages have no text layer (needs OCR): 2, 3",)


@pytest.mark.parametrize("name, head, importer", [
    ("report.pdf", b"%PDF-1.7\n", "PDF"),
    ("report.bin", b"%PDF-1.4\n%\xe2\xe3", "PDF"),
    ("report.PDF", b"", "PDF"),
    ("report.txt", b"Distr.: General", "UN text"),
])
def test_sniffing(tmp_path, name, head, importer):
    path = tmp_path / name
    path.write_bytes(head)
    assert parsing.importer_for(path).NAME == importer


def test_build_reads_pdf_and_text_side_by_side(tmp_path, seed_docs):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED_001.name).write_bytes(SEED_001.read_bytes())
    pdf_from_document(seed_docs["004"], corpus / "CTOC_COP_2014_8-EN.pdf")
    summary = build([corpus], tmp_path / "ix")
    assert summary.ok and (summary.files, summary.documents) == (2, 2)
    assert summary.paragraphs == len(seed_docs["001"].paragraphs) + len(seed_docs["004"].paragraphs)
