"""The writer lock: one writer at a time, a clear message, stale locks taken over."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.errors import IndexLocked
from indexer.lock import LOCK_NAME, WriterLock
from tests.conftest import ROOT, SEED_004

HOLD = "import sys, time; from indexer.lock import WriterLock; l = WriterLock(sys.argv[1]); l.acquire(); print('held', flush=True); time.sleep(60)"


@pytest.fixture()
def holder(tmp_path):
    """Another process holding the writer lock of tmp_path/ix."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "ix")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()
    proc.stdout.close()


def test_second_writer_is_refused_with_exit_code_3(tmp_path, holder):
    result = CliRunner().invoke(cli, ["build", str(SEED_004), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 3
    assert f"is being written by process {holder.pid}" in result.output
    assert "Traceback" not in result.output


def test_lock_of_a_killed_writer_is_taken_over(tmp_path, holder, caplog):
    holder.kill()
    holder.wait()  # killed: the lock record stays behind, the flock goes with the process
    lock_file = tmp_path / "ix" / LOCK_NAME
    assert json.loads(lock_file.read_text())["pid"] == holder.pid  # the dead writer's record is still there
    with caplog.at_level("WARNING"), WriterLock(tmp_path / "ix"):
        pass
    assert f"stale writer lock left by process {holder.pid}" in caplog.text
    assert lock_file.read_text() == ""


def test_lock_is_reentrant_across_sequential_writers(tmp_path):
    for _ in range(2):
        with WriterLock(tmp_path):
            with pytest.raises(IndexLocked):
                # a second lock object in the same process is refused too (flock is per open file)
                WriterLock(tmp_path).acquire()
