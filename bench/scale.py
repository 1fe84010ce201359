"""Scale benchmark: build throughput, memory and index size, and query latency, at 20,000 and 200,000 paragraphs.

For each size N the synthetic corpus of ``bench/synthetic.py`` (real EN/RU
paragraph pairs from the corpus pool, replicated with seeded perturbation) is
written as files, then built with ``python -m indexer build`` in a child
process for each number of processes, which reports its own peak memory
(the build's and its workers').  Printed per build: paragraphs/s, MB/s of
input text, peak resident memory, index size on disk, the seconds of it spent
learning the lexicon and the rate without them.  Then, on the index of
the largest N, a fixed mixed query set (single words in English and Russian,
two-word AND, phrases, prefixes, symbols, searches across languages) is timed cold (a
fresh process, each query's first run) and warm (five more rounds), with
p50/p95/p99 per query type.  Targets (2 cores): ≥ 3,000 paragraphs/s, peak
memory ≤ 2 GB at 200k; warm p95 ≤ 30 ms for 1–3 term queries, no type over 200 ms.

    python bench/scale.py [--sizes 20000,200000] [--procs 1,2] [--rounds 5] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_corpus  # noqa: E402

# (type, query, lang filter): the mixed query set, fixed.
QUERIES = (
    [("word en", q, "any") for q in ("migrants", "Convention", "assistance", "development", "security", "women")]
    + [("word ru", q, "any") for q in ("мигрантов", "Конвенции", "помощи", "развития", "безопасности", "женщин")]
    + [("two words", q, "any") for q in ("human rights", "technical assistance", "права человека",
                                         "Совет Безопасности", "international cooperation", "устойчивое развитие")]
    + [("phrase", q, "any") for q in ('"Security Council"', '"General Assembly"', '"права человека"',
                                      '"устойчивого развития"', '"the United Nations"')]
    + [("prefix", q, "any") for q in ("migra*", "develop*", "мигра*", "разви*")]
    + [("symbol", q, "any") for q in ("symbol:A/70/*", "symbol:A/65/1*", "symbol:A/61/46")]
    + [("cross-language", q, lang) for q, lang in (("незаконный ввоз мигрантов", "en"), ("права человека", "en"),
                                                  ("smuggling of migrants", "ru"), ("human rights", "ru"))]
)
SHORT_TYPES = ("word en", "word ru", "two words")  # the 1–3 term queries of the 30 ms target

_CHILD_BUILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from indexer.build.pipeline import build
started = time.perf_counter()
summary = build([{corpus!r}], {index!r}, procs={procs})
seconds = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
from indexer.storage import generations as store
meta = json.loads((store.current_generation({index!r}).path / store.META).read_text(encoding="utf-8"))
print(json.dumps({{"seconds": seconds, "paragraphs": summary.paragraphs, "documents": summary.documents,
                  "failures": len(summary.failures), "rss_kb": own, "worker_rss_kb": workers,
                  "lexicon_s": meta.get("lexicon", {{}}).get("seconds", 0.0)}}))
"""

_CHILD_QUERIES = """
import json, sys, time
sys.path.insert(0, {root!r})
from indexer.storage import crosslang
from indexer.engine import fastsearch
from indexer.storage import generations as store
from indexer.search.request import SearchRequest, search
queries = json.loads(sys.stdin.read())
out = []
opened = time.perf_counter()
ix = store.open_index({index!r})
with ix.searcher() as searcher:
    open_ms = (time.perf_counter() - opened) * 1000
    data = None
    for rounds in range({rounds} + 1):
        for kind, q, lang in queries:
            fastsearch.EVALUATED.clear()  # each run evaluates its query: warm postings, not a kept result
            started = time.perf_counter()
            across = kind == "cross-language"
            if across and data is None:
                data = crosslang.for_index(ix)  # read once per generation, as the app does
            result = search(searcher, SearchRequest(query=q, lang=lang, translate=across),
                            crosslang=data if across else None)
            out.append((rounds, kind, q, (time.perf_counter() - started) * 1000, result["total"]))
print(json.dumps({{"open_ms": open_ms, "runs": out}}))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_build(corpus: Path, index_dir: Path, procs: int) -> dict:
    code = _CHILD_BUILD.format(root=str(ROOT), corpus=str(corpus), index=str(index_dir), procs=procs)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_queries(index_dir: Path, rounds: int) -> dict:
    code = _CHILD_QUERIES.format(root=str(ROOT), index=str(index_dir), rounds=rounds)
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(QUERIES), capture_output=True,
                          text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"queries failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def report_queries(timed: dict) -> None:
    runs = timed["runs"]
    print(f"\nqueries: searcher opened in {timed['open_ms']:.0f} ms; cold = each query's first run in a fresh "
          f"process, warm = the rounds after")
    print(f"{'type':<15} {'n':>3} {'cold p50':>9} {'cold max':>9} {'warm p50':>9} {'p95':>7} {'p99':>7} {'max':>7}"
          f" {'hits (median)':>14}")
    kinds = list(dict.fromkeys(kind for kind, _, _ in QUERIES))
    for kind in kinds + ["1-3 terms", "all"]:
        chosen = [r for r in runs if r[1] == kind or kind == "all" or (kind == "1-3 terms" and r[1] in SHORT_TYPES)]
        cold = [r[3] for r in chosen if r[0] == 0]
        warm = [r[3] for r in chosen if r[0] > 0]
        hits = statistics.median(r[4] for r in chosen)
        print(f"{kind:<15} {len(cold):>3} {statistics.median(cold):>8.1f}  {max(cold):>8.1f}  "
              f"{statistics.median(warm):>8.1f} {percentile(warm, 0.95):>7.1f} {percentile(warm, 0.99):>7.1f} "
              f"{max(warm):>7.1f} {hits:>14,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000", help="corpus sizes in paragraphs (comma-separated)")
    parser.add_argument("--procs", default="1,2", help="build processes to try (comma-separated)")
    parser.add_argument("--rounds", type=int, default=5, help="warm rounds of the query set")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and indexes (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs; work folder {work}")
    print(f"{'paragraphs':>10} {'procs':>5} {'seconds':>8} {'paras/s':>8} {'MB/s':>6} {'peak MB':>8} "
          f"{'workers MB':>10} {'index MB':>9} {'lexicon s':>9} {'without it, paras/s':>19}")
    last_index = None
    for size in [int(s) for s in args.sizes.split(",") if s]:
        corpus = work / f"corpus-{size}"
        if not corpus.is_dir():
            write_corpus(corpus, size)
        megabytes = folder_size(corpus) / 1e6
        for procs in [int(p) for p in args.procs.split(",") if p]:
            index_dir = work / f"index-{size}-p{procs}"
            shutil.rmtree(index_dir, ignore_errors=True)
            figures = run_build(corpus, index_dir, procs)
            seconds = figures["seconds"]
            print(f"{figures['paragraphs']:>10,} {procs:>5} {seconds:>8.1f} {figures['paragraphs'] / seconds:>8,.0f} "
                  f"{megabytes / seconds:>6.2f} {figures['rss_kb'] / 1024:>8,.0f} {figures['worker_rss_kb'] / 1024:>10,.0f} "
                  f"{folder_size(index_dir) / 1e6:>9.1f} {figures['lexicon_s']:>9.1f} "
                  f"{figures['paragraphs'] / max(seconds - figures['lexicon_s'], 1e-9):>19,.0f}")
            last_index = index_dir
    if last_index is not None:
        report_queries(run_queries(last_index, args.rounds))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
