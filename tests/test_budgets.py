"""Time budgets: slow searches give what they found by the deadline, or 503; match-all is cheap; exports stream."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.engine import fastsearch
from indexer.search import budget
from search_app import create_app
from search_app.__main__ import SWITCH_INTERVAL

TINY = 1e-6  # a budget every search overruns at its first check
WORDS = ",".join(["migrants", "smuggling", "firearms", "states", "parties", "conference"] * 40)[:999].rstrip(",")


@pytest.fixture()
def app(seed_index):
    return create_app({"INDEX_DIR": str(seed_index), "RESULT_CACHE": 0, "SEARCH_BUDGET": TINY})


@pytest.mark.parametrize("query", ["*ti*", " ".join(["mig~2"] * 32), "st* OR mi* OR co* OR pa*"])
def test_a_slow_search_gives_the_results_found_so_far(app, query):
    started = time.monotonic()
    response = app.test_client().get("/api/search", query_string={"q": query})
    assert time.monotonic() - started < TINY + 1
    assert response.status_code == 200, response.json
    assert response.json["partial"] is True and response.json["hits"]
    assert "took longer than" in response.json["messages"][0]


def test_nothing_found_in_time_is_503_with_retry_after(app):
    response = app.test_client().get("/api/search", query_string={"q": WORDS, "translate": "1"})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0 and "took longer than" in response.json["error"]


def test_within_the_budget_nothing_is_partial(seed_index):
    client = create_app({"INDEX_DIR": str(seed_index), "RESULT_CACHE": 0}).test_client()
    result = client.get("/api/search", query_string={"q": "migrants"}).json
    assert result["partial"] is False and result["messages"] == []


def test_match_all_is_counted_without_scoring_every_term(seed_searcher):
    from whoosh import query as Q

    q = Q.Or([Q.Every("text_en"), Q.Every("text_ru")])
    whoosh_total = len(seed_searcher.search(q, limit=None, optimize=False))
    found = fastsearch.evaluate(seed_searcher, q)
    assert found is not None and len(found) == whoosh_total > 0
    assert found.top(3) == [(n, 1.0) for n in sorted(found.ids.tolist())[:3]]


def test_a_pattern_expands_to_a_bounded_number_of_words(seed_searcher, monkeypatch):
    from whoosh import query as Q

    monkeypatch.setattr(fastsearch, "MAX_EXPANSION", 3)
    with budget.within(None) as deadline:
        fastsearch.evaluate(seed_searcher, Q.Wildcard("text_en", "*"))
    assert deadline.partial and "only the first 3" in deadline.messages[0]


def test_a_second_concurrent_export_is_refused(seed_index, monkeypatch):
    from search_app import limits

    monkeypatch.setattr(limits, "EXPORT_WAIT", 0.1)
    app = create_app({"INDEX_DIR": str(seed_index)})
    first = app.test_client().get("/export.csv", query_string={"q": "migrants"}, buffered=False)
    try:
        assert first.status_code == 200
        second = app.test_client().get("/export.csv", query_string={"q": "migrants"})
        assert second.status_code == 503 and int(second.headers["Retry-After"]) > 0
    finally:
        first.close()
    assert app.test_client().get("/export.csv", query_string={"q": "migrants"}).status_code == 200


def test_a_streamed_export_sends_its_first_bytes_before_the_end(seed_index):
    app = create_app({"INDEX_DIR": str(seed_index)})
    response = app.test_client().get("/export.tmx", query_string={"q": "migrants OR мигрантов"}, buffered=False)
    chunks = iter(response.response)
    assert next(chunks).startswith(b"<?xml")
    assert b"".join(chunks).rstrip().endswith(b"</tmx>")
    response.close()


@pytest.fixture()
def served_switch_interval():
    """Threads take turns as often as in the server (``python -m search_app``)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    yield
    sys.setswitchinterval(before)


@pytest.mark.usefixtures("served_switch_interval")
def test_stats_answer_while_an_export_runs(seed_index):
    app = create_app({"INDEX_DIR": str(seed_index)})
    done = threading.Event()

    def exporting():
        while not done.is_set():
            app.test_client().get("/export.tmx", query_string={"q": "migrants"})

    worker = threading.Thread(target=exporting)
    worker.start()
    try:
        started = time.monotonic()
        assert app.test_client().get("/api/stats").status_code == 200
        assert app.test_client().get("/api/search", query_string={"q": "firearms"}).status_code == 200
        assert time.monotonic() - started < 5
    finally:
        done.set()
        worker.join()


def test_the_app_loads_every_module_with_a_cache_when_it_is_made(seed_index):
    """The caches' report imports nothing while a request waits (an import under a busy export took seconds)."""
    code = ("import sys; from search_app import create_app; from indexer.caches import catalog; "
            f"create_app({{'INDEX_DIR': {str(seed_index)!r}}}); "
            "print([name for name in catalog.MODULES if name not in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_an_export_past_its_budget_is_503_when_nothing_was_written(seed_index):
    app = create_app({"INDEX_DIR": str(seed_index), "EXPORT_BUDGET": TINY})
    response = app.test_client().get("/export.csv", query_string={"q": "migrants"})
    assert response.status_code == 503 and "Retry-After" in response.headers


@pytest.mark.parametrize("command, expected", [
    (["search", "*ti*", "--budget", str(TINY), "--json"], '"partial": true'),
    (["search", "migrants", "--budget", "5", "--json"], '"total"'),
    (["export", "migrants", "--budget", "5", "--format", "csv"], "symbol,number"),
])
def test_cli_budget(seed_index, command, expected):
    result = CliRunner().invoke(cli, [*command, "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    assert expected in result.output


@pytest.mark.parametrize("pattern, matches_any", [("*zzqx*", False), ("*ti*", True), ("m?gr*t", True)])
def test_a_wildcard_scanning_the_lexicon_stops_at_the_deadline(seed_searcher, monkeypatch, pattern, matches_any):
    from whoosh import query as Q

    q = Q.Wildcard("text_en", pattern)
    expected = sorted(text for _, text in q.expanded_terms(seed_searcher.reader()))
    assert bool(expected) is matches_any
    with budget.within(None) as deadline:
        assert sorted(text for _, text in fastsearch._expanded_terms(q, seed_searcher.reader())) == expected
    assert not deadline.partial
    monkeypatch.setattr(fastsearch, "SCAN_CHECK", 1)
    with budget.within(TINY) as deadline:
        found = fastsearch.evaluate(seed_searcher, q)
    assert deadline.cut and len(found) == 0  # stopped scanning before a word was read, even with none matching
