"""Whoosh 2.7.4's own test suite passes with the product's engine installed wherever it passes without it.

The suite comes with Whoosh's source distribution, which ``make install``
unpacks into ``<venv>/share/un-search/whoosh-2.7.4`` (or name another copy in
``UN_SEARCH_WHOOSH_SDIST``).  It is run twice, at the same time, in processes
of its own: as it is, and with :mod:`tests.whoosh_suite_plugin` (the engine's
speed-ups, fuzzy look-up and pooled segment writer).  Both runs have the same
string hashes (``PYTHONHASHSEED``: one Whoosh test depends on the order of a
set of strings); a test that fails only with the engine is run once more both
ways, so that a test that fails now and then by chance is not taken for one
the engine breaks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest
from whoosh import writing
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from indexer.engine import posting_pool
from tests import whoosh_suite_plugin

ROOT = Path(__file__).resolve().parents[1]
SDIST_ENV = "UN_SEARCH_WHOOSH_SDIST"
INSTALLED = Path(sys.prefix) / "share" / "un-search" / "whoosh-2.7.4"
TIMEOUT = 600  # seconds for one run of the suite (it takes about 10 alone)
HASH_SEED = "0"
PLUGIN = "tests.whoosh_suite_plugin"


def sdist() -> Path | None:
    """Return Whoosh's unpacked source distribution (with its ``tests``), or None."""
    found = Path(os.environ.get(SDIST_ENV) or INSTALLED)
    return found if (found / "tests").is_dir() else None


@dataclass(frozen=True)
class Outcome:
    """What one run of the suite gave: the node ids of the tests that passed, failed (or errored) and were skipped."""

    passed: frozenset[str]
    failed: frozenset[str]
    skipped: frozenset[str]

    def __str__(self) -> str:
        return f"{len(self.passed)} passed, {len(self.failed)} failed, {len(self.skipped)} skipped"


def node_id(case) -> str:
    """Return the pytest node id of a ``<testcase>`` of an xunit1 report (its file, class if any, and name)."""
    path = case.get("file")
    rest = case.get("classname")[len(path[:-3].replace("/", ".")) + 1:]
    return "::".join([path, *filter(None, rest.split(".")), case.get("name")])


def outcome(report: Path) -> Outcome:
    """Return the outcome written in the JUnit XML ``report``."""
    found: dict[str, set[str]] = {"passed": set(), "failed": set(), "skipped": set()}
    for case in ElementTree.parse(report).iter("testcase"):
        kinds = {child.tag for child in case}
        kind = "failed" if kinds & {"failure", "error"} else "skipped" if "skipped" in kinds else "passed"
        found[kind].add(node_id(case))
    return Outcome(**{kind: frozenset(ids) for kind, ids in found.items()})


def start(source: Path, report: Path, engine: bool, node_ids=()) -> subprocess.Popen:
    """Start a run of Whoosh's suite (or of ``node_ids`` in it) that writes ``report``, with the engine or without."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:warnings",
               "-c", os.devnull, "--rootdir", str(source), "-o", "junit_family=xunit1", "--junitxml", str(report)]
    if engine:
        command += ["-p", PLUGIN]
    command += [str(source / n) for n in node_ids] or [str(source / "tests")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
               PYTHONHASHSEED=HASH_SEED, TMPDIR=str(report.parent))
    return subprocess.Popen(command, cwd=report.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def run_both(source: Path, where: Path, node_ids=()) -> tuple[Outcome, Outcome]:
    """Run the suite without and with the engine at the same time; return both outcomes."""
    runs = {}
    for engine in (False, True):
        folder = where / ("with" if engine else "without")
        folder.mkdir(parents=True)
        runs[engine] = (start(source, folder / "report.xml", engine, node_ids), folder / "report.xml")
    found = []
    for engine, (process, report) in runs.items():
        try:
            output, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            for other, _ in runs.values():
                other.kill()
                other.communicate()
            pytest.fail(f"Whoosh's suite ({'with' if engine else 'without'} the engine) took over {TIMEOUT} s")
        assert report.exists(), f"Whoosh's suite did not run (exit code {process.returncode}):\n{output[-3000:]}"
        found.append(outcome(report))
    return found[0], found[1]


def test_whooshs_suite_passes_with_the_engine(tmp_path):
    source = sdist()
    if source is None:
        reason = (f"no Whoosh 2.7.4 source distribution at {INSTALLED} (`make install` fetches it) "
                  f"or in ${SDIST_ENV}")
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason)
        pytest.skip(reason)
    without, with_engine = run_both(source, tmp_path / "suite")
    print(f"Whoosh's suite without the engine: {without}; with it: {with_engine}")
    everything = without.passed | without.failed | without.skipped
    assert len(without.passed) > 500
    assert with_engine.passed | with_engine.failed | with_engine.skipped == everything
    suspects = sorted(with_engine.failed - without.failed)
    if suspects:  # once more, both ways: a test that fails by chance does not fail only with the engine twice
        again_without, again_with = run_both(source, tmp_path / "again", suspects)
        suspects = sorted(set(suspects) & again_with.failed - again_without.failed)
    assert not suspects, f"Whoosh's tests that fail with the engine only (PYTHONHASHSEED={HASH_SEED}): {suspects}"


@pytest.mark.parametrize("schema, pooled", [
    (Schema(id=ID(stored=True), text=TEXT()), True),
    (Schema(id=ID(stored=True), text=TEXT(vector=True)), False),  # as posting_pool.segment_writer chooses
])
def test_the_plugin_has_whooshs_segment_writer_give_the_products(schema, pooled):
    ix = RamStorage().create_index(schema)
    whoosh_suite_plugin.pytest_configure(None)
    try:
        writer = writing.SegmentWriter(ix)
        assert type(writer) is (posting_pool.PooledSegmentWriter if pooled else writing.SegmentWriter)
        writer.cancel()
    finally:
        whoosh_suite_plugin.pytest_unconfigure(None)
    writer = writing.SegmentWriter(ix)
    assert type(writer) is writing.SegmentWriter
    writer.cancel()
