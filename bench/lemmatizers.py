"""English lemmatizers compared on the table of word pairs the analysis is held to, and on the corpus's words.

For each way of reducing an English word (LemmInflect as the analyzer uses
it, with its noun rules for words its dictionary lacks; the same leaving
those words as written, or giving them to the Porter2 stemmer; Simplemma; and
the Porter2 stemmer alone, as the index had it before), prints how many pairs
of ``tests/english_pairs.py`` come out right (must match / must not) and
which not, the share of the corpus's distinct words on which it agrees with
the analyzer, and the microseconds per distinct word (uncached).

    python bench/lemmatizers.py [--words 20000]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh.lang.snowball.english import EnglishStemmer  # noqa: E402

from analyzers import english  # noqa: E402
from analyzers.english import lemmas  # noqa: E402
from tests.english_pairs import DIFFER, MATCH  # noqa: E402

POOL = ROOT.parent / "shared" / "corpus-pool"


def _known_or(fallback):
    """Return the analyzer's lemmas for a word LemmInflect knows, and ``fallback(word)`` for one it does not."""
    import lemminflect  # bench only: the analyzer's own import is lazy

    def way(word: str) -> set[str]:
        return set(english._compute(word)) if lemminflect.getAllLemmas(word) else fallback(word)

    return way


def _simplemma(word: str) -> set[str]:
    import simplemma  # bench only: `pip install simplemma` (the bench extra)

    return {simplemma.lemmatize(word, lang="en").lower()}


_porter = EnglishStemmer().stem
WAYS = {
    "lemminflect + its noun rules (the analyzer)": lambda w: set(english._compute(w)),  # uncached
    "lemminflect, unknown words as written": _known_or(lambda w: {w}),
    "lemminflect, Porter2 for unknown words": _known_or(lambda w: {_porter(w)}),
    "simplemma": _simplemma,
    "Porter2 stemmer (before)": lambda w: {_porter(w)},
}


def missed(way) -> tuple[list, list]:
    """Return the pairs ``way`` gets wrong: those that must match and do not, those that must not and do."""
    return ([(a, b) for a, b in MATCH if not way(a.lower()) & way(b.lower())],
            [(a, b) for a, b in DIFFER if way(a.lower()) & way(b.lower())])


def corpus_words(most: int) -> list[str]:
    """Return up to ``most`` distinct lower-case English words of the seeds and the corpus pool's English files."""
    words: dict[str, None] = {}
    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted(POOL.rglob("*en*")) if POOL.is_dir() else []
    for path in files:
        if path.is_file():
            for w in re.findall(r"[a-z]+", path.read_text(encoding="utf-8", errors="replace").lower()):
                words.setdefault(w)
    return list(words)[:most]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20000, help="distinct corpus words to compare on")
    args = parser.parse_args()
    words = corpus_words(args.words)
    reference = {w: set(lemmas(w)) for w in words}
    print(f"{len(MATCH)} pairs that must match, {len(DIFFER)} that must not; {len(words):,} distinct corpus words")
    print(f"{'way':<44} {'match ok':>8} {'differ ok':>9} {'agrees':>7} {'µs/word':>8}")
    for name, way in WAYS.items():
        way("warm")  # load its data before timing
        unmatched, conflated = missed(way)
        ok_match, ok_differ = len(MATCH) - len(unmatched), len(DIFFER) - len(conflated)
        started = time.perf_counter()
        found = {w: way(w) for w in words}
        micro = (time.perf_counter() - started) / max(len(words), 1) * 1e6
        agrees = sum(1 for w in words if found[w] & reference[w]) / max(len(words), 1)
        print(f"{name:<44} {ok_match:>4}/{len(MATCH):<3} {ok_differ:>5}/{len(DIFFER):<3} {agrees:>7.1%} {micro:>8.1f}")
        if unmatched or conflated:
            print(f"    not matched: {unmatched}\n    conflated: {conflated}")


if __name__ == "__main__":
    main()
