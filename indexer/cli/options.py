"""The command line's shared options, each declared once: the index, JSON output, processes, progress, and the rest.

Each is a function returning the click decorator, with the help text as an
argument where commands say it differently (``--json``: what is printed).
"""

from __future__ import annotations

from pathlib import Path

import click

from indexer import choices
from indexer.build.options import MAX_FILE_MB
from indexer.lexicon.glossary import GLOSSARY_ENV

DEFAULT_INDEX = "index"


def index_option(help: str | None = None):
    """``--index DIR``: the index directory (default: ``index``)."""
    return click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True,
                        type=click.Path(path_type=Path), help=help)


def json_option(help: str):
    """``--json``: print what the command gives as JSON."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def procs_option():
    """``--procs N``: processes that read, align and write."""
    return click.option("--procs", default=None, type=click.IntRange(1, 16),
                        help="Processes that read, align and write (default: 1 under 5,000 paragraphs, else one per "
                             "core, up to 4); the index is the same whatever the number.")


def max_file_mb_option():
    """``--max-file-mb N``: the size limit of a source file."""
    return click.option("--max-file-mb", default=MAX_FILE_MB, show_default=True, type=click.IntRange(1, 4096),
                        help="Refuse source files larger than this (with the files read along with them).")


def follow_links_option():
    """``--follow-links/--no-follow-links``: read links to files outside the sources."""
    return click.option("--follow-links/--no-follow-links", default=None,
                        help="Read links to files outside the sources (default: no; update: as the index was built).")


def progress_option():
    """``--progress/--no-progress``: a progress bar, or plain log lines."""
    return click.option("--progress/--no-progress", default=None,
                        help="Progress bar (default: on a terminal; plain log lines otherwise).")


def glossary_option():
    """``--glossary FILE``: the user's own glossary."""
    return click.option("--glossary", type=click.Path(path_type=Path), default=None,
                        help=f"Your own glossary (English<TAB>Russian lines) to seed the lexicon; default: "
                             f"${GLOSSARY_ENV}, else (update) the one the index was built with.")


def lang_option(help: str):
    """``--lang en|ru|any``: the language of the paragraphs to find."""
    return click.option("--lang", type=click.Choice(choices.LANGS), default="any", show_default=True, help=help)


def symbol_option():
    """``--symbol PATTERN``: only documents with this symbol."""
    return click.option("--symbol", help="Only documents with this symbol (wildcards * and ? allowed).")


def opensearch_option(required: bool = False):
    """``--opensearch URL``: an OpenSearch cluster instead of an index directory (``--index`` names its index)."""
    return click.option("--opensearch", "opensearch_url", envvar="UN_SEARCH_OPENSEARCH", default=None, metavar="URL",
                        required=required,
                        help="An OpenSearch cluster (e.g. http://127.0.0.1:9201; default: $UN_SEARCH_OPENSEARCH); "
                             "--index is then the name of its index.")


def writing_options(index_help: str):
    """The options that ``build`` and ``update`` share, in the order their help lists them."""
    options = [index_option(index_help), procs_option(), max_file_mb_option(), follow_links_option(), progress_option(),
               glossary_option(),
               json_option("Print the summary as JSON.")]

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
