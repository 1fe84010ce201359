"""A build on the cluster in several processes: the words analyzed once, the lexicon learned while writing.

The parity sources (:func:`tests.conftest.parity_sources`) are built into the
cluster with ``procs=2`` beside the generation built in one process
(:func:`tests.conftest.parity_cluster`): the words are analyzed before the
processes fork, so every paragraph's token strings are those of one process;
the lexicon is learned from the records written, in a process of its own while
they are written, not read back from the cluster, and is the one Whoosh learns.
When that process cannot learn it, the build learns it from the cluster as
before.
"""

from __future__ import annotations

import json

import pytest

from indexer.build import cluster_lexicon, prelearn
from indexer.build.on_opensearch import build
from indexer.engine.opensearch import connection
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.schema import TEXT_FIELDS
from tests.conftest import CORPUS
from tests.test_opensearch_across import TERMS
from tests.test_opensearch_commands import run

IN_PROCESSES = "in-processes"
FALLBACK = "seeds-learned-after"
EARLY = "seeds-learned-while"
FIELDS = [*TEXT_FIELDS.values(), "exact"]


def not_read_back(*args, **kwargs):
    raise AssertionError("the lexicon was learned from the paragraphs read back from the cluster")


@pytest.fixture(scope="module")
def in_processes(cluster_url, parity_sources):
    """A searcher of the parity sources built into the cluster by two processes (the paragraphs never read back)."""
    client = connection.connect(cluster_url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cluster_lexicon, "lexicon_items", not_read_back)
        assert build(parity_sources, IN_PROCESSES, url=cluster_url, procs=2).ok
    yield Searcher(cluster_url, IN_PROCESSES)
    client.indices.delete(index=f"{IN_PROCESSES}-*", ignore_unavailable=True)


def lexicon_answers(cluster_url: str, alias: str) -> list[str]:
    answers = []
    for term in TERMS:
        code, out, err = run(["lexicon", term, "--json", "--opensearch", cluster_url, "--index", alias])
        assert code == 0, err
        answers.append(out)
    return answers


@pytest.mark.opensearch
def test_a_build_in_processes_learns_while_writing_the_lexicon_whoosh_learns(in_processes, parity_whoosh_index,
                                                                             cluster_url):
    whoosh = []
    for term in TERMS:
        code, out, err = run(["lexicon", term, "--json", "--index", str(parity_whoosh_index)])
        assert code == 0, err
        whoosh.append(out)
    assert lexicon_answers(cluster_url, IN_PROCESSES) == whoosh
    learned = [any(c["evidence"] == "corpus" for entry in json.loads(answer)["entries"] for c in entry["candidates"])
               for answer in whoosh]
    assert sum(learned) >= len(TERMS) // 2  # learned from the aligned pairs, not only given by the glossary


@pytest.mark.opensearch
def test_the_terms_written_by_processes_are_those_one_process_writes(in_processes, parity_cluster):
    def terms(searcher) -> dict[str, tuple]:
        return {source["id"]: tuple(stored.get(name) for name in FIELDS)
                for source, stored in searcher.each(["id"], FIELDS)}

    one, two = terms(parity_cluster), terms(in_processes)
    assert len(two) == len(one) > 3000 and two == one
    assert sum(any(fields) for fields in two.values()) > 3000


@pytest.mark.opensearch
def test_a_lexicon_not_learned_while_writing_is_learned_from_the_cluster(cluster_url, monkeypatch):
    """The learning process fails (it says so in the log): the build reads the paragraphs back and learns the same
    lexicon from them."""
    client = connection.connect(cluster_url)
    read_back = []
    items = cluster_lexicon.lexicon_items
    monkeypatch.setattr(cluster_lexicon, "lexicon_items", lambda *a, **k: read_back.append(1) or items(*a, **k))
    try:
        assert build([CORPUS], EARLY, url=cluster_url, procs=2).ok
        assert read_back == []

        def failing(*args, **kwargs):
            raise MemoryError("no room to learn")

        monkeypatch.setattr(prelearn, "learn", failing)  # in the forked learning process
        assert build([CORPUS], FALLBACK, url=cluster_url, procs=2).ok
        assert read_back == [1]
        early, fallback = lexicon_answers(cluster_url, EARLY), lexicon_answers(cluster_url, FALLBACK)
        assert early == fallback
        assert sum(any(entry["candidates"] for entry in json.loads(answer)["entries"]) for answer in early) >= 3
    finally:
        for alias in (EARLY, FALLBACK):
            client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)
