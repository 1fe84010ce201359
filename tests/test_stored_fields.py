"""Stored fields kept by segment: the same as Whoosh reads them, on every generation, and never shared;
the key of an index's contents: one per generation."""

from __future__ import annotations

import gc
import shutil

from indexer.engine import contents
from indexer.engine import stored_fields as kept
from indexer.storage import generations as store
from indexer.build.pipeline import build
from indexer.build.update import update
from tests.conftest import SEED_001, SEED_004


def contents_keys(index_dir):
    """Return :func:`~indexer.engine.contents.contents_key` of two searchers of the live generation (each its own)."""
    ix = store.open_index(index_dir)
    try:
        with ix.searcher() as one, ix.searcher() as other:
            return contents.contents_key(one), contents.contents_key(other)
    finally:
        ix.close()


def every_row(index_dir) -> tuple[list[dict], list[dict]]:
    """Return the stored fields of every live document of the live generation: as kept, and as Whoosh reads them."""
    ix = store.open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            live = [n for n in range(searcher.doc_count_all()) if not searcher.reader().is_deleted(n)]
            return [kept.stored_fields(searcher, n) for n in live], [searcher.stored_fields(n) for n in live]
    finally:
        ix.close()


def test_rows_read_again_are_those_whoosh_reads(seed_index):
    first, whoosh = every_row(seed_index)
    again, _ = every_row(seed_index)  # a new searcher, its rows from what was kept
    assert first == whoosh == again and len(whoosh) > 100


def test_each_caller_gets_its_own_copy(seed_searcher):
    row = kept.stored_fields(seed_searcher, 0)
    row["text"] = "changed"
    row.pop("id")
    assert kept.stored_fields(seed_searcher, 0) == seed_searcher.stored_fields(0)


def test_each_caller_gets_its_own_list_of_counterparts(pool_pair_index):
    with store.searching(pool_pair_index) as searcher:
        n = next(n for n in range(searcher.doc_count_all()) if searcher.stored_fields(n).get("aligned"))
        expected = searcher.stored_fields(n)["aligned"]
        kept.stored_fields(searcher, n)["aligned"].append("changed")
        kept.stored_value(searcher, n, "aligned").clear()
        assert kept.stored_fields(searcher, n)["aligned"] == kept.stored_value(searcher, n, "aligned") == expected
        assert type(expected) is list and len(expected) > 0


def test_rows_kept_are_left_aside_by_the_cycle_collector(pool_pair_index):
    """A row of strings, numbers and tuples (its lists kept as tuples): full collections need not walk it."""
    kept._ROWS.clear()
    with store.searching(pool_pair_index) as searcher:
        rows = [kept.stored_fields(searcher, n) for n in range(40)]
        for _ in range(3):  # a tuple is left out by a collection after the one that left out its items
            gc.collect()
        assert [key for key in list(kept._ROWS._items) if gc.is_tracked(kept._ROWS.get(key))] == []
        assert rows == [searcher.stored_fields(n) for n in range(40)] and sum(bool(row["aligned"]) for row in rows) > 10


def test_a_new_generation_reads_its_own_rows(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = folder / SEED_004.name
    shutil.copyfile(SEED_004, seed)
    shutil.copyfile(SEED_001, folder / SEED_001.name)
    index = tmp_path / "ix"
    build([folder], index)
    before, _ = every_row(index)
    key_before = contents_keys(index)
    seed.write_text(seed.read_text(encoding="utf-8").replace("Working Group of Government Experts",
                                                             "Panel of Independent Auditors"), encoding="utf-8")
    update([folder], index)  # a new segment, and the old version deleted from the segment both generations share

    after, whoosh = every_row(index)
    key_after = contents_keys(index)

    assert after == whoosh and after != before
    assert key_before[0] == key_before[1] and key_after[0] == key_after[1] and key_before[0] != key_after[0]
    assert any("Panel of Independent Auditors" in row["text"] for row in after)


def test_rows_are_kept_compact_their_names_and_short_values_shared(seed_searcher):
    """Two paragraphs of one document keep one tuple of names and one copy of each short string they share."""
    kept._ROWS.clear()
    first, second = (kept.stored_fields(seed_searcher, n) for n in (0, 1))
    assert first["doc_id"] == second["doc_id"] and first["text"] != second["text"]
    (layout, values), (layout_2, values_2) = (kept._ROWS.get(key) for key in list(kept._ROWS._items))
    names, lists = layout
    assert layout is layout_2 and list(names) == list(first)
    assert [list(v) if k in lists else v for k, v in enumerate(values)] == list(first.values())
    shared = [name for name, a, b in zip(names, values, values_2) if isinstance(a, str) and a is b]
    assert {"doc_id", "lang", "kind", "title", "source", "date"} <= set(shared) and "text" not in shared
    assert kept.stored_value(seed_searcher, 1, "doc_id") is values_2[names.index("doc_id")]
    assert kept.stored_value(seed_searcher, 1, "no such field") is None
