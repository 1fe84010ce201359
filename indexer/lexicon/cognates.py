"""Names and loanwords: a word that neither the corpus nor a dictionary translates, matched by its spelling.

``Монровия`` is ``Monrovia``, ``мониторинг`` is ``monitoring``: a Russian word is
written in Latin letters (:func:`transliterate`, rules as data), lemmatized as an
English word, and compared with the English words of the index; an English
word likewise with the transliterated Russian words.  Both sides are first
brought to one spelling (:func:`skeleton`: ``w`` and ``v``, ``y`` and ``i`` …
are one letter), then a word of five letters or more matches the most similar
word of the other language at :data:`MIN_SIMILARITY` or above (rapidfuzz's
normalized Indel similarity), a shorter one only a word spelt the same.  A
Russian loanword is also written with the English ending and prefix of its kind
(:func:`spellings`, :data:`ENDINGS`, :data:`PREFIXES`: ``аккредитация`` as
``accreditation``, ``катарский`` as ``katar``, ``подпрограмма`` as ``subprogramma``),
and the best of its spellings counts.

>>> transliterate("Монровия"), transliterate("мониторинг"), transliterate("Джон")
('monrovia', 'monitoring', 'jon')
>>> spellings("аккредитация"), spellings("легитимность")
(('akkreditatsia', 'akkreditation'), ('legitimnost', 'legitimity', 'legitimcy', 'legitimness'))
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
MIN_FUZZY_LOAN = 8  # and a loanword's English spelling (:func:`spellings`)
MIN_SIMILARITY_LOAN = 90.0  # at this similarity or above

# Russian letters in Latin, after the groups of letters that English writes otherwise.
GROUPS = (("дж", "j"), ("кс", "x"), ("ия", "ia"), ("ие", "ie"), ("ье", "ie"), ("ью", "iu"), ("ый", "y"), ("ий", "y"))
LETTERS = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                   ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
# The endings of Russian loanwords' lemmas and the English endings of their kind, longest first (one applies).
ENDINGS = (
    ("изировать", ("ize",)), ("ирование", ("ing", "ation")), ("ировать", ("ate", "ize", "")),
    ("ический", ("ic", "ical")), ("изация", ("ization",)), ("йский", ("", "an")), ("ация", ("ation",)),
    ("яция", ("ation",)), ("иция", ("ition",)), ("уция", ("ution",)), ("кция", ("ction",)), ("ссия", ("ssion",)),
    ("ность", ("ity", "cy", "ness")), ("ский", ("", "an")), ("ный", ("al", "")), ("изм", ("ism",)), ("ия", ("y",)),
)
PREFIXES = (("меж", "inter"), ("под", "sub"))  # Russian prefixes of loanwords and their English ones
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


def spellings(word: str) -> tuple[str, ...]:
    """Return a Russian lemma in Latin letters (:func:`transliterate`), then as an English loanword of its kind would
    be written: its ending (:data:`ENDINGS`, the first that fits) and prefix (:data:`PREFIXES`) in English."""
    word = word.lower()
    heads = [(word, "")] + [(word[len(ru):], en) for ru, en in PREFIXES if word.startswith(ru) and len(word) > len(ru) + 3]
    out = [transliterate(word)]
    for stem, prefix in heads:
        ending = next(((ru, ens) for ru, ens in ENDINGS if stem.endswith(ru) and len(stem) > len(ru) + 2), None)
        if ending:
            out += [prefix + transliterate(stem[:-len(ending[0])]) + en for en in ending[1]]
        elif prefix:
            out.append(prefix + transliterate(stem))
    return tuple(dict.fromkeys(out))


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
    forms = {"ru": {}, "en": {}}  # lang -> term -> its skeletons, each with whether it is a loanword's spelling
    for term in vocabulary.get("en", ()):
        spelt["en"].setdefault(skeleton(term), []).append(term)
        forms["en"][term] = ((skeleton(term), False),)
    for term in vocabulary.get("ru", ()):
        found: dict[str, bool] = {}
        for at, latin in enumerate(spellings(term)):
            key = english.key(latin)
            if key and " " not in key:
                found.setdefault(skeleton(key), at > 0)
        forms["ru"][term] = tuple(found.items())
        for key in found:
            spelt["ru"].setdefault(key, []).append(term)
    loans = {key for table in forms.values() for keys in table.values() for key, loan in keys if loan}
    translations = {lang: dict(table) for lang, table in lexicon.translations.items()}
    units = {lang: dict(table) for lang, table in lexicon.units.items()}
    for lang in ("ru", "en"):
        other = OTHER[lang]
        by_first: dict[str, list[str]] = {}
        for key in spelt[other]:
            by_first.setdefault(key[:1], []).append(key)
        for term in sorted(forms[lang]):
            known = translations[lang].get(term) or []
            if not all(_weak(row) for row in known):
                continue
            best = max((_alike(key, loan, spelt[other], by_first, loans, process, fuzz)
                        for key, loan in forms[lang][term]), key=lambda found: found[1], default=(None, 0.0))
            if best[0] is None:
                continue
            found, similarity = best
            score = round(SCORE * similarity / 100, 4)
            spelling = [(target, score, 0, COGNATE) for target in sorted(spelt[other][found])[:2]]
            targets = {row[0] for row in spelling}
            translations[lang][term] = spelling + [row for row in known if row[0] not in targets]
            for side, unit in ((lang, term), *((other, row[0]) for row in translations[lang][term])):
                units[side].setdefault(unit, (0, unit))
    return replace(lexicon, translations=translations, units=units)


def _alike(key: str, loan: bool, spelt: dict, by_first: dict, loans: set, process, fuzz) -> tuple[str | None, float]:
    """Return the skeleton of the other language most like ``key`` and the similarity, ``(None, 0)`` if none: one
    spelt the same, or for a word of :data:`MIN_FUZZY` letters or more one at :data:`MIN_SIMILARITY` or above (of
    a loanword's spelling, ``loan``, or one of ``loans`` on the other side: :data:`MIN_FUZZY_LOAN`,
    :data:`MIN_SIMILARITY_LOAN`)."""
    if key in spelt:
        return key, 100.0
    if len(key) < (MIN_FUZZY_LOAN if loan else MIN_FUZZY):
        return None, 0.0
    pool = by_first.get(key[:1], ())
    cutoff = MIN_SIMILARITY_LOAN if loan else MIN_SIMILARITY
    best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is not None and best[0] in loans and best[1] < MIN_SIMILARITY_LOAN:  # seldom: look among the others
        best = process.extractOne(key, [k for k in pool if k not in loans], scorer=fuzz.ratio, score_cutoff=cutoff)
    return (best[0], best[1]) if best is not None else (None, 0.0)
