"""Reference run on tantivy: the same paragraphs and queries as ``bench/scale.py``, indexed and searched by tantivy.

tantivy (PyPI ``tantivy``, a Rust engine) is used here only, as a yardstick:
the product does not depend on it.  The corpus is read with the product's own
importers (so both engines get exactly the same paragraphs) and indexed in
two fields, English and Russian, with tantivy's Snowball stemmers (it has no
lemmatizer); the distinct queries of ``bench/queries.py`` are run in tantivy's
query syntax (words all required; ``word*`` a regular expression; a search
across languages is its words with the language filter, untranslated: tantivy
has no lexicon), each once, in process.  Printed: build paragraphs/s (reading
excluded on both sides, then included), latency per query type, and the
ratios to this product's figures: measured in the same run by
``bench/scale.py --tantivy``, or given here with ``--ours-build`` and ``--ours-p95``.

    pip install 'tantivy>=0.22'   # or: pip install -e '.[bench]'
    python bench/tantivy_compare.py [--paragraphs 200000] [--work DIR] [--threads 2] [--queries 600]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.queries import KINDS, Query, make_queries  # noqa: E402
from bench.scale import WARM_UP, by_kind, percentile, timed_queries  # noqa: E402
from bench.synthetic import write_corpus  # noqa: E402
from indexer.ingest import formats as parsing  # noqa: E402
from indexer.build.pipeline import read_files  # noqa: E402


def tantivy_query(index, text: str, lang: str):
    """Return a query of the set as a tantivy query (same meaning as far as tantivy has it).

    Words are all required (tantivy's parser ORs them by default); ``word*`` and
    ``symbol:A/70/*`` become regular-expression queries (tantivy's parser has
    prefixes only at the end of phrases of two words or more).
    """
    import tantivy

    schema = index.schema
    if '"' in text:
        query = index.parse_query(text, ["text_en", "text_ru"])
    else:
        parts = []
        for word in text.split():
            if word.startswith("symbol:"):
                value = re.escape(word.split(":", 1)[1].lower().rstrip("*"))
                parts.append(tantivy.Query.regex_query(schema, "symbol", value + (".*" if word.endswith("*") else "")))
            elif word.endswith("*"):
                stem = re.escape(word[:-1].lower())
                parts.append(tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, tantivy.Query.regex_query(schema, field, stem + ".*"))
                     for field in ("text_en", "text_ru")]))
            else:
                parts.append(index.parse_query(word, ["text_en", "text_ru"]))
        query = parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in parts])
    if lang in ("en", "ru"):
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                             (tantivy.Occur.Must, tantivy.Query.term_query(schema, "lang", lang))])
    return query


def build(paragraphs: list[dict], index_dir: Path, threads: int):
    import tantivy

    schema = tantivy.SchemaBuilder()
    schema.add_text_field("text_en", stored=False, tokenizer_name="en")
    schema.add_text_field("text_ru", stored=False, tokenizer_name="ru")
    schema.add_text_field("text", stored=True, tokenizer_name="raw", index_option="basic")
    schema.add_text_field("symbol", stored=True, tokenizer_name="raw")
    schema.add_text_field("lang", stored=True, tokenizer_name="raw")
    index = tantivy.Index(schema.build(), path=str(index_dir))
    for name, language in (("en", "english"), ("ru", "russian")):
        index.register_tokenizer(name, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                                 .filter(tantivy.Filter.lowercase())
                                 .filter(tantivy.Filter.stemmer(language)).build())
    started = time.perf_counter()
    writer = index.writer(heap_size=512_000_000, num_threads=threads)
    for p in paragraphs:
        doc = {"text": p["text"], "symbol": (p["symbol"] or "").lower(), "lang": p["lang"],
               "text_ru" if p["lang"] == "ru" else "text_en": p["text"]}
        writer.add_document(tantivy.Document(**doc))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, time.perf_counter() - started


def read_paragraphs(corpus: Path, threads: int) -> tuple[list[dict], float]:
    """Return the corpus's paragraphs as the product reads them, and the seconds reading took."""
    started = time.perf_counter()
    read = read_files(parsing.discover([corpus]), procs=threads)
    reading = time.perf_counter() - started
    return [{"text": p.text, "symbol": d.symbol, "lang": p.lang} for d in read.documents for p in d.paragraphs], reading


def time_queries(index, queries: list[Query]) -> dict[str, list[float]]:
    """Ask each query once (the first ten hits and their stored fields) and return the latencies by type."""
    searcher = index.searcher()
    runs = []
    for q in queries:
        t = time.perf_counter()
        result = searcher.search(tantivy_query(index, q.text, q.filter_lang), 10, count=True)
        [searcher.doc(address) for _, address in result.hits]
        runs.append((q.kind, (time.perf_counter() - t) * 1000))
    return by_kind(runs)


def compare(corpus: Path, work: Path, queries: list[Query], ours: dict | None, our_rate: float | None,
            threads: int = 2, warm_up: list[Query] = ()) -> dict[str, list[float]]:
    """Index ``corpus`` with tantivy, ask ``queries`` and print its figures beside this product's (ratios)."""
    paragraphs, reading = read_paragraphs(corpus, threads)
    index_dir = work / "tantivy-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    index, seconds = build(paragraphs, index_dir, threads)
    rate = len(paragraphs) / seconds
    print(f"\ntantivy build, {threads} threads: {len(paragraphs):,} paragraphs in {seconds:.1f} s = {rate:,.0f} "
          f"paragraphs/s ({len(paragraphs) / (seconds + reading):,.0f}/s with the same reading, {reading:.1f} s)")
    if our_rate:
        print(f"build: this product {our_rate:,.0f} paragraphs/s, tantivy {rate / our_rate:.1f}x as fast")
    time_queries(index, list(warm_up))
    theirs = time_queries(index, queries)
    print(f"{'type':<13} {'tantivy p50':>11} {'p95':>6} {'p99':>6}" + (" | ours/tantivy p50   p95   p99" if ours else ""))
    for kind in [k for k in (*KINDS, "1-3 words", "all") if k in theirs]:
        values = theirs[kind]
        line = f"{kind:<13} {statistics.median(values):>11.2f} {percentile(values, .95):>6.2f} {percentile(values, .99):>6.2f}"
        if ours and ours.get(kind):
            mine = ours[kind]
            line += " | " + " ".join(f"{a / max(b, 1e-3):>8.0f}x" for a, b in (
                (statistics.median(mine), statistics.median(values)), (percentile(mine, .95), percentile(values, .95)),
                (percentile(mine, .99), percentile(values, .99))))
        print(line + ("   (untranslated)" if kind == "across" else ""))
    return theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--queries", type=int, default=600, help="distinct queries (those of bench/scale.py)")
    parser.add_argument("--work", type=Path, default=None, help="folder of bench/scale.py (its corpus is reused)")
    parser.add_argument("--ours-build", type=float, default=None, help="this product's build paragraphs/s")
    parser.add_argument("--ours-p95", type=float, default=None, help="this product's p95 of 1-3 word queries, ms")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-tantivy-"))
    corpus = work / f"corpus-{args.paragraphs}"
    if not corpus.is_dir():
        write_corpus(corpus, args.paragraphs)
    timed, _ = timed_queries(corpus, args.queries)
    theirs = compare(corpus, work, timed, None, args.ours_build, args.threads, make_queries(corpus, WARM_UP))
    if args.ours_p95:
        p95 = percentile(theirs["1-3 words"], 0.95)
        print(f"1-3 word queries: this product's p95 {args.ours_p95:.1f} ms is {args.ours_p95 / p95:.0f}x tantivy's {p95:.2f} ms")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
