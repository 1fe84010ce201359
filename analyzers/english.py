"""The English analyzer: lemmas of Latin-script words, so inflections match and derivations do not.

``organs`` → ``organ``, ``children`` → ``child``, ``was`` → ``be``, while
``organ``, ``organization`` and ``organized`` stay three words (a stemmer made
them one).  The lemmas come from LemmInflect's dictionary (shipped in its
package); a word form with several (``meeting``: the noun ``meeting`` and the
verb ``meet``) is indexed with each, at its position, and at query time they
are alternatives, like a Russian word's lemmas.  Comparatives and superlatives
are lemmatized only when regular (``larger`` → ``large``; ``best`` stays
``best``: ``best practices`` are not ``good practices``).  A word the
dictionary does not know and that ends as a plural does (``cybercrimes``)
goes through LemmInflect's rules for nouns; any other (``Monrovia``, a name)
is its own lemma.

The dictionary is loaded once per process on first use and never stored in
the filter: Whoosh pickles analyzers into the index.
"""

from __future__ import annotations

import re
import threading

from whoosh.analysis import Filter, LowercaseFilter

from analyzers import stopwords
from analyzers.filters import (CompoundFilter, DiacriticFilter, HomoglyphFilter, NumberFilter, PossessiveFilter,
                               QueryStopFilter, SymbolPartsFilter, YoFilter, is_plain_word, token_script)
from analyzers.memo import MemoFilters
from analyzers.scripts import LATIN
from analyzers.tokenizers import un_tokenizer

# Parts of speech in the order their lemmas come (the first is a word's unit in the lexicon); adjectives'
# and adverbs' only when regular (larger → large, not better → good).
_POS_ORDER = ("NOUN", "VERB", "AUX", "PROPN", "ADJ", "ADV")
_POS_REGULAR = ("ADJ", "ADV")
_CACHE_LIMIT = 500_000
# The end of an unknown word that may be an English plural (not ``census``, ``ecowas``, ``analysis``).
_PLURAL = re.compile(r"[^sui]s$")

_lemmatizer = None
_lemmatizer_lock = threading.Lock()
_cache: dict[str, tuple[str, ...]] = {}


def lemmatizer():
    """Return the LemmInflect module, importing it (and so loading its dictionary) on first use."""
    global _lemmatizer
    if _lemmatizer is None:
        with _lemmatizer_lock:
            if _lemmatizer is None:
                try:
                    import lemminflect  # its dictionary takes a while to load: only on first use
                except ImportError as exc:  # pragma: no cover - depends on the install
                    raise RuntimeError("English analysis needs LemmInflect: pip install 'lemminflect>=0.2.3'") from exc
                _lemmatizer = lemminflect
    return _lemmatizer


def _regular(word: str, lemma: str) -> bool:
    """Tell whether ``lemma`` is a regular comparison of ``word`` (``larger``/``large``, ``bigger``/``big``)."""
    return word.startswith(lemma[:-1]) if len(lemma) > 2 else word == lemma


def _compute(word: str) -> tuple[str, ...]:
    """Return the lemmas of ``word`` (see :func:`lemmas`), uncached."""
    lem = lemmatizer()
    found = lem.getAllLemmas(word)
    out: list[str] = []
    for pos in _POS_ORDER:
        for lemma in found.get(pos, ()):
            lemma = lemma.lower()
            if lemma and lemma not in out and (pos not in _POS_REGULAR or _regular(word, lemma)):
                out.append(lemma)
    if not out and not found and _PLURAL.search(word):  # an unknown plural: its rules for nouns (names stay)
        out = [lemma.lower() for lemma in lem.getAllLemmasOOV(word, "NOUN").get("NOUN", ())[:1] if lemma]
    return tuple(out) or (word,)


def lemmas(word: str) -> tuple[str, ...]:
    """Return the lemmas of a lower-case English word: nouns', verbs', then adjectives' (see :data:`_POS_ORDER`).

    >>> lemmas("organs"), lemmas("children"), lemmas("was"), lemmas("organized")
    (('organ',), ('child',), ('be',), ('organize',))
    >>> lemmas("meeting"), lemmas("united"), lemmas("best"), lemmas("cybercrimes"), lemmas("monrovia")
    (('meeting', 'meet'), ('unite', 'united'), ('best',), ('cybercrime',), ('monrovia',))
    """
    found = _cache.get(word)
    if found is None:
        found = _compute(word)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[word] = found
    return found


def lemma_forms(text: str) -> tuple[str, ...]:
    """Return the lemmas of a Latin-script word; a hyphenated compound keeps its first parts (``money-laundering``)."""
    head, hyphen, last = text.rpartition("-")
    if not hyphen:
        return lemmas(text)
    if not last:
        return (text,)
    return tuple(head + hyphen + lemma for lemma in lemmas(last))


class EnglishLemmaFilter(Filter):
    """Replace each Latin-script word by its lemmas (see :func:`lemmas`), all at the word's position.

    Numbers, symbols and other scripts are left alone.  The filter holds no
    state: the dictionary and the cache live at module level.
    """

    def __eq__(self, other):
        return type(other) is type(self)

    def __getstate__(self):
        return {}

    def __setstate__(self, state):
        pass

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if token_script(text) != LATIN or not is_plain_word(text):
                yield t
                continue
            for lemma in lemma_forms(text):
                t.text = lemma
                yield t


def english_analyzer():
    """Return the analyzer of English text: tokenize, lowercase, fold, lemmatize; every word keeps its position."""
    return un_tokenizer() | MemoFilters(
        HomoglyphFilter(),
        LowercaseFilter(),
        DiacriticFilter(),
        YoFilter(),
        PossessiveFilter(),
        NumberFilter(),
        QueryStopFilter(stopwords.ALL),
        CompoundFilter(stopwords.ALL),
        SymbolPartsFilter(),
        EnglishLemmaFilter(),
    )
