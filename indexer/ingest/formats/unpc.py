"""The UN Parallel Corpus v1.0 test-set format: ``X.ids`` with the sentence files ``X.en``, ``X.ru`` ….

Line *i* of ``X.en`` and line *i* of ``X.ru`` are one aligned sentence pair;
line *i* of ``X.ids`` says where it comes from::

    2015/e/cn_15/2015/12 ar:25:1 en:45:1 es:25:1 fr:25:1 ru:23:1 zh:25:1

that is the year and the document (its symbol written as a path) and, per language, the
paragraph and sentence (``P:S``) in that language's UNPC XML file.  The lines of
one document are scattered over the file and are only a sample of its
sentences.

:func:`parse` rebuilds, for every symbol and for English and Russian, a document
of the sampled sentences: the sentences of one ``P`` are joined with a space in
``S`` order, and the paragraphs are ordered by ``P``.  ``P`` is a layout id of
the UNPC files (EN and RU differ), not a UN paragraph number, so it is kept
nowhere; a paragraph's ``number`` is the UN number its text starts with
(``31. Recognizes …`` → ``31``), if any.  :func:`line_links` tells, per line,
which paragraph positions the sentence pair went to: the gold standard of
paragraph alignment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from indexer.documents import Block, Document, assemble, make_doc_id
from indexer.ingest.encoding import decode, read_text
from indexer.errors import InputError
from indexer.ingest.structure import fold_marker, parse_marker
from indexer.symbols import from_unpc_path

NAME = "UNPC test set"

LANGUAGES = ("en", "ru")  # the languages made into documents
ALL_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")  # the sentence files a test set may have
IDS_SUFFIX = ".ids"
IDS_LINE_RE = re.compile(r"^\d{4}/\S+(?: [a-z]{2}:\d+:\d+)+$")
_FIELD_RE = re.compile(r"^(?P<lang>[a-z]{2}):(?P<p>\d+):(?P<s>\d+)$")


class SentenceId(NamedTuple):
    """Where a sentence sits in its UNPC XML file: paragraph ``P`` and sentence ``S``."""

    p: int
    s: int


@dataclass(frozen=True)
class IdsLine:
    """One line of an ``.ids`` file: the symbol path and the sentence id in each language."""

    path: str
    ids: dict[str, SentenceId]

    @property
    def symbol(self) -> str:
        """The document symbol (``2015/e/cn_15/2015/12`` → ``E/CN.15/2015/12``)."""
        return from_unpc_path(self.path)


class LineLink(NamedTuple):
    """Where the sentence pair of one ``.ids`` line went: the symbol and two paragraph positions.

    ``en`` and ``ru`` are ``Paragraph.position`` values (0-based) in the English
    and Russian documents of ``symbol`` that :func:`parse` builds.
    """

    symbol: str
    en: int
    ru: int


def sniff(path: Path, head: bytes) -> bool:
    """Take ``.ids`` files whose first line is ``YEAR/<symbol-path> xx:P:S …``."""
    if path.suffix.lower() != IDS_SUFFIX:
        return False
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        line = decode(first)
    except InputError:
        return False
    return bool(IDS_LINE_RE.match(line.strip()))


def companions(path: Path) -> list[Path]:
    """Return the sentence files beside an ``.ids`` file (``X.en``, ``X.ru`` and any other language)."""
    siblings = (path.with_suffix(f".{lang}") for lang in ALL_LANGUAGES)
    return [p for p in siblings if p.is_file()]


def parse(path: Path) -> list[Document]:
    """Rebuild the English and Russian documents sampled in a test set (two per symbol)."""
    ids = read_ids(path)
    sentences = {lang: _read_sentences(path, lang, len(ids)) for lang in LANGUAGES}
    docs = []
    for symbol, rows in _by_symbol(ids).items():
        for lang in LANGUAGES:
            paragraphs = _paragraphs(rows, ids, sentences[lang], lang)
            docs.append(_document(symbol, lang, paragraphs, path))
    return docs


def line_links(path: Path) -> list[LineLink]:
    """Return, for each line of the ``.ids`` file (in order), where :func:`parse` put its sentences.

    Item *i* is ``LineLink(symbol, en, ru)``: line *i* of ``X.en`` is in paragraph
    ``en`` (a 0-based position) of the English document of ``symbol``, and line
    *i* of ``X.ru`` in paragraph ``ru`` of the Russian one.  Two lines with the
    same pair of positions are sentences of the same paragraph pair; the set of
    distinct ``(symbol, en, ru)`` is the gold paragraph alignment.
    """
    ids = read_ids(path)
    positions: dict[tuple[int, str], int] = {}
    for rows in _by_symbol(ids).values():
        for lang in LANGUAGES:
            order = _positions(rows, ids, lang)
            for row in rows:
                positions[row, lang] = order[ids[row].ids[lang].p]
    return [LineLink(line.symbol, positions[i, "en"], positions[i, "ru"]) for i, line in enumerate(ids)]


def read_ids(path: Path) -> list[IdsLine]:
    """Read an ``.ids`` file; raise InputError naming the first malformed line."""
    lines = _lines(read_text(path))
    if not lines:
        raise InputError(path, "empty .ids file")
    return [_ids_line(path, number, line) for number, line in enumerate(lines, start=1)]


def _ids_line(path: Path, number: int, line: str) -> IdsLine:
    """Parse one ``.ids`` line, which must give a sentence id for every language of :data:`LANGUAGES`."""
    if not line.strip():
        raise InputError(path, f"line {number}: blank")
    symbol_path, *fields = line.split()
    ids = {}
    for field in fields:
        match = _FIELD_RE.match(field)
        if not match:
            raise InputError(path, f"line {number}: not a sentence id: {field!r}")
        ids[match.group("lang")] = SentenceId(int(match.group("p")), int(match.group("s")))
    missing = [lang for lang in LANGUAGES if lang not in ids]
    if missing or "/" not in symbol_path:
        raise InputError(path, f"line {number}: expected YEAR/<symbol-path> and {', '.join(LANGUAGES)} sentence ids")
    return IdsLine(symbol_path, ids)


def _lines(text: str) -> list[str]:
    """Split a file into lines at LF only (sentences may hold other line separators), dropping the last empty one."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _read_sentences(path: Path, lang: str, count: int) -> list[str]:
    """Read the sentence file of ``lang`` beside ``path``; it must have one line per ``.ids`` line."""
    sentence_path = path.with_suffix(f".{lang}")
    if not sentence_path.is_file():
        raise InputError(path, f"missing sentence file {sentence_path.name}")
    lines = _lines(read_text(sentence_path))
    if len(lines) != count:
        raise InputError(sentence_path, f"{len(lines)} lines, but {path.name} has {count}")
    return lines


def _by_symbol(ids: list[IdsLine]) -> dict[str, list[int]]:
    """Group line indexes by symbol path, symbols in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for index, line in enumerate(ids):
        groups.setdefault(line.path, []).append(index)
    return groups


def _positions(rows: list[int], ids: list[IdsLine], lang: str) -> dict[int, int]:
    """Map each ``P`` of one document and language to its paragraph position: the rank of ``P``."""
    return {p: position for position, p in enumerate(sorted({ids[row].ids[lang].p for row in rows}))}


def _paragraphs(rows: list[int], ids: list[IdsLine], sentences: list[str], lang: str) -> list[str]:
    """Join the sentences of one document and language into paragraphs: by ``P``, sentences by ``S``."""
    positions = _positions(rows, ids, lang)
    by_position: list[list[tuple[int, str]]] = [[] for _ in positions]
    for row in rows:
        sid = ids[row].ids[lang]
        by_position[positions[sid.p]].append((sid.s, " ".join(sentences[row].split())))
    return [" ".join(text for _, text in sorted(group)) for group in by_position]


def _document(symbol_path: str, lang: str, paragraphs: list[str], path: Path) -> Document:
    """Build the document of one symbol and language from its paragraph texts."""
    symbol = from_unpc_path(symbol_path)
    blocks = [Block(text, number=un_number(text)) for text in paragraphs]
    doc = assemble(blocks, doc_id=make_doc_id(symbol, lang, symbol_path), lang=lang, symbol=symbol,
                   issued_year=year_of(symbol_path), source=str(path), fmt="unpc")
    if len(doc.paragraphs) != len(paragraphs):
        raise InputError(path, f"{symbol} ({lang}): empty sentences; paragraph positions would not match line_links")
    return doc


def year_of(symbol_path: str) -> int | None:
    """Return the year a symbol path starts with (``2015/e/cn_15/2015/12`` → 2015), or None.

    >>> year_of("2015/e/cn_15/2015/12"), year_of("e/cn_15")
    (2015, None)
    """
    head = symbol_path.split("/", 1)[0]
    return int(head) if len(head) == 4 and head.isdigit() else None


def un_number(text: str) -> str | None:
    """Return the UN paragraph number a paragraph starts with (``31. Recognizes …`` → ``31``), or None.

    Look-alike letters are folded to Latin, so a Russian ``(а)`` is numbered ``(a)`` like the English.
    """
    number, _rest = parse_marker(fold_marker(text))
    return number
