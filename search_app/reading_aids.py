"""Aids for reading results as a translator does: a translation's strength in words, a hit as keyword in context,
a rendering in the case the text writes it.

Dice scores (0.82, 0.05) mean nothing to a reader; :func:`strength` says
"strong", "likely" or "weak" instead, from where the translation came from and
how strongly its words go together in the aligned paragraphs.  :func:`kwic`
cuts a highlighted paragraph to the first marked word with a few words each
side.  :func:`as_written` gives a rendering (``совет безопасности``, the
lexicon's lower-case form) the capitals its examples give it (``Совет
Безопасности``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

STRENGTHS = ("strong", "likely", "weak")
STRONG_SCORE = 0.5  # a Dice score from this up: the words nearly always go together
LIKELY_SCORE = 0.15  # from this up: often enough to be worth a look; below it, weak
SOURCE_STRENGTH = {"glossary": "strong", "dictionary": "likely", "cognate": "likely"}
KWIC_CHARS = 60  # characters of context shown each side of the marked word


def strength(translation: dict) -> str:
    """Return how much to trust a translation (``source`` and ``score`` as the search contract gives them).

    >>> [strength(t) for t in ({"source": "glossary", "score": 1.0}, {"source": "corpus", "score": 0.82},
    ...                        {"source": "corpus", "score": 0.19}, {"source": "corpus", "score": 0.04})]
    ['strong', 'strong', 'likely', 'weak']

    A translation the lexicon marks ``weak`` (seen in too few aligned pairs) is weak whatever its score.
    """
    if translation.get("weak"):
        return "weak"
    if translation.get("source") in SOURCE_STRENGTH:
        return SOURCE_STRENGTH[translation["source"]]
    score = translation.get("score") or 0.0
    return "strong" if score >= STRONG_SCORE else "likely" if score >= LIKELY_SCORE else "weak"


def by_strength(translations: list[dict]) -> dict[str, list[dict]]:
    """Return the translations grouped by :func:`strength`, each group in the order given."""
    out: dict[str, list[dict]] = {name: [] for name in STRENGTHS}
    for t in translations:
        out[strength(t)].append(t)
    return out


def headline(translations: list[dict]) -> list[tuple[str, str]]:
    """Return the words a folded list of translations shows: each target once, ``(text, lang)``, those in use."""
    seen: dict[str, str] = {}
    for t in translations:
        if not t.get("excluded"):
            seen.setdefault(t["to"], t["to_lang"])
    return list(seen.items())


@dataclass(frozen=True)
class Line:
    """A paragraph cut around its first marked word: the text before, the word, the text after (plain text)."""

    left: str
    key: str
    right: str
    cut_left: bool
    cut_right: bool


_PIECES = re.compile(r"(<mark[^>]*>|</mark>|<[^>]+>)")


def kwic(marked_html: str, chars: int = KWIC_CHARS) -> Line:
    """Return the highlighted paragraph ``marked_html`` as a :class:`Line` centred on its first ``<mark>``.

    Without a mark the line starts at the paragraph's start.  The sides are cut
    at a word boundary, at most ``chars`` characters each.

    >>> kwic("The <mark>smuggling</mark> of migrants by land, sea and air", 12)
    Line(left='The ', key='smuggling', right=' of migrants', cut_left=False, cut_right=True)
    """
    plain, start, end = [], None, None
    size = 0
    for piece in _PIECES.split(marked_html):
        if piece.startswith("<mark"):
            start = size if start is None else start
        elif piece == "</mark>":
            end = size if end is None else end
        elif not piece.startswith("<"):
            text = html.unescape(piece)
            plain.append(text)
            size += len(text)
    text = "".join(plain)
    if start is None:
        start = end = 0
    end = end if end is not None else len(text)
    left, right = text[:start], text[end:]
    cut_left, cut_right = len(left) > chars, len(right) > chars
    if cut_left:  # a character more: a space there means the cut falls between words
        tail = left[-(chars + 1):]
        left = tail[tail.find(" ") + 1:] if " " in tail else left[-chars:]
    if cut_right:
        head = right[:chars + 1]
        right = head[:head.rfind(" ")] if " " in head else right[:chars]
    return Line(left, text[start:end], right, cut_left, cut_right)


_WORD = re.compile(r"[^\W\d_]+")


def as_written(rendering: str, texts: list[str]) -> str:
    """Return ``rendering`` with the capitals the paragraphs ``texts`` give its words (the commonest, a sentence's
    first word aside).

    A word of the rendering is found in the texts by its first letters (the
    texts may inflect it: ``совет`` in ``Совета``).

    >>> as_written("совет безопасности", ["Члены Совета Безопасности решают", "Совет Безопасности может"])
    'Совет Безопасности'
    >>> as_written("human rights", ["Human rights are universal", "respect for human rights"])
    'human rights'
    """
    words = rendering.split(" ")
    out = []
    for word in words:
        stem = word[:max(3, len(word) - 2)].lower()
        votes = {"lower": 0, "title": 0, "upper": 0}
        for text in texts:
            for n, found in enumerate(_WORD.finditer(text)):
                written = found.group()
                if not written.lower().startswith(stem) or (n == 0 and written[:1].isupper()):
                    continue
                shape = "upper" if written.isupper() and len(written) > 1 else "title" if written[:1].isupper() else "lower"
                votes[shape] += 1
        shape = max(votes, key=lambda s: (votes[s], s == "lower"))
        out.append(word.upper() if shape == "upper" else word[:1].upper() + word[1:] if shape == "title" else word)
    return " ".join(out)
