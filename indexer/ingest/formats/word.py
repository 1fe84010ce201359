"""Word files (``.docx``) as UN documents are published (``CTOC_COP_2012_15-RU.docx``), read with python-docx.

The body's paragraphs and tables are read in order; headers and footers (the
running symbol, job number and page number) are other parts of the file and
are left out, but the symbol a header carries is the document's when the file
name gives none.  A table before the first paragraph lays out the cover page
(the body's name beside the ``Distr.`` lines): its cells are read one after
the other, each paragraph on its own.  A paragraph that Word numbers (a numbered list, directly or
through its style) gets its number written before its text as Word shows it
(``1.``, ``(a)``, ``IV.``), so that it becomes the paragraph number; a table
row is one line with its cells separated by tabs.  Footnote references become
superscript marks and each footnote follows the paragraph citing it.  The text
then goes through the UN text importer
(:func:`indexer.ingest.formats.untext.parse_text`), like a PDF's.  A package
whose parts, as its zip directory declares them, add up to more than
:mod:`indexer.ingest.unpacked` allows is refused before anything is unpacked.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from indexer.documents import Document
from indexer.errors import InputError
from indexer.files import open_regular
from indexer.ingest import unpacked
from indexer.ingest.formats.untext import companions, parse_text, read_sidecar  # noqa: F401 - companions: the sidecar is read with the file
from indexer.symbols import looks_like_symbol, normalize_symbol

NAME = "Word"

EXTENSIONS = (".docx", ".docm", ".doc")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97–2003 .doc
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
# Inline content that is not the paragraph's text: drawings and text boxes, field codes, deleted text.
SKIPPED = frozenset(f"{W}{t}" for t in ("drawing", "pict", "instrText", "delText", "footnoteRef", "endnoteRef"))
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sniff(path: Path, head: bytes) -> bool:
    """Take ``.docx`` (and ``.doc``, to say it is not supported) and zip files holding a ``word/`` part."""
    return path.suffix.lower() in EXTENSIONS or (head.startswith(ZIP_MAGIC) and b"word/" in head)


def parse(path: Path) -> list[Document]:
    """Read a Word file into one document; raise :class:`InputError` when it is not a readable .docx."""
    document = _open(path)
    text = "\n\n".join(_Reader(document).blocks())
    doc = parse_text(text, name=path.name, source=str(path), overrides=read_sidecar(path), fmt="docx",
                     symbol_hint=header_symbol(document),
                     marked_pages=True)
    if not doc.paragraphs:
        raise InputError(path, "no paragraphs: the Word file has no text content")
    return [doc]


def _open(path: Path):
    """Open a Word file with python-docx; raise :class:`InputError` saying why it cannot be.

    A package whose parts add up to more than :mod:`indexer.ingest.unpacked` allows is refused unopened.
    """
    try:
        with open_regular(path) as fh:
            return _open_package(path, fh)
    except FileNotFoundError:
        raise InputError(path, "file not found (removed while indexing?)") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def _open_package(path: Path, fh):
    """Open the Word package read from ``fh`` (the file at ``path``)."""
    # python-docx (and lxml): loaded only when a Word file is read
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    magic = fh.read(4)
    if magic == OLE_MAGIC:
        raise InputError(path, "Word 97–2003 .doc format is not supported: save it as .docx")
    if magic != ZIP_MAGIC:
        raise InputError(path, "not a .docx file (not a zip package)")
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as package:
            unpacked.check_zip(package, path)
    except (zipfile.BadZipFile, EOFError):
        raise InputError(path, "damaged .docx (the zip package is cut short or broken)") from None
    fh.seek(0)
    try:
        return docx.Document(fh)
    except (PackageNotFoundError, KeyError):
        raise InputError(path, "not a Word document (the zip package holds no Word body)") from None
    except zipfile.BadZipFile as exc:
        raise InputError(path, f"damaged .docx ({exc})") from None
    except Exception as exc:  # lxml errors of a damaged part, among others
        raise InputError(path, f"not a readable .docx ({type(exc).__name__}: {exc})") from None


def header_symbol(document) -> str | None:
    """Return the document symbol that a page header of the file carries, if one does (``CTOC/COP/2012/15``)."""
    for section in document.sections:
        for header in (section.first_page_header, section.header, section.even_page_header):
            if header.is_linked_to_previous:
                continue
            texts = [p.text for p in header.paragraphs]
            texts += [p.text for table in header.tables for cell in table._cells for p in cell.paragraphs]
            for text in texts:
                for piece in re.split(r"\t|\s{2,}", text):
                    if looks_like_symbol(piece.strip()):
                        return normalize_symbol(piece.strip())
    return None


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Word's list numbering: level formats per list, counters as the body is read."""

    levels: dict = field(default_factory=dict)  # numId -> {ilvl: _Level}
    counters: dict = field(default_factory=dict)  # numId -> {ilvl: count}

    @classmethod
    def of(cls, document) -> "_Numbering":
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract = {}
        for node in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
                    _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "", int(_val(lvl, "start") or 1))
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.findall(f"{W}num"):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = _val(override, "startOverride")
                if start and ilvl in levels:
                    lv = levels[ilvl]
                    levels[ilvl] = _Level(lv.fmt, lv.text, int(start))
            numbering.levels[num.get(f"{W}numId")] = levels
        return numbering

    def number(self, num_id: str, ilvl: int) -> str | None:
        """Count one more paragraph of list ``num_id`` at level ``ilvl``; return its number as shown."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if levels[ilvl].fmt in ("bullet", "none"):
            return None

        def place(match):
            k = int(match.group(1)) - 1
            level = levels.get(k)
            count = counts.get(k, level.start if level else 1)
            return format_number(count, level.fmt if level else "decimal")

        shown = re.sub(r"%(\d)", place, levels[ilvl].text).strip()
        return shown or None


def _val(node, child: str) -> str | None:
    found = node.find(f"{W}{child}")
    return found.get(f"{W}val") if found is not None else None


def format_number(n: int, fmt: str) -> str:
    """Write a list counter in a Word number format.

    >>> [format_number(4, f) for f in ("decimal", "lowerLetter", "upperRoman", "lowerRoman", "decimalZero")]
    ['4', 'd', 'IV', 'iv', '04']
    """
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


class _Reader:
    """Walks a document's body and writes it as text blocks, footnotes after the paragraph citing them."""

    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering.of(document)
        self.footnotes = _footnotes(document)
        self.next_mark = 1
        self.style_numbering = {}

    def blocks(self):
        """Yield the text blocks of the body in order; a table before the first paragraph is the cover's layout."""
        body = self.document.element.body
        started = False
        for child in body.iterchildren():
            if child.tag == f"{W}p":
                text, notes = self._paragraph(child)
                if text.strip():
                    started = True
                    yield text
                yield from notes
            elif child.tag == f"{W}tbl":
                yield from (self._table(child) if started else self._layout_table(child))

    def _layout_table(self, table):
        """A table that lays out a cover page (the body's name beside ``Distr.``): each cell's paragraphs in turn."""
        for cell in table.iter(f"{W}tc"):
            for p in cell.iter(f"{W}p"):
                text, notes = self._paragraph(p)
                if text.strip():
                    yield text
                yield from notes

    def _table(self, table):
        for row in table.iter(f"{W}tr"):
            cells = []
            notes = []
            for cell in row.iter(f"{W}tc"):
                texts = []
                for p in cell.iter(f"{W}p"):
                    text, found = self._paragraph(p, numbered=False)
                    texts.append(" ".join(text.split()))
                    notes.extend(found)
                cells.append(" ".join(t for t in texts if t))
            if any(cells):
                yield "\t".join(cells)
            yield from notes

    def _paragraph(self, p, numbered: bool = True) -> tuple[str, list[str]]:
        pieces: list[str] = []
        notes: list[str] = []
        self._inline(p, pieces, notes)
        text = "".join(pieces).strip()
        number = self._number(p) if numbered and text else None
        if number:
            text = f"{number} {text}"
        return text, notes

    def _inline(self, node, pieces: list[str], notes: list[str]) -> None:
        for child in node:
            tag = child.tag
            if tag in SKIPPED or not isinstance(tag, str):
                continue
            if tag == f"{W}r":
                self._run(child, pieces, notes)
            elif tag in (f"{W}pPr", f"{W}rPr"):
                continue
            else:
                self._inline(child, pieces, notes)

    def _run(self, run, pieces: list[str], notes: list[str]) -> None:
        superscript = run.find(f"{W}rPr/{W}vertAlign")
        raised = superscript is not None and superscript.get(f"{W}val") == "superscript"
        custom_mark = False
        for child in run:
            tag = child.tag
            if tag == f"{W}t":
                text = child.text or ""
                if custom_mark:
                    mark = text.strip()
                    notes[-1] = f"{mark.translate(_SUPERSCRIPT) if raised else mark} {notes[-1]}"
                    custom_mark = False
                pieces.append(text.translate(_SUPERSCRIPT) if raised and text.strip().isdigit() else text)
            elif tag == f"{W}tab":
                pieces.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") not in ("page", "column"):
                    pieces.append("\n")
            elif tag == f"{W}noBreakHyphen":
                pieces.append("-")
            elif tag == f"{W}footnoteReference":
                note = self.footnotes.get(child.get(f"{W}id"), "")
                if child.get(f"{W}customMarkFollows") in ("1", "true", "on"):
                    custom_mark = True
                    notes.append(note)
                    continue
                mark = str(self.next_mark).translate(_SUPERSCRIPT)
                self.next_mark += 1
                pieces.append(mark)
                if note:
                    notes.append(f"{mark} {note}")

    def _number(self, p) -> str | None:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            num_pr = self._style_numbering(p)
        if num_pr is None:
            return None
        num_id = _val(num_pr, "numId")
        if not num_id or num_id == "0":
            return None
        return self.numbering.number(num_id, int(_val(num_pr, "ilvl") or 0))

    def _style_numbering(self, p):
        """Return the ``numPr`` a paragraph's style (or a style it is based on) gives it, if any."""
        props = p.find(f"{W}pPr")
        style_id = _val(props, "pStyle") if props is not None else None
        if not style_id:
            return None
        if style_id not in self.style_numbering:
            self.style_numbering[style_id] = _style_num_pr(self.document, style_id)
        return self.style_numbering[style_id]


def _style_num_pr(document, style_id: str, depth: int = 0):
    try:
        styles = document.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return None
    for style in styles.findall(f"{W}style"):
        if style.get(f"{W}styleId") == style_id:
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                return num_pr
            based = _val(style, "basedOn")
            return _style_num_pr(document, based, depth + 1) if based and depth < 10 else None
    return None


def _footnotes(document) -> dict[str, str]:
    """Return the text of each footnote of the document, by id (separators left out)."""
    from docx.oxml.parser import parse_xml  # python-docx: loaded only when a Word file is read

    for rel in document.part.rels.values():
        if rel.reltype == FOOTNOTES_REL and not rel.is_external:
            root = parse_xml(rel.target_part.blob)
            notes = {}
            for note in root.findall(f"{W}footnote"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                texts = []
                for p in note.iter(f"{W}p"):
                    texts.append("".join(t.text or "" for t in p.iter(f"{W}t")))
                notes[note.get(f"{W}id")] = " ".join(" ".join(texts).split())
            return notes
    return {}
