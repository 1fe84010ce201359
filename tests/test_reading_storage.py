"""Threads opening searchers of one index at once: a failure closes the files of its own thread, not another's."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from indexer.engine.whoosh_engine import WhooshEngine
from indexer.errors import IndexDamaged
from indexer.storage import generations as store


@pytest.fixture()
def generation(seed_index, tmp_path) -> Path:
    """The live generation of a copy of the seeds' index, to damage."""
    copy = tmp_path / "index"
    shutil.copytree(seed_index, copy)
    return store.current_generation(copy).path


def test_a_failing_thread_closes_only_the_files_it_opened(generation):
    storage = WhooshEngine().open_index(generation).storage
    segment = next(generation.glob("*.seg")).name
    both_open, failed = threading.Barrier(2), threading.Event()
    files: dict[str, object] = {}
    raised: list[BaseException] = []

    def failing():
        try:
            with storage.closing_on_failure():
                files["failing"] = storage.open_file(segment)
                both_open.wait()
                raise OSError("a short read")
        except BaseException as exc:  # noqa: BLE001 - what the block raised, to compare
            raised.append(exc)
        finally:
            failed.set()

    def succeeding():
        with storage.closing_on_failure():
            both_open.wait(timeout=5)
            files["succeeding"] = storage.open_file("_MAIN_1.toc")
            failed.wait(timeout=5)

    threads = [threading.Thread(target=failing), threading.Thread(target=succeeding)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert [type(exc) for exc in raised] == [OSError]
    assert files["failing"].is_closed and not files["succeeding"].is_closed
    assert files["succeeding"].read(4)  # still readable after the other thread's failure
    files["succeeding"].close()


def test_threads_opening_a_damaged_index_each_get_the_damage(generation):
    engine = WhooshEngine()
    ix = engine.open_index(generation)  # opened whole, then a segment is cut to half
    segment = next(generation.glob("*.seg"))
    os.truncate(segment, segment.stat().st_size // 2)
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def open_searchers():
        start.wait(timeout=10)
        for _ in range(20):
            try:
                engine.searcher(ix).close()
                outcomes.append("opened")
            except IndexDamaged as exc:
                outcomes.append("damaged" if str(generation) in str(exc) else f"damaged elsewhere: {exc}")
            except Exception as exc:  # noqa: BLE001 - anything else is the failure under test
                outcomes.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=open_searchers) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["damaged"] * 160
