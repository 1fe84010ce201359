"""Plain text extracted from UN PDF documents (the seeds' format): the generic text importer.

The text has the PDF's cover page, running headers and job numbers, footnote
blocks at page ends, paragraphs cut by page breaks, and markdown marks.  The
parser works in three passes:

1. lines → segments: blank lines end a segment; page furniture is dropped (and
   remembered as a page break); footnote lines become footnote segments; list
   items and table rows start segments of their own;
2. the cover page → metadata: ``Distr.`` date, language lines, title;
3. segments → blocks: continuation of a paragraph cut by a page break or a
   footnote block, list markers, headings and the section outline, footnotes
   linked to the paragraph whose mark they carry.

A sidecar file ``<name>.meta.json`` beside the text may give ``symbol``,
``lang``, ``date`` (ISO), ``title`` and ``original_lang``; they override what
the text says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from analyzers.language import detect_language
from indexer.ingest.paragraph_language import paragraph_language
from indexer.ingest import cleaning
from indexer.ingest import metadata
from indexer.ingest import structure
from indexer.documents import CONTENTS, FOOTNOTE, HEADING, PARAGRAPH, Block, Document, assemble, make_doc_id
from indexer.ingest.encoding import read_text
from indexer.errors import InputError
from indexer.files import read_regular
from indexer.symbols import from_filename, looks_like_symbol, normalize_symbol

NAME = "UN text"

EXTENSIONS = (".txt", ".text", "")
SIDECAR_SUFFIX = ".meta.json"
COVER_SEGMENTS = 14  # the cover page is within the first segments
FOOTNOTE_REACH = 30  # a footnote belongs to one of this many paragraphs before it (a page holds about as many)

_CONTENTS_RE = re.compile(r"^(?:Contents|Содержание|Table of contents)$", re.I)
_TRAILING_PAGE_RE = re.compile(r"(?:\s*\.{2,}|\s)\s*(?:\d{1,3}|Page|Стр\.)\s*$")


def sniff(path: Path, head: bytes) -> bool:
    """Take any text file (by extension); this importer is tried last."""
    return path.suffix.lower() in EXTENSIONS


def companions(path: Path) -> list[Path]:
    """Return the metadata sidecar beside ``path``, if there is one."""
    sidecar = sidecar_path(path)
    return [sidecar] if sidecar.is_file() else []


def sidecar_path(path: Path) -> Path:
    """Return where the metadata sidecar of ``path`` would be: ``<stem>.meta.json`` beside it."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def parse(path: Path) -> list[Document]:
    """Read and parse one text file into a document."""
    text = read_text(path)
    doc = parse_text(text, name=path.name, source=str(path), overrides=read_sidecar(path))
    if not doc.paragraphs:
        raise InputError(path, "no paragraphs: the file has no text content")
    return [doc]


def read_sidecar(path: Path) -> dict:
    """Return the metadata of ``<name>.meta.json`` beside ``path``, or {} when there is none."""
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(read_regular(sidecar).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(sidecar, f"unreadable metadata sidecar: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(sidecar, "metadata sidecar must be a JSON object")
    return data


@dataclass
class _Segment:
    """A run of lines that belong together, before cleaning."""

    lines: list[str]
    kind: str = PARAGRAPH  # PARAGRAPH or FOOTNOTE
    mark: str | None = None
    after_break: bool = False  # a page break or footnote block came before it
    table: bool = False

    @property
    def raw(self) -> str:
        return " ".join(line.strip() for line in self.lines)


@dataclass
class _Cover:
    date: dt.date | None = None
    lang: str | None = None
    original_lang: str | None = None
    title: str | None = None
    meta_segments: set = field(default_factory=set)


def _segments(text: str, marked_pages: bool = False) -> list[_Segment]:
    """Pass 1: cut the text into segments at blank lines, furniture, footnotes and list items.

    A footnote block counts as a page break unless ``marked_pages`` says that
    form feeds mark every page break.
    """
    segments: list[_Segment] = []
    current: _Segment | None = None
    pending_break = False
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
        note = cleaning.footnote_line(line)
        if note:
            current = _Segment([note[1]], kind=FOOTNOTE, mark=note[0])
            segments.append(current)
            pending_break = pending_break or not marked_pages
            continue
        if current is not None and current.kind == PARAGRAPH and not current.table and not structure.starts_paragraph(line):
            current.lines.append(line)
            continue
        if current is not None and current.kind == FOOTNOTE and not structure.starts_paragraph(line):
            current.lines.append(line)
            continue
        current = _Segment([line], after_break=pending_break, table="\t" in line)
        segments.append(current)
        pending_break = False
    return segments


def _clean(seg: _Segment) -> str:
    text = seg.lines[0].strip()
    for line in seg.lines[1:]:
        text = cleaning.join_hyphenated(text, line.strip())
    if seg.table:
        text = re.sub(r"\t+", " ", text)
    return cleaning.squeeze_spaces(cleaning.strip_marks(text))


def _read_cover(segments: list[_Segment]) -> _Cover:
    """Pass 2: take the metadata lines off the cover page and choose the title."""
    cover = _Cover()
    distr_at = None
    last_meta = None
    for i, seg in enumerate(segments[:COVER_SEGMENTS]):
        if seg.kind != PARAGRAPH:
            continue
        consumed = True
        for line in seg.lines:
            text = cleaning.strip_marks(line).strip()
            if metadata.is_distribution_line(text):
                distr_at = i if distr_at is None else distr_at
                cover.date = cover.date or metadata.parse_date(text)
            elif metadata.is_original_line(text):
                cover.original_lang = metadata.language_code(text)
            elif distr_at is not None and metadata.is_date_line(text):
                cover.date = cover.date or metadata.parse_date(text)
            elif distr_at is not None and metadata.language_code(text) and len(text.split()) == 1:
                cover.lang = metadata.language_code(text)
            else:
                consumed = False
        if consumed:
            cover.meta_segments.add(i)
            last_meta = i
    if last_meta is not None:
        candidates = []
        for seg in segments[last_meta + 1: last_meta + 1 + 8]:
            if seg.kind != PARAGRAPH:
                continue
            text = _clean(seg)
            if structure.parse_marker(text)[0] is not None or _CONTENTS_RE.match(text):
                break
            candidates.append(text)
        cover.title = metadata.pick_title(candidates)
    return cover


def _attach(blocks: list[Block], raw: list[str], mark: str) -> int | None:
    """Return the index of the block a footnote belongs to: the nearest before it that carries its mark."""
    if mark.isdigit():
        ref = re.compile(re.escape(mark.translate(_TO_SUPERSCRIPT)) + f"(?![{cleaning.SUPERSCRIPT_DIGITS}])")
    elif mark.startswith("*"):
        ref = re.compile(r"(?<=[^\s*])" + re.escape(mark) + r"(?![\w*])")
    else:
        ref = re.compile(r"\^\{?" + re.escape(mark) + r"\}?")
    body = [i for i, b in enumerate(blocks) if b.kind != FOOTNOTE]
    for i in reversed(body[-FOOTNOTE_REACH:]):
        if ref.search(raw[i].replace("**", "")):
            return i
    return body[-1] if body else None


_TO_SUPERSCRIPT = str.maketrans("0123456789", cleaning.SUPERSCRIPT_DIGITS)


class _Outline:
    """The section outline: the current heading at each level."""

    def __init__(self):
        self.levels: dict[int, str] = {}

    def enter(self, level: int, text: str) -> str | None:
        """Record a heading at ``level``; return the section it sits in (its parents)."""
        parent = self.section(below=level)
        self.levels = {k: v for k, v in self.levels.items() if k < level}
        self.levels[level] = text
        return parent

    def section(self, below: int = 99) -> str | None:
        parts = [self.levels[k] for k in sorted(self.levels) if k < below]
        return " / ".join(parts) if parts else None


def _blocks(segments: list[_Segment], skip: set, marked_pages: bool = False) -> tuple[list[Block], list[str]]:
    """Pass 3: turn segments into blocks with numbers, headings, sections and footnote links.

    With ``marked_pages`` the segments are the paragraphs as laid out, and
    only a segment after a page break may continue the paragraph before it.
    """
    blocks: list[Block] = []
    raw: list[str] = []
    outline = _Outline()
    in_contents = False
    last_body: int | None = None  # index of the last PARAGRAPH block
    for i, seg in enumerate(segments):
        if i in skip:
            continue
        text = _clean(seg)
        if not text:
            continue
        if seg.kind == FOOTNOTE:
            blocks.append(Block(text, kind=FOOTNOTE, marker=seg.mark, attached_to=_attach(blocks, raw, seg.mark),
                                section=outline.section()))
            raw.append(seg.raw)
            continue
        number, rest = structure.parse_marker(text)
        if in_contents and not seg.table:
            in_contents = False
        if in_contents:
            entry = structure.fold_marker(_TRAILING_PAGE_RE.sub("", text).strip())
            if entry and entry not in ("Page", "Стр."):
                blocks.append(Block(entry, kind=CONTENTS, number=number, section="Contents"))
                raw.append(seg.raw)
            continue
        if (number is None and last_body is not None and (seg.after_break or not marked_pages)
                and _continues(blocks[last_body].text, text, seg)):
            merged = cleaning.join_hyphenated(blocks[last_body].text, text)
            blocks[last_body] = Block(merged, kind=PARAGRAPH, number=blocks[last_body].number,
                                      section=blocks[last_body].section)
            raw[last_body] += " " + seg.raw
            continue
        if _CONTENTS_RE.match(text):
            in_contents = True
            blocks.append(Block(text, kind=HEADING, section=outline.section()))
            raw.append(seg.raw)
            last_body = None
            continue
        heading = structure.heading_of(text) if not seg.table else None
        if heading is not None:
            level, label = heading
            section = outline.enter(level, structure.fold_marker(text))
            blocks.append(Block(structure.fold_marker(text), kind=HEADING, number=label, section=section))
            raw.append(seg.raw)
            last_body = None
            continue
        if number is None and not seg.table and structure.looks_like_heading(text):
            section = outline.enter(structure.UNNUMBERED_HEADING_LEVEL, text)
            blocks.append(Block(text, kind=HEADING, section=section))
            raw.append(seg.raw)
            last_body = None
            continue
        blocks.append(Block(rest if number else text, kind=PARAGRAPH, number=number, section=outline.section()))
        raw.append(seg.raw)
        last_body = len(blocks) - 1
    return blocks, raw


def _continues(previous: str, text: str, seg: _Segment) -> bool:
    """Tell whether ``text`` continues the paragraph ``previous`` across a page or footnote break."""
    if seg.table or structure.heading_of(text) is not None:
        return False
    if cleaning.starts_lowercase(text):
        return not cleaning.ends_sentence(previous) or seg.after_break
    last_word = previous.rsplit(None, 1)[-1].lower() if previous.strip() else ""
    if last_word in structure.OPEN_ENDINGS:
        return True
    return seg.after_break and cleaning.ends_open(previous)


def _document_language(blocks: list[Block]) -> str:
    body = " ".join(b.text for b in blocks if b.kind == PARAGRAPH)[:3000]
    return detect_language(body or " ".join(b.text for b in blocks)[:3000], default="en") or "en"


def _with_languages(blocks: list[Block], doc_lang: str) -> list[Block]:
    out = []
    for b in blocks:
        lang = paragraph_language(b.text, doc_lang)
        out.append(Block(b.text, kind=b.kind, number=b.number, section=b.section, lang=lang,
                         attached_to=b.attached_to, marker=b.marker))
    return out


def _header_symbol(text: str) -> str | None:
    """Return the document's own symbol from a running-header line, if one is there."""
    for line in cleaning.normalize_newlines(text).split("\n"):
        stripped = cleaning.strip_marks(line).strip()
        if stripped and looks_like_symbol(stripped):
            return normalize_symbol(stripped)
    return None


def parse_text(text: str, *, name: str = "document.txt", source: str | None = None,
               overrides: dict | None = None, symbol_hint: str | None = None, fmt: str = "text",
               marked_pages: bool = False) -> Document:
    """Parse the text of a UN document extracted from PDF into a :class:`Document`.

    ``name`` is the file name (it may carry the symbol and language, as in
    ``CTOC_COP_2012_15-EN.txt``); ``overrides`` holds sidecar metadata;
    ``symbol_hint`` is a symbol found outside the text (a PDF's running header),
    used when neither the sidecar nor the file name gives one.  A form feed in
    ``text`` is a page break; ``marked_pages`` says that the text's paragraphs
    are as laid out and every page break where one may run on is marked so
    (text written by the PDF and Word importers): a block of footnotes is then
    no page break, and only a paragraph after a form feed may continue the one
    before.
    """
    overrides = overrides or {}
    segments = _segments(text, marked_pages)
    cover = _read_cover(segments)
    blocks, _ = _blocks(segments, cover.meta_segments, marked_pages)
    file_symbol, file_lang = from_filename(name)
    symbol = (normalize_symbol(overrides.get("symbol")) or file_symbol or normalize_symbol(symbol_hint)
              or _header_symbol(text))
    lang = overrides.get("lang") or file_lang or _document_language(blocks)
    blocks = _with_languages(blocks, lang)
    date = cover.date
    if overrides.get("date"):
        try:
            date = dt.date.fromisoformat(str(overrides["date"]))
        except ValueError:
            raise InputError(name, f"sidecar date {overrides['date']!r} is not YYYY-MM-DD") from None
    title = overrides.get("title") or cover.title or next((b.text for b in blocks if b.kind == HEADING), None)
    stem = Path(name).stem
    return assemble(
        blocks,
        doc_id=make_doc_id(symbol, lang, stem),
        lang=lang,
        symbol=symbol,
        title=title,
        date=date,
        original_lang=overrides.get("original_lang") or cover.original_lang,
        source=source or name,
        fmt=fmt,
    )
