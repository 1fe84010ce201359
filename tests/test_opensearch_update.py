"""``update --opensearch``: what changed goes into a new generation on the cluster, and the alias moves atomically.

The invariant, as for an index on disk (``tests/test_update.py``): after an
update, the cluster holds what a full build of the same files gives, here
compared with a full build on Whoosh (every paragraph as readers see it, links
both ways, and the figures).  Searches running during an update see the old
generation or the new one, never a mix.
"""

from __future__ import annotations

import queue
import shutil
import threading

import pytest
from click.testing import CliRunner

from indexer.build.on_opensearch import build, update
from indexer.build.on_opensearch import watch as watch_cluster
from indexer.cli import cli
from indexer.engine.opensearch import connection, writing
from indexer.engine.opensearch.searching import Searcher
from search_app import create_app
from tests.conftest import SEED_001, SEED_002, SEED_004
from tests.indexes import full_build, link_into

pytestmark = pytest.mark.opensearch

NAME = "update-test"
WAIT = 120  # seconds an update on a loaded machine may take (a passing run takes far less)
# What readers see of a paragraph (the cluster keeps its terms apart, and the ids of its counterparts as a list).
SEEN = ("id", "doc_id", "lang", "doc_lang", "position", "kind", "text", "number", "section", "symbol", "title",
        "date", "year", "group", "aligned", "align_conf", "source", "fmt")
FIGURES = ("documents", "paragraphs", "by_lang", "by_lang_other", "documents_by_lang")


@pytest.fixture()
def name(cluster_url):
    """A fresh alias on the cluster, its generations dropped afterwards."""
    client = connection.connect(cluster_url)
    client.indices.delete(index=f"{NAME}-*", ignore_unavailable=True)
    yield NAME
    client.indices.delete(index=f"{NAME}-*", ignore_unavailable=True)


@pytest.fixture()
def folder(tmp_path):
    return tmp_path / "in"


def on_cluster(url: str, name: str) -> tuple[dict, dict]:
    """What a reader of the alias ``name`` sees: every paragraph's fields (links both ways) by id, and the figures."""
    searcher = Searcher(url, name)
    stored = [hit["_source"] for hit in searcher.run({"query": {"match_all": {}}, "size": 10_000})["hits"]["hits"]]
    paragraphs = {f["id"]: {k: f.get(k) for k in SEEN} for f in searcher.with_links(stored)}
    figures = searcher.stats()
    return paragraphs, {k: figures[k] for k in FIGURES}


def on_disk(sources, index_dir) -> tuple[dict, dict]:
    """The same of a full build of ``sources`` on Whoosh."""
    paragraphs, figures = full_build(sources, index_dir)
    return {pid: {k: f.get(k) for k in SEEN} for pid, f in paragraphs.items()}, {k: figures[k] for k in FIGURES}


def copy_seed(seed, folder):
    folder.mkdir(parents=True, exist_ok=True)
    return shutil.copyfile(seed, folder / seed.name)


@pytest.mark.parametrize("en_name, ru_name, how", [
    ("udhr/udhr_eng.xml", "udhr/udhr_rus.xml", "symbol"),
    ("un-charter/raw_un_charter_en.txt", "un-charter/raw_un_charter_ru.txt", "content"),
], ids=["udhr", "charter"])
def test_a_russian_version_arriving_later_is_aligned_on_the_cluster(cluster_url, name, pool, tmp_path, folder,
                                                                     en_name, ru_name, how):
    link_into(folder / "en", pool / en_name)
    copy_seed(SEED_004, folder)
    assert build([folder], name, url=cluster_url, follow_links=True).generation == 1
    link_into(folder / "ru", pool / ru_name)

    summary = update([folder], name, url=cluster_url)

    assert (summary.generation, summary.changed, summary.added, summary.updated, summary.removed,
            summary.failures) == (2, 1, 1, 0, 0, ())
    assert [link.how for link in summary.links] == [how]
    assert on_cluster(cluster_url, name) == on_disk([folder], tmp_path / "full")


def test_edited_and_removed_files_and_a_second_update(cluster_url, name, tmp_path, folder):
    copy_seed(SEED_001, folder)
    edited = copy_seed(SEED_004, folder)
    build([folder], name, url=cluster_url)
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nA paragraph added to the report afterwards.\n",
                      encoding="utf-8")
    (folder / SEED_001.name).unlink()

    summary = update([folder], name, url=cluster_url)

    assert (summary.generation, summary.changed, summary.added, summary.updated, summary.removed) == (2, 2, 0, 1, 1)
    assert on_cluster(cluster_url, name) == on_disk([folder], tmp_path / "full")
    again = update([], name, url=cluster_url)  # the sources it was built from
    assert (again.generation, again.changed) == (2, 0)
    client = connection.connect(cluster_url)
    assert writing.generations(client, name) == [1, 2]
    assert client.indices.get_settings(index=f"{name}-000001")[f"{name}-000001"]["settings"]["index"]["blocks"] == {
        "write": "true"}  # the generation the update was cloned from never changes


def test_searches_during_an_update_see_one_generation(cluster_url, name, folder):
    copy_seed(SEED_002, folder)
    build([folder], name, url=cluster_url)
    client = create_app({"TESTING": True, "OPENSEARCH": cluster_url, "INDEX_DIR": name}).test_client()

    def seen() -> tuple[int, int]:
        found = client.get("/api/search", query_string={"q": "Conference", "limit": 1}).get_json()
        figures = client.get("/api/stats").get_json()
        return found["total"], figures["paragraphs"]

    old = seen()
    answers, errors, done = [], [], threading.Event()

    def keep_searching():
        while not done.is_set():
            try:
                answers.append(seen())
            except Exception as error:  # every failure is collected and shown by the assertion below
                errors.append(repr(error))

    watcher = threading.Thread(target=keep_searching)
    watcher.start()
    try:
        copy_seed(SEED_004, folder)
        summary = update([folder], name, url=cluster_url)
    finally:
        done.set()
        watcher.join()
    searcher = Searcher(cluster_url, name)
    new = (on_cluster_total(searcher), searcher.stats()["paragraphs"])
    assert (errors, summary.generation, old != new) == ([], 2, True)
    assert answers and set(answers) <= {old, new}


def on_cluster_total(searcher: Searcher) -> int:
    from indexer.search.on_opensearch import search
    from indexer.search.request import SearchRequest

    return search(searcher, SearchRequest(query="Conference"))["total"]


def test_an_update_without_an_index_builds_one_and_one_without_a_manifest_says_so(cluster_url, name, folder):
    copy_seed(SEED_004, folder)
    assert update([folder], name, url=cluster_url).generation == 1
    client = connection.connect(cluster_url)
    writing.publish(client, name, [], data={})  # a generation that keeps no list of its sources
    for watching in ([], ["--watch"]):
        result = CliRunner().invoke(cli, ["update", str(folder), *watching, "--opensearch", cluster_url, "--index", name])
        assert (result.exit_code, result.output.strip()) == (2, (
            f"Error: the index '{name}' on OpenSearch keeps no list of its sources (built before updates were "
            f"possible): build it again with `python -m indexer build SOURCES --opensearch URL --index {name}`"))


def test_update_watch_keeps_the_cluster_up_to_date(cluster_url, name, folder, tmp_path):
    copy_seed(SEED_004, folder)
    build([folder], name, url=cluster_url)
    reports: queue.Queue = queue.Queue()
    stop, started = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch_cluster, args=([], name), kwargs={
        "url": cluster_url, "options": {}, "debounce": 0.3, "on_update": lambda summary, paths: reports.put(summary),
        "stop": stop, "started": started})
    watcher.start()
    try:
        assert started.wait(WAIT)
        first = reports.get(timeout=WAIT)  # the update at the start, of the sources the index was built from
        shutil.copyfile(SEED_001, folder / "b.txt")
        added = reports.get(timeout=WAIT)
        (folder / "b.txt").unlink()
        removed = reports.get(timeout=WAIT)
    finally:
        stop.set()
        watcher.join(WAIT)
    assert not watcher.is_alive()
    assert [(s.added, s.removed, s.generation) for s in (first, added, removed)] == [(0, 0, 1), (1, 0, 2), (0, 1, 3)]
    assert on_cluster(cluster_url, name) == on_disk([folder], tmp_path / "full")


def test_update_watch_of_a_cluster_out_of_reach_is_one_line(folder):
    copy_seed(SEED_004, folder)
    result = CliRunner().invoke(cli, ["update", str(folder), "--watch", "--opensearch",
                                      "https://admin:s3cret@127.0.0.1:1", "--index", "x"])
    assert (result.exit_code, result.output.strip()) == (2, "Error: OpenSearch at https://***@127.0.0.1:1: cannot "
                                                            "connect (is the cluster running, and is the host and "
                                                            "port right?)")
