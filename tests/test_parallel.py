"""Builds with worker processes give the same index as builds in one process."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from indexer import parallel

from indexer.build import segment_writers
from indexer.lexicon import state as state_mod
from indexer.lexicon.thresholds import DEFAULT

from indexer.storage import generations as store
from indexer.build.pipeline import build, read_files
from indexer.ingest.formats import discover
from indexer.storage.generations import searching
from tests.conftest import CORPUS


def test_imap_ordered_keeps_the_order_and_runs_closures():
    offset = 7
    assert list(parallel.imap_ordered(lambda n: n + offset, list(range(50)), procs=2, chunksize=3)) == \
        [n + offset for n in range(50)]


@pytest.mark.parametrize("size, chunksize", [(1, 1), (200_000, 1), (200_000, 4), (3_000_000, 2)])
def test_imap_ordered_brings_large_results_back_in_order(size, chunksize):
    items = list(range(9))
    assert list(parallel.imap_ordered(lambda n: str(n) * size, items, procs=2, chunksize=chunksize)) == \
        [str(n) * size for n in items]


def _fails_at_five(n: int) -> int:
    if n == 5:
        raise ValueError("five")
    return n


@pytest.mark.parametrize("imap, items, task", [(parallel.imap_ordered, lambda: list(range(20)), "_task"),
                                               (parallel.imap_stream, lambda: iter(range(20)), "_streamed")])
def test_a_worker_error_is_raised_and_ends_the_pool(imap, items, task):
    results = imap(_fails_at_five, items(), procs=2)
    assert [next(results) for _ in range(5)] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="five"):
        next(results)
    assert getattr(parallel, task) is None


def test_imap_ordered_left_early_ends_the_pool():
    results = parallel.imap_ordered(lambda n: n * 2, list(range(100)), procs=2)
    assert next(results) == 0
    results.close()
    assert parallel._task is None
    assert list(parallel.imap_ordered(lambda n: n + 1, [1, 2, 3], procs=2)) == [2, 3, 4]


def test_imap_stream_reads_its_items_as_they_come_and_keeps_their_order():
    import os

    taken = []

    def items():  # a generator: read in this process as the workers ask for more
        for n in range(40):
            taken.append(n)
            yield [n] * 3

    here = os.getpid()
    found = list(parallel.imap_stream(lambda batch: (sum(batch), os.getpid() != here), items(), procs=2))
    assert found == [(3 * n, True) for n in range(40)] and taken == list(range(40))
    assert parallel._streamed is None


def test_imap_stream_runs_here_with_one_process():
    import os

    assert list(parallel.imap_stream(lambda n: (n * 2, os.getpid()), iter([1, 2]), procs=1)) == \
        [(2, os.getpid()), (4, os.getpid())]


def test_the_pool_handler_waits_on_no_result_pipe():
    import multiprocessing

    with parallel._Pool(1, context=multiprocessing.get_context("fork")) as pool:
        assert pool._get_sentinels() == [pool._change_notifier._reader]
        assert pool.apply(abs, (-3,)) == 3


def test_reading_in_workers_gives_what_reading_here_gives(pool):
    files = discover([CORPUS, pool / "un-charter", pool / "udhr"])
    here, there = read_files(files), read_files(files, procs=2)
    assert there.documents == here.documents
    assert (there.failures, there.entries) == (here.failures, here.entries)


def index_content(index_dir) -> list[tuple]:
    with searching(index_dir) as searcher:
        return sorted((f["id"], f["group"], tuple(f.get("aligned") or ()), f.get("align_conf"), f["text"])
                      for f in searcher.all_stored_fields())


def in_index_order(index_dir) -> list[str]:
    with searching(index_dir) as searcher:
        return [f["id"] for f in searcher.all_stored_fields()]


def lexicon_rows(index_dir, table: str = "candidates") -> list[tuple]:
    db = sqlite3.connect(store.current_generation(index_dir).path / "lexicon.sqlite")
    try:
        return db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
    finally:
        db.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory, pool):
    """The seeds, the Charter and the UDHR built in one process, in two, and in three."""
    sources = [CORPUS, pool / "un-charter", pool / "udhr"]
    root = tmp_path_factory.mktemp("parallel")
    return {procs: (build(sources, root / str(procs), procs=procs), root / str(procs)) for procs in (1, 2, 3)}


@pytest.mark.parametrize("procs", [2, 3])
def test_a_build_in_several_processes_equals_a_build_in_one(built, procs):
    (one, one_dir), (many, many_dir) = built[1], built[procs]
    assert (one.documents, one.paragraphs, one.aligned_groups) == (many.documents, many.paragraphs, many.aligned_groups)
    assert index_content(one_dir) == index_content(many_dir)
    assert in_index_order(many_dir) == in_index_order(one_dir)  # the same document numbers: the same ties
    assert lexicon_rows(many_dir) == lexicon_rows(one_dir)


@pytest.mark.parametrize("procs, segments", [(2, 1), (3, 2)])
def test_a_build_in_several_processes_writes_a_segment_per_process_not_learning(built, procs, segments):
    """One of the processes learns the lexicon meanwhile; each of the others writes a segment."""
    with searching(built[procs][1]) as searcher:
        assert len(searcher.reader().leaf_readers()) == segments


# (sizes, runs, expected sizes of the runs): consecutive items, shares as even as whole items allow
RUNS = [
    ([1, 2, 3, 4, 5, 6], 2, [[1, 2, 3, 4], [5, 6]]),
    ([5, 1, 1, 1, 1, 1], 2, [[5], [1, 1, 1, 1, 1]]),
    ([1] * 7, 3, [[1, 1], [1, 1, 1], [1, 1]]),
    ([3], 2, [[3]]),
    ([], 2, []),
    ([2, 2], 4, [[2], [2]]),
]


@pytest.mark.parametrize("sizes, n, expected", RUNS)
def test_runs_cut_items_into_consecutive_shares(sizes, n, expected):
    assert [list(r) for r in segment_writers.runs(sizes, n, size=lambda x: x)] == expected


def _fails_in_the_second_run(writer, documents, report):
    if any(d.doc_id.startswith("raw_un_charter") for d in documents):
        raise ValueError("cannot write this run")
    for doc in documents:
        report(len(doc.paragraphs))


def test_a_failing_writer_process_fails_the_build_and_leaves_the_index_as_it_was(tmp_path, pool, monkeypatch):
    from indexer.build import commit

    sources = [CORPUS, pool / "un-charter"]
    build(sources, tmp_path / "ix", procs=1)
    before = in_index_order(tmp_path / "ix")
    monkeypatch.setattr(commit.Writes, "write", lambda self, w, docs, on: _fails_in_the_second_run(w, docs, on))
    with pytest.raises(segment_writers.WriterFailed, match=r"writing run 2 of 2 failed: ValueError: cannot write this run"):
        build(sources, tmp_path / "ix", procs=3)
    assert in_index_order(tmp_path / "ix") == before
    assert [g.name for g in store.generations(tmp_path / "ix")] == [store.current_generation(tmp_path / "ix").name]


@pytest.mark.parametrize("field", ["text_en", "text_ru", "id"])
def test_the_lengths_of_a_field_are_read_across_the_segments(built, field):
    from indexer.engine.speedups import field_lengths

    with store.searching(built[3][1]) as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 2
        assert field_lengths(reader, field) == [reader.doc_field_length(n, field, 0) for n in range(reader.doc_count_all())]


def test_the_progress_of_the_writing_processes_adds_up_to_every_paragraph(tmp_path, pool):
    counted = []
    summary = build([CORPUS, pool / "un-charter"], tmp_path / "ix", procs=3, on_paragraphs=counted.append)
    assert sum(counted) == summary.paragraphs


# --- the lexicon learned while the paragraphs are written ------------------------------------


def test_a_build_in_several_processes_takes_the_lexicon_learned_while_writing(tmp_path, pool, monkeypatch):
    from indexer.build import prelearn

    taken = []
    take = prelearn.Learning.take

    def spying(self, beads):
        found = take(self, beads)
        taken.append((len(beads), found is not None))
        return found

    monkeypatch.setattr(prelearn.Learning, "take", spying)
    sources = [CORPUS, pool / "un-charter", pool / "udhr"]
    build(sources, tmp_path / "two", procs=2)
    build(sources, tmp_path / "one", procs=1)
    assert len(taken) == 1 and taken[0][0] > 300 and taken[0][1]  # taken by the build in two processes only
    assert lexicon_rows(tmp_path / "two") == lexicon_rows(tmp_path / "one")


def test_the_learning_process_starts_with_the_words_of_the_paragraphs_analyzed(tmp_path, pool, monkeypatch):
    from indexer.build import prelearn, warm
    from indexer.lexicon.units import default_schema

    known, start = [], prelearn.Learning.__init__

    def spying(self, make_beads, procs=1):
        known.append({name: len(warm.chain(default_schema(), name)[1]._cache) for name in ("text_en", "text_ru")})
        start(self, make_beads, procs)

    monkeypatch.setattr(prelearn.Learning, "__init__", spying)
    for name in ("text_en", "text_ru"):
        warm.chain(default_schema(), name)[1]._cache.clear()  # what earlier builds of this process met
    build([CORPUS, pool / "un-charter"], tmp_path / "ix", procs=2)
    assert len(known) == 1 and min(known[0].values()) > 1000  # read as written, not analyzed once more


def test_the_one_writing_process_starts_with_the_words_of_the_paragraphs_analyzed(tmp_path, pool, monkeypatch):
    """With two processes one learns and this one writes: with the words analyzed before, not analyzing them again."""
    from indexer.build import commit, warm

    known, write = [], commit.Writes.write

    def spying(self, writer, documents, on_paragraphs):
        known.append({name: len(warm.chain(writer.schema, name)[1]._cache) for name in ("text_en", "text_ru")})
        return write(self, writer, documents, on_paragraphs)

    monkeypatch.setattr(commit.Writes, "write", spying)
    build([CORPUS, pool / "un-charter"], tmp_path / "ix", procs=2)
    assert len(known) == 1 and min(known[0].values()) > 1000


def test_a_lexicon_learned_from_other_pairs_is_not_taken(pool):
    from indexer.build import prelearn
    from indexer.lexicon.model import Bead

    found = [Bead(("The Purposes of the United Nations are:",), ("Организация Объединенных Наций преследует Цели:",))]
    early = prelearn.Learning(lambda: found)
    assert early.take(found[:0]) is None
    assert not early._process.is_alive()
    early = prelearn.Learning(lambda: found)
    lexicon = early.take(list(found))
    assert lexicon is not None and lexicon.pairs == 1
    other = [Bead(found[0].en, ("Цели Организации Объединенных Наций:",))]
    assert prelearn.Learning(lambda: found).take(other) is None  # the same number of pairs, another text


def _pairs_and_units(lexicon, beads, state):
    return len(beads), len(lexicon), state.pairs


def _failing_job(lexicon, beads, state):
    raise ValueError("cannot finish")


@pytest.mark.parametrize("job, given", [(_pairs_and_units, (1, None)), (_failing_job, None)])
def test_the_learning_process_finishes_the_lexicon_with_the_job_it_is_given(job, given):
    from indexer.build import prelearn
    from indexer.lexicon.learn import learn
    from indexer.lexicon.model import Bead

    found = [Bead(("The Purposes of the United Nations are:",), ("Организация Объединенных Наций преследует Цели:",))]
    early = prelearn.Learning(lambda: found)
    early.finish(job)
    made = early.take(list(found))
    expected = None if given is None else (1, len(learn(found)), 1)
    assert made == expected
    assert not early._process.is_alive()


def test_a_lexicon_finished_early_from_other_pairs_is_learned_and_saved_again(tmp_path, pool, monkeypatch):
    from indexer.build import commit
    from indexer.build import prelearn

    linked, take, taken = commit.Writes.linked, prelearn.Learning.take, []
    monkeypatch.setattr(commit.Writes, "linked", lambda self: [r for i, r in enumerate(linked(self)) if i % 10])  # fewer pairs early
    monkeypatch.setattr(prelearn.Learning, "take", lambda self, beads: taken.append(take(self, beads)))
    sources = [CORPUS, pool / "un-charter", pool / "udhr"]
    build(sources, tmp_path / "two", procs=2)
    monkeypatch.undo()
    build(sources, tmp_path / "one", procs=1)
    assert taken == [None]  # the early lexicon was saved, and then not taken
    for table in ("candidates", "units"):
        assert lexicon_rows(tmp_path / "two", table) == lexicon_rows(tmp_path / "one", table)
    learned_from = [state_mod.load(store.current_generation(tmp_path / name).path, DEFAULT).digests
                    for name in ("two", "one")]  # the very pairs
    assert len(learned_from[0]) > 100 and np.array_equal(*learned_from)


def test_pairs_that_cannot_be_gathered_early_are_learned_after_writing():
    from indexer.build import prelearn

    def broken():
        raise ValueError("no pairs")

    assert prelearn.Learning(broken).take([]) is None


def test_the_command_line_says_a_writing_process_failed_with_exit_code_4(tmp_path, pool, monkeypatch):
    from click.testing import CliRunner

    from indexer.build import commit
    from indexer.cli import cli

    monkeypatch.setattr(commit.Writes, "write", lambda self, w, docs, on: _fails_in_the_second_run(w, docs, on))
    done = CliRunner().invoke(cli, ["build", str(CORPUS), str(pool / "un-charter"), "--index", str(tmp_path / "ix"),
                                    "--procs", "3", "--no-progress"])
    assert done.exit_code == 4
    assert "writing run 2 of 2 failed: ValueError: cannot write this run; the index is as it was" in done.output
    assert "Traceback" not in done.output
