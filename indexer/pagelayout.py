"""From positioned lines of pages to the text the UN text importer reads: furniture out, footnotes, paragraphs.

A PDF extractor gives, for each page, lines of text with their baseline, left
and right edges and font size.  This module, which knows nothing of PDF, turns
them into text in the form of the seeds (:mod:`indexer.parsing.untext`): one
paragraph a line and a blank line between, footnotes as lines that start with
their superscript mark, a form feed at a page break.  On the way it uses the
layout where the text alone cannot tell:

- **rows**: lines on one baseline are one row; a wide gap between two of them
  is a tab (a table or a contents entry with its page number); a small raised
  line is a footnote mark;
- **running headers and footers**: rows at the top or bottom edge of a page
  that repeat on other pages (digits aside) or are page furniture by their text
  (symbol, job number, page number); the symbol of a running header is kept as
  the document's symbol;
- **footnotes**: the rows at the bottom of a page in a smaller font than the
  body, from the first that starts with a mark;
- **paragraphs**: a new paragraph starts after a wider gap than the line
  spacing, after a table row, or after a short line when the next row is
  indented, starts a list item or a heading, or is in another font size;
- **page breaks**: in justified text, a paragraph whose last line is short
  ends with its page; one whose last line is full runs on when its sentence is
  unfinished or the next page starts in lower case, or, in a document that
  marks its paragraphs by indents or numbers, when the next page starts at the
  margin with no list item; where the layout cannot tell, the page break is
  written as a form feed and left to the text importer's rules;
- **hyphens** at line ends are undone, unless the document writes that
  compound with a hyphen elsewhere (``high-level``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from indexer import cleaning, structure
from indexer.symbols import looks_like_symbol, normalize_symbol

TAB_GAP = 2.5  # font sizes: a wider gap between two pieces of a row is a tab
WORD_GAP = 0.12  # font sizes: a narrower one joins two pieces without a space
EDGE = 0.12  # share of the page height at the top and bottom where running headers and footers sit
EDGE_ROWS = 3  # at most this many rows at each edge are headers or footers
REPEATED_SHARE = 0.3  # a row repeated on this share of the pages (at least 2) is a running header or footer
SMALL_FONT = 0.9  # footnotes are in a font smaller than this share of the body's
PARAGRAPH_GAP = 1.3  # a gap this many times the line spacing ends a paragraph
PITCH_QUANTILE = 0.15  # the line spacing is this quantile of the steps between rows
SHORT_LINE = 0.1  # share of the column width: a line ending this far before the right margin is short
INDENT = 0.8  # font sizes: a row starting this far right of the left margin is indented
INDENTED_STARTS = 0.6  # share of paragraph starts indented or numbered: the document marks paragraphs so
JUSTIFIED_SHARE = 0.8  # share of lines (a paragraph's last aside) reaching the right margin: justified text

_SUP = str.maketrans("0123456789", cleaning.SUPERSCRIPT_DIGITS)
_PLAIN_MARK_RE = re.compile(r"^(\d{1,3})(?:\s+|\t)(?=\S)")
_COMPOUND_RE = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)")
_WORD_RE = re.compile(r"[^\W\d_]+")


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


@dataclass(frozen=True)
class Layout:
    """What the pages gave: the text for the UN text importer, and the symbol of the running header."""

    text: str
    symbol: str | None
    pages: int
    empty_pages: tuple[int, ...]  # 1-based numbers of the pages without any text


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


def _body_size(page_rows: list[list[Row]]) -> float:
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


# --- paragraphs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """The document's column and spacing, from its body rows."""

    left: float
    right: float
    pitch: float
    size: float

    def short(self, row: Row) -> bool:
        return row.x1 < self.right - SHORT_LINE * (self.right - self.left)

    def indented(self, row: Row) -> bool:
        return row.x0 > self.left + INDENT * row.size


def _measure(page_rows: list[list[Row]], size: float) -> Measure:
    body = [r for prs in page_rows for r in prs if abs(r.size - size) < 0.5]
    if not body:
        return Measure(0.0, 1.0, 1.0, size or 1.0)
    # Most rows start at the left margin and end at the right one, but first lines may be indented and last lines short.
    x0s, x1s = sorted(r.x0 for r in body), sorted(r.x1 for r in body)
    left, right = x0s[int(0.1 * (len(x0s) - 1))], x1s[int(0.9 * (len(x1s) - 1))]
    steps = sorted(a.y - b.y for prs in page_rows for a, b in zip(prs, prs[1:])
                   if abs(a.size - size) < 0.5 and abs(b.size - size) < 0.5 and a.y - b.y > 0.5 * size)
    # Most steps may be gaps between paragraphs (short paragraphs): the line spacing is among the smallest.
    pitch = steps[int(PITCH_QUANTILE * (len(steps) - 1))] if steps else size * 1.2
    return Measure(left, right, pitch, size)


# Why a row starts a new paragraph: (name, rule(previous row, row, measure)), tried in order.
BREAK_RULES = (
    ("gap", lambda a, b, m: a.y - b.y > PARAGRAPH_GAP * m.pitch * max(a.size, b.size) / m.size),
    ("after a table row", lambda a, b, m: a.tabbed),
    ("list item or heading", lambda a, b, m: structure.starts_paragraph(b.text) and (m.short(a) or cleaning.ends_sentence(a.text))),
    ("indent after a short line", lambda a, b, m: m.short(a) and m.indented(b)),
    ("font size", lambda a, b, m: m.short(a) and abs(a.size - b.size) >= 0.5),
    ("sentence end on a short line", lambda a, b, m: m.short(a) and cleaning.ends_sentence(a.text)
     and not cleaning.starts_lowercase(b.text)),
)


def paragraphs(body_rows: list[Row], measure: Measure) -> list[list[Row]]:
    """Group a page's body rows into paragraphs by :data:`BREAK_RULES`."""
    out: list[list[Row]] = []
    for row in body_rows:
        if out and not any(rule(out[-1][-1], row, measure) for _, rule in BREAK_RULES):
            out[-1].append(row)
        else:
            out.append([row])
    return out


def _marks_paragraphs(pages_paragraphs: list[list[list[Row]]], measure: Measure) -> bool:
    """Tell whether the document starts its paragraphs with an indent or a number (most of them)."""
    starts = [para[0] for paras in pages_paragraphs for para in paras[1:] if len(para) > 1]
    if not starts:
        return False
    marked = sum(1 for r in starts if measure.indented(r) or structure.parse_marker(r.text.strip())[0])
    return marked >= INDENTED_STARTS * len(starts)


def _justified(pages_paragraphs: list[list[list[Row]]], measure: Measure) -> bool:
    """Tell whether the document's lines are justified: nearly all lines but a paragraph's last reach the margin."""
    inner = [r for paras in pages_paragraphs for para in paras for r in para[:-1]]
    return bool(inner) and sum(1 for r in inner if not measure.short(r)) >= JUSTIFIED_SHARE * len(inner)


ON, NEW, UNSURE = "runs on", "new paragraph", "unsure"


def page_turn(last: Row, row: Row, measure: Measure, *, marked: bool, justified: bool) -> str:
    """Tell by layout whether a page's first row continues the paragraph whose last row ended the page before.

    :data:`ON` and :data:`NEW` are sure; :data:`UNSURE` leaves it to the text importer's rules.
    """
    if last.tabbed or structure.starts_paragraph(row.text):
        return NEW
    if marked and measure.indented(row):
        return NEW
    if justified and measure.short(last):
        return NEW
    if justified and abs(last.size - row.size) < 0.5:
        unfinished = not cleaning.ends_sentence(last.text) or cleaning.starts_lowercase(row.text)
        if unfinished or (marked and not measure.indented(row)):
            return ON
    return UNSURE


# --- joining lines --------------------------------------------------------------------------------


class Vocabulary:
    """The words of a document and the compounds it writes with a hyphen, to undo line-end hyphens rightly."""

    def __init__(self, texts):
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        for text in texts:
            body = text.rstrip().removesuffix("-")
            self.words.update(w.lower() for w in _WORD_RE.findall(body))
            self.compounds.update(f"{a}-{b}".lower() for a, b in _COMPOUND_RE.findall(body))

    def join(self, left: str, right: str) -> str:
        """Join two lines of a paragraph; a line-end hyphen is kept in a compound the document hyphenates.

        >>> Vocabulary(["a high-level meeting"]).join("the high-", "level segment")
        'the high-level segment'
        >>> Vocabulary([]).join("implemen-", "tation of")
        'implementation of'
        """
        left, right = left.rstrip(), right.lstrip()
        if left.endswith("\u00ad"):
            left = left[:-1] + "-"
        head = re.search(r"([^\W\d_]+)-$", left)
        tail = _WORD_RE.match(right)
        if head and tail:
            compound = f"{head.group(1)}-{tail.group(0)}".lower()
            if compound in self.compounds and compound.replace("-", "") not in self.words:
                return left + right
        return cleaning.join_hyphenated(left, right)


def _paragraph_text(rows_: list[Row], vocabulary: Vocabulary) -> str:
    text = rows_[0].text.strip()
    for r in rows_[1:]:
        text = vocabulary.join(text, r.text.strip())
    return text


def _note_text(lines: list[str], vocabulary: Vocabulary) -> str:
    text = lines[0].strip()
    for line in lines[1:]:
        text = vocabulary.join(text, line.strip())
    return text


# --- the whole document --------------------------------------------------------------------------


def layout_text(pages: list[Page]) -> Layout:
    """Turn pages of positioned lines into the text the UN text importer reads (see the module's docstring)."""
    page_rows = [rows(page) for page in pages]
    empty = tuple(n for n, prs in enumerate(page_rows, start=1) if not prs)
    page_rows, symbol = strip_furniture(pages, page_rows)
    size = _body_size(page_rows)
    split = [split_footnotes(prs, size) for prs in page_rows]
    measure = _measure([body for body, _, _ in split], size)
    pages_paragraphs = [paragraphs(body, measure) for body, _, _ in split]
    marked = _marks_paragraphs(pages_paragraphs, measure)
    justified = _justified(pages_paragraphs, measure)
    vocabulary = Vocabulary(r.text for prs in page_rows for r in prs)

    out: list[str] = []
    open_para: list[Row] | None = None
    held: list[list[str]] = []  # footnotes waiting for the paragraph that runs on to be written

    def flush(notes):
        out.extend(_note_text(n, vocabulary) for n in notes)

    for paras, (_, notes, carried) in zip(pages_paragraphs, split):
        if carried:
            target = held[-1] if held else None
            if target is not None:
                target.extend(carried)
            else:
                paras = [[Row(t, measure.left, measure.right, 0.0, size) for t in carried]] + paras
        if open_para is not None:
            turn = page_turn(open_para[-1], paras[0][0], measure, marked=marked, justified=justified) if paras else NEW
            if turn == ON:
                open_para = open_para + paras[0]
                paras = paras[1:]
                if not paras:
                    held = held + notes
                    continue
            out.append(_paragraph_text(open_para, vocabulary))
            flush(held)
            if turn == UNSURE:
                out.append(cleaning.PAGE_BREAK)
            open_para, held = None, []
        for para in paras[:-1]:
            out.append(_paragraph_text(para, vocabulary))
        if paras:
            open_para, held = paras[-1], list(notes)
        else:
            flush(notes)
    if open_para is not None:
        out.append(_paragraph_text(open_para, vocabulary))
        flush(held)
    return Layout("\n\n".join(out), symbol, len(pages), empty)
