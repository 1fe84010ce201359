"""UN-style PDFs made from parsed seeds with reportlab, and the broken PDFs a corpus also holds.

The PDF is laid out the way UN documents are: a cover page (``Distr.``, date,
``Original:`` line, title), a running header with the symbol, a footer with the
job number and page number, numbered paragraphs with the number at the margin,
unnumbered ones with a first-line indent, justified lines, words broken at line
ends with a hyphen, footnote marks as small raised digits and the footnotes in a
smaller font at the bottom of the page of the paragraph that cites them, and
paragraphs that run on from one page to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from indexer.documents import CONTENTS, FOOTNOTE, HEADING, Document
from tests.makers import FROM_SUPERSCRIPT, SUPERSCRIPTS, cover_lines

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONT_FILES = (("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"), ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"))

PAGE_W, PAGE_H = 595.0, 842.0  # A4
LEFT, RIGHT = 72.0, 523.0
BODY_TOP, BODY_BOTTOM = 770.0, 78.0
HEADER_Y, FOOTER_Y = 800.0, 40.0
SIZE, LEADING, GAP = 10.0, 12.0, 6.0
NOTE_SIZE, NOTE_LEADING = 8.0, 9.5
SUP_SIZE, SUP_RISE = 6.0, 3.5
INDENT = 28.0
COVER_LEFT_RIGHT, COVER_RIGHT_X = 290.0, 380.0  # the cover page's columns: the left one's right edge, the right one's left
_SUP_RE = re.compile(f"([{SUPERSCRIPTS}]+)")
HYPHENATE_FROM = 11  # letters; longer lower-case words may be broken at a line end


def font_files() -> tuple[Path, Path] | None:
    """Return a regular and a bold TrueType font with Cyrillic letters, or None when none is installed."""
    for regular, bold in FONT_FILES:
        for folder in FONT_DIRS:
            if (folder / regular).exists() and (folder / bold).exists():
                return folder / regular, folder / bold
    return None


@dataclass
class PdfMade:
    """What the PDF maker did: pages, and the paragraphs it cut at a page break."""

    pages: int = 0
    split: list = field(default_factory=list)  # texts of paragraphs that run on to the next page
    hyphenated: list = field(default_factory=list)  # (word, its part before the line end, page) of broken words


@dataclass
class _Run:
    text: str
    sup: bool = False


def _runs(text: str) -> list[_Run]:
    """Cut a text into runs of normal text and superscript digits (footnote marks)."""
    return [_Run(piece.translate(FROM_SUPERSCRIPT), sup=True) if i % 2 else _Run(piece)
            for i, piece in enumerate(_SUP_RE.split(text)) if piece]


class _Pdf:
    """A small UN-style page layout engine on a reportlab canvas."""

    def __init__(self, path, doc: Document, *, job: str, header: str | None):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen.canvas import Canvas

        fonts = font_files()
        if fonts is None:
            raise RuntimeError("no TrueType font with Cyrillic letters installed (fonts-dejavu-core)")
        pdfmetrics.registerFont(TTFont("Body", str(fonts[0])))
        pdfmetrics.registerFont(TTFont("Body-Bold", str(fonts[1])))
        self.width = pdfmetrics.stringWidth
        self.canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.doc = doc
        self.job = job
        self.header = header
        self.made = PdfMade()
        self.page = 0
        self.y = BODY_TOP
        self.notes: list = []  # footnotes waiting for the bottom of this page
        self.notes_height = 0.0
        self._new_page(first=True)

    # --- pages ---

    def _new_page(self, first: bool = False) -> None:
        if not first:
            self._finish_page()
            self.canvas.showPage()
        self.page += 1
        self.y = BODY_TOP
        self.notes, self.notes_height = [], 0.0

    def _finish_page(self) -> None:
        c = self.canvas
        if self.notes:
            top = BODY_BOTTOM + self.notes_height
            c.setLineWidth(0.5)
            c.line(LEFT, top - 4, LEFT + 72, top - 4)
            y = top - 2 * NOTE_LEADING + 2.5
            for lines in self.notes:
                for line in lines:
                    self._draw(0, y, line, NOTE_SIZE)
                    y -= NOTE_LEADING
        c.setFont("Body", 8)
        if self.header and self.page > 1:
            c.setFont("Body-Bold", 9)
            if self.page % 2:
                c.drawRightString(RIGHT, HEADER_Y, self.header)
            else:
                c.drawString(LEFT, HEADER_Y, self.header)
        c.setFont("Body", 8)
        if self.page == 1:
            c.drawString(LEFT, FOOTER_Y, f"{self.job} (E)    201212    211212")
        elif self.page % 2:
            c.drawString(LEFT, FOOTER_Y, self.job)
            c.drawRightString(RIGHT, FOOTER_Y, str(self.page))
        else:
            c.drawString(LEFT, FOOTER_Y, str(self.page))
            c.drawRightString(RIGHT, FOOTER_Y, self.job)

    def save(self) -> PdfMade:
        self._finish_page()
        self.canvas.save()
        self.made.pages = self.page
        return self.made

    # --- text ---

    def _run_width(self, run: _Run, size: float, font: str) -> float:
        return self.width(run.text, font, SUP_SIZE if run.sup else size)

    def _draw(self, x: float, y: float, words, size: float, font: str = "Body") -> None:
        """Draw positioned words (``words`` is a list of ``(x, runs)``) in one text object, as word processors do."""
        text = self.canvas.beginText()
        current = None
        for wx, runs in words:
            for run in runs:
                run_size = SUP_SIZE if run.sup else size
                if current != run_size:
                    text.setFont(font, run_size)
                    current = run_size
                text.setTextOrigin(x + wx, y + (SUP_RISE if run.sup else 0))
                text.textOut(run.text)
                wx += self._run_width(run, size, font)
        self.canvas.drawText(text)

    def _lines(self, text: str, first_x: float, rest_x: float, size: float, font: str,
               right: float = RIGHT, justified: bool = True) -> list[list]:
        """Break ``text`` into (justified) lines: each line a list of ``(x, runs)`` word placements."""
        space = self.width(" ", font, size)
        words = [_runs(w) for w in text.split(" ") if w]
        lines, current, x0 = [], [], first_x
        used = 0.0

        def width(runs):
            return sum(self._run_width(r, size, font) for r in runs)

        i = 0
        while i < len(words):
            word = words[i]
            need = width(word) + (space if current else 0)
            if x0 + used + need <= right or not current:
                current.append(word)
                used += need
                i += 1
                continue
            broken = self._hyphenate(word, right - x0 - used - space, size, font)
            if broken:
                head, tail = broken
                current.append(head)
                words[i] = tail
            lines.append((x0, current, True))
            current, used, x0 = [], 0.0, rest_x
        if current:
            lines.append((x0, current, False))
        placed = []
        for x0, line, justify in lines:
            widths = [width(w) for w in line]
            gap = space
            if justify and justified and len(line) > 1:
                gap = (right - x0 - sum(widths)) / (len(line) - 1)
            x, words_at = x0, []
            for w, wd in zip(line, widths):
                words_at.append((x, w))
                x += wd + gap
            placed.append(words_at)
        return placed

    def _hyphenate(self, word: list[_Run], room: float, size: float, font: str):
        """Break a long lower-case word so that its head and a hyphen fill ``room``; None if it cannot be."""
        if len(word) != 1 or word[0].sup:
            return None
        text = word[0].text
        letters = text.rstrip(".,;:)")
        if len(letters) < HYPHENATE_FROM or not letters.isalpha() or not letters.islower():
            return None
        for cut in range(len(letters) - 5, 4, -1):
            if self.width(text[:cut] + "-", font, size) <= room:
                self.made.hyphenated.append((text, text[:cut] + "-", self.page))
                return [_Run(text[:cut] + "-")], [_Run(text[cut:])]
        return None

    def block(self, text: str, *, marker: str | None = None, font: str = "Body", indent: bool = True,
              notes=(), table_page: str | None = None) -> None:
        """Lay out one paragraph, breaking pages as needed; its footnotes go to the page where it starts."""
        size = SIZE
        if marker:
            first_x, rest_x = LEFT + INDENT, LEFT
        else:
            first_x, rest_x = (LEFT + INDENT if indent else LEFT), LEFT
        right = RIGHT - 40 if table_page else RIGHT
        lines = self._lines(text, first_x, rest_x, size, font, right)
        note_lines = [self._note_lines(note) for note in notes]
        need_notes = sum(len(n) for n in note_lines) * NOTE_LEADING + (NOTE_LEADING if note_lines else 0)
        if self.y - LEADING < BODY_BOTTOM + self.notes_height + need_notes:
            self._new_page()
        for lines_of_note in note_lines:
            self.notes.append(lines_of_note)
            self.notes_height += len(lines_of_note) * NOTE_LEADING
        if note_lines:
            self.notes_height += NOTE_LEADING if len(self.notes) == len(note_lines) else 0
        for n, line in enumerate(lines):
            if self.y - LEADING < BODY_BOTTOM + self.notes_height:
                self.made.split.append(text)
                self._new_page()
            self.y -= LEADING
            if n == 0 and marker:
                self.canvas.setFont(font, size)
                self.canvas.drawString(LEFT, self.y, marker)
            self._draw(0, self.y, line, size, font)
            if table_page and n == len(lines) - 1:
                self.canvas.setFont(font, size)
                self.canvas.drawRightString(RIGHT, self.y, table_page)
        self.y -= GAP

    def cover(self, symbol: str | None, left: list[str], right: list[str]) -> None:
        """Lay out a UN cover page's top: the masthead and symbol, the body's name left, ``Distr.`` lines right."""
        c = self.canvas
        c.setFont("Body-Bold", 15)
        c.drawString(LEFT, 790, "United Nations")
        if symbol:
            c.setFont("Body-Bold", 13)
            c.drawRightString(RIGHT, 790, symbol)
        c.setLineWidth(1)
        c.line(LEFT, 782, RIGHT, 782)
        y_left = y_right = 768.0
        for text in left:
            for placed in self._lines(text, LEFT, LEFT, 11, "Body-Bold", right=COVER_LEFT_RIGHT, justified=False):
                self._draw(0, y_left, placed, 11, "Body-Bold")
                y_left -= 13
            y_left -= 4
        for n, text in enumerate(right):
            if text.startswith("Original"):
                y_right -= 12
            c.setFont("Body", 10)
            c.drawString(COVER_RIGHT_X, y_right, text)
            y_right -= 12
        self.y = min(y_left, y_right) - 6
        c.line(LEFT, self.y, RIGHT, self.y)
        self.y -= 6

    def _note_lines(self, note) -> list:
        mark, text = note
        lines = self._lines(text, LEFT + 12, LEFT + 12, NOTE_SIZE, "Body", RIGHT)
        mark_runs = [_Run(mark, sup=not mark.startswith("*"))]  # ¹ and ᵃ raised, * on the line
        return [[(LEFT, mark_runs), *lines[0]], *lines[1:]]


def pdf_from_document(doc: Document, path, *, job: str = "V.12-57118", header: str | None = None,
                      cover_left: int = 0) -> PdfMade:
    """Write ``doc`` as a UN-style PDF at ``path``; return what the layout did (pages, split paragraphs).

    ``header`` is the symbol of the masthead and the running header (default:
    the document's symbol); the first ``cover_left`` paragraphs (the body's
    name) go to the cover page's left column, beside the ``Distr.`` lines.
    """
    pdf = _Pdf(path, doc, job=job, header=header or doc.symbol)
    pdf.cover(header or doc.symbol, [p.text for p in doc.paragraphs[:cover_left]], cover_lines(doc))
    paragraphs = doc.paragraphs[cover_left:]
    notes_of: dict[int, list] = {}
    for p in paragraphs:
        if p.kind == FOOTNOTE:
            notes_of.setdefault(p.attached_to, []).append((p.marker, p.text))
    for p in paragraphs:
        if p.kind == FOOTNOTE:
            continue
        notes = notes_of.get(p.position, ())
        if p.kind == HEADING:
            pdf.block(p.text, font="Body-Bold", indent=False, notes=notes)
        elif p.kind == CONTENTS:
            pdf.block(p.text, indent=False, table_page=str(3 + p.position % 17))
        elif p.number:
            pdf.block(p.text, marker=p.number if p.number.startswith("(") else f"{p.number}.", notes=notes)
        else:
            pdf.block(p.text, notes=notes)
    return pdf.save()


def image_pdf(path, *, text: str = "Distr.: General 5 November 2012", pages: int = 1) -> None:
    """Write a PDF whose pages are images of text only, as a scanner makes them: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    for n in range(pages):
        scan = Image.new("L", (600, 800), 255)
        draw = ImageDraw.Draw(scan)
        for row in range(20):
            draw.text((40, 40 + row * 30), f"{text} ({n + 1}.{row + 1})", fill=0)
        canvas.drawImage(ImageReader(scan), 0, 0, PAGE_W, PAGE_H)
        canvas.showPage()
    canvas.save()


def encrypted_pdf(source, target, password: str = "secret") -> None:
    """Write ``source`` encrypted with a user password (AES-256), so that it cannot be opened without it."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    with open(target, "wb") as fh:
        writer.write(fh)


def with_scanned_pages(source, target, scanned) -> None:
    """Write ``source`` with the image-only pages of the PDF ``scanned`` put after its first page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    pages = PdfReader(str(source)).pages
    writer.add_page(pages[0])
    for page in PdfReader(str(scanned)).pages:
        writer.add_page(page)
    for page in pages[1:]:
        writer.add_page(page)
    with open(target, "wb") as fh:
        writer.write(fh)
