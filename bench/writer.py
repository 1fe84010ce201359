"""Writer benchmark: the CPU seconds of writing paragraphs into Whoosh segments, apart from reading and aligning.

The synthetic corpus of ``bench/synthetic.py`` is read, linked and aligned
once; then its paragraphs are written into a fresh generation, ``--rounds``
times, each time in a forked process (so that every round starts from the
same state, the analyzers' caches empty) by the build's own writing path
(``--procs 1``: that process's writer; more: writers it forks, a segment
each).  Printed per round: the CPU seconds of the writing (``RUSAGE_CHILDREN``),
per paragraph, and the writers' peak resident memory, for each pool in turn:
``term`` (:mod:`indexer.engine.posting_pool`, what the build uses) and ``whoosh``
(Whoosh's own).  ``--profile FILE`` writes a cProfile of one ``--procs 1``
round with the first pool.

    python bench/writer.py [--paragraphs 20000] [--procs 1] [--rounds 3] [--pools term,whoosh] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_corpus  # noqa: E402
from indexer.build import commit  # noqa: E402
from indexer.build.options import DEFAULT_LIMITMB  # noqa: E402
from indexer.build.pipeline import read_files  # noqa: E402
from indexer.align import pairing  # noqa: E402
from indexer.ingest import formats as parsing
from indexer.engine import posting_pool
from indexer.storage import generations as store
from indexer.align.linking import link_versions  # noqa: E402


def prepared(corpus: Path) -> commit.Writes:
    """Return what a build of ``corpus`` writes: its documents, groups and aligned pairs."""
    read = read_files(parsing.discover([corpus]))
    groups, _ = link_versions(read.documents)
    return commit.Writes(read.documents, groups, pairing.pair_groups(groups, procs=1))


def cpu() -> tuple[float, float]:
    """Return the CPU seconds (user, system) of this process's ended children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime, children.ru_stime


def write_round(writes, procs: int, profile: Path | None = None) -> tuple[float, float, int]:
    """Write ``writes`` into a fresh generation with ``procs`` processes, in a forked process; return its CPU seconds
    (user, system) and the peak resident memory (kB) of the process that wrote most."""
    index_dir = Path(tempfile.mkdtemp(prefix="bench-writer-"))
    try:
        gen = store.new_generation(index_dir)
        user, system = cpu()
        mine, theirs = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                if profile:
                    profiler = cProfile.Profile()
                    profiler.runcall(commit.write_and_commit, gen, writes, procs=procs,
                                     limitmb=DEFAULT_LIMITMB)
                    profiler.dump_stats(str(profile))
                else:
                    commit.write_and_commit(gen, writes, procs=procs, limitmb=DEFAULT_LIMITMB)
                peak = max(resource.getrusage(who).ru_maxrss
                           for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
                os.write(theirs, str(peak).encode())
            finally:
                os._exit(0)
        os.close(theirs)
        _, status = os.waitpid(pid, 0)
        peak = os.read(mine, 64)
        os.close(mine)
        if status or not peak:
            raise SystemExit(f"the writing process failed ({status})")
        user2, system2 = cpu()
        return user2 - user, system2 - system, int(peak)
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per pool")
    parser.add_argument("--pools", default="term,whoosh",
                        help="the pools to write with, in turn: term (indexer.engine.posting_pool), whoosh (Whoosh's own)")
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    pools = args.pools.split(",")
    corpus = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        write_corpus(corpus, args.paragraphs)
        writes = prepared(corpus)
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    paragraphs = writes.paragraphs()
    print(f"{paragraphs} paragraphs of {len(writes.documents)} documents, written with procs={args.procs}")
    if args.profile:
        posting_pool.USE = pools[0] == "term"
        write_round(writes, 1, args.profile)
        print(f"profile of one round ({pools[0]} pool) written to {args.profile}")
        return
    seconds: dict[str, list[float]] = {pool: [] for pool in pools}
    peaks: dict[str, int] = dict.fromkeys(pools, 0)
    for k in range(args.rounds):
        for pool in pools:  # in turn, so that both see the same machine
            posting_pool.USE = pool == "term"
            started = time.perf_counter()
            user, system, peak = write_round(writes, args.procs)
            seconds[pool].append(user + system)
            peaks[pool] = max(peaks[pool], peak)
            print(f"round {k + 1} {pool:>6} pool: {user + system:.2f} CPU s ({user:.2f} user, {system:.2f} system) = "
                  f"{(user + system) / paragraphs * 1e3:.3f} ms per paragraph "
                  f"({time.perf_counter() - started:.1f} s wall)")
    for pool in pools:
        median = statistics.median(seconds[pool])
        print(f"{pool:>6} pool: median {median:.2f} CPU s = {median / paragraphs * 1e3:.3f} ms per paragraph "
              f"(least {min(seconds[pool]):.2f} s); peak RSS {peaks[pool] / 1024:.0f} MB in a writing process")


if __name__ == "__main__":
    main()
