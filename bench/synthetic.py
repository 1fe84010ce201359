"""A scaled EN/RU corpus for benchmarks: paragraphs of UN length made of real UN sentences, combined at random.

The sentences come as aligned (English, Russian) pairs from the Charter (line
by line), the UDHR (by article and paragraph) and the UNPC *dev* set (by line;
the test set is kept for evaluation).  Each synthetic paragraph joins one to
four of them, drawn at random with lengths that make paragraphs of UN length
(about 280 characters on average, from a few dozen to well over a thousand),
so that paragraphs rarely repeat; its Russian version joins the same
sentences' Russian sides.  Each synthetic document is a UN-style text file
(cover lines, numbered paragraphs, blank lines between them) named in the UN
Digital Library convention (``A_77_1234-EN.txt``), which the indexer reads
like any other:

- most documents come as an English and a Russian version with one symbol,
  made of the same paragraphs in the same order, so that they are linked by
  symbol and aligned like real language versions;
- a share exist in one language only (as three of the four seeds do), and a
  share of pairs carry no symbol (linked by content).

Perturbation is seeded: the digits of a document are permuted the same way in
both versions (numbers still agree across languages but differ across
documents), and now and then a paragraph is left out of one version.  The
same arguments always give the same corpus.  ``--mode pairs`` gives the
corpus of earlier benchmarks instead: each paragraph one real paragraph pair,
drawn again and again.  Printed: files, paragraphs, megabytes, the mean
paragraph length, the share of distinct paragraphs and the vocabulary (distinct
lower-cased words) per language.

    python bench/synthetic.py --paragraphs 200000 --out bench/out/corpus-200k [--mode sentences|pairs]
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import alignment_gold  # noqa: E402
from indexer.ingest.formats import untext  # noqa: E402

POOL = ROOT.parent / "shared" / "corpus-pool"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
ONE_LANGUAGE = 0.15  # share of documents in one language only
NO_SYMBOL = 0.05  # share of pairs whose files carry no symbol
OMIT = 0.02  # chance that a paragraph is left out of one version
MODES = ("sentences", "pairs")
# Sentences per paragraph (1 to 4) and how often; a paragraph's length is drawn first (log-normal, median
# MEDIAN_CHARS) and its sentences are drawn among those near its share of it, within NEAR places of the
# sentences sorted by length.
SENTENCES = (1, 2, 3, 4)
SENTENCE_WEIGHTS = (0.2, 0.4, 0.25, 0.15)
MEDIAN_CHARS = 225
SPREAD = 0.6
NEAR = 250
WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class CorpusFigures:
    """What a written corpus holds: files, paragraphs, bytes, mean length, distinct share, vocabulary per language."""

    files: int
    paragraphs: int
    megabytes: float
    mean_chars: dict
    distinct_share: float
    vocabulary: dict

    def line(self) -> str:
        """Return the figures as one line of text."""
        return (f"{self.files:,} files, {self.paragraphs:,} paragraphs, {self.megabytes:.1f} MB; mean paragraph "
                + ", ".join(f"{lang} {chars:.0f}" for lang, chars in self.mean_chars.items())
                + f" characters; {self.distinct_share:.1%} distinct; vocabulary "
                + ", ".join(f"{lang} {words:,}" for lang, words in self.vocabulary.items()) + " words")


def source_pairs() -> list[tuple[str, str]]:
    """Return real (English, Russian) paragraph pairs from the corpus pool."""
    return [(en, ru) for en, ru in _aligned_units() if len(en) > 40 and len(ru) > 40 and en.count(" ") > 5]


def sentence_pairs() -> list[tuple[str, str]]:
    """Return real (English, Russian) sentence pairs from the corpus pool: every aligned unit that is a sentence."""
    return [(en, ru) for en, ru in _aligned_units() if len(en) >= 20 and len(ru) >= 20 and en.count(" ") >= 3]


def _aligned_units() -> list[tuple[str, str]]:
    """Return the aligned (English, Russian) units of the Charter, the UDHR and the UNPC dev set."""
    units = []
    cases = [alignment_gold.charter(POOL), alignment_gold.udhr(POOL)] + alignment_gold.unpc_dev(POOL)
    for case in cases:
        for e, r in sorted(case.gold):
            units.append((case.en.paragraphs[e].text, case.ru.paragraphs[r].text))
    return units


def source_paragraphs() -> dict[str, list[str]]:
    """Return real paragraphs per language: the seeds' (single-language documents) and the pairs' sides."""
    pools: dict[str, list[str]] = {"en": [], "ru": []}
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for p in untext.parse(path)[0].paragraphs:
            if p.kind == "paragraph" and p.lang in pools and len(p.text) > 40:
                pools[p.lang].append(p.text)
    return pools


class Paragraphs:
    """Draws paragraph pairs: in ``sentences`` mode one to four sentence pairs joined, in ``pairs`` mode one pair."""

    def __init__(self, rng: random.Random, mode: str = "sentences"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.rng, self.mode = rng, mode
        units = sentence_pairs() if mode == "sentences" else source_pairs()
        self.units = sorted(units, key=lambda pair: (len(pair[0]), pair))
        self.lengths = [len(en) for en, _ in self.units]
        self.singles = source_paragraphs()

    def pair(self) -> tuple[str, str]:
        """Return one (English, Russian) paragraph pair."""
        rng = self.rng
        if self.mode == "pairs":
            return self.units[rng.randrange(len(self.units))]
        count = rng.choices(SENTENCES, SENTENCE_WEIGHTS)[0]
        share = rng.lognormvariate(0.0, SPREAD) * MEDIAN_CHARS / count
        middle = bisect.bisect_left(self.lengths, share)
        chosen = [self.units[min(len(self.units) - 1, max(0, middle + rng.randint(-NEAR, NEAR)))]
                  for _ in range(count)]
        return " ".join(en for en, _ in chosen), " ".join(ru for _, ru in chosen)

    def single(self, lang: str) -> str:
        """Return a paragraph of a document in one language only."""
        if self.mode == "pairs" and self.singles[lang]:
            return self.rng.choice(self.singles[lang])
        return self.pair()[lang == "ru"]


def permute_digits(text: str, table: dict) -> str:
    """Replace each digit by its image under ``table`` (a str.maketrans table)."""
    return text.translate(table)


def cover(lang: str, date: str) -> list[str]:
    return ["Distr.: General", date, "", "English" if lang == "en" else "Russian", "Original: English", ""]


def document(lang: str, date: str, texts: list[str]) -> str:
    lines = cover(lang, date)
    for n, text in enumerate(texts, start=1):
        lines += [f"{n}. {text}", ""]
    return "\n".join(lines)


def write_corpus(out: Path, paragraphs: int, seed: int = 0, per_doc: int = 50,
                 mode: str = "sentences") -> tuple[int, int]:
    """Write documents holding about ``paragraphs`` paragraphs in all into ``out``; return (files, paragraphs)."""
    figures = write_corpus_figures(out, paragraphs, seed, per_doc, mode)
    return figures.files, figures.paragraphs


def write_corpus_figures(out: Path, paragraphs: int, seed: int = 0, per_doc: int = 50,
                         mode: str = "sentences") -> CorpusFigures:
    """:func:`write_corpus`, returning what the corpus holds (:class:`CorpusFigures`)."""
    rng = random.Random(seed)
    source = Paragraphs(rng, mode)
    out.mkdir(parents=True, exist_ok=True)
    tally = _Tally()
    written = files = number = 0
    while written < paragraphs:
        number += 1
        year = rng.randrange(2005, 2016)
        date = f"{rng.randrange(1, 28)} {rng.choice(MONTHS)} {year}"
        digits = list("0123456789")
        rng.shuffle(digits)
        table = str.maketrans("0123456789", "".join(digits))
        size = max(1, min(per_doc + rng.randrange(-per_doc // 2, per_doc // 2 + 1), paragraphs - written))
        symbol = f"A_{year - 1945}_{number}"
        if rng.random() < ONE_LANGUAGE:
            lang = rng.choice(("en", "ru"))
            texts = [permute_digits(source.single(lang), table) for _ in range(size)]
            tally.add(lang, texts)
            (out / f"{symbol}-{lang.upper()}.txt").write_text(document(lang, date, texts), encoding="utf-8")
            files, written = files + 1, written + size
            continue
        chosen = [source.pair() for _ in range(max(1, size // 2))]
        names = (f"{symbol}-EN.txt", f"{symbol}-RU.txt") if rng.random() >= NO_SYMBOL else \
            (f"report_{number}_english.txt", f"report_{number}_russian.txt")
        for k, (lang, name) in enumerate(zip(("en", "ru"), names)):
            texts = [permute_digits(pair[k], table) for pair in chosen if rng.random() >= OMIT]
            tally.add(lang, texts)
            (out / name).write_text(document(lang, date, texts), encoding="utf-8")
            files, written = files + 1, written + len(texts)
    return tally.figures(files, written, sum(f.stat().st_size for f in out.glob("*.txt")) / 1e6)


class _Tally:
    """Counts the paragraphs written per language: characters, distinct texts and distinct words."""

    def __init__(self):
        self.chars = {"en": 0, "ru": 0}
        self.count = {"en": 0, "ru": 0}
        self.texts: set[int] = set()
        self.words: dict[str, set[str]] = {"en": set(), "ru": set()}

    def add(self, lang: str, texts: list[str]) -> None:
        self.count[lang] += len(texts)
        self.chars[lang] += sum(map(len, texts))
        self.texts.update(map(hash, texts))
        self.words[lang].update(WORDS.findall(" ".join(texts).lower()))

    def figures(self, files: int, paragraphs: int, megabytes: float) -> CorpusFigures:
        total = sum(self.count.values())
        return CorpusFigures(files, paragraphs, megabytes,
                             {lang: self.chars[lang] / max(1, n) for lang, n in self.count.items()},
                             len(self.texts) / max(1, total), {lang: len(w) for lang, w in self.words.items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=MODES, default="sentences",
                        help="sentences: one to four real sentences a paragraph (default); pairs: one real paragraph")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    args = parser.parse_args()
    figures = write_corpus_figures(args.out, args.paragraphs, args.seed, mode=args.mode)
    print(f"wrote {args.out}: {figures.line()}")


if __name__ == "__main__":
    main()
