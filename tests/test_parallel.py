"""Builds with worker processes give the same index as builds in one process."""

from __future__ import annotations

from indexer import parallel
from indexer.build import build, read_files
from indexer.parsing import discover
from indexer.store import searching
from tests.conftest import CORPUS


def test_imap_ordered_keeps_the_order_and_runs_closures():
    offset = 7
    assert list(parallel.imap_ordered(lambda n: n + offset, list(range(50)), procs=2, chunksize=3)) == \
        [n + offset for n in range(50)]


def test_reading_in_workers_gives_what_reading_here_gives(pool):
    files = discover([CORPUS, pool / "un-charter", pool / "udhr"])
    here, there = read_files(files), read_files(files, procs=2)
    assert there.documents == here.documents
    assert (there.failures, there.entries) == (here.failures, here.entries)


def index_content(index_dir) -> list[tuple]:
    with searching(index_dir) as searcher:
        return sorted((f["id"], f["group"], tuple(f.get("aligned") or ()), f.get("align_conf"), f["text"])
                      for f in searcher.all_stored_fields())


def test_a_build_in_two_processes_equals_a_build_in_one(tmp_path, pool):
    sources = [CORPUS, pool / "un-charter", pool / "udhr"]
    one = build(sources, tmp_path / "one", procs=1)
    two = build(sources, tmp_path / "two", procs=2)
    assert (one.documents, one.paragraphs, one.aligned_groups) == (two.documents, two.paragraphs, two.aligned_groups)
    assert index_content(tmp_path / "one") == index_content(tmp_path / "two")
