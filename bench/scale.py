"""Scale benchmark: build throughput, memory and index size, and the latency of distinct queries, at 20k and 200k paragraphs.

For each size N the corpus of ``bench/synthetic.py`` (paragraphs of UN length:
one to four real UNPC dev set / Charter / UDHR sentences combined at random,
English and Russian versions of each document) is written as files, then
built with the product's ``build`` in a child process for each number of
processes, which reports its own peak memory (the build's and its workers').
Printed per build: paragraphs/s, MB/s of input text, peak resident memory,
index size on disk, the seconds of it spent learning the lexicon and the rate
without them, and the CPU seconds of the build and its processes (steadier than
the wall time on a shared machine: paragraphs per CPU second).

Then, on the index of the largest N, distinct queries made from the corpus's
own paragraphs (``bench/queries.py``: words, two and three words, phrases,
prefixes, across languages; English and Russian) are each asked once in a fresh
process, after a warm-up of other distinct queries, every other one with the
engine's cache of evaluated queries cleared first (cache off) and the others
with it kept (cache on; ``--cache off`` or ``on``: all of them), each given the
generation's cross-language data as the web app gives it: p50/p95/p99 per query
type, and the CPU milliseconds per search (steadier than the wall time on a shared
machine).  ``--tantivy`` indexes
and searches the same paragraphs and queries with tantivy in the same run
(``bench/tantivy_compare.py``) and prints the ratios.  ``--rounds N`` also
times the fixed query set of earlier rounds, warm (N rounds).
Targets (2 cores): ≥ 3,000 paragraphs/s, peak memory ≤ 2 GB at 200k; p95 ≤ 30 ms
over distinct queries, no type over 200 ms at p99.

    python bench/scale.py [--sizes 20000,200000] [--procs 1,2] [--queries 600] [--cache both|on|off]
                          [--tantivy] [--work DIR]
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
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.queries import KINDS, SHORT_KINDS, Query, make_queries  # noqa: E402
from bench.synthetic import write_corpus_figures  # noqa: E402

# (type, query, lang filter): the fixed query set of earlier rounds (``--rounds``).
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
SHORT_TYPES = ("word en", "word ru", "two words")  # the 1–3 term queries of the fixed set
WARM_UP = 60  # distinct queries asked before timing (not counted): the process's first searches load code

_CHILD_BUILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from indexer.build.pipeline import build
started = time.perf_counter()
summary = build([{corpus!r}], {index!r}, procs={procs})
seconds = time.perf_counter() - started
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
own, workers = usage[0].ru_maxrss, usage[1].ru_maxrss
cpu = sum(u.ru_utime + u.ru_stime for u in usage)
from indexer.storage import generations as store
meta = json.loads((store.current_generation({index!r}).path / store.META).read_text(encoding="utf-8"))
print(json.dumps({{"seconds": seconds, "paragraphs": summary.paragraphs, "documents": summary.documents,
                  "failures": len(summary.failures), "rss_kb": own, "worker_rss_kb": workers, "cpu_s": cpu,
                  "lexicon_s": meta.get("lexicon", {{}}).get("seconds", 0.0)}}))
"""

# Asks each query of stdin once; "cache" False clears the engine's cache of evaluated queries first.
_CHILD_QUERIES = """
import json, sys, time
sys.path.insert(0, {root!r})
from indexer.storage import crosslang
from indexer.engine import fastsearch
from indexer.storage import generations as store
from indexer.search.request import SearchRequest, search
asked = json.loads(sys.stdin.read())
out = []
opened = time.perf_counter()
ix = store.open_index({index!r})
data = crosslang.for_index(ix)  # read once per generation, as the app does
with ix.searcher() as searcher:
    open_ms = (time.perf_counter() - opened) * 1000
    for q in asked:
        if not q["cache"]:
            fastsearch.EVALUATED.clear()
        started, cpu = time.perf_counter(), time.process_time()
        result = search(searcher, SearchRequest(query=q["text"], lang=q["lang"], translate=q["translate"]),
                        crosslang=data)  # as the web app gives it: counterparts through the generation's links
        out.append((q["kind"], q["cache"], q["warm"], (time.perf_counter() - started) * 1000, result["total"],
                    (time.process_time() - cpu) * 1000))
print(json.dumps({{"open_ms": open_ms, "runs": out}}))
"""

_CHILD_FIXED = """
import json, sys, time
sys.path.insert(0, {root!r})
from indexer.storage import crosslang
from indexer.engine import fastsearch
from indexer.storage import generations as store
from indexer.search.request import SearchRequest, search
queries = json.loads(sys.stdin.read())
out = []
ix = store.open_index({index!r})
data = crosslang.for_index(ix)
with ix.searcher() as searcher:
    for rounds in range({rounds} + 1):
        for kind, q, lang in queries:
            fastsearch.EVALUATED.clear()  # each run evaluates its query: warm postings, not a kept result
            started = time.perf_counter()
            across = kind == "cross-language"
            result = search(searcher, SearchRequest(query=q, lang=lang, translate=across),
                            crosslang=data if across else None)
            out.append((rounds, kind, q, (time.perf_counter() - started) * 1000, result["total"]))
print(json.dumps(out))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _child(code: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"the child process failed:\n{done.stderr[-3000:]}")
    return done.stdout


def run_build(corpus: Path, index_dir: Path, procs: int) -> dict:
    code = _CHILD_BUILD.format(root=str(ROOT), corpus=str(corpus), index=str(index_dir), procs=procs)
    return json.loads(_child(code).strip().splitlines()[-1])


def timed_queries(corpus: Path, count: int, cache: str = "both") -> tuple[list[Query], list[dict]]:
    """Return the warm-up queries and the timed ones, each with ``cache`` on or off: in turn by type (``both``),
    or all ``on`` or all ``off``."""
    made = make_queries(corpus, WARM_UP + count)
    warm, timed = made[:WARM_UP], made[WARM_UP:]
    asked = [{**asdict(q), "lang": q.filter_lang, "cache": True, "warm": True} for q in warm]
    asked += [{**asdict(q), "lang": q.filter_lang, "warm": False,
               "cache": cache == "on" or (cache == "both" and (n // len(KINDS)) % 2 == 0)}
              for n, q in enumerate(timed)]
    return timed, asked


def run_queries(index_dir: Path, asked: list[dict]) -> dict:
    return json.loads(_child(_CHILD_QUERIES.format(root=str(ROOT), index=str(index_dir)), json.dumps(asked)))


def by_kind(runs) -> dict[str, list[float]]:
    """Return latencies by query type, then the 1-3 term ones and all of them."""
    out: dict[str, list[float]] = {}
    for kind, ms in runs:
        out.setdefault(kind, []).append(ms)
        if kind in SHORT_KINDS:
            out.setdefault("1-3 words", []).append(ms)
        out.setdefault("all", []).append(ms)
    return out


def report_distinct(timed: dict) -> dict[str, list[float]]:
    """Print p50/p95/p99 per type, cache on and off, and the CPU time per search; return the latencies by type
    (both together)."""
    runs = [r for r in timed["runs"] if not r[2]]
    print(f"\ndistinct queries, each asked once (searcher and cross-language data opened in "
          f"{timed['open_ms']:.0f} ms; {WARM_UP} other distinct queries asked before): ms")
    print(f"{'type':<13} {'n':>4} {'hits':>7} | {'cache on p50':>12} {'p95':>6} {'p99':>6} | "
          f"{'cache off p50':>13} {'p95':>6} {'p99':>6} | {'both p95':>8} {'p99':>6} {'max':>6} | "
          f"{'CPU mean':>8} {'p50':>6} {'p95':>6} {'p99':>6}")
    both = by_kind((r[0], r[3]) for r in runs)
    on = by_kind((r[0], r[3]) for r in runs if r[1])
    off = by_kind((r[0], r[3]) for r in runs if not r[1])
    hits = by_kind((r[0], r[4]) for r in runs)
    cpu = by_kind((r[0], r[5]) for r in runs)
    for kind in [k for k in (*KINDS, "1-3 words", "all") if k in both]:
        values = both[kind]
        cells = []
        for part in (on.get(kind), off.get(kind)):
            cells.append(f"{statistics.median(part):>6.1f} {percentile(part, .95):>6.1f} {percentile(part, .99):>6.1f}"
                         if part else f"{'-':>20}")
        print(f"{kind:<13} {len(values):>4} {statistics.median(hits[kind]):>7,.0f} |       {cells[0]} |        "
              f"{cells[1]} | {percentile(values, .95):>8.1f} {percentile(values, .99):>6.1f} {max(values):>6.1f} | "
              f"{statistics.mean(cpu[kind]):>8.1f} {statistics.median(cpu[kind]):>6.1f} "
              f"{percentile(cpu[kind], .95):>6.1f} {percentile(cpu[kind], .99):>6.1f}")
    return both


def report_fixed(index_dir: Path, rounds: int) -> None:
    """Time the fixed query set of earlier rounds, warm, and print p50/p95/p99 per type."""
    runs = json.loads(_child(_CHILD_FIXED.format(root=str(ROOT), index=str(index_dir), rounds=rounds),
                             json.dumps(QUERIES)))
    print(f"\nthe fixed query set, warm ({rounds} rounds after the first): ms")
    kinds = list(dict.fromkeys(kind for kind, _, _ in QUERIES))
    for kind in kinds + ["1-3 terms"]:
        warm = [r[3] for r in runs if r[0] > 0 and (r[1] == kind or (kind == "1-3 terms" and r[1] in SHORT_TYPES))]
        print(f"{kind:<15} p50 {statistics.median(warm):>6.1f} p95 {percentile(warm, 0.95):>6.1f} "
              f"p99 {percentile(warm, 0.99):>6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000", help="corpus sizes in paragraphs (comma-separated)")
    parser.add_argument("--procs", default="1,2", help="build processes to try (comma-separated)")
    parser.add_argument("--queries", type=int, default=600, help="distinct queries timed (half with the cache off)")
    parser.add_argument("--cache", choices=("both", "on", "off"), default="both",
                        help="the engine's cache of evaluated queries: on and off in turn, or always on or off")
    parser.add_argument("--rounds", type=int, default=0, help="warm rounds of the fixed query set (0: not timed)")
    parser.add_argument("--tantivy", action="store_true", help="also index and search with tantivy, as ratios")
    parser.add_argument("--skip-build", action="store_true", help="query the indexes of --work built before")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and indexes (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs; work folder {work}")
    last_index = corpus = rate = None
    for size in [int(s) for s in args.sizes.split(",") if s]:
        corpus = work / f"corpus-{size}"
        if not corpus.is_dir():
            print(f"corpus {corpus.name}: {write_corpus_figures(corpus, size).line()}")
        megabytes = folder_size(corpus) / 1e6
        print(f"{'paragraphs':>10} {'procs':>5} {'seconds':>8} {'paras/s':>8} {'MB/s':>6} {'peak MB':>8} "
              f"{'workers MB':>10} {'index MB':>9} {'lexicon s':>9} {'without it, paras/s':>19} {'CPU s':>7} {'paras/CPU s':>11}")
        for procs in [int(p) for p in args.procs.split(",") if p]:
            index_dir = work / f"index-{size}-p{procs}"
            last_index = index_dir
            if args.skip_build and index_dir.is_dir():
                continue
            shutil.rmtree(index_dir, ignore_errors=True)
            figures = run_build(corpus, index_dir, procs)
            seconds = figures["seconds"]
            rate = figures["paragraphs"] / seconds
            print(f"{figures['paragraphs']:>10,} {procs:>5} {seconds:>8.1f} {rate:>8,.0f} "
                  f"{megabytes / seconds:>6.2f} {figures['rss_kb'] / 1024:>8,.0f} {figures['worker_rss_kb'] / 1024:>10,.0f} "
                  f"{folder_size(index_dir) / 1e6:>9.1f} {figures['lexicon_s']:>9.1f} "
                  f"{figures['paragraphs'] / max(seconds - figures['lexicon_s'], 1e-9):>19,.0f} "
                  f"{figures['cpu_s']:>7.1f} {figures['paragraphs'] / figures['cpu_s']:>11,.0f}", flush=True)
    if last_index is None:
        return
    timed, asked = timed_queries(corpus, args.queries, args.cache)
    ours = report_distinct(run_queries(last_index, asked))
    if args.rounds:
        report_fixed(last_index, args.rounds)
    if args.tantivy:
        from bench import tantivy_compare  # tantivy (the bench extra) only when asked for

        tantivy_compare.compare(corpus, work, timed, ours, rate, warm_up=make_queries(corpus, WARM_UP))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
