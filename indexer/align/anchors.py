"""Anchor tokens: what a translation keeps as written, so that two versions of a paragraph share it.

Numbers (years, sums, article and paragraph numbers, ``6/1``), document symbols
(``CTOC/COP/2012/15``) and Latin-script words in Russian text (``UNODC``,
``www.unodc.org``, names left untranslated) come through translation unchanged
but for their spelling: English writes ``1,000`` and ``1.5`` where Russian
writes ``1 000`` and ``1,5``.  :func:`anchor_tokens` returns them normalized,
so the English and Russian versions of a paragraph give the same tokens.

>>> ru = anchor_tokens("В 2012 году 1 000 мигрантов (1,5 процента), см. СТОС/COP/2012/15 и UNODC. Вес")
>>> sorted(ru)  # "Вес" is not a Latin word, though its letters look Latin
['1.5', '1000', '2012', 'ctoc/cop/2012/15', 'unodc']
>>> sorted(anchor_tokens("In 2012, 1,000 migrants (1.5 per cent): see CTOC/COP/2012/15 and UNODC.", latin_words(
...     "В 2012 году 1 000 мигрантов (1,5 процента), см. СТОС/COP/2012/15 и UNODC.")))
['1.5', '1000', '2012', 'ctoc/cop/2012/15', 'unodc']
"""

from __future__ import annotations

import re

from analyzers.scripts import TO_LATIN
from indexer.symbols import SYMBOL_RE, symbol_key

# Thousands grouped by spaces (Russian) or commas (English), or plain digits with separators; not the
# tail of a number.  The first digit leads, so that the regex engine skips quickly to where a number starts.
_NUMBER_RE = re.compile(
    r"\d(?<![\d.,/]\d)(?:\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?![\d])|\d{0,2}(?:,\d{3})+(?![\d,])|\d*(?:[.,/]\d+)*)"
)
_GROUP_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")
_LATIN_WORD_RE = re.compile(r"(?<![^\W\d_])[A-Za-z][A-Za-z'\-]*[A-Za-z](?![^\W\d_])")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def normalize_number(text: str) -> str:
    """Write a number as both languages agree on: no grouping, ``.`` for the decimal mark.

    >>> normalize_number("1 000"), normalize_number("1,000"), normalize_number("1,5"), normalize_number("6/1")
    ('1000', '1000', '1.5', '6/1')
    """
    text = text.translate(_GROUP_SEPARATORS)
    if _THOUSANDS_RE.match(text):
        return text.replace(",", "")
    return text.replace(",", ".").rstrip(".")


def numbers(text: str) -> set[str]:
    """Return the numbers of ``text``, normalized."""
    return {normalize_number(found) for found in set(_NUMBER_RE.findall(text))}


def symbols(text: str) -> set[str]:
    """Return the document symbols cited in ``text`` as lower-case symbol keys."""
    if "/" not in text:  # every symbol has one
        return set()
    return {symbol_key(m.group(0)).lower() for m in SYMBOL_RE.finditer(text.translate(TO_LATIN))}


def latin_words(text: str) -> set[str]:
    """Return the Latin-script words of ``text`` (two letters or more, not inside a symbol), lower-cased."""
    return set(map(str.lower, set(_LATIN_WORD_RE.findall(_without_symbols(text)))))


def _without_symbols(text: str) -> str:
    """Blank out the symbols of ``text`` (keeping its length), so their parts are not words too."""
    if "/" not in text:
        return text
    pieces, last = [], 0
    for match in SYMBOL_RE.finditer(text.translate(TO_LATIN)):  # one character for one: offsets agree
        pieces += [text[last:match.start()], " " * (match.end() - match.start())]
        last = match.end()
    return "".join(pieces) + text[last:]


def anchor_tokens(text: str, latin_vocabulary: set[str] | frozenset[str] | None = None, *,
                  words: set[str] | None = None) -> frozenset[str]:
    """Return the anchor tokens of a paragraph: numbers, symbols and Latin words.

    ``latin_vocabulary`` limits the Latin words to those given: for an English
    paragraph, the Latin words of the Russian version, since every English word
    is Latin but only those the Russian text keeps are anchors.  ``None`` keeps
    them all (a Russian paragraph).  ``words``, when given, are the paragraph's
    :func:`latin_words`, found already.
    """
    if latin_vocabulary is not None and not latin_vocabulary:
        words = set()  # no Latin word can be kept: none need be found
    elif words is None:
        words = latin_words(text)
    if latin_vocabulary is not None:
        words = words & latin_vocabulary
    return frozenset(numbers(text) | symbols(text) | words)
