"""A bounded load test with hostile queries: 20 clients, 5% slow searches, 1% exports, against ``python -m search_app``.

Run: ``PYTHONPATH=. python bench/hostile_load.py [--index DIR] [--seconds 60]`` (without ``--index``
the pool's index is built in a temp dir, as :mod:`bench.web` does).  Prints the requests that took
longer than their budget + 1 s (must be 0), the HTTP 500s (must be 0), and the p95 of the ordinary
searches alone and beside the hostile ones (target: within 2×).
"""

from __future__ import annotations

import argparse
import http.client
import random
import threading
import time
import urllib.parse
from pathlib import Path

from bench.web import HOST, MIX, free_port, on_pool_index, percentile, start_app

SEARCH_BUDGET, EXPORT_BUDGET = 2.0, 30.0
HOSTILE = (
    ("/api/search", {"q": "*"}), ("/api/search", {"q": "*", "translate": "1"}), ("/api/search", {"q": "?*?*?*"}),
    ("/api/search", {"q": ",".join(["law", "aid", "war", "sea", "state", "child", "woman", "court"] * 25)[:999]
                     .rstrip(","), "translate": "1"}),
    ("/api/search", {"q": " ".join(["word~2"] * 32)}),
)
EXPORTS = (("/export.csv", {"q": "*"}), ("/export.tmx", {"q": "*"}))


def run(port: int, clients: int, seconds: float, hostile: bool) -> dict:
    """Fire the mix from ``clients`` threads for ``seconds``; return latencies of ordinary searches and the faults."""
    ordinary: list[float] = []
    over: list[str] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection(HOST, port, timeout=EXPORT_BUDGET + 30)
        while time.monotonic() < deadline:
            roll = rng.random()
            if hostile and roll < 0.01:
                (path, params), kind, limit = rng.choice(EXPORTS), "export", EXPORT_BUDGET + 1 + 2  # + its wait
            elif hostile and roll < 0.06:
                (path, params), kind, limit = rng.choice(HOSTILE), "hostile", SEARCH_BUDGET + 1
            else:
                (path, params), kind, limit = rng.choice(MIX), "ordinary", SEARCH_BUDGET + 1
            url = path + "?" + urllib.parse.urlencode(params)
            started = time.perf_counter()
            conn.request("GET", url)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if kind == "ordinary":
                    ordinary.append(elapsed * 1000)
                if elapsed > limit:
                    over.append(f"{elapsed:.1f} s {url[:80]}")
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"ordinary": ordinary, "over": over, "statuses": statuses}


def measure(index_dir: Path, args) -> None:
    port = free_port()
    server = start_app(index_dir, port, None, 1)
    try:
        calm = run(port, args.clients, args.seconds, hostile=False)
        rough = run(port, args.clients, args.seconds, hostile=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, result in (("ordinary only", calm), ("with hostile", rough)):
        print(f"{name}: {len(result['ordinary'])} ordinary searches, p95 {percentile(result['ordinary'], 0.95):.0f} ms;"
              f" statuses {result['statuses']}; over budget + 1 s: {len(result['over'])}")
        for line in result["over"][:10]:
            print("   ", line)
    ratio = percentile(rough["ordinary"], 0.95) / max(1e-9, percentile(calm["ordinary"], 0.95))
    print(f"over budget + 1 s: {len(calm['over']) + len(rough['over'])} (must be 0); HTTP 500s: "
          f"{calm['statuses'].get(500, 0) + rough['statuses'].get(500, 0)} (must be 0); p95 ratio {ratio:.2f} "
          "(target within 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an index to serve (default: build the pool's in a temp dir)")
    parser.add_argument("--seconds", type=float, default=60, help="seconds per run (two runs)")
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    on_pool_index(args.index, measure, args)


if __name__ == "__main__":
    main()
