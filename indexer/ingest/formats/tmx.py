"""TMX 1.4 translation memories: English–Russian segment pairs, read as aligned documents and written.

Every ``<tu>`` with an English (``xml:lang="en…"``) and a Russian
(``xml:lang="ru…"``) ``<seg>`` becomes one paragraph of an English document and
one of a Russian document, in the same order: paragraph *i* of the one is the
translation of paragraph *i* of the other.  Units lacking either side (or with
an empty segment) are skipped, and counted in the documents' warnings.

A unit's ``<prop type="x-symbol">`` (or ``x-document``), or else the header's,
names the UN document it belongs to; units are grouped into one document pair
per symbol.  Units without one go to a pair named after the file.
``<prop type="x-number">`` gives the paragraph number.

ElementTree is safe enough here: expat (2.4.1 and later) refuses
entity-expansion bombs and ElementTree never fetches external entities.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.documents import Block, Document, assemble, make_doc_id
from indexer.errors import InputError
from indexer.ingest.formats.xmlfiles import read_root, root_tag
from indexer.symbols import looks_like_symbol, normalize_symbol

NAME = "TMX"

EXTENSIONS = (".tmx",)
LANGUAGES = ("en", "ru")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SYMBOL_PROP = "x-symbol"
DOCUMENT_PROP = "x-document"
NUMBER_PROP = "x-number"
CITATION_PROP = "x-citation"  # written in exports; the importer cites by its own rules
# Inline elements whose content is markup of the original format, not text.
CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut"})
# Characters XML 1.0 cannot carry.
_NOT_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CREATION_TOOL = "un-bilingual-search"
CREATION_TOOL_VERSION = "0.1.0"


@dataclass(frozen=True)
class Unit:
    """One usable translation unit: the document it belongs to, its number and its two texts."""

    symbol: str | None
    name: str | None  # a document name that is not a symbol (from x-document)
    number: str | None
    texts: dict[str, str]


def sniff(path: Path, head: bytes) -> bool:
    """Take ``.tmx`` files, and XML files whose root element is ``tmx``."""
    if path.suffix.lower() in EXTENSIONS:
        return True
    tag = root_tag(head)
    return tag is not None and _local(tag) == "tmx"


def parse(path: Path) -> list[Document]:
    """Read a TMX file into aligned English and Russian documents, one pair per symbol."""
    root = _read_root(path)
    header = _child(root, "header")
    body = _child(root, "body")
    default_symbol, default_name = _document_of(_props(header))
    units = []
    skipped = 0
    for tu in _children(body, "tu"):
        unit = _unit(tu, default_symbol, default_name)
        if unit is None:
            skipped += 1
        else:
            units.append(unit)
    if not units:
        raise InputError(path, "no translation units with both an English and a Russian segment")
    warnings = (f"skipped {skipped} translation units without both an English and a Russian segment",) if skipped else ()
    return _documents(units, path, warnings)


def _read_root(path: Path) -> ET.Element:
    """Parse the file and return its ``tmx`` root, or raise InputError saying why not."""
    root = read_root(path)
    if _local(root.tag) != "tmx":
        raise InputError(path, f"not a TMX file (root element <{_local(root.tag)}>)")
    return root


def _local(tag: str) -> str:
    """Return a tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    """Return the first child of ``element`` with local name ``name``."""
    return next((child for child in element if _local(child.tag) == name), None)


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    """Return the children of ``element`` with local name ``name`` ([] for None)."""
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _props(element: ET.Element | None) -> dict[str, str]:
    """Return the ``<prop type=…>`` values of an element (the first of each type)."""
    props: dict[str, str] = {}
    for child in _children(element, "prop"):
        if child.get("type"):
            props.setdefault(child.get("type"), " ".join((child.text or "").split()))
    return props


def _document_of(props: dict[str, str]) -> tuple[str | None, str | None]:
    """Return ``(symbol, name)`` from props: ``x-symbol`` is a symbol; ``x-document`` is one if it looks like one."""
    if props.get(SYMBOL_PROP):
        return normalize_symbol(props[SYMBOL_PROP]), None
    document = props.get(DOCUMENT_PROP)
    if document and looks_like_symbol(document):
        return normalize_symbol(document), None
    return None, document or None


def _unit(tu: ET.Element, default_symbol: str | None, default_name: str | None) -> Unit | None:
    """Read one ``<tu>``; None when it lacks a non-empty English or Russian segment."""
    texts = {}
    for tuv in _children(tu, "tuv"):
        lang = language_of(tuv.get(XML_LANG) or tuv.get("lang") or "")
        seg = _child(tuv, "seg")
        if lang in LANGUAGES and lang not in texts and seg is not None:
            texts[lang] = segment_text(seg)
    if not all(texts.get(lang) for lang in LANGUAGES):
        return None
    props = _props(tu)
    symbol, name = _document_of(props)
    if symbol is None and name is None:
        symbol, name = default_symbol, default_name
    return Unit(symbol, name, props.get(NUMBER_PROP) or None, texts)


def language_of(code: str) -> str:
    """Return the two-letter language of an ``xml:lang`` value (``en-GB`` → ``en``, ``RU-RU`` → ``ru``)."""
    return re.split(r"[-_]", code.strip().lower())[0]


def segment_text(seg: ET.Element) -> str:
    """Return the text of a ``<seg>``: inline codes left out, ``<hi>`` kept, whitespace normalised."""
    return " ".join(_inline_text(seg).split())


def _inline_text(element: ET.Element) -> str:
    """Return the text of an element and its inline children, skipping the content of code elements."""
    pieces = [element.text or ""]
    for child in element:
        if _local(child.tag) not in CODE_ELEMENTS:
            pieces.append(_inline_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _documents(units: list[Unit], path: Path, warnings: tuple[str, ...]) -> list[Document]:
    """Group units by document (in order of first appearance) and build an EN and a RU document for each."""
    groups: dict[tuple[str | None, str | None], list[Unit]] = {}
    for unit in units:
        groups.setdefault((unit.symbol, unit.name), []).append(unit)
    docs = []
    for (symbol, name), members in groups.items():
        fallback = name or path.stem
        for lang in LANGUAGES:
            blocks = [Block(unit.texts[lang], number=unit.number) for unit in members]
            docs.append(assemble(blocks, doc_id=make_doc_id(symbol, lang, fallback), lang=lang, symbol=symbol,
                                 source=str(path), fmt="tmx", warnings=warnings))
    return docs


def write_tmx(pairs: Iterable[tuple[str, str, str | None, str | None]], path, *, srclang: str = "en") -> int:
    """Write English–Russian pairs as a TMX 1.4 file (``path`` a path or a binary file); return the units written.

    ``pairs`` holds ``(en_text, ru_text, symbol, number)``, optionally with a
    citation after them; each becomes a ``<tu>`` with ``<prop type="x-symbol">``,
    ``<prop type="x-number">`` and ``<prop type="x-citation">`` (left out when None) and an ``en`` and a ``ru`` ``<tuv>``.  Characters XML cannot
    carry (control characters) are dropped from the texts.
    """
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": CREATION_TOOL, "creationtoolversion": CREATION_TOOL_VERSION,
        "segtype": "paragraph", "o-tmf": CREATION_TOOL, "adminlang": "en",
        "srclang": srclang, "datatype": "plaintext",
    })
    body = ET.SubElement(root, "body")
    count = 0
    for en_text, ru_text, symbol, number, *citation in pairs:
        _write_unit(body, {"en": en_text, "ru": ru_text}, symbol, number, *citation)
        count += 1
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
    return count


def _write_unit(body: ET.Element, texts: dict[str, str], symbol: str | None, number: str | None,
                citation: str | None = None) -> None:
    """Append one ``<tu>`` to ``body``."""
    tu = ET.SubElement(body, "tu")
    for prop_type, value in ((SYMBOL_PROP, symbol), (NUMBER_PROP, number), (CITATION_PROP, citation)):
        if value is not None:
            ET.SubElement(tu, "prop", type=prop_type).text = _xml_safe(str(value))
    for lang, text in texts.items():
        tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
        ET.SubElement(tuv, "seg").text = _xml_safe(text)


def _xml_safe(text: str) -> str:
    """Drop the characters that XML 1.0 cannot carry."""
    return _NOT_XML_RE.sub("", text)
