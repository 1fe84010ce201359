"""OpenSearch beside Whoosh in one run: indexing paragraphs/s, and search latency through the web app.

A synthetic corpus of realistic UN paragraphs (:mod:`bench.synthetic`) is
built with ``python -m indexer build --procs 2`` into an index folder (Whoosh)
and into an OpenSearch cluster (``--opensearch URL``: ``make opensearch`` starts
a local one), timed end to end (reading, linking, aligning, writing; the
lexicon too on Whoosh).  Each index is then served by ``python -m search_app``
(two workers) and asked distinct searches made from the UNPC dev set's
sentences (:func:`bench.web.fresh_requests`; ``--own-words`` leaves those
across languages out), each once, from 1 and 20 client threads over
keep-alive connections.  Targets on two cores with the cluster on the same
machine: indexing >= 3,000 paragraphs/s, p95 <= 50 ms at one client.

    python bench/opensearch.py [--paragraphs 200000] [--url http://127.0.0.1:9201] [--levels 1,20]
                               [--requests 400] [--seconds 60] [--work DIR] [--engines whoosh,opensearch]
                               [--own-words]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import synthetic, web  # noqa: E402

ALIAS = "bench-opensearch"
WORKERS = 2


def corpus(work: Path, paragraphs: int) -> Path:
    """Return the synthetic corpus of about ``paragraphs`` paragraphs under ``work`` (written once)."""
    folder = work / f"corpus-{paragraphs}"
    if not folder.is_dir():
        files, written = synthetic.write_corpus(folder, paragraphs)
        print(f"corpus: {files} files, {written} paragraphs in {folder}", flush=True)
    return folder


def build(engine: str, source: Path, work: Path, url: str, procs: int) -> tuple[str, dict]:
    """Build ``source`` with ``engine``; return what names the index to the app and the build's figures."""
    where = ["--opensearch", url, "--index", ALIAS] if engine == "opensearch" else ["--index", str(work / "whoosh")]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "indexer", "build", str(source), *where, "--procs", str(procs),
                           "--json", "--no-progress"], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "UN_SEARCH_DICTIONARY": ""})
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"the {engine} build failed:\n{done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    return where[-1], {"paragraphs": summary["paragraphs"], "seconds": seconds}


def serve_and_measure(engine: str, index: str, url: str, args) -> list[str]:
    """Serve ``index`` with the app and return a line of figures per level of concurrency."""
    port = web.free_port()
    extra = ("--opensearch", url) if engine == "opensearch" else ()
    server = web.start_app(index, port, None, WORKERS, extra)
    levels = [int(c) for c in args.levels.split(",")]
    wanted = [r for r in web.fresh_requests(args.requests * (len(levels) + 2) * 2)
              if not (args.own_words and "translate" in r[1])]
    fresh = iter(wanted)
    lines = []
    try:
        web.run_level(port, 4, args.requests // 2, 30, fresh)  # warm-up: every worker, the paths searches take
        for clients in levels:
            before = web.cpu_seconds(server.pid)
            result = web.run_level(port, clients, args.requests, args.seconds, fresh)
            result["server_cpu"] = web.cpu_seconds(server.pid) - before
            lines.append(f"{engine}: " + web.report(clients, result))
    finally:
        server.terminate()
        server.wait(10)
    return lines


def drop_cluster_index(url: str) -> None:
    """Delete the benchmark's generations from the cluster."""
    from indexer.engine.opensearch import connection  # the client: only when the cluster was used

    connection.connect(url).indices.delete(index=f"{ALIAS}-*", ignore_unavailable=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--url", default=os.environ.get("UN_SEARCH_OPENSEARCH") or "http://127.0.0.1:9201",
                        help="the OpenSearch cluster (default: $UN_SEARCH_OPENSEARCH, else the local one)")
    parser.add_argument("--procs", type=int, default=2, help="processes that read, align and write")
    parser.add_argument("--levels", default="1,20")
    parser.add_argument("--requests", type=int, default=400, help="distinct searches per level (at most)")
    parser.add_argument("--seconds", type=float, default=60, help="seconds per level (at most)")
    parser.add_argument("--work", type=Path, help="folder for the corpus and the Whoosh index (default: a temp dir)")
    parser.add_argument("--engines", default="whoosh,opensearch")
    parser.add_argument("--own-words", action="store_true", help="leave the searches across languages out")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-opensearch-"))
    work.mkdir(parents=True, exist_ok=True)
    source = corpus(work, args.paragraphs)
    engines = args.engines.split(",")
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} (other work on the machine makes the "
          f"figures noisy); cluster {args.url}", flush=True)
    try:
        for engine in engines:
            index, figures = build(engine, source, work, args.url, args.procs)
            print(f"{engine}: built {figures['paragraphs']} paragraphs in {figures['seconds']:.1f} s = "
                  f"{figures['paragraphs'] / figures['seconds']:,.0f} paragraphs/s with --procs {args.procs}",
                  flush=True)
            for line in serve_and_measure(engine, index, args.url, args):
                print(line, flush=True)
    finally:
        if "opensearch" in engines:
            drop_cluster_index(args.url)


if __name__ == "__main__":
    main()
