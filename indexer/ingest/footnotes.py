"""Footnotes of UN documents: footnote lines written with plain digits, and the paragraph each footnote belongs to.

A footnote belongs to the nearest paragraph before it that carries its mark:
a superscript (``thereto²⁸``), a star, a caret mark (``^a``), or a plain digit
after a word's punctuation (``Crime, 14 and to``), which text extraction
leaves when it loses the superscript.  A plain-digit mark is taken out of the
paragraph's text.  Attachment runs once all paragraphs are joined, so a mark
in the part of a paragraph that continues after the footnote block is found.

>>> plain_footnote("28 CTOC/COP/2012/CRP.6, annex II.", last_mark=27)
('28', 'CTOC/COP/2012/CRP.6, annex II.')
>>> plain_footnote("17 October 2012 was the last day.", last_mark=16) is None
True
>>> plain_mark("supplementing the Convention, 17", "17").start()
29
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.documents import FOOTNOTE, HEADING, Block
from indexer.ingest import cleaning

REACH = 30  # a footnote belongs to one of this many paragraphs before it (a page holds about as many)

_PLAIN_LINE_RE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_MONTHS = frozenset("January February March April May June July August September October November December".split())
_TO_SUPERSCRIPT = str.maketrans("0123456789", cleaning.SUPERSCRIPT_DIGITS)


def plain_footnote(line: str, last_mark: int | None) -> tuple[str, str] | None:
    """Return ``(mark, text)`` if ``line`` is the next footnote written with a plain number (``28 CTOC/…``).

    Only the number that follows the last footnote seen counts, and the text
    must start as a footnote does: a capital, not a month (``17 October``).
    """
    match = _PLAIN_LINE_RE.match(line.strip())
    if not match or last_mark is None or int(match.group(1)) != last_mark + 1 or "\t" in line:
        return None
    text = match.group(2).strip()
    first = text.split()[0].strip(",.;:")
    if not text[0].isupper() or first in _MONTHS:
        return None
    return match.group(1), text


def plain_mark(text: str, mark: str) -> re.Match | None:
    """Find footnote mark ``mark`` written as a plain number after a word's punctuation (``Crime, 14 and``).

    The punctuation must follow a word, not a number (``paragraphs 15, 16 and``),
    and a lower-case word or the end of the paragraph must follow the mark.
    """
    pattern = r"(?<=[^\W\d][,;:.)”\"]) (" + re.escape(mark) + r")(?= [a-zа-яё]|$)"
    return re.search(pattern, text)


def without_plain_mark(text: str) -> str:
    """Return ``text`` without a plain-digit footnote mark at its end (``…Organized Crime, 17``).

    >>> without_plain_mark("supplementing the Convention, 17"), without_plain_mark("resolution 17")
    ('supplementing the Convention,', 'resolution 17')
    """
    return _TRAILING_MARK_RE.sub("", text)


_TRAILING_MARK_RE = re.compile(r"(?<=[^\W\d][,;:.)”\"]) \d{1,3}$")


def _mark_pattern(mark: str) -> re.Pattern:
    if mark.isdigit():
        return re.compile(re.escape(mark.translate(_TO_SUPERSCRIPT)) + f"(?![{cleaning.SUPERSCRIPT_DIGITS}])")
    if mark.startswith("*"):
        return re.compile(r"(?<=[^\s*])" + re.escape(mark) + r"(?![\w*])")
    return re.compile(r"\^\{?" + re.escape(mark) + r"\}?")


def attach(blocks: list[Block], raw: list[str], opened: frozenset | set = frozenset()) -> list[Block]:
    """Return ``blocks`` with every footnote attached to the paragraph carrying its mark, in that one's section.

    ``opened`` holds the indexes of the headings that open a section: a footnote
    cited by one of them sits under it.
    """
    blocks = list(blocks)
    body: list[int] = []
    for i, block in enumerate(blocks):
        if block.kind != FOOTNOTE:
            body.append(i)
            continue
        if block.marker is None:
            continue
        target = _target(blocks, raw, body[-REACH:], block.marker)
        section = block.section if target is None else _section_of(blocks[target], target in opened)
        blocks[i] = replace(block, attached_to=target, section=section)
    return blocks


def _section_of(block: Block, opens_section: bool) -> str | None:
    """Return the section a footnote citing ``block`` sits in: the block's, or under it if it opens a section."""
    if block.kind != HEADING or not opens_section:
        return block.section
    return f"{block.section} / {block.text}" if block.section else block.text


def _target(blocks: list[Block], raw: list[str], candidates: list[int], mark: str) -> int | None:
    """Return the paragraph that carries ``mark``, removing a plain-digit mark from its text."""
    pattern = _mark_pattern(mark)
    for i in reversed(candidates):
        if pattern.search(raw[i].replace("**", "")):
            return i
    if mark.isdigit():
        for i in reversed(candidates):
            found = plain_mark(blocks[i].text, mark)
            if found:
                text = blocks[i].text
                blocks[i] = replace(blocks[i], text=text[:found.start()] + text[found.end():])
                return i
    return candidates[-1] if candidates else None
