"""A served app keeps nothing of the generations gone: after switches, their objects are dead and no cache restarts.

Each generation unpickles its own schema and analyzers; what the process keeps
per analyzer is keyed by the analyzer's description (:func:`indexer.analysis.describe`),
so a description that changed from one generation to the next (a set written
in the order it iterates in, which follows the hashes of the process that
pickled it) made every switch start those caches again, one more table of
words per analyzer each time.  Generations are published by another process
here, as they are in service.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import weakref

import pytest
from whoosh.analysis import StopFilter

import search_app
from indexer.analysis import _WORD_SETS, _WORD_TERMS, describe
from indexer.build.pipeline import build
from indexer.caches.per_object import PerObject
from indexer.caches.registry import Members, declared
from indexer.engine.schema import build_schema
from search_app import index as live
from tests.conftest import ROOT

SWITCHES = 4
SEARCHES = (("human rights", True), ("права человека", True), ("Security Council", False), ("свобода", True),
            ("peace OR security", True), ("charter~", False))
PER_SEGMENT = ("engine.field_lengths", "engine.length_bytes")  # one per segment reader; an update adds a segment


@pytest.mark.parametrize("first, second", [
    ([1, 9], [9, 1]),  # both in one slot of an 8-slot table: the order they came in is the order they go out
    ([1, 9, 17, 25], [25, 17, 9, 1]),
    (["of", "and", "the", "и", "в"], ["в", "и", "the", "and", "of"]),
])
def test_a_description_does_not_follow_the_order_a_set_was_built_in(first, second):
    a, b = StopFilter(stoplist=first), StopFilter(stoplist=second)
    assert a.stops == b.stops
    assert describe(a) == describe(b)


def test_an_unpickled_schema_describes_its_analyzers_as_the_original():
    import pickle

    schema = build_schema()
    copy = pickle.loads(pickle.dumps(schema))
    fields = [name for name in schema.names() if getattr(schema[name], "analyzer", None) is not None]
    assert fields
    assert [describe(copy[n].analyzer) for n in fields] == [describe(schema[n].analyzer) for n in fields]


def _ask(client, round_no: int) -> None:
    for q, across in SEARCHES:
        params = {"q": q, "limit": "10", "offset": str(round_no % 2), **({"translate": "1"} if across else {})}
        response = client.get("/api/search", query_string=params)
        assert response.status_code == 200, response.get_data(as_text=True)


def _generation_objects(index: live.LiveIndex) -> list[weakref.ref]:
    """Weak references to what the live generation holds: its index, idle searchers, cross-language data."""
    cross = index._cross[1] if index._cross is not None and index._cross[0] == index.generation else None
    held = [index._index, *index._idle] + ([cross] if cross is not None else [])
    return [weakref.ref(o) for o in held]


def _update_elsewhere(index_dir, hash_seed: int) -> None:
    """Publish a new generation from another process, as an operator does, with its own order of string hashes."""
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "indexer", "update", "--index", str(index_dir), "--no-progress"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr


def _live_per_object() -> dict[str, int]:
    """The objects still alive that each per-object cache keeps values for."""
    return {d.name: len(d.cache.values()) for d in declared() if isinstance(d.cache, (PerObject, Members))}


def test_generation_switches_leave_nothing_of_the_old_generations(pool, tmp_path):
    sources = tmp_path / "sources"
    for name in ("un-charter", "udhr"):
        shutil.copytree(pool / name, sources / name)
    notes = sources / "notes"
    notes.mkdir()
    (notes / "note-0.txt").write_text("A first note on human rights.\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    assert build([sources], index_dir).ok

    app = search_app.create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    client = app.test_client()
    index = app.extensions[live.EXTENSION]
    _ask(client, 0)
    _ask(client, 1)
    descriptions = {key for key, _ in _WORD_TERMS._items} | set(_WORD_SETS._items)
    word_sets = len(_WORD_SETS)
    gone: list[weakref.ref] = []
    kept_after_first = None
    for n in range(1, SWITCHES + 1):
        gone += _generation_objects(index)
        before = index.generation
        (notes / f"note-{n}.txt").write_text(f"Note {n} on peace and security.\n", encoding="utf-8")
        _update_elsewhere(index_dir, hash_seed=n)
        _ask(client, n)
        _ask(client, n + 1)
        assert index.generation == before + 1
        gc.collect()
        assert [ref for ref in gone if ref() is not None] == []
        # no cache keyed by analyzer starts again
        assert {key for key, _ in _WORD_TERMS._items} | set(_WORD_SETS._items) == descriptions
        assert len(_WORD_SETS) == word_sets
        kept = _live_per_object()
        with index._index.reader() as reader:
            segments = len(reader.leaf_readers())
        assert {name: kept.pop(name) <= segments for name in PER_SEGMENT} == dict.fromkeys(PER_SEGMENT, True)
        if kept_after_first is None:
            kept_after_first = kept
        assert kept == kept_after_first, "a per-object cache keeps values for more live objects at each switch"
