"""The real three-node OpenSearch cluster: formed and green, exact counts over the seeds, and a node's crash.

The counts are checked against counts made here in Python over the same paragraphs: the index analyzes
text with the whitespace tokenizer only, which splits the seeds (spaces and tabs, no other blanks) as
``str.split`` does.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

import pytest

from tests.conftest import SEEDS
from tests.opensearch.cluster import Cluster, ClusterError

pytestmark = pytest.mark.opensearch

INDEX = "seed-paragraphs"
PER_SEED = 200  # the first paragraphs of at least MIN_WORDS words of each seed
MIN_WORDS = 8
INDEX_BODY = {
    "settings": {
        "number_of_shards": 3,
        "number_of_replicas": 1,
        "analysis": {"analyzer": {"words": {"type": "custom", "tokenizer": "whitespace"}}},
    },
    "mappings": {
        "properties": {
            "text": {"type": "text", "analyzer": "words", "index_options": "positions"},
            "seed": {"type": "keyword"},
        },
    },
}

# (kind, words): a term is one token, a phrase consecutive tokens; English and Russian seeds alike.
SEARCHES = [
    ("term", "Convention"),
    ("term", "Конвенции"),
    ("term", "Secretariat"),
    ("phrase", "Organized Crime"),
    ("phrase", "the Conference of the Parties"),
    ("phrase", "против транснациональной организованной преступности"),
]
FAILOVER_PHRASE = "the Conference of the Parties"
SEARCHES_BEFORE_KILL = 10
SEARCH_SECONDS_AFTER_KILL = 10
REJOIN_TIMEOUT = 120


def seed_paragraphs() -> list[dict]:
    """The documents indexed: lines of the seeds with enough words, ``PER_SEED`` from each seed."""
    docs = []
    for path in SEEDS:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        kept = [line for line in lines if len(line.split()) >= MIN_WORDS][:PER_SEED]
        docs += [{"_id": f"{path.name[:3]}-{n}", "seed": path.name[:3], "text": text}
                 for n, text in enumerate(kept)]
    return docs


def count_in_python(docs: list[dict], words: str) -> int:
    """How many documents hold ``words`` as consecutive whitespace-separated tokens."""
    wanted = words.split()
    width = len(wanted)
    count = 0
    for doc in docs:
        tokens = doc["text"].split()
        count += any(tokens[i:i + width] == wanted for i in range(len(tokens) - width + 1))
    return count


def query(kind: str, words: str) -> dict:
    """The OpenSearch query for one row of :data:`SEARCHES`."""
    if kind == "term":
        return {"term": {"text": words}}
    return {"match_phrase": {"text": words}}


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return seed_paragraphs()


@pytest.fixture(scope="module")
def client(opensearch_nodes):
    """A client over the three nodes that retries a failed request on another node."""
    return opensearch_nodes.client(max_retries=3, retry_on_timeout=True, timeout=20)


@pytest.fixture(scope="module")
def paragraph_index(client, docs) -> str:
    """The seed paragraphs, bulk indexed in parallel into 3 primaries with 1 replica each."""
    from opensearchpy import helpers

    client.indices.create(index=INDEX, body=INDEX_BODY)
    actions = ({"_index": INDEX, **doc} for doc in docs)
    results = list(helpers.parallel_bulk(client, actions, thread_count=2, chunk_size=100))
    assert [ok for ok, _ in results] == [True] * len(docs)
    client.indices.refresh(index=INDEX)
    client.cluster.health(index=INDEX, wait_for_status="green", timeout="60s", request_timeout=70)
    yield INDEX
    client.indices.delete(index=INDEX)


def hits(client, body: dict) -> tuple[int, int, int]:
    """A search's exact number of hits, and its successful and failed shards."""
    found = client.search(index=INDEX, body={"query": body, "track_total_hits": True, "size": 0})
    return found["hits"]["total"]["value"], found["_shards"]["successful"], found["_shards"]["failed"]


def test_three_nodes_form_a_green_cluster(opensearch_cluster, client):
    health = client.cluster.health()
    nodes = client.cat.nodes(format="json", h="name,ip")
    assert (health["status"], health["number_of_nodes"]) == ("green", 3)
    assert sorted((node["name"], node["ip"]) for node in nodes) == [
        ("node-1", "127.0.0.1"), ("node-2", "127.0.0.1"), ("node-3", "127.0.0.1")]
    assert opensearch_cluster == "http://127.0.0.1:9211"


def test_busy_ports_stop_a_second_cluster_before_it_starts(opensearch_nodes, tmp_path):
    second = Cluster(tmp_path, http_base=opensearch_nodes.nodes[0].http_port,
                     transport_base=opensearch_nodes.nodes[0].transport_port)
    with pytest.raises(ClusterError, match="ports in use on 127.0.0.1: 9211, 9311, 9212"):
        second.start()
    assert second.pids() == {} and not list(tmp_path.iterdir())


def test_each_shard_has_two_copies_on_two_nodes(client, paragraph_index):
    shards = client.cat.shards(index=paragraph_index, format="json", h="shard,prirep,state,node")
    by_shard = {}
    for copy in shards:
        by_shard.setdefault(copy["shard"], []).append((copy["prirep"], copy["state"], copy["node"]))
    assert sorted(by_shard) == ["0", "1", "2"]
    for copies in by_shard.values():
        assert sorted(kind for kind, _, _ in copies) == ["p", "r"]
        assert {state for _, state, _ in copies} == {"STARTED"}
        assert len({node for _, _, node in copies}) == 2


def test_every_paragraph_is_indexed(client, paragraph_index, docs):
    assert len(docs) > 300
    assert client.count(index=paragraph_index)["count"] == len(docs)


@pytest.mark.parametrize("kind, words", SEARCHES)
def test_search_counts_are_exact(client, paragraph_index, docs, kind, words):
    expected = count_in_python(docs, words)
    assert expected > 0, f"{words!r} is not in the seeds: choose other words"
    assert hits(client, query(kind, words)) == (expected, 3, 0)


def test_searches_stay_complete_while_a_node_is_killed(opensearch_nodes, client, paragraph_index, docs):
    """The elected cluster manager's JVM dies (SIGKILL) in a stream of searches; none fails or loses hits."""
    expected = (count_in_python(docs, FAILOVER_PHRASE), 3, 0)
    body = query("phrase", FAILOVER_PHRASE)
    victim = client.cat.cluster_manager(format="json")[0]["node"]
    answers, failures = [], []

    def search() -> None:
        try:
            answers.append(hits(client, body))
        except Exception as error:  # every failure is collected and shown by the assertion below
            failures.append(repr(error))

    for _ in range(SEARCHES_BEFORE_KILL):
        search()
    opensearch_nodes.kill_node(victim)
    killed_at = time.monotonic()
    while time.monotonic() - killed_at < SEARCH_SECONDS_AFTER_KILL:
        search()
    after_kill = len(answers) - SEARCHES_BEFORE_KILL

    health = client.cluster.health(request_timeout=30)
    assert health["number_of_nodes"] == 2 and health["status"] in ("yellow", "green")
    assert client.cat.cluster_manager(format="json")[0]["node"] != victim
    assert failures == []
    assert after_kill > SEARCHES_BEFORE_KILL
    # The client did send searches to the dead node, and sent them again to another one.  (On a loaded
    # machine a live node may also miss a request's timeout during the election and be retried later.)
    dead = {connection.host for connection in client.transport.connection_pool.dead_count}
    assert f"http://127.0.0.1:{opensearch_nodes.spec(victim).http_port}" in dead
    assert set(answers) == {expected}

    opensearch_nodes.start_node(victim)
    back = opensearch_nodes.wait_for_green(REJOIN_TIMEOUT)
    assert (back["status"], back["number_of_nodes"], back["unassigned_shards"]) == ("green", 3, 0)
    assert hits(client, body) == expected


def test_a_node_started_before_its_jvm_shows_is_still_recorded(tmp_path, monkeypatch):
    """Each node's PID is kept, even one whose process has not become its JVM yet when the next starts (under
    load, ``stop`` otherwise left that node running)."""
    from tests.opensearch import launcher

    monkeypatch.setattr(launcher, "command", lambda settings, heap: [sys.executable, "-c", "import time; "
                                                                      "time.sleep(60)"])  # never a node's JVM
    cluster = Cluster(tmp_path, http_base=19_500, transport_base=19_600)
    started = {spec.name: cluster.start_node(spec.name) for spec in cluster.nodes}
    try:
        assert json.loads(cluster.pid_file.read_text()) == started and len(set(started.values())) == 3
    finally:
        for pid in started.values():
            os.kill(pid, signal.SIGKILL)
        for name in list(cluster._children):
            cluster._forget(name)
