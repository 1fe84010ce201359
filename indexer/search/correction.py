"""Did you mean: a query's unknown words replaced by the commonest close word forms of the index, on any engine.

The engine answers two questions about the ``exact`` field (is this term
there; which term within so many edits is the commonest); the words to try,
the order of the tries and the case kept are the same on every engine.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.engine.schema import EXACT_FIELD
from indexer.search.request import SearchRequest

_WORD_RE = re.compile(r"(?<![\w:=*?~\-])([^\W\d_]{3,})(?![\w*?~:])")
_OPERATORS = {"AND", "OR", "NOT", "TO"}


def correction(request: SearchRequest, schema, known, suggest) -> tuple[str | None, SearchRequest]:
    """Return the query of ``request`` with its unknown words corrected (None: none was), and the request to try
    it with (across languages: any language).

    ``known(term)`` says whether the ``exact`` field has a term; ``suggest(term,
    maxdist)`` gives the commonest term within ``maxdist`` edits (its first
    letter kept), or None.
    """
    analyzer = schema[EXACT_FIELD].analyzer
    changed = False

    def fix(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        terms = [t.text for t in analyzer(word)]
        if word in _OPERATORS or len(terms) != 1 or known(terms[0]):
            return word
        # one edit before two: Whoosh ranks by frequency alone (Асамблеи would become Ассамблея, another case)
        found = suggest(terms[0], 1) or suggest(terms[0], 2)
        if not found:
            return word
        changed = True
        return found.capitalize() if word[:1].isupper() else found

    corrected = _WORD_RE.sub(fix, request.query)
    if not changed:
        return None, request
    # Across languages the corrected words may find the other language only, through their translations.
    return corrected, replace(request, lang="any") if request.translate else request
