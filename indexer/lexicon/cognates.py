"""Names and loanwords: a word that neither the corpus nor a dictionary translates, matched by its spelling.

``Монровия`` is ``Monrovia``, ``мониторинг`` is ``monitoring``: a Russian word is
written in Latin letters (:func:`transliterate`, rules as data), lemmatized as an
English word, and compared with the English words of the index; an English
word likewise with the transliterated Russian words.  Both sides are first
brought to one spelling (:func:`skeleton`: ``w`` and ``v``, ``y`` and ``i`` …
are one letter), then a word of five letters or more matches the most similar
word of the other language at :data:`MIN_SIMILARITY` or above (rapidfuzz's
normalized Indel similarity), a shorter one only a word spelt the same.

>>> transliterate("Монровия"), transliterate("мониторинг"), transliterate("Джон")
('monrovia', 'monitoring', 'jon')
>>> skeleton("kuwait"), skeleton(transliterate("Кувейт")), skeleton("physics")
('kuvait', 'kuveit', 'fisiks')
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.lexicon.model import COGNATE, CORPUS, MIN_EVIDENCE, OTHER, Lexicon
from indexer.lexicon.units import UnitReader

SCORE = 0.15  # a cognate's score at full similarity (below the dictionary's first senses)
MIN_SIMILARITY = 85.0  # of 100
MIN_FUZZY = 5  # letters a word needs to match a word spelt differently

# Russian letters in Latin, after the groups of letters that English writes otherwise.
GROUPS = (("дж", "j"), ("кс", "x"), ("ия", "ia"), ("ие", "ie"), ("ье", "ie"), ("ью", "iu"), ("ый", "y"), ("ий", "y"))
LETTERS = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                   ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
# One spelling for both languages' words, applied in order.
SKELETON = ((re.compile(r"ph"), "f"), (re.compile(r"th"), "t"), (re.compile(r"kh"), "h"), (re.compile(r"w"), "v"),
            (re.compile(r"[yj]"), "i"), (re.compile(r"c(?=[eiy])"), "s"), (re.compile(r"[cq]"), "k"),
            (re.compile(r"x"), "ks"), (re.compile(r"(.)\1"), r"\1"))


def transliterate(word: str) -> str:
    """Return a Russian word in Latin letters, as English texts tend to write it."""
    text = word.lower()
    for group, latin in GROUPS:
        text = text.replace(group, latin)
    return "".join(LETTERS.get(c, c) for c in text)


def skeleton(word: str) -> str:
    """Return a Latin word in the one spelling of :data:`SKELETON` (``physics``: ``fisiks``)."""
    for pattern, replacement in SKELETON:
        word = pattern.sub(replacement, word)
    return word


def _weak(row: tuple) -> bool:
    """Tell whether a stored candidate row is learned from fewer than ``MIN_EVIDENCE`` pairs, no dictionary sense."""
    return row[3] == CORPUS and row[2] < MIN_EVIDENCE and not (row[6] if len(row) > 6 else 0.0)


def seeded(lexicon: Lexicon, vocabulary: dict) -> Lexicon:
    """Return ``lexicon`` with cognates for the single words of ``vocabulary`` it has no translation of.

    A word whose only candidates are weak (seen in one or two aligned pairs) gets its cognate first, before
    them: a name spelt alike (``Аба``: ``Aba``) tells more than a word that shared a pair with it.

    ``vocabulary`` is, per language, the word terms of the index
    (:func:`indexer.storage.crosslang.vocabulary`).  A cognate scores :data:`SCORE`
    times its similarity.
    """
    from rapidfuzz import fuzz, process  # deferred: the matcher is loaded only when cognates are sought

    english = UnitReader("en")
    spelt = {"ru": {}, "en": {}}  # lang -> skeleton -> terms
    for term in vocabulary.get("en", ()):
        spelt["en"].setdefault(skeleton(term), []).append(term)
    for term in vocabulary.get("ru", ()):
        key = english.key(transliterate(term))
        if key and " " not in key:
            spelt["ru"].setdefault(skeleton(key), []).append(term)
    translations = {lang: dict(table) for lang, table in lexicon.translations.items()}
    units = {lang: dict(table) for lang, table in lexicon.units.items()}
    for lang in ("ru", "en"):
        other = OTHER[lang]
        by_first: dict[str, list[str]] = {}
        for key in spelt[other]:
            by_first.setdefault(key[:1], []).append(key)
        for key, terms in spelt[lang].items():
            for term in terms:
                known = translations[lang].get(term) or []
                if not all(_weak(row) for row in known):
                    continue
                if key in spelt[other]:
                    found, similarity = key, 100.0
                elif len(key) >= MIN_FUZZY:
                    best = process.extractOne(key, by_first.get(key[:1], ()), scorer=fuzz.ratio,
                                              score_cutoff=MIN_SIMILARITY)
                    if best is None:
                        continue
                    found, similarity = best[0], best[1]
                else:
                    continue
                score = round(SCORE * similarity / 100, 4)
                spelling = [(target, score, 0, COGNATE) for target in sorted(spelt[other][found])[:2]]
                targets = {row[0] for row in spelling}
                translations[lang][term] = spelling + [row for row in known if row[0] not in targets]
                for side, unit in ((lang, term), *((other, row[0]) for row in translations[lang][term])):
                    units[side].setdefault(unit, (0, unit))
    return replace(lexicon, translations=translations, units=units)
