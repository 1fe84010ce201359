"""Pass 3 of reading a UN text: segments → blocks with numbers, kinds, sections and footnote links.

A segment continues the paragraph before it when the sentence there is not
finished (see :func:`continues`); headings open sections in the
:class:`~indexer.ingest.outline.Outline`; the short unpunctuated lines after a
paragraph ending in a colon (speakers, officers) are list items; the rows of a
table are paragraphs of kind ``row`` with their cells apart, a header repeated
on later pages left out; footnotes are attached once all paragraphs are joined.
"""

from __future__ import annotations

import re

from indexer.documents import CONTENTS, FOOTNOTE, HEADING, ITEM, PARAGRAPH, ROW, Block
from indexer.ingest import cleaning, footnotes, structure
from indexer.ingest.outline import Outline
from indexer.ingest.segments import CELL_SEPARATOR, Segment, cells, clean

CONTENTS_RE = re.compile(r"^(?:Contents|Содержание|Table of contents)$", re.I)
_TRAILING_PAGE_RE = re.compile(r"(?:\s*\.{2,}|\s)\s*(?:\d{1,3}|Page|Стр\.)\s*$")
COLUMN_HEADS = frozenset({"Page", "Chapter", "Paragraphs", "Стр.", "Глава", "Пункты"})  # a contents' column heads
MAX_ITEM_CHARS = 250
MAX_TITLE_CHARS = 500  # the title of an annex may quote a long resolution title


def contents_entry(seg: Segment) -> str:
    """Return a table-of-contents line without its page number, first letters folded."""
    return structure.fold_marker(_TRAILING_PAGE_RE.sub("", clean(seg)).strip())


def first_contents(segs: list[Segment]) -> list[str]:
    """Return the entries of the document's own table of contents (the first one)."""
    for i, seg in enumerate(segs):
        if seg.kind == PARAGRAPH and CONTENTS_RE.match(clean(seg)):
            entries = []
            for row in segs[i + 1:]:
                if not row.table:
                    break
                entries.append(contents_entry(row))
            return entries
    return []


class _Reader:
    """The state of pass 3: blocks so far and what the last ones say about the next."""

    def __init__(self, segs: list[Segment], marked_pages: bool, title: str | None):
        self.marked_pages = marked_pages
        self.title = title
        self.outline = Outline(first_contents(segs))
        self.blocks: list[Block] = []
        self.raw: list[str] = []
        self.contents_section: str | None = None  # inside a table of contents: its section
        self.last_body: int | None = None  # the paragraph a next segment may continue
        self.listing = False  # after a paragraph ending in a colon
        self.last_number: int | None = None  # the last paragraph number, when a plain number
        self.table_header: str | None = None  # the first row of the table being read
        self.opened: set[int] = set()  # the headings that open a section (not the cover's)

    def add(self, block: Block, seg: Segment, body: bool = False) -> None:
        self.blocks.append(block)
        self.raw.append(seg.raw)
        self.last_body = len(self.blocks) - 1 if body else None
        if block.kind != ROW:
            self.table_header = None
        if block.kind not in (FOOTNOTE, HEADING):
            self.outline.body()

    def read(self, seg: Segment) -> None:
        text = clean(seg)
        if not text:
            return
        if seg.kind == FOOTNOTE:
            self.blocks.append(Block(text, kind=FOOTNOTE, marker=seg.mark, section=self.outline.section()))
            self.raw.append(seg.raw)
            return
        if self.contents_section is not None and seg.table:
            entry = contents_entry(seg)
            if entry and entry not in COLUMN_HEADS:
                number = structure.parse_marker(entry)[0]
                self.add(Block(entry, kind=CONTENTS, number=number, section=self.contents_section), seg)
            return
        self.contents_section = None
        if self._continued(seg, text):
            return
        if CONTENTS_RE.match(text):
            self.title = None
            section = self.outline.section()
            self.contents_section = f"{section} / {text}" if section else text
            self.add(Block(text, kind=HEADING, section=section), seg)
            return
        if seg.table:
            self._row(seg)
        elif not self._heading(seg, text):
            self._paragraph(seg, text)

    def _continued(self, seg: Segment, text: str) -> bool:
        """Join ``text`` to the paragraph before it when that one's sentence goes on."""
        number = structure.parse_marker(text)[0]
        if number is not None or self.last_body is None or not (seg.after_break or not self.marked_pages):
            return False
        previous = self.blocks[self.last_body]
        if not continues(previous, text, seg):
            return False
        self.blocks[self.last_body] = Block(cleaning.join_hyphenated(previous.text, text), kind=PARAGRAPH,
                                            number=previous.number, section=previous.section)
        self.raw[self.last_body] += " " + seg.raw
        self.listing = self.blocks[self.last_body].text.endswith(":")
        return True

    def _row(self, seg: Segment) -> None:
        row = cells(seg)
        if self.listing:
            self.add(Block(" ".join(c for c in row if c), kind=ITEM, section=self.outline.section()), seg)
            return
        text = cleaning.squeeze_spaces(CELL_SEPARATOR.join(row))
        if text and text == self.table_header:
            return  # the header again, at the top of the table's next page
        header = self.table_header
        self.add(Block(text, kind=ROW, section=self.outline.section()), seg)
        self.table_header = header or text

    def _heading(self, seg: Segment, text: str) -> bool:
        """Add ``text`` as a heading if it is one; tell whether it was."""
        heading = structure.heading_of(text)
        if heading is not None:
            text = structure.fold_marker(text)  # "Α." written with a Greek Alpha is "A."
        number, rest = structure.parse_marker(text)
        if heading is None and number is not None and structure.numbered_subheading(text, self.last_number):
            heading = (structure.NUMBERED_SUBHEADING_LEVEL, None)
        if heading is None and number is not None and structure.lettered_subheading(text) and not self._in_list():
            heading = (structure.LETTERED_SUBHEADING_LEVEL, None)
        if heading is None and number is None and self._title(text):
            heading = (structure.UNNUMBERED_HEADING_LEVEL, None)
        if heading is None and number is None and structure.looks_like_heading(text):
            if self.listing and len(text) <= MAX_ITEM_CHARS:
                self.add(Block(text, kind=ITEM, section=self.outline.section()), seg)
                return True
            heading = (structure.UNNUMBERED_HEADING_LEVEL, None)
        if heading is None:
            return False
        self.listing = False
        level, label = heading
        if self.title is not None and (text == self.title or level == structure.UNNUMBERED_HEADING_LEVEL):
            section = None  # the cover's lines up to the document's title open no section
            self.title = None if text == self.title else self.title
        else:
            self.title = None
            section = self.outline.enter(level, text)
            self.opened.add(len(self.blocks))
        self.add(Block(text, kind=HEADING, number=label, section=section), seg)
        return True

    def _in_list(self) -> bool:
        """Tell whether the last paragraph opens or continues a list (it ends in a colon, semicolon or comma)."""
        last = next((b for b in reversed(self.blocks) if b.kind != FOOTNOTE), None)
        return last is not None and last.text.rstrip(" *”\"").endswith((":", ";", ","))

    def _title(self, text: str) -> bool:
        """Tell whether ``text`` is the long title of the annex or resolution just opened (no sentence end)."""
        return (self.outline.expects_title() and len(text) <= MAX_TITLE_CHARS and text[:1].isupper()
                and not cleaning.ends_sentence(text))

    def _paragraph(self, seg: Segment, text: str) -> None:
        self.title = None  # the cover is over
        number, rest = structure.parse_marker(text)
        if number is None:
            text = structure.BULLET_RE.sub("", text)
        last_word = text.rsplit(None, 1)[-1].lower()
        if (self.listing and number is None and len(text) <= MAX_ITEM_CHARS and not cleaning.ends_sentence(text)
                and not text.endswith(",") and last_word not in structure.OPEN_ENDINGS):
            self.add(Block(text, kind=ITEM, section=self.outline.section()), seg)
            return
        self.listing = text.endswith(":")
        if number is not None and number.isdigit():
            self.last_number = int(number)
        self.add(Block(rest if number else text, kind=PARAGRAPH, number=number, section=self.outline.section()),
                 seg, body=True)


def blocks(segs: list[Segment], skip: set, marked_pages: bool = False,
           title: str | None = None) -> tuple[list[Block], list[str]]:
    """Turn segments into blocks with numbers, kinds, sections and footnote links; also their raw texts.

    With ``marked_pages`` the segments are the paragraphs as laid out, and
    only a segment after a page break may continue the paragraph before it.
    ``title`` is the document's title: it and the cover's headings before it open no section.
    """
    reader = _Reader(segs, marked_pages, title)
    for i, seg in enumerate(segs):
        if i not in skip:
            reader.read(seg)
    return footnotes.attach(reader.blocks, reader.raw, reader.opened), reader.raw


def continues(previous: Block, text: str, seg: Segment) -> bool:
    """Tell whether ``text`` continues the paragraph ``previous`` across a page or footnote break.

    A sentence left unfinished goes on whatever the next part starts with: a
    lower-case word, a capital or a digit after a word (``…Economic and Social``
    | ``Council``), or after a comma closing a numbered paragraph's list
    (``…Algeria, Argentina,`` | ``Canada``); an unnumbered paragraph ending in a
    comma is a preamble clause, and the next one starts afresh.
    """
    if seg.table or structure.heading_of(text) is not None:
        return False
    before = footnotes.without_plain_mark(previous.text)
    if cleaning.starts_lowercase(text):
        return not cleaning.ends_sentence(before) or seg.after_break
    words = before.split()
    if len(words) > 1 and words[-1].lower() in structure.OPEN_ENDINGS:
        return True  # "…the Working Group of" | "Asia-Pacific States…" (a lone "OR" between two options is no cut)
    if structure.looks_like_heading(text):
        return False
    if seg.after_break and cleaning.ends_open(before):
        return True
    first = text.lstrip(" “\"«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    stripped = cleaning.FOOTNOTE_REF_RE.sub("", before).rstrip()
    return cleaning.ends_open(before) or (stripped.endswith(",") and previous.number is not None)
