"""Web benchmark: p50/p95 latency of the running app at 1, 5 and 20 concurrent clients.

Builds an index of the corpus pool (all of it but ``unpc-v1.0-testsets/testset``,
which is kept for evaluation) with ``python -m indexer build``, serves it with
``python -m search_app`` (waitress) on 127.0.0.1, and fires a fixed mix of
requests (API searches, search pages, document pages) from client threads over
keep-alive connections, then distinct searches made from the UNPC dev set's
sentences, each asked once (so the app's result cache never answers them; a
quarter of them pages and a quarter API searches across languages).  Each
level is bounded in requests and seconds; only loopback is ever contacted.
Target: p95 ≤ 100 ms at 20 clients.

``--corpus DIR`` (a corpus of ``bench/synthetic.py``, with ``--index`` its
index, as ``bench/scale.py`` leaves them) adds the workload ``corpus``:
distinct API searches made from that corpus's paragraphs (``bench/queries.py``:
words, two and three words, phrases, prefixes, across languages), each asked
once in the whole run, with p50/p95/p99 per type.  ``--result-cache on,off``
serves each workload with the app's result cache and then without it
(``--result-cache 0``).

    python bench/web.py [--index DIR] [--requests 1500] [--seconds 60] [--levels 1,5,20] [--mix mix,fresh]
                        [--workers 2] [--threads N] [--corpus DIR] [--result-cache on,off]
    python bench/web.py --index W/index-200000-p2 --corpus W/corpus-200000 --mix corpus --requests 400
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench.queries, run as a script
POOL = ROOT.parent / "shared" / "corpus-pool"
FOLDERS = ("un-charter", "udhr", "sdg-goals-targets-indicators", "unpc-v1.0-testsets/devset")
HOST = "127.0.0.1"

# The mix: (path, query string), cycled by every client from its own starting point.
SEARCHES = (
    "мигрантов", "незаконный ввоз мигрантов", "права человека", "Генеральная Ассамблея", "устойчивого развития",
    "Совет Безопасности", "международное сотрудничество", "=мигрантов", "организованной преступности",
    "human rights", "sustainable development", "Security Council", '"General Assembly"', "smuggling of migrants",
    "migra*", "developmnt~", "peace OR security", "children NOT education", "Charter lang:en", "year:2015 water",
    '"права человека" OR "human rights"', "climate change", "women", "резолюция", "smugglng",
)
MIX = (
    [("/api/search", {"q": q}) for q in SEARCHES]
    + [("/api/search", {"q": q, "lang": lang, "limit": "20"}) for q, lang in (("rights", "en"), ("права", "ru"))]
    + [("/", {"q": q}) for q in ("мигрантов", "human rights", "развития", "Charter")]
    + [("/api/search", {"q": "", "symbol": "A/70/*", "limit": "10"}), ("/", {"q": "peace", "page": "2"})]
)


WORD = re.compile(r"[^\W\d_]{4,}")
FRESH_SEED = 11


def fresh_requests(count: int) -> list[tuple[str, dict]]:
    """Return ``count`` distinct requests made from the UNPC dev set's sentences (seeded), none in the mix.

    Each takes one to three words of a random sentence, English or Russian in
    turn; a quarter are search pages, as the form sends them (across
    languages), a quarter API searches across languages, the rest API searches.
    No result cache can answer them: every request is asked once.
    """
    base = POOL / "unpc-v1.0-testsets" / "devset" / "UNv1.0.devset"
    sides = [Path(f"{base}.{lang}").read_text(encoding="utf-8").splitlines() for lang in ("en", "ru")]
    rng = random.Random(FRESH_SEED)
    seen: set[str] = set(SEARCHES)
    out: list[tuple[str, dict]] = []
    while len(out) < count:
        words = WORD.findall(rng.choice(sides[len(out) % 2]))
        if not words:
            continue
        q = " ".join(rng.sample(words, min(len(words), rng.randint(1, 3))))
        if q.lower() in seen:
            continue
        seen.add(q.lower())
        kind = len(out) % 4
        out.append(("/", {"q": q, "translate": "1"}) if kind == 0 else
                   ("/api/search", {"q": q, "translate": "1"}) if kind == 1 else ("/api/search", {"q": q}))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# --- index -------------------------------------------------------------------------------------------

def build_index(index_dir: Path) -> str:
    """Build the pool's index with ``python -m indexer build``; return a line saying what was built."""
    sources = [str(POOL / f) for f in FOLDERS if (POOL / f).is_dir()]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "indexer", "build", *sources, "--index", str(index_dir),
                           "--json", "--no-progress"], capture_output=True, text=True, cwd=ROOT)
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"the build failed:\n{done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    failed = {Path(f["path"]).name for f in summary["failures"]}
    return (f"index: {summary['documents']} documents, {summary['paragraphs']} paragraphs {summary['by_lang']} "
            f"from {', '.join(FOLDERS)} in {time.perf_counter() - started:.0f} s"
            + (f"; skipped: {', '.join(sorted(failed))}" if failed else ""))


# --- server ------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_app(index_dir: Path | str, port: int, threads: int | None, workers: int, extra=(),
              cache: bool = True) -> subprocess.Popen:
    """Start ``python -m search_app`` over ``index_dir`` (``extra``: more of its options; ``cache``: the result
    cache on or off) and wait until it answers."""
    threads_option = ["--threads", str(threads)] if threads is not None else []  # else the app's default
    threads_option += [] if cache else ["--result-cache", "0"]
    server = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(index_dir), "--host", HOST,
                               "--port", str(port), *threads_option, "--workers", str(workers), *extra], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the app exited with code {server.returncode} (is {index_dir} an index?)")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request("GET", "/api/stats")  # also counts the corpus once, before timing
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the app did not start within 60 s")


# --- clients -----------------------------------------------------------------------------------------

def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system) of a process and its children, from /proc (0 elsewhere)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for p in [str(pid), *children]:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def run_level(port: int, clients: int, max_requests: int, max_seconds: float, fresh=None) -> dict:
    """Fire the mix (or, given ``fresh``, an iterator of requests each asked once) from ``clients`` threads.

    Return latencies (ms) by kind (``api`` or ``page``, or the third item of a request) and the wall time.
    """
    latencies: dict[str, list[float]] = {"api": [], "page": []}
    errors: list[str] = []
    lock = threading.Lock()
    budget = iter(range(max_requests))
    deadline = time.monotonic() + max_seconds

    def client(n: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        i = n * 7
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:
                    break
                taken = next(fresh, None) if fresh is not None else MIX[i % len(MIX)]
            if taken is None:
                break
            path, params, *kind = taken
            i += 1
            url = path + "?" + urllib.parse.urlencode(params)
            started = time.perf_counter()
            conn.request("GET", url)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.setdefault(kind[0] if kind else "api" if path.startswith("/api/") else "page",
                                     []).append(elapsed)
                if response.status != 200:
                    errors.append(f"{response.status} {url}")
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started, client_cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "errors": errors, "seconds": time.perf_counter() - started,
            "client_cpu": time.process_time() - client_cpu}


def report(clients: int, result: dict) -> str:
    everything = [ms for values in result["latencies"].values() for ms in values]
    per_request = 1000 / len(everything)
    parts = [f"{clients:>2} clients: {len(everything)} requests, {len(everything) / result['seconds']:.0f} req/s, "
             f"p50 {statistics.median(everything):.1f} ms, p95 {percentile(everything, 0.95):.1f} ms, "
             f"max {max(everything):.1f} ms"]
    for kind, values in result["latencies"].items():
        if values:
            parts.append(f"{kind} p50 {statistics.median(values):.1f} / p95 {percentile(values, 0.95):.1f}"
                         + (f" / p99 {percentile(values, 0.99):.1f}" if kind not in ("api", "page") else ""))
    parts.append(f"CPU per request: server {result['server_cpu'] * per_request:.1f} ms, "
                 f"clients {result['client_cpu'] * per_request:.1f} ms")
    if result["errors"]:
        parts.append(f"{len(result['errors'])} non-200 answers, e.g. {result['errors'][0]}")
    return " | ".join(parts)


def corpus_requests(corpus: Path, count: int) -> list[tuple[str, dict, str]]:
    """Return ``count`` distinct API searches made from a synthetic corpus's paragraphs, with their query type."""
    from bench.queries import make_queries  # the corpus's queries: only for the workload ``corpus``

    return [("/api/search", {"q": q.text, **({"lang": q.filter_lang, "translate": "1"} if q.translate else {})},
             q.kind) for q in make_queries(corpus, count)]


def serve_and_measure(index_dir: Path, args) -> None:
    """Start the app over ``index_dir`` (with its result cache, then without) and print the figures of each level."""
    levels = [int(c) for c in args.levels.split(",")]
    mixes = args.mix.split(",")
    caches = args.result_cache.split(",")
    fresh = iter(fresh_requests(args.requests * (len(levels) + 1) * len(caches)))
    corpus = iter(corpus_requests(args.corpus, (args.requests * len(levels) + 100) * len(caches))
                  if "corpus" in mixes else ())
    for cache in caches:
        port = free_port()
        server = start_app(index_dir, port, args.threads, args.workers, cache=cache == "on")
        try:
            threads = args.threads or "the default number of"
            print(f"app: python -m search_app on {HOST}:{port}, {args.workers} worker(s) x {threads} waitress "
                  f"threads, result cache {cache}, {os.cpu_count()} CPUs (clients included); mix of {len(MIX)} "
                  "requests", flush=True)
            run_level(port, 8, 8 * len(MIX), 30)  # warm-up of every worker: searchers, lemma caches, templates
            run_level(port, 8, args.requests // 2, 30, fresh)  # warm-up of the paths distinct requests take
            if "corpus" in mixes:
                run_level(port, 8, 100, 30, corpus)
            for mix in mixes:
                print(f"{mix}: " + {"mix": "the mix, cycled (repeated searches are answered from the result cache)",
                                    "fresh": "distinct searches of the UNPC dev set's words, each asked once",
                                    "corpus": f"distinct API searches made from {args.corpus}, each asked once"}[mix],
                      flush=True)
                for clients in levels:
                    before = cpu_seconds(server.pid)
                    result = run_level(port, clients, args.requests, args.seconds,
                                       fresh if mix == "fresh" else corpus if mix == "corpus" else None)
                    result["server_cpu"] = cpu_seconds(server.pid) - before
                    print(report(clients, result), flush=True)
        finally:
            server.terminate()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an index to serve (default: build the pool's in a temp dir)")
    parser.add_argument("--requests", type=int, default=1500, help="requests per level (at most)")
    parser.add_argument("--seconds", type=float, default=60, help="seconds per level (at most)")
    parser.add_argument("--levels", default="1,5,20")
    parser.add_argument("--mix", default="mix,fresh",
                        help="what the clients ask, comma-separated: mix (the fixed mix, cycled), fresh (distinct "
                             "searches of the dev set's words), corpus (distinct searches of --corpus)")
    parser.add_argument("--threads", type=int, help="waitress threads per worker (default: the app's, 1 with several "
                                                    "workers)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: CPUs)")
    parser.add_argument("--corpus", type=Path, help="a corpus of bench/synthetic.py: the workload corpus asks its words")
    parser.add_argument("--result-cache", default="on", help="on, off, or on,off: serve with the app's result cache, "
                                                             "without it, or both in turn")
    args = parser.parse_args()
    if "corpus" in args.mix.split(",") and (args.corpus is None or args.index is None):
        parser.error("--mix corpus needs --corpus DIR and --index (the index of that corpus)")
    on_pool_index(args.index, serve_and_measure, args)


def on_pool_index(index_dir: Path | None, run, args) -> None:
    """Call ``run(index_dir, args)``; without ``index_dir``, on the pool's index built in a temp dir (removed after)."""
    if index_dir is not None:
        run(index_dir, args)
        return
    index_dir = Path(tempfile.mkdtemp(prefix="bench-web-ix-"))
    try:
        print(build_index(index_dir), flush=True)
        run(index_dir, args)
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
