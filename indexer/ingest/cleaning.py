"""Line-level cleaning of text extracted from UN PDFs: page furniture, marks, footnotes, hyphens.

Each function here is total on text: odd input gives back text or False, never
an exception.  The rules are data at the top of the module.

>>> is_furniture("V.12-57118 (E) 201212 211212")
True
>>> strip_marks("1. *Reaffirms* its <i>decision</i>, costing \\\\$23,000;^a")
'1. Reaffirms its decision, costing $23,000;'
>>> footnote_line("³ United Nations, Treaty Series, vol. 2225.")
('3', 'United Nations, Treaty Series, vol. 2225.')
>>> join_hyphenated("implemen-", "tation of")
'implementation of'
"""

from __future__ import annotations

import re

from indexer.symbols import looks_like_symbol

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TABLE = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# Lines that are page furniture, never content.
FURNITURE_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"^[A-Z]{1,2}\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}\s*$",  # job number V.12-57118 (E) 201212 211212
        r"^\*\d{7,8}\*$",  # job-number bar code text *1257118*
        r"^\d{1,4}$",  # bare page number
        r"^(?:Page|Стр\.?)\s*\d{1,4}$",
        r"^[-–—]\s*\d{1,4}\s*[-–—]$",  # - 3 -
        r"^\d{1,4}/\d{1,4}$",  # 3/45 page counters
    )
)
_FURNITURE_RE = re.compile("|".join(f"(?:{p.pattern})" for p in FURNITURE_PATTERNS))  # any of them

# Marks left by PDF-to-markdown extraction, removed from the text.
_MARK_RULES = (
    (re.compile(r"</?(?:i|b|em|strong|u|sup|sub|span|br)\s*/?>", re.I), ""),
    (re.compile(r"\^\{[^}]{0,6}\}"), ""),  # ^{*}
    (re.compile(r"\^[A-Za-z0-9*]{1,3}"), ""),  # ^a
    (re.compile(r"\*\*"), ""),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![A-Za-zА-Яа-яЁё0-9*])"), r"\1"),  # *emphasis*¹
    (re.compile(r"\\([$&#%_*\[\]])"), r"\1"),  # markdown escapes \$
    (re.compile(r"[\u00ad\u200b\ufeff]"), ""),  # soft hyphen, zero-width space, BOM
    (re.compile(r"[\u00a0\u2007\u202f]"), " "),  # no-break spaces
)
# Every rule above needs one of these characters; text without any of them has no marks.
MARK_CHARACTERS = "<^*\\\u00ad\u200b\ufeff\u00a0\u2007\u202f"
_MARK_CHARACTER_RE = re.compile("[%s]" % re.escape(MARK_CHARACTERS))

_FOOTNOTE_RE = re.compile(
    rf"^(?:(?P<sup>[{SUPERSCRIPT_DIGITS}]+)|(?P<stars>\*{{1,3}})|\^\{{(?P<braced>[^}}]{{1,6}})\}}|\^(?P<caret>[a-z0-9]{{1,3}}))\s+(?P<text>\S.*)$"
)

# A footnote reference mark at the end of a word in running text: ¹², *, ^a, ^{*}.
FOOTNOTE_REF_RE = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+|\^\{{[^}}]{{1,6}}\}}|\^[a-z0-9]{{1,3}}")

TERMINAL_PUNCTUATION = ".;:!?"
PAGE_BREAK = "\f"


def normalize_newlines(text: str) -> str:
    """Use ``\\n`` for line ends; a form feed (page break) becomes a line of its own, :data:`PAGE_BREAK`.

    >>> normalize_newlines("end of page\\fnext page\\r\\n").split("\\n")
    ['end of page', '\\x0c', 'next page', '']
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").replace(PAGE_BREAK, "\n" + PAGE_BREAK + "\n")


def is_furniture(line: str) -> bool:
    """Tell whether a line is page furniture: a running symbol header, job number or page number."""
    stripped = strip_marks(line).strip()
    if not stripped:
        return False
    if _FURNITURE_RE.match(stripped):
        return True
    return looks_like_symbol(stripped)


def strip_marks(text: str) -> str:
    """Remove markdown and HTML marks, escapes and invisible characters from ``text``."""
    if not _MARK_CHARACTER_RE.search(text):
        return text
    for pattern, replacement in _MARK_RULES:
        text = pattern.sub(replacement, text)
    return text


def footnote_line(line: str) -> tuple[str, str] | None:
    """Return ``(mark, text)`` if ``line`` starts a footnote (``³ Ibid.``, ``* СТОС/COP/2012/1.``)."""
    match = _FOOTNOTE_RE.match(line.strip())
    if not match:
        return None
    mark = match.group("sup") or match.group("stars") or match.group("braced") or match.group("caret")
    return mark.translate(_SUPERSCRIPT_TABLE), match.group("text").strip()


def ends_sentence(text: str) -> bool:
    """Tell whether ``text`` ends like a finished paragraph (terminal punctuation, perhaps quoted)."""
    stripped = FOOTNOTE_REF_RE.sub("", text).rstrip(" *”»\"')]")
    return bool(stripped) and stripped[-1] in TERMINAL_PUNCTUATION


def ends_open(text: str) -> bool:
    """Tell whether ``text`` stops mid-sentence: it ends in a word, not in punctuation."""
    stripped = FOOTNOTE_REF_RE.sub("", text).rstrip(" *")
    return bool(stripped) and (stripped[-1].isalnum() or stripped[-1] == "-")


def starts_lowercase(text: str) -> bool:
    """Tell whether ``text`` starts with a lower-case letter (a sentence continued from before)."""
    for ch in text.lstrip(" “\"«("):
        return ch.isalpha() and ch.islower()
    return False


def join_hyphenated(left: str, right: str) -> str:
    """Join two pieces of a paragraph, undoing a hyphen that only broke a word at the line end.

    ``implemen-`` + ``tation`` becomes ``implementation``; a hyphen before an
    upper-case letter or a digit (``Inter-`` + ``American``) is kept, without a space.
    """
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        if right[0].isalpha() and right[0].islower():
            return left[:-1] + right
        return left + right
    return left + " " + right


def squeeze_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs into one space and trim the ends."""
    if "  " not in text and "\t" not in text:  # no run to collapse
        return text.strip()
    return _SPACES_RE.sub(" ", text).strip()


_SPACES_RE = re.compile(r"[ \t]+")
