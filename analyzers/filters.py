"""Language-independent token filters: script and diacritic folding, ё/е, compounds, numbers, symbols, stop words.

Each filter is a small streaming callable in the Whoosh style: it takes a token
stream and yields tokens, reusing Whoosh's single Token object, so no filter
keeps a token across iterations.  Look-alike folding runs before lowercasing (``СТОС`` must fold while upper-case).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter

from analyzers.scripts import CYRILLIC, LATIN, char_script, fold_homoglyphs
from analyzers.tokenizers import APOSTROPHES, HYPHENS, NUMBER_PATTERN


def fold_yo(text: str) -> str:
    """Fold ё to е, as Russian is usually written."""
    return text.replace("ё", "е").replace("Ё", "Е")


def token_script(text: str) -> str | None:
    """Return the script of a token's first letter (tokens are folded to one script first)."""
    for ch in text:
        script = char_script(ch)
        if script:
            return script
    return None


def is_cyrillic(text: str) -> bool:
    """Tell whether a token is a Cyrillic word."""
    return token_script(text) == CYRILLIC


def is_plain_word(text: str) -> bool:
    """Tell whether a token is a word of letters only (not a number, symbol, code or wildcard)."""
    return not any(ch.isdigit() or ch in "/*?" for ch in text)


class HomoglyphFilter(Filter):
    """Fold look-alike letters of mixed-script tokens into one script (``СТОС/COP`` → ``CTOC/COP``)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold_homoglyphs(t.text)
            yield t


class YoFilter(Filter):
    """Fold ё to е so that ``ещё`` and ``еще`` are one term."""

    def __call__(self, tokens):
        for t in tokens:
            if "ё" in t.text:
                t.text = fold_yo(t.text)
            yield t


class PossessiveFilter(Filter):
    """Drop the English possessive ending: ``office's`` → ``office``."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if len(text) > 2 and text[-2] in APOSTROPHES and text[-1] == "s":
                t.text = text[:-2]
            yield t


class CompoundFilter(Filter):
    """A hyphenated word is found by its hyphenated, closed and (through its parts) spaced spellings.

    Every hyphen-like character becomes ``-`` (``государства‑члены``,
    ``2000–2001``).  A Latin-script compound also gives its closed spelling at
    its position (``non-governmental`` → ``nongovernmental``), at index and at
    query time, so either spelling finds the other.  At index time the parts
    of a compound are indexed at its position too (``интернет-сайт`` →
    ``интернет``, ``сайт``), so a search for a part finds it; number ranges
    (``15-19``) are split, so ``15`` finds them.  Parts that are stop words
    are left out.  A query's phrase finds a compound written with spaces
    through :mod:`indexer.search.query`, which tries its words joined.
    """

    def __init__(self, stoplist=frozenset()):
        self.stoplist = frozenset(stoplist)

    def __call__(self, tokens):
        stoplist = self.stoplist
        for t in tokens:
            text = t.text
            if not any(h in text for h in HYPHENS) or "/" in text:
                yield t
                continue
            for h in HYPHENS[1:]:
                text = text.replace(h, "-")
            t.text = text
            yield t
            if token_script(text) == LATIN and is_plain_word(text) and text.strip("-") == text:
                t.text = text.replace("-", "")
                yield t
            if t.mode == "query":
                continue
            for part in text.split("-"):
                if part and part not in stoplist:
                    t.text = part
                    yield t


_UNMARKED = re.compile(r"[\x00-\x7f\u0400-\u052f]*")  # ASCII and Cyrillic: nothing to fold


def fold_diacritics(text: str) -> str:
    """Drop the diacritics of Latin letters (``Ibáñez`` → ``Ibanez``, ``Jamnišek`` → ``Jamnisek``); Cyrillic stays.

    >>> fold_diacritics("Ibáñez, Jamnišek, Straße, Łódź, Йошкар-Ола")
    'Ibanez, Jamnisek, Strasse, Lodz, Йошкар-Ола'
    """
    if text.isascii() or _UNMARKED.fullmatch(text):
        return text
    return "".join(_folded(ch) if ord(ch) > 0x7F and char_script(ch) == LATIN else ch for ch in text)


_LIGATURES = {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
              "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d"}


@lru_cache(maxsize=4096)
def _folded(ch: str) -> str:
    """Return a Latin letter without its diacritics (its base letters)."""
    if ch in _LIGATURES:
        return _LIGATURES[ch]
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)) or ch


class DiacriticFilter(Filter):
    """Fold the diacritics of Latin letters, so ``Jamnisek`` finds ``Jamnišek`` (see :func:`fold_diacritics`)."""

    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = fold_diacritics(t.text)
            yield t


_NUMBER_RE = re.compile(NUMBER_PATTERN)
_SEPARATORS_RE = re.compile(r"[^\d]")


class NumberFilter(Filter):
    """Write a number with thousands separators as its digits: ``1,734,600``, ``1 734 600`` → ``1734600``."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if text[:1].isdigit() and _NUMBER_RE.fullmatch(text):
                t.text = _SEPARATORS_RE.sub("", text)
            yield t


class QueryStopFilter(Filter):
    """Leave stop words out of a query's words, never out of the index or of a phrase.

    Every word of a text is indexed at its position, so that a phrase matches
    its stop words too (``"trafficking in persons"`` is not ``"trafficking of
    persons"``); a word of a query outside quotes that is a stop word matches
    nearly everything and is dropped.  A phrase is analyzed with
    ``removestops=False`` and keeps them.
    """

    def __init__(self, stoplist=frozenset()):
        self.stoplist = frozenset(stoplist)

    def __eq__(self, other):
        return type(other) is type(self) and other.stoplist == self.stoplist

    def __call__(self, tokens):
        stoplist = self.stoplist
        for t in tokens:
            if t.mode == "query" and t.removestops and t.text in stoplist:
                continue
            yield t


# The symbol series whose documents are cited by their number alone (``resolution 64/293``).
_NUMBERED_SERIES = ("a/res/", "s/res/", "e/res/")


class SymbolPartsFilter(Filter):
    """A document symbol in a text is also found by its tail: ``L.7/Rev.1`` finds ``CTOC/COP/2010/L.7/Rev.1``.

    At index time a symbol (a token with ``/`` and a letter) is also indexed as
    each of its tails that starts after a ``/`` with a part that has a letter
    (``cop/2010/l.7/rev.1``, ``l.7/rev.1``, ``rev.1``; not ``2012/15``, which
    may be another document's number), and a resolution's symbol as its
    number (``A/RES/64/293`` as ``64/293``).  At query time a resolution's
    symbol also matches its number as texts cite it: ``A/RES/64/293`` finds
    ``resolution 64/293``.
    """

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            yield t
            if "/" not in text or not any(ch.isalpha() for ch in text):
                continue
            if t.mode == "query":
                if text.startswith(_NUMBERED_SERIES) and text.count("/") >= 3:
                    t.text = text.split("/", 2)[2]
                    yield t
                continue
            parts = text.split("/")
            numbered = text.startswith(_NUMBERED_SERIES)
            for k in range(1, len(parts)):
                if any(ch.isalpha() for ch in parts[k]) or (numbered and k == 2):
                    t.text = "/".join(parts[k:])
                    yield t
