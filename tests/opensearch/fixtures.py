"""Pytest fixtures of the real OpenSearch cluster: started once per test run, stopped however the run ends.

The test cluster has ports of its own (HTTP 9211-9213, transport 9311-9313), so that a cluster started with
``make opensearch`` (9201-9203) can keep running beside the tests. Tests that use it are marked
``opensearch``. Without Java or Maven they skip, saying what is missing, except on CI (``CI=true``), where
they fail instead.
"""

from __future__ import annotations

import atexit
import os

import pytest

from tests.opensearch import launcher
from tests.opensearch.cluster import Cluster

TEST_HTTP_BASE = 9211
TEST_TRANSPORT_BASE = 9311
SHARDS_ENV = "UN_SEARCH_OPENSEARCH_SHARDS"  # (indexer.engine.opensearch.writing.SHARDS_ENV)
TEST_SHARDS = "3"


def on_ci() -> bool:
    """Whether this run is CI's, where a test of the real cluster must run, never skip."""
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def missing() -> str | None:
    """Say what this machine lacks to run the cluster and talk to it (None when nothing)."""
    try:
        import opensearchpy  # noqa: F401
    except ImportError:
        return "opensearch-py is not installed: `pip install -e '.[test]'` (or `make install`)"
    return launcher.missing_tools()


@pytest.fixture(scope="session")
def opensearch_nodes(tmp_path_factory):
    """The running three-node cluster itself (:class:`Cluster`), for tests that kill and restart nodes."""
    lacking = missing()
    if lacking:
        if on_ci():
            pytest.fail(f"the OpenSearch tests must run on CI: {lacking}")
        pytest.skip(lacking)
    cluster = Cluster(tmp_path_factory.mktemp("opensearch"), http_base=TEST_HTTP_BASE,
                      transport_base=TEST_TRANSPORT_BASE, stop_with_parent=True)
    # The finalizer below stops it after the last test; atexit covers an interrupted run, and each node
    # also ends when this process does (its standard input is a pipe from here).
    atexit.register(cluster.stop)
    cluster.start()
    yield cluster
    cluster.stop()
    atexit.unregister(cluster.stop)


@pytest.fixture(scope="session")
def opensearch_cluster(opensearch_nodes) -> str:
    """The URL of a green three-node OpenSearch cluster (started once per test run); the generations the tests
    build there have :data:`TEST_SHARDS` primaries (routing and term statistics across shards tested)."""
    kept = os.environ.get(SHARDS_ENV)
    os.environ[SHARDS_ENV] = TEST_SHARDS
    yield opensearch_nodes.url
    if kept is None:
        os.environ.pop(SHARDS_ENV, None)
    else:
        os.environ[SHARDS_ENV] = kept
