"""UN document symbols: recognising, normalising and comparing them.

A symbol such as ``CTOC/COP/2012/15`` identifies a document across its language
versions.  Extracted text spells it in many ways (Cyrillic look-alike letters,
odd spacing, lower case); the UN Parallel Corpus writes it as a path
(``e/cn_15/2015/18``); the UN Digital Library names files after it
(``CTOC_COP_2012_15-EN.pdf``).

>>> normalize_symbol(" сТОС / cop /2012/ 1 ")
'CTOC/COP/2012/1'
>>> symbol_key("E/CN.15/2015/18") == symbol_key("e/cn_15/2015/18")
True
>>> from_filename("CTOC_COP_2012_15-EN.txt")
('CTOC/COP/2012/15', 'en')
>>> from_unpc_path("2015/a/70/6__sect__28_")
'A/70/6 (Sect. 28)'
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.scripts import TO_LATIN
from indexer.caches.registry import LRU, NEVER, declare

# Series prefixes that start UN document symbols (the body issuing the document).
SERIES = (
    "A", "S", "E", "ST", "CTOC", "CAC", "UNEP", "DP", "ISBA", "NPT", "CD", "CRC",
    "CCPR", "CEDAW", "CERD", "CAT", "HRI", "TD", "UNW", "ICEF", "IDB", "PBC",
    "UNODC", "UNCITRAL", "ITLOS", "SPLOS", "ECE", "ESCAP", "ECLAC", "ECA", "ESCWA",
    "FCCC", "UNCTAD", "UNHCR", "WFP", "ECOSOC", "APLC", "BWC", "CCW", "DPI",
)

_SEGMENT = r"[A-Z0-9][A-Z0-9.\-]*"
SYMBOL_RE = re.compile(
    r"(?<![\w/])(?:%s)(?:/%s)+(?:\s?\((?:\d{4}|Sect\.\s?\d+)\))?(?![\w/])"
    % ("|".join(sorted(SERIES, key=len, reverse=True)), _SEGMENT)
)

_LANG_SUFFIX = {
    "EN": "en", "E": "en", "ENG": "en",
    "RU": "ru", "R": "ru", "RUS": "ru",
    "FR": "fr", "F": "fr", "ES": "es", "S": "es", "AR": "ar", "A": "ar",
    "ZH": "zh", "C": "zh", "CH": "zh",
}


# Parts of a symbol that the UN writes in title case (A/69/102/Add.2, S/2015/1/Corr.1).
_SUFFIXES = {
    "ADD": "Add", "CORR": "Corr", "REV": "Rev", "AMEND": "Amend", "SECT": "Sect",
    "PART": "Part", "SUMMARY": "Summary", "SUPPL": "Suppl", "CRP": "CRP", "INF": "INF",
}
_SUFFIX_RE = re.compile(r"([/(\s])(%s)(?=[.\s)]|$)" % "|".join(_SUFFIXES))


def normalize_symbol(text: str | None) -> str | None:
    """Return the canonical spelling of a symbol: Latin letters, upper case, no stray spaces."""
    if not text:
        return None
    s = text.translate(TO_LATIN).upper().strip()
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\(\s*", "(", s)
    s = re.sub(r"\s*\)", ")", s)
    s = re.sub(r"(?<=[^\s/])\(", " (", s)
    s = s.strip(" .,;")
    s = _SUFFIX_RE.sub(lambda m: m.group(1) + _SUFFIXES[m.group(2)], s)
    return s or None


@lru_cache(maxsize=4096)  # every paragraph record asks for its document's
def symbol_key(text: str | None) -> str | None:
    """Return a comparison key under which all spellings of one symbol agree.

    Dots, spaces and parentheses (which the UNPC path form writes as ``_``) are
    all reduced to one ``_``.
    """
    s = normalize_symbol(text)
    if not s:
        return None
    s = re.sub(r"[\s._()\-]+", "_", s.upper())
    s = re.sub(r"_?/_?", "/", s)
    return s.strip("_")


declare("symbols.symbol_key", symbol_key, bound=4096, eviction=LRU, invalidated_by=NEVER)


def find_symbols(text: str) -> list[str]:
    """Return the normalized symbols cited in ``text``, in order of appearance, without repeats."""
    if "/" not in text:  # every symbol has one
        return []
    folded = text.translate(TO_LATIN)
    seen = []
    for match in SYMBOL_RE.finditer(folded):
        sym = normalize_symbol(match.group(0))
        if sym and sym not in seen:
            seen.append(sym)
    return seen


def looks_like_symbol(line: str) -> bool:
    """Tell whether a whole line is just a document symbol (a running page header)."""
    if "/" not in line:  # every symbol has a slash, and folding letters makes none
        return False
    folded = line.translate(TO_LATIN).strip()
    match = SYMBOL_RE.fullmatch(folded)
    return bool(match)


_FILENAME_RE = re.compile(r"^(?P<sym>.+?)[-_.](?P<lang>[A-Za-z]{1,3})$")


def from_filename(name: str) -> tuple[str | None, str | None]:
    """Read ``(symbol, lang)`` from a UN Digital Library file name such as ``A_RES_70_1-RU.pdf``.

    Returns ``(None, None)`` when the name does not follow the convention.
    """
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.rsplit("/", 1)[-1])
    match = _FILENAME_RE.match(stem)
    if not match:
        return None, None
    lang = _LANG_SUFFIX.get(match.group("lang").upper())
    raw = match.group("sym")
    parts = raw.split("_")
    if lang is None or len(parts) < 2 or parts[0].upper().translate(TO_LATIN) not in SERIES:
        return None, None
    return normalize_symbol("/".join(parts)), lang


def from_unpc_path(path: str) -> str:
    """Turn a UNPC symbol path (``2015/s/res/2213__2015_``) into a symbol (``S/RES/2213 (2015)``).

    The path writes ``.``, space, ``(`` and ``)`` as ``_``; the rules below undo
    that for the forms UN symbols take (years and sections in brackets, dotted
    parts, number ranges).
    """
    s = path.strip()
    s = re.sub(r"^\d{4}/", "", s)
    s = re.sub(r"__sect__(\d+)_$", r" (Sect. \1)", s)
    s = re.sub(r"__part_([ivx]+)_$", lambda m: " (Part %s)" % m.group(1).upper(), s)
    s = re.sub(r"__(\d{4})_$", r" (\1)", s)
    s = re.sub(r"_?_([a-z0-9]+)_(?=/|$)", lambda m: "(%s)" % m.group(1).upper(), s)
    s = re.sub(r"(?<=\d)_(?=\d)", "-", s)
    s = s.replace("_", ".")
    return normalize_symbol(s)
