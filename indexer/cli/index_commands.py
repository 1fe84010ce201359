"""The commands that describe an index: ``stats`` (what it holds), ``align-report`` (a document's alignment)
and ``check`` (whether its files are as written)."""

from __future__ import annotations

import json
import shutil

import click

from indexer.align import report
from indexer.caches.catalog import report as cache_report
from indexer.cli.failures import EXIT_DAMAGED, UsageFailure
from indexer.cli.lexicon_commands import dictionary_line
from indexer.cli.options import index_option, json_option, opensearch_option
from indexer.search import reading
from indexer.storage import generations as store
from indexer.storage import repair
from indexer.storage.stats import index_stats


@click.command()
@index_option()
@json_option("Print the figures as JSON.")
@opensearch_option()
def stats(index_dir, as_json, opensearch_url):
    """Show what the index holds: documents and paragraphs per language.

    \b
    Examples:
      python -m indexer stats --index index --json
      python -m indexer stats --opensearch http://127.0.0.1:9201 --index un-search
    """
    if opensearch_url:
        from indexer.search import on_opensearch  # the OpenSearch client: only for a cluster

        figures = on_opensearch.Searcher(opensearch_url, str(index_dir)).stats()
    else:
        figures = index_stats(index_dir)
    figures = {**figures, "caches": cache_report()}
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    click.echo(f"{figures['documents']} documents, {figures['paragraphs']} paragraphs")
    for lang, n in figures["by_lang"].items():
        click.echo(f"  {lang}: {n} paragraphs")
    click.echo(f"generation {figures['generation']}, built {figures['built_at']}")
    click.echo(dictionary_line(figures["dictionary"]))


@click.command("align-report")
@click.argument("document")
@index_option()
@click.option("--below", type=click.FloatRange(0, 1), default=None,
              help="Show only links with a confidence below this (and unpaired paragraphs).")
@click.option("--full", is_flag=True, help="Print whole paragraphs (default: at most 4 lines each).")
@click.option("--width", type=click.IntRange(60), default=None, help="Line width (default: the terminal's).")
@json_option("Print the document's versions and rows as JSON.")
@opensearch_option()
def align_report(document, index_dir, below, full, width, as_json, opensearch_url):
    """Print the paragraph alignment of DOCUMENT (a symbol or document id) side by side.

    \b
    Examples:
      python -m indexer align-report CTOC/COP/2012/15 --index index
      python -m indexer align-report raw_un_charter_en --below 0.8 --index index
      python -m indexer align-report A/RES/217 (III) --opensearch http://127.0.0.1:9201 --index un-search
    """
    if opensearch_url:
        from indexer.search import on_opensearch  # the OpenSearch client: only for a cluster

        view = on_opensearch.document_view(on_opensearch.Searcher(opensearch_url, str(index_dir)), document)
    else:
        with store.searching(index_dir) as searcher:
            view = reading.document_view(searcher, document)
    if view is None:
        raise UsageFailure(f"no document {document!r} in {index_dir} (give a symbol or a document id)")
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False, indent=1))
        return
    width = width or shutil.get_terminal_size((120, 24)).columns
    for line in report.lines(view, width=width, below=below, lines_per_cell=None if full else 4):
        click.echo(line)


@click.command()
@index_option()
def check(index_dir):
    """Verify the live generation of the index: every file's checksum, and that it opens.

    Exit code 0 when it is intact; 5 when a file is damaged (named, with the
    command that rebuilds the index from its sources).

    \b
    Example:
      python -m indexer check --index index
    """
    checked = repair.check(index_dir)
    gen = checked.generation
    if checked.damage:
        damage = checked.damage[0]
        file = damage.name if "/" in damage.name else gen.path / damage.name
        click.echo(f"Error: the index in {index_dir} is damaged: {file}: {damage.reason}", err=True)
        click.echo(store.rebuild_remedy(index_dir, gen) + " or `python -m indexer update --index "
                   f"{index_dir}`, which rebuilds a damaged index", err=True)
        raise SystemExit(EXIT_DAMAGED)
    how = "checksums verified" if checked.verified else "no checksums recorded (an index written before them)"
    click.echo(f"{gen.name} of {index_dir} is intact: {how}, it opens and can be searched.")
