"""A scaled EN/RU corpus for benchmarks: real UN paragraph pairs, replicated with seeded perturbation.

Paragraph pairs (an English paragraph and its Russian translation) come from
the Charter (line by line), the UDHR (by article and paragraph) and the UNPC
*dev* set (by line); English-only and Russian-only paragraphs from the seeds.
Each synthetic document is a UN-style text file (cover lines, numbered
paragraphs, blank lines between them) named in the UN Digital Library
convention (``A_77_1234-EN.txt``), which the indexer reads like any other:

- most documents come as an English and a Russian version with one symbol,
  built from the same pairs in the same order, so that they are linked by
  symbol and aligned like real language versions;
- a share exist in one language only (as three of the four seeds do), and a
  share of pairs carry no symbol (linked by content).

Perturbation is seeded: paragraph pairs are drawn at random, the digits of a
document are permuted the same way in both versions (numbers still agree
across languages but differ across documents), and now and then a paragraph
is left out of one version.  The same arguments always give the same corpus.

    python bench/synthetic.py --paragraphs 200000 --out bench/out/corpus-200k
"""

from __future__ import annotations

import argparse
import random
import sys
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


def source_pairs() -> list[tuple[str, str]]:
    """Return real (English, Russian) paragraph pairs from the corpus pool."""
    pairs = []
    cases = [alignment_gold.charter(POOL), alignment_gold.udhr(POOL)] + alignment_gold.unpc_dev(POOL)
    for case in cases:
        for e, r in sorted(case.gold):
            en, ru = case.en.paragraphs[e].text, case.ru.paragraphs[r].text
            if len(en) > 40 and len(ru) > 40 and en.count(" ") > 5:
                pairs.append((en, ru))
    return pairs


def source_paragraphs() -> dict[str, list[str]]:
    """Return real paragraphs per language: the seeds' (single-language documents) and the pairs' sides."""
    pools: dict[str, list[str]] = {"en": [], "ru": []}
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for p in untext.parse(path)[0].paragraphs:
            if p.kind == "paragraph" and p.lang in pools and len(p.text) > 40:
                pools[p.lang].append(p.text)
    return pools


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


def write_corpus(out: Path, paragraphs: int, seed: int = 0, per_doc: int = 50) -> tuple[int, int]:
    """Write documents holding about ``paragraphs`` paragraphs in all into ``out``; return (files, paragraphs)."""
    rng = random.Random(seed)
    pairs = source_pairs()
    singles = source_paragraphs()
    out.mkdir(parents=True, exist_ok=True)
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
            texts = [permute_digits(rng.choice(singles[lang] or [p[lang == "ru"] for p in pairs]), table)
                     for _ in range(size)]
            (out / f"{symbol}-{lang.upper()}.txt").write_text(document(lang, date, texts), encoding="utf-8")
            files, written = files + 1, written + size
            continue
        chosen = [pairs[rng.randrange(len(pairs))] for _ in range(max(1, size // 2))]
        names = (f"{symbol}-EN.txt", f"{symbol}-RU.txt") if rng.random() >= NO_SYMBOL else \
            (f"report_{number}_english.txt", f"report_{number}_russian.txt")
        for k, (lang, name) in enumerate(zip(("en", "ru"), names)):
            texts = [permute_digits(pair[k], table) for pair in chosen if rng.random() >= OMIT]
            (out / name).write_text(document(lang, date, texts), encoding="utf-8")
            files, written = files + 1, written + len(texts)
    return files, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    args = parser.parse_args()
    files, written = write_corpus(args.out, args.paragraphs, args.seed)
    print(f"wrote {files} files, {written} paragraphs to {args.out}")


if __name__ == "__main__":
    main()
