"""The language of one paragraph: its document's, unless the paragraph clearly says otherwise.

A paragraph keeps its document's language unless

- it has :data:`OTHER_SCRIPT_WORDS` words or more in the other script, and most of its words
  are (a Russian paragraph quoted in an English report: ``ru``; an English one in a Russian
  report: ``en``), or
- it is long enough (:data:`MIN_WORDS` words), is not a row of names or titles (most of its words
  capitalized), and langdetect is sure (:data:`CLEAR` or more) that it is another language of
  its script: a French or Spanish paragraph in an English report.

So a row of proper names (``Eugenio María Curia (Argentina) Carmen Buján Freire (Spain)``) is
never taken for Spanish or Portuguese, and ``lang:en Curia`` finds it.

>>> paragraph_language("Eugenio María Curia (Argentina) Carmen Buján Freire (Spain)", "en")
'en'
>>> paragraph_language("Конференция участников Конвенции Организации Объединенных Наций", "en")
'ru'
>>> paragraph_language("Vienna, 6-10 October 2014", "ru")
'ru'
"""

from __future__ import annotations

import re
from operator import itemgetter

from analyzers.language import langdetect_probabilities, looks_english

OTHER_SCRIPT_WORDS = 3  # words in the other script a paragraph needs to change language
MIN_WORDS = 8  # words a paragraph needs before langdetect is asked about it
CLEAR = 0.95  # langdetect's probability that counts as a clear decision
NAMES_SHARE = 0.6  # a paragraph with at least this share of capitalized words is a row of names or titles
CYRILLIC_LANGS = frozenset({"ru"})

_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def paragraph_language(text: str, doc_lang: str) -> str:
    """Return the language of a paragraph of a document in ``doc_lang`` (see the module's rules)."""
    words = _WORD.findall(text)
    if not words:
        return doc_lang
    if doc_lang in CYRILLIC_LANGS:  # only its Latin words can change its language
        latin = _latin_words(words) if _LATIN.search(text) else 0
        if latin >= OTHER_SCRIPT_WORDS and latin * 2 > len(words):
            return _latin_language(text, words, "en")
        return doc_lang
    cyrillic = sum(1 for w in words if _CYRILLIC.search(w)) if _CYRILLIC.search(text) else 0
    if cyrillic >= OTHER_SCRIPT_WORDS and cyrillic * 2 > len(words):
        return "ru"
    if _latin_words(words) * 2 <= len(words):
        return doc_lang
    return _latin_language(text, words, doc_lang)


def _latin_words(words: list[str]) -> int:
    """Return how many of ``words`` have a Latin letter: every word of ASCII letters, and the others that do."""
    plain = sum(map(str.isascii, words))
    if plain == len(words):
        return plain
    return plain + sum(1 for w in words if not w.isascii() and _LATIN.search(w))


def _latin_language(text: str, words: list[str], base: str) -> str:
    """Return the language of a Latin-script paragraph: ``base`` unless langdetect is sure of another."""
    if len(words) < MIN_WORDS or is_names_row(words) or (base == "en" and looks_english(text, words)):
        return base
    guesses = langdetect_probabilities(text)
    if guesses and guesses[0][1] >= CLEAR and guesses[0][0] not in CYRILLIC_LANGS:
        return guesses[0][0]
    return base


def is_names_row(words: list[str]) -> bool:
    """Tell whether most words are capitalized, as in a row of names, countries or titles."""
    return sum(map(str.isupper, map(itemgetter(0), words))) >= NAMES_SHARE * len(words)
