"""XML sources (TMX, the UDHR): the tag of a file's first element, and its parsed root or why it cannot be read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from indexer.errors import InputError
from indexer.files import open_regular


def root_tag(head: bytes) -> str | None:
    """Return the (namespaced) tag of the first element in ``head``, or None if it is not XML.

    >>> root_tag(b'<?xml version="1.0"?><tmx version="1.4">')
    'tmx'
    >>> root_tag(b"plain text") is None
    True
    """
    if b"<" not in head:  # no element starts without one, in any encoding the parser reads
        return None
    parser = ET.XMLPullParser(events=("start",))
    try:
        parser.feed(head)
        for _event, element in parser.read_events():
            return element.tag
    except ET.ParseError:
        return None
    return None


def read_root(path: Path) -> ET.Element:
    """Parse the XML file at ``path`` and return its root element; raise :class:`InputError` saying why not."""
    try:
        with open_regular(path) as fh:
            return ET.parse(fh).getroot()
    except ET.ParseError as exc:
        raise InputError(path, f"not well-formed XML: {exc}") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
