"""Positioned lines of PDF pages as rows: lines on one baseline joined, running headers and footers, footnotes.

What a page holds, before paragraphs (:mod:`indexer.pagelayout`):

- **rows**: lines on one baseline are one row; a wide gap between two of them
  is a tab (a table or a contents entry with its page number); a small raised
  line is a footnote mark, written as superscript digits;
- **running headers and footers**: rows at the top or bottom edge of a page
  that repeat on other pages (digits aside) or are page furniture by their text
  (symbol, job number, page number); the symbol of a running header is kept as
  the document's symbol;
- **footnotes**: the rows at the bottom of a page in a smaller font than the
  body, from the first that starts with a mark.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from indexer import cleaning
from indexer.symbols import looks_like_symbol, normalize_symbol

TAB_GAP = 2.5  # font sizes: a wider gap between two pieces of a row is a tab
WORD_GAP = 0.12  # font sizes: a narrower one joins two pieces without a space
EDGE = 0.12  # share of the page height at the top and bottom where running headers and footers sit
EDGE_ROWS = 3  # at most this many rows at each edge are headers or footers
REPEATED_SHARE = 0.3  # a row repeated on this share of the pages (at least 2) is a running header or footer
SMALL_FONT = 0.9  # footnotes are in a font smaller than this share of the body's

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
class Row:
    """The lines of a page on one baseline, left to right, as one text (a tab where there is a wide gap)."""

    text: str
    x0: float
    x1: float
    y: float
    size: float

    @property
    def tabbed(self) -> bool:
        return "\t" in self.text.strip()


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
    pieces = sorted(group, key=lambda ln: ln.x0)
    text = ""
    previous = None
    for line in pieces:
        piece = line.text.strip()
        if line.size < 0.8 * base.size and line.y > base.y:
            piece = piece.translate(_SUP)
        if previous is not None:
            gap = line.x0 - previous.x1
            text += "\t" if gap > TAB_GAP * base.size else " " if gap > WORD_GAP * base.size else ""
        text += piece
        previous = line
    return Row(text, pieces[0].x0, max(ln.x1 for ln in pieces), base.y, base.size)


# --- running headers and footers -------------------------------------------------------------------


def _furniture_key(row: Row) -> str:
    return re.sub(r"\d+", "#", " ".join(row.text.split()))


def _at_edge(page: Page, page_rows: list[Row], i: int) -> bool:
    top = i < EDGE_ROWS and page_rows[i].y > page.height * (1 - EDGE)
    bottom = i >= len(page_rows) - EDGE_ROWS and page_rows[i].y < page.height * EDGE
    return top or bottom


def _is_furniture_text(text: str) -> bool:
    """Tell whether a row is page furniture as a whole (``V.12-57118 (E) 201212``) or cell by cell (``2  V.12-57118``)."""
    if cleaning.is_furniture(" ".join(text.split())):
        return True
    cells = [c for c in re.split(r"\t|\s{3,}", text) if c.strip()]
    return bool(cells) and all(cleaning.is_furniture(c) for c in cells)


def strip_furniture(pages: list[Page], page_rows: list[list[Row]]) -> tuple[list[list[Row]], str | None]:
    """Remove running headers and footers; return the rows left and the symbol a header carried."""
    keys: Counter = Counter()
    for page, prs in zip(pages, page_rows):
        keys.update({(_furniture_key(r), round(r.y / 6)) for i, r in enumerate(prs) if _at_edge(page, prs, i)})
    repeated = max(2, REPEATED_SHARE * len(pages))
    symbol = None
    kept = []
    for page, prs in zip(pages, page_rows):
        keep = []
        for i, r in enumerate(prs):
            if _at_edge(page, prs, i) and (keys[(_furniture_key(r), round(r.y / 6))] >= repeated
                                           or _is_furniture_text(r.text)):
                symbol = symbol or next((normalize_symbol(c) for c in re.split(r"\t|\s{3,}", r.text)
                                         if looks_like_symbol(c.strip())), None)
                continue
            keep.append(r)
        kept.append(keep)
    return kept, symbol


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
