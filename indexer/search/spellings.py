"""Words as UN text writes them, read in a query: compounds written apart, numbers with spaces, symbols.

The analyzers (:mod:`analyzers.filters`) make one term of a hyphenated
compound, a number with thousands separators and a document symbol; a query
typed by hand writes them as separate words.  :func:`joined_spellings` gives a
phrase's words joined into compounds, and :func:`as_written` rewrites a
query's text so that a number written with spaces is one word and a symbol
typed as a word also finds the document that bears it.
"""

from __future__ import annotations

import re

from analyzers import stopwords

JOINED_MOST = 4  # spellings of a phrase with two neighbouring words joined, tried at most
_LETTERS = re.compile(r"[^\W\d_]+")


def joined_spellings(text: str) -> list[str]:
    """Return ``text`` with each pair of neighbouring words (letters only, not stop words) joined by a hyphen.

    >>> joined_spellings("the Secretary General of the capacity building")
    ['the Secretary-General of the capacity building', 'the Secretary General of the capacity-building']
    """
    words = [m for m in _LETTERS.finditer(text) if m.group().lower() not in stopwords.ALL]
    out = []
    for a, b in zip(words, words[1:]):
        if text[a.end():b.start()].isspace() and len(out) < JOINED_MOST:
            out.append(f"{text[:a.end()]}-{text[b.start():]}")
    return out


# A number whose thousands are separated by spaces (``1 734 600``): one word of the query, not three.
_SPACED_NUMBER_RE = re.compile(r"(?<![\w.,/])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\w.,/])")
_NUMBER_SPACES_RE = re.compile(r"[ \u00a0\u202f\u2009]")
# A word that looks like a document symbol (a letter and a slash, no wildcard), alone: not a field's value.
_SYMBOL_WORD_RE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())(?=[^\s()]*[A-Za-z])(?=[^\s()]*/)[A-Za-z0-9][^\s()*?:\"=]*"
                             r"(?=$|[\s)])")
SYMBOL_BOOST = 10  # the document that bears a symbol typed as a word comes before the paragraphs that cite it


def _symbol_or_document(match) -> str:
    """Return a symbol typed as a word as: the word, or the first paragraph of the document bearing it."""
    word = match.group(0)
    return f"({word} OR (symbol:{word} AND position:0)^{SYMBOL_BOOST})"


def as_written(text: str) -> str:
    """Return a query's text (outside phrases) with spaced numbers joined and symbols also finding their document.

    >>> as_written("$1 734 600 L.7/Rev.1 symbol:A/65/*")
    '$1734600 (L.7/Rev.1 OR (symbol:L.7/Rev.1 AND position:0)^10) symbol:A/65/*'
    """
    text = _SPACED_NUMBER_RE.sub(lambda m: _NUMBER_SPACES_RE.sub("", m.group(0)), text)
    return _SYMBOL_WORD_RE.sub(_symbol_or_document, text)
