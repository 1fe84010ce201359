"""Cross-language known-item retrieval on the UNPC sets, and the cost of learning the lexicon.

Known item: the English and the Russian side of a UNPC set (all 4,000 lines) are
indexed as two separate, unlinked documents (one paragraph per sentence, under
the distinct symbols ``A/KIEN/1`` and ``A/KIRU/1``, so they are neither linked as
versions nor aligned: only the lexicon bridges them).  For each Russian
sentence, a query of 3–5 of its content words (chosen at random with a fixed
seed, in sentence order) must find the English sentence of the same line among
the top 10 of the 4,000, searching with ``lang=en`` and ``translate`` restricted
to ``A/KIEN/1``; and the reverse.  Printed: recall@1 and recall@10 both ways,
and query latency.

The lexicon is learned by the product's own build, from the aligned paragraphs
the index also holds:

- ``--set dev`` (default): k-fold over the dev set's documents (``--folds``, 2 by
  default): the queries of one fold run on an index whose lexicon was learned
  from the other folds' lines (as aligned documents) plus the Charter, the UDHR
  and the SDG texts, never from the sentences retrieved;
- ``--set test``: the final figure, once: the UNPC test set, with a lexicon
  learned from the whole dev set plus the Charter, the UDHR and the SDG texts.
  Nothing is tuned on it.

``--cost`` instead builds the whole corpus pool (and the seeds) and prints how
long the build took and how long learning the lexicon took within it.

    python bench/crosslang.py [--set dev|test] [--limit N] [--keep DIR]
    python bench/crosslang.py --cost
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzers import stopwords  # noqa: E402
from analyzers.russian import morph_analyzer  # noqa: E402
from indexer.storage import crosslang  # noqa: E402
from indexer.storage import generations as store
from indexer.build.pipeline import build  # noqa: E402
from indexer.ingest.formats import lines  # noqa: E402
from indexer.search.request import SearchRequest, search  # noqa: E402

POOL = ROOT.parent / "shared" / "corpus-pool"
UNPC = POOL / "unpc-v1.0-testsets"
SETS = {"dev": UNPC / "devset" / "UNv1.0.devset", "test": UNPC / "testset" / "UNv1.0.testset"}
PARALLEL = [POOL / "un-charter", POOL / "udhr", POOL / "sdg-goals-targets-indicators"]
EVAL_FILES = {"en": "A_KIEN_1-EN.txt", "ru": "A_KIRU_1-RU.txt"}
EVAL_SYMBOLS = {"en": "A/KIEN/1", "ru": "A/KIRU/1"}
SEED = 7
TOP = 10
REUSE = False  # --reuse: search the indexes a --keep run left

# Content words: Russian by part of speech (pronoun-like adjectives and the verbs English lists as
# function words aside: be, can, have, must), English by a stop list.
RUSSIAN_CONTENT = {"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND"}
RUSSIAN_FUNCTION = frozenset({"быть", "являться", "мочь", "иметь", "должный"})
ENGLISH_FUNCTION = stopwords.ENGLISH | frozenset(
    """about above after again against all also am any because before being below between both but can cannot
    could did do does doing down during each either etc every few further he her here hers him his how however
    i if including its itself just least less many may me might more most much must my neither no nor not now
    off once only other others our ours out over own per same shall she should since so some such than then
    there thereby therein thus too under until up upon us very via we well what when where whether while who
    whom whose why will within without would yet you your""".split())
_LATIN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


def sibling(base: Path, ext: str) -> Path:
    """Return a file of a UNPC set: ``UNv1.0.devset`` + ``.ids``."""
    return base.parent / f"{base.name}.{ext}"


def read_set(base: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Return the ``.ids`` lines of a UNPC set and its English and Russian sentences."""
    ids = sibling(base, "ids").read_text(encoding="utf-8").split("\n")
    sentences = {lang: sibling(base, lang).read_text(encoding="utf-8").split("\n") for lang in ("en", "ru")}
    n = len(ids) - (ids[-1] == "")
    return ids[:n], {lang: s[:n] for lang, s in sentences.items()}


def write_unpc(directory: Path, ids: list[str], sentences: dict, rows: list[int]) -> Path:
    """Write the lines ``rows`` of a UNPC set as a set of its own (for learning from part of it)."""
    directory.mkdir(parents=True, exist_ok=True)
    base = directory / "part"
    base.with_suffix(".ids").write_text("".join(ids[i] + "\n" for i in rows), encoding="utf-8")
    for lang in ("en", "ru"):
        base.with_suffix(f".{lang}").write_text("".join(sentences[lang][i] + "\n" for i in rows), encoding="utf-8")
    return base.with_suffix(".ids")


def write_eval(directory: Path, sentences: dict, rows: list[int]) -> dict[str, dict[int, int]]:
    """Write each side of the lines ``rows`` as one unlinked document; return line → paragraph position."""
    directory.mkdir(parents=True, exist_ok=True)
    where = {}
    for lang, name in EVAL_FILES.items():
        path = directory / name
        path.write_text("".join(" ".join(sentences[lang][i].split()) + "\n" for i in rows), encoding="utf-8")
        doc = lines.parse(path)[0]
        numbers = lines.line_numbers(path)
        if doc.symbol != EVAL_SYMBOLS[lang] or len(doc.paragraphs) != len(numbers):
            sys.exit(f"{path}: not read as one paragraph per line under {EVAL_SYMBOLS[lang]}")
        where[lang] = {rows[number - 1]: position for position, number in enumerate(numbers)}
    return where


def content_words(text: str, lang: str) -> list[str]:
    """Return the content words of a sentence, in order, one per lemma (Russian) or word (English)."""
    out, seen = [], set()
    if lang == "ru":
        morph = morph_analyzer()
        for word in _CYRILLIC.findall(text):
            low = word.lower()
            if len(low) < 3 or low in stopwords.RUSSIAN:
                continue
            tag = morph.parse(low)[0]
            if (tag.tag.POS in RUSSIAN_CONTENT and "Apro" not in tag.tag and tag.normal_form not in seen
                    and tag.normal_form not in RUSSIAN_FUNCTION):
                seen.add(tag.normal_form)
                out.append(word)
    else:
        for word in _LATIN.findall(text):
            low = word.lower()
            if len(low) >= 3 and low not in ENGLISH_FUNCTION and low not in seen:
                seen.add(low)
                out.append(word)
    return out


def make_query(text: str, lang: str, row: int) -> str | None:
    """Return 3–5 content words of a sentence (seeded by its line), in order; None if it has fewer than 3."""
    words = content_words(text, lang)
    if len(words) < 3:
        return None
    rng = random.Random(SEED * 100_003 + row)
    k = min(len(words), rng.choice((3, 4, 5)))
    chosen = sorted(rng.sample(range(len(words)), k))
    return " ".join(words[i] for i in chosen)


def evaluate(index_dir: Path, sentences: dict, rows: list[int], where: dict, limit: int | None) -> dict:
    """Run the known-item queries both ways on an index; return ranks and latencies per direction."""
    ix = store.open_index(index_dir)
    data = crosslang.for_index(ix)
    out = {}
    try:
        with ix.searcher() as searcher:
            for source, target in (("ru", "en"), ("en", "ru")):
                ranks, times, skipped = [], [], 0
                for row in rows[:limit] if limit else rows:
                    query = make_query(sentences[source][row], source, row)
                    if query is None:
                        skipped += 1
                        continue
                    request = SearchRequest(query, lang=target, symbol=EVAL_SYMBOLS[target], limit=TOP, translate=True)
                    started = time.perf_counter()
                    result = search(searcher, request, crosslang=data)
                    times.append((time.perf_counter() - started) * 1000)
                    positions = [h["position"] for h in result["hits"]]
                    goal = where[target][row]
                    ranks.append(positions.index(goal) + 1 if goal in positions else None)
                out[f"{source}->{target}"] = {"ranks": ranks, "times": times, "skipped": skipped}
    finally:
        ix.close()
    return out


def build_index(index_dir: Path, sources: list[Path]) -> dict:
    """Build an index of ``sources`` with the product's build (unless ``--reuse`` finds one); return its figures."""
    started = time.perf_counter()
    if REUSE and store.current_generation(index_dir) is not None:
        meta = store.read_meta(store.current_generation(index_dir))
        lexicon, paragraphs = meta["lexicon"], meta["paragraphs"]
    else:
        summary = build(sources, index_dir)
        if summary.failures:
            sys.exit(f"build failed: {summary.failures}")
        lexicon, paragraphs = store.read_meta(store.current_generation(index_dir))["lexicon"], summary.paragraphs
    return {"seconds": time.perf_counter() - started, "paragraphs": paragraphs, "units": lexicon["units"],
            "aligned_pairs": lexicon["aligned_pairs"], "lexicon_seconds": lexicon["seconds"]}


def folds(ids: list[str], k: int = 2) -> list[list[int]]:
    """Split the lines of a set into ``k`` folds by document (seeded), each a list of line numbers."""
    docs: dict[str, list[int]] = {}
    for row, line in enumerate(ids):
        docs.setdefault(line.split()[0], []).append(row)
    names = sorted(docs)
    random.Random(SEED).shuffle(names)
    return [sorted(row for name in names[i::k] for row in docs[name]) for i in range(k)]


def report(label: str, runs: list[dict]) -> None:
    for direction in ("ru->en", "en->ru"):
        ranks = [r for run in runs for r in run[direction]["ranks"]]
        times = [t for run in runs for t in run[direction]["times"]]
        skipped = sum(run[direction]["skipped"] for run in runs)
        at1 = sum(1 for r in ranks if r == 1) / len(ranks)
        at10 = sum(1 for r in ranks if r is not None and r <= TOP) / len(ranks)
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * (len(ordered) - 1)))]
        print(f"{label} {direction}: {len(ranks)} queries ({skipped} sentences with < 3 content words skipped), "
              f"recall@1 {at1:.3f}, recall@10 {at10:.3f}; query p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")


def known_item(which: str, work: Path, limit: int | None, k: int = 2) -> None:
    ids, sentences = read_set(SETS[which])
    runs = []
    if which == "dev":
        parts = folds(ids, k)
        for i, rows in enumerate(parts):
            learn_rows = sorted(r for j, other in enumerate(parts) if j != i for r in other)
            fold = work / f"fold{i}"
            learn = write_unpc(fold / "learn", ids, sentences, learn_rows)
            where = write_eval(fold / "eval", sentences, list(range(len(ids))))
            built = build_index(fold / "index", [learn, fold / "eval", *PARALLEL])
            print(f"fold {i}: {len(rows)} of {len(ids)} lines searched, lexicon of {built['units']} units from "
                  f"{built['aligned_pairs']} aligned pairs ({built['seconds']:.1f} s build, "
                  f"{built['lexicon_seconds']:.1f} s lexicon)")
            runs.append(evaluate(fold / "index", sentences, rows, where, limit))
        report(f"dev ({k}-fold)", runs)
    else:
        rows = list(range(len(ids)))
        where = write_eval(work / "eval", sentences, rows)
        built = build_index(work / "index", [sibling(SETS["dev"], "ids"), work / "eval", *PARALLEL])
        print(f"test: {len(rows)} lines searched, lexicon of {built['units']} units from "
              f"{built['aligned_pairs']} aligned pairs ({built['seconds']:.1f} s build)")
        runs.append(evaluate(work / "index", sentences, rows, where, limit))
        report("test", runs)


# Translator queries across languages, for latency on the whole pool: (query, lang).
LATENCY_QUERIES = [(q, lang) for q in (
    "мигрант", "незаконный ввоз мигрантов", "права человека", "Генеральная Ассамблея", "устойчивого развития",
    "Совет Безопасности", "государства-члены", "изменение климата", "human rights", "sustainable development",
    "Security Council", "smuggling of migrants", "Member States", "climate change", "women", "резолюция",
    '"права человека"', "развитие образования женщин", "peace and security", "техническая помощь",
) for lang in ("any", "en", "ru")]


def cost(work: Path) -> None:
    """Build the whole corpus pool and the seeds; print the build time, the lexicon's share, and query latency."""
    sources = [ROOT / "corpus", *PARALLEL, UNPC / "devset", UNPC / "testset"]
    cpu = time.process_time()
    built = build_index(work / "index", sources)
    cpu = time.process_time() - cpu
    print(f"whole pool: {built['paragraphs']} paragraphs in {built['seconds']:.1f} s "
          f"({built['paragraphs'] / built['seconds']:.0f} paragraphs/s, {cpu:.1f} s CPU in the main process); "
          f"lexicon: {built['units']} units from {built['aligned_pairs']} aligned pairs in "
          f"{built['lexicon_seconds']:.2f} s ({100 * built['lexicon_seconds'] / built['seconds']:.1f} % of the build)")
    ix = store.open_index(work / "index")
    started = time.perf_counter()
    data = crosslang.for_index(ix)
    print(f"loading the lexicon and links: {(time.perf_counter() - started) * 1000:.0f} ms")
    try:
        with ix.searcher() as searcher:
            for translate in (False, True):
                times = []
                for _ in range(2):  # the first round warms the caches
                    times = []
                    for query, lang in LATENCY_QUERIES:
                        request = SearchRequest(query, lang=lang, translate=translate)
                        started = time.perf_counter()
                        search(searcher, request, crosslang=data)
                        times.append((time.perf_counter() - started) * 1000)
                ordered = sorted(times)
                print(f"{len(times)} translator queries {'with' if translate else 'without'} translate: "
                      f"p50 {statistics.median(times):.1f} ms, p95 {ordered[int(0.95 * (len(ordered) - 1))]:.1f} ms, "
                      f"max {ordered[-1]:.1f} ms")
    finally:
        ix.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--limit", type=int, default=None, help="search only the first N lines of each fold")
    parser.add_argument("--folds", type=int, default=2, help="dev: learn from the other folds, search each in turn")
    parser.add_argument("--keep", type=Path, default=None, help="build in this directory and keep it")
    parser.add_argument("--cost", action="store_true", help="time the lexicon within a build of the whole pool")
    parser.add_argument("--reuse", action="store_true", help="with --keep: search the indexes left there")
    args = parser.parse_args()
    global REUSE
    REUSE = args.reuse and args.keep is not None
    work = args.keep or Path(tempfile.mkdtemp(prefix="crosslang-bench-"))
    if args.keep and work.exists() and not REUSE:
        shutil.rmtree(work)
    try:
        cost(work) if args.cost else known_item(args.set, work, args.limit, args.folds)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
