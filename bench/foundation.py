"""Foundation benchmark: build throughput and query latency on a ~50,000-paragraph EN/RU corpus.

Prints paragraphs/s for a full ``build`` (parsing, language detection, Russian
lemmatization, indexing) with 1 and 2 processes, and p50/p95 latency of 1–3
word queries (warm searcher).  Targets: ≥ 1,500 paragraphs/s, p95 ≤ 50 ms.

    python bench/foundation.py [--paragraphs 50000] [--procs 1,2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_corpus  # noqa: E402
from indexer.engine import fastsearch  # noqa: E402
from indexer.build.pipeline import build  # noqa: E402
from indexer.search.request import SearchRequest, search  # noqa: E402
from indexer.storage.generations import open_index  # noqa: E402

QUERIES = (
    "migrants", "smuggling", "Convention", "technical assistance", "Security Council",
    "international cooperation", "transnational organized crime", "human rights", "General Assembly",
    "мигрантов", "Совет Безопасности", "Генеральная Ассамблея", "права человека",
    "организованной преступности", "техническая помощь", "международное сотрудничество",
    "незаконный ввоз мигрантов", "устойчивого развития", "resolution", "member states",
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_build(corpus: Path, procs: int) -> tuple[float, int, Path]:
    index_dir = Path(tempfile.mkdtemp(prefix=f"bench-ix-p{procs}-"))
    started = time.perf_counter()
    summary = build([corpus], index_dir, procs=procs)
    seconds = time.perf_counter() - started
    return seconds, summary.paragraphs, index_dir


def time_queries(index_dir: Path, rounds: int = 5) -> list[float]:
    ix = open_index(index_dir)
    latencies = []
    with ix.searcher() as searcher:
        for q in QUERIES:  # warm-up
            search(searcher, SearchRequest(q))
        for _ in range(rounds):
            for q in QUERIES:
                fastsearch.EVALUATED.clear()  # each run evaluates its query: warm postings, not a kept result
                started = time.perf_counter()
                search(searcher, SearchRequest(q))
                latencies.append((time.perf_counter() - started) * 1000)
    ix.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=50_000)
    parser.add_argument("--procs", default="1,2")
    args = parser.parse_args()
    corpus = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    files, written = write_corpus(corpus, args.paragraphs)
    print(f"corpus: {files} files, {written} paragraphs (half English, half Russian)")
    index_dir = None
    for procs in [int(p) for p in args.procs.split(",")]:
        seconds, paragraphs, index_dir = time_build(corpus, procs)
        print(f"build procs={procs}: {paragraphs} paragraphs in {seconds:.1f} s = {paragraphs / seconds:,.0f} paragraphs/s")
    latencies = time_queries(index_dir)
    print(f"queries (1-3 words, warm, {len(latencies)} runs): p50 {statistics.median(latencies):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms")
    shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
