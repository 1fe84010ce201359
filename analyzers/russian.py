"""The Russian analyzer: pymorphy3 lemmas of Cyrillic words, with ё/е folding.

A Russian word form can belong to several lemmas (``вен`` is the genitive plural
of ``вена`` and of ``вено``; ``стали`` is a form of ``стать`` and of ``сталь``).
:func:`lemmas` returns the lemmas of every *plausible* dictionary parse: those
whose pymorphy3 score is at least :data:`PLAUSIBLE_RATIO` of the best parse's.
They are indexed at the same position, and at query time they are alternatives,
so ``Вена`` finds ``в Вене`` and ``вен`` finds both.  Participles
(``организованной``) give both the verb (``организовать``) and the participle's
own adjective-like lemma (``организованный``), because UN text uses them as
adjectives (``организованная преступность``).

The :class:`pymorphy3.MorphAnalyzer` is large and slow to build, so it is made
once per process on first use and never stored in the filter: Whoosh pickles
analyzers into the index schema.
"""

from __future__ import annotations

import threading

from whoosh.analysis import Filter, LowercaseFilter

from analyzers import stopwords
from analyzers.memo import MemoFilters
from analyzers.filters import (CompoundFilter, DiacriticFilter, HomoglyphFilter, NumberFilter, QueryStopFilter,
                               SymbolPartsFilter, YoFilter, fold_yo, is_cyrillic, is_plain_word)
from analyzers.tokenizers import un_tokenizer

PLAUSIBLE_RATIO = 0.1
_PARTICIPLES = {"PRTF", "PRTS"}

_morph = None
_morph_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[str, ...]] = {}
_participles: dict[tuple, str | None] = {}
_CACHE_LIMIT = 500_000


def morph_analyzer():
    """Return the process-wide pymorphy3 analyzer, building it on first use."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                try:
                    import pymorphy3  # its dictionaries take a while to load: only on first use
                except ImportError as exc:  # pragma: no cover - depends on the install
                    raise RuntimeError(
                        "Russian analysis needs pymorphy3 and its dictionaries: "
                        "pip install 'pymorphy3[fast]>=2.0.6' pymorphy3-dicts-ru"
                    ) from exc
                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


def _compute_lemmas(word: str, policy: str) -> tuple[str, ...]:
    parses = morph_analyzer().parse(word)
    if not parses:
        return (fold_yo(word),)
    if policy == "top":
        chosen = parses[:1]
    else:
        known = [p for p in parses if p.is_known]
        if not known:
            chosen = parses[:1]
        elif policy == "all":
            chosen = known
        else:
            best = known[0].score
            chosen = [p for p in known if p.score >= best * PLAUSIBLE_RATIO]
    out = []
    for p in chosen:
        candidates = [p.normal_form]
        if policy != "top" and p.tag.POS in _PARTICIPLES:
            adjective = _participle_lemma(p)
            if adjective is not None:
                candidates.append(adjective)
        for lemma in candidates:
            lemma = fold_yo(lemma)
            if lemma not in out:
                out.append(lemma)
    return tuple(out)


def _participle_lemma(parse) -> str | None:
    """Return a participle's own lemma, as an adjective's (``организованной`` → ``организованный``).

    All forms of one participle share it, so it is computed once per participle
    (:func:`_participle_key`): building the lexeme to inflect is the slowest step of all.
    """
    key = _participle_key(parse)
    if key not in _participles:
        adjective = parse.inflect({"PRTF", "sing", "masc", "nomn"})
        _participles[key] = adjective.word if adjective is not None else None
    return _participles[key]


_INFLECTED = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2",
                        "sing", "plur", "masc", "femn", "neut", "ms-f", "anim", "inan"})


def _participle_key(parse) -> tuple:
    """Return what decides a participle's own lemma: its paradigm and lemma and the grammemes that its case,
    number and gender leave (aspect, tense, voice, a variant's mark such as ``Infr``), so that one spelling's
    lemma never stands for another's (``происшедших`` → ``происшедший``, ``произошедших`` → ``произошедший``,
    whichever comes first); a word not from the dictionary keys on itself.

    >>> from analyzers.russian import morph_analyzer
    >>> a, b = (morph_analyzer().parse(w)[0] for w in ("происшедших", "произошедших"))
    >>> _participle_key(a) == _participle_key(b)
    False
    """
    source = parse.methods_stack[0] if parse.methods_stack else ()
    paradigm = source[2] if len(source) > 2 and isinstance(source[2], int) else parse.word
    return paradigm, parse.normal_form, frozenset(parse.tag.grammemes - _INFLECTED)


def lemmas(word: str, policy: str = "plausible") -> tuple[str, ...]:
    """Return the lemmas of a lower-case Russian word, most likely first, ё folded to е.

    ``policy`` is ``"plausible"`` (the default, see the module docstring),
    ``"top"`` (only pymorphy3's best parse) or ``"all"`` (every dictionary parse).

    >>> lemmas("мигрантов")
    ('мигрант',)
    >>> lemmas("вен")
    ('вено', 'вена')
    """
    key = (word, policy)
    found = _cache.get(key)
    if found is None:
        found = _compute_lemmas(word, policy)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = found
    return found


def known() -> dict[tuple[str, str], tuple[str, ...]]:
    """Return every lemma this process has computed or been given, keyed by ``(word, policy)``."""
    return dict(_cache)


def preload(entries: dict[tuple[str, str], tuple[str, ...]]) -> int:
    """Add lemmas computed elsewhere to the cache, so these words need no pymorphy3; return how many were new."""
    added = 0
    for key, found in entries.items():
        if len(_cache) >= _CACHE_LIMIT:
            break
        if key not in _cache:
            _cache[key] = found
            added += 1
    return added


class RussianLemmaFilter(Filter):
    """Replace each Cyrillic word by its lemmas (see :func:`lemmas`), all at the word's position.

    Holds only its policy; the morphological analyzer and the lemma cache live
    at module level, so the filter pickles small and unpickles into a working one.
    """

    def __init__(self, policy: str = "plausible"):
        if policy not in ("plausible", "top", "all"):
            raise ValueError(f"unknown lemma policy {policy!r}: use plausible, top or all")
        self.policy = policy

    def __eq__(self, other):
        return type(other) is type(self) and other.policy == self.policy

    def __getstate__(self):
        return {"policy": self.policy}

    def __setstate__(self, state):
        self.policy = state.get("policy", "plausible")

    def __call__(self, tokens):
        policy = self.policy
        for t in tokens:
            text = t.text
            if not is_cyrillic(text) or not is_plain_word(text):
                yield t
                continue
            for lemma in lemmas(text, policy):
                t.text = lemma
                yield t


def russian_analyzer(policy: str = "plausible"):
    """Return the analyzer of Russian text: tokenize, lowercase, fold ё and look-alikes, lemmatize; every word keeps its position."""
    return un_tokenizer() | MemoFilters(
        HomoglyphFilter(),
        LowercaseFilter(),
        DiacriticFilter(),
        YoFilter(),
        NumberFilter(),
        QueryStopFilter(stopwords.ALL),
        CompoundFilter(stopwords.ALL),
        SymbolPartsFilter(),
        RussianLemmaFilter(policy),
    )
