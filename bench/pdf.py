"""PDF benchmark: seconds per page for extracting UN-style PDFs, pdfminer.six (the importer) against pypdf.

Makes PDFs of the seeds (and of the UDHR in English and Russian from
``../shared/corpus-pool``) with the test maker (running headers, footers,
footnotes, paragraphs across page breaks, justified lines placed word by word),
then times, per PDF:

- the importer: pdfminer.six's layout analysis and :mod:`indexer.ingest.pagelayout`
  (``indexer.ingest.formats.pdf.read_pages`` + ``layout_text``), and, for the seeds,
  the share of the text file's paragraphs that come back with the same text and
  number (the UDHR's importer numbers articles its own way: not compared);
- pypdf's ``extract_text()`` in its plain and layout modes, for comparison.

"word recall" is the share of the document's words (as the text importer gives
them) found as words in the extracted text: words run together or cut by a
line-end hyphen are lost.

    python bench/pdf.py [--repeat 1]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.documents import FOOTNOTE  # noqa: E402
from indexer.ingest.pagelayout import layout_text  # noqa: E402
from indexer.ingest.formats import pdf, udhr, untext  # noqa: E402
from tests.pdf_maker import pdf_from_document  # noqa: E402

POOL = ROOT.parent / "shared" / "corpus-pool"
_WORD = re.compile(r"\w+(?:[-‐]\w+)*")


def documents():
    """The documents to lay out: the seeds, and the UDHR in both languages when the pool is there."""
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        yield path.stem[:3], untext.parse(path)[0], True
    for name in ("udhr_eng.xml", "udhr_rus.xml"):
        if (POOL / "udhr" / name).exists():
            yield name.split(".")[0], udhr.parse(POOL / "udhr" / name)[0], False


def recall(doc, text: str) -> float:
    """Share of the document's words found in ``text`` as words."""
    want = Counter(_WORD.findall(" ".join(p.text for p in doc.paragraphs)))
    have = Counter(_WORD.findall(text))
    return sum(min(n, have[w]) for w, n in want.items()) / max(1, sum(want.values()))


def timed(fn, repeat: int):
    """Return (result, CPU seconds, wall seconds) of the best of ``repeat`` runs."""
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        run = (result, time.process_time() - cpu, time.perf_counter() - wall)
        best = run if best is None or run[1] < best[1] else best
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per PDF (the fastest counts)")
    args = parser.parse_args()
    try:
        import pypdf
    except ImportError:  # the test extra is not installed
        pypdf = None
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc, compared in documents():
            path = Path(tmp) / f"{name}.pdf"
            made = pdf_from_document(doc, path)
            (pages, cpu, wall) = timed(lambda: pdf.read_pages(path), args.repeat)
            (layout, lcpu, lwall) = timed(lambda: layout_text(pages), args.repeat)
            parsed = untext.parse_text(layout.text, name=path.name, symbol_hint=layout.symbol, marked_pages=True)
            expected = [(p.number, p.text) for p in doc.paragraphs if p.kind != FOOTNOTE]
            got = {(p.number, p.text) for p in parsed.paragraphs}
            row = {"pdf": name, "pages": made.pages, "miner": (cpu + lcpu) / made.pages,
                   "miner_wall": (wall + lwall) / made.pages, "miner_recall": recall(doc, layout.text),
                   "same": sum(1 for e in expected if e in got) / max(1, len(expected)) if compared else None}
            if pypdf is not None:
                for mode in ("plain", "layout"):
                    def extract(mode=mode):
                        reader = pypdf.PdfReader(str(path))
                        return "\n".join(p.extract_text(extraction_mode=mode) for p in reader.pages)
                    (text, pcpu, _) = timed(extract, args.repeat)
                    row[f"pypdf_{mode}"] = pcpu / made.pages
                    row[f"pypdf_{mode}_recall"] = recall(doc, text)
            rows.append(row)
    print(f"{'pdf':<10} {'pages':>5}  {'pdfminer+layout s/page':>22} {'word recall':>11} {'same ¶':>7}"
          f"  {'pypdf plain s/page':>18} {'recall':>6}  {'pypdf layout s/page':>19} {'recall':>6}")
    for r in rows:
        pypdf_cols = (f"  {r['pypdf_plain']:>18.3f} {r['pypdf_plain_recall']:>6.1%}  {r['pypdf_layout']:>19.3f} "
                      f"{r['pypdf_layout_recall']:>6.1%}") if "pypdf_plain" in r else ""
        print(f"{r['pdf']:<10} {r['pages']:>5}  {r['miner']:>15.3f} (wall {r['miner_wall']:.3f}) "
              f"{r['miner_recall']:>11.1%} {'—' if r['same'] is None else format(r['same'], '.1%'):>7}{pypdf_cols}")
    pages = sum(r["pages"] for r in rows)
    print(f"\nall {pages} pages: pdfminer.six + page layout {sum(r['miner'] * r['pages'] for r in rows) / pages:.3f} "
          f"CPU s/page ({sum(r['miner_wall'] * r['pages'] for r in rows) / pages:.3f} s wall)"
          + (f"; pypdf plain {sum(r['pypdf_plain'] * r['pages'] for r in rows) / pages:.3f}, layout "
             f"{sum(r['pypdf_layout'] * r['pages'] for r in rows) / pages:.3f} CPU s/page" if pypdf else ""))


if __name__ == "__main__":
    main()
