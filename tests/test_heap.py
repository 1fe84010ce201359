"""Once a generation is warm, what the served app holds is frozen out of the cycle collector's way."""

from __future__ import annotations

import gc
import weakref

import pytest

from search_app import create_app, heap
from search_app.index import EXTENSION
from tests.test_across_web import _warmed
from tests.test_web_data import sample_docs, write_generation


@pytest.fixture
def thawed():
    """Give every object back to the collector after the test: later tests count on collecting their cycles."""
    yield
    gc.unfreeze()


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the cycle collector frees it


def _tracked(obj) -> bool:
    """Tell whether the collector walks ``obj`` in its collections (frozen objects are not among them)."""
    return any(o is obj for o in gc.get_objects())


def test_settling_freezes_what_is_held_and_the_next_settling_collects_what_went(thawed):
    held = Node()
    gone = weakref.ref(held)
    assert _tracked(held)
    assert heap.settle() >= 1
    assert not _tracked(held)  # frozen: full collections skip it
    del held
    gc.collect()
    assert gone() is not None  # a frozen cycle is not collected …
    heap.settle()
    assert gone() is None  # … until the next settling gives it back first


def test_the_served_app_freezes_a_generation_once_it_is_warm_and_gives_it_back_for_the_next(tmp_path, thawed):
    english, russian = sample_docs()
    write_generation(tmp_path, [english, russian], lexicon=True)
    index = create_app({"INDEX_DIR": str(tmp_path), "WARM": True, "FREEZE": True}).extensions[EXTENSION]
    assert index.open() == 1
    generation, first = _warmed(index, 1)
    assert generation == 1 and first is not None and gc.get_freeze_count() > 0
    assert not _tracked(first.lexicon) and not _tracked(index)
    held = Node()  # a cycle the first generation held when it was frozen, let go of before the next one settles
    gone = weakref.ref(held)
    first.lexicon.__dict__["held_for_the_test"] = held
    gc.unfreeze(), gc.freeze()  # frozen with the generation, as if it had been there when it settled
    del first, held
    index._cross = None
    write_generation(tmp_path, [english, russian], lexicon=True)
    gc.collect()
    assert gone() is not None  # frozen: no collection frees it …
    assert index.open() == 2
    generation, newer = _warmed(index, 2)
    assert generation == 2 and not _tracked(newer.lexicon)
    assert gone() is None  # … until the next generation settles and gives the frozen objects back first


def test_an_app_not_told_to_freeze_leaves_the_collector_alone(tmp_path, thawed):
    english, russian = sample_docs()
    write_generation(tmp_path, [english, russian], lexicon=True)
    gc.unfreeze()
    index = create_app({"INDEX_DIR": str(tmp_path), "WARM": True}).extensions[EXTENSION]
    index.open()
    _, data = _warmed(index, 1)
    assert data is not None and gc.get_freeze_count() == 0 and _tracked(data.lexicon)
