"""The web app on an OpenSearch cluster: served by ``python -m search_app --opensearch URL``, and what it says when
the cluster or its index is missing.  (The pages and the API themselves are the web tests', run on both engines.)"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner

from search_app import create_app, opensearch_setting
from search_app.__main__ import main as serve_main
from tests.test_web_data import web_cluster, web_docs  # noqa: F401 - web_cluster: a fixture

OUT_OF_REACH = "https://admin:s3cret@127.0.0.1:1"
SHOWN = "https://***@127.0.0.1:1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.opensearch
@pytest.mark.parametrize("workers, by_env", [(1, True), (2, False)])
def test_python_m_search_app_serves_the_cluster(cluster_url, web_cluster, workers, by_env):  # noqa: F811
    port = free_port()
    where = [] if by_env else ["--opensearch", cluster_url]
    env = {**os.environ, "UN_SEARCH_OPENSEARCH": cluster_url} if by_env else \
        {k: v for k, v in os.environ.items() if k != "UN_SEARCH_OPENSEARCH"}
    server = subprocess.Popen([sys.executable, "-m", "search_app", *where, "--index", web_cluster, "--port", str(port),
                               "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats") as answer:
                    figures = json.load(answer)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=smugglers&limit=1") as answer:
                    found = json.load(answer)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stdout.read().decode()
                time.sleep(0.2)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    docs = web_docs()
    assert (figures["generation"], figures["documents"], figures["paragraphs"]) == (
        1, len(docs), sum(len(d.paragraphs) for d in docs))
    assert found["total"] > 0 and found["hits"][0]["html"]
    assert server.returncode in (0, -signal.SIGTERM), output
    assert f"Searching {web_cluster} on {cluster_url} at http://127.0.0.1:{port}/" in output


@pytest.mark.parametrize("args, message", [
    (["--opensearch", OUT_OF_REACH], f"Error: OpenSearch at {SHOWN}: cannot connect (is the cluster running, "
                                     f"and is the host and port right?)"),
    (["--opensearch", "ftp://admin:s3cret@host"], "Error: not an OpenSearch URL: ftp://***@host "
                                                  "(use http://host:port or https://host:port)"),
])
def test_a_cluster_out_of_reach_is_one_line_without_credentials(args, message):
    result = CliRunner().invoke(serve_main, [*args, "--index", "web"])
    assert (result.exit_code, result.output.strip()) == (1, message)


@pytest.mark.opensearch
def test_no_index_of_that_name_on_the_cluster(cluster_url):
    result = CliRunner().invoke(serve_main, ["--opensearch", cluster_url, "--index", "no-such-index"])
    assert result.exit_code == 1 and "no index 'no-such-index' on OpenSearch: build it with `python -m indexer " \
                                      "build SOURCES --opensearch URL --index no-such-index`" in result.output
    client = create_app({"OPENSEARCH": cluster_url, "INDEX_DIR": "no-such-index"}).test_client()
    answer = client.get("/api/search?q=x")
    assert answer.status_code == 503 and "no index 'no-such-index' on OpenSearch" in answer.get_json()["error"]


@pytest.mark.parametrize("url", ["/?q=crime", "/api/search?q=crime", "/", "/doc/x", "/api/stats"])
def test_pages_say_the_cluster_is_out_of_reach(url):
    answer = create_app({"OPENSEARCH": OUT_OF_REACH, "INDEX_DIR": "web"}).test_client().get(url)
    body = answer.get_data(as_text=True)
    assert answer.status_code == 503 and f"OpenSearch at {SHOWN}: cannot connect" in body
    assert "s3cret" not in body and "admin" not in body


@pytest.mark.parametrize("config, env, expected", [
    ({"OPENSEARCH": "http://a:9200"}, "http://b:9200", "http://a:9200"),
    ({"OPENSEARCH": None}, "http://b:9200", None),
    ({}, "http://b:9200", "http://b:9200"),
    (None, "", None),
])
def test_the_cluster_is_chosen_in_one_place(monkeypatch, config, env, expected):
    monkeypatch.setenv("UN_SEARCH_OPENSEARCH", env)
    assert opensearch_setting(config) == expected
    assert create_app(config).config["OPENSEARCH"] == expected
