"""Search results of a fixed table of 100 queries, saved and compared: a change that should keep results keeps them.

Builds one index of the seeds (``corpus/``) and the corpus pool (all but the
UNPC test set), asks every query of :data:`QUERIES` through the command line's
``search --json`` (in process, with click's runner) and writes, per query, the
total, the hits of the first page (id and score) and their counterparts, and
the translations used.  ``--check FILE`` compares with a file written before and
prints the queries whose results differ (exit 1 if any)::

    python bench/compare_results.py --save before.json      # on the old code
    python bench/compare_results.py --check before.json     # on the new code
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

POOL = ROOT.parent / "shared" / "corpus-pool"
SOURCES = (ROOT / "corpus", POOL / "un-charter", POOL / "udhr", POOL / "sdg-goals-targets-indicators",
           POOL / "unpc-v1.0-testsets" / "devset")

# (query, options): options are extra command-line arguments of ``search``.
QUERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("migrants", ()), ("smuggling of migrants", ()), ("smuggled", ()), ("technical assistance", ()),
    ("firearms", ()), ("trafficking in persons", ()), ("organs", ()), ("organization", ()),
    ("nationality", ()), ("children", ()), ("woman", ()), ("human rights", ()), ("Security Council", ()),
    ("General Assembly", ()), ("Member States", ()), ("self-defence", ()), ("Secretary-General", ()),
    ("capacity-building", ()), ("sustainable development", ()), ("poverty", ()), ("climate change", ()),
    ("education", ()), ("torture", ()), ("slavery", ()), ("religion", ()), ("equal pay for equal work", ()),
    ("drug", ()), ("crime prevention", ()), ("corruption", ()), ("peace", ()),
    ("мигрантов", ()), ("незаконный ввоз мигрантов", ()), ("мигрантам", ()), ("техническая помощь", ()),
    ("огнестрельного оружия", ()), ("торговля людьми", ()), ("правам человека", ()), ("сессии", ()),
    ("проведенных", ()), ("Совет Безопасности", ()), ("Генеральная Ассамблея", ()), ("государства-члены", ()),
    ("самооборона", ()), ("гражданство", ()), ("пытка", ()), ("рабство", ()), ("вероисповедание", ()),
    ("устойчивое развитие", ()), ("нищета", ()), ("образование", ()),
    ('"such tools and"', ()), ('"trafficking in persons"', ()), ('"Office on Drugs and Crime"', ()),
    ('"smuggling of migrants"', ()), ('"ввоза мигрантов"', ()), ('"права человека"', ()),
    ('"Conference of the Parties"', ()), ('"Организации Объединенных Наций"', ()),
    ("=мигрантов", ()), ('="ввоза мигрантов"', ()), ("=organs", ()), ("=States", ()),
    ("migra*", ()), ("мигра*", ()), ("develop*", ()), ("smugling~", ()), ("developmnt~", ()),
    ("мигрантв~", ()), ("migrants OR refugees", ()), ("migrants NOT firearms", ()), ("migrants -smuggling", ()),
    ("symbol:CTOC/COP/2012/*", ()), ("symbol:CTOC/COP/2010/17", ()), ("lang:ru мигрант", ()),
    ("lang:en migrants", ()), ("year:2012 migrants", ()), ("year:[2010 TO 2012] firearms", ()),
    ("kind:footnote", ()), ("kind:heading session", ()), ("CTOC/COP/2012/15", ()), ("2012", ()),
    ("1945", ()), ("Article 51", ()),
    ("migrants", ("--lang", "ru")), ("technical assistance", ("--lang", "en")),
    ("мигрант", ("--lang", "en", "--translate")), ("незаконный ввоз мигрантов", ("--lang", "en", "--translate")),
    ("smuggling of migrants", ("--lang", "ru", "--translate")), ("human rights", ("--translate",)),
    ("права человека", ("--translate",)), ("torture", ("--lang", "ru", "--translate")),
    ("пытка", ("--lang", "en", "--translate")), ("education", ("--lang", "ru", "--translate")),
    ("Security Council", ("--lang", "ru", "--translate")), ("гражданство", ("--lang", "en", "--translate")),
    ("migrants", ("--limit", "20", "--offset", "10")), ("мигрантов", ("--symbol", "CTOC/COP/2012/*")),
    ("poverty", ("--lang", "en", "--limit", "5")), ("равенство", ("--translate",)),
    ("Монровия", ("--lang", "en", "--translate")), ("weapons", ("--translate", "--limit", "20")),
)


def build_index(work: Path) -> Path:
    """Build the index of :data:`SOURCES` in ``work`` and return its path."""
    from click.testing import CliRunner

    from indexer.cli import cli

    index = work / "index"
    sources = [str(s) for s in SOURCES if s.exists()]
    result = CliRunner().invoke(cli, ["build", *sources, "--index", str(index)], catch_exceptions=False)
    if result.exit_code not in (0, 1):
        raise SystemExit(f"build failed ({result.exit_code}): {result.output}")
    return index


def results(index: Path) -> dict:
    """Return the results of every query of :data:`QUERIES` on ``index``, by a key naming the query."""
    from click.testing import CliRunner

    from indexer.cli import cli

    runner = CliRunner()
    out = {}
    for query, options in QUERIES:
        key = " ".join((query, *options))
        result = runner.invoke(cli, ["search", query, *options, "--index", str(index), "--json"])
        if result.exit_code != 0:
            out[key] = {"exit": result.exit_code, "output": result.output.strip()}
            continue
        found = json.loads(result.output)
        out[key] = {"total": found.get("total"),
                    "hits": [[_id(h), round(h["score"], 4), [_id(a) for a in h.get("aligned") or ()]]
                             for h in found.get("hits", ())],
                    "translations": [[t["key"], round(t["score"], 4), t["excluded"]]
                                     for t in found.get("translations") or ()]}
    return out


def _id(hit: dict) -> str:
    """Return a paragraph's place: its document and position."""
    return f"{hit['doc_id']}#{hit['position']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path, help="write the results to this file")
    parser.add_argument("--check", type=Path, help="compare the results with this file")
    parser.add_argument("--index", type=Path, help="an index of the same sources, built before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or build_index(Path(tmp))
        found = results(index)
    if args.save:
        args.save.write_text(json.dumps(found, ensure_ascii=False, indent=1))
        print(f"{len(found)} queries, {sum(1 for r in found.values() if r.get('total'))} with hits: {args.save}")
    if args.check:
        kept = json.loads(args.check.read_text())
        differ = [key for key in kept if kept[key] != found.get(key)]
        print(f"{len(kept)} queries compared, {len(differ)} differ")
        for key in differ:
            print(f"  {key}: {kept[key]} -> {found.get(key)}")
        if differ:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
