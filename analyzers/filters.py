"""Language-independent token filters: script folding, ё/е folding, compounds, possessives.

Each filter is a small streaming callable in the Whoosh style: it takes a token
stream and yields tokens, reusing Whoosh's single Token object, so no filter
keeps a token across iterations.  Look-alike folding runs before lowercasing (``СТОС`` must fold while upper-case).
"""

from __future__ import annotations

from whoosh.analysis import Filter

from analyzers.scripts import CYRILLIC, char_script, fold_homoglyphs
from analyzers.tokenizers import APOSTROPHES, HYPHENS


def fold_yo(text: str) -> str:
    """Fold ё to е, as Russian is usually written."""
    return text.replace("ё", "е").replace("Ё", "Е")


def token_script(text: str) -> str | None:
    """Return the script of a token's first letter (tokens are folded to one script first)."""
    for ch in text:
        script = char_script(ch)
        if script:
            return script
    return None


def is_cyrillic(text: str) -> bool:
    """Tell whether a token is a Cyrillic word."""
    return token_script(text) == CYRILLIC


def is_plain_word(text: str) -> bool:
    """Tell whether a token is a word of letters only (not a number, symbol, code or wildcard)."""
    return not any(ch.isdigit() or ch in "/*?" for ch in text)


class HomoglyphFilter(Filter):
    """Fold look-alike letters of mixed-script tokens into one script (``СТОС/COP`` → ``CTOC/COP``)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold_homoglyphs(t.text)
            yield t


class YoFilter(Filter):
    """Fold ё to е so that ``ещё`` and ``еще`` are one term."""

    def __call__(self, tokens):
        for t in tokens:
            if "ё" in t.text:
                t.text = fold_yo(t.text)
            yield t


class PossessiveFilter(Filter):
    """Drop the English possessive ending: ``office's`` → ``office``."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if len(text) > 2 and text[-2] in APOSTROPHES and text[-1] == "s":
                t.text = text[:-2]
            yield t


class CompoundFilter(Filter):
    """At index time, also index the parts of a hyphenated word, at the word's position.

    ``интернет-сайт`` is indexed as itself and as ``интернет`` and ``сайт``, so a
    search for either part finds it; at query time the word stays whole, so a
    search for the compound finds only the compound.  Number ranges (``15-19``)
    are split too, so ``15`` finds them.  Parts that are stop words are dropped.
    """

    def __init__(self, stoplist=frozenset()):
        self.stoplist = frozenset(stoplist)

    def __call__(self, tokens):
        stoplist = self.stoplist
        for t in tokens:
            text = t.text
            if t.mode == "query" or not any(h in text for h in HYPHENS) or "/" in text:
                yield t
                continue
            yield t
            for h in HYPHENS[1:]:
                text = text.replace(h, "-")
            for part in text.split("-"):
                if part and part not in stoplist:
                    t.text = part
                    yield t
