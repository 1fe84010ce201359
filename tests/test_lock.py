"""The writer lock: one writer at a time, a clear message, stale locks taken over."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.errors import IndexLocked
from indexer.storage.lock import LOCK_NAME, WriterLock
from tests.conftest import ROOT, SEED_004

HOLD = "import sys, time; from indexer.storage.lock import WriterLock; l = WriterLock(sys.argv[1]); l.acquire(); print('held', flush=True); time.sleep(60)"


@pytest.fixture()
def holder(tmp_path):
    """Another process holding the writer lock of tmp_path/ix."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "ix")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()
    proc.stdout.close()


@pytest.mark.parametrize("args", [["build", str(SEED_004)], ["update", str(SEED_004)], ["update", "--watch"]],
                         ids=["build", "update", "watch"])
def test_second_writer_is_refused_with_exit_code_3(tmp_path, holder, args):
    result = CliRunner().invoke(cli, [*args, "--index", str(tmp_path / "ix")])
    assert result.exit_code == 3
    assert f"the index {tmp_path / 'ix'} is being written by process {holder.pid} on " in result.output
    assert "try again when it finishes" in result.output
    assert "Traceback" not in result.output


def test_a_real_update_running_keeps_a_second_one_out(tmp_path):
    """Two ``python -m indexer update`` processes at once: the second exits 3 while the first finishes."""
    index = tmp_path / "ix"
    first = subprocess.Popen([sys.executable, "-m", "indexer", "update", str(ROOT / "corpus"), "--index", str(index)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in first.stderr:  # wait until it holds the lock and reads files
            if " reading " in line:
                break
        second = subprocess.run([sys.executable, "-m", "indexer", "update", str(ROOT / "corpus"), "--index",
                                 str(index)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode == 3
        assert second.stderr.startswith(f"Error: the index {index} is being written by process {first.pid}")
        assert "Traceback" not in second.stderr
    finally:
        first.communicate(timeout=300)
    assert first.returncode == 0


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
