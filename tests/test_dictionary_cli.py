"""The general dictionary on the command line: the `dictionary` command, builds and updates with and without one."""

from __future__ import annotations

import json

import pytest

from indexer.lexicon import dictionary
from tests.conftest import SEED_001, SEED_004, with_dictionary
from tests.indexes import link_into
from tests.test_dictionary import DRUG, IMPLEMENT, IMPLEMENTATION, INFLUENCE, write_dictd

# --- the command line, builds and updates ----------------------------------------------------------------

@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()


def invoke(runner, *args):
    from indexer.cli import cli

    return runner.invoke(cli, [str(a) for a in args])


def test_the_dictionary_command(runner, tmp_path):
    index = write_dictd(tmp_path, [IMPLEMENT, IMPLEMENTATION])
    with with_dictionary(""):
        result = invoke(runner, "dictionary")
    assert result.exit_code == 0 and result.output.startswith("No general dictionary: `make install` puts")
    with with_dictionary(index):
        shown = invoke(runner, "dictionary", "осуществление")
        found = json.loads(invoke(runner, "dictionary", "implementation", "--json", "--limit", "2").output)
    assert shown.exit_code == 0 and f"{index}: " in shown.output and "  implementation " in shown.output
    assert found["entries"] == [{"lang": "en", "key": "implementation", "text": "implementation", "translations": [
        {"lang": "ru", "key": "осуществление", "text": "осуществление", "weight": 0.2},
        {"lang": "ru", "key": "выполнение", "text": "выполнение", "weight": 0.17}]}]


def test_a_dictionary_that_is_not_there_is_a_usage_error(runner, tmp_path):
    with with_dictionary(tmp_path / "gone.index"):
        shown = invoke(runner, "dictionary")
        built = invoke(runner, "build", SEED_001, "--index", tmp_path / "ix")
    for result in (shown, built):
        assert result.exit_code == 2 and "gone.index ($UN_SEARCH_DICTIONARY): no such dictionary file" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "ix").exists() or not list((tmp_path / "ix").glob("gen-*"))


def test_an_update_that_reads_files_learns_the_lexicon_anew_when_the_dictionary_changed(runner, tmp_path):
    index = write_dictd(tmp_path, [IMPLEMENT, IMPLEMENTATION, INFLUENCE, DRUG])
    ix, sources = tmp_path / "ix", tmp_path / "sources"
    link_into(sources, SEED_001)
    assert invoke(runner, "build", sources, "--index", ix, "--follow-links").exit_code == 0
    before = invoke(runner, "lexicon", "лекарство", "--index", ix)
    assert "No translations of 'лекарство'" in before.output and "Built with no general dictionary" in before.output
    with with_dictionary(index):
        assert invoke(runner, "update", "--index", ix).stdout.startswith("0 changed")  # as for a glossary
        link_into(sources, SEED_004)
        assert invoke(runner, "update", "--index", ix).stdout.startswith("1 changed")
    after = invoke(runner, "lexicon", "лекарство", "--index", ix)
    assert after.output.splitlines()[2].split()[::5] == ["drug", "dictionary"]  # the dictionary's first sense
    assert "General dictionary: mueller7 (" in after.output
    stats = json.loads(invoke(runner, "stats", "--index", ix, "--json").output)
    assert stats["dictionary"]["path"] == str(index.resolve()) and stats["dictionary"]["pairs"] > 10
    with with_dictionary(""):
        assert invoke(runner, "build", sources, "--index", ix, "--follow-links").exit_code == 0
    assert json.loads(invoke(runner, "stats", "--index", ix, "--json").output)["dictionary"] is None


def test_an_update_that_keeps_its_lexicon_does_not_read_the_dictionary(runner, tmp_path, monkeypatch):
    """Whether the lexicon was seeded by the dictionary configured now is told by the file's stamp alone."""
    index = write_dictd(tmp_path, [IMPLEMENT, IMPLEMENTATION, INFLUENCE])
    ix, sources = tmp_path / "ix", tmp_path / "sources"
    link_into(sources, SEED_001)
    with with_dictionary(index):
        assert invoke(runner, "build", sources, "--index", ix, "--follow-links").exit_code == 0
        link_into(sources, SEED_004)
        monkeypatch.setattr(dictionary, "load", lambda *a: pytest.fail("the dictionary was read"))
        result = invoke(runner, "update", "--index", ix)
    assert result.exit_code == 0 and result.stdout.startswith("1 changed: 1 added")
    assert json.loads(invoke(runner, "stats", "--index", ix, "--json").output)["dictionary"]["path"] == str(index.resolve())
