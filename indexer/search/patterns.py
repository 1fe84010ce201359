"""The rule a pattern of the query must keep: enough letters for its words to be found without reading the lexicon.

A word with ``*`` or ``?`` (``migra*``, ``*tion``, ``?olice``) is expanded to
the words of the index it matches; with fewer than :data:`MIN_PATTERN_LETTERS`
letters or digits (``?*?*?*``, ``*a*``, ``s*``) it matches a large part of the
lexicon, whose postings would all have to be read to give a partial answer
nobody can use, so it is refused with the rule explained.  ``*`` alone
(everything) is not a pattern: it is answered without expanding a word.
Filters (``symbol:A/70/*``) match document symbols, not words, and are not
held to the rule.
"""

from __future__ import annotations

import re

MIN_PATTERN_LETTERS = 2  # letters or digits a pattern needs besides its wildcards

_WORD = re.compile(r'"[^"]*"|[^\s()"]+')  # a phrase is one word here: its * and ? are plain text
_SIGNS = "+-="  # what may start a word: required, excluded, exact form
_LETTER = re.compile(r"[^\W_]")
_FIELD = re.compile(r"([A-Za-z_]\w*):")
_WORD_FIELDS = ("exact",)  # fields of words, held to the rule (``=word`` is written ``exact:word`` too)


def pattern_problem(text: str) -> tuple[str, int] | None:
    """Return ``(message, offset)`` for the first pattern of ``text`` with too few letters, or None.

    >>> pattern_problem("migra* OR ?*")
    ("'?*' has too few letters to search: a pattern needs at least 2 letters or digits beside * and ? (migra*, *tion)", 10)
    >>> pattern_problem("* symbol:A/* =ab*") is None
    True
    """
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word.startswith('"'):
            continue
        field = _FIELD.match(word)
        if field:
            if field.group(1).lower() not in _WORD_FIELDS:
                continue
            value = word[field.end():]
        else:
            value = word
        value = value.lstrip(_SIGNS)
        if "*" not in value and "?" not in value or value == "*":
            continue
        if len(_LETTER.findall(value)) < MIN_PATTERN_LETTERS:
            return (f"{word!r} has too few letters to search: a pattern needs at least {MIN_PATTERN_LETTERS} letters "
                    "or digits beside * and ? (migra*, *tion)", match.start())
    return None
