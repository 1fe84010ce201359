"""The command line: ``python -m indexer build|update|search|lexicon|stats|align-report|export``, a thin shell over the library.

Exit codes: 0 ok; 1 some input failed (the rest was indexed); 2 usage error
(bad option, missing index, bad query); 3 another indexer is writing the index;
4 a process writing the index failed or died (the index is as it was).
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import sys
from pathlib import Path

import click

from indexer.build import pipeline as build_mod
from indexer import choices
from indexer.storage import generations as store
from indexer.documents import KINDS
from indexer.errors import IndexerError, IndexLocked, IndexNotFound, QueryError, SourceError, WriterFailed
from indexer.lexicon.dictd import DictionaryError
from indexer.lexicon.glossary import GLOSSARY_ENV, GlossaryError
from indexer.lexicon.model import LexiconError
from indexer.build.progress import LogLines, Progress
from indexer.build.watch import DEFAULT_DEBOUNCE

_log = logging.getLogger("indexer.build.watch")

DEFAULT_INDEX = "index"
EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_WRITE_FAILED = 4


class LockedFailure(click.ClickException):
    """Another indexer holds the index: exit code 3."""

    exit_code = EXIT_LOCKED


class WriteFailure(click.ClickException):
    """A process writing the index failed or died: exit code 4; the index is as it was."""

    exit_code = EXIT_WRITE_FAILED


class UsageFailure(click.ClickException):
    """An error that is the caller's to fix: exit code 2, a clean message, no traceback."""

    exit_code = EXIT_USAGE


def _progress_enabled(flag: bool | None) -> bool:
    return sys.stderr.isatty() if flag is None else flag


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, step by step.")
def cli(verbose: bool) -> None:
    """Index and search English/Russian UN documents.

    \b
    Examples:
      python -m indexer build corpus --index index
      python -m indexer update --index index
      python -m indexer search "незаконный ввоз мигрантов" --index index
      python -m indexer stats --index index --json
      python -m indexer export "smuggling of migrants" --format tmx --index index -o pairs.tmx

    \b
    Exit codes: 0 ok; 1 some input failed (the rest was indexed); 2 usage error;
    3 another indexer is writing the index; 4 a process writing the index failed.
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def _writing_options(index_help: str):
    """The options that ``build`` and ``update`` share."""
    options = [
        click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True,
                     type=click.Path(path_type=Path), help=index_help),
        click.option("--procs", default=None, type=click.IntRange(1, 16),
                     help="Processes that read, align and write (default: 1 under 5,000 paragraphs, else one per core, "
                          "up to 4); the index is the same whatever the number."),
        click.option("--max-file-mb", default=build_mod.MAX_FILE_MB, show_default=True, type=click.IntRange(1, 4096),
                     help="Refuse source files larger than this (with the files read along with them)."),
        click.option("--progress/--no-progress", default=None,
                     help="Progress bar (default: on a terminal; plain log lines otherwise)."),
        click.option("--glossary", type=click.Path(path_type=Path), default=None,
                     help=f"Your own glossary (English<TAB>Russian lines) to seed the lexicon; default: ${GLOSSARY_ENV}, "
                          "else (update) the one the index was built with."),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
    ]

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_writing_options("Index directory to write.")
def build(sources, index_dir, procs, max_file_mb, progress, glossary, as_json):
    """Build a fresh index from SOURCES (folders or files; default: corpus).

    The new index goes live only when complete. Files that cannot be read are
    listed with the reason; the rest is indexed, and the exit code is 1.

    \b
    Example:
      python -m indexer build corpus ../shared/corpus-pool/un-charter --index index
    """
    summary = _run(build_mod.build, list(sources) or [Path("corpus")], index_dir, progress,
                   procs=procs, max_file_mb=max_file_mb, glossary=glossary)
    _finish(summary, as_json)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_writing_options("Index directory to update.")
@click.option("--watch", is_flag=True, help="Keep running; update whenever files appear, change or go.")
@click.option("--debounce", default=DEFAULT_DEBOUNCE, show_default=True, type=click.FloatRange(0.05, 3600),
              help="With --watch: seconds without file events before an update starts.")
def update(sources, index_dir, procs, max_file_mb, progress, glossary, as_json, watch, debounce):
    """Bring the index up to date with SOURCES (default: the sources it was built from).

    Only new and changed files (by content hash) are read; documents of removed
    files leave the index; a new language version is linked and aligned with
    the versions already indexed. The new index goes live only when complete;
    a second run with nothing new changes nothing.

    \b
    Examples:
      python -m indexer update corpus --index index
      python -m indexer update --index index --watch     # until Ctrl-C
    """
    options = {"procs": procs, "max_file_mb": max_file_mb, "glossary": glossary}
    if watch:
        _watch(list(sources), index_dir, debounce, as_json, options)
    summary = _run(build_mod.update, list(sources), index_dir, progress, **options)
    _finish(summary, as_json)


def _run(action, sources, index_dir, progress, **options):
    """Run ``build`` or ``update`` with progress shown; turn domain errors into exit codes."""
    try:
        with Progress(_progress_enabled(progress)) as shown:
            return action(sources, index_dir, **options, **shown.callbacks())
    except IndexLocked as exc:
        raise LockedFailure(str(exc)) from None
    except (SourceError, IndexNotFound, GlossaryError, DictionaryError) as exc:
        raise UsageFailure(str(exc)) from None
    except WriterFailed as exc:
        raise WriteFailure(f"{exc}; the index is as it was") from None


def _finish(summary, as_json: bool) -> None:
    """Print the summary and exit: 0 when every file was read, 1 otherwise."""
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
    sys.exit(0 if summary.ok else EXIT_INPUT_FAILED)


def _watch(sources, index_dir, debounce: float, as_json: bool, options: dict) -> None:
    """Run ``update --watch`` until Ctrl-C or SIGTERM, then exit 0."""
    from indexer.build import watch as watch_mod

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
            watch_mod.watch(sources, index_dir, debounce=debounce, options=build_mod.Options(**options),
                            on_update=report)
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)
    except IndexLocked as exc:
        raise LockedFailure(str(exc)) from None
    except (SourceError, IndexNotFound, GlossaryError, DictionaryError) as exc:
        raise UsageFailure(str(exc)) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    sys.exit(0)


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


@cli.command()
@click.argument("query")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(choices.LANGS), default="any", show_default=True,
              help="Language of the paragraphs to find.")
@click.option("--limit", type=click.IntRange(1, choices.MAX_LIMIT), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--symbol", help="Only documents with this symbol (wildcards * and ? allowed).")
@click.option("--translate", is_flag=True,
              help="Also find the other language: through the alignment and the lexicon's translations.")
@click.option("--exclude", multiple=True, metavar="KEY",
              help="With --translate: leave out this translation (as listed, e.g. 'ru:мигрант>en:migrant').")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def search(query, index_dir, lang, limit, offset, symbol, translate, exclude, as_json):
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
    from indexer.search import request as search_mod  # the query language, only for a search

    request = search_mod.SearchRequest(query=query, lang=lang, limit=limit, offset=offset, symbol=symbol,
                                       translate=translate, exclude=tuple(exclude))
    try:
        ix = store.open_index(index_dir)
        try:
            data = None
            if translate:
                from indexer.storage import crosslang  # the lexicon, only for a search across languages

                data = crosslang.for_index(ix)
            with ix.searcher() as searcher:
                result = search_mod.search(searcher, request, crosslang=data)
        finally:
            ix.close()
    except (IndexNotFound, QueryError, LexiconError) as exc:
        raise UsageFailure(str(exc)) from None
    if as_json:
        result = {k: result[k] for k in ("query", "total", "hits", "translations") if k in result}
        for hit in result["hits"]:
            hit.pop("id", None)
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result['total']} hits for {query!r} ({result['took_ms']:.1f} ms)")
    if translate:
        _print_translations(result.get("translations"))
    for n, hit in enumerate(result["hits"], start=offset + 1):
        click.echo(f"\n{n}. [{hit['lang']}] {hit['citation']} ({hit['kind']}, score {hit['score']:.2f})")
        click.echo("   " + _shorten(hit["text"], 300))


def _print_translations(translations) -> None:
    if translations is None:
        click.echo("This index has no lexicon (it was built before there was one): rebuild it to translate.")
        return
    for t in translations:
        state = "  (turned off)" if t["excluded"] else ""
        click.echo(f"  {t['from']} → {t['to']}, {t['score']:.2f} {t['source']}{state}   [--exclude '{t['key']}']")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


@cli.command()
@click.argument("term")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(path_type=Path))
@click.option("--limit", type=click.IntRange(1, 50), default=8, show_default=True, help="Candidates to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the entry as JSON.")
def lexicon(term, index_dir, limit, as_json):
    """List the candidate translations of TERM (a word or a phrase, English or Russian).

    Scores are Dice coefficients over the aligned paragraphs of the index
    (glossary pairs score 1.0; the general dictionary's, below the learned
    ones, by the rank of their sense); counts are the aligned pairs with both.

    \b
    Examples:
      python -m indexer lexicon мигрант --index index
      python -m indexer lexicon "smuggling of migrants" --index index --json
    """
    try:
        from indexer.search.lookup import lexicon_entry

        entry = lexicon_entry(index_dir, term, limit)
    except (IndexNotFound, LexiconError) as exc:
        raise UsageFailure(str(exc)) from None
    if as_json:
        click.echo(json.dumps(entry, ensure_ascii=False, indent=2))
        return
    if not entry["entries"]:
        click.echo(f"No translations of {term!r} in the lexicon ({entry['pairs']} aligned pairs learned from).")
    for found in entry["entries"]:
        click.echo(f"{found['text']} ({found['lang']}): in {found['count']} aligned pairs")
        for c in found["candidates"]:
            click.echo(f"  {c['text']:<40} {c['score']:.3f} {c['count']:>6}  {c['source']}")
    click.echo(_dictionary_line(entry["dictionary"]))


def _dictionary_line(described: dict | None) -> str:
    """Return the line saying which general dictionary an index's lexicon has the pairs of, or how to get one."""
    if described:
        return f"General dictionary: {described['name']} ({described['pairs']} pairs), {described['path']}."
    from indexer.lexicon.dictionary import HOW_TO_INSTALL

    return f"Built with {HOW_TO_INSTALL}."


@cli.command("dictionary")
@click.argument("term", required=False)
@click.option("--limit", type=click.IntRange(1, 50), default=8, show_default=True, help="Translations to list.")
@click.option("--json", "as_json", is_flag=True, help="Print what was found as JSON.")
def dictionary_command(term, limit, as_json):
    """Show the general dictionary that translations fall back on; with TERM, what it gives for it.

    The dictionary is ${UN_SEARCH_DICTIONARY} (a dictd .index file), else the
    one `make install` fetched.  The first use analyzes it (half a minute) and
    keeps the result beside it; indexes built afterwards add its pairs to
    their lexicon, below the learned translations.

    \b
    Examples:
      python -m indexer dictionary
      python -m indexer dictionary implementation
      python -m indexer dictionary осуществление --json
    """
    from indexer.lexicon import dictionary as dictionary_mod

    try:
        found = dictionary_mod.summary(term, limit)
    except DictionaryError as exc:
        raise UsageFailure(str(exc)) from None
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    if found["path"] is None:
        click.echo(found["note"][0].upper() + found["note"][1:] + ".")
        return
    click.echo(f"{found['path']}: {found['pairs']} English–Russian pairs of words (analyzed into {found['cache']})")
    if term and not found["entries"]:
        click.echo(f"No translations of {term!r} in the dictionary.")
    for entry in found["entries"]:
        click.echo(f"{entry['text']} ({entry['lang']})")
        for t in entry["translations"]:
            click.echo(f"  {t['text']:<40} {t['weight']:.3f}")


@cli.command()
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(index_dir, as_json):
    """Show what the index holds: documents and paragraphs per language.

    \b
    Example:
      python -m indexer stats --index index --json
    """
    from indexer.storage.stats import index_stats

    try:
        figures = index_stats(index_dir)
    except IndexNotFound as exc:
        raise UsageFailure(str(exc)) from None
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    click.echo(f"{figures['documents']} documents, {figures['paragraphs']} paragraphs")
    for lang, n in figures["by_lang"].items():
        click.echo(f"  {lang}: {n} paragraphs")
    click.echo(f"generation {figures['generation']}, built {figures['built_at']}")
    click.echo(_dictionary_line(figures["dictionary"]))


@cli.command("align-report")
@click.argument("document")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(path_type=Path))
@click.option("--below", type=click.FloatRange(0, 1), default=None,
              help="Show only links with a confidence below this (and unpaired paragraphs).")
@click.option("--full", is_flag=True, help="Print whole paragraphs (default: at most 4 lines each).")
@click.option("--width", type=click.IntRange(60), default=None, help="Line width (default: the terminal's).")
@click.option("--json", "as_json", is_flag=True, help="Print the document's versions and rows as JSON.")
def align_report(document, index_dir, below, full, width, as_json):
    """Print the paragraph alignment of DOCUMENT (a symbol or document id) side by side.

    \b
    Examples:
      python -m indexer align-report CTOC/COP/2012/15 --index index
      python -m indexer align-report raw_un_charter_en --below 0.8 --index index
    """
    from indexer.align import report
    from indexer.search import reading

    try:
        with store.searching(index_dir) as searcher:
            view = reading.document_view(searcher, document)
    except IndexNotFound as exc:
        raise UsageFailure(str(exc)) from None
    if view is None:
        raise UsageFailure(f"no document {document!r} in {index_dir} (give a symbol or a document id)")
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False, indent=1))
        return
    width = width or shutil.get_terminal_size((120, 24)).columns
    for line in report.lines(view, width=width, below=below, lines_per_cell=None if full else 4):
        click.echo(line)


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(choices.EXPORT_FORMATS), default=None,
              help="File format (default: from the output file's extension, else tmx).")
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), help="File to write; - is stdout.")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(choices.LANGS), default="any", show_default=True,
              help="Language of the paragraphs the query must find (the pair holds both).")
@click.option("--symbol", help="Only documents with this symbol (wildcards * and ? allowed).")
@click.option("--year-from", type=click.IntRange(1900, 2100), help="Only documents of this year or later.")
@click.option("--year-to", type=click.IntRange(1900, 2100), help="Only documents of this year or earlier.")
@click.option("--kind", type=click.Choice(KINDS), help="Only paragraphs of this kind.")
@click.option("--limit", "cap", type=click.IntRange(1, choices.MAX_CAP), default=choices.DEFAULT_CAP,
              show_default=True, help="At most this many pairs.")
def export(query, fmt, output, index_dir, lang, symbol, year_from, year_to, kind, cap):
    """Export the aligned English/Russian pairs that QUERY finds, as TMX 1.4 or CSV.

    One pair per hit that has a counterpart, in the order of the hits. TMX has
    one <tu> per pair with the symbol and paragraph number as <prop>s; CSV is
    UTF-8 with a BOM, columns symbol, number, English, Russian, date.
    An empty QUERY exports what the filters select.

    \b
    Examples:
      python -m indexer export "smuggling of migrants" --index index -o pairs.tmx
      python -m indexer export "" --symbol "CTOC/COP/2012/*" --format csv -o pairs.csv
    """
    from indexer.search import export as export_mod
    from indexer.search import request as search_mod

    fmt = fmt or ("csv" if str(output).lower().endswith(".csv") else "tmx")
    request = search_mod.SearchRequest(query=query, lang=lang, symbol=symbol, year_from=year_from,
                                       year_to=year_to, kind=kind)
    try:
        with store.searching(index_dir) as searcher:
            result = export_mod.collect_pairs(searcher, request, cap)
    except (IndexNotFound, QueryError) as exc:
        raise UsageFailure(str(exc)) from None
    data = export_mod.export_bytes(result.pairs, fmt)
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


def main() -> None:
    """Run the command line, turning domain errors into clean messages."""
    try:
        cli(prog_name="python -m indexer")
    except IndexerError as exc:  # pragma: no cover - safety net
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
