"""The command line: ``python -m indexer build|update|search|lexicon|dictionary|stats|align-report|check|export``.

A thin shell over the library: the group is here, the commands are in
:mod:`~indexer.cli.writing` (build, update), :mod:`~indexer.cli.searching`
(search, export), :mod:`~indexer.cli.lexicon_commands` (lexicon, dictionary)
and :mod:`~indexer.cli.index_commands` (stats, align-report, check); their shared
options in :mod:`~indexer.cli.options`.

Exit codes: 0 ok; 1 some input failed (the rest was indexed); 2 usage error
(bad option, missing index, bad query); 3 another indexer is writing the index;
4 a process writing the index failed or died (the index is as it was);
5 the index is damaged (``check`` names the file and the command that rebuilds it).
:mod:`indexer.cli.failures` maps each domain error to its code, in one table.
"""

from __future__ import annotations

import logging
import sys

import click

from indexer.cli import index_commands, lexicon_commands, searching, writing
from indexer.cli.failures import EXIT_USAGE, ReportingGroup
from indexer.errors import IndexerError


@click.group(cls=ReportingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, step by step.")
def cli(verbose: bool) -> None:
    """Index and search English/Russian UN documents.

    \b
    Examples:
      python -m indexer build corpus --index index
      python -m indexer update --index index
      python -m indexer search "незаконный ввоз мигрантов" --index index
      python -m indexer stats --index index --json
      python -m indexer check --index index
      python -m indexer export "smuggling of migrants" --format tmx --index index -o pairs.tmx

    \b
    Exit codes: 0 ok; 1 some input failed (the rest was indexed); 2 usage error;
    3 another indexer is writing the index; 4 a process writing the index failed;
    5 the index is damaged (see `check`).
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


for _command in (writing.build, writing.update, writing.publish, searching.search, lexicon_commands.lexicon,
                 lexicon_commands.dictionary, index_commands.stats, index_commands.align_report, index_commands.check,
                 searching.export):
    cli.add_command(_command)


def main() -> None:
    """Run the command line, turning domain errors into clean messages."""
    try:
        cli(prog_name="python -m indexer")
    except IndexerError as exc:  # pragma: no cover - safety net: the group reports its commands' errors
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
