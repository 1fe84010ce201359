"""Update benchmark: ``python -m indexer update`` on an index of the whole corpus pool, as a user runs it.

The index holds the corpus pool: ``un-charter``, ``udhr``,
``sdg-goals-targets-indicators`` and the UNPC *dev* set (never the test set,
kept for evaluation), less the Russian Charter, plus the English versions of
two reports, of 30 and 120 paragraphs, made of the dev set's aligned sentence pairs.  Each
figure is the wall time of a new ``python -m indexer update`` process
(start-up included) with, in brackets, the time the update itself reports,
and the time of the same update in a process that has run one before (as
under ``update --watch``: modules, dictionaries and language profiles
loaded); every case starts from a copy of the same index and runs
``--repeat`` times (median, and the fastest).  The product's modules are
compiled to bytecode first, as ``make install`` does (and as Python does on a
first start where it may write bytecode), so start-up does not compile them:

- nothing new, on the whole pool (target: under 1 s);
- +1 document: the Russian version of a report, 30 or 120 paragraphs (linked
  by symbol; both versions aligned and written; target: under 2 s);
- +1 document: the Russian Charter after the English one (377 paragraphs,
  linked by content; both versions aligned and written);
- +1 document: a new English report with no counterpart (``corpus/002…``, 425 paragraphs);
- +100 documents: 50 English/Russian pairs of 30 paragraphs from the dev set, linked by symbol and aligned.

``--synthetic N`` measures instead updates of an index of a synthetic corpus of
about ``N`` paragraphs (:mod:`bench.synthetic`) that add the documents of
about 1 % and 10 % more, as new processes only, with the CPU seconds of each
(the process's and its workers') and how the lexicon was made (learned on from
the state, learned from all pairs, or kept) and in how long.  ``--code DIR``
runs the indexer of another checkout (to compare with an older version).

    python bench/update.py [--repeat 3] [--keep DIR]
    python bench/update.py --synthetic 20000 [--repeat 1] [--code /tmp/older-checkout]
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.build.update import update  # noqa: E402

POOL = ROOT.parent / "shared" / "corpus-pool"
CHARTER_RU = POOL / "un-charter" / "raw_un_charter_ru.txt"
POOL_BUT_ONE = (POOL / "un-charter" / "raw_un_charter_en.txt", POOL / "udhr", POOL / "sdg-goals-targets-indicators",
                POOL / "unpc-v1.0-testsets" / "devset")
DEV = POOL / "unpc-v1.0-testsets" / "devset" / "UNv1.0.devset"
NEW_REPORT = ROOT / "corpus" / "002_7397ce4e340b0efd.txt"
REPORT_PARAGRAPHS = 120
PAIRS, PER_DOCUMENT = 50, 30
SHARES = (0.01, 0.1)  # of the paragraphs of a synthetic index, added by an update (``--synthetic``)
CODE = [ROOT]  # the checkout whose indexer runs (``--code``)


def children_cpu() -> float:
    """Return the CPU seconds of the finished child processes."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def indexer(*args: str) -> tuple[float, dict]:
    """Run ``python -m indexer ARGS --json``; return the wall time and the summary (its CPU seconds added as
    ``cpu``)."""
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run([sys.executable, "-m", "indexer", *args, "--json", "--no-progress"], cwd=CODE[0],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"python -m indexer {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds, {**json.loads(done.stdout), "cpu": children_cpu() - cpu}


def dev_lines() -> dict[str, list[str]]:
    """The dev set's sentences, line i of one language the translation of line i of the other."""
    return {lang: Path(f"{DEV}.{lang}").read_text(encoding="utf-8").splitlines() for lang in ("en", "ru")}


def write_document(folder: Path, number: int, lang: str, sentences: list[str]) -> Path:
    """Write a UN-style text (cover lines, numbered paragraphs) named in the UN convention: symbol A/BENCH/2021/N."""
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(f"{n}. {text}" for n, text in enumerate(sentences, start=1))
    path = folder / f"A_BENCH_2021_{number}-{lang.upper()}.txt"
    path.write_text(f"Distr.: General\n{number % 28 + 1} March 2021\n\nOriginal: English\n\n{body}\n", encoding="utf-8")
    return path


def write_corpus(work: Path) -> tuple[Path, dict, Path]:
    """Write the late reports (English apart from Russian) and the 100 new documents; return their places.

    Returns the folder of the English reports, the Russian report of each size, and the folder of new documents.
    """
    lines = dev_lines()
    end = len(lines["en"])
    russian = {}
    for number, size in ((0, REPORT_PARAGRAPHS), (999, PER_DOCUMENT)):
        late = slice(end - size, end) if number == 0 else slice(end - 200 - size, end - 200)
        write_document(work / "late-en", number, "en", lines["en"][late])
        russian[size] = write_document(work / "late-ru", number, "ru", lines["ru"][late])
    for k in range(PAIRS):
        for lang in ("en", "ru"):
            write_document(work / "new-documents", k + 1, lang, lines[lang][k * PER_DOCUMENT:(k + 1) * PER_DOCUMENT])
    return work / "late-en", russian, work / "new-documents"


def timed_case(base: Path, work: Path, repeat: int, *sources: str) -> tuple[list[float], list[float], list, dict]:
    """Run ``update SOURCES`` ``repeat`` times on fresh copies of ``base``: as new processes, then warm in this one.

    Return the wall times, the times the updates report, the warm times and a summary.
    """
    walls, own, warm, summary = [], [], [], {}
    index = work / "ix"
    for n in range(repeat):
        shutil.rmtree(index, ignore_errors=True)
        shutil.copytree(base, index)
        seconds, summary = indexer("update", *sources, "--index", str(index))
        walls.append(seconds)
        own.append(summary["seconds"])
    for n in range(repeat + 1):  # the first run warms this process up and is not counted
        shutil.rmtree(index, ignore_errors=True)
        shutil.copytree(base, index)
        started = time.perf_counter()
        update(list(sources), index)
        if n:
            warm.append(time.perf_counter() - started)
    shutil.rmtree(index)
    return walls, own, warm, summary


def line(name: str, walls: list[float], own: list[float], warm: list[float], summary: dict, target: str = "") -> str:
    changes = f"{summary['added']} added, {summary['updated']} updated, {summary['removed']} removed"
    return (f"{name:<52} {statistics.median(walls):5.2f} s (fastest {min(walls):.2f}; update itself "
            f"{statistics.median(own):.2f} s; warm {statistics.median(warm):.2f} s)  "
            f"[{changes}; {summary['paragraphs']} paragraphs]" + (f"  target {target}" if target else ""))


def synthetic_corpus(work: Path, paragraphs: int) -> tuple[Path, list[Path]]:
    """Write a synthetic corpus of about ``paragraphs`` paragraphs and of :data:`SHARES` more; return the folder
    of the first and those of the others (a document's versions always in one folder)."""
    from bench import synthetic

    synthetic.write_corpus(work / "all", round(paragraphs * (1 + sum(SHARES))))
    by_number: dict[int, list[Path]] = {}
    for path in (work / "all").glob("*.txt"):
        by_number.setdefault(int(re.search(r"(\d+)(?:-[A-Z]{2}|_[a-z]+)\.txt$", path.name).group(1)), []).append(path)
    folders = [work / "base", *(work / f"add-{share:g}" for share in SHARES)]
    limits = [paragraphs * (1 + sum(SHARES[:k])) for k in range(len(folders))]
    written, folder = 0, 0
    for number in sorted(by_number):
        while folder < len(limits) - 1 and written >= limits[folder]:
            folder += 1
        for path in by_number[number]:
            folders[folder].mkdir(exist_ok=True)
            written += path.read_text(encoding="utf-8").count("\n\n") - 1
            path.rename(folders[folder] / path.name)
    return folders[0], folders[1:]


def synthetic_cases(work: Path, paragraphs: int, repeat: int) -> None:
    """Time updates of a synthetic index that add :data:`SHARES` of its paragraphs (``--synthetic``)."""
    from indexer.storage import generations as store

    base, added = synthetic_corpus(work, paragraphs)
    seconds, built = indexer("build", str(base), "--index", str(work / "base-ix"))
    print(f"index: {built['documents']} documents, {built['paragraphs']} paragraphs, built in {seconds:.0f} s "
          f"({built['cpu']:.0f} s CPU)", flush=True)
    for share, folder in zip(SHARES, added):
        walls, cpus, meta, summary = [], [], {}, {}
        for _ in range(repeat):
            shutil.rmtree(work / "ix", ignore_errors=True)
            shutil.copytree(work / "base-ix", work / "ix")
            seconds, summary = indexer("update", str(base), str(folder), "--index", str(work / "ix"))
            walls.append(seconds)
            cpus.append(summary["cpu"])
            meta = store.read_meta(store.current_generation(work / "ix"))["lexicon"]
        how = "learned" if meta["learned"] else "kept"
        print(f"+{share:.0%} ({summary['added']} documents; {summary['paragraphs']} paragraphs): "
              f"{statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU; lexicon {how} "
              f"({meta['aligned_pairs']} aligned pairs, {meta['seconds']:.2f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the indexes and documents in this folder")
    parser.add_argument("--synthetic", type=int, metavar="N", help="updates of a synthetic index of N paragraphs")
    parser.add_argument("--code", type=Path, help="run the indexer of this checkout")
    args = parser.parse_args()
    CODE[0] = args.code or ROOT
    for package in ("analyzers", "indexer", "search_app"):
        compileall.compile_dir(CODE[0] / package, quiet=1)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-update-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.synthetic:
        try:
            synthetic_cases(work, args.synthetic, args.repeat)
        finally:
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
        return
    try:
        english, russian, new_documents = write_corpus(work)
        seconds, built = indexer("build", *map(str, POOL_BUT_ONE), str(english), "--index", str(work / "base"))
        print(f"index: {built['documents']} documents, {built['paragraphs']} paragraphs (the pool but the Russian "
              f"Charter, and two English reports), built in {seconds:.0f} s", flush=True)
        shutil.copytree(work / "base", work / "pool")
        indexer("update", str(CHARTER_RU), "--index", str(work / "pool"))
        cases = [
            ("nothing new (the whole pool)", "pool", "< 1 s"),
            (f"+1 document: a Russian report ({PER_DOCUMENT} paragraphs)", "base", "< 2 s", str(russian[PER_DOCUMENT])),
            (f"+1 document: a Russian report ({REPORT_PARAGRAPHS} paragraphs)", "base", "< 2 s",
             str(russian[REPORT_PARAGRAPHS])),
            ("+1 document: the Russian Charter (377 paragraphs)", "base", "", str(CHARTER_RU)),
            ("+1 document: an English report (425 paragraphs)", "base", "", str(NEW_REPORT)),
            (f"+{2 * PAIRS} documents: {PAIRS} EN/RU pairs of {PER_DOCUMENT} paragraphs", "base", "",
             str(new_documents)),
        ]
        for name, base, target, *sources in cases:
            walls, own, warm, summary = timed_case(work / base, work, args.repeat, *sources)
            print(line(name, walls, own, warm, summary, target), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
