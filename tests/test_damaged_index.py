"""A damaged index: detected by ``check``, explained (never a traceback or a 500), repaired by ``update``."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.cli.failures import EXIT_DAMAGED, EXIT_OK, EXIT_USAGE
from indexer.storage import checksums
from indexer.storage import generations as store
from indexer.storage import lock as lock_mod
from search_app import create_app
from tests.conftest import CORPUS


def _segment(gen: Path) -> Path:
    return next(gen.glob("*.seg"))


def _half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)


# name: (what is done to the live generation, the file named as damaged)
DAMAGES = {
    "segment truncated to half": (lambda gen: _half(_segment(gen)), "*.seg"),
    "segment truncated to 0": (lambda gen: os.truncate(_segment(gen), 0), "*.seg"),
    "toc truncated to 0": (lambda gen: os.truncate(gen / "_MAIN_1.toc", 0), "_MAIN_1.toc"),
    "toc overwritten": (lambda gen: _overwrite(gen / "_MAIN_1.toc", 20, b"garbage"), "_MAIN_1.toc"),
    "64 KB of random bytes in a segment": (lambda gen: _overwrite(_segment(gen), 4096, os.urandom(65536)), "*.seg"),
    "manifest damaged": (lambda gen: (gen / "manifest.json").write_text("{broken", encoding="utf-8"), "manifest.json"),
}
# Damage that stops the index from being opened (the others are seen by their checksums, or when read).
UNOPENABLE = ("segment truncated to half", "segment truncated to 0", "toc truncated to 0", "toc overwritten")


@pytest.fixture()
def index(seed_index, tmp_path) -> Path:
    """A copy of the seeds' index, to damage."""
    copy = tmp_path / "index"
    shutil.copytree(seed_index, copy)
    return copy


def live(index_dir: Path) -> Path:
    return store.current_generation(index_dir).path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def damage(index_dir: Path, name: str) -> str:
    """Do the damage ``name`` to the live generation; return the name of the file it damaged."""
    do, file = DAMAGES[name]
    gen = live(index_dir)
    do(gen)
    return next(gen.glob(file)).name


def test_an_intact_index_passes_the_check(index):
    checked = run("check", "--index", index)
    assert checked.exit_code == EXIT_OK, checked.output
    assert "intact: checksums verified" in checked.output


@pytest.mark.parametrize("name", DAMAGES)
def test_check_names_the_damaged_file_and_the_command_that_rebuilds(index, name):
    file = damage(index, name)
    checked = run("check", "--index", index)
    assert checked.exit_code == EXIT_DAMAGED, checked.output
    assert f"{file}:" in checked.output
    assert f"run: python -m indexer build {CORPUS} --index {index}" in checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit)


@pytest.mark.parametrize("name", UNOPENABLE)
@pytest.mark.parametrize("command", [("search", "migrants"), ("stats",), ("align-report", "CTOC/COP/2012/15")])
def test_reading_a_damaged_index_is_an_explained_error(index, name, command):
    file = damage(index, name)
    result = run(*command, "--index", index)
    assert result.exit_code == EXIT_DAMAGED, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert f"the index file {live(index) / file} is damaged" in result.output
    assert f"python -m indexer build {CORPUS}" in result.output


@pytest.mark.parametrize("name", DAMAGES)
def test_update_rebuilds_a_damaged_live_generation_from_its_sources(index, name):
    file = damage(index, name)
    updated = run("update", "--index", index)
    assert updated.exit_code == EXIT_OK, updated.output
    assert f"the live generation is damaged ({file}): rebuilding from the sources" in updated.output
    assert run("check", "--index", index).exit_code == EXIT_OK
    found = run("search", "migrants", "--index", index, "--json")
    assert found.exit_code == EXIT_OK and json.loads(found.output)["total"] > 0


@pytest.mark.parametrize("meta_sources, exit_code, said", [
    (True, EXIT_OK, "the index's manifest is damaged: rebuilding from the sources"),
    (False, EXIT_DAMAGED, "manifest.json is damaged"),
])
def test_a_damaged_manifest_without_checksums_is_rebuilt_when_the_sources_are_known(index, meta_sources,
                                                                                     exit_code, said):
    gen = live(index)
    (gen / checksums.CHECKSUMS).unlink()  # an index written before checksums
    (gen / "manifest.json").write_text("{broken", encoding="utf-8")
    if not meta_sources:
        meta = json.loads((gen / store.META).read_text(encoding="utf-8"))
        (gen / store.META).write_text(json.dumps({**meta, "sources": []}), encoding="utf-8")
    updated = run("update", "--index", index)
    assert updated.exit_code == exit_code, updated.output
    assert said in updated.output
    if not meta_sources:
        assert "run: python -m indexer build SOURCES" in updated.output


def test_a_missing_current_is_recovered_from_the_newest_complete_generation(index):
    gen = live(index)
    (index / store.CURRENT).unlink()
    searched = run("search", "migrants", "--index", index)
    assert searched.exit_code == EXIT_USAGE and "python -m indexer update" in searched.output
    updated = run("update", "--index", index)
    assert updated.exit_code == EXIT_OK, updated.output
    assert f"{gen.name}, its newest complete generation, is live again" in updated.output
    assert "0 changed" in updated.output and live(index) == gen


def test_files_shared_with_the_previous_generation_keep_their_checksums(index, monkeypatch):
    older = live(index)
    newer = index / "gen-000002"
    newer.mkdir()
    for item in older.iterdir():
        if checksums.covered(item):
            os.link(item, newer / item.name)
    (newer / "new.bin").write_bytes(b"written by this generation")
    read = []
    monkeypatch.setattr(checksums, "digest", lambda path, digest=checksums.digest: read.append(path.name) or digest(path))
    entries = checksums.record(newer, older)
    assert read == ["new.bin"]
    assert entries == {**json.loads((older / checksums.CHECKSUMS).read_text())["files"], "new.bin": entries["new.bin"]}
    assert checksums.verify(newer) == []


# --- an index folder that cannot be written ------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "update"])
def test_a_file_in_place_of_the_index_folder_is_a_one_line_error(tmp_path, command):
    in_the_way = tmp_path / "index"
    in_the_way.write_text("not a folder")
    result = run(command, CORPUS, "--index", in_the_way)
    assert result.exit_code == EXIT_USAGE and isinstance(result.exception, SystemExit)
    assert result.output == f"Error: cannot write the index folder {in_the_way}: a file is in the way of the folder\n"


@pytest.mark.parametrize("command", ["build", "update"])
def test_permission_denied_is_a_one_line_error(index, monkeypatch, command):
    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(lock_mod, "open", denied, raising=False)  # the lock is the first file a writer writes
    result = run(command, CORPUS, "--index", index)
    assert result.exit_code == EXIT_USAGE and isinstance(result.exception, SystemExit)
    assert result.output == f"Error: cannot write the index folder {index}: permission denied\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder without write permission")
def test_a_read_only_index_folder_is_a_one_line_error(index):
    os.chmod(index, 0o555)
    try:
        result = run("update", "--index", index)
    finally:
        os.chmod(index, 0o755)
    assert result.exit_code == EXIT_USAGE
    assert result.output == f"Error: cannot write the index folder {index}: permission denied\n"


# --- the web app ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", UNOPENABLE)
def test_the_web_app_answers_503_naming_the_damaged_file(index, name, caplog):
    file = damage(index, name)
    client = create_app({"INDEX_DIR": str(index)}).test_client()
    with caplog.at_level(logging.ERROR):
        answers = [client.get("/api/search?q=migrants"), client.get("/api/search?q=smuggling"),
                   client.get("/?q=migrants"), client.get("/api/stats")]
    assert [a.status_code for a in answers] == [503] * 4
    error = answers[0].get_json()["error"]
    assert f"{file} is damaged" in error and f"python -m indexer build {CORPUS}" in error
    assert f"{file} is damaged" in answers[2].get_data(as_text=True)
    assert caplog.text.count("The index cannot be read") == 1  # the cause logged once, not per request


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_served_index_whose_segment_is_truncated_does_not_kill_the_server(index):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(index), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert _get(f"{base}/api/search?q=migrants") == 200
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        os.truncate(_segment(live(index)), 0)
        answers = [_get(f"{base}/api/search?q={word}") for word in ("smuggling", "protocol", "conference", "states")]
        answers.append(_get(f"{base}/doc/CTOC/COP/2012/15"))
        assert server.poll() is None, server.stdout.read().decode()
        assert set(answers) <= {200, 503} and 503 in answers
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert "Traceback" not in output.split("The index cannot be read")[0]
    assert "The index cannot be read" in output
