"""Pass 1 of reading a UN text: lines → segments, the runs of lines that belong together.

Blank lines end a segment; page furniture is dropped (and remembered as a page
break); footnote lines, list items and table rows start segments of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.documents import FOOTNOTE, PARAGRAPH
from indexer.ingest import cleaning, footnotes, structure

CELL_SEPARATOR = " | "  # between the cells of a table row in the text


@dataclass
class Segment:
    """A run of lines that belong together, before cleaning."""

    lines: list[str]
    kind: str = PARAGRAPH  # PARAGRAPH or FOOTNOTE
    mark: str | None = None
    after_break: bool = False  # a page break or footnote block came before it
    table: bool = False

    @property
    def raw(self) -> str:
        return " ".join(line.strip() for line in self.lines)


def segments(text: str, marked_pages: bool = False) -> list[Segment]:
    """Cut the text into segments at blank lines, furniture, footnotes and list items.

    A footnote block counts as a page break unless ``marked_pages`` says that
    form feeds mark every page break.
    """
    out: list[Segment] = []
    current: Segment | None = None
    pending_break = False
    last_mark: int | None = None
    for line in cleaning.normalize_newlines(text).split("\n"):
        if line == cleaning.PAGE_BREAK:
            current = None
            pending_break = True
            continue
        if not line.strip():
            current = None
            continue
        if cleaning.is_furniture(line):
            current = None
            pending_break = True
            continue
        note = cleaning.footnote_line(line) or (footnotes.plain_footnote(line, last_mark) if current is None else None)
        if note:
            last_mark = int(note[0]) if note[0].isdigit() else last_mark
            current = Segment([note[1]], kind=FOOTNOTE, mark=note[0])
            out.append(current)
            pending_break = pending_break or not marked_pages
            continue
        if current is not None and not current.table and not structure.starts_paragraph(line):
            current.lines.append(line)
            continue
        current = Segment([line], after_break=pending_break, table="\t" in line)
        out.append(current)
        pending_break = False
    return out


def clean(seg: Segment) -> str:
    """Return the text of a segment: lines joined, marks and extra spaces removed (a row's cells too)."""
    text = seg.lines[0].strip()
    for line in seg.lines[1:]:
        text = cleaning.join_hyphenated(text, line.strip())
    return cleaning.squeeze_spaces(cleaning.strip_marks(text))


def cells(seg: Segment) -> list[str]:
    """Return the cells of a table row, cleaned; an empty cell inside the row is kept, empty ones after it not."""
    row = [cleaning.squeeze_spaces(cleaning.strip_marks(cell)) for cell in seg.lines[0].split("\t")]
    while row and not row[-1]:
        row.pop()
    return row
