"""Reference run on tantivy: the same paragraphs and queries as ``bench/scale.py``, indexed and searched by tantivy.

tantivy (PyPI ``tantivy``, a Rust engine) is used here only, as a yardstick:
the product does not depend on it.  The corpus is read with the product's own
importers (so both engines get exactly the same paragraphs) and indexed in
two fields, English and Russian, with tantivy's Snowball stemmers (it has no
lemmatizer); the fixed query set of ``bench/scale.py`` is run in tantivy's
query syntax (``word*`` becomes a phrase prefix).  Printed: build
paragraphs/s (reading excluded on both sides, then included), warm query
latency per type, and the ratio to the figures ``bench/scale.py`` printed for
this product, given with ``--ours-build`` and ``--ours-p95``.

    pip install 'tantivy>=0.22'   # or: pip install -e '.[bench]'
    python bench/tantivy_compare.py [--paragraphs 200000] [--work DIR] [--threads 2]
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

from bench.scale import QUERIES, SHORT_TYPES, percentile  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="folder of bench/scale.py (its corpus is reused)")
    parser.add_argument("--ours-build", type=float, default=None, help="this product's build paragraphs/s")
    parser.add_argument("--ours-p95", type=float, default=None, help="this product's warm p95 of 1-3 term queries, ms")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-tantivy-"))
    corpus = work / f"corpus-{args.paragraphs}"
    if not corpus.is_dir():
        write_corpus(corpus, args.paragraphs)
    started = time.perf_counter()
    read = read_files(parsing.discover([corpus]), procs=args.threads)
    reading = time.perf_counter() - started
    paragraphs = [{"text": p.text, "symbol": d.symbol, "lang": p.lang} for d in read.documents for p in d.paragraphs]
    index_dir = work / "tantivy-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    index, seconds = build(paragraphs, index_dir, args.threads)
    rate = len(paragraphs) / seconds
    print(f"tantivy build, {args.threads} threads: {len(paragraphs):,} paragraphs in {seconds:.1f} s = {rate:,.0f} "
          f"paragraphs/s ({len(paragraphs) / (seconds + reading):,.0f}/s with the same reading, {reading:.1f} s)")
    searcher = index.searcher()
    timings: dict[str, list[float]] = {}
    for rounds in range(args.rounds + 1):
        for kind, text, lang in QUERIES:
            query = tantivy_query(index, text, lang)
            t = time.perf_counter()
            result = searcher.search(query, 10, count=True)
            [searcher.doc(address) for _, address in result.hits]
            if rounds:
                timings.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
    print(f"{'type':<15} {'p50':>7} {'p95':>7} {'max':>7}  (ms, warm)")
    short = []
    for kind, values in timings.items():
        print(f"{kind:<15} {statistics.median(values):>7.2f} {percentile(values, 0.95):>7.2f} {max(values):>7.2f}")
        if kind in SHORT_TYPES:
            short += values
    p95 = percentile(short, 0.95)
    print(f"{'1-3 terms':<15} {statistics.median(short):>7.2f} {p95:>7.2f} {max(short):>7.2f}")
    if args.ours_build:
        print(f"build: tantivy {rate / args.ours_build:.1f}x this product's {args.ours_build:,.0f} paragraphs/s")
    if args.ours_p95:
        print(f"1-3 term queries: this product's p95 {args.ours_p95:.1f} ms is {args.ours_p95 / p95:.1f}x tantivy's {p95:.2f} ms")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
