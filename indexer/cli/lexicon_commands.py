"""The commands that show translations: ``lexicon`` (an index's learned lexicon) and ``dictionary`` (the general one)."""

from __future__ import annotations

import json

import click

from indexer.cli.options import index_option, json_option, opensearch_option
from indexer.lexicon import dictionary as dictionary_mod
from indexer.search.lookup import lexicon_entry


@click.command()
@click.argument("term")
@index_option()
@click.option("--limit", type=click.IntRange(1, 50), default=8, show_default=True, help="Candidates to list.")
@json_option("Print the entry as JSON.")
@opensearch_option()
def lexicon(term, index_dir, limit, as_json, opensearch_url):
    """List the candidate translations of TERM (a word or a phrase, English or Russian).

    Scores are Dice coefficients over the aligned paragraphs of the index,
    raised where the general dictionary gives the same sense and lowered
    where fewer than 3 pairs attest it ("weak"); glossary pairs score 1.0,
    the dictionary's own by the rank of their sense and the rarity of the
    word.  "pairs" counts the aligned pairs with both; p(→) and p(←) are
    the shares of either unit's pairs in which the word alignment links the
    two; the evidence is corpus, glossary, dictionary or spelling.

    \b
    Examples:
      python -m indexer lexicon мигрант --index index
      python -m indexer lexicon "smuggling of migrants" --index index --json
      python -m indexer lexicon мигрант --opensearch http://127.0.0.1:9201 --index un-search
    """
    if opensearch_url:
        from indexer.search import on_opensearch  # the OpenSearch client: only for a cluster

        entry = on_opensearch.lexicon_entry(opensearch_url, str(index_dir), term, limit)
    else:
        entry = lexicon_entry(index_dir, term, limit)
    if as_json:
        click.echo(json.dumps(entry, ensure_ascii=False, indent=2))
        return
    if not entry["entries"]:
        click.echo(f"No translations of {term!r} in the lexicon ({entry['pairs']} aligned pairs learned from).")
    for found in entry["entries"]:
        click.echo(f"{found['text']} ({found['lang']}): in {found['count']} aligned pairs")
        click.echo(f"  {'translation':<40} {'score':>5} {'pairs':>6} {'p(→)':>5} {'p(←)':>5}  evidence")
        for c in found["candidates"]:
            shares = "".join(f" {share:>5.2f}" if share is not None else f" {'–':>5}"
                             for share in (c["forward"], c["backward"]))
            weak = ", weak" if c["weak"] else ""
            click.echo(f"  {c['text']:<40} {c['score']:.3f} {c['count']:>6}{shares}  {c['evidence']}{weak}")
    click.echo(dictionary_line(entry["dictionary"]))


def dictionary_line(described: dict | None) -> str:
    """Return the line saying which general dictionary an index's lexicon has the pairs of, or how to get one."""
    if described:
        return f"General dictionary: {described['name']} ({described['pairs']} pairs), {described['path']}."
    return f"Built with {dictionary_mod.HOW_TO_INSTALL}."


@click.command("dictionary")
@click.argument("term", required=False)
@click.option("--limit", type=click.IntRange(1, 50), default=8, show_default=True, help="Translations to list.")
@json_option("Print what was found as JSON.")
def dictionary(term, limit, as_json):
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
    found = dictionary_mod.summary(term, limit)
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
