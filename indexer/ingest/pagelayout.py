"""From positioned lines of pages to the text the UN text importer reads: paragraphs, page turns, hyphens.

A PDF extractor gives, for each page, lines of text with their baseline, left
and right edges and font size; :mod:`indexer.ingest.pagerows` makes them rows, drops
running headers and footers and finds the footnotes.  This module, which knows
nothing of PDF, turns the rows into text in the form of the seeds
(:mod:`indexer.ingest.formats.untext`): one paragraph a line and a blank line between,
footnotes as lines that start with their superscript mark, a form feed at a
page break the layout cannot decide.  On the way it uses the layout where the
text alone cannot tell:

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
from dataclasses import dataclass

from indexer.ingest import cleaning

from indexer.ingest import structure
from indexer.ingest.pagerows import Page, Row, body_size, rows, split_cover_columns, split_footnotes, strip_furniture

PARAGRAPH_GAP = 1.3  # a gap this many times the line spacing ends a paragraph
PITCH_QUANTILE = 0.15  # the line spacing is this quantile of the steps between rows
SHORT_LINE = 0.1  # share of the column width: a line ending this far before the right margin is short
INDENT = 0.8  # font sizes: a row starting this far right of the left margin is indented
INDENTED_STARTS = 0.6  # share of paragraph starts indented or numbered: the document marks paragraphs so
JUSTIFIED_SHARE = 0.8  # share of lines (a paragraph's last aside) reaching the right margin: justified text

_COMPOUND_RE = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)")
_WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Layout:
    """What the pages gave: the text for the UN text importer, and the symbol of the running header."""

    text: str
    symbol: str | None
    pages: int
    empty_pages: tuple[int, ...]  # 1-based numbers of the pages without any text


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
    ("a line of its own", lambda a, b, m: a.alone or b.alone),
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
    if row.tabbed and not last.tabbed and cleaning.starts_lowercase(row.text):
        return ON  # the end of a table row (a contents entry and its page) cut by the page break
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


def _joined(lines: list[str], vocabulary: Vocabulary) -> str:
    """Join the lines of a paragraph or footnote into one."""
    text = lines[0].strip()
    for line in lines[1:]:
        text = vocabulary.join(text, line.strip())
    return text


def _paragraph_text(rows_: list[Row], vocabulary: Vocabulary) -> str:
    return _joined([r.text for r in rows_], vocabulary)


# --- the whole document --------------------------------------------------------------------------


def layout_text(pages: list[Page]) -> Layout:
    """Turn pages of positioned lines into the text the UN text importer reads (see the module's docstring)."""
    page_rows = [rows(page) for page in pages]
    empty = tuple(n for n, prs in enumerate(page_rows, start=1) if not prs)
    page_rows, symbol = strip_furniture(pages, page_rows)
    if page_rows:
        page_rows[0] = split_cover_columns(pages[0], page_rows[0])
    size = body_size(page_rows)
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
        out.extend(_joined(n, vocabulary) for n in notes)

    for paras, (_, notes, carried) in zip(pages_paragraphs, split):
        if carried:
            target = held[-1] if held else None
            if target is not None:
                target.extend(carried)
            else:
                paras = [[Row.of(t, measure.left, measure.right, 0.0, size) for t in carried]] + paras
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
