"""A closed English compound's two words, as text also writes it spaced: ``peacekeeping`` → ``peace keeping``.

UN text writes many compounds three ways: ``non-governmental``,
``nongovernmental`` and ``non governmental``.  The hyphenated and closed
spellings are one term (:class:`analyzers.filters.CompoundFilter`); the spaced
one is two words, which a query of the closed word finds through
:func:`spaced`: the word split in two, each half a word the English dictionary
knows (or the first a prefix of :data:`PREFIXES`), and only where exactly one
such split exists: a word that merely contains other words gives at most one
phrase (``international`` none: ``inter`` is not taken for a prefix, as UN
text writes ``inter alia``).

>>> spaced("peacekeeping"), spaced("nongovernmental"), spaced("international"), spaced("organization")
(('peace', 'keeping'), ('non', 'governmental'), None, None)
"""

from __future__ import annotations

from functools import lru_cache

from analyzers import stopwords
from analyzers.english import lemmas, lemmatizer

SHORTEST = 8  # letters of the shortest closed word split
HALF = 4  # letters of the shortest half that is a word
# First halves written apart that are no words of their own (``non governmental``, ``multi stakeholder``).
PREFIXES = frozenset({"non", "anti", "multi", "cross", "counter", "socio"})
# Second halves that are words but also endings: ``available`` is not avail able, ``missions`` not miss ions.
ENDINGS = frozenset({"able", "ible", "ions", "ship", "ships", "hood", "less", "ness", "ward", "wards", "wise", "like",
                     "some", "ment", "ling", "dom", "ful", "age", "ages", "ism", "isms", "ist", "ists", "ity"})
_HEADS = ("NOUN",)  # the parts of speech of a first half, and of a second
_TAILS = ("NOUN", "VERB", "ADJ")


def _word(text: str, parts: tuple[str, ...]) -> bool:
    """Tell whether ``text`` is a word of the English dictionary as one of ``parts`` of speech (long enough, not a
    stop word)."""
    return len(text) >= HALF and text not in stopwords.ALL and any(pos in parts for pos in parts_of_speech(text))


def parts_of_speech(word: str) -> tuple[str, ...]:
    """Return the parts of speech LemmInflect's dictionary gives a lower-case word (none: a word it does not know).

    LemmInflect 0.2's ``getAllLemmas`` copies the entry it finds (some 10 µs
    a word; a long word is looked up a dozen times, once per split); with that
    version the dictionary and its overrides are read in place, as it reads them.
    """
    lem = lemmatizer()
    if not lem.__version__.startswith("0.2."):
        return tuple(lem.getAllLemmas(word))
    found = lem.Lemmatizer()
    return tuple({**found._getLemmaDict().get(word, {}), **found._getOverridesDict().get(word, {})})


@lru_cache(maxsize=4096)
def spaced(word: str) -> tuple[str, str] | None:
    """Return the two words a closed lower-case compound is written as when spaced, or None (see above).

    The first half is a noun (``peace``, ``policy``; not ``under`` of
    ``understanding``) or a prefix, the second a noun, verb or adjective; a
    split whose first half is the word's own lemma is its ending, not a
    compound (``trafficking``: ``traffic`` + ``king``), and a second half that
    is also an ending (:data:`ENDINGS`) makes none.  An inflected word is split
    as its lemma (``landmines``: ``land mine``).

    >>> spaced("understanding"), spaced("trafficking"), spaced("therefore")
    (None, None, None)
    """
    if not word.isascii() or not word.isalpha() or not word.islower():
        return None
    own = lemmas(word)
    word = own[0]  # the lemma: its phrase is analyzed into lemmas, so "land mine" finds land mines too
    if len(word) < SHORTEST:
        return None
    found = [(word[:k], word[k:]) for k in range(3, len(word) - HALF + 1)
             if (word[:k] in PREFIXES or _word(word[:k], _HEADS)) and word[:k] not in own
             and word[k:] not in ENDINGS and _word(word[k:], _TAILS)]
    return found[0] if len(found) == 1 else None
