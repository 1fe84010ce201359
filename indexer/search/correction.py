"""Did you mean: a query's unknown words replaced by the commonest close word forms of the index, on any engine.

The engine answers one question about the ``exact`` field for all the
query's words at once (:func:`correction`'s ``corrections``): for each term,
the commonest term one edit away, else two, when the field lacks it.  The
words to try, the order of the tries and the case kept are the same on every
engine; :func:`one_by_one` asks an engine that answers a term at a time.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.engine.schema import EXACT_FIELD
from indexer.search.request import SearchRequest

_WORD_RE = re.compile(r"(?<![\w:=*?~\-])([^\W\d_]{3,})(?![\w*?~:])")
_OPERATORS = {"AND", "OR", "NOT", "TO"}
# One edit before two: Whoosh ranks by frequency alone (Асамблеи would become Ассамблея, another case).
EDITS = (1, 2)


def correction(request: SearchRequest, schema, corrections) -> tuple[str | None, SearchRequest]:
    """Return the query of ``request`` with its unknown words corrected (None: none was), and the request to try
    it with (across languages: any language).

    ``corrections(terms)`` is asked once, with the ``exact`` terms of the words
    that may be corrected (each once, in the order of the query), and gives
    by term the commonest term within :data:`EDITS` edits (the fewest first,
    the first letter kept) of each the field lacks; a term left out, or
    given None, stays.
    """
    analyzer = schema[EXACT_FIELD].analyzer
    words: dict[str, str] = {}  # a word that may be corrected -> its one term
    for match in _WORD_RE.finditer(request.query):
        word = match.group(1)
        if word not in _OPERATORS and word not in words:
            terms = [t.text for t in analyzer(word)]
            if len(terms) == 1:
                words[word] = terms[0]
    if not words:
        return None, request
    found = corrections(list(dict.fromkeys(words.values())))
    changed = False

    def fix(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        better = found.get(words[word]) if word in words else None
        if not better:
            return word
        changed = True
        return better.capitalize() if word[:1].isupper() else better

    corrected = _WORD_RE.sub(fix, request.query)
    if not changed:
        return None, request
    # Across languages the corrected words may find the other language only, through their translations.
    return corrected, replace(request, lang="any") if request.translate else request


def one_by_one(known, suggest):
    """Return ``corrections`` (see :func:`correction`) that asks ``known(term)`` (whether the ``exact`` field has
    a term) and ``suggest(term, maxdist)`` (its commonest term within ``maxdist`` edits, or None) a term at a time."""

    def corrections(terms: list[str]) -> dict[str, str | None]:
        return {term: None if known(term) else next(filter(None, (suggest(term, n) for n in EDITS)), None)
                for term in terms}

    return corrections
