"""The bilingual lexicon: for an English or Russian unit, its candidate translations with scores and counts.

A lexicon is learned from the aligned paragraphs of an index (:mod:`indexer.lexicon.learn`)
and seeded with glossary pairs (:mod:`indexer.lexicon.glossary`); it is stored inside
the index generation it was learned from (:mod:`indexer.lexicon.store`), so it
goes live with that generation.  Units are keyed as :mod:`indexer.lexicon.units` makes them
(``smuggle migrant``, ``незаконный ввоз мигрант``); each has a display form, the
way it is most often written in the corpus (``smuggling of migrants``), and
the number of aligned pairs it occurs in.

>>> lex = Lexicon(pairs=10, units={"ru": {"мигрант": (8, "мигрант")}, "en": {"migrant": (9, "migrants")}},
...               translations={"ru": {"мигрант": [("migrant", 0.82, 7, "corpus")]}, "en": {}})
>>> [(c.display, c.score, c.count) for c in lex.candidates("ru", "мигрант")]
[('migrants', 0.82, 7)]
>>> lex.candidates("en", "migrant")
()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

SEPARATOR = " "  # between the words of a unit's key
OTHER = {"en": "ru", "ru": "en"}


@dataclass(frozen=True)
class Bead:
    """One aligned pair: the English paragraphs and the Russian paragraphs linked to each other."""

    en: tuple[str, ...]
    ru: tuple[str, ...]


def length(key: str) -> int:
    """Return how many words a unit has."""
    return key.count(SEPARATOR) + 1


CORPUS = "corpus"  # a candidate learned from the aligned paragraphs
GLOSSARY = "glossary"  # a candidate from a glossary file
DICTIONARY = "dictionary"  # a candidate from the general dictionary (:mod:`indexer.lexicon.dictionary`)
COGNATE = "cognate"  # a name or loanword matched by its spelling (:mod:`indexer.lexicon.cognates`)
PRIORITY = {GLOSSARY: 0, CORPUS: 1, DICTIONARY: 2, COGNATE: 3}  # which source's candidates go first
SOURCE_NAMES = {GLOSSARY: "glossary", CORPUS: "corpus", DICTIONARY: "dictionary", COGNATE: "spelling"}
MIN_EVIDENCE = 3  # aligned pairs a learned candidate must be seen in not to be weak


@dataclass(frozen=True)
class Candidate:
    """One candidate translation of a unit: the unit in the other language, how good, how often, from where."""

    lang: str
    key: str
    display: str
    score: float
    count: int  # aligned pairs in which both units occur
    source: str = CORPUS
    forward: float | None = None  # learned: the share of the unit's pairs in which it is linked with this one
    backward: float | None = None  # and the share of this one's pairs in which it is linked with the unit
    prior: float = 0.0  # the general dictionary's weight of the pair (0: not in the dictionary)

    @property
    def weak(self) -> bool:
        """Tell whether a learned candidate rests on too few aligned pairs (and no dictionary sense) to be trusted."""
        return self.source == CORPUS and self.count < MIN_EVIDENCE and not self.prior

    @property
    def evidence(self) -> str:
        """Say where the candidate comes from: ``corpus``, ``corpus + dictionary``, ``glossary``, ``spelling``."""
        name = SOURCE_NAMES.get(self.source, self.source)
        return f"{name} + dictionary" if self.prior and self.source != DICTIONARY else name

    def as_dict(self) -> dict:
        """Return the candidate as plain JSON-ready data."""
        return {"lang": self.lang, "key": self.key, "text": self.display, "score": self.score,
                "count": self.count, "source": self.source, "forward": self.forward, "backward": self.backward,
                "prior": self.prior, "weak": self.weak, "evidence": self.evidence}


def candidate(lang: str, row: tuple, display: str) -> Candidate:
    """Return the candidate of a stored row ``(target, score, count, source[, forward, backward, prior])``."""
    return Candidate(lang, row[0], display, *row[1:])


class Reading:
    """What reading a lexicon offers, in memory or stored: candidates, display forms, counts."""

    def candidates(self, lang: str, key: str) -> tuple[Candidate, ...]:  # pragma: no cover - interface
        raise NotImplementedError

    def lookup(self, lang: str, keys) -> list[tuple[str, Candidate]]:
        """Return the candidates of several alternative units (the lemmas of one word) as ``(unit, candidate)``.

        Glossary candidates come first, then the learned ones, then the
        dictionary's, each by their rank in their own unit's list (then score);
        a target listed for several units is kept once.
        """
        merged: dict[str, tuple] = {}
        for key in keys:
            for rank, c in enumerate(self.candidates(lang, key)):
                order = (PRIORITY.get(c.source, 1), rank, -c.score, c.key)
                if c.key not in merged or order < merged[c.key][0]:
                    merged[c.key] = (order, key, c)
        return [(key, c) for _, key, c in sorted(merged.values(), key=lambda item: item[0])]


@dataclass(frozen=True)
class Lexicon(Reading):
    """Candidate translations per unit and language, with the units' display forms and counts."""

    pairs: int = 0  # aligned paragraph pairs learned from
    units: dict = field(default_factory=lambda: {"en": {}, "ru": {}})  # lang -> key -> (count, display)
    translations: dict = field(default_factory=lambda: {"en": {}, "ru": {}})  # lang -> key -> rows (:func:`candidate`)
    glossaries: tuple = ()  # descriptions of the glossary files used
    dictionary: dict | None = None  # description of the general dictionary used, if any
    seconds: float = 0.0  # time taken to learn

    def candidates(self, lang: str, key: str) -> tuple[Candidate, ...]:
        """Return the candidate translations of unit ``key`` of ``lang``, best first."""
        rows = self.translations.get(lang, {}).get(key)
        if not rows:
            return ()
        other = OTHER[lang]
        return tuple(candidate(other, row, self.display(other, row[0])) for row in rows)

    def display(self, lang: str, key: str) -> str:
        """Return how unit ``key`` is usually written (the key itself if unknown)."""
        found = self.units.get(lang, {}).get(key)
        return found[1] if found else key

    def count(self, lang: str, key: str) -> int:
        """Return the number of aligned pairs in which unit ``key`` occurs."""
        found = self.units.get(lang, {}).get(key)
        return found[0] if found else 0

    def has(self, lang: str, key: str) -> bool:
        """Tell whether unit ``key`` of ``lang`` has candidate translations."""
        return bool(self.translations.get(lang, {}).get(key))

    @cached_property
    def max_length(self) -> int:
        """The most words a translated unit has (how far a query is read ahead for multi-word terms)."""
        return max((length(k) for table in self.translations.values() for k in table), default=1)

    def __len__(self) -> int:
        return sum(len(table) for table in self.translations.values())
