"""Reading an entry of Mueller's English–Russian dictionary: the Russian renderings of each sense, in order.

An entry is the headword, its transcription, and its senses: parts of speech
``1. _n. … 2. _v. …``, homonyms ``_I … _II …``, senses ``1) … 2) …`` and
sub-senses ``а) … б) …``.  A sense lists renderings separated by commas and
semicolons, with labels (``_разг.``, ``_воен.``), remarks in parentheses and
examples (``to acknowledge the receipt подтверждать получение``) among them.
Kept are the renderings: Russian words only, at most :data:`MAX_WORDS` of them,
each with the rank of its sense within its part of speech (0 for the first),
its place within the sense, and which part of speech or homonym it belongs to
(0 for the first that has renderings).

>>> [(r.text, r.sense, r.order) for r in renderings('''acknowledge
...    [ɜk↗nɘlɪdʒ] г
...    1) сознавать; признавать, допускать
...    2) подтверждать; to acknowledge the receipt подтверждать получение''')]
[('сознавать', 0, 0), ('признавать', 0, 1), ('допускать', 0, 2), ('подтверждать', 1, 0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 3  # a longer rendering explains rather than translates

# Applied in order to an entry's text (after the headword line), before it is cut into senses.
CLEANING = (
    (re.compile(r"-[ \t]*\n\s*"), "-"),  # a word broken at a line end (``военно-`` / ``воздушный``)
    (re.compile(r"\s+"), " "),
    (re.compile(r"\[[^\]]*\]"), " "),  # the transcription
)
# Marks of where a sense starts, and what each does to the rank of the senses after it.
HOMONYM = re.compile(r"_(?:I|II|III|IV|V|VI|VII|VIII)(?=\s|$)")
PART = re.compile(r"(?<![\w.])\d{1,2}\.(?=\s|_|$)")  # a part of speech: ``2. _v.``
SENSE = re.compile(r"(?<![\w.])(\d{1,2})\)")  # ``3)``
SUBSENSE = re.compile(r"(?<![\w.])[а-я]\)")  # ``б)``: part of the sense it belongs to
MARKS = re.compile("|".join(f"(?:{p.pattern})" for p in (HOMONYM, PART, SENSE, SUBSENSE)))
# Removed from a sense before it is cut into renderings.
REMARKS = (
    re.compile(r"\([^()]*\)"),  # remarks, grammar: ``(особ. ветви)``, ``(on, upon - на)``
    re.compile(r"(?<!\w)_\S+"),  # labels: ``_n.``, ``_разг.``, ``_attr.``
    re.compile(r"(?<!\w)[а-яё]+(?:-[а-яё]+)*\.(?:[ \t]?[а-яё]+\.)*(?=\s|,|;|:|$)"),  # abbreviations: ``что-л.``, ``и т.п.``
)
ITEMS = re.compile(r"[;:]")
RENDERINGS = re.compile(r",")
RUSSIAN = re.compile(r"^[а-яё]+(?:-[а-яё]+)*(?: [а-яё]+(?:-[а-яё]+)*)*$")


@dataclass(frozen=True)
class Rendering:
    """A Russian rendering of a headword: the text, the rank of its sense (0: the first), its place in the sense."""

    text: str
    sense: int
    order: int
    part: int = 0  # the part of speech or homonym: 0 for the first with renderings, 1 for the next …


def renderings(entry: str) -> list[Rendering]:
    """Return the renderings of a Mueller entry (its text, headword line first), in order, each once."""
    _, _, body = entry.partition("\n")
    for pattern, replacement in CLEANING:
        body = pattern.sub(replacement, body)
    out: list[Rendering] = []
    seen: set[str] = set()
    rank, part, start = 0, 0, 0
    for mark in [*MARKS.finditer(body), None]:
        end = mark.start() if mark else len(body)
        order = 0
        for text in _renderings(body[start:end]):
            if text not in seen:
                seen.add(text)
                out.append(Rendering(text, rank, order, part))
                order += 1
        if mark is None:
            break
        found = mark.group()
        if SENSE.fullmatch(found):
            rank = int(found[:-1]) - 1
        elif not SUBSENSE.fullmatch(found):
            rank = 0  # a new part of speech or homonym starts again at its first sense
            if out and out[-1].part == part:
                part += 1
        start = mark.end()
    return out


def _renderings(sense: str):
    """Yield the renderings of one sense's text: its Russian items, split at commas."""
    for pattern in REMARKS[:1]:
        while True:
            cleaned = pattern.sub(" ", sense)
            if cleaned == sense:
                break
            sense = cleaned
    for pattern in REMARKS[1:]:
        sense = pattern.sub(" ", sense)
    for item in ITEMS.split(sense):
        if re.search(r"[A-Za-z0-9]", item):
            continue  # an example (``to implement a decision проводить …``) or a cross-reference
        for part in RENDERINGS.split(item):
            text = " ".join(part.lower().replace("!", " ").replace("?", " ").split())
            if text and RUSSIAN.match(text) and len(text.split()) <= MAX_WORDS and len(text) > 1:
                yield text
