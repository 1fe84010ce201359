"""CPU time of learning the bilingual lexicon, and a check that the lexicon learned stays the same.

Learns the lexicon (:func:`indexer.lexicon.learn.learn`) from one source of aligned pairs:

- ``charter``: the Charter's lines (the gold alignment the tests learn from);
- ``dev``: the lines of the UNPC dev set, one pair per line;
- ``index:DIR``: the aligned pairs of the live generation of an index (as a build learns from them);
- ``synthetic:N``: the aligned pairs of a synthetic corpus of ``N`` paragraphs (:mod:`bench.synthetic`:
  its two-language documents' paragraphs, about 0.85 N / 2 pairs), without writing or indexing it.

Prints the pairs learned from, the units translated and the CPU seconds of
learning (this process's and its workers', ``--procs``), best of ``--repeat``.
``--save FILE`` writes the learned units and translations; ``--check FILE``
compares them with a saved file and exits non-zero when they differ.

``--add 0.01,0.1`` measures learning on at an update instead (:mod:`indexer.lexicon.online`): the
lexicon is learned from all but the last share of the pairs and its state
written and read back, then learned on with the pairs added; printed are the
CPU seconds of that (and of writing and reading the state) beside those of
learning from all the pairs, and the share of the units whose first translation
is the same as learning from all gives (of all units and of the words alone;
*kept*: the lexicon learned before the pairs were added).

    python bench/learn.py charter --save /tmp/charter.pickle
    python bench/learn.py index:/tmp/ix --check /tmp/ix.pickle [--profile]
    python bench/learn.py synthetic:20000 --add 0.01,0.1
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import pickle
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import alignment_gold, synthetic  # noqa: E402
from indexer.storage import crosslang  # noqa: E402
from indexer.timing import cpu_seconds  # noqa: E402
from indexer.storage import generations as store
from indexer.lexicon.learn import DEFAULT, learn, learn_keeping  # noqa: E402
from indexer.lexicon.model import Bead  # noqa: E402

DEV = alignment_gold.POOL / "unpc-v1.0-testsets" / "devset" / "UNv1.0.devset"


def charter_beads() -> list[Bead]:
    """Return the Charter's aligned lines as pairs."""
    case = alignment_gold.charter()
    return [Bead((case.en.paragraphs[e].text,), (case.ru.paragraphs[r].text,)) for e, r in sorted(case.gold)]


def dev_beads() -> list[Bead]:
    """Return the lines of the UNPC dev set as pairs (one line each way)."""
    sides = [DEV.with_name(f"{DEV.name}.{lang}").read_text(encoding="utf-8").split("\n") for lang in ("en", "ru")]
    return [Bead((en,), (ru,)) for en, ru in zip(*sides) if en.strip() and ru.strip()]


def index_beads(index_dir: str) -> list[Bead]:
    """Return the aligned pairs of the live generation of an index."""
    gen = store.current_generation(index_dir)
    if gen is None:
        sys.exit(f"{index_dir}: no live generation")
    return crosslang.beads(crosslang._read(gen.path))


def synthetic_beads(paragraphs: int, seed: int = 0) -> list[Bead]:
    """Return the aligned pairs of a synthetic corpus of ``paragraphs`` paragraphs (:mod:`bench.synthetic`)."""
    rng = random.Random(seed)
    source = synthetic.Paragraphs(rng)
    pairs = round(paragraphs * (1 - synthetic.ONE_LANGUAGE) / 2)
    return [Bead((en,), (ru,)) for en, ru in (source.pair() for _ in range(pairs))]


def read_beads(source: str) -> list[Bead]:
    """Return the pairs of a source named on the command line."""
    if source == "charter":
        return charter_beads()
    if source == "dev":
        return dev_beads()
    if source.startswith("index:"):
        return index_beads(source[len("index:"):])
    if source.startswith("synthetic:") and source[len("synthetic:"):].isdigit():
        return synthetic_beads(int(source[len("synthetic:"):]))
    sys.exit(f"unknown source {source!r}: charter, dev, index:DIR or synthetic:N")


def learned(lexicon) -> dict:
    """Return what must stay the same: the units and their translations, best first.

    Not the order of the units in a table: it followed the iteration order of
    sets of strings, which differs from one process to the next.
    """
    return {name: dict(getattr(lexicon, name)) for name in ("units", "translations")}


def differences(found: dict, expected: dict) -> list[str]:
    """Return how two learned lexicons differ (nothing when they are the same)."""
    out = []
    for name, tables in expected.items():
        for lang, theirs in tables.items():
            theirs, ours = dict(theirs), found[name][lang]  # a table, or its items
            changed = sorted(k for k in theirs.keys() | ours.keys() if theirs.get(k) != ours.get(k))
            if changed:
                out.append(f"{name}[{lang}]: {len(changed)} of {len(theirs)} entries differ, e.g. {changed[:3]}")
    return out


def agreement(found, expected, words: bool = False) -> float:
    """Return the share of the units ``expected`` translates (words alone: ``words``) that ``found`` translates
    first as it does."""
    same = total = 0
    for lang, table in expected.translations.items():
        for key, rows in table.items():
            if words and " " in key:
                continue
            theirs = found.translations[lang].get(key)
            total += 1
            same += bool(theirs) and theirs[0][0] == rows[0][0]
    return same / max(total, 1)


def learning_on(beads: list, share: float, procs: int = 1) -> str:
    """Learn from all but the last ``share`` of ``beads``, then on with them (see the module); return the figures."""
    import tempfile

    from indexer.lexicon import state as state_mod
    from indexer.lexicon.rescore import learn_on

    base = beads[:round(len(beads) * (1 - share))]
    kept, state = learn_keeping(base, procs=procs)
    with tempfile.TemporaryDirectory() as folder:
        before = cpu_seconds()
        state_mod.save(state, folder)
        state = state_mod.load(folder, DEFAULT)
        stored = cpu_seconds() - before
        size = (Path(folder) / state_mod.FILE_NAME).stat().st_size
    before, began = cpu_seconds(), time.perf_counter()
    lexicon, _, change = learn_on(state, beads, DEFAULT)
    online, online_wall = cpu_seconds() - before, time.perf_counter() - began
    before, began = cpu_seconds(), time.perf_counter()
    full = learn(beads, procs=procs)
    whole, whole_wall = cpu_seconds() - before, time.perf_counter() - began
    return (f"+{share:.0%} ({len(change.added)} of {len(beads)} pairs): learned on in {online:.2f} s CPU "
            f"({online_wall:.2f} s wall; state {size / 1e6:.1f} MB written and read in {stored:.2f} s CPU), "
            f"from all in {whole:.2f} s CPU ({whole_wall:.2f} s wall); first translation as learning from all: "
            f"{agreement(lexicon, full):.4f} of {len(full)} units, {agreement(lexicon, full, True):.4f} of the words "
            f"(kept: {agreement(kept, full):.4f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="charter, dev, index:DIR or synthetic:N")
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--link-rounds", type=int, default=DEFAULT.link_rounds, help="0: Dice of co-occurrence only")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--check", type=Path)
    parser.add_argument("--profile", action="store_true", help="print the costliest calls of one run")
    parser.add_argument("--add", help="shares of the pairs added by an update, e.g. 0.01,0.1")
    args = parser.parse_args()
    beads = read_beads(args.source)
    if args.add:
        for share in map(float, args.add.split(",")):
            print(learning_on(beads, share, args.procs), flush=True)
        return
    settings = dataclasses.replace(DEFAULT, link_rounds=args.link_rounds)
    best, wall, lexicon = float("inf"), float("inf"), None
    for _ in range(args.repeat):
        before, began = cpu_seconds(), time.perf_counter()
        if args.profile:
            profile = cProfile.Profile()
            lexicon = profile.runcall(learn, beads, settings, procs=args.procs)
        else:
            lexicon = learn(beads, settings, procs=args.procs)
        best, wall = min(best, cpu_seconds() - before), min(wall, time.perf_counter() - began)
    print(f"{args.source}: {lexicon.pairs} pairs, {len(lexicon)} units translated, {best:.2f} s CPU, "
          f"{wall:.2f} s wall ({1000 * best / max(1, lexicon.pairs):.2f} ms CPU a pair)")
    if args.profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    found = learned(lexicon)
    if args.save:
        args.save.write_bytes(pickle.dumps(found))
    if args.check:
        problems = differences(found, pickle.loads(args.check.read_bytes()))
        print(f"same as {args.check}" if not problems else "\n".join(["DIFFERENT:", *problems]))
        if problems:
            sys.exit(1)


if __name__ == "__main__":
    main()
