"""Memory of the web app across generation switches: what one process keeps after each ``update``.

Builds an index of the corpus pool (as ``bench/web.py``, or a smaller set
with ``--folders``) and of a folder of notes, creates the app in this process
and asks a fixed set of searches through Flask's test client (some across
languages, ``translate=1``); then, ``--switches`` times, writes one small new
file into the sources, publishes a new generation with ``python -m indexer
update`` (another process) and asks the same searches again.  After each
switch it prints the RSS (``VmRSS``), the time the searches took, the objects
by type that grew since the first round, the largest ``tracemalloc`` growths
(with ``--trace``, which slows everything down) and the sizes of the caches
that grew (:func:`indexer.caches.catalog.report`).

    python bench/generation_memory.py [--switches 6] [--folders un-charter,udhr,...] [--trace] [--index DIR]
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.web import FOLDERS, POOL  # noqa: E402

QUERIES = (
    ("мигрантов", False), ("права человека", True), ("human rights", True), ("Security Council", True),
    ("sustainable development", False), ('"General Assembly"', True), ("migra*", False), ("peace OR security", True),
    ("developmnt~", False), ("year:2015 water", False), ("устойчивого развития", True), ("women", True),
)


def rss_mb() -> float:
    """Return this process's resident set size in MB (``VmRSS``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def indexer(*args: str) -> None:
    """Run ``python -m indexer ARGS`` in another process; raise if it fails."""
    done = subprocess.run([sys.executable, "-m", "indexer", *args, "--no-progress"], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"indexer {args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")


def ask(client, round_no: int) -> float:
    """Ask every query of :data:`QUERIES` once (a distinct page per round, so no result cache answers); return seconds."""
    started = time.perf_counter()
    for q, across in QUERIES:
        params = {"q": q, "limit": "20", "offset": str(round_no % 3)}
        if across:
            params["translate"] = "1"
        response = client.get("/api/search", query_string=params)
        if response.status_code != 200:
            raise SystemExit(f"{q!r}: HTTP {response.status_code}: {response.get_data(as_text=True)[:300]}")
    return time.perf_counter() - started


def object_counts() -> collections.Counter:
    """Return the live objects tracked by the collector, by type name."""
    gc.collect()
    return collections.Counter(type(o).__name__ for o in gc.get_objects())


def cache_sizes() -> dict[str, int]:
    """Return the size of every declared cache (entries, or its weight when it has one)."""
    from indexer.caches import catalog

    return {c["name"]: (c.get("weight") or c["size"] or 0) + c.get("objects", 0) for c in catalog.report()["caches"]}


def write_change(sources: Path, n: int) -> None:
    """Write the ``n``-th new file into the sources: a short English note (a new document, a new generation)."""
    sources.mkdir(parents=True, exist_ok=True)
    (sources / f"note-{n:03d}.txt").write_text(
        f"Note {n} on the peace and security of migrants.\n\nHuman rights and sustainable development, note {n}.\n",
        encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=6)
    parser.add_argument("--folders", default=",".join(FOLDERS), help="folders of the corpus pool to index")
    parser.add_argument("--pool", type=Path, default=POOL, help="the corpus pool (default: %(default)s)")
    parser.add_argument("--trace", action="store_true", help="also show tracemalloc's largest growths")
    parser.add_argument("--index", type=Path, help="work folder to keep (default: a temporary one)")
    args = parser.parse_args(argv)

    work = args.index or Path(tempfile.mkdtemp(prefix="genmem-"))
    sources, index_dir = work / "sources", work / "index"
    if not index_dir.exists():
        write_change(sources, 0)
        folders = [str(args.pool / name) for name in args.folders.split(",")]
        missing = [f for f in folders if not Path(f).is_dir()]
        if missing:
            raise SystemExit(f"no such folder: {', '.join(missing)}")
        started = time.perf_counter()
        indexer("build", *folders, str(sources), "--index", str(index_dir))
        print(f"built {index_dir} from {args.folders} in {time.perf_counter() - started:.0f} s", flush=True)

    import search_app
    from search_app import index as live

    app = search_app.create_app({"INDEX_DIR": str(index_dir), "WARM": True})
    client = app.test_client()
    if args.trace:
        tracemalloc.start(12)
    seconds = ask(client, 0)
    seconds = ask(client, 0)  # the second round: warm
    gc.collect()
    base_rss, base_objects, base_caches = rss_mb(), object_counts(), cache_sizes()
    base_trace = tracemalloc.take_snapshot() if args.trace else None
    print(f"switch 0: RSS {base_rss:.1f} MB, searches {seconds * 1000:.0f} ms", flush=True)
    previous = base_rss
    growth = []
    first = len(list(sources.glob("note-*.txt")))  # a work folder kept from a run before has its notes
    for n in range(1, args.switches + 1):
        write_change(sources, first + n)
        indexer("update", "--index", str(index_dir))
        ask(client, n)
        while app.extensions[live.EXTENSION]._cross is None or app.extensions[live.EXTENSION]._cross[0] \
                != app.extensions[live.EXTENSION].generation:
            time.sleep(0.05)  # the warming thread reads the new generation's data
        seconds = ask(client, n)
        gc.collect()
        rss = rss_mb()
        growth.append(rss - previous)
        print(f"switch {n}: generation {app.extensions[live.EXTENSION].generation}, RSS {rss:.1f} MB "
              f"({rss - previous:+.1f}), searches {seconds * 1000:.0f} ms", flush=True)
        previous = rss
        grown = (object_counts() - base_objects).most_common(8)
        print("  objects grown:", ", ".join(f"{name} +{count}" for name, count in grown))
        caches = cache_sizes()
        changed = {k: (base_caches.get(k, 0), v) for k, v in caches.items() if v != base_caches.get(k, 0)}
        print("  caches grown:", ", ".join(f"{k} {a}->{b}" for k, (a, b) in sorted(changed.items())) or "none")
        if base_trace is not None:
            for stat in tracemalloc.take_snapshot().compare_to(base_trace, "lineno")[:6]:
                print("   ", stat)
    steady = growth[1:] or growth
    print(f"RSS growth per switch: mean {sum(steady) / len(steady):+.1f} MB over switches 2..{args.switches} "
          f"(first {growth[0]:+.1f} MB); total {previous - base_rss:+.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
