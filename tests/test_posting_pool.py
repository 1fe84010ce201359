"""Segments written with postings logged by term are the ones Whoosh's own posting pool writes, byte for byte.

Here the pooled writer writes Whoosh's own blocks (``posting_blocks.COMPACT``
off); the compact blocks the build writes are compared with these in
``tests/test_compact_blocks.py``.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from unittest import mock

import pytest
from whoosh import index as whoosh_index
from whoosh import multiproc
from whoosh.codec import base
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.writing import PostingPool, SegmentWriter

from indexer.align import pairing

from indexer.ingest import formats as parsing

from indexer.engine import posting_blocks

from indexer.engine import engine, posting_pool

from indexer.storage import generations as store
from indexer.build import commit
from indexer.build.options import DEFAULT_LIMITMB
from indexer.build.pipeline import read_files
from indexer.align.linking import link_versions
from tests.conftest import CORPUS


pytestmark = pytest.mark.usefixtures("search_engine", "whooshs_blocks")  # the speed-ups in place, Whoosh's blocks


@pytest.fixture()
def whooshs_blocks():
    """Have the pooled writer write Whoosh's own posting blocks (pickled tuples) instead of compact ones."""
    with mock.patch.object(posting_blocks, "COMPACT", False):
        yield


def _writes(sources) -> commit.Writes:
    """Return what a build of ``sources`` writes (documents, groups, aligned pairs)."""
    read = read_files(parsing.discover(sources))
    assert not read.failures, read.failures
    groups, _ = link_versions(read.documents)
    return commit.Writes(read.documents, groups, pairing.pair_groups(groups, procs=1))


def _segment_ids():
    """Return a stand-in for Whoosh's random segment ids: the same ones in every build (per process)."""
    counter = itertools.count()
    return classmethod(lambda cls, size=16: f"s{os.getpid() % 100000:05d}{next(counter):08d}")


def _write(writes, index_dir: Path, procs: int, ours: bool) -> Path:
    """Write ``writes`` into a new generation of ``index_dir`` with our pool or Whoosh's; return the generation."""
    gen = store.new_generation(index_dir)
    with mock.patch.object(posting_pool, "USE", ours), mock.patch.object(base.Segment, "_random_id", _segment_ids()):
        commit.write_and_commit(gen, writes, procs=procs, limitmb=DEFAULT_LIMITMB)
    return gen.path


def segment_files(index_path) -> dict:
    """Return the files inside each segment of the index at ``index_path``: (segment, name without its id) -> bytes."""
    ix = engine().open_index(index_path)
    files = {}
    for k, segment in enumerate(ix._segments()):
        inside = segment.open_compound_file(ix.storage)
        for name in inside.list():
            with inside.open_file(name) as f:
                files[(k, name.replace(segment.segment_id(), ""))] = f.read()
        inside.close()
    ix.close()
    return files


def read_back(index_path) -> dict:
    """Return all a reader gives back of the index: terms, postings, frequencies, field lengths, stored fields."""
    ix = engine().open_index(index_path)
    out = {}
    with ix.reader() as reader:
        for name in ix.schema.names():
            if not ix.schema[name].indexed:
                continue
            postings = {}
            for text in reader.lexicon(name):
                m = reader.postings(name, text)
                found = []
                while m.is_active():
                    found.append((m.id(), m.weight(), m.value()))
                    m.next()
                postings[text] = (found, reader.doc_frequency(name, text), reader.frequency(name, text))
            out[name] = postings
            out[name, "lengths"] = ([reader.doc_field_length(n, name) for n in range(reader.doc_count_all())],
                                    reader.field_length(name))
            out[name, "extremes"] = [(leaf.min_field_length(name), leaf.max_field_length(name))
                                     for leaf, _ in reader.leaf_readers() if leaf.field_length(name)]
        out["stored"] = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
    ix.close()
    return out


@pytest.fixture(scope="module")
def sources(pool):
    """What the seeds and the Charter and UDHR (English and Russian) write."""
    return {"seeds": _writes([CORPUS]), "charter and udhr": _writes([pool / "un-charter", pool / "udhr"])}


@pytest.mark.parametrize("procs", [1, 2])
@pytest.mark.parametrize("name", ["seeds", "charter and udhr"])
def test_segments_are_byte_for_byte_whooshs_own(sources, tmp_path, name, procs):
    theirs = _write(sources[name], tmp_path / "whoosh", procs, ours=False)
    mine = _write(sources[name], tmp_path / "pooled", procs, ours=True)
    expected = segment_files(theirs)
    assert len({k for k, _ in expected}) == procs
    assert any(name.endswith(".pst") for _, name in expected) and any(name.endswith(".trm") for _, name in expected)
    assert segment_files(mine) == expected
    assert read_back(mine) == read_back(theirs)


def test_segments_are_those_whoosh_writes_without_the_speedups(sources, tmp_path):
    from whoosh import formats

    from indexer.engine import speedups as whoosh_speedups

    stock = [mock.patch.object(getattr(formats, name), "word_values", whoosh_speedups.ORIGINAL[f"{name}.word_values"])
             for name in ("Existence", "Frequency", "Positions")]
    with stock[0], stock[1], stock[2]:
        theirs = _write(sources["seeds"], tmp_path / "whoosh", 1, ours=False)
    assert segment_files(_write(sources["seeds"], tmp_path / "pooled", 1, ours=True)) == segment_files(theirs)


@pytest.mark.parametrize("written_at, kept", [(1, 1), (5_000, 10)])
def test_blocks_written_in_pieces_and_compressed_again_give_the_same_segment(sources, tmp_path, written_at, kept):
    theirs = _write(sources["seeds"], tmp_path / "whoosh", 1, ours=False)
    with mock.patch.object(posting_blocks, "WRITTEN_AT", written_at), \
            mock.patch.object(posting_blocks, "KEPT_BLOCKS", kept):
        mine = _write(sources["seeds"], tmp_path / "pooled", 1, ours=True)
    assert segment_files(mine) == segment_files(theirs)


def test_what_reads_back_covers_every_field_and_paragraph(sources, tmp_path):
    back = read_back(_write(sources["seeds"], tmp_path, 1, ours=True))
    paragraphs = sources["seeds"].paragraphs()
    assert len(back["stored"]) == paragraphs
    assert {"text_en", "text_ru", "exact", "id", "aligned_to", "symbol"} <= set(back)
    assert len(back["id"]) == paragraphs  # one term per paragraph
    assert sum(df for _, df, _ in back["text_en"].values()) > paragraphs


def test_the_builds_writer_is_the_pooled_one(tmp_path):
    gen = store.new_generation(tmp_path)
    ix = engine().open_index(gen.path)
    writer = posting_pool.segment_writer(ix)
    assert posting_pool.USE and type(writer) is posting_pool.PooledSegmentWriter
    writer.commit()
    with mock.patch.object(posting_pool, "USE", False):
        writer = posting_pool.segment_writer(ix)
    assert type(writer) is SegmentWriter
    writer.commit()
    ix.close()


@pytest.mark.parametrize("schema, pooled", [
    (Schema(id=ID(stored=True), text=TEXT()), True),
    (Schema(id=ID(stored=True), text=TEXT(spelling=True)), True),  # spelling words from the field itself
    (Schema(id=ID(stored=True), text=TEXT(analyzer=StemmingAnalyzer(), spelling=True)), False),  # a spelling field
    (Schema(id=ID(stored=True), text=TEXT(vector=True)), False),  # term vectors: Whoosh's own writer
])
def test_schemas_with_spelling_words_or_vectors_get_whooshs_writer(schema, pooled):
    ix = RamStorage().create_index(schema)
    writer = posting_pool.segment_writer(ix)
    assert (type(writer) is posting_pool.PooledSegmentWriter) is pooled
    writer.commit()


def _written(index_dir: Path, records: list[dict], ours: bool) -> Path:
    """Write ``records`` into a new generation of ``index_dir`` with our pool or Whoosh's, one commit; return it."""
    gen = store.new_generation(index_dir)
    with mock.patch.object(posting_pool, "USE", ours), mock.patch.object(base.Segment, "_random_id", _segment_ids()):
        ix = engine().open_index(gen.path)
        writer = posting_pool.segment_writer(ix)
        for record in records:
            writer.add_document(**record)
        writer.commit()
        ix.close()
    return gen.path


@pytest.mark.parametrize("records", [
    [{"id": "p1", "text_en": "— * —", "exact": "...", "lang": "en"}],  # fields whose values have no words
    [{"id": "p1", "exact": "—"}, {"id": "p2", "text_ru": "Совет Безопасности", "exact": "Совет"}],
    [{"id": "p1", "text_en": "the the the", "exact": "the the the", "position": 3}],  # stop words only
    # 300 paragraphs: posting lists of several blocks of 128
    [{"id": f"p{n}", "exact": "Article " + "1" * (n % 3 + 1), "position": n % 2} for n in range(300)],
    [{"id": "p1", "text_en": "Security " * 300, "exact": "Security " * 300}],  # a long field, its length a byte
    # boosts and stored values of a document's own, beside a plain document
    [{"id": "p1", "text_en": "Security Council", "_boost": 1.5, "_text_en_boost": 2.0, "_stored_text": "shown",
      "text": "kept"}, {"id": "p2", "text_en": "Security Council", "position": 1, "year": 2015}],
    # numbers met again, in several fields and documents
    [{"id": f"p{n}", "position": n % 4, "year": 2000 + n % 3, "text_en": "Article"} for n in range(40)],
])
def test_small_writes_give_whooshs_segment(tmp_path, records):
    theirs = _written(tmp_path / "whoosh", records, False)
    mine = _written(tmp_path / "pooled", records, True)
    assert segment_files(mine) == segment_files(theirs)
    assert read_back(mine) == read_back(theirs)


def _merged(index_dir: Path, documents, ours: bool) -> Path:
    """Write ``documents`` one commit each, delete one paragraph, then merge every segment into one; return the path."""
    gen = store.new_generation(index_dir)
    writes = _writes([CORPUS])
    with mock.patch.object(posting_pool, "USE", ours), mock.patch.object(base.Segment, "_random_id", _segment_ids()):
        ix = engine().open_index(gen.path)
        for doc in documents:
            writer = posting_pool.segment_writer(ix)
            writes.write(writer, [doc], None)
            writer.commit(merge=False)
        writer = posting_pool.segment_writer(ix)
        writer.delete_by_term("id", documents[0].paragraphs[1].id)
        writes.write(writer, documents[-1:], None)  # again: its postings come before the merged segments'
        writer.commit(optimize=True)  # the segments' postings go through the pool, numbered anew
        ix.close()
    return gen.path


def test_merging_segments_gives_whooshs_segment(tmp_path):
    documents = _writes([CORPUS]).documents
    theirs, mine = _merged(tmp_path / "whoosh", documents, False), _merged(tmp_path / "pooled", documents, True)
    expected = segment_files(theirs)
    assert len({k for k, _ in expected}) == 1
    assert segment_files(mine) == expected
    assert read_back(mine) == read_back(theirs)


@pytest.mark.parametrize("postings", [
    # (field, text, docnum, weight, value): in document order, out of it, twice in one document, other weight types
    [("a", b"x", 0, 1.0, b""), ("a", b"x", 1, 2.0, b""), ("a", b"w", 1, 1.0, b"")],
    [("b", b"x", 5, 1.0, b"\x00\x00\x00\x01"), ("b", b"x", 2, 1.0, b"\x00\x00\x00\x02"), ("a", b"y", 3, 1.0, b"")],
    [("b", b"x", 4, 2.0, b"\x02"), ("b", b"x", 4, 1.0, b"\x01"), ("b", b"x", 1, 3.0, b"\x03")],
    [("b", b"z", 1, 1, b"\x01"), ("b", b"z", 0, 2.5, b"\x02"), ("b", b"y", 7, 1, b"\x03")],
])
def test_the_pool_gives_postings_in_whooshs_order(postings):
    schema = Schema(a=ID(), b=TEXT(phrase=False))
    theirs = PostingPool(RamStorage(), None)
    mine = posting_pool.TermPool(schema)
    for item in postings:
        theirs.add(item)
        mine.add(item)
    expected = list(theirs.iter_postings())
    got = list(mine.iter_postings())
    assert got == expected
    assert [type(p[3]) for p in got] == [type(p[3]) for p in expected]


@pytest.mark.parametrize("postings", [
    [("a", b"x", 0, 1.0, b""), ("a", b"x", 1, 2.0, b""), ("a", b"w", 1, 1.0, b"")],
    [("b", b"x", 5, 1.0, b"\x00\x00\x00\x01"), ("b", b"x", 2, 1.0, b"\x00\x00\x00\x02"), ("a", b"y", 3, 1.0, b"")],
    [("b", b"z", 1, 1, b"\x01"), ("b", b"z", 0, 2.5, b"\x02"), ("b", b"y", 7, 1, b"\x03")],
])
def test_a_saved_run_reads_back_as_whooshs(tmp_path, postings):
    # what Whoosh's multiprocessing writer asks of a sub-writer's pool: save, reduce to one run, read it back
    schema = Schema(a=ID(), b=TEXT(phrase=False))
    theirs = PostingPool(FileStorage(str(tmp_path)), None)
    mine = posting_pool.TermPool(schema, FileStorage(str(tmp_path)))
    runs = []
    for pool in (theirs, mine):
        for item in postings:
            pool.add(item)
        pool.save()
        pool.reduce_to(1, 64)
        assert len(pool.runs) == 1 and pool.fieldnames == {p[0] for p in postings}
        runs.append(list(pool._read_run(pool.runs[0])))
    assert runs[1] == runs[0] == sorted(postings)


class _SerialWriter(multiproc.SerialMpWriter):
    """Whoosh's serial multiprocessing writer (the one its tests use), with two sub-writers of ``task_class``."""

    def __init__(self, ix, task_class):
        SegmentWriter.__init__(self, ix)
        self.procs, self.batchsize, self.subargs = 2, 100, {}
        self.tasks = [task_class(ix, _lk=False) for _ in range(self.procs)]
        self.pointer = 0
        self._added_sub = False


def test_sub_writers_of_whooshs_multiprocessing_writer_give_its_segment(tmp_path):
    records = [{"id": f"p{n}", "text_en": f"Article {n} of the Security Council", "exact": "Article", "position": n}
               for n in range(7)]
    written = []
    for task_class in (SegmentWriter, posting_pool.PooledSegmentWriter):
        gen = store.new_generation(tmp_path / task_class.__name__)
        with mock.patch.object(base.Segment, "_random_id", _segment_ids()):
            ix = engine().open_index(gen.path)
            with _SerialWriter(ix, task_class) as writer:
                assert {type(task) for task in writer.tasks} == {task_class}
                for record in records:
                    writer.add_document(**record)
            ix.close()
        written.append(gen.path)
    assert segment_files(written[1]) == segment_files(written[0])
    assert read_back(written[1]) == read_back(written[0])


def _with_field_added(index_dir: Path, fieldtype, writer_class) -> Path:
    """Commit a document, then add a field ``f2`` of ``fieldtype`` with a writer of ``writer_class`` and a document
    with it; return the index's path."""
    index_dir.mkdir()
    with mock.patch.object(base.Segment, "_random_id", _segment_ids()):
        ix = whoosh_index.create_in(str(index_dir), Schema(id=ID(stored=True), f1=TEXT()))
        with writer_class(ix) as writer:
            writer.add_document(id="a", f1="Testing one two three")
        with writer_class(ix) as writer:
            writer.add_field("f2", fieldtype)
            writer.add_document(id="b", f1="rendering", f2="Frosting four five six rendering")
            writer.merge = False
        ix.close()
    return index_dir


@pytest.mark.parametrize("fieldtype, whooshs_pool", [
    (TEXT(), False),
    (TEXT(vector=True), True),  # term vectors
    (TEXT(analyzer=StemmingAnalyzer(), spelling=True), True),  # a field of spelling words
    (TEXT(spelling=True), False),  # spelling words from the field itself
])
def test_a_field_added_with_vectors_or_spelling_words_is_written_as_whoosh_writes_it(tmp_path, fieldtype,
                                                                                  whooshs_pool):
    theirs = _with_field_added(tmp_path / "whoosh", fieldtype, SegmentWriter)
    with mock.patch.object(posting_pool.PooledSegmentWriter, "commit", autospec=True,
                           side_effect=posting_pool.PooledSegmentWriter.commit) as commit:
        mine = _with_field_added(tmp_path / "pooled", fieldtype, posting_pool.PooledSegmentWriter)
    assert [type(call.args[0].pool) is PostingPool for call in commit.call_args_list] == [False, whooshs_pool]
    assert segment_files(mine) == segment_files(theirs)
    assert read_back(mine) == read_back(theirs)
    ix = whoosh_index.open_dir(str(mine))
    with ix.searcher() as searcher:
        docnum = searcher.document_number(id="b")
        assert searcher.has_vector(docnum, "f2") is bool(fieldtype.vector)
        if fieldtype.vector:
            assert list(searcher.vector_as("weight", docnum, "f2")) == [
                ("five", 1.0), ("four", 1.0), ("frosting", 1.0), ("rendering", 1.0), ("six", 1.0)]
        assert list(searcher.reader().terms_within("f2", "frostin", 1)) == ["frosting"]
    ix.close()


@pytest.mark.parametrize("record, error", [
    ({"id": "p1", "text_en": 5}, ValueError),  # not text
    ({"id": "p1", "no_such_field": "x"}, Exception),  # UnknownFieldError
    ({"id": "p1", "position": "first"}, Exception),  # not a number
])
def test_a_bad_record_fails_as_it_does_in_whoosh_and_cancelling_writes_nothing(tmp_path, record, error):
    raised = []
    for ours in (False, True):
        gen = store.new_generation(tmp_path / str(ours))
        ix = engine().open_index(gen.path)
        with mock.patch.object(posting_pool, "USE", ours):
            writer = posting_pool.segment_writer(ix)
        writer.add_document(id="p0", text_en="The smuggling of migrants", exact="The smuggling of migrants")
        with pytest.raises(error) as caught:
            writer.add_document(**record)
        raised.append((type(caught.value), str(caught.value)))
        writer.cancel()
        assert ix.doc_count_all() == 0 and not [n for n in os.listdir(gen.path) if n.endswith(".seg")]
        ix.close()
    assert raised[0] == raised[1]
