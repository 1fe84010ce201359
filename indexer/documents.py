"""The document model: a UN document in one language as an ordered list of paragraphs.

Records are frozen dataclasses.  A :class:`Document` keeps its cleaned text, and
every :class:`Paragraph` carries ``start``/``end`` offsets into it, so
``doc.text[p.start:p.end] == p.text`` always holds.  Build documents with
:func:`assemble`, which computes those offsets.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace

PARAGRAPH = "paragraph"
HEADING = "heading"
FOOTNOTE = "footnote"
CONTENTS = "contents"  # a table-of-contents entry
ITEM = "item"  # an unnumbered list entry: a speaker, an officer, a member
ROW = "row"  # a table row, its cells separated by " | "
KINDS = (PARAGRAPH, HEADING, FOOTNOTE, CONTENTS, ITEM, ROW)

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Block:
    """A paragraph before it has a place in a document: text and structure, no offsets."""

    text: str
    kind: str = PARAGRAPH
    number: str | None = None
    section: str | None = None
    lang: str | None = None
    attached_to: int | None = None  # footnotes: position of the paragraph they follow
    marker: str | None = None  # footnotes: the footnote mark ("3", "*")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph, heading or footnote of a document, with its offsets in ``Document.text``."""

    doc_id: str
    position: int
    text: str
    start: int
    end: int
    lang: str
    kind: str = PARAGRAPH
    number: str | None = None
    section: str | None = None
    attached_to: int | None = None
    marker: str | None = None

    @property
    def id(self) -> str:
        """The paragraph's unique id in the index: ``<doc_id>#<position>``."""
        return f"{self.doc_id}#{self.position}"


@dataclass(frozen=True)
class Document:
    """A document in one language: metadata, cleaned text and paragraphs."""

    doc_id: str
    lang: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    symbol: str | None = None
    title: str | None = None
    date: _dt.date | None = None
    original_lang: str | None = None
    source: str | None = None
    fmt: str = "text"
    warnings: tuple[str, ...] = field(default=(), compare=False)
    issued_year: int | None = None  # the year, when the source gives it without a date (UNPC paths)

    @property
    def year(self) -> int | None:
        """The year of the document's date, else the year its source gives."""
        return self.date.year if self.date else self.issued_year

    def __reduce__(self):
        """Pickle compactly: each paragraph as a row, its text and doc id left out where the document's give them."""
        rows = tuple(_paragraph_row(p, self) for p in self.paragraphs)
        return _unpickle_document, (self.doc_id, self.lang, self.text, rows, self.symbol, self.title, self.date,
                                    self.original_lang, self.source, self.fmt, self.warnings, self.issued_year)


def make_doc_id(symbol: str | None, lang: str, fallback: str) -> str:
    """Return the id of a language version: ``SYMBOL@lang``, or ``fallback@lang`` without a symbol."""
    return f"{symbol or fallback}@{lang}"


def assemble(blocks, *, doc_id: str, lang: str, **meta) -> Document:
    """Build a :class:`Document` from ``blocks``, joining their texts and computing offsets.

    Blocks with no text are dropped; a block without a language takes the
    document's.  ``meta`` holds the other :class:`Document` fields (symbol, title, …).
    """
    paragraphs = []
    pieces = []
    offset = 0
    old_to_new = {}
    kept = [(i, b) for i, b in enumerate(blocks) if b.text and b.text.strip()]
    for new_pos, (old_pos, _) in enumerate(kept):
        old_to_new[old_pos] = new_pos
    for position, (_, block) in enumerate(kept):
        text = block.text.strip()
        if pieces:
            pieces.append(PARAGRAPH_SEPARATOR)
            offset += len(PARAGRAPH_SEPARATOR)
        start = offset
        pieces.append(text)
        offset += len(text)
        attached = block.attached_to
        if attached is not None:
            attached = old_to_new.get(attached)
        paragraphs.append(
            Paragraph(
                doc_id=doc_id,
                position=position,
                text=text,
                start=start,
                end=offset,
                lang=block.lang or lang,
                kind=block.kind,
                number=block.number,
                section=block.section,
                attached_to=attached,
                marker=block.marker,
            )
        )
    return Document(
        doc_id=doc_id, lang=lang, text="".join(pieces), paragraphs=tuple(paragraphs), **meta
    )


def with_meta(doc: Document, **changes) -> Document:
    """Return ``doc`` with metadata changed; a new doc_id is carried into its paragraphs."""
    new = replace(doc, **changes)
    if new.doc_id != doc.doc_id:
        new = replace(new, paragraphs=tuple(replace(p, doc_id=new.doc_id) for p in doc.paragraphs))
    return new


def _paragraph_row(p: Paragraph, doc: Document) -> tuple:
    """Return the fields of ``p`` as a tuple; ``None`` for a text or doc id that ``doc`` gives."""
    text = None if doc.text[p.start:p.end] == p.text else p.text
    doc_id = None if p.doc_id == doc.doc_id else p.doc_id
    return (doc_id, p.position, text, p.start, p.end, p.lang, p.kind, p.number, p.section, p.attached_to, p.marker)


def _unpickle_document(doc_id, lang, text, rows, *meta) -> Document:
    """Rebuild a :class:`Document` pickled by :meth:`Document.__reduce__`."""
    return Document(doc_id, lang, text, tuple(_unpickle_paragraph(doc_id, text, row) for row in rows), *meta)


def _unpickle_paragraph(doc_id: str, text: str, row: tuple) -> Paragraph:
    """Rebuild a :class:`Paragraph` from its row, setting its fields as pickle restores a dataclass's."""
    pid, position, ptext, start, end, lang, kind, number, section, attached_to, marker = row
    paragraph = _new(Paragraph)
    paragraph.__dict__.update({
        "doc_id": doc_id if pid is None else pid, "position": position,
        "text": text[start:end] if ptext is None else ptext, "start": start, "end": end, "lang": lang,
        "kind": kind, "number": number, "section": section, "attached_to": attached_to, "marker": marker,
    })
    return paragraph


_new = object.__new__
