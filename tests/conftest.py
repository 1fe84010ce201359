"""Shared fixtures: the seeds, the corpus pool, and indexes built from them (built once per session)."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest

from indexer.lexicon import dictionary
from indexer.build.pipeline import build
from indexer.ingest.formats import untext
from indexer.storage.generations import open_index
from tests.opensearch.fixtures import opensearch_cluster, opensearch_nodes  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
POOL = ROOT.parent / "shared" / "corpus-pool"

SEED_001 = CORPUS / "001_a4c9014b07e334a9.txt"
SEED_002 = CORPUS / "002_7397ce4e340b0efd.txt"
SEED_003 = CORPUS / "003_3ab3fca3f0fa6499.txt"
SEED_004 = CORPUS / "004_5055f8fc54f410dc.txt"
SEEDS = (SEED_001, SEED_002, SEED_003, SEED_004)

# Indexes built by the tests use no general dictionary unless a test asks for one (:func:`with_dictionary`),
# so that their lexicons are the same wherever the tests run.
os.environ[dictionary.DICTIONARY_ENV] = ""


def installed_dictionary() -> Path | None:
    """Return the general dictionary ``make install`` fetched (or Debian's), or None."""
    with mock.patch.dict(os.environ):
        os.environ.pop(dictionary.DICTIONARY_ENV)
        return dictionary.locate()


def with_dictionary(path):
    """Return a context in which builds use the general dictionary at ``path`` (``""``: none)."""
    return mock.patch.dict(os.environ, {dictionary.DICTIONARY_ENV: str(path)})


@pytest.fixture(scope="session")
def search_engine():
    """The process's search engine, created (with its speed-ups) before the tests that check them run."""
    from indexer.engine import engine

    return engine()


@pytest.fixture(scope="session")
def cluster_url(request) -> str:
    """The URL of an OpenSearch cluster: ``$UN_SEARCH_TEST_OPENSEARCH`` (one already running), else the test
    cluster (started once per run)."""
    return os.environ.get("UN_SEARCH_TEST_OPENSEARCH") or request.getfixturevalue("opensearch_cluster")


PARITY_INDEX = "parity"  # the alias of the sources both engines index, on the cluster
PARITY_POOL_PARTS = ("un-charter", "udhr", "sdg-goals-targets-indicators")


@pytest.fixture(scope="session")
def parity_sources(pool) -> list[Path]:
    """The sources built into both engines to compare them: the seeds, the Charter, the UDHR, the SDG."""
    return [CORPUS, *(pool / part for part in PARITY_POOL_PARTS)]


@pytest.fixture(scope="session")
def parity_cluster(cluster_url, parity_sources):
    """A searcher of the parity sources built into the cluster (the generations of earlier runs dropped)."""
    # deferred: the OpenSearch client is loaded only by the tests that use a cluster
    from indexer.build.on_opensearch import build as build_on_cluster
    from indexer.engine.opensearch import connection
    from indexer.engine.opensearch.searching import Searcher

    client = connection.connect(cluster_url)
    client.indices.delete(index=f"{PARITY_INDEX}-*", ignore_unavailable=True)
    assert build_on_cluster(parity_sources, PARITY_INDEX, url=cluster_url).ok
    yield Searcher(cluster_url, PARITY_INDEX)
    client.indices.delete(index=f"{PARITY_INDEX}-*", ignore_unavailable=True)


@pytest.fixture(scope="session")
def parity_whoosh_index(tmp_path_factory, parity_sources) -> Path:
    """The folder of the parity sources built into Whoosh."""
    index_dir = tmp_path_factory.mktemp("parity")
    assert build(parity_sources, index_dir).ok
    return index_dir


@pytest.fixture(scope="session")
def parity_whoosh(parity_whoosh_index):
    """A searcher of the parity sources built into Whoosh."""
    ix = open_index(parity_whoosh_index)
    with ix.searcher() as searcher:
        yield searcher
    ix.close()


def searching_across(index_dir):
    """Yield a searcher of the index in ``index_dir`` and its generation's data for searching across languages."""
    from indexer.storage import crosslang

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        yield searcher, crosslang.for_index(ix)
    ix.close()


@pytest.fixture(scope="session")
def parity_whoosh_across(parity_whoosh_index):
    """A searcher of the parity sources on Whoosh and their generation's data for searching across languages."""
    yield from searching_across(parity_whoosh_index)


@pytest.fixture(scope="session")
def mueller() -> Path:
    """The general dictionary's ``.index`` file (the tests that need it skip without it)."""
    found = installed_dictionary()
    if found is None:
        pytest.skip(f"no general dictionary: `make install` fetches Debian's mueller7-dict into "
                    f"{dictionary.INSTALLED.parent} (it needs apt-get)")
    return found


@pytest.fixture(scope="session")
def mueller_pairs(mueller):
    """The general dictionary, analyzed (from its cache after the first time)."""
    with with_dictionary(mueller):
        return dictionary.configured()


@pytest.fixture(scope="session")
def pool() -> Path:
    """The shared corpus pool (real UN texts), read in place."""
    if not POOL.is_dir():
        pytest.skip(f"corpus pool not found at {POOL}")
    return POOL


@pytest.fixture(scope="session")
def seed_docs() -> dict:
    """The four seeds parsed, keyed by their file-name prefix ("001" …)."""
    return {path.name[:3]: untext.parse(path)[0] for path in SEEDS}


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the seeds (built once per test session)."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    summary = build([CORPUS], index_dir)
    assert summary.ok, summary.failures
    return index_dir


@pytest.fixture(scope="session")
def pool_pair_index(tmp_path_factory, pool) -> Path:
    """An index of the Charter and the UDHR, English and Russian, linked and aligned (built once per session)."""
    index_dir = tmp_path_factory.mktemp("charter-udhr")
    summary = build([pool / "un-charter", pool / "udhr"], index_dir)
    assert summary.ok and summary.aligned_groups == 2, summary
    return index_dir


@pytest.fixture(scope="session")
def seed_index_with_dictionary(tmp_path_factory, mueller) -> Path:
    """An index of the seeds whose lexicon has the general dictionary's pairs (built once per session)."""
    index_dir = tmp_path_factory.mktemp("seed-index-dictionary")
    with with_dictionary(mueller):
        summary = build([CORPUS], index_dir)
    assert summary.ok, summary.failures
    return index_dir


@pytest.fixture()
def seed_searcher(seed_index):
    """An open searcher on the seed index, closed after the test."""
    ix = open_index(seed_index)
    with ix.searcher() as searcher:
        yield searcher
    ix.close()


# Seed 002 made into the files UN documents come as: (file name, maker module and function, importer module).
# The PDF's name carries no symbol (its running header does); the Word file's does.
MADE_FROM_002 = {
    "pdf": ("report-002.pdf", "tests.pdf_maker.pdf_from_document", "pdf"),
    "docx": ("CTOC_COP_2012_15-EN.docx", "tests.docx_maker.docx_from_document", "word"),
}


@pytest.fixture(scope="session")
def seed_002_as(tmp_path_factory, seed_docs):
    """Return a function giving seed 002 as a PDF or Word file, made and parsed once: ``(path, made, document)``."""
    import importlib

    done = {}

    def made(kind: str):
        if kind not in done:
            name, maker, importer = MADE_FROM_002[kind]
            path = tmp_path_factory.mktemp(kind) / name
            module, function = maker.rsplit(".", 1)
            report = getattr(importlib.import_module(module), function)(seed_docs["002"], path)
            [doc] = importlib.import_module(f"indexer.ingest.formats.{importer}").parse(path)
            done[kind] = (path, report, doc)
        return done[kind]

    return made


@pytest.fixture(scope="session")
def charter_udhr_dictionary(tmp_path_factory, pool, mueller):
    """An index of the Charter and the UDHR whose lexicon is weighed against the general dictionary."""
    index_dir = tmp_path_factory.mktemp("charter-udhr-dictionary")
    with with_dictionary(mueller):
        summary = build([pool / "un-charter", pool / "udhr"], index_dir)
    assert summary.ok, summary.failures
    return index_dir


@pytest.fixture(scope="session")
def parallel_index(tmp_path_factory, pool) -> Path:
    """An index of the UNPC dev set, the Charter and the UDHR, read in place (built once per session).

    Its lexicon is learned from their aligned paragraphs.
    """
    index_dir = tmp_path_factory.mktemp("parallel-index")
    sources = [pool / "unpc-v1.0-testsets" / "devset" / "UNv1.0.devset.ids", pool / "un-charter", pool / "udhr"]
    summary = build(sources, index_dir)
    assert summary.ok, summary.failures
    return index_dir


@pytest.fixture(scope="session")
def relevance_index(tmp_path_factory, pool) -> Path:
    """The seeds, the Charter and the UDHR in one index, as ``bench/relevance.py`` builds it (once per session)."""
    index_dir = tmp_path_factory.mktemp("relevance")
    summary = build([CORPUS, pool / "un-charter", pool / "udhr"], index_dir)
    assert summary.ok, summary.failures
    return index_dir


@pytest.fixture(autouse=True)
def _collector_given_back():
    """After each test, wait for the apps' warm-ups it started (a served app then freezes what the process holds:
    search_app.heap) and give every frozen object back to the collector: later tests count on collecting cycles."""
    yield
    import gc  # the collector is only touched when a test left something frozen
    import threading

    for thread in threading.enumerate():
        if thread.name.startswith("warm-gen-"):
            thread.join(30)
    if gc.get_freeze_count():
        gc.unfreeze()
