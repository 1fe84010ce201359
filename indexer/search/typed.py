"""Whether a paragraph's text has a query's words in the forms and the order typed.

Two words follow each other when only non-word characters, or up to
:data:`GAP_WORDS` other words (the stop words the analysis leaves out),
stand between them; the parts of one word (a compound's forms) only
non-word characters.  Case is ignored, and a form's ``е`` also matches
``ё``.  A query's forms made of word characters alone (nearly all) are
looked for in the lower-cased text without compiling a pattern for the
query (compiling one took longer than reading the few texts it is applied
to); other forms (``$467,900``) through the regular expression that says
the same (:func:`pattern`).

>>> forms = [("trafficking",), ("persons",)]
>>> [in_order(text, forms) for text in ("Trafficking in Persons", "trafficking of the persons", "persons trafficking")]
[True, True, False]
>>> in_order("Trafficking in, of the persons", forms), in_order("trafficking-persons", forms)
(False, True)
>>> checker([("$467,900",), ("each",)])("$467,900 each")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

GAP_WORDS = 2  # other words that may stand between two of the query's
_NONWORD = re.compile(r"\W+")
_WORD_THEN_NONWORD = re.compile(r"\w+\W+")
# Letters a regular expression's case-blind match and lower-casing treat apart (dotted İ, long s, Greek, the
# Kelvin and Ångström signs, ligatures): a text or form with one is tested with the pattern.
_CASE_APART = re.compile("[\u00b5\u0130\u0131\u017f\u0345\u0370-\u03ff\u1e9b\u1f00-\u1fff\u2126\u212a"
                         "\u212b\ufb00-\ufb06]")


def checker(words: Sequence[Sequence[str]]) -> Callable[[str], bool]:
    """Return the test of a text for ``words`` (each word's forms, as the exact field holds them)."""
    if not all(_plain(form) for forms in words for form in forms):
        compiled = pattern(words)
        return lambda text: compiled.search(text) is not None
    lowered = [tuple(form.lower() for form in forms) for forms in words]
    compiled = []  # made the first time a text asks for it

    def check(text: str) -> bool:
        if not _CASE_APART.search(text):
            return in_order(text, lowered)
        if not compiled:
            compiled.append(pattern(words))
        return compiled[0].search(text) is not None
    return check


def pattern(words: Sequence[Sequence[str]]) -> re.Pattern:
    """Return the regular expression of ``words`` in order (see the module's docstring)."""
    return re.compile(r"(?<!\w)" + (r"\W+(?:\w+\W+){0,%d}?" % GAP_WORDS).join(
        r"\W+".join(re.escape(f).replace("е", "[её]") for f in forms) for forms in words) + r"(?!\w)", re.IGNORECASE)


def _plain(form: str) -> bool:
    """Tell a form of word characters alone (as a regular expression's ``\\w``), without ``ё``."""
    return bool(form) and "ё" not in form and all(c.isalnum() or c == "_" for c in form) and \
        not _CASE_APART.search(form) and len(form.lower()) == len(form)


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def in_order(text: str, words: Sequence[Sequence[str]]) -> bool:
    """Tell whether ``text`` has ``words`` (lower-case forms of word characters) in order: what :func:`pattern`
    finds, without it."""
    text = text.lower().replace("ё", "е")
    first = words[0][0]
    start = text.find(first)
    while start >= 0:
        if (start == 0 or not _word(text[start - 1])) and _follows(text, start + len(first), words, 0, 1):
            return True
        start = text.find(first, start + 1)
    return False


def _follows(text: str, at: int, words: Sequence[Sequence[str]], word: int, part: int) -> bool:
    """Tell whether the rest of ``words`` follows at ``at``, where part ``part`` of word ``word`` is next."""
    if part < len(words[word]):  # the next part of the same word: after non-word characters only
        gap = _NONWORD.match(text, at)
        form = words[word][part]
        return gap is not None and text.startswith(form, gap.end()) and \
            _follows(text, gap.end() + len(form), words, word, part + 1)
    if word + 1 == len(words):
        return at == len(text) or not _word(text[at])
    gap = _NONWORD.match(text, at)
    if gap is None:
        return False
    at, form = gap.end(), words[word + 1][0]
    for _ in range(GAP_WORDS + 1):
        if text.startswith(form, at) and _follows(text, at + len(form), words, word + 1, 1):
            return True
        skipped = _WORD_THEN_NONWORD.match(text, at)
        if skipped is None:
            return False
        at = skipped.end()
    return False
