"""English words derived from one another by a suffix: a verb and its noun, an adjective and its adverb.

A Russian noun is often rendered by an English verb (``оценка`` of ``оценить``:
*assessment*, where a text says *to assess*), an adjective by a noun
(``секторальный``: *sectoral*, a text *sector*).  :func:`relatives` gives an
English lemma the lemmas one suffix of :data:`SUFFIXES` away, either way:
added to it (``assess`` → ``assessment``) or taken off it (``performance`` →
``perform``), with the spelling changes the rules name (``promote`` →
``promotion``, ``organize`` → ``organization``).  One step only, so
``generation`` gives ``generate``, never ``general``; and only words that
LemmInflect's dictionary has as lemmas (:mod:`analyzers.english`).

>>> relatives("assessment"), relatives("particular"), relatives("promote")
(('assess',), ('particularly',), ('promotion',))
>>> relatives("organization"), relatives("sectoral"), relatives("goal")
(('organize', 'organizational'), ('sector',), ())
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.english import lemmatizer

# (the base's ending, the derived word's ending): a base ending so takes the other ending instead.
SUFFIXES = (
    ("", "ment"), ("", "ance"), ("e", "ance"), ("", "ence"), ("e", "ence"), ("", "ation"), ("ate", "ation"),
    ("ize", "ization"), ("ise", "isation"), ("", "ion"), ("ote", "otion"), ("ute", "ution"), ("", "al"), ("", "ual"), ("", "ly"),
    ("ic", "ically"), ("le", "ly"), ("y", "ily"),
)
LEAST = 4  # letters a word and the base it is derived from have at least
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=4096)
def relatives(lemma: str) -> tuple[str, ...]:
    """Return the English lemmas derived from ``lemma`` by one suffix, or that it is derived from, in rule order
    (none for a word of fewer than :data:`LEAST` letters or not of plain letters)."""
    if len(lemma) < LEAST or not _WORD.fullmatch(lemma):
        return ()
    out: dict[str, None] = {}
    for base_end, derived_end in SUFFIXES:
        if lemma.endswith(base_end):  # derived from the lemma
            out[lemma[:len(lemma) - len(base_end)] + derived_end] = None
        stem = lemma[:-len(derived_end)]
        if lemma.endswith(derived_end) and len(stem) >= LEAST:  # the lemma's base
            out[stem + base_end] = None
    out.pop(lemma, None)
    known = lemmatizer().getAllLemmas
    return tuple(word for word in out if any(word in found for found in known(word).values()))
