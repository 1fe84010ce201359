"""Searching while the index is updated: complete answers, in-flight requests, generations that go away."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from indexer.storage import generations as store
from indexer.build.pipeline import build
from indexer.build.update import update
from indexer.search.request import SearchRequest, search
from search_app import create_app
from search_app.index import LiveIndex
from tests.conftest import ROOT
from tests.indexes import QUERIES, Sources

UPDATES = 4  # each flips the sources between A and B; more than KEEP_GENERATIONS, so old generations go
DOCUMENT = "/api/doc/A/RES/217 (III)"
SEARCHERS = 3


def answers(client) -> dict:
    """What the app answers now, request by request: per query the total and the ids found, the UDHR's versions.

    Each request is answered from one generation; a switch may come between two requests.
    """
    found = {}
    for query in QUERIES:
        response = client.get("/api/search", query_string={"q": query, "limit": 100})
        assert response.status_code == 200, response.get_data(as_text=True)
        result = response.get_json()
        found[query] = (result["total"], tuple(sorted(hit["id"] for hit in result["hits"])))
    response = client.get(DOCUMENT)
    assert response.status_code == 200, response.get_data(as_text=True)
    view = response.get_json()
    found[DOCUMENT] = (tuple(sorted(v["doc_id"] for v in view["versions"])), len(view["rows"]))
    return found


def expected_answers(sources, base) -> dict:
    """Return the app's answers over full builds of states A and B."""
    expected = {}
    for state in ("A", "B"):
        sources.set(state)
        build([sources.folder], base / f"ix-{state}", follow_links=True)
        expected[state] = answers(create_app({"INDEX_DIR": str(base / f"ix-{state}")}).test_client())
    assert expected["A"] != expected["B"]
    return expected


def test_searches_during_updates_get_complete_answers(pool, tmp_path):
    sources = Sources(tmp_path / "in", pool)
    expected = expected_answers(sources, tmp_path)
    sources.set("A")
    index = tmp_path / "ix"
    build([sources.folder], index, follow_links=True)
    app = create_app({"INDEX_DIR": str(index)})
    stop = threading.Event()
    seen, errors = [], []

    def searcher():
        client = app.test_client()
        while not stop.is_set():
            try:
                seen.append(answers(client))
            except Exception as exc:  # noqa: BLE001 - collected and reported by the test
                errors.append(repr(exc))

    threads = [threading.Thread(target=searcher) for _ in range(SEARCHERS)]
    for thread in threads:
        thread.start()
    try:
        for n in range(UPDATES):
            sources.set("B" if n % 2 == 0 else "A")
            done = subprocess.run([sys.executable, "-m", "indexer", "update", str(sources.folder), "--index",
                                   str(index)], cwd=ROOT, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)

    assert errors == []
    states = {request: {expected["A"][request]: "A", expected["B"][request]: "B"} for request in expected["A"]}
    answered = [states[request].get(answer, "neither") for found in seen for request, answer in found.items()]
    assert set(answered) == {"A", "B"}  # every answer whole, from one state or the other; both seen
    assert len(store.generations(index)) == store.KEEP_GENERATIONS  # the older ones went while searches ran


def _search_everything(searcher) -> tuple:
    """A search, stored fields and the position column read through one searcher."""
    hits = search(searcher, SearchRequest("human rights", limit=100))["hits"]
    positions = list(searcher.reader().column_reader("position"))
    return [h["id"] for h in hits], sum(1 for _ in searcher.all_stored_fields()), positions


@pytest.fixture()
def indexed(pool, tmp_path):
    """Sources in state A and their index; ``replace()`` runs two updates (to B and back), so generation 1 goes."""
    sources = Sources(tmp_path / "in", pool)
    sources.set("A")
    index = tmp_path / "ix"
    build([sources.folder], index, follow_links=True)

    def replace():
        for state in ("B", "A"):
            sources.set(state)
            update([sources.folder], index)

    return index, replace


def test_a_request_in_flight_finishes_on_a_generation_that_was_removed(indexed):
    index, replace = indexed
    live = LiveIndex(index)
    searcher, generation = live.checkout()  # a request starts on generation 1
    before = _search_everything(searcher)
    replace()
    assert not (index / f"gen-{generation:06d}").exists()

    assert _search_everything(searcher) == before  # it reads on, its files open though removed
    live.checkin(searcher, generation)
    newer, newer_generation = live.checkout()  # the next request: on the live generation, the old searcher closed
    assert newer_generation == generation + 2 and not newer.is_closed and searcher.is_closed
    live.checkin(newer, newer_generation)
    live.close()


class _Racing:
    """An index whose first ``searcher()`` call comes after ``race()``: two updates removed its generation."""

    def __init__(self, index, race):
        self.index, self.race = index, race

    def searcher(self):
        if self.race:
            self.race, race = None, self.race
            race()
        return self.index.searcher()


def test_opening_a_searcher_on_a_generation_just_removed_takes_the_live_one(indexed):
    index, replace = indexed
    live = LiveIndex(index)
    searcher, generation = live.checkout()
    live.checkin(searcher, generation)
    live.close()  # the pool is empty: the next request opens a searcher
    live._index = _Racing(live._index, replace)
    searcher, generation = live.checkout()
    assert generation == 3 and store.current_generation(index).number == 3
    assert searcher.doc_count() == sum(1 for _ in searcher.all_stored_fields()) > 0
    live.checkin(searcher, generation)
    live.close()
