"""Two checkouts on the same corpus and the same distinct queries: CPU per search by type, for before/after figures.

The corpus (``bench/synthetic.py``) and the queries (``bench/queries.py``) are
made once by this checkout; each checkout named builds its own index of the
corpus with its own code (``python -m indexer build``) and asks every query
once in its own process, the engine's cache of evaluated queries cleared
before each (what a query costs the first time it is asked).  Printed per
checkout and type: the mean and p95 of the CPU milliseconds per search
(``time.process_time``, so a busy machine changes them little).  ``--rounds``
asks the queries again in a new process, the checkouts in turn.

    python bench/checkouts.py ../old-checkout . [--paragraphs 20000] [--queries 600] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.queries import make_queries  # noqa: E402
from bench.synthetic import write_corpus  # noqa: E402

WARM_UP = 60  # asked first, not timed: the postings a new user's first search reads are not the point

_CHILD = """
import json, statistics, sys, time
sys.path.insert(0, {root!r})
from indexer.engine import fastsearch
from indexer.search.request import SearchRequest, search
from indexer.storage import crosslang, generations
asked = json.loads(sys.stdin.read())
ix = generations.open_index({index!r})
data = crosslang.for_index(ix)
cpu = {{}}
with ix.searcher() as searcher:
    for n, q in enumerate(asked):
        fastsearch.EVALUATED.clear()
        started = time.process_time()
        search(searcher, SearchRequest(query=q["text"], lang=q["filter_lang"], translate=q["translate"]),
               crosslang=data)
        if n >= {warm}:
            cpu.setdefault(q["kind"], []).append((time.process_time() - started) * 1000)
print(json.dumps(cpu))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def build(code: Path, corpus: Path, index: Path) -> None:
    """Build ``corpus`` into ``index`` with the code of the checkout ``code``."""
    subprocess.run([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index), "--procs", "2"],
                   cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def asked(code: Path, index: Path, queries: list[dict]) -> dict[str, list[float]]:
    """Return the CPU milliseconds of each timed query by type, asked by the checkout ``code``."""
    done = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(code), index=str(index), warm=WARM_UP)],
                          input=json.dumps(queries), capture_output=True, text=True, check=True, cwd=code)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", nargs="+", type=Path, help="folders of the checkouts to compare")
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=600, help="distinct queries timed, all types in turn")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-checkouts-") as work:
        corpus = Path(work) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, args.paragraphs)
        queries = [asdict(q) for q in make_queries(corpus, WARM_UP + args.queries)]
        indexes = [Path(work) / f"index-{n}" for n in range(len(args.checkouts))]
        for code, index in zip(args.checkouts, indexes):
            build(code.resolve(), corpus, index)
        for round_ in range(1, args.rounds + 1):
            for code, index in zip(args.checkouts, indexes):
                cpu = asked(code.resolve(), index, queries)
                cpu["all"] = [v for values in cpu.values() for v in values]
                print(f"round {round_}, {code}:")
                for kind, values in cpu.items():
                    print(f"  {kind:12} {len(values):4} searches, CPU mean {sum(values) / len(values):6.2f} ms, "
                          f"p95 {percentile(values, 0.95):6.2f} ms")


if __name__ == "__main__":
    main()
