"""A bounded load test with hostile queries: 20 clients, 5% slow searches, 1% exports, against ``python -m search_app``.

Run: ``PYTHONPATH=. python bench/hostile_load.py [--index DIR] [--seconds 30] [--workers 1] [--rounds 1]
[--hostile fixed|distinct] [--cpus 1]``
(without ``--index`` the pool's index is built in a temp dir, as :mod:`bench.web` does).  The ordinary
searches are distinct, each asked once (:func:`bench.web.fresh_requests`: words of the UNPC dev set's
sentences, a quarter of them search pages and a quarter across languages), so no result cache answers
them, in either run.  Each round runs the ordinary searches alone, then beside the hostile requests, back
to back on one server (short runs and several rounds spread a busy machine's other work over both
sides).  Prints, per round, the requests that took longer than their budget + 1 s (must be
0), the HTTP 500s (must be 0), the statuses of the hostile requests, the server's CPU, and the p95 of the
ordinary searches alone and beside the hostile ones (target: within 2×).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import threading
import time
import urllib.parse
from pathlib import Path

from bench.web import HOST, MIX, cpu_seconds, free_port, fresh_requests, on_pool_index, percentile, run_level, \
    start_app

SEARCH_BUDGET, EXPORT_BUDGET = 2.0, 30.0
HOSTILE = (
    ("/api/search", {"q": "*"}), ("/api/search", {"q": "*", "translate": "1"}), ("/api/search", {"q": "?*?*?*"}),
    ("/api/search", {"q": ",".join(["law", "aid", "war", "sea", "state", "child", "woman", "court"] * 25)[:999]
                     .rstrip(","), "translate": "1"}),
    ("/api/search", {"q": " ".join(["word~2"] * 32)}),
)
EXPORTS = (("/export.csv", {"q": "*"}), ("/export.tmx", {"q": "*"}))
PER_SECOND = 60  # ordinary searches drawn per client-second: more than a saturated server answers
SCRIPTS = ("abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщэюя")


def distinct_hostile(seed: int = 7):
    """Yield slow searches none of which repeats (no cache answers them), as an attacker would vary them.

    In turn: two-letter prefixes (``tr*``), infixes (``*ое*``), one-letter patterns (``к*``, ``?*a*``, ``*s``)
    and words of the dev set with two edits (``council~2``); a kind that runs out is left out.
    """
    rng = random.Random(seed)
    pairs = [a + b for letters in SCRIPTS for a in letters for b in letters]
    singles = [form.format(a) for letters in SCRIPTS for a in letters for form in ("{}*", "?*{}*", "*{}")]
    words = list(dict.fromkeys(q["q"].lower() for _, q in fresh_requests(4000) if " " not in q["q"]))
    kinds = [("{}*", iter(rng.sample(pairs, len(pairs)))), ("*{}*", iter(rng.sample(pairs, len(pairs)))),
             ("{}", iter(rng.sample(singles, len(singles)))), ("{}~2", iter(words))]
    while kinds:
        for kind in list(kinds):
            text = next(kind[1], None)
            if text is None:
                kinds.remove(kind)
            else:
                yield "/api/search", {"q": kind[0].format(text)}


def run(port: int, clients: int, seconds: float, hostile: bool, ordinary_requests, varied=None) -> dict:
    """Fire the mix from ``clients`` threads for ``seconds``; return latencies of ordinary searches and the faults.

    ``ordinary_requests`` is an iterator of distinct requests, shared by the clients: each is asked once;
    so is ``varied`` (:func:`distinct_hostile`), if given, for the hostile searches (else :data:`HOSTILE`).
    """
    ordinary: list[float] = []
    over: list[str] = []
    statuses: dict[str, dict[int, int]] = {"ordinary": {}, "hostile": {}, "export": {}}
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
                with lock:
                    taken = next(varied) if varied is not None else rng.choice(HOSTILE)
                (path, params), kind, limit = taken, "hostile", SEARCH_BUDGET + 1
            else:
                with lock:
                    taken = next(ordinary_requests, None)
                if taken is None:
                    break
                (path, params), kind, limit = taken, "ordinary", SEARCH_BUDGET + 1
            url = path + "?" + urllib.parse.urlencode(params)
            started = time.perf_counter()
            conn.request("GET", url)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                statuses[kind][response.status] = statuses[kind].get(response.status, 0) + 1
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
    """Run ``args.rounds`` rounds (ordinary alone, then with hostile requests) on one server; print each ratio."""
    port = free_port()
    wanted = int(args.clients * args.seconds * PER_SECOND) * (2 * args.rounds + 1)
    fresh = iter(fresh_requests(wanted))
    varied = iter(list(distinct_hostile())) if args.hostile == "distinct" else None  # made before timing
    server = start_app(index_dir, port, None, args.workers)  # stopped in the finally below
    print(f"server: {args.workers} worker(s), default threads; {args.clients} clients, {args.seconds:g} s a run; "
          f"ordinary searches distinct, each asked once; hostile searches {args.hostile}", flush=True)
    ratios, pooled = [], {"ordinary only": [], "with hostile": []}
    try:
        run_level(port, 8, 8 * len(MIX), 30)  # warm-up of every worker: searchers, lemma caches, templates
        run(port, args.clients, min(10.0, args.seconds), False, fresh)  # warm-up of the paths distinct searches take
        for n in range(args.rounds):
            results = {}
            for name, hostile in (("ordinary only", False), ("with hostile", True)):
                before = cpu_seconds(server.pid)
                results[name] = run(port, args.clients, args.seconds, hostile, fresh, varied)
                results[name]["cpu"] = cpu_seconds(server.pid) - before
            ratios.append(report(n + 1, results))
            for name, result in results.items():
                pooled[name] += result["ordinary"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    calm, rough = (percentile(pooled[name], 0.95) for name in ("ordinary only", "with hostile"))
    print(f"p95 ratios by round: {', '.join(f'{r:.2f}' for r in ratios)}; all rounds together: p95 {calm:.0f} ms "
          f"alone, {rough:.0f} ms with hostile, ratio {rough / max(1e-9, calm):.2f} (target within 2)")


def report(round_number: int, results: dict) -> float:
    """Print one round's figures; return its p95 ratio."""
    for name, result in results.items():
        ordinary = result["ordinary"]
        print(f"round {round_number}, {name}: {len(ordinary)} ordinary searches, p95 "
              f"{percentile(ordinary, 0.95):.0f} ms, server CPU {result['cpu']:.1f} s; statuses "
              f"{ {k: v for k, v in result['statuses'].items() if v} }; over budget + 1 s: {len(result['over'])}")
        for line in result["over"][:10]:
            print("   ", line)
    calm, rough = results["ordinary only"], results["with hostile"]
    ratio = percentile(rough["ordinary"], 0.95) / max(1e-9, percentile(calm["ordinary"], 0.95))
    fives = sum(r["statuses"][kind].get(500, 0) for r in (calm, rough) for kind in r["statuses"])
    print(f"round {round_number}: over budget + 1 s: {len(calm['over']) + len(rough['over'])} (must be 0); "
          f"HTTP 500s: {fives} (must be 0); p95 ratio {ratio:.2f} (target within 2)", flush=True)
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an index to serve (default: build the pool's in a temp dir)")
    parser.add_argument("--seconds", type=float, default=30, help="seconds per run (two runs a round)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of both runs, back to back")
    parser.add_argument("--hostile", choices=("fixed", "distinct"), default="fixed",
                        help="the slow searches: the fixed list (repeated: the result cache answers some) or "
                             "distinct ones (patterns, fuzzy words), each asked once")
    parser.add_argument("--cpus", type=int, help="run the clients and the server on this many cores only (as on a "
                                                  "machine busy with other work; Linux)")
    args = parser.parse_args()
    if args.cpus:
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[-args.cpus:]))  # the server inherits it
    on_pool_index(args.index, measure, args)


if __name__ == "__main__":
    main()
