"""Plain text with one whole paragraph per line, such as the Charter of the United Nations scraped from un.org.

There is no cover page, no running header and no line wrapping; blank lines
appear here and there and mean nothing.  Every non-blank line becomes one
paragraph, so **paragraph position k is the k-th non-blank line** of the file
(:func:`line_numbers` gives the 1-based line number of each position).

``Chapter I: …`` / ``Глава I: …`` lines are headings numbered by their Roman
numeral; ``Article 1`` / ``Статья 1`` lines are headings numbered ``1``.  They
set the section of the lines that follow, in English in every language
(``Chapter I > Article 1``), so that the language versions share anchors.

The Charter of the United Nations is recognised by its preamble
(:mod:`indexer.ingest.charter`): it gets its title and date, the format
``charter`` (cited ``Charter, Art. 51``), and its articles' paragraphs their
numbers (``51``, ``1(2)``, ``13(1)(a)``).  A sidecar ``NAME.meta.json``
overrides the metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from analyzers.language import detect_language
from analyzers.scripts import TO_LATIN
from indexer.documents import HEADING, PARAGRAPH, Block, Document, assemble, make_doc_id
from indexer.ingest import charter, sidecar
from indexer.ingest.sidecar import companions  # noqa: F401 - the metadata sidecar is read with the file
from indexer.ingest.encoding import decode, read_text
from indexer.errors import InputError
from indexer.symbols import from_filename

NAME = "paragraph lines"

EXTENSIONS = (".txt",)
# The cover page of a UN document, which the UN text importer reads.
COVER_RE = re.compile(r"^\s*Distr\.?\s*:", re.M)
CHAPTER_RE = re.compile(r"^\s*(?:Chapter|Глава)\s+([IVXLCІХС]+)(?=\s*[:.\-–—]|\s*$)", re.I)
ARTICLE_RE = re.compile(r"^\s*(?:Article|Статья)\s+(\d+)\s*[.:]?\s*$", re.I)
PARAGRAPH_LINE_CHARS = 60  # a line longer than this is a whole paragraph, not a wrapped line
MIN_PARAGRAPH_LINE_SHARE = 0.6  # share of non-blank lines that must be long lines or headings
HEAD_BYTES = 4096  # what the folder walk passes to sniff()
MIN_LINES = 3  # fewer non-blank lines than this in the head: too little to tell


def sniff(path: Path, head: bytes) -> bool:
    """Take ``.txt`` files without a UN cover page whose lines are mostly whole paragraphs or headings.

    Blank lines must also be rarer than non-blank ones: text extracted from PDF
    has a blank line after nearly every paragraph, and many short lines.
    """
    if path.suffix.lower() not in EXTENSIONS:
        return False
    text = _head_text(head)
    if text is None or COVER_RE.search(text):
        return False
    lines = _lines(text.rstrip("\r\n"))
    filled = [line for line in lines if line.strip()]
    blank = len(lines) - len(filled)
    if len(filled) < MIN_LINES or blank >= len(filled):
        return False
    paragraph_like = sum(1 for line in filled if len(line.strip()) > PARAGRAPH_LINE_CHARS or _heading(line))
    return paragraph_like >= MIN_PARAGRAPH_LINE_SHARE * len(filled)


def _head_text(head: bytes) -> str | None:
    """Decode the first bytes of a file; None if they are not text.

    A full head (``HEAD_BYTES``) may end inside a line, even inside a
    character, so it is cut after its last line break first.
    """
    candidates = [head]
    cut = head.rfind(b"\n")
    if len(head) >= HEAD_BYTES and cut > 0:
        candidates = [head[: cut + 1], head[: cut + 2]]  # +2: a UTF-16-LE line break is "\n\0"
    for candidate in candidates:
        try:
            return decode(candidate)
        except InputError:
            continue
    return None


def parse(path: Path) -> list[Document]:
    """Read a paragraph-per-line text file into one document."""
    text = read_text(path)
    symbol, name_lang = from_filename(path.name)
    lang = detect_language(text, default=name_lang or "en") or "en"
    lines = _lines(text)
    meta = {"symbol": symbol, "fmt": "lines"}
    if charter.is_charter(lines):
        meta = {"symbol": symbol, "title": charter.title(lang), "date": charter.DATE, "fmt": charter.FORMAT}
    blocks = _charter_blocks(lines) if meta["fmt"] == charter.FORMAT else _blocks(lines)
    doc = assemble(blocks, doc_id=make_doc_id(symbol, lang, path.stem), lang=lang, source=str(path), **meta)
    if not doc.paragraphs:
        raise InputError(path, "no paragraphs: the file has no text content")
    return [sidecar.apply(doc, path)]


def line_numbers(path: Path) -> list[int]:
    """Return, for each paragraph position of the parsed document, its 1-based line number in the file."""
    return [number for number, line in enumerate(_lines(read_text(path)), start=1) if line.strip()]


def _lines(text: str) -> list[str]:
    """Split text into lines at line breaks (LF, CRLF or CR only)."""
    return re.split(r"\r\n|\r|\n", text)


def _heading(line: str) -> tuple[str, str, str] | None:
    """Return ``(kind, number, label)`` for a chapter or article heading line, else None.

    ``kind`` is ``"chapter"`` or ``"article"``; ``label`` is the English
    section label (``Chapter IX``, ``Article 1``) used in every language.
    """
    match = CHAPTER_RE.match(line)
    if match:
        numeral = match.group(1).translate(TO_LATIN).upper()
        return "chapter", numeral, f"Chapter {numeral}"
    match = ARTICLE_RE.match(line)
    if match:
        return "article", match.group(1), f"Article {match.group(1)}"
    return None


def _blocks(lines: list[str]) -> list[Block]:
    """Make one block per non-blank line: headings for chapters and articles, paragraphs otherwise."""
    blocks = []
    chapter = article = None
    for line in lines:
        text = line.strip()
        if not text:
            continue
        heading = _heading(text)
        if heading is None:
            blocks.append(Block(text, kind=PARAGRAPH, section=_section(chapter, article)))
            continue
        kind, number, label = heading
        if kind == "chapter":
            chapter, article = label, None
        else:
            article = label
        blocks.append(Block(text, kind=HEADING, number=number, section=_section(chapter, article)))
    return blocks


def _section(chapter: str | None, article: str | None) -> str | None:
    """Join the current chapter and article labels into a section path (``Chapter I > Article 1``)."""
    parts = [part for part in (chapter, article) if part]
    return " > ".join(parts) or None


def _charter_blocks(lines: list[str]) -> list[Block]:
    """Make the Charter's blocks: its preamble, chapters, sub-headings and numbered article paragraphs."""
    blocks: list[Block] = []
    chapter = article = None
    section = charter.PREAMBLE_SECTION
    pending: list[tuple[str, bool]] = []  # the current article's lines, each with "a blank line follows"

    def flush():
        numbers = charter.numbers(article, pending) if article else [None] * len(pending)
        blocks.extend(Block(text, number=number, section=section) for (text, _), number in zip(pending, numbers))
        pending.clear()

    for k, line in enumerate(lines):
        text = line.strip()
        if not text:
            if pending:
                pending[-1] = (pending[-1][0], True)
            continue
        heading = _heading(text)
        if heading is None and charter.SIGNATURE_RE.match(text):
            flush()
            article, section = None, charter.SIGNATURE_SECTION
            blocks.append(Block(text, section=section))
        elif heading is None and chapter and charter.is_subheading(text):
            flush()
            article, section = None, chapter
            blocks.append(Block(text, kind=HEADING, section=section))
        elif heading is None:
            pending.append((text, False))
        else:
            flush()
            kind, number, label = heading
            if kind == "chapter":
                chapter, article = label, None
            else:
                article = number
            section = _section(chapter, f"Article {article}" if article else None)
            blocks.append(Block(text, kind=HEADING, number=number if kind == "chapter" else None, section=section))
    flush()
    return blocks
