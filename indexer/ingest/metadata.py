"""Metadata from a UN document's cover page: distribution date, language lines, title.

>>> parse_date("2 December 2010")
datetime.date(2010, 12, 2)
>>> parse_date("10 июля 2012 года")
datetime.date(2012, 7, 10)
>>> language_code("Original: English")
'en'
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}

LANGUAGE_NAMES = {
    "english": "en", "russian": "ru", "french": "fr", "spanish": "es", "arabic": "ar",
    "chinese": "zh", "английский": "en", "русский": "ru", "французский": "fr",
    "испанский": "es", "арабский": "ar", "китайский": "zh",
}

_DATE_RE = re.compile(r"\b(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})\b")
_DISTR_RE = re.compile(r"^\s*(?:Distr\.?|Distribution)\s*:?\s*(?P<rest>.*)$", re.I)
_ORIGINAL_RE = re.compile(r"^\s*(?:Original|Подлинный текст|Язык оригинала)\s*:\s*(?P<lang>[^\W\d_]+)", re.I)


def parse_date(text: str) -> dt.date | None:
    """Return the first ``day month year`` date in ``text`` (English, Russian or French months)."""
    for match in _DATE_RE.finditer(text):
        month = MONTHS.get(match.group(2).lower())
        if month:
            try:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                continue
    return None


_YEAR_WORD_RE = re.compile(r"\s*(?:года|г\.)$")


def is_date_line(line: str) -> bool:
    """Tell whether a line is only a date (``10 July 2012``, ``10 июля 2012 года``)."""
    text = line.strip().rstrip(".")
    if "года" in text or "г." in text:  # the Russian word for year, or its abbreviation, may end the line
        text = _YEAR_WORD_RE.sub("", text)
    match = _DATE_RE.fullmatch(text)
    return bool(match) and match.group(2).lower() in MONTHS


def language_code(line: str) -> str | None:
    """Return the ISO code named by a cover line (``Original: English``, ``Russian``), or None."""
    match = _ORIGINAL_RE.match(line)
    word = match.group("lang") if match else line.strip()
    return LANGUAGE_NAMES.get(word.lower())


def is_distribution_line(line: str) -> bool:
    """Tell whether a line is the ``Distr.: General`` line of a cover page."""
    return bool(_DISTR_RE.match(line))


def is_original_line(line: str) -> bool:
    """Tell whether a line is the ``Original: English`` line of a cover page."""
    return bool(_ORIGINAL_RE.match(line))


# Cover-page lines that are not the title: session, place and dates, agenda item, "note by".
_NOT_TITLE = tuple(
    re.compile(p, re.I)
    for p in (
        r"^[\w-]+\s+(?:session|сессия)$",
        r"^(?:[\w-]+\s+)?(?:session|сессия)\b",
        r"^(?:Vienna|New York|Geneva|Nairobi|Вена|Нью-Йорк|Женева|Найроби),",
        r"^(?:Item|Items|Пункт|Пункты)\s+\S+.*(?:agenda|повестки)",
        r"^(?:Note|Записка|Доклад Секретариата$)",
        r"^(?:General|Limited|Restricted)$",
        r"^(?:Contents|Содержание)$",
        r"^(?:English|Russian|French|Spanish|Arabic|Chinese)$",
    )
)
_AGENDA_ITEM_RE = re.compile(r"^(?:Item|Items|Пункт|Пункты)\s+\S+.*(?:agenda|повестки)", re.I)


def pick_title(cover_blocks: list[str]) -> str | None:
    """Choose the title among the cover-page blocks that follow the ``Distr.`` lines.

    Skips the session, place, agenda-item and "note by" lines and the agenda
    item's own title (the block right after ``Item N of the provisional agenda``);
    the first block left is the title.
    """
    skip_next = False
    for block in cover_blocks:
        text = block.strip().rstrip("*").strip()
        if not text:
            continue
        if skip_next:
            skip_next = False
            continue
        if _AGENDA_ITEM_RE.match(text):
            skip_next = True
            continue
        if any(p.match(text) for p in _NOT_TITLE) or parse_date(text) and len(text) < 40:
            continue
        return text
    return None
