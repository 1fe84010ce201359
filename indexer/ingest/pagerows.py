"""Positioned lines of PDF pages as rows: lines on one baseline joined, running headers and footers, footnotes.

What a page holds, before paragraphs (:mod:`indexer.ingest.pagelayout`):

- **rows**: lines on one baseline are one row; a wide gap between two of them
  is a tab (a table or a contents entry with its page number); a small raised
  line is a footnote mark, written as superscript digits;
- **running headers and footers**: rows at the top or bottom edge of a page
  that repeat on other pages (digits aside) or are page furniture by their text
  (symbol, job number, page number), and the cover page's masthead; the symbol
  of a running header is kept as the document's symbol;
- **the cover page's columns**: the body's name on the left and the ``Distr.``
  and language lines on the right are read one column after the other;
- **footnotes**: the rows at the bottom of a page in a smaller font than the
  body, from the first that starts with a mark.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from indexer.ingest import cleaning
from indexer.symbols import looks_like_symbol, normalize_symbol

TAB_GAP = 2.5  # font sizes: a wider gap between two pieces of a row is a tab
WORD_GAP = 0.12  # font sizes: a narrower one joins two pieces without a space
EDGE = 0.12  # share of the page height at the top and bottom where running headers and footers sit
EDGE_ROWS = 3  # at most this many rows at each edge are headers or footers
REPEATED_SHARE = 0.3  # a row repeated on this share of the pages (at least 2) is a running header or footer
SMALL_FONT = 0.9  # footnotes are in a font smaller than this share of the body's
COVER_RIGHT_LINES = 2  # a cover page's right column has at least this many lines (Distr., date …)
COVER_LINE_STEP = 1.6  # font sizes: a column's next line is at most this far below
# The name at the top of a cover page, as the first page's masthead.
MASTHEADS = frozenset({"United Nations", "Организация Объединенных Наций", "Nations Unies", "Naciones Unidas"})

_SUP = str.maketrans("0123456789", cleaning.SUPERSCRIPT_DIGITS)
_PLAIN_MARK_RE = re.compile(r"^(\d{1,3})(?:\s+|\t)(?=\S)")


@dataclass(frozen=True)
class Line:
    """A piece of text on one baseline of a page: ``y`` is the baseline (from the bottom), ``size`` the font size."""

    text: str
    x0: float
    x1: float
    y: float
    size: float


@dataclass(frozen=True)
class Page:
    """One page: its size and its lines, in any order."""

    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Cell:
    """A piece of a row between wide gaps: its text and its left and right edges."""

    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Row:
    """The lines of a page on one baseline, left to right, in cells where there are wide gaps (tabs in ``text``).

    ``alone`` marks a row that is a paragraph of its own (a line of a cover page's column).
    """

    cells: tuple[Cell, ...]
    y: float
    size: float
    alone: bool = False

    @classmethod
    def of(cls, text: str, x0: float, x1: float, y: float, size: float, alone: bool = False) -> "Row":
        """Return a row of one cell."""
        return cls((Cell(text, x0, x1),), y, size, alone)

    @property
    def text(self) -> str:
        return "\t".join(c.text for c in self.cells)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def tabbed(self) -> bool:
        return len(self.cells) > 1 or "\t" in self.text.strip()


# --- rows ----------------------------------------------------------------------------------------


def _same_row(base: Line, line: Line) -> bool:
    """Tell whether ``line`` sits on the row of ``base`` (its largest line): same baseline, or a raised mark."""
    big, small = (base, line) if base.size >= line.size else (line, base)
    if small.size >= 0.8 * big.size:
        return abs(base.y - line.y) <= 0.3 * big.size
    return -0.3 * big.size <= small.y - big.y <= 0.6 * big.size


def rows(page: Page) -> list[Row]:
    """Group a page's lines into rows, top to bottom; a small raised line becomes superscript digits."""
    groups: list[list[Line]] = []
    for line in sorted(page.lines, key=lambda ln: (-ln.y, ln.x0)):
        if not line.text.strip():
            continue
        for group in groups:
            if _same_row(max(group, key=lambda ln: ln.size), line):
                group.append(line)
                break
        else:
            groups.append([line])
    out = [_row(group) for group in groups]
    return sorted(out, key=lambda r: -r.y)


def _row(group: list[Line]) -> Row:
    base = max(group, key=lambda ln: ln.size)
    cells: list[Cell] = []
    previous = None
    for line in sorted(group, key=lambda ln: ln.x0):
        piece = line.text.strip()
        if line.size < 0.8 * base.size and line.y > base.y:
            piece = piece.translate(_SUP)
        gap = line.x0 - previous.x1 if previous is not None else None
        if gap is None or gap > TAB_GAP * base.size:
            cells.append(Cell(piece, line.x0, line.x1))
        else:
            last = cells[-1]
            cells[-1] = Cell(last.text + (" " if gap > WORD_GAP * base.size else "") + piece, last.x0, line.x1)
        previous = line
    return Row(tuple(cells), base.y, base.size)


# --- running headers and footers -------------------------------------------------------------------


def _furniture_key(row: Row) -> str:
    return re.sub(r"\d+", "#", " ".join(row.text.split()))


def _at_edge(page: Page, page_rows: list[Row], i: int) -> bool:
    top = i < EDGE_ROWS and page_rows[i].y > page.height * (1 - EDGE)
    bottom = i >= len(page_rows) - EDGE_ROWS and page_rows[i].y < page.height * EDGE
    return top or bottom


def _is_furniture_text(text: str) -> bool:
    """Tell whether a text is page furniture as a whole (``V.12-57118 (E) 201212``) or piece by piece (``2   V.12-57118``)."""
    if cleaning.is_furniture(" ".join(text.split())):
        return True
    pieces = [c for c in re.split(r"\t|\s{3,}", text) if c.strip()]
    return bool(pieces) and all(cleaning.is_furniture(c) for c in pieces)


def _symbol_of(texts) -> str | None:
    return next((normalize_symbol(t.strip()) for t in texts if looks_like_symbol(t.strip())), None)


def strip_furniture(pages: list[Page], page_rows: list[list[Row]]) -> tuple[list[list[Row]], str | None]:
    """Remove running headers and footers; return the rows left and the symbol a header carried.

    A row at a page's edge goes when it repeats from page to page or is
    furniture as a whole; at the top of the first page, the masthead (``United
    Nations``) and the symbol beside it go, and what else the row holds stays.
    """
    keys: Counter = Counter()
    for page, prs in zip(pages, page_rows):
        keys.update({(_furniture_key(r), round(r.y / 6)) for i, r in enumerate(prs) if _at_edge(page, prs, i)})
    repeated = max(2, REPEATED_SHARE * len(pages))
    symbol = None
    kept = []
    for number, (page, prs) in enumerate(zip(pages, page_rows)):
        keep = []
        for i, r in enumerate(prs):
            if not _at_edge(page, prs, i):
                keep.append(r)
                continue
            if keys[(_furniture_key(r), round(r.y / 6))] >= repeated or _is_furniture_text(r.text):
                symbol = symbol or _symbol_of(re.split(r"\t|\s{3,}", r.text))
                continue
            if number > 0 or r.y < page.height / 2:
                keep.append(r)
                continue
            gone = [c for c in r.cells if c.text in MASTHEADS or looks_like_symbol(c.text.strip())]
            symbol = symbol or _symbol_of(c.text for c in gone)
            left = tuple(c for c in r.cells if c not in gone)
            if left:
                keep.append(Row(left, r.y, r.size, r.alone))
        kept.append(keep)
    return kept, symbol


# --- cover page ----------------------------------------------------------------------------------


def split_cover_columns(page: Page, page_rows: list[Row]) -> list[Row]:
    """Read the two columns at the top of a cover page one after the other: the left, then the right line by line.

    UN cover pages put the body's name on the left and ``Distr.``, the date and
    the language lines on the right, on the same baselines.  The columns are the
    rows from the top that no cell crosses the middle of the page (the title,
    full width, ends them), up to the last line of the column that ends lower;
    the right column's lines become paragraphs of their own.
    """
    middle = page.width / 2
    region = 0
    while region < len(page_rows) and not any(c.x0 < middle < c.x1 for c in page_rows[region].cells):
        region += 1
    end = region
    while end and not any(c.x0 >= middle for c in page_rows[end - 1].cells):
        end -= 1  # the columns end with the right one's last line …
    while 0 < end < region and page_rows[end - 1].y - page_rows[end].y <= COVER_LINE_STEP * page_rows[end].size:
        end += 1  # … or the left one's, if it runs on below
    region = end
    right = [(r, [c for c in r.cells if c.x0 >= middle]) for r in page_rows[:region]]
    if sum(1 for _, cells in right if cells) < COVER_RIGHT_LINES:
        return page_rows
    left = [Row(tuple(c for c in r.cells if c.x0 < middle), r.y, r.size) for r in page_rows[:region]]
    lines = [Row(tuple(cells), r.y, r.size, alone=True) for r, cells in right if cells]
    return [r for r in left if r.cells] + lines + page_rows[region:]


# --- footnotes -----------------------------------------------------------------------------------


def body_size(page_rows: list[list[Row]]) -> float:
    sizes: Counter = Counter()
    for prs in page_rows:
        for r in prs:
            sizes[round(r.size * 2) / 2] += len(r.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _note_start(text: str) -> str | None:
    """Return a footnote's first line with its mark as superscript digits, or None if it starts no footnote."""
    if cleaning.footnote_line(text):
        return text
    match = _PLAIN_MARK_RE.match(text)
    if match:
        return match.group(1).translate(_SUP) + " " + text[match.end():]
    return None


def split_footnotes(page_rows: list[Row], body_size: float) -> tuple[list[Row], list[list[str]], list[str]]:
    """Split a page's rows into body rows and footnotes (each a list of line texts).

    Footnotes are the small-font rows at the bottom of the page from the first
    that starts with a mark; small rows above that mark continue the previous
    page's last footnote (returned third).
    """
    n = len(page_rows)
    start = n
    while start > 0 and page_rows[start - 1].size < SMALL_FONT * body_size:
        start -= 1
    first_mark = next((i for i in range(start, n) if _note_start(page_rows[i].text)), None)
    if first_mark is None:
        return page_rows, [], []
    notes: list[list[str]] = []
    for r in page_rows[first_mark:]:
        marked = _note_start(r.text)
        if marked:
            notes.append([marked])
        else:
            notes[-1].append(r.text)
    carried = [r.text for r in page_rows[start:first_mark]]
    return page_rows[:start], notes, carried
