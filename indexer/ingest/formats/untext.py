"""Plain text extracted from UN PDF documents (the seeds' format): the generic text importer.

The text has the PDF's cover page, running headers and job numbers, footnote
blocks at page ends, paragraphs cut by page breaks, and markdown marks.  The
parser works in three passes:

1. lines → segments (:mod:`indexer.ingest.segments`): blank lines end a segment; page furniture is dropped (and
   remembered as a page break); footnote lines become footnote segments; list
   items and table rows start segments of their own;
2. the cover page → metadata: ``Distr.`` date, language lines, title;
3. segments → blocks (:mod:`indexer.ingest.paragraphs`): continuation of a
   paragraph cut by a page break or a footnote block, list markers, headings
   and the section outline, list items, table rows, footnotes linked to the
   paragraph whose mark they carry.

A sidecar file ``<name>.meta.json`` beside the text may give ``symbol``,
``lang``, ``date`` (ISO), ``title`` and ``original_lang``; they override what
the text says.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from analyzers.language import detect_language
from indexer.ingest import cleaning, metadata, paragraphs, structure
from indexer.ingest.paragraph_language import paragraph_language
from indexer.ingest.paragraphs import CONTENTS_RE
from indexer.ingest.segments import Segment, clean, segments
from indexer.documents import HEADING, PARAGRAPH, Block, Document, assemble, make_doc_id
from indexer.ingest.encoding import read_text
from indexer.errors import InputError
from indexer.files import read_regular
from indexer.symbols import from_filename, looks_like_symbol, normalize_symbol

NAME = "UN text"

EXTENSIONS = (".txt", ".text", "")
SIDECAR_SUFFIX = ".meta.json"
COVER_SEGMENTS = 14  # the cover page is within the first segments


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
class _Cover:
    date: dt.date | None = None
    lang: str | None = None
    original_lang: str | None = None
    title: str | None = None
    meta_segments: set = field(default_factory=set)


def _read_cover(segments: list[Segment]) -> _Cover:
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
            text = clean(seg)
            if structure.parse_marker(text)[0] is not None or CONTENTS_RE.match(text):
                break
            candidates.append(text)
        cover.title = metadata.pick_title(candidates)
    return cover


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
    segs = segments(text, marked_pages)
    cover = _read_cover(segs)
    blocks, _ = paragraphs.blocks(segs, cover.meta_segments, marked_pages, title=cover.title)
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
