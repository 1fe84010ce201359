"""Relevance benchmark: the queries of ``tests/relevance_table.py``, judged by what their first hits are.

Builds an index of the seeds (``corpus/``) and the Charter and the UDHR of the corpus pool, runs
every query of the table, and prints for each whether the paragraphs it expects are among the
first five hits and those it must not show are not among the first ten, then the figures:

- **precision@5**: of the paragraphs a query expects in its first five hits, the share that are
  there (over the queries that expect any);
- **nDCG@10**: discounted gain of the expected paragraphs over the first ten hits, against their
  ideal order (all of them first);
- the queries passed, and the paragraphs shown in the first ten that must not be.

``--code DIR`` runs another checkout's code (its ``indexer`` and ``analyzers``) on the same table,
which gives the figures before and after a change::

    python bench/relevance.py                     # this checkout
    python bench/relevance.py --code ../main      # another one, same table
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP, DEEP = 5, 10
_REF = re.compile(r"^(?:(?P<kind>\w+):\s+)?(?P<doc>\S+)(?:\s+#(?P<number>\S+))?(?:\s+(?P<how>[~=])(?P<text>.*))?$")


@dataclass(frozen=True)
class Ref:
    """A paragraph of the table: its document, and its kind, number, a piece of its text or its whole text."""

    doc: str | None
    kind: str | None = None
    number: str | None = None
    contains: str | None = None
    equals: str | None = None

    def matches(self, record: dict, text: str) -> bool:
        """Tell whether a hit (or a paragraph folded into one, with the hit's ``text``) is this paragraph."""
        return ((self.doc is None or record["doc_id"] == self.doc)
                and (self.kind is None or record.get("kind") == self.kind)
                and (self.number is None or record.get("number") == self.number)
                and (self.contains is None or self.contains in text)
                and (self.equals is None or text.strip() == self.equals))


def parse_ref(written: str, docs: dict[str, str]) -> Ref:
    """Read a paragraph as the table names it (``"UD_EN #15(1)"``, ``"heading: S001 =Шестая сессия"``)."""
    found = _REF.match(written.strip())
    if found is None or (found["doc"] != "*" and found["doc"] not in docs):
        raise ValueError(f"not a paragraph of the table: {written!r}")
    how, text = found["how"], found["text"]
    return Ref(None if found["doc"] == "*" else docs[found["doc"]], found["kind"], found["number"],
               text if how == "~" else None, text if how == "=" else None)


@dataclass(frozen=True)
class Judgement:
    """How one query did: the expected paragraphs found in time, those shown that must not be, the gains."""

    query: str
    lang: str
    expected: int
    found: tuple[str, ...]
    missing: tuple[str, ...]
    unwanted: tuple[str, ...]
    gains: tuple[int, ...]
    across: bool = False  # searched across languages (``ACROSS`` of the table)

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unwanted

    def precision(self) -> float | None:
        """The share of the expected paragraphs that are among the first five hits (None: none expected)."""
        return len(self.found) / self.expected if self.expected else None

    def ndcg(self) -> float | None:
        """nDCG@10 of the expected paragraphs (None: none expected)."""
        if not self.expected:
            return None
        dcg = sum(g / math.log2(k + 2) for k, g in enumerate(self.gains))
        ideal = sum(1 / math.log2(k + 2) for k in range(min(self.expected, DEEP)))
        return dcg / ideal


def judge(case: tuple, hits: list[dict], docs: dict[str, str], across: bool = False) -> Judgement:
    """Judge the first hits of a query against its case ``(query, lang, top5, not_top10)``; ``across``: it was
    searched across languages."""
    query, lang, top, never = case
    wanted = {w: parse_ref(w, docs) for w in top}
    shown = [[(hit, hit["text"])] + [(also, hit["text"]) for also in hit.get("also_in") or ()] for hit in hits[:DEEP]]
    first: dict[str, int] = {}
    for rank, records in enumerate(shown):
        for written, ref in wanted.items():
            if written not in first and any(ref.matches(r, text) for r, text in records):
                first[written] = rank
    gains = [0] * len(shown)
    for rank in first.values():
        gains[rank] += 1
    unwanted = tuple(w for w in never if any(parse_ref(w, docs).matches(hit, hit["text"]) for hit in hits[:DEEP]))
    return Judgement(query, lang, len(wanted), tuple(w for w, r in first.items() if r < TOP),
                     tuple(w for w in wanted if first.get(w, DEEP) >= TOP), unwanted, tuple(gains), across)


def summary(judgements: list[Judgement]) -> dict:
    """Return the figures of a run: precision@5, nDCG@10, queries passed, unwanted paragraphs shown."""
    scored = [j for j in judgements if j.expected]
    return {
        "queries": len(judgements),
        "precision@5": sum(j.precision() for j in scored) / len(scored),
        "ndcg@10": sum(j.ndcg() for j in scored) / len(scored),
        "passed": sum(j.passed for j in judgements),
        "unwanted": sum(len(j.unwanted) for j in judgements),
    }


def load_table():
    """Return the table module of this checkout (``tests/relevance_table.py``), whatever code is searched."""
    import importlib.util  # the table is read from this checkout even when --code runs another one's

    spec = importlib.util.spec_from_file_location("relevance_table", ROOT / "tests" / "relevance_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def table_cases(table) -> list[tuple[tuple, bool]]:
    """Return the table's cases, each with whether it is searched across languages (``CASES``, then ``ACROSS``)."""
    return [(case, False) for case in table.CASES] + [(case, True) for case in table.ACROSS]


def run(searcher, table, crosslang=None) -> list[Judgement]:
    """Run every query of the table on an open searcher and judge it; ``crosslang``: the index's cross-language
    data, for the cases searched across languages."""
    from indexer.search.request import SearchRequest, search  # from the checkout --code names (sys.path)

    out = []
    for case, across in table_cases(table):
        result = search(searcher, SearchRequest(query=case[0], lang=case[1], limit=DEEP, translate=across),
                        crosslang=crosslang if across else None)
        out.append(judge(case, result["hits"], table.DOCS, across))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code is run (default: this one)")
    parser.add_argument("--pool", type=Path, default=ROOT.parent / "shared" / "corpus-pool")
    parser.add_argument("--quiet", action="store_true", help="only the figures")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from indexer.build.pipeline import build  # the code of --code, put first on the path just above
    from indexer.storage.generations import open_index  # as above
    from indexer.storage.crosslang import for_index  # as above

    table = load_table()
    with tempfile.TemporaryDirectory(prefix="bench-relevance-") as work:
        summary_ = build([ROOT / "corpus", args.pool / "un-charter", args.pool / "udhr"], Path(work) / "index")
        if not summary_.ok:
            raise SystemExit(f"build failed: {summary_.failures}")
        ix = open_index(Path(work) / "index")
        with ix.searcher() as searcher:
            judgements = run(searcher, table, for_index(ix))
        ix.close()
    if not args.quiet:
        for j in judgements:
            mark = "ok  " if j.passed else "FAIL"
            notes = "".join([f"  missing {list(j.missing)}" if j.missing else "",
                             f"  unwanted {list(j.unwanted)}" if j.unwanted else ""])
            print(f"{mark} {j.query!r} [{j.lang}{', across languages' if j.across else ''}]{notes}")
    figures = summary(judgements)
    print(f"\ncode: {args.code.resolve()}")
    print(f"queries {figures['queries']}, passed {figures['passed']}; precision@5 {figures['precision@5']:.3f}, "
          f"nDCG@10 {figures['ndcg@10']:.3f}; unwanted paragraphs in the first ten: {figures['unwanted']}")


if __name__ == "__main__":
    main()
