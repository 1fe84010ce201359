"""Slow requests kept from holding up the others: patterns with too few letters refused, one long search and one
export at a time (shared by the workers of a server), exports yielding to the searches running beside them."""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
import time

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.search import export as export_mod
from indexer.search import reading
from indexer.search.request import SearchRequest
from search_app import create_app, limits
from search_app.index import LiveIndex

RULE = "a pattern needs at least 2 letters or digits beside * and ? (migra*, *tion)"


@pytest.fixture()
def app(seed_index):
    return create_app({"INDEX_DIR": str(seed_index), "RESULT_CACHE": 0})


@pytest.mark.parametrize("query, word, position", [
    ("?*?*?*", "?*?*?*", 0),
    ("*a*", "*a*", 0),
    ("s*", "s*", 0),
    ("migrants s?", "s?", 9),
    ("=м*", "=м*", 0),
    ("(smuggling OR 1*)", "1*", 14),
    ("lang:ru ?", "?", 8),
])
def test_a_pattern_with_too_few_letters_is_refused_with_the_rule(app, query, word, position):
    response = app.test_client().get("/api/search", query_string={"q": query})
    assert response.status_code == 400
    assert response.json == {"error": f"{word!r} has too few letters to search: {RULE}", "position": position}
    page = app.test_client().get("/", query_string={"q": query})
    assert page.status_code == 400 and "too few letters to search" in page.get_data(as_text=True)


@pytest.mark.parametrize("query", ["migra*", "мигрант*", "*ling", "sm?ggl*", "*", "symbol:CTOC/*"])
def test_patterns_with_enough_letters_and_match_all_are_searched(app, query):
    response = app.test_client().get("/api/search", query_string={"q": query})
    assert response.status_code == 200, response.json
    assert response.json["total"] > 0


def test_the_cli_refuses_such_a_pattern_as_a_bad_query(seed_index):
    result = CliRunner().invoke(cli, ["search", "?*?*?*", "--index", str(seed_index)])
    assert result.exit_code == 2
    assert RULE in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("query, lang, heavy", [
    ("migra*", "any", True),
    ("smugglng~", "en", True),
    ("=мигрант*", "any", True),
    ("smuggling of migrants", "any", False),
    ('"smuggling of migrants"', "any", False),
    ('"migra* of"', "any", False),  # in a phrase, * is text
    ("*", "any", False),  # answered from the field lengths, without expanding a word
    ("symbol:CTOC/* migrants", "any", False),  # a filter's pattern matches symbols, not words
    ("year:[2010 TO 2012] migrants", "any", False),
    ("", "any", False),
])
def test_long_searches_are_those_that_expand_words(seed_searcher, query, lang, heavy):
    assert limits.is_heavy(SearchRequest(query=query, lang=lang), seed_searcher.schema) is heavy


def test_a_long_search_waits_for_the_one_running_then_is_503(app, monkeypatch):
    monkeypatch.setattr(limits, "HEAVY_WAIT", 0.05)
    client = app.test_client()
    with app.app_context():
        slot = limits._limits()[0].heavy
    assert slot.acquire(timeout=1)
    try:
        refused = client.get("/api/search", query_string={"q": "migra*"})
        assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
        assert refused.json["error"].startswith("the server is busy with other long searches")
        page = client.get("/", query_string={"q": "migra*"})
        assert page.status_code == 503 and "busy with other long searches" in page.get_data(as_text=True)
        assert client.get("/api/search", query_string={"q": "migrants"}).status_code == 200
    finally:
        slot.release()
    assert client.get("/api/search", query_string={"q": "migra*"}).status_code == 200


def _serve_with(monkeypatch, **functions) -> None:
    """Make the app read its Whoosh index with ``functions`` in place of the engine's own."""
    monkeypatch.setattr(LiveIndex, "reading", dataclasses.replace(LiveIndex.reading, **functions))


def test_concurrent_long_searches_run_one_at_a_time(app, monkeypatch):
    monkeypatch.setattr(limits, "HEAVY_WAIT", 0.05)
    real = reading.search_page
    running, most, lock = [0], [0], threading.Lock()

    def slow_search_page(*args, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(1.0)  # long enough for every other thread to arrive meanwhile
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    _serve_with(monkeypatch, search_page=slow_search_page)
    statuses: list[int] = []
    start = threading.Barrier(6)

    def ask(query: str) -> None:
        client = app.test_client()
        start.wait()
        statuses.append(client.get("/api/search", query_string={"q": query}).status_code)

    threads = [threading.Thread(target=ask, args=(q,)) for q in ("migra*", "smugg*", "firearm*", "conven*", "parti*")]
    threads.append(threading.Thread(target=ask, args=("migrants",)))  # an ordinary search runs beside them
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 200, 503, 503, 503, 503]
    assert most[0] == 2  # one long search and the ordinary one


def test_slots_are_shared_by_the_workers_of_a_server():
    slots = limits.shared_slots(2)
    taken, release = multiprocessing.get_context("fork").Event(), multiprocessing.get_context("fork").Event()

    def worker():
        slots.exports.acquire()
        taken.set()
        release.wait(10)
        slots.exports.release()

    child = multiprocessing.get_context("fork").Process(target=worker)
    child.start()
    try:
        assert taken.wait(10)
        assert not slots.exports.acquire(timeout=0.1)  # another worker's export holds the one slot
        assert slots.heavy.acquire(timeout=0.1)  # long searches have their own
        slots.heavy.release()
    finally:
        release.set()
        child.join(10)
    assert slots.exports.acquire(timeout=1)
    slots.exports.release()
    assert [limits.shared_slots(n).exports.get_value() for n in (1, 2, 4)] == [1, 1, 3]


def test_an_export_yields_to_the_searches_running_beside_it(pool_pair_index, monkeypatch):
    monkeypatch.setattr(limits, "EXPORT_SLICE", 0.0)  # pause after every piece, however short
    app = create_app({"INDEX_DIR": str(pool_pair_index)})
    query = {"q": "rights OR права"}
    alone = app.test_client().get("/export.tmx", query_string=query)
    written = alone.get_data()  # read to the end: the export gives back its slot
    traffic = app.extensions[limits.EXTENSION][1]
    assert alone.status_code == 200 and traffic.pauses == 0
    with app.app_context(), limits.searching():
        beside = app.test_client().get("/export.tmx", query_string=query)
        data = beside.get_data()
    assert beside.status_code == 200 and data == written
    assert traffic.pauses >= data.count(b"</tu>") > 0
    assert traffic.searching == 0


def test_a_streamed_export_keeps_its_searcher_to_itself_until_the_end(pool_pair_index, monkeypatch):
    """A searcher reads its files by seek and read: two requests using one at once read each other's places."""
    app = create_app({"INDEX_DIR": str(pool_pair_index), "RESULT_CACHE": 0})
    used: dict[str, list] = {"export": [], "search": []}
    real_pairs, real_search = export_mod.iter_pairs, reading.search_page

    def iter_pairs(searcher, *args, **kwargs):
        used["export"].append(searcher)
        return real_pairs(searcher, *args, **kwargs)

    def search_page(searcher, *args, **kwargs):
        used["search"].append(searcher)
        return real_search(searcher, *args, **kwargs)

    _serve_with(monkeypatch, search_page=search_page, iter_pairs=iter_pairs)
    client = app.test_client()
    export = client.get("/export.tmx", query_string={"q": "rights OR права"}, buffered=False)
    chunks = iter(export.response)
    assert next(chunks).startswith(b"<?xml")  # the view has returned; the file is being written
    statuses = []

    def search_meanwhile():  # another thread, as another request of the server would be
        statuses.extend(app.test_client().get("/api/search", query_string={"q": q}).status_code
                        for q in ("rights", "права", "freedom"))

    other = threading.Thread(target=search_meanwhile)
    other.start()
    other.join()
    assert statuses == [200, 200, 200] and len(used["search"]) == 3
    assert all(searcher is not used["export"][0] for searcher in used["search"])
    assert b"".join(chunks).rstrip().endswith(b"</tmx>")
    export.close()
    assert client.get("/api/search", query_string={"q": "law"}).status_code == 200
    assert used["search"][-1] is used["export"][0]  # given back to the pool once written
