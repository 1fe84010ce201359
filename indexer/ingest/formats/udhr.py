"""The Universal Declaration of Human Rights in the XML of the "UDHR in XML" project.

One file holds one language version (``<udhr xml:lang="ru">``): a title, an
optional ``<note>``, the preamble and 30 articles whose paragraphs are
``<para>`` elements, directly or inside ``<orderedlist><listitem>``.

Numbers are the declaration's own, the same in every language so that the two
versions align by number: the paragraphs of article N have section ``"Article N"``
and number ``"N"`` (cited ``A/RES/217 (III), art. 18``), except the items of its
``<orderedlist>``, the numbered paragraphs ``1.``, ``2.`` …, which have numbers
``"N(1)"``, ``"N(2)"`` … (``art. 29(1)``).  Headings are not numbered.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from indexer.documents import HEADING, PARAGRAPH, Block, Document, assemble, make_doc_id
from indexer.errors import InputError
from indexer.ingest.formats.xmlfiles import read_root, root_tag
from indexer.ingest import sidecar
from indexer.ingest.sidecar import companions  # noqa: F401 - the metadata sidecar is read with the file
from indexer.symbols import normalize_symbol

NAME = "UDHR XML"

NAMESPACE = "http://efele.net/udhr"
ROOT_TAG = f"{{{NAMESPACE}}}udhr"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The UDHR is General Assembly resolution 217 A (III).  The "A" is left out: the
# Official Document System files it as A/RES/217(III), and both language files
# share this one symbol.
SYMBOL = normalize_symbol("A/RES/217(III)")
DATE = dt.date(1948, 12, 10)
ORIGINAL_LANG = "en"  # drafted and adopted in English and French
PREAMBLE_SECTION = "Preamble"

# xml:lang (or ISO 639-3) codes → the two-letter codes of the index.
LANGUAGES = {"eng": "en", "en": "en", "rus": "ru", "ru": "ru"}


def sniff(path: Path, head: bytes) -> bool:
    """Take XML files whose root element is ``udhr`` in the UDHR-in-XML namespace."""
    return root_tag(head) == ROOT_TAG


def parse(path: Path) -> list[Document]:
    """Read one UDHR XML file into its document."""
    root = _read_root(path)
    lang = language_of(root)
    blocks = list(_blocks(root))
    doc = assemble(
        blocks,
        doc_id=make_doc_id(SYMBOL, lang, path.stem),
        lang=lang,
        symbol=SYMBOL,
        title=_text(root.find(_tag("title"))) or None,
        date=DATE,
        original_lang=ORIGINAL_LANG,
        source=str(path),
        fmt="udhr",
    )
    if not doc.paragraphs:
        raise InputError(path, "no paragraphs: the UDHR file has no text")
    return [sidecar.apply(doc, path)]


def _read_root(path: Path) -> ET.Element:
    """Parse the file and return its ``udhr`` root element, or raise InputError saying why not."""
    root = read_root(path)
    if root.tag != ROOT_TAG:
        raise InputError(path, f"not a UDHR XML file (root element {root.tag})")
    return root


def language_of(root: ET.Element) -> str:
    """Return the two-letter language of a ``udhr`` element from its ``xml:lang`` (or ``iso639-3``)."""
    code = (root.get(XML_LANG) or root.get("iso639-3") or "").strip().lower()
    if code in LANGUAGES:
        return LANGUAGES[code]
    return code.split("-")[0] or "und"


def _tag(local: str) -> str:
    """Return the namespaced tag of a UDHR element."""
    return f"{{{NAMESPACE}}}{local}"


def _text(element: ET.Element | None) -> str:
    """Return the text of an element with its whitespace normalised ('' for None)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _blocks(root: ET.Element) -> Iterator[Block]:
    """Yield the blocks of the declaration in reading order."""
    yield Block(_text(root.find(_tag("title"))), kind=HEADING)
    for note in root.findall(_tag("note")):
        for para in note.iter(_tag("para")):
            yield Block(_text(para))
    preamble = root.find(_tag("preamble"))
    if preamble is not None:
        yield from _preamble_blocks(preamble)
    for article in root.findall(_tag("article")):
        yield from _article_blocks(article)


def _preamble_blocks(preamble: ET.Element) -> Iterator[Block]:
    """Yield the preamble's heading and its unnumbered paragraphs."""
    yield Block(_text(preamble.find(_tag("title"))), kind=HEADING, section=PREAMBLE_SECTION)
    for para in preamble.iter(_tag("para")):
        yield Block(_text(para), kind=PARAGRAPH, section=PREAMBLE_SECTION)


def _article_blocks(article: ET.Element) -> Iterator[Block]:
    """Yield an article's heading and its paragraphs, numbered ``N``, or ``N(k)`` for the k-th list item."""
    number = (article.get("number") or "").strip() or None
    section = f"Article {number}" if number else None
    yield Block(_text(article.find(_tag("title"))), kind=HEADING, section=section)
    listed = {id(para) for item in article.iter(_tag("listitem")) for para in item.iter(_tag("para"))}
    k = 0
    for para in article.iter(_tag("para")):
        if id(para) in listed:
            k += 1
        yield Block(_text(para), kind=PARAGRAPH, number=_number(number, k if id(para) in listed else None),
                    section=section)


def _number(article: str | None, item: int | None) -> str | None:
    """Return a paragraph's number: the article's (``18``), or its list item's (``29(1)``)."""
    if article is None or item is None:
        return article
    return f"{article}({item})"
