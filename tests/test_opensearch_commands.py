"""The commands that describe and export an index say the same of the cluster as of the Whoosh folder.

The seeds, the Charter, the UDHR and the SDG texts are built into both
(:func:`tests.conftest.parity_whoosh_index`, :func:`tests.conftest.parity_cluster`);
``stats``, ``export`` and ``align-report`` are run on each and their outputs
compared, the generation and the time of the build aside.  A cluster out of
reach, refusing or red is one line and exit code 2 for each of them.
"""

from __future__ import annotations

import json
import traceback

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.engine.opensearch import connection
from tests.conftest import PARITY_INDEX

BUILT = ("generation", "built_at", "caches")  # what says which build it was, and the process's caches


def run(args: list[str]):
    """Run the command line; return its exit code, its standard output and its error output."""
    result = CliRunner().invoke(cli, args)
    error = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error += "".join(traceback.format_exception(result.exception))  # shown by a failing assertion
    return result.exit_code, result.stdout, error


def both(parity_whoosh_index, cluster_url, args: list[str]):
    """Run a command on the Whoosh folder and on the cluster: ``(whoosh, cluster)``, each ``run``'s answer."""
    return (run([*args, "--index", str(parity_whoosh_index)]),
            run([*args, "--opensearch", cluster_url, "--index", PARITY_INDEX]))


@pytest.mark.opensearch
def test_stats_count_the_same(parity_whoosh_index, parity_cluster, cluster_url):
    (code, whoosh, _), (cluster_code, cluster, _) = both(parity_whoosh_index, cluster_url, ["stats", "--json"])
    assert (code, cluster_code) == (0, 0)
    whoosh, cluster = json.loads(whoosh), json.loads(cluster)
    assert {k: v for k, v in cluster.items() if k not in BUILT} == {k: v for k, v in whoosh.items() if k not in BUILT}
    assert cluster["by_lang"]["en"] > 500 and cluster["by_lang"]["ru"] > 500 and cluster["generation"] >= 1
    (_, whoosh, _), (_, cluster, _) = both(parity_whoosh_index, cluster_url, ["stats"])
    assert whoosh.splitlines()[:3] == cluster.splitlines()[:3]  # documents, paragraphs, per language


@pytest.mark.opensearch
@pytest.mark.parametrize("args", [
    ["export", "", "--symbol", "A/RES/217*", "--format", "csv"],  # the UDHR's pairs, in the order written
    ["export", "", "--symbol", "A/RES/70/1", "--format", "tmx"],  # the SDG goals and targets
    ["export", "", "--lang", "en", "--kind", "heading", "--format", "csv", "--limit", "40"],
])
def test_exports_are_the_same(parity_whoosh_index, parity_cluster, cluster_url, args):
    (code, whoosh, said), (cluster_code, cluster, cluster_said) = both(parity_whoosh_index, cluster_url, args)
    assert (code, cluster_code) == (0, 0)
    assert cluster == whoosh and cluster_said == said
    assert cluster.count("<tu>" if "tmx" in args else "\n") >= 20


@pytest.mark.opensearch
@pytest.mark.parametrize("document", ["A/RES/217 (III)", "raw_un_charter_en", "A/RES/70/1", "CTOC/COP/2012/15"])
def test_align_reports_are_the_same(parity_whoosh_index, parity_cluster, cluster_url, document):
    reports = []
    for args in (["align-report", document, "--json"], ["align-report", document, "--width", "100"],
                 ["align-report", document, "--below", "0.99", "--width", "80"]):
        (code, whoosh, _), (cluster_code, cluster, _) = both(parity_whoosh_index, cluster_url, args)
        assert (code, cluster_code) == (0, 0) and cluster == whoosh
        reports.append(whoosh)
    versions = json.loads(reports[0])["versions"]
    assert len(reports[1].splitlines()) > (10 if len(versions) > 1 else 0)


@pytest.mark.opensearch
def test_an_unknown_document_or_index_is_one_line(parity_cluster, cluster_url):
    assert run(["align-report", "A/RES/99/99", "--opensearch", cluster_url, "--index", PARITY_INDEX]) == (
        2, "", f"Error: no document 'A/RES/99/99' in {PARITY_INDEX} (give a symbol or a document id)\n")
    missing = ("Error: no index 'no-such-index' on OpenSearch: build it with `python -m indexer build SOURCES "
               "--opensearch URL --index no-such-index`\n")
    for args in (["stats"], ["export", "crime"], ["align-report", "A/RES/217 (III)"]):
        assert run([*args, "--opensearch", cluster_url, "--index", "no-such-index"]) == (2, "", missing), args


COMMANDS = [["stats"], ["export", "crime"], ["align-report", "A/RES/217 (III)"], ["publish"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_cluster_out_of_reach_is_one_line(command):
    assert run([*command, "--opensearch", "https://admin:s3cret@127.0.0.1:1", "--index", "x"]) == (
        2, "", "Error: OpenSearch at https://***@127.0.0.1:1: cannot connect "
               "(is the cluster running, and is the host and port right?)\n")


@pytest.mark.opensearch
def test_a_red_cluster_is_refused_by_every_command(cluster_url):
    """A shard that can be allocated nowhere makes the cluster red: each command says so and does nothing."""
    client = connection.connect(cluster_url)
    client.indices.create(index="red-probe-commands", params={"wait_for_active_shards": "0"}, body={"settings": {
        "number_of_shards": 1, "number_of_replicas": 0, "index.routing.allocation.require._name": "no-such-node"}})
    try:
        answers = [run([*command, "--opensearch", cluster_url, "--index", PARITY_INDEX])
                   for command in (["search", "crime"], *COMMANDS)]
    finally:
        client.indices.delete(index="red-probe-commands")
    red = f"Error: the OpenSearch cluster at {cluster_url} is red (some data is unavailable)\n"
    assert answers == [(2, "", red)] * (1 + len(COMMANDS))
