"""The Charter of the United Nations as paragraph lines: recognising it, its metadata and its paragraph numbers.

The text scraped from un.org (one paragraph per line, see
:mod:`indexer.ingest.formats.lines`) lost the Charter's list marks: Article 1's
paragraphs ``1.`` to ``4.``, Article 13's ``1. … a. … b. … 2. …``.  They are
rebuilt from the layout, the same way in every language so that the versions
align by number:

- an article of one line is paragraph ``N`` (cited ``Art. 51``);
- a first line followed by a blank line introduces the lines after it (``N``);
  they are paragraphs ``N(1)``, ``N(2)`` … or, for the articles in
  :data:`LETTERED_INTRODUCTIONS`, items ``N(a)``, ``N(b)`` …;
- otherwise the lines are paragraphs ``N(1)``, ``N(2)`` …, and the lines after
  one ending with a colon are its items ``N(k)(a)`` … up to the one ending with
  a full stop.

>>> numbers("13", [("…for the purpose of:", False), ("promoting…;", False), ("promoting….", False), ("The further….", False)])
['13(1)', '13(1)(a)', '13(1)(b)', '13(2)']
>>> numbers("55", [("…shall promote:", True), ("higher standards…;", False), ("universal respect….", False)])
['55', '55(a)', '55(b)']
"""

from __future__ import annotations

import datetime as dt
import re
import string

# The first line of the Charter's preamble, in each language read.
OPENINGS = (
    re.compile(r"^\s*WE THE PEOPLES OF THE UNITED NATIONS\b"),
    re.compile(r"^\s*МЫ,? НАРОДЫ ОБЪЕДИНЕННЫХ НАЦИЙ\b"),
)
TITLES = {"en": "Charter of the United Nations", "ru": "Устав Организации Объединенных Наций"}
DATE = dt.date(1945, 6, 26)  # signed at San Francisco
FORMAT = "charter"
PREAMBLE_SECTION = "Preamble"
SIGNATURE_SECTION = "Signature"
# The closing formula after Article 111 ("In Faith Whereof …, Done at the city of San Francisco …").
SIGNATURE_RE = re.compile(r"^\s*(?:In Faith Whereof|В УДОСТОВЕРЕНИЕ ЧЕГО|СОСТАВЛЕНО)", re.I)
# Articles whose introduction is followed by lettered items (a., b. …) rather than numbered paragraphs,
# as the authentic text has them (the scraped text writes both alike).
LETTERED_INTRODUCTIONS = frozenset({"55", "73", "76", "87"})
# Sub-headings inside a chapter (COMPOSITION, ФУНКЦИИ и ПОЛНОМОЧИЯ): short lines nearly all capitals.
SUBHEADING_CHARS = 40
SUBHEADING_UPPER_SHARE = 0.8


def is_charter(lines: list[str]) -> bool:
    """Tell whether a text (as lines) is the Charter: its first non-blank line opens the preamble."""
    first = next((line for line in lines if line.strip()), "")
    return any(p.match(first) for p in OPENINGS)


def title(lang: str) -> str:
    """Return the Charter's title in ``lang`` (English when unknown)."""
    return TITLES.get(lang, TITLES["en"])


def is_subheading(line: str) -> bool:
    """Tell whether a line is a sub-heading of a chapter (``FUNCTIONS AND POWERS``)."""
    letters = [c for c in line if c.isalpha()]
    if not letters or len(line.strip()) > SUBHEADING_CHARS:
        return False
    return sum(c.isupper() for c in letters) >= SUBHEADING_UPPER_SHARE * len(letters)


def numbers(article: str, lines: list[tuple[str, bool]]) -> list[str]:
    """Return the paragraph numbers of an article's lines, each given as ``(text, blank line after it)``."""
    if len(lines) == 1:
        return [article]
    if lines[0][1]:
        items = _letters if article in LETTERED_INTRODUCTIONS else _digits
        return [article] + [f"{article}({items(k)})" for k in range(len(lines) - 1)]
    out: list[str] = []
    paragraph = item = 0
    in_list = False
    for text, _blank in lines:
        if in_list:
            out.append(f"{article}({paragraph})({_letters(item)})")
            item += 1
            in_list = not text.rstrip().endswith(".")
            continue
        paragraph += 1
        out.append(f"{article}({paragraph})")
        in_list, item = text.rstrip().endswith(":"), 0
    return out


def _digits(k: int) -> str:
    return str(k + 1)


def _letters(k: int) -> str:
    return string.ascii_lowercase[k]
