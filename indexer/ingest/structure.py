"""Paragraph structure of UN documents: list markers, headings and their levels.

The rules are data, tried in order; the first that matches a paragraph decides.

>>> parse_marker("- 8. Encourages the Office")
('8', 'Encourages the Office')
>>> parse_marker("(iv) To operate within")
('(iv)', 'To operate within')
>>> heading_of("Α. Resolutions")  # a Greek Alpha from the PDF
(20, 'A')
>>> heading_of("Resolution 6/1")
(30, '6/1')
"""

from __future__ import annotations

import re

from analyzers.scripts import fold_homoglyphs

# List markers that open a numbered paragraph: (pattern, how to write the number).
MARKER_RULES = (
    (re.compile(r"^(?:[-•–]\s+)?(\d{1,3})\.\s+(?=\S)"), "{}"),  # 1.  /  - 8.
    (re.compile(r"^(\d{1,3} (?:bis|ter|quater|quarter|quinquies|sexies|sexes|septies|octies))\.\s*(?=\S)"), "{}"),  # 18 bis.
    (re.compile(r"^(?:[-•–]\s+)?\((\d{1,2}|[a-z]{1,2}|[ivxlc]{1,6})\)\s+(?=\S)"), "({})"),  # (a) (ii) - (3)
    (re.compile(r"^(?:[-•–]\s+)?([a-zа-я])\)\s+(?=\S)"), "({})"),  # a)  б)
)

# A list bullet at the start of a line: the line is an entry of its own (``- "3. The credentials…``).
BULLET_RE = re.compile(r"^[-•]\s+(?=\S)")

# Headings, with their level in the section outline (smaller is higher).
# An annex sits below the chapter, letter and resolution it follows (most annexes
# in UN reports belong to a resolution) and ends with the next numbered heading.
HEADING_RULES = (
    (re.compile(r"^(?:Annex|Приложение)\s+([IVXLC]+|\d+)\.?$", re.I), 35),
    (re.compile(r"^(?:Chapter|Глава)\s+([IVXLC]+|\d+)\b", re.I), 10),
    (re.compile(r"^([A-H])\.\s+\S"), 20),  # A. Resolutions (before Roman numerals: C. and D. are letters)
    (re.compile(r"^([IVXLC]{1,6})\.\s+\S"), 10),  # I. Resolutions and decisions
    (re.compile(r"^(?:Resolution|Decision|Резолюция|Решение)\s+(\d+/\d+)$", re.I), 30),
    (re.compile(r"^(?:Article|Статья)\s+(\d+)$", re.I), 30),
    (re.compile(r"^(?:Annex|Приложение)\.?()$", re.I), 35),
    (re.compile(r"^(?:Appendix|Добавление|Дополнение)\s+([IVXLC]+|\d+)\.?$", re.I), 36),
)
UNNUMBERED_HEADING_LEVEL = 40
NUMBERED_SUBHEADING_LEVEL = 25
LETTERED_SUBHEADING_LEVEL = 45  # "(a) Observations on the implementation": below an unnumbered heading
MAX_SUBHEADING_WORDS = 12
MAX_HEADING_CHARS = 250


def fold_marker(text: str) -> str:
    """Fold look-alike letters in the first word of ``text`` to Latin (``Α.`` → ``A.``, ``ΧI`` → ``XI``)."""
    head, sep, rest = text.partition(" ")
    if len(head) <= 6:
        head = fold_homoglyphs(head, target="latin")
    return head + sep + rest


def parse_marker(text: str) -> tuple[str | None, str]:
    """Split a list marker off a paragraph: ``(number, rest)``; number is None when there is none."""
    for pattern, template in MARKER_RULES:
        match = pattern.match(text)
        if match:
            return template.format(match.group(1)), text[match.end():]
    return None, text


def starts_paragraph(line: str) -> bool:
    """Tell whether a line inside a run of lines starts a paragraph of its own: a table row, list item or heading.

    >>> starts_paragraph("(b) To consider"), starts_paragraph("of the Convention")
    (True, False)
    """
    stripped = line.strip()
    if "\t" in line or BULLET_RE.match(stripped):
        return True
    if parse_marker(stripped)[0] is not None:
        return True
    return heading_of(stripped) is not None


def heading_of(text: str) -> tuple[int, str | None] | None:
    """Return ``(level, number)`` if ``text`` is a numbered heading, else None.

    Headings are short and do not end like sentences.
    """
    text = text.strip()
    if len(text) > MAX_HEADING_CHARS or text.endswith((".", ";", ",", ":")) and not _bare(text):
        return None  # folding letters changes neither the length, nor the last character, nor the words
    text = fold_marker(text)
    for pattern, level in HEADING_RULES:
        match = pattern.match(text)
        if match:
            return level, (match.group(1) or None) if match.groups() else None
    return None


def _bare(text: str) -> bool:
    """Tell whether a heading is only its label, like ``Annex I.``."""
    return len(text.split()) <= 2


def numbered_subheading(text: str, previous_number: int | None) -> str | None:
    """Return the number of a numbered sub-heading (``1. Deliberations``), else None.

    It is short, reads as a heading, and its number breaks the run of
    paragraph numbers (``1.`` after paragraph 40), so it is no paragraph.

    >>> numbered_subheading("1. Deliberations", 40), numbered_subheading("41. Deliberations", 40)
    ('1', None)
    >>> numbered_subheading("2. Action taken by the Conference.", 40)
    """
    match = MARKER_RULES[0][0].match(text)
    if not match or text.startswith(("-", "•", "–")):
        return None
    number, rest = int(match.group(1)), text[match.end():]
    if previous_number is not None and number == previous_number + 1:
        return None
    return match.group(1) if _short_heading(rest) else None


def lettered_subheading(text: str) -> str | None:
    """Return the letter of a lettered sub-heading (``(b) Observations on the implementation of the article``).

    >>> lettered_subheading("(c) Successes and good practices"), lettered_subheading("(b) Election of officers;")
    ('(c)', None)
    """
    match = MARKER_RULES[2][0].match(text) or MARKER_RULES[3][0].match(text)
    if not match or not text.startswith("(") or not match.group(1).isalpha():
        return None
    return f"({match.group(1)})" if _short_heading(text[match.end():]) else None


def _short_heading(text: str) -> bool:
    """Tell whether the words after a sub-heading's number read as a short heading."""
    return len(text.split()) <= MAX_SUBHEADING_WORDS and looks_like_heading(text)


# Words a heading does not end with: a line ending in one is a sentence cut short.
OPEN_ENDINGS = frozenset(
    """a an and as at by for from in into of on or than that the their to with
    в и к на над о об от по под при с со для до из или не что""".split()
)
_FOOTNOTE_REFS = re.compile(r"[\u2070-\u209f\u00b9\u00b2\u00b3*]+$")


def looks_like_heading(text: str) -> bool:
    """Tell whether an unnumbered paragraph is a heading: short, capitalised, no closing punctuation."""
    stripped = _FOOTNOTE_REFS.sub("", text.strip()).strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS:
        return False
    first = stripped.lstrip("“\"«(")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if stripped[-1] in ".;:,!?" or ": " in stripped:
        return False
    words = stripped.split()
    return len(words) <= 40 and words[-1].lower() not in OPEN_ENDINGS
