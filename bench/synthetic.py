"""A scaled EN/RU corpus for benchmarks: real UN paragraphs, replicated with seeded perturbation.

Paragraphs come from the seeds and from ../shared/corpus-pool (the Charter and
the UNPC *dev* set, both languages).  Each synthetic document is a UN-style text
file (cover lines, numbered paragraphs, blank lines between them) that the
indexer reads like any other; numbers are varied and sentences shuffled with a
fixed seed, so the same arguments always give the same corpus.

    python bench/synthetic.py --paragraphs 50000 --out bench/out/corpus-50k
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.parsing import untext  # noqa: E402

POOL = ROOT.parent / "shared" / "corpus-pool"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def source_paragraphs() -> dict[str, list[str]]:
    """Return real paragraphs per language from the seeds and the corpus pool."""
    pools: dict[str, list[str]] = {"en": [], "ru": []}
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        doc = untext.parse(path)[0]
        for p in doc.paragraphs:
            if p.kind == "paragraph" and p.lang in pools and len(p.text) > 40:
                pools[p.lang].append(p.text)
    for lang in ("en", "ru"):
        charter = POOL / "un-charter" / f"raw_un_charter_{lang}.txt"
        dev = POOL / "unpc-v1.0-testsets" / "devset" / f"UNv1.0.devset.{lang}"
        for path in (charter, dev):
            if path.exists():
                pools[lang].extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                                   if len(line.strip()) > 40)
    return pools


def perturb(text: str, rng: random.Random) -> str:
    """Vary the numbers of a paragraph and shuffle its sentences."""
    text = re.sub(r"\d", lambda m: str(rng.randrange(10)), text)
    sentences = re.split(r"(?<=[.;])\s+", text)
    if len(sentences) > 2:
        rng.shuffle(sentences)
    return " ".join(sentences)


def write_corpus(out: Path, paragraphs: int, seed: int = 0, per_doc: int = 50) -> tuple[int, int]:
    """Write documents holding ``paragraphs`` paragraphs in all into ``out``; return (files, paragraphs)."""
    rng = random.Random(seed)
    pools = source_paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    written = files = 0
    while written < paragraphs:
        lang = "en" if files % 2 == 0 else "ru"
        count = min(per_doc, paragraphs - written)
        year = rng.randrange(2005, 2016)
        lines = ["Distr.: General", f"{rng.randrange(1, 28)} {rng.choice(MONTHS)} {year}", "",
                 "Original: English", ""]
        for n in range(1, count + 1):
            lines.append(f"{n}. {perturb(rng.choice(pools[lang]), rng)}")
            lines.append("")
        (out / f"SYN_{files:05d}-{lang.upper()}.txt").write_text("\n".join(lines), encoding="utf-8")
        files += 1
        written += count
    return files, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    args = parser.parse_args()
    files, written = write_corpus(args.out, args.paragraphs, args.seed)
    print(f"wrote {files} files, {written} paragraphs to {args.out}")


if __name__ == "__main__":
    main()
