"""English lemmatizers compared on the table of word pairs the analysis is held to, and on the corpus's words.

For each way of reducing an English word (LemmInflect as the analyzer uses
it, LemmInflect without its rules for unknown words, with the Porter2 stemmer
for them instead, Simplemma, and the Porter2 stemmer alone, as the index had
it before), prints how many pairs of ``tests/english_pairs.py`` come out
right (must match / must not), the share of the corpus's distinct words on
which it agrees with LemmInflect, and the microseconds per distinct word.

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


def _lemminflect_only(word: str) -> set[str]:
    import lemminflect  # bench only: the analyzer's own import is lazy

    found = lemminflect.getAllLemmas(word)
    return {lemma.lower() for forms in found.values() for lemma in forms} or {word}


def _with_porter(word: str, _stem=EnglishStemmer().stem) -> set[str]:
    import lemminflect  # bench only

    return _lemminflect_only(word) if lemminflect.getAllLemmas(word) else {_stem(word)}


def _simplemma(word: str) -> set[str]:
    import simplemma  # bench only: `pip install simplemma` (the bench extra)

    return {simplemma.lemmatize(word, lang="en").lower()}


WAYS = {
    "lemminflect (the analyzer)": lambda w: set(english._compute(w)),  # uncached
    "lemminflect, no rules for unknown words": _lemminflect_only,
    "lemminflect, Porter2 for unknown words": _with_porter,
    "simplemma": _simplemma,
    "Porter2 stemmer (before)": lambda w, _stem=EnglishStemmer().stem: {_stem(w)},
}


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
    print(f"{'way':<42} {'match ok':>8} {'differ ok':>9} {'agrees':>7} {'µs/word':>8}")
    for name, way in WAYS.items():
        way("warm")  # load its data before timing
        ok_match = sum(1 for a, b in MATCH if way(a.lower()) & way(b.lower()))
        ok_differ = sum(1 for a, b in DIFFER if not way(a.lower()) & way(b.lower()))
        started = time.perf_counter()
        found = {w: way(w) for w in words}
        micro = (time.perf_counter() - started) / max(len(words), 1) * 1e6
        agrees = sum(1 for w in words if found[w] & reference[w]) / max(len(words), 1)
        print(f"{name:<42} {ok_match:>4}/{len(MATCH):<3} {ok_differ:>5}/{len(DIFFER):<3} {agrees:>7.1%} {micro:>8.1f}")


if __name__ == "__main__":
    main()
