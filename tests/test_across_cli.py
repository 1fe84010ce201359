"""The command line across languages: ``lexicon``, ``search --translate``, ``build --glossary``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.lexicon.glossary import GLOSSARY_ENV
from tests.conftest import SEED_002
from tests.test_web_data import web_index  # noqa: F401


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_lexicon_lists_candidates(runner, seed_index):
    result = runner.invoke(cli, ["lexicon", "незаконный ввоз мигрантов", "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "незаконный ввоз мигрантов (ru): in 0 aligned pairs"
    assert lines[1].split() == ["translation", "score", "pairs", "p(→)", "p(←)", "evidence"]
    assert lines[2].split() == ["smuggling", "of", "migrants", "1.000", "0", "–", "–", "glossary"]


def test_lexicon_shows_the_evidence_of_learned_translations(runner, parallel_index):
    result = runner.invoke(cli, ["lexicon", "Совет Безопасности", "--index", str(parallel_index), "--limit", "2"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[2].split()
    assert [w.lower() for w in first[:2]] == ["security", "council"] and first[-1] == "glossary" and int(first[3]) > 100
    assert all(0.0 < float(share) <= 1.0 for share in first[4:6])


def test_lexicon_as_json(runner, parallel_index):
    result = runner.invoke(cli, ["lexicon", "Совет Безопасности", "--index", str(parallel_index), "--json",
                                 "--limit", "3"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    (entry,) = found["entries"]
    assert (entry["lang"], entry["key"]) == ("ru", "совет безопасность") and found["pairs"] > 4000
    first, *rest = entry["candidates"]
    assert (first["text"], first["source"]) == ("security council", "glossary") and first["count"] > 200
    assert len(rest) == 2 and all(c["source"] == "corpus" and 0 < c["score"] <= 1 for c in rest)


@pytest.mark.parametrize("args, code, message", [
    (["lexicon", "zzzq"], 0, "No translations of 'zzzq' in the lexicon (0 aligned pairs learned from)."),
    (["lexicon", "мигрант", "--limit", "0"], 2, "Invalid value for '--limit'"),
])
def test_lexicon_edge_cases(runner, seed_index, args, code, message):
    result = runner.invoke(cli, [*args, "--index", str(seed_index)])
    assert result.exit_code == code and message in result.output


def test_lexicon_of_an_index_without_one(runner, web_index, tmp_path):  # noqa: F811
    result = runner.invoke(cli, ["lexicon", "мигрант", "--index", str(web_index)])
    assert result.exit_code == 2 and "has no lexicon" in result.output and "rebuild it" in result.output
    result = runner.invoke(cli, ["lexicon", "мигрант", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no index in" in result.output


def test_search_translate(runner, seed_index):
    args = ["search", "незаконный ввоз мигрантов", "--index", str(seed_index), "--lang", "en", "--limit", "2"]
    assert "0 hits" in runner.invoke(cli, args).output
    result = runner.invoke(cli, [*args, "--translate"])
    assert result.exit_code == 0, result.output
    assert "незаконный ввоз мигрантов → smuggling of migrants, 1.00 glossary" in result.output
    assert "[--exclude 'ru:незаконный ввоз мигрант>en:smuggle migrant']" in result.output
    found = json.loads(runner.invoke(cli, [*args, "--translate", "--json", "--exclude", "ru:мигрант>en:migrant"]).output)
    assert set(found) == {"query", "total", "hits", "translations"} and found["total"] > 80
    assert {t["key"]: t["excluded"] for t in found["translations"]} == {
        "ru:мигрант>en:migrant": True, "ru:незаконный ввоз мигрант>en:smuggle migrant": False}


def test_search_translate_without_a_lexicon(runner, web_index):  # noqa: F811
    result = runner.invoke(cli, ["search", "мигрант", "--index", str(web_index), "--translate"])
    assert result.exit_code == 0 and "This index has no lexicon" in result.output


def test_build_with_a_glossary(runner, tmp_path, monkeypatch):
    mine = tmp_path / "mine.tsv"
    mine.write_text("Model Law\tтиповой закон\tmine\n", encoding="utf-8")
    index = str(tmp_path / "ix")
    result = runner.invoke(cli, ["build", str(SEED_002), "--index", index, "--glossary", str(mine)])
    assert result.exit_code == 0, result.output
    assert "типовой закон" in runner.invoke(cli, ["lexicon", "Model Law", "--index", index]).output
    bad = tmp_path / "bad.tsv"
    bad.write_text("Model Law\n", encoding="utf-8")
    monkeypatch.setenv(GLOSSARY_ENV, str(bad))
    result = runner.invoke(cli, ["build", str(SEED_002), "--index", index])
    assert result.exit_code == 2 and f"{bad}, line 1: expected English<TAB>Russian" in result.output
    result = runner.invoke(cli, ["update", "--index", index])
    assert result.exit_code == 2 and "bad.tsv, line 1" in result.output
