"""Serving the web app: generations going live, the result cache, the index setting, the serve command."""

from __future__ import annotations

import gc
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from search_app import create_app, index_dir_setting
from search_app import results
from search_app.__main__ import SWITCH_INTERVAL, main as serve_main
from search_app.index import get_searcher
from tests.test_web_data import sample_docs, web_index, write_generation  # noqa: F401
from tests.test_web_app import api, runner  # noqa: F401 - runner: a fixture


# --- serving ---------------------------------------------------------------------------------------

def test_searchers_are_given_back_and_closed_when_a_new_generation_goes_live(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    app = create_app({"INDEX_DIR": str(tmp_path)})
    with app.app_context():
        first = get_searcher()
        assert get_searcher() is first and not first.is_closed
    with app.app_context():
        assert get_searcher() is first  # given back on teardown, taken again
        with app.app_context():
            assert get_searcher() is not first  # one request, one searcher
        write_generation(tmp_path, [english, russian])
        with app.app_context():
            newer = get_searcher()
            assert newer.doc_count() > first.doc_count()
    assert first.is_closed and not newer.is_closed  # the old generation's searcher closed when it came back


def test_a_new_generation_is_seen_without_restart(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    assert api(client, q="smugglers")[1]["total"] > 0
    assert api(client, q="мигрантов")[1]["total"] == 0
    assert client.get("/api/stats").get_json()["generation"] == 1
    write_generation(tmp_path, [english, russian])
    assert api(client, q="мигрантов")[1]["total"] > 0
    assert client.get("/api/stats").get_json()["generation"] == 2
    assert "generation 2" in client.get("/").get_data(as_text=True)


def test_current_is_read_again_only_when_it_changes(tmp_path, monkeypatch):
    from indexer.storage import generations as store

    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    reads = []
    monkeypatch.setattr(store, "current_generation", lambda d, read=store.current_generation: reads.append(d) or read(d))
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    for _ in range(3):
        assert api(client, q="smugglers")[1]["total"] > 0
    assert len(reads) == 1
    write_generation(tmp_path, [english, russian])  # CURRENT replaced
    assert api(client, q="мигрантов")[1]["total"] > 0 and len(reads) == 2
    (tmp_path / store.CURRENT).unlink()
    assert client.get("/api/search?q=smugglers").status_code == 503  # no index any more: said, not served stale


def test_a_repeated_search_is_answered_from_the_cache_of_its_generation(tmp_path):
    english, russian = sample_docs()
    write_generation(tmp_path, [english])
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    first, again = api(client, q="мигрантов")[1], api(client, q="мигрантов")[1]
    other_page = api(client, q="мигрантов", offset=1)[1]
    assert (first["cached"], again["cached"], other_page["cached"]) == (False, True, False)
    assert {k: v for k, v in again.items() if k not in ("cached", "took_ms")} == \
        {k: v for k, v in first.items() if k not in ("cached", "took_ms")}
    write_generation(tmp_path, [english, russian])  # a new generation: nothing of the old one is served
    newer = api(client, q="мигрантов")[1]
    assert newer["cached"] is False and newer["total"] > first["total"]
    assert "мигрантов" in client.get("/?q=мигрантов").get_data(as_text=True)


@pytest.mark.parametrize("size, searches, kept, cached", [
    (0, ["a", "a"], 0, [False, False]),           # off
    (2, ["a", "b", "a"], 2, [False, False, True]),
    (2, ["a", "b", "c", "a"], 2, [False, False, False, False]),  # "a" was dropped, the least recently used
    (2, ["a", "b", "a", "c", "a"], 2, [False, False, True, False, True]),  # "a" used again, so "b" went
])
def test_result_cache_keeps_the_most_recently_used(tmp_path, size, searches, kept, cached):
    english, _ = sample_docs()
    write_generation(tmp_path, [english])
    app = create_app({"INDEX_DIR": str(tmp_path), "RESULT_CACHE": size})
    client = app.test_client()
    words = {"a": "smugglers", "b": "migrants", "c": "protocol"}
    assert [api(client, q=words[s])[1]["cached"] for s in searches] == cached
    assert len(app.extensions[results.EXTENSION]) == kept


def test_no_index_says_how_to_build_one(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    page, answer = client.get("/?q=x"), client.get("/api/search?q=x")
    assert page.status_code == answer.status_code == 503
    assert "python -m indexer build" in page.get_data(as_text=True)
    assert "python -m indexer build" in answer.get_json()["error"]


@pytest.mark.parametrize("config, env, expected", [
    ({"INDEX_DIR": "/a"}, "/b", "/a"),
    ({}, "/b", "/b"),
    (None, "", "index"),
])
def test_index_dir_is_resolved_in_one_place(monkeypatch, config, env, expected):
    monkeypatch.setenv("UN_SEARCH_INDEX", env)
    assert index_dir_setting(config) == expected
    assert create_app(config).config["INDEX_DIR"] == expected


def test_serve_command(runner, tmp_path):
    shown = runner.invoke(serve_main, ["--help"])
    assert shown.exit_code == 0 and "--index" in shown.output and "127.0.0.1" in shown.output
    missing = runner.invoke(serve_main, ["--index", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "python -m indexer build" in missing.output
    bad_port = runner.invoke(serve_main, ["--port", "70000"])
    assert bad_port.exit_code == 2


@pytest.mark.parametrize("args, kept", [((), 256), (("--result-cache", "0"), 0), (("--result-cache", "3"), 3)])
def test_result_cache_option_sets_how_many_results_a_worker_keeps(runner, web_index, monkeypatch, args,  # noqa: F811
                                                                 kept):
    import waitress

    served = []
    class Server:
        def __init__(self, app, **where):
            served.append(app)

        def print_listen(self, line):
            pass

        def run(self):
            pass

    monkeypatch.setattr(waitress, "create_server", Server)
    before = sys.getswitchinterval()
    try:
        shown = runner.invoke(serve_main, ["--index", str(web_index), *args])
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL) != pytest.approx(before)
    finally:
        sys.setswitchinterval(before)
    assert shown.exit_code == 0, shown.output
    assert served[0].config["RESULT_CACHE"] == kept
    client = served[0].test_client()
    assert [client.get("/api/search?q=smugglers").get_json()["cached"] for _ in range(2)] == [False, kept > 0]


def test_what_a_worker_loaded_is_left_out_of_full_collections(runner, web_index, monkeypatch):  # noqa: F811
    """The objects a worker made before it serves are frozen: the cycle collector's full collections skip them."""
    import waitress

    frozen = []

    class Server:
        def __init__(self, app, **where):
            pass

        def print_listen(self, line):
            pass

        def run(self):
            frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(waitress, "create_server", Server)
    before = sys.getswitchinterval()
    try:
        shown = runner.invoke(serve_main, ["--index", str(web_index)])
    finally:
        sys.setswitchinterval(before)
    assert shown.exit_code == 0, shown.output
    assert frozen and frozen[0] > 10_000


@pytest.mark.parametrize("args, threads, at_once", [
    (("--workers", "1"), 4, None),  # one worker: 4 threads, searching at once
    (("--workers", "2"), 2, 1),  # several: one search at a time, a second thread for an export or a long search
    (("--workers", "2", "--threads", "3"), 3, None),  # threads asked for: as many searches at once
])
def test_workers_threads_and_searches_at_once(runner, web_index, monkeypatch, args, threads, at_once):  # noqa: F811
    import search_app.__main__ as serving

    served = []
    monkeypatch.setattr(serving, "_serve", lambda config, n, **where: served.append((config, n)))
    monkeypatch.setattr(serving, "_prefork", lambda config, n, *rest: served.append((config, n)))
    shown = runner.invoke(serve_main, ["--index", str(web_index), *args])
    assert shown.exit_code == 0, shown.output
    config, n = served[0]
    assert n == threads and config.get("SEARCHES_AT_ONCE") == at_once


def test_result_cache_option_refuses_a_negative_size(runner, web_index):  # noqa: F811
    refused = runner.invoke(serve_main, ["--index", str(web_index), "--result-cache", "-1"])
    assert refused.exit_code == 2 and "--result-cache" in refused.output


@pytest.mark.parametrize("workers", [1, 2])
def test_python_m_search_app_serves_on_loopback(web_index, workers):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(web_index), "--port", str(port),
                               "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=smugglers&limit=1") as answer:
                    assert answer.status == 200 and answer.headers["Server"] == "un-search"
                    assert json.load(answer)["total"] > 0
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stdout.read().decode()
                time.sleep(0.1)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert server.returncode in (0, -signal.SIGTERM), output
    assert f"http://127.0.0.1:{port}/" in output
