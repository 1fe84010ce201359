"""The commands that query an index: ``search`` and ``export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer import choices
from indexer.cli.failures import UsageFailure
from indexer.cli.options import index_option, json_option, lang_option, opensearch_option, symbol_option
from indexer.documents import KINDS
from indexer.engine import engine
from indexer.search import budget as budgets
from indexer.search import export as export_mod
from indexer.search import export_stream
from indexer.search import request as search_mod
from indexer.storage import crosslang
from indexer.storage import generations as store


@click.command()
@click.argument("query")
@index_option()
@lang_option("Language of the paragraphs to find.")
@click.option("--limit", type=click.IntRange(1, choices.MAX_LIMIT), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@symbol_option()
@click.option("--translate", is_flag=True,
              help="Also find the other language: through the alignment and the lexicon's translations.")
@click.option("--exclude", multiple=True, metavar="KEY",
              help="With --translate: leave out this translation (as listed, e.g. 'ru:мигрант>en:migrant').")
@click.option("--budget", type=click.FloatRange(0, min_open=True), default=None, metavar="SECONDS",
              help="Stop after this many seconds with the results found so far (default: 2 s).")
@json_option("Print the result as one JSON object.")
@opensearch_option()
def search(query, index_dir, lang, limit, offset, symbol, translate, exclude, as_json, budget, opensearch_url):
    """Search the index for QUERY.

    \b
    Query syntax: words (all must match), "a phrase", OR, NOT/-word, word*,
    word~ (fuzzy), =word (exact form), symbol:CTOC/COP/2012/*, lang:ru, year:2012.
    \b
    Examples:
      python -m indexer search мигрантам --index index
      python -m indexer search '"such tools and" lang:en' --json
      python -m indexer search "незаконный ввоз мигрантов" --lang en --translate
    """
    request = search_mod.SearchRequest(query=query, lang=lang, limit=limit, offset=offset, symbol=symbol,
                                       translate=translate, exclude=tuple(exclude))
    if opensearch_url:
        from indexer.search import on_opensearch  # the OpenSearch client: only for a search on a cluster

        result = on_opensearch.search_cluster(opensearch_url, str(index_dir), request)
    else:
        result = _search_index(index_dir, request, budget)
    if as_json:
        kept = ("query", "total", "hits", "translations") + (("partial", "messages") if result.get("partial") else ())
        result = {k: result[k] for k in kept if k in result}
        for hit in result["hits"]:
            hit.pop("id", None)
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result['total']} hits for {query!r} ({result['took_ms']:.1f} ms)")
    for message in result.get("messages") or ():
        click.echo(f"Note: {message}", err=True)
    if translate:
        _print_translations(result.get("translations"))
    for n, hit in enumerate(result["hits"], start=offset + 1):
        click.echo(f"\n{n}. [{hit['lang']}] {hit['citation']} ({hit['kind']}, score {hit['score']:.2f})")
        click.echo("   " + _shorten(hit["text"], 300))
        if hit.get("also_in"):
            more = " …" if hit["also_documents"] > len({a["doc_id"] for a in hit["also_in"]}) else ""
            click.echo(f"   also in {also_in_documents(hit)}: " + "; ".join(a["citation"] for a in hit["also_in"]) + more)


def also_in_documents(hit: dict) -> str:
    """Return "N documents" for the documents an identical paragraph of a hit stands in."""
    count = hit["also_documents"]
    return f"{count} document" if count == 1 else f"{count} documents"


def _search_index(index_dir, request, budget: float | None) -> dict:
    """Search the index folder ``index_dir`` (Whoosh) within ``budget`` seconds (the default search budget)."""
    ix = store.open_index(index_dir)
    try:
        data = crosslang.for_index(ix) if request.translate else None
        with store.explained(store.current_generation(index_dir), index_dir), engine().searcher(ix) as searcher, \
                budgets.within(budget or budgets.SEARCH_BUDGET):
            try:
                return search_mod.search(searcher, request, crosslang=data)
            except budgets.BudgetExceeded as exc:
                raise UsageFailure(str(exc)) from None
    finally:
        ix.close()


def _print_translations(translations) -> None:
    if translations is None:
        click.echo("This index has no lexicon (it was built before there was one): rebuild it to translate.")
        return
    for t in translations:
        state = "  (turned off)" if t["excluded"] else ""
        click.echo(f"  {t['from']} → {t['to']}, {t['score']:.2f} {t['source']}{state}   [--exclude '{t['key']}']")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


@click.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(choices.EXPORT_FORMATS), default=None,
              help="File format (default: from the output file's extension, else tmx).")
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), help="File to write; - is stdout.")
@index_option()
@lang_option("Language of the paragraphs the query must find (the pair holds both).")
@symbol_option()
@click.option("--year-from", type=click.IntRange(1900, 2100), help="Only documents of this year or later.")
@click.option("--year-to", type=click.IntRange(1900, 2100), help="Only documents of this year or earlier.")
@click.option("--kind", type=click.Choice(KINDS), help="Only paragraphs of this kind.")
@click.option("--limit", "cap", type=click.IntRange(1, choices.MAX_CAP), default=choices.DEFAULT_CAP,
              show_default=True, help="At most this many pairs.")
@click.option("--budget", type=click.FloatRange(0, min_open=True), default=None, metavar="SECONDS",
              help="Stop after this many seconds with the results found so far (default: 30 s).")
@opensearch_option()
def export(query, fmt, output, index_dir, lang, symbol, year_from, year_to, kind, cap, budget, opensearch_url):
    """Export the aligned English/Russian pairs that QUERY finds, as TMX 1.4 or CSV.

    One pair per hit that has a counterpart, in the order of the hits. TMX has
    one <tu> per pair with the symbol and paragraph number as <prop>s; CSV is
    UTF-8 with a BOM, columns symbol, number, English, Russian, date.
    An empty QUERY exports what the filters select.

    \b
    Examples:
      python -m indexer export "smuggling of migrants" --index index -o pairs.tmx
      python -m indexer export "" --symbol "CTOC/COP/2012/*" --format csv -o pairs.csv
      python -m indexer export "human rights" --opensearch http://127.0.0.1:9201 --index un-search -o pairs.tmx
    """
    fmt = fmt or ("csv" if str(output).lower().endswith(".csv") else "tmx")
    request = search_mod.SearchRequest(query=query, lang=lang, symbol=symbol, year_from=year_from,
                                       year_to=year_to, kind=kind)
    seconds = budget or budgets.EXPORT_BUDGET
    tally = export_mod.Tally()
    if opensearch_url:
        from indexer.search import on_opensearch  # the OpenSearch client: only for a cluster

        with budgets.within(seconds):
            pairs = list(on_opensearch.iter_pairs(on_opensearch.Searcher(opensearch_url, str(index_dir)), request,
                                                  cap, tally))
    else:
        with store.searching(index_dir) as searcher, budgets.within(seconds):
            pairs = list(export_mod.iter_pairs(searcher, request, cap, tally))
    result = export_mod.Export(tuple(pairs), tally.total_hits, tally.capped)
    data = b"".join(export_stream.CHUNKS[fmt](pairs, tally, seconds))
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise UsageFailure(f"cannot write {output}: {exc.strerror or exc}") from None
    where = "stdout" if str(output) == "-" else str(output)
    click.echo(f"{len(result.pairs)} aligned pairs from {result.total_hits} hits written to {where} as {fmt.upper()}"
               + (f" (the first {cap}; --limit gives more)" if result.capped else "") + ".", err=True)
    if tally.cut:
        click.echo(f"Note: {export_stream.cut_message(tally, seconds)}.", err=True)
