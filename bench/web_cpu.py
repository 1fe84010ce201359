"""Web benchmark, in process: the CPU time of each fresh search, by kind, and where it goes.

Runs the app's request handlers through Flask's test client (no server, no
network, no other process), over the distinct searches of ``bench/web.py``
(made from the UNPC dev set's sentences, each asked once), after a warm-up of
the fixed mix and of other fresh searches.  CPU time is the process's own, so
the figure is steadier than latency on a shared machine; the server adds
waitress's share to it.  ``--profile`` prints the functions that took most of it.  With ``--opensearch URL``
the index ``--index`` names on that cluster is searched (the app's share of the CPU only).

    python bench/web_cpu.py [--index DIR] [--opensearch URL] [--requests 600] [--warm 400] [--budget 2]
                            [--profile 30]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.web import MIX, fresh_requests, on_pool_index  # noqa: E402
from search_app import create_app  # noqa: E402

KINDS = {"page": "search pages across languages", "api_translate": "API across languages", "api": "API"}


def kind_of(path: str, params: dict) -> str:
    """Return which of :data:`KINDS` a request is."""
    if path == "/":
        return "page"
    return "api_translate" if params.get("translate") else "api"


def measure(client, requests: list[tuple[str, dict]]) -> dict[str, list[float]]:
    """Ask each request once; return the CPU seconds of each, by kind.  A non-200 answer stops the run."""
    out: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for path, params in requests:
        started = time.process_time()
        response = client.get(path + "?" + urllib.parse.urlencode(params))
        out[kind_of(path, params)].append(time.process_time() - started)
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} for {path} {params}: {response.get_data(as_text=True)[-300:]}")
    return out


def run(index_dir: Path, args) -> None:
    client = create_app({"INDEX_DIR": str(index_dir), "OPENSEARCH": args.opensearch,
                         "SEARCH_BUDGET": args.budget}).test_client()
    fresh = fresh_requests(args.warm + args.requests)
    for path, params in MIX * 3:  # searchers, lemma caches, templates
        client.get(path + "?" + urllib.parse.urlencode(params))
    measure(client, fresh[:args.warm])
    asked = fresh[args.warm:]
    profile = cProfile.Profile() if args.profile else None
    if profile:
        profile.enable()
    taken = measure(client, asked)
    if profile:
        profile.disable()
    every = [s for seconds in taken.values() for s in seconds]
    print(f"{len(every)} fresh requests after {args.warm} others: {sum(every) / len(every) * 1000:.2f} ms of CPU "
          f"per request" + (" (under the profiler)" if profile else ""))
    for kind, seconds in taken.items():
        if seconds:
            print(f"  {KINDS[kind]}: {len(seconds)}, {sum(seconds) / len(seconds) * 1000:.2f} ms each")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an index of the pool (default: build one in a temp dir); with "
                        "--opensearch, the index (alias) on the cluster")
    parser.add_argument("--opensearch", metavar="URL", help="search the index --index names on this cluster")
    parser.add_argument("--requests", type=int, default=600, help="fresh requests measured")
    parser.add_argument("--warm", type=int, default=400, help="fresh requests asked before, not measured")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="seconds a search may take (the app's SEARCH_BUDGET; more on a loaded machine)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile, and print the top N functions")
    args = parser.parse_args()
    if args.opensearch and args.index is None:
        parser.error("--opensearch needs --index: the index on the cluster")
    on_pool_index(args.index, run, args)


if __name__ == "__main__":
    main()
