"""Writing-system helpers: which script a string is in, and look-alike letter folding.

UN texts extracted from PDFs mix scripts by accident: a Russian document cites
``СТОС/COP/2012/1`` with a Cyrillic ``С``, ``Т`` and ``О``, an English table of
contents numbers a heading ``Α.`` with a Greek Alpha.  These helpers decide the
script of a string by counting letters, and fold look-alike letters of a
mixed-script word into the script of its majority.

>>> fold_homoglyphs("СТОС/COP/2012/1")
'CTOC/COP/2012/1'
>>> fold_homoglyphs("мигрантoв")  # a Latin 'o' inside a Russian word
'мигрантов'
>>> dominant_script("Вена, 15-19 октября")
'cyrillic'
"""

from __future__ import annotations

import re
import unicodedata

CYRILLIC = "cyrillic"
LATIN = "latin"
GREEK = "greek"

# Letter pairs that look the same; each row: Latin, Cyrillic, Greek ("" where none).
_LOOKALIKES = (
    ("A", "А", "Α"), ("B", "В", "Β"), ("C", "С", ""), ("E", "Е", "Ε"),
    ("H", "Н", "Η"), ("I", "І", "Ι"), ("J", "Ј", ""), ("K", "К", "Κ"),
    ("M", "М", "Μ"), ("N", "", "Ν"), ("O", "О", "Ο"), ("P", "Р", "Ρ"),
    ("S", "Ѕ", ""), ("T", "Т", "Τ"), ("X", "Х", "Χ"), ("Y", "Ү", "Υ"),
    ("Z", "", "Ζ"),
    ("a", "а", ""), ("c", "с", ""), ("e", "е", ""), ("i", "і", "ι"),
    ("j", "ј", ""), ("o", "о", "ο"), ("p", "р", "ρ"), ("s", "ѕ", ""),
    ("x", "х", "χ"), ("y", "у", "γ"),
)

TO_LATIN = {}
TO_CYRILLIC = {}
for _lat, _cyr, _grk in _LOOKALIKES:
    for _other in (_cyr, _grk):
        if _other:
            TO_LATIN[ord(_other)] = _lat
    if _cyr:
        TO_CYRILLIC[ord(_lat)] = _cyr
        if _grk:
            TO_CYRILLIC[ord(_grk)] = _cyr
del _lat, _cyr, _grk, _other


def char_script(ch: str) -> str | None:
    """Return the script of one letter, or None for digits, punctuation and other scripts."""
    if "a" <= ch <= "z" or "A" <= ch <= "Z":
        return LATIN
    code = ord(ch)
    if code < 0x0370:
        if code >= 0xC0 and ch.isalpha():
            return LATIN
        return None
    if 0x0400 <= code <= 0x052F:
        return CYRILLIC
    if 0x0370 <= code <= 0x03FF:
        return GREEK
    if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
        return LATIN
    return None


# Runs of letters, counted by their lengths (far fewer matches than letters).
_ASCII_LETTERS_RE = re.compile(r"[A-Za-z]+")
_CYRILLIC_RE = re.compile("[\u0400-\u052f]+")
_GREEK_RE = re.compile("[\u0370-\u03ff]+")
_OTHER_RE = re.compile("[^\x00-\x7f\u0370-\u052f]+")  # may be Latin letters with diacritics, or not letters


# Bytes of UTF-8 that count letters: ASCII letters, and the lead bytes of U+0400-U+04FF (Cyrillic) and of
# U+0380-U+03FF (Greek); U+0370-U+037F and U+0500-U+053F share lead bytes with other characters.
_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_CYRILLIC_LEADS = bytes((0xD0, 0xD1, 0xD2, 0xD3))
_GREEK_LEADS = bytes((0xCE, 0xCF))
_SHARED_LEADS = (b"\xcd", b"\xd4")
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))


def script_counts(text: str) -> dict[str, int]:
    """Count the letters of each script in ``text`` (as :func:`char_script` tells them, letter by letter)."""
    if text.isascii():
        return {CYRILLIC: 0, LATIN: _count_bytes(text.encode("ascii"), _ASCII_LETTER_BYTES), GREEK: 0}
    data = text.encode("utf-8", "surrogatepass")
    if any(lead in data for lead in _SHARED_LEADS):
        return _script_counts_by_runs(text)
    latin = _count_bytes(data, _ASCII_LETTER_BYTES)
    cyrillic = _count_bytes(data, _CYRILLIC_LEADS)
    greek = _count_bytes(data, _GREEK_LEADS)
    if len(text) - len(data.translate(None, _NON_ASCII_BYTES)) > cyrillic + greek:  # characters of other scripts
        latin += _other_latin(text)
    return {CYRILLIC: cyrillic, LATIN: latin, GREEK: greek}


def _count_bytes(data: bytes, which: bytes) -> int:
    """Count the bytes of ``data`` that are among ``which``."""
    return len(data) - len(data.translate(None, which))


def _other_latin(text: str) -> int:
    """Count the Latin letters of ``text`` outside ASCII (with diacritics, ligatures)."""
    return sum(1 for ch in "".join(_OTHER_RE.findall(text)) if char_script(ch) == LATIN)


def _script_counts_by_runs(text: str) -> dict[str, int]:
    """Count the letters of each script in ``text`` by runs of letters of each script."""
    latin = sum(map(len, _ASCII_LETTERS_RE.findall(text))) + _other_latin(text)
    return {CYRILLIC: sum(map(len, _CYRILLIC_RE.findall(text))), LATIN: latin,
            GREEK: sum(map(len, _GREEK_RE.findall(text)))}


def dominant_script(text: str) -> str | None:
    """Return the script with the most letters in ``text``; None when it has no letters."""
    counts = script_counts(text)
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def is_mixed(text: str) -> bool:
    """Tell whether ``text`` has letters of more than one script."""
    return sum(1 for n in script_counts(text).values() if n) > 1


# Quick test for a word that mixes scripts; most words are in one script and skip all work.
_MIXED_RE = re.compile(
    "[A-Za-z\u00c0-\u024f\u0370-\u03ff][^\u0400-\u052f]*[\u0400-\u052f]"
    "|[\u0400-\u052f][^A-Za-z\u00c0-\u024f\u0370-\u03ff]*[A-Za-z\u00c0-\u024f\u0370-\u03ff]"
    "|[A-Za-z][^\u0370-\u03ff]*[\u0370-\u03ff]|[\u0370-\u03ff][^A-Za-z]*[A-Za-z]"
)


def fold_homoglyphs(word: str, target: str | None = None) -> str:
    """Rewrite look-alike letters of a mixed-script ``word`` into one script.

    The target script is ``target`` when given, else the word's majority script,
    with ties and symbol-like words (containing ``/`` or digits) going to Latin,
    since UN document symbols are Latin.  Words in one script come back unchanged.
    """
    if target is None:
        if word.isascii() or not _MIXED_RE.search(word):
            return word
        counts = script_counts(word)
        if sum(1 for n in counts.values() if n) < 2:
            return word
        symbol_like = "/" in word or any(ch.isdigit() for ch in word)
        if symbol_like or counts[LATIN] + counts[GREEK] >= counts[CYRILLIC]:
            target = LATIN
        else:
            target = CYRILLIC
    table = TO_LATIN if target == LATIN else TO_CYRILLIC
    return word.translate(table)
