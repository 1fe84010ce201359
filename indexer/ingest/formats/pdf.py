"""PDF files as UN documents are published (``CTOC_COP_2012_15-EN.pdf``), read with pdfminer.six.

pdfminer gives every character with its font size and position; lines of text
are taken from its layout analysis, with footnote marks (small raised digits)
written as superscript digits and a raised letter as ``^a``, and
:mod:`indexer.ingest.pagelayout` turns the pages into the text the UN text importer
reads (running headers and footers out,
footnotes, paragraphs rejoined across page breaks, line-end hyphens undone).
The rest, paragraph numbers, headings, footnote links and cover-page metadata,
is the text importer's (:func:`indexer.ingest.formats.untext.parse_text`), so a PDF and
the text extracted from it give the same document.

A PDF without a text layer (scanned pages), one that needs a password, and one
whose streams inflate past the limit of :mod:`indexer.ingest.unpacked` are
reported and skipped.  A sidecar ``NAME.meta.json`` works as for text files.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.documents import Document
from indexer.errors import InputError
from indexer.files import open_regular
from indexer.ingest.formats.untext import companions, parse_text, read_sidecar  # noqa: F401 - companions: the sidecar is read with the file

if TYPE_CHECKING:
    from indexer.ingest.pagerows import Line, Page

NAME = "PDF"

EXTENSIONS = (".pdf",)
MAGIC = b"%PDF-"
SUPERSCRIPT_SIZE = 0.8  # a character smaller than this share of its line's font size …
SUPERSCRIPT_RISE = 0.15  # … and raised by this share of it is a footnote mark
MAX_PAGES = 5000

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# pdfminer logs every odd object at WARNING; the importer reports what matters itself.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def sniff(path: Path, head: bytes) -> bool:
    """Take ``.pdf`` files and any file that starts like a PDF."""
    return path.suffix.lower() in EXTENSIONS or head.lstrip()[:5] == MAGIC


def parse(path: Path) -> list[Document]:
    """Read a PDF into one document; raise :class:`InputError` when it is encrypted, scanned or broken."""
    from indexer.ingest.pagelayout import layout_text  # the page geometry, only when a PDF is read

    pages = read_pages(path)
    layout = layout_text(pages)
    if not layout.text.strip():
        raise InputError(path, "no text layer: needs OCR (the pages are images)")
    doc = parse_text(layout.text, name=path.name, source=str(path), overrides=read_sidecar(path),
                     symbol_hint=layout.symbol, fmt="pdf", marked_pages=True)
    if not doc.paragraphs:
        raise InputError(path, "no paragraphs: the PDF has no text content")
    if layout.empty_pages:
        pages_list = ", ".join(map(str, layout.empty_pages[:10])) + (" …" if len(layout.empty_pages) > 10 else "")
        warning = f"{len(layout.empty_pages)} of {layout.pages} pages have no text layer (needs OCR): {pages_list}"
        doc = replace(doc, warnings=(*doc.warnings, warning))
    return [doc]


def read_pages(path: Path) -> list[Page]:
    """Return the pages of a PDF as positioned lines; raise :class:`InputError` saying why it cannot be read."""
    # pdfminer.six, the bounded parser built on it and the page model: loaded only when a PDF is read
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.psexceptions import PSEOF, PSException
    from indexer.ingest import unpacked
    from indexer.ingest.pdfstreams import BoundedParser, Budget

    try:
        with open_regular(path) as fh:
            head = fh.read(1024)
            if not head.strip():
                raise InputError(path, "empty file")
            if head.lstrip()[:5] != MAGIC:
                raise InputError(path, "not a PDF file (no %PDF header)")
            fh.seek(0)
            try:
                document = PDFDocument(BoundedParser(fh, Budget(path, unpacked.limit())), password="")
            except PDFPasswordIncorrect:
                raise InputError(path, "encrypted: the PDF needs a password to be read") from None
            except PDFEncryptionError as exc:
                raise InputError(path, f"encrypted with an unsupported method ({exc})") from None
            resources = PDFResourceManager(caching=True)
            device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))  # text in form XObjects too
            interpreter = PDFPageInterpreter(resources, device)
            pages = []
            for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
                if number > MAX_PAGES:
                    raise InputError(path, f"too many pages (more than {MAX_PAGES})")
                interpreter.process_page(pdf_page)
                pages.append(_page(device.get_result()))
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(path, "file not found (removed while indexing?)") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    except PSEOF:
        raise InputError(path, "truncated or damaged PDF (it ends unexpectedly)") from None
    except (PSException, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError) as exc:
        raise InputError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not pages:
        raise InputError(path, "the PDF has no pages")
    return pages


def _page(layout) -> Page:
    """Turn a pdfminer page layout into a :class:`Page` of lines."""
    # pdfminer.six and the page model: loaded only when a PDF is read
    from pdfminer.layout import LTTextContainer, LTTextLine
    from indexer.ingest.pagerows import Page

    lines = []

    def walk(item):
        if isinstance(item, LTTextLine):
            line = _line(item)
            if line is not None:
                lines.append(line)
        elif isinstance(item, LTTextContainer) or hasattr(item, "__iter__"):
            for child in item:
                walk(child)

    for item in layout:
        walk(item)
    return Page(layout.width, layout.height, tuple(lines))


def _line(text_line) -> Line | None:
    """Return a pdfminer text line as a :class:`Line`, footnote marks as superscript digits."""
    # pdfminer.six and the page model: loaded only when a PDF is read
    from pdfminer.layout import LTChar
    from indexer.ingest.pagerows import Line

    chars = [c for c in text_line if isinstance(c, LTChar)]
    if not chars:
        return None
    size = max(c.size for c in chars)
    main = [c for c in chars if c.size >= SUPERSCRIPT_SIZE * size]
    base = sorted(c.y0 for c in main)[len(main) // 2]
    pieces = []
    raised = False
    for item in text_line:
        text = item.get_text()
        was_raised, raised = raised, False
        if isinstance(item, LTChar):
            raised = item.size < SUPERSCRIPT_SIZE * size and item.y0 > base + SUPERSCRIPT_RISE * size
            if raised and text.isdigit():
                text = text.translate(_SUPERSCRIPT)
            elif raised and text.isalpha() and not was_raised:
                text = "^" + text  # a letter mark (ᵃ), written as the text importer reads it: ^a
        elif text == "\n":
            continue
        pieces.append(text)
    text = "".join(pieces)
    if not text.strip():
        return None
    return Line(text, min(c.x0 for c in chars), max(c.x1 for c in chars), base, size)
