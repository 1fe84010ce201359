"""Crash safety: ``python -m indexer update`` killed with SIGKILL at random points leaves a whole index behind.

The sources go back and forth between two states, A and B; each update is
killed at a point drawn with a fixed seed (after one of the log lines that
mark its steps, plus a random delay).  After every kill the index must hold
exactly what a full build of A or of B holds, and searches must answer as
there; a last update, not killed, must bring it to the sources' state.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from indexer.build.pipeline import build
from tests.conftest import ROOT
from tests.indexes import Sources, reference_states, seen

SEED = 20261201
KILLS = 7  # every step once, in a random order, then random ones
# Log lines that mark the steps of an update ("start": right after the process is started).
STEPS = ("start", "reading", "deleting", "committing", "published")
MAX_DELAY = 0.3  # seconds after the step's line


def kill_update(folder, index, step: str, delay: float) -> list[str]:
    """Start ``python -m indexer update``, SIGKILL it ``delay`` s after the line of ``step``; return its log lines."""
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "update", str(folder), "--index", str(index),
                             "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reached = threading.Event()
    if step == "start":
        reached.set()

    def read():
        for line in proc.stderr:
            lines.append(line.rstrip("\n"))
            if line.split(" ", 1)[-1].startswith(step):
                reached.set()
        reached.set()  # the process ended before the step: kill it anyway (a no-op)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert reached.wait(120), f"no {step!r} line within 120 s: {lines}"
    threading.Event().wait(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    reader.join(30)
    proc.stderr.close()
    return lines


def test_sigkill_at_random_points_leaves_a_whole_index_and_the_next_update_completes(pool, tmp_path):
    rng = random.Random(SEED)
    sources = Sources(tmp_path / "in", pool)
    references = reference_states(sources, tmp_path)
    sources.set("A")
    index = tmp_path / "ix"
    build([sources.folder], index, follow_links=True)
    assert seen(index) == references["A"]
    target = "B"
    outcomes = []
    steps = rng.sample(STEPS, len(STEPS)) + [rng.choice(STEPS) for _ in range(KILLS - len(STEPS))]
    for step in steps:
        delay = rng.uniform(0, MAX_DELAY)
        sources.set(target)
        lines = kill_update(sources.folder, index, step, delay)
        now = seen(index)
        state = next((s for s, found in references.items() if found == now), None)
        assert state is not None, f"killed after {step!r} + {delay:.2f} s: the index is neither A nor B; log: {lines}"
        outcomes.append((step, state))
        if state == target:  # the update went live before the kill: go back the other way
            target = "A" if target == "B" else "B"

    sources.set(target)
    finished = subprocess.run([sys.executable, "-m", "indexer", "update", str(sources.folder), "--index", str(index)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert seen(index) == references[target], outcomes
    again = subprocess.run([sys.executable, "-m", "indexer", "update", "--index", str(index)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and again.stdout.startswith("0 changed"), again.stdout + again.stderr


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes follow their parent on Linux")
def test_a_killed_parallel_build_leaves_no_worker_behind(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "build", str(ROOT / "corpus"), "--index",
                             str(tmp_path / "ix"), "--procs", "3", "--no-progress"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if " writing " in line:
                break
        deadline = time.monotonic() + 60
        while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(workers) >= 2, "the build did not start its two writing processes"  # and its learning one
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    deadline = time.monotonic() + 30
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))
