"""Web memory benchmark: the app's resident memory after 100 distinct searches and after 10,000.

Serves an index of a ``bench/synthetic.py`` corpus (as ``bench/scale.py``
leaves them: ``--index W/index-20000-p2 --corpus W/corpus-20000``) with
``python -m search_app`` (waitress, ``make run``'s defaults: one worker per
core) on 127.0.0.1, asks distinct API searches made from the corpus
(``bench/queries.py``: words, pairs, three words, phrases, prefixes, across
languages), each once, from one client, and reads ``VmRSS`` of the server
and of each worker from ``/proc`` at the checkpoints.  Target (issue 25): the
resident memory after 10,000 searches within 1.5x of its size after the
first 100.  Every wait is bounded; the server is stopped by its process id.

    python bench/web_memory.py --index W/index-20000-p2 --corpus W/corpus-20000 [--searches 10000]
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.web import HOST, corpus_requests, cpu_seconds, free_port, start_app  # noqa: E402

CHECKPOINTS = (100, 1_000, 2_500, 5_000, 7_500, 10_000)


def processes(pid: int) -> list[int]:
    """Return ``pid`` and its children (the workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid, *map(int, children)]


def resident_kb(pid: int) -> int:
    """Return a process's resident memory (``VmRSS``, kB), 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(port: int, pid: int, requests: list, checkpoints: tuple[int, ...], max_seconds: float) -> list[dict]:
    """Ask ``requests`` one after the other; return the memory of every process of the app at each checkpoint."""
    rows, errors = [], 0
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    deadline = time.monotonic() + max_seconds
    started = time.perf_counter()
    for n, (path, params, _) in enumerate(requests, 1):
        conn.request("GET", path + "?" + urllib.parse.urlencode(params))
        response = conn.getresponse()
        response.read()
        errors += response.status != 200
        if n in checkpoints or time.monotonic() > deadline:
            memory = {p: resident_kb(p) for p in processes(pid)}
            rows.append({"searches": n, "memory": memory, "errors": errors, "cpu": cpu_seconds(pid),
                         "seconds": time.perf_counter() - started})
            line = ", ".join(f"{p}: {kb / 1024:,.0f}" for p, kb in memory.items())
            print(f"after {n:>6,} searches ({rows[-1]['seconds']:.0f} s, server CPU {rows[-1]['cpu']:.0f} s, "
                  f"{errors} errors): resident MB {line}; total {sum(memory.values()) / 1024:,.0f}", flush=True)
            if time.monotonic() > deadline:
                print(f"stopped at {max_seconds:.0f} s")
                break
    conn.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index of --corpus (bench/scale.py's)")
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus of bench/synthetic.py")
    parser.add_argument("--searches", type=int, default=CHECKPOINTS[-1])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: CPUs)")
    parser.add_argument("--seconds", type=float, default=1800, help="at most this long asking")
    args = parser.parse_args()
    requests = corpus_requests(args.corpus, args.searches)
    distinct = len({(path, tuple(sorted(params.items()))) for path, params, _ in requests})
    print(f"{len(requests):,} searches ({distinct:,} distinct) of {args.corpus.name} on {args.index.name}, "
          f"{args.workers} worker(s); load average {os.getloadavg()[0]:.1f}")
    port = free_port()
    server = start_app(args.index, port, None, args.workers)
    try:
        rows = measure(port, server.pid, requests, tuple(c for c in CHECKPOINTS if c < args.searches)
                       + (args.searches,), args.seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except Exception:
            server.kill()
            server.wait(timeout=30)
    first, last = rows[0], rows[-1]
    before, after = sum(first["memory"].values()), sum(last["memory"].values())
    print(f"resident memory after {last['searches']:,} searches / after {first['searches']:,}: "
          f"{after / 1024:,.0f} / {before / 1024:,.0f} MB = {after / before:.2f}x (target <= 1.5x); "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
