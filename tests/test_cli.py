"""The command line through click's CliRunner: build, search, stats, exit codes, help."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from tests.conftest import CORPUS, SEED_001


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_build_search_stats(runner, tmp_path):
    index = tmp_path / "ix"
    built = runner.invoke(cli, ["build", str(CORPUS), "--index", str(index), "--json"])
    assert built.exit_code == 0, built.output
    summary = json.loads(built.stdout)
    assert (summary["files"], summary["documents"], summary["failures"]) == (4, 4, [])

    found = runner.invoke(cli, ["search", "мигрантам", "--index", str(index), "--json", "--limit", "3"])
    assert found.exit_code == 0, found.output
    result = json.loads(found.output)
    assert set(result) == {"query", "total", "hits"}
    assert result["query"] == "мигрантам" and result["total"] >= 3
    assert set(result["hits"][0]) >= {"doc_id", "symbol", "lang", "number", "position", "kind", "text",
                                      "score", "aligned"}

    stats = runner.invoke(cli, ["stats", "--index", str(index), "--json"])
    figures = json.loads(stats.output)
    assert figures["documents"] == 4
    assert figures["by_lang"]["ru"] > 0 and figures["by_lang"]["en"] > 1000
    assert figures["paragraphs"] == sum(figures["by_lang"].values()) + sum(figures["by_lang_other"].values())

    text = runner.invoke(cli, ["search", "smuggling", "--index", str(index), "--lang", "en", "--limit", "2"])
    assert text.exit_code == 0 and "hits for 'smuggling'" in text.output


def test_bad_files_are_reported_and_the_rest_indexed(runner, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_bytes(SEED_001.read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "Доклад с пробелами.txt").write_bytes("1. Рабочая группа провела совещание в Вене.".encode("cp1251"))
    result = runner.invoke(cli, ["build", str(corpus), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["documents"] == 2
    reasons = {f["path"].rsplit("/", 1)[-1]: f["reason"] for f in summary["failures"]}
    assert reasons == {"binary.txt": "binary file, not text", "empty.txt": "empty file"}


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["search", "x", "--index", "/nonexistent/ix"], 2, "no index in /nonexistent/ix"),
        (["stats", "--index", "/nonexistent/ix"], 2, "build one with"),
        (["build", "/nonexistent/corpus", "--index", "/tmp/unused-ix"], 2, "no such file or folder"),
        (["search", "x", "--lang", "de"], 2, "Invalid value for '--lang'"),
    ],
)
def test_usage_errors(runner, args, code, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_query_is_a_usage_error(runner, seed_index):
    result = runner.invoke(cli, ["search", '"unclosed', "--index", str(seed_index)])
    assert result.exit_code == 2
    assert 'a phrase is not closed' in result.output and "at character 1" in result.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "python -m indexer" in result.output


def test_pool_charter_builds(runner, tmp_path, pool):
    result = runner.invoke(cli, ["build", str(pool / "un-charter"), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == 2
    assert summary["by_lang"]["en"] > 50 and summary["by_lang"]["ru"] > 50
    found = runner.invoke(cli, ["search", "Совет Безопасности", "--index", str(tmp_path / "ix"), "--json"])
    assert json.loads(found.output)["total"] > 20
