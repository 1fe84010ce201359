"""Alignment benchmark: precision, recall and F1 of paragraph links against gold, and the aligner's speed.

Gold (see ``bench/alignment_gold.py``): the Charter line by line, the UDHR by
article and paragraph number, the UNPC dev set's line alignment; and the
Charter and the UDHR perturbed by a seeded script (5% of paragraphs merged with
a neighbour on one side, 5% split, 3% deleted on one side, half the paragraph
numbers removed).  Targets: F1 ≥ 0.98 on the originals, ≥ 0.95 perturbed.
The UNPC test set is not read: it is kept for evaluation of other work.

    python bench/align.py [--seeds 1,2,3,4,5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import alignment_gold as gold  # noqa: E402
from indexer.align.aligner import align  # noqa: E402


def measure(case: gold.Case) -> tuple[gold.Score, float, list]:
    started = time.perf_counter()
    links = align(case.en.paragraphs, case.ru.paragraphs)
    return gold.score(links, case.gold), time.perf_counter() - started, links


def row(name: str, score: gold.Score, seconds: float, paragraphs: int) -> str:
    return (f"{name:<34} {score.precision:>9.4f} {score.recall:>7.4f} {score.f1:>7.4f} {score.gold:>6} "
            f"{paragraphs:>7} {paragraphs / seconds if seconds else 0:>10,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3,4,5", help="perturbation seeds (comma-separated)")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s]
    print(f"{'case':<34} {'precision':>9} {'recall':>7} {'F1':>7} {'gold':>6} {'paras':>7} {'paras/s':>10}")
    originals = [gold.charter(), gold.udhr()]
    for case in originals:
        score, seconds, links = measure(case)
        paragraphs = len(case.en.paragraphs) + len(case.ru.paragraphs)
        print(row(case.name, score, seconds, paragraphs))
        shapes: dict[str, int] = {}
        for link in links:
            shapes[link.shape] = shapes.get(link.shape, 0) + 1
        linked = [link.confidence for link in links if link.en and link.ru]
        print(f"  links by shape {dict(sorted(shapes.items()))}; confidence mean {sum(linked) / len(linked):.3f}, "
              f"below 0.5: {sum(1 for c in linked if c < 0.5)}")
    for case in originals:
        total, seconds, paragraphs, worst = gold.Score(0, 0, 0), 0.0, 0, 1.0
        for seed in seeds:
            perturbed = gold.perturb(case, seed)
            score, took, _ = measure(perturbed)
            total, seconds = total + score, seconds + took
            paragraphs += len(perturbed.en.paragraphs) + len(perturbed.ru.paragraphs)
            worst = min(worst, score.f1)
        print(row(f"{case.name}, perturbed ({len(seeds)} seeds)", total, seconds, paragraphs)
              + f"   worst seed F1 {worst:.4f}")
    started = time.perf_counter()
    cases = gold.unpc_dev()
    read = time.perf_counter() - started
    total, seconds, paragraphs = gold.Score(0, 0, 0), 0.0, 0
    for case in cases:
        score, took, _ = measure(case)
        total, seconds = total + score, seconds + took
        paragraphs += len(case.en.paragraphs) + len(case.ru.paragraphs)
    print(row(f"UNPC dev ({len(cases)} documents)", total, seconds, paragraphs) + f"   (read in {read:.1f} s)")


if __name__ == "__main__":
    main()
