"""The Whoosh speed-ups answer exactly as Whoosh does."""

from __future__ import annotations

from indexer import whoosh_speedups
from indexer.store import searching


def test_the_speedups_are_applied():
    assert whoosh_speedups.APPLIED


def test_field_lengths_are_whooshs_own(seed_index):
    original = whoosh_speedups.ORIGINAL["doc_field_length"]
    with searching(seed_index) as searcher:
        for reader in [r for r, _ in searcher.reader().leaf_readers()]:
            perdoc = reader._perdoc
            fresh = type(perdoc)(perdoc._storage, perdoc._segment)  # unpatched state, same files
            for field in ("text_en", "text_ru", "exact", "id", "kind", "symbol"):
                mine = [perdoc.doc_field_length(n, field) for n in range(reader.doc_count_all())]
                theirs = [original(fresh, n, field) for n in range(reader.doc_count_all())]
                assert mine == theirs, field
            fresh.close()


def test_stored_rows_are_the_stored_fields_whoosh_gives(seed_index):
    with searching(seed_index) as searcher:
        for reader in [r for r, _ in searcher.reader().leaf_readers()]:
            rows = list(whoosh_speedups.stored_rows(reader))
            assert rows == [reader.stored_fields(n) for n in range(reader.doc_count_all())]
            assert len(rows) == reader.doc_count_all() > 0
