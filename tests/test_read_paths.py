"""The engine's own read paths give what Whoosh's give: term entries, a segment's parts, lengths, stored rows."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest
from whoosh import query as Q
from whoosh.filedb import filetables
from whoosh.filedb.compound import SubFile
from whoosh.filedb.structfile import StructFile
from whoosh.reading import ReaderClosed

from indexer.engine import doc_lengths, positions, postings, pread_files, stored_fields, term_ids, term_table
from indexer.engine.positions import SPAN, position_keys
from indexer.engine.schema import TEXT_FIELDS
from indexer.storage.generations import searching

pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place


def _leaves(searcher):
    return [leaf for leaf, _ in searcher.reader().leaf_readers()]


def test_every_term_entry_is_the_one_whoosh_reads(seed_index):
    with searching(seed_index) as searcher:
        for leaf in _leaves(searcher):
            table = leaf._terms._tindex
            assert term_table.readable(leaf._terms)
            items = list(table.items())
            assert len(items) > 1000
            for key, value in items:
                assert term_table.value(table, key) == value
                assert term_table.value(table, key + b"\x00") is None  # a key the table lacks
            fieldname, btext = "text_en", "migrant".encode()
            assert term_table.term_info(leaf._terms, fieldname, btext).doc_frequency() == \
                leaf._terms.term_info(fieldname, btext).doc_frequency() > 0
            assert term_table.term_info(leaf._terms, fieldname, b"no-such-term") is None


def test_where_a_terms_postings_are_is_what_whooshs_term_info_says(seed_index):
    with searching(seed_index) as searcher:
        for leaf in _leaves(searcher):
            for fieldname in ("exact", "text_en", "text_ru", "id"):
                for btext in term_table.field_terms(leaf._terms, fieldname)[::11]:
                    info = leaf._terms.term_info(fieldname, btext)  # Whoosh's own look-up and decoding
                    offset, (length,) = info.extent()
                    assert not info.is_inlined() and postings.term_extent(leaf, fieldname, btext) == (offset, length)
            assert postings.term_extent(leaf, "text_en", b"no-such-term") is None
            assert postings.term_extent(leaf, "no_such_field", b"migrant") is None


@pytest.mark.parametrize("key", [b"", b"a", "мигрантов".encode(), bytes(range(256))])
def test_the_md5_hash_is_whooshs(key):
    assert term_table._md5_hash(key) == filetables.md5_hash(key)


def test_a_value_longer_than_read_with_its_key_is_read_whole(seed_index, monkeypatch):
    monkeypatch.setattr(term_table, "VALUE_GUESS", 0)  # every value past what is read with its key
    with searching(seed_index) as searcher:
        table = _leaves(searcher)[0]._terms._tindex
        for key, value in list(table.items())[:500]:
            assert term_table.value(table, key) == value


def test_a_segments_parts_are_read_with_pread_and_give_whooshs_bytes(seed_index):
    with searching(seed_index) as searcher:
        leaf = _leaves(searcher)[0]
        part = leaf._terms._postfile
        assert type(part.file) is pread_files.PreadSubFile
        theirs = SubFile(part.file._file, part.file._offset, part.file._length)
        for at, size in [(0, 16), (100, 4000), (part.file._length - 5, 64), (part.file._length, 8)]:
            part.seek(at)
            theirs.seek(at)
            assert part.read(size) == theirs.read(size)
            assert part.tell() == theirs.tell()
            assert pread_files.get(part, at, size) == StructFile(theirs).get(at, size)  # one pread, where get leaves it
            assert part.tell() == theirs.tell()
        part.seek(0)
        theirs.seek(0)
        assert part.read() == theirs.read() and part.read(4) == theirs.read(4) == b""


def test_a_part_of_a_closed_file_raises_as_whooshs_does(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    opened = pread_files.open_file(str(path), "f")
    part = opened.subset(2, 5)
    assert part.read(3) == b"234" and part.read() == b"56"
    assert pread_files.get(part, 1, 9) == b"3456" and pread_files.get(StructFile(io.BytesIO(b"0123")), 1, 2) == b"12"
    opened.close()
    part.seek(0)
    with pytest.raises(ValueError):
        part.read(1)
    with pytest.raises(ValueError):
        pread_files.get(part, 0, 1)


@pytest.mark.parametrize("objects", [
    [(7, 3, 1.5, -1, 12, 200)],  # a posting block's header, as Whoosh writes it
    [list(range(400)), "x" * 600, (1, 2)],  # longer than read ahead, then a short one
    [{"fieldmap": {f"field{n}": n for n in range(100)}}],
])
def test_a_parts_pickles_are_read_as_whoosh_reads_them(tmp_path, objects):
    path = tmp_path / "f"
    with open(path, "wb") as out:
        writer = StructFile(out)
        writer.write(b"head")
        for obj in objects:
            writer.write_pickle(obj)
        writer.write(b"tail")
    opened = pread_files.open_file(str(path), "f")
    length = path.stat().st_size - 2
    with open(path, "rb") as whole:
        mine = opened.subset(2, length)
        theirs = StructFile(SubFile(whole, 2, length))
        assert type(mine) is pread_files.PreadPart
        mine.seek(2)
        theirs.seek(2)
        for obj in objects:
            assert mine.read_pickle() == theirs.read_pickle() == obj
            assert mine.tell() == theirs.tell()
        assert mine.read(2) == theirs.read(2) == b"ta"
        mine.seek(length - 3)  # a pickle cut off by the part's end: the error Whoosh's reading gives
        theirs.seek(length - 3)
        with pytest.raises((EOFError, pickle.UnpicklingError)) as raised:
            theirs.read_pickle()
        with pytest.raises(type(raised.value)):
            mine.read_pickle()
    opened.close()


def test_lengths_of_many_paragraphs_are_whooshs_own(seed_index):
    with searching(seed_index) as searcher:
        reader = searcher.reader()
        docs = np.arange(reader.doc_count_all(), dtype=np.int64)[::-1]
        for field in (*TEXT_FIELDS.values(), "exact", "no_such_field"):
            expected = [reader.doc_field_length(int(n), field, 1) or 1 for n in docs]
            assert doc_lengths.lengths_of(searcher, field, docs).tolist() == expected


def test_stored_rows_read_from_their_segments_are_whooshs_own(seed_index):
    with searching(seed_index) as searcher:
        count = searcher.reader().doc_count_all()
        for n in range(0, count, 7):
            assert stored_fields.stored_fields(searcher, n) == searcher.stored_fields(n)


def test_a_stored_row_of_a_closed_reader_is_not_read(seed_index):
    with searching(seed_index) as searcher:
        leaf = _leaves(searcher)[0]
    with pytest.raises(ReaderClosed):
        stored_fields._read(leaf, 0, frozenset())


@pytest.mark.parametrize("share", [0.02, 0.5, 1.0])  # a few documents of the list, and all of them
def test_position_keys_are_whooshs_positions(seed_index, share, monkeypatch):
    monkeypatch.setattr(postings, "POSTINGS", type(postings.POSTINGS)(postings.CACHE_MB << 20))  # none kept yet
    monkeypatch.setattr(postings, "ASKED", type(postings.ASKED)(postings.ASKED_KEPT))
    with searching(seed_index) as searcher:
        for term in ("state", "migrant", "of"):
            docs = np.asarray(sorted(searcher.docs_for_query(_term("text_en", term))), dtype=np.int64)
            docs = docs[::max(1, int(1 / share))]
            expected = []
            for n in docs.tolist():
                matcher = searcher.reader().postings("text_en", term)
                matcher.skip_to(n)
                expected.extend(n * SPAN + p for p in matcher.value_as("positions"))
            for asked in range(2):  # the documents asked about decoded, then (a share of them) the whole list
                keys = position_keys(searcher, "text_en", term, np.concatenate((docs, docs[:3])))
                assert len(docs) > 0 and sorted(keys.tolist()) == sorted(expected)
                assert _whole_kept(searcher, "text_en", term) == (asked == 1 and share >= postings.SOME_DOCS)


@pytest.mark.parametrize("at_once", [1, 10 ** 9])  # every document's keys made with numpy, and one by one
@pytest.mark.parametrize("decoded_at_once", [1, 10 ** 9])  # positions decoded with numpy, and looked up
def test_position_keys_made_at_once_are_whooshs_positions(seed_index, at_once, decoded_at_once, monkeypatch):
    monkeypatch.setattr(postings, "POSTINGS", type(postings.POSTINGS)(postings.CACHE_MB << 20))  # none kept yet
    monkeypatch.setattr(postings, "ASKED", type(postings.ASKED)(postings.ASKED_KEPT))
    monkeypatch.setattr(postings, "KEYS_AT_ONCE", at_once)
    monkeypatch.setattr(postings, "DECODED_AT_ONCE", decoded_at_once)
    decoded = []
    monkeypatch.setattr(postings, "positions_of", lambda *a, f=postings.positions_of: decoded.append(a) or f(*a))
    with searching(seed_index) as searcher:
        for term in ("state", "migrant", "of"):
            docs = np.asarray(sorted(searcher.docs_for_query(_term("text_en", term))), dtype=np.int64)[::9]
            expected = []
            for n in docs.tolist():
                matcher = searcher.reader().postings("text_en", term)
                matcher.skip_to(n)
                expected.extend(n * SPAN + p for p in matcher.value_as("positions"))
            keys = position_keys(searcher, "text_en", term, docs)  # the documents asked about: decoded alone
            assert len(docs) > postings.KEYS_AT_ONCE or at_once > 1
            assert not _whole_kept(searcher, "text_en", term) and keys.dtype == np.int64
            assert keys.tolist() == expected
    assert bool(decoded) == (decoded_at_once == 1)


def _whole_kept(searcher, field, text) -> bool:
    """Tell whether a term's whole list of positions is kept decoded (in every segment that has it)."""
    btext = searcher.schema[field].to_bytes(text)
    kept = [postings.POSTINGS.get((leaf.segment().segment_id(), leaf.doc_count_all(), field, btext, "positions"))
            for leaf in _leaves(searcher) if (field, btext) in leaf]
    return all(found is not None for found in kept) and len(kept) > 0


def _term(field, text):
    return Q.Term(field, text)


@pytest.mark.parametrize("encoded", [True, False])  # positions kept with the posting list, or read by Whoosh's matcher
def test_positions_of_many_terms_at_once_are_each_terms_own(seed_index, encoded, monkeypatch):
    monkeypatch.setattr(postings, "POSTINGS", type(postings.POSTINGS)(postings.CACHE_MB << 20))  # none kept yet
    monkeypatch.setattr(postings, "ASKED", type(postings.ASKED)(postings.ASKED_KEPT))
    if not encoded:
        keep = postings._keep
        monkeypatch.setattr(postings, "_keep", lambda key, arrays: None if key[-1] == "encoded" else keep(key, arrays))
        monkeypatch.setattr(postings, "SOME_DOCS", 2.0)  # never the whole list: the documents asked about alone
        calls = []
        monkeypatch.setattr(postings, "positions_in", lambda *a, f=postings.positions_in: calls.append(a) or f(*a))
    terms = [("text_en", "migrant"), ("text_en", "state"), ("text_ru", "мигрант"), ("text_en", "no-such-word"),
             ("exact", "migrants"), ("text_en", "мигрант"), ("no_such_field", "x")]
    with searching(seed_index) as searcher:
        every = np.arange(searcher.reader().doc_count_all(), dtype=np.int64)
        docs = np.concatenate((every[::5], every[5:9]))[::-1]  # any order, some twice, most without a term
        expected = []
        for field, text in terms:
            keys = []
            if field in searcher.schema and searcher.schema[field].format.supports("positions"):
                for n in sorted(set(docs.tolist())):
                    matcher = searcher.reader().postings(field, text) if (field, text) in searcher.reader() else None
                    if matcher is not None:
                        matcher.skip_to(n)
                        if matcher.is_active() and matcher.id() == n:
                            keys.extend(n * SPAN + p for p in matcher.value_as("positions"))
            expected.append(keys)
        got = positions.keys_of_terms(searcher, terms, docs)
        assert [sorted(k.tolist()) for k in got] == expected
        assert all(k.dtype == np.int64 for k in got) and sum(map(len, expected[:3])) > 40
        assert [k.tolist() for k in got] == [position_keys(searcher, f, t, docs).tolist() for f, t in terms]
        assert encoded or len(calls) >= 2


def test_which_documents_have_a_term_are_those_of_its_posting_lists(seed_index):
    with searching(seed_index) as searcher:
        every = np.arange(searcher.reader().doc_count_all(), dtype=np.int64)
        for docs in (every, every[::7], every[-3:], every[:0]):
            for forms in [("migrants",), ("migrants", "migrant"), ("мигрантов",), ("no-such-form",), ()]:
                expected = np.zeros(len(docs), dtype=bool)
                for form in forms:
                    expected |= np.isin(docs, sorted(searcher.docs_for_query(_term("exact", form))))
                assert term_ids.having(searcher, "exact", forms, docs).tolist() == expected.tolist()
        assert term_ids.having(searcher, "exact", ("migrants",), every).sum() > 10
