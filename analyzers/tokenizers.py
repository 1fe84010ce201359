"""The tokenizer shared by every analyzer: words, numbers and UN symbols, with character offsets.

A token is a run of letters or digits, joined into one token across ``/``
(``CTOC/COP/2012/15``, ``5/3``), hyphens (``интернет-сайт``), apostrophes
(``Office's``), a dot followed by a digit (``E/CN.15/2015/18``) and an en dash
between digits (``2000–2001``).  A number written with thousands separators
(``1,734,600``, ``1 734 600``, ``1.734.600``) is one token.  Markdown and HTML
marks are never part of a token.

>>> [t.text for t in un_tokenizer()("See *СТОС/COP/2012/1* and the Office's interim-report.")]
['See', 'СТОС/COP/2012/1', 'and', 'the', "Office's", 'interim-report']
>>> [t.text for t in un_tokenizer()("$1,734,600, 1 734 600 and 1.734.600 in 2000–2001 (12 345 6789)")]
['1,734,600', '1 734 600', 'and', '1.734.600', 'in', '2000–2001', '12 345', '6789']
"""

from __future__ import annotations

from whoosh.analysis import RegexTokenizer

# Letters and digits, but not superscript digits: those are footnote marks (``thereto,¹``).
_WORD = r"[^\W_\u00b2\u00b3\u00b9\u2070-\u209f]+"
_JOINER = r"(?:[/\-\u2010\u2011'\u2019]|\.(?=\d)|(?<=\d)\u2013(?=\d))"
# Thousands separated by one comma, space (plain, no-break, narrow or thin) or, for two groups or more, a dot.
NUMBER_PATTERN = r"\d{1,3}(?:(?:[,\u00a0\u202f\u2009 ]\d{3})+|(?:\.\d{3}){2,})(?![^\W_])"
TOKEN_PATTERN = rf"{NUMBER_PATTERN}|{_WORD}(?:{_JOINER}{_WORD})*"

HYPHENS = "-\u2010\u2011\u2013"
APOSTROPHES = "'\u2019"


def un_tokenizer() -> RegexTokenizer:
    """Return the tokenizer of every field: words, numbers and symbols, offsets kept."""
    return RegexTokenizer(expression=TOKEN_PATTERN)
