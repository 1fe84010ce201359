"""The commands that write an index: ``build`` and ``update`` (with ``--watch``), and the summary they print."""

from __future__ import annotations

import json
import logging
import signal
import sys
from functools import partial
from pathlib import Path

import click

from indexer.build import watch as watch_mod
from indexer.build.options import Options
from indexer.build.pipeline import build as build_index
from indexer.build.progress import LogLines, Progress
from indexer.build.update import update as update_index
from indexer.build.watch import DEFAULT_DEBOUNCE
from indexer.cli.failures import EXIT_INPUT_FAILED, EXIT_OK
from indexer.cli.options import index_option, opensearch_option, writing_options

_log = logging.getLogger("indexer.build.watch")


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@writing_options("Index directory to write (with --opensearch: the alias of the index's generations).")
@opensearch_option()
@click.option("--part", "part_text", metavar="K/N", default=None,
              help="With --opensearch: read only part K of N of the sources, for a build shared by N machines "
                   "(`publish` makes it live once every part is written).")
def build(sources, index_dir, procs, max_file_mb, follow_links, progress, glossary, as_json, opensearch_url,
          part_text):
    """Build a fresh index from SOURCES (folders or files; default: corpus).

    The new index goes live only when complete. Files that cannot be read are
    listed with the reason; the rest is indexed, and the exit code is 1.

    \b
    Examples:
      python -m indexer build corpus ../shared/corpus-pool/un-charter --index index
      python -m indexer build /data/un --opensearch http://10.0.0.5:9200 --index un-search --part 1/2
    """
    sources = list(sources) or [Path("corpus")]
    if part_text and not opensearch_url:
        raise click.UsageError("--part shares a build on an OpenSearch cluster: give --opensearch URL too")
    if opensearch_url:
        from indexer.build import on_opensearch  # the OpenSearch client: only for a build on a cluster
        from indexer.build.parts import Part  # as above

        try:
            part = Part.parse(part_text) if part_text else None
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--part") from None
        summary = _run(partial(on_opensearch.build, url=opensearch_url, part=part), sources, str(index_dir),
                       progress, procs=procs, max_file_mb=max_file_mb, follow_links=follow_links)
    else:
        summary = _run(build_index, sources, index_dir, progress,
                       procs=procs, max_file_mb=max_file_mb, glossary=glossary, follow_links=follow_links)
    _finish(summary, as_json)


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@writing_options("Index directory to update (with --opensearch: the alias of the index's generations).")
@click.option("--watch", is_flag=True, help="Keep running; update whenever files appear, change or go.")
@click.option("--debounce", default=DEFAULT_DEBOUNCE, show_default=True, type=click.FloatRange(0.05, 3600),
              help="With --watch: seconds without file events before an update starts.")
@opensearch_option()
def update(sources, index_dir, procs, max_file_mb, follow_links, progress, glossary, as_json, watch, debounce,
           opensearch_url):
    """Bring the index up to date with SOURCES (default: the sources it was built from).

    Only new and changed files (by content hash) are read; documents of removed
    files leave the index; a new language version is linked and aligned with
    the versions already indexed. The new index goes live only when complete;
    a second run with nothing new changes nothing.

    \b
    Examples:
      python -m indexer update corpus --index index
      python -m indexer update --index index --watch     # until Ctrl-C
      python -m indexer update corpus --opensearch http://127.0.0.1:9201 --index un-search
    """
    options = {"procs": procs, "max_file_mb": max_file_mb, "glossary": glossary, "follow_links": follow_links}
    if opensearch_url:
        from indexer.build import on_opensearch  # the OpenSearch client: only for an update on a cluster

        if watch:
            _watch(partial(on_opensearch.watch, list(sources), str(index_dir), url=opensearch_url, options=options),
                   as_json, debounce)
        _finish(_run(partial(on_opensearch.update, url=opensearch_url), list(sources), str(index_dir), progress,
                     **options), as_json)
    if watch:
        _watch(partial(watch_mod.watch, list(sources), index_dir, options=Options(**options)), as_json, debounce)
    summary = _run(update_index, list(sources), index_dir, progress, **options)
    _finish(summary, as_json)


@click.command()
@index_option("The alias of the index's generations on the cluster.")
@opensearch_option(required=True)
def publish(index_dir, opensearch_url):
    """Make live a build shared by several machines once every part is written.

    Each machine ran `build SOURCES --opensearch URL --index NAME --part K/N`;
    this checks that all N parts are in the cluster, joins their lists of
    sources (so `update` works from any machine) and moves the alias.

    \b
    Example:
      python -m indexer publish --opensearch http://10.0.0.5:9200 --index un-search
    """
    from indexer.build import on_opensearch  # the OpenSearch client: only for a cluster

    number, paragraphs = on_opensearch.publish_parts(str(index_dir), url=opensearch_url)
    click.echo(f"{index_dir} now names generation {number} ({paragraphs} paragraphs).")


def _progress_enabled(flag: bool | None) -> bool:
    return sys.stderr.isatty() if flag is None else flag


def _run(action, sources, index_dir, progress, **options):
    """Run ``build`` or ``update`` with progress shown (domain errors go to the command group)."""
    with Progress(_progress_enabled(progress)) as shown:
        return action(sources, index_dir, **options, **shown.callbacks())


def _finish(summary, as_json: bool) -> None:
    """Print the summary and exit: 0 when every file was read, 1 otherwise."""
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
    sys.exit(EXIT_OK if summary.ok else EXIT_INPUT_FAILED)


def _watch(watching, as_json: bool, debounce: float) -> None:
    """Run ``update --watch`` (``watching``, :func:`indexer.build.watch.watch` or the cluster's, given all but
    how to wait and report) until Ctrl-C or SIGTERM, then exit 0."""

    def report(summary, paths):
        if as_json:
            click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
        files = [p for p in paths if not Path(p).is_dir()]
        why = f" after changes to {len(files)} file(s)" if files else ""
        _log.info("update%s: %s; generation %d", why, summary.changes_line(), summary.generation)
        for failure in summary.failures:
            _log.warning("  %s: %s", failure.path, failure.reason)

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with LogLines():
            watching(debounce=debounce, on_update=report)
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
    sys.exit(EXIT_OK)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _print_summary(summary) -> None:
    langs = ", ".join(f"{lang}: {n}" for lang, n in sorted(summary.by_lang.items()))
    click.echo(summary.changes_line() + ".")
    click.echo(f"The index {summary.index_dir} holds {summary.documents} documents, {summary.paragraphs} "
               f"paragraphs ({langs}) from {summary.files} files (generation {summary.generation}).")
    if summary.aligned_groups:
        click.echo(f"Paragraph-aligned: {summary.aligned_groups} document(s) with both language versions.")
    for link in summary.links:
        if link.how == "content":
            click.echo(f"  {link.describe()}")
    if summary.failures:
        click.echo(f"{len(summary.failures)} file(s) skipped:", err=True)
        for failure in summary.failures:
            click.echo(f"  {failure.path}: {failure.reason}", err=True)
    click.echo(f'Search it: python -m indexer search "your query" --index {summary.index_dir}')
