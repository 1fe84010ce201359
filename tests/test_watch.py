"""``update --watch``: updates when files appear, change or go, debounced, until stopped; a clean exit."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from indexer.build.pipeline import build
from indexer.errors import IndexLocked
from indexer.storage.lock import WriterLock
from indexer.build.watch import watch
from tests.conftest import ROOT, SEED_001, SEED_004
from tests.indexes import records

DEBOUNCE = 0.3
WAIT = 60  # seconds: generous bounds for a loaded machine; a passing run takes far less


@pytest.fixture()
def watched(tmp_path):
    """A folder with seed 004, its index, and a watcher running in a thread; yields (folder, index, reports)."""
    folder, index = tmp_path / "in", tmp_path / "ix"
    folder.mkdir()
    shutil.copyfile(SEED_004, folder / "a.txt")
    build([folder], index)
    reports: queue.Queue = queue.Queue()
    stop, started = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=([folder], index), kwargs={
        "debounce": DEBOUNCE, "on_update": lambda summary, paths: reports.put(summary),
        "stop": stop, "started": started})
    thread.start()
    assert started.wait(WAIT)
    yield folder, index, reports
    stop.set()
    thread.join(WAIT)
    assert not thread.is_alive()


def next_report(reports):
    return reports.get(timeout=WAIT)


def changes(summary) -> tuple:
    return summary.added, summary.updated, summary.removed, len(summary.failures)


def test_files_that_appear_change_and_go_are_indexed(watched):
    folder, index, reports = watched
    assert changes(next_report(reports)) == (0, 0, 0, 0)  # the update at the start: nothing new

    shutil.copyfile(SEED_001, folder / "b.txt")
    assert changes(next_report(reports)) == (1, 0, 0, 0)
    (folder / "a.txt").write_text("1. The Working Group met in Vienna.\n", encoding="utf-8")
    assert changes(next_report(reports)) == (0, 1, 0, 0)
    (folder / "b.txt").unlink()
    assert changes(next_report(reports)) == (0, 0, 1, 0)
    (folder / "bad.txt").write_bytes(b"")
    assert changes(next_report(reports)) == (0, 0, 0, 1)

    assert {r["source"] for r in records(index).values()} == {str(folder / "a.txt")}
    with pytest.raises(queue.Empty):  # reading the files for an update does not wake the watcher again
        reports.get(timeout=DEBOUNCE * 5)


def test_a_folder_of_files_moved_in_gives_one_update(watched, tmp_path):
    folder, index, reports = watched
    next_report(reports)
    batch = tmp_path / "batch"
    batch.mkdir()
    for n in range(5):
        (batch / f"note {n}.txt").write_text(f"{n + 1}. The Working Group met in Vienna on day {n + 1}.\n",
                                             encoding="utf-8")
    batch.rename(folder / "batch")
    summary = next_report(reports)
    assert (summary.added, summary.documents) == (5, 6)
    with pytest.raises(queue.Empty):
        reports.get(timeout=DEBOUNCE * 5)


def test_a_watcher_is_the_writer_of_its_index(watched):
    _folder, index, reports = watched
    next_report(reports)
    with pytest.raises(IndexLocked, match=r"\(update --watch\)"):
        WriterLock(index).acquire()


def _interruptible() -> None:
    """Let Ctrl-C reach the command even when these tests run in the background (which ignores SIGINT, and a
    command started from it inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_the_command_logs_each_update_and_exits_0_when_stopped(tmp_path, stop_signal):
    folder, index = tmp_path / "in", tmp_path / "ix"
    folder.mkdir()
    shutil.copyfile(SEED_004, folder / "a.txt")
    build([folder], index)
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "update", "--index", str(index), "--watch",
                             "--debounce", str(DEBOUNCE)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_interruptible)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True)
    reader.start()

    def wait_for(text):
        while True:
            line = lines.get(timeout=WAIT)
            if text in line:
                return line

    try:
        assert "update: 0 changed" in wait_for("update")
        wait_for("watching")
        shutil.copyfile(SEED_001, folder / "Доклад b.txt")
        line = wait_for("update after")
        assert "update after changes to 1 file(s): 1 changed: 1 added, 0 updated, 0 removed, 0 failed" in line
        assert line.rstrip().endswith("generation 2")
        proc.send_signal(stop_signal)
        assert proc.wait(WAIT) == 0
        assert "Stopped watching." in wait_for("Stopped")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(WAIT)
        proc.stdout.close()
        proc.stderr.close()
