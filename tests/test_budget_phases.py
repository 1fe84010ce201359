"""Every phase of a search is bounded by its budget: a phase made slow gives a partial result or 503, not an overrun.

Each test slows one real phase of a search on the seed index (the phase's own code runs, after a sleep) and
checks that the request ends within its budget plus a second, saying what was cut.
"""

from __future__ import annotations

import time

import pytest

from indexer.search import overview, ranking, reading, request
from indexer.search.budget import within as budget_of
from indexer.search import highlight as highlight_mod
from search_app import arrival, create_app

BUDGET = 1.0  # seconds a search may take in these tests (a whole search takes a small part of it)
SLOW = 1.2  # a slowed phase sleeps this long: past the budget on its own
OVERRUN = 1.0  # what a request may take beyond its budget


@pytest.fixture()
def client(seed_index):
    return create_app({"INDEX_DIR": str(seed_index), "RESULT_CACHE": 0, "SEARCH_BUDGET": BUDGET}).test_client()


def slowed(monkeypatch, owner, name: str, seconds: float = SLOW) -> list:
    """Make ``owner.name`` sleep ``seconds`` before it runs (the first call only); return the list of its calls."""
    real = getattr(owner, name)
    calls = []

    def slow(*args, **kwargs):
        if not calls:
            time.sleep(seconds)
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, slow)
    return calls


def timed(client, path: str, **params):
    started = time.monotonic()
    response = client.get(path, query_string=params)
    return response, time.monotonic() - started


def test_without_a_slow_phase_nothing_is_cut(seed_index):
    client = create_app({"INDEX_DIR": str(seed_index), "RESULT_CACHE": 0}).test_client()  # the default budget
    response, took = timed(client, "/api/search", q="migrants", facets="1")
    assert response.status_code == 200 and took < 2
    assert response.json["partial"] is False and response.json["messages"] == []
    assert response.json["facets"]["lang"] and all("<mark>" in h["html"] for h in response.json["hits"])


def test_slow_facets_are_left_out_and_the_hits_kept(client, monkeypatch):
    slowed(monkeypatch, overview, "prepare")
    response, took = timed(client, "/api/search", q="migrants", facets="1")
    assert response.status_code == 200 and took < BUDGET + OVERRUN
    assert "facets" not in response.json and response.json["hits"]
    assert response.json["partial"] is True and response.json["messages"] == [overview.LEFT_OUT]


def test_slow_facets_on_the_page_leave_the_hits(client, monkeypatch):
    assert 'class="to-overview"' in client.get("/", query_string={"q": "migrants"}).text  # templates compiled
    slowed(monkeypatch, overview, "prepare")
    response, took = timed(client, "/", q="migrants")
    assert response.status_code == 200 and took < BUDGET + OVERRUN
    assert "counts by language, document, year and kind were left out" in response.text
    assert 'class="to-overview"' not in response.text


def test_slow_marking_leaves_the_later_hits_escaped(client, monkeypatch):
    slowed(monkeypatch, highlight_mod.Highlighter, "html")
    response, took = timed(client, "/api/search", q="migrants", limit="5")
    assert response.status_code == 200 and took < BUDGET + OVERRUN
    hits = response.json["hits"]
    assert "<mark>" in hits[0]["html"]  # marked before the deadline passed
    assert [h["html"] for h in hits[1:]] == [h["text"].replace("&", "&amp;").replace("<", "&lt;")
                                             .replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
                                             for h in hits[1:]]
    assert response.json["partial"] is True and "took longer than" in response.json["messages"][0]


def test_slow_reading_of_stored_paragraphs_gives_the_hits_read(client, monkeypatch):
    calls = slowed(monkeypatch, request, "stored_fields")
    response, took = timed(client, "/api/search", q="migrants", limit="10")
    assert response.status_code == 200 and took < BUDGET + OVERRUN
    assert len(response.json["hits"]) == 1 and response.json["total"] > 1 and len(calls) < 5
    assert response.json["partial"] is True


def test_slow_counterparts_leave_the_later_hits_without(pool_pair_index, monkeypatch):
    client = create_app({"INDEX_DIR": str(pool_pair_index), "RESULT_CACHE": 0, "SEARCH_BUDGET": BUDGET}).test_client()
    whole = client.get("/api/search", query_string={"q": "freedom", "limit": "5"}).json["hits"]
    assert all(h["aligned"] for h in whole) and len(whole) == 5
    slowed(monkeypatch, request, "with_links")  # just before the counterparts are read
    response, took = timed(client, "/api/search", q="freedom", limit="5")
    assert response.status_code == 200 and took < BUDGET + OVERRUN
    hits = response.json["hits"]
    assert [h["id"] for h in hits] == [h["id"] for h in whole]
    assert [bool(h["aligned"]) for h in hits] == [True, False, False, False, False]
    assert response.json["partial"] is True


def test_slow_ordering_gives_the_hits_in_the_order_of_their_scores(client, monkeypatch):
    slowed(monkeypatch, ranking, "query_words")
    response, took = timed(client, "/api/search", q="smuggling of migrants")
    assert response.status_code == 200 and took < BUDGET + OVERRUN
    scores = [h["score"] for h in response.json["hits"]]
    assert scores == sorted(scores, reverse=True) and response.json["partial"] is True


def test_no_correction_is_looked_for_past_the_deadline(client, monkeypatch):
    assert client.get("/api/search", query_string={"q": "migrnts"}).json["did_you_mean"] == "migrants"
    slowed(monkeypatch, reading, "search")
    response, took = timed(client, "/api/search", q="migrnts")
    assert response.status_code == 200 and took < BUDGET + OVERRUN
    assert response.json["total"] == 0 and "did_you_mean" not in response.json and response.json["partial"] is True


def test_slow_translation_planning_is_503(client, monkeypatch):
    from indexer.search import across

    slowed(monkeypatch, across.QueryTranslator, "rewrite")
    response, took = timed(client, "/api/search", q="migrants", translate="1")
    assert took < BUDGET + OVERRUN
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "while planning the search across languages" in response.json["error"]


@pytest.mark.parametrize("waited, status", [(0.0, 200), (BUDGET + 0.1, 503)])
def test_the_time_waiting_for_a_thread_counts(client, waited, status):
    response = client.get("/api/search", query_string={"q": "migrants"},
                          environ_base={arrival.ARRIVED: time.monotonic() - waited})
    assert response.status_code == status
    if status == 503:
        assert int(response.headers["Retry-After"]) > 0
        assert response.json["error"].startswith("the server is busy: this request waited longer than 1 s")


def test_an_export_that_waited_its_budget_is_503(pool_pair_index):
    client = create_app({"INDEX_DIR": str(pool_pair_index), "EXPORT_BUDGET": BUDGET}).test_client()
    response = client.get("/export.csv", query_string={"q": "freedom"},
                          environ_base={arrival.ARRIVED: time.monotonic() - BUDGET - 0.1})
    assert response.status_code == 503 and "took longer than 1 s (while exporting)" in response.text
    fresh = client.get("/export.csv", query_string={"q": "freedom"})
    assert fresh.status_code == 200 and fresh.text.count("\n") > 1


def test_a_request_queued_behind_a_slow_one_past_its_budget_is_503(seed_index, monkeypatch):
    """Served by waitress with one thread: the second request waits for the first, and its budget counts it."""
    import http.client
    import threading

    import waitress

    app = create_app({"INDEX_DIR": str(seed_index), "RESULT_CACHE": 0, "SEARCH_BUDGET": BUDGET})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=1)
    assert arrival.stamp(server)
    def serve():
        try:
            server.run()
        except OSError:  # its socket closed under it by the test's end: the server stops
            pass

    serving = threading.Thread(target=serve, daemon=True)
    serving.start()
    slowed(monkeypatch, request, "stored_fields")  # the first request holds the only thread past the budget
    answers: dict[str, tuple] = {}

    def ask(name: str, q: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=30)
        started = time.monotonic()
        conn.request("GET", f"/api/search?q={q}")
        response = conn.getresponse()
        answers[name] = (response.status, response.read().decode(), time.monotonic() - started)
        conn.close()

    try:
        first = threading.Thread(target=ask, args=("first", "migrants"))
        first.start()
        time.sleep(0.1)
        ask("second", "smuggling")
        first.join(timeout=30)
    finally:
        waited_from = time.monotonic()  # the clients have closed: let the server close its side (bounded)
        while server.active_channels and time.monotonic() - waited_from < 5:
            time.sleep(0.05)
        server.task_dispatcher.shutdown(timeout=1)
        for channel in list(server.active_channels.values()):
            channel.close()
        server.close()
        serving.join(timeout=5)
    assert answers["first"][0] == 200 and '"partial":true' in answers["first"][1]
    status, body, took = answers["second"]
    assert status == 503 and "this request waited longer than 1 s for its turn" in body
    assert took < BUDGET + OVERRUN


def test_a_search_waits_its_turn_within_its_budget(seed_index):
    """With one search at a time per process (as each of several workers has), the next waits, within its budget."""
    from search_app import limits

    app = create_app({"INDEX_DIR": str(seed_index), "RESULT_CACHE": 0, "SEARCH_BUDGET": BUDGET,
                      "SEARCHES_AT_ONCE": 1})
    client = app.test_client()
    with app.app_context(), budget_of(None), limits.searching():  # a search holds the turn
        response, took = timed(client, "/api/search", q="migrants")
    assert response.status_code == 503 and BUDGET <= took < BUDGET + OVERRUN
    assert response.json["error"].startswith("the server is busy: this request waited longer than 1 s")
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/api/search", query_string={"q": "migrants"}).status_code == 200  # the turn is free again


# --- the document view: shown whole within the budget, or 503 -------------------------------------------------

DOCUMENT = "CTOC/COP/2012/15"


@pytest.mark.parametrize("path, read", [("/api/doc/", lambda r: r.json["error"]), ("/doc/", lambda r: r.text)])
def test_a_slow_document_view_is_503(client, monkeypatch, path, read):
    whole = client.get(path + DOCUMENT)
    assert whole.status_code == 200
    slowed(monkeypatch, reading, "with_links")  # after the document's paragraphs are read, before they are paired
    response, took = timed(client, path + DOCUMENT)
    assert took < BUDGET + OVERRUN
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "could not read the document within 1 s (reading the document): try again" in read(response)


def test_a_document_view_that_waited_its_budget_is_503(client):
    response = client.get("/api/doc/" + DOCUMENT, environ_base={arrival.ARRIVED: time.monotonic() - BUDGET - 0.1})
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert response.json["error"].startswith("the server is busy: this request waited longer than 1 s")
    assert client.get("/api/doc/" + DOCUMENT).json["symbol"] == DOCUMENT
