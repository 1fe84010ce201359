"""A build's words analyzed once before its processes fork: the index and lexicon of a build in one process."""

from __future__ import annotations

import pytest

from analyzers import memo
from analyzers.memo import MemoFilters, term_positions
from analyzers.russian import russian_analyzer
from indexer.build import warm
from indexer.build.pipeline import build, read_files
from indexer.build.records import text_field
from indexer.engine.schema import EXACT_FIELD, build_schema
from indexer.ingest.formats import discover
from indexer.storage import crosslang
from indexer.storage.generations import searching
from tests.conftest import CORPUS

OPTIONS = {"mode": "index", "positions": True}
LINES = {"A_70_1": 2032, "A_70_2": 1832}  # two real UNPC dev set lines, each a document in English and Russian


def seed_documents() -> list:
    return read_files(discover([CORPUS])).documents


def analyzed(schema, documents) -> list[dict]:
    """Return the terms and positions of every paragraph in its language's field and the exact field."""
    return [term_positions(schema[name].analyzer, p.text, OPTIONS)
            for doc in documents for p in doc.paragraphs for name in (text_field(p, doc), EXACT_FIELD)]


def test_warmed_chains_know_every_word_of_the_documents_and_analyze_them_as_before(monkeypatch):
    documents = seed_documents()
    cold = analyzed(build_schema(), documents)
    schema = build_schema()
    words = warm.words_by_field(documents, schema)
    assert set(words) == {"text_en", "text_ru", "exact"}
    assert {"Convention", "migrants"} <= set(words["text_en"]) and "мигрантов" in words["text_ru"]
    assert warm.warm(schema, documents) == sum(map(len, words.values())) > 5_000
    assert warm.warm(schema, documents) == 0  # nothing new the second time

    def analyzing(self, text, mode="index"):
        raise AssertionError(f"{text!r} analyzed again")

    monkeypatch.setattr(MemoFilters, "outputs", analyzing)
    assert analyzed(schema, documents) == cold


def test_the_words_found_by_several_processes_are_those_of_one_in_the_same_order(pool, monkeypatch):
    documents = read_files(discover([CORPUS, pool / "un-charter", pool / "udhr"])).documents
    monkeypatch.setattr(warm, "RUN_DOCUMENTS", 1)  # a run each: the words of each document after those before
    assert len(documents) >= 6
    schema = build_schema()
    one = warm.words_by_field(documents, schema)
    two = warm.words_by_field(documents, schema, procs=2)
    assert {name: list(words) for name, words in two.items()} == {name: list(words) for name, words in one.items()}
    assert len(one["text_ru"]) > 1_000


def test_an_equal_chain_takes_what_another_met_and_a_different_one_nothing():
    documents = seed_documents()
    source, schema = build_schema(), build_schema()
    met = warm.warm(source, documents)
    assert warm.share(source, schema) == met
    assert warm.share(source, source) == 0
    plausible, top = source["text_ru"].analyzer.items[1], russian_analyzer("top").items[1]
    assert top.adopt(plausible) == 0 and top.learn(["мигрантов"]) == 1


def test_a_chain_learns_nothing_it_could_not_keep(monkeypatch):
    chain = build_schema()["text_en"].analyzer.items[1]
    monkeypatch.setattr(memo, "CACHE_LIMIT", 3)
    assert chain.learn(["migrants", "States", "Convention"]) == 0
    assert chain.learn(["migrants", "States"]) == 2


def write_version(folder, symbol: str, lang: str, text: str) -> None:
    cover = ["Distr.: General", "1 May 2015", "", "English" if lang == "en" else "Russian", "Original: English", ""]
    (folder / f"{symbol}-{lang.upper()}.txt").write_text("\n".join([*cover, f"1. {text}", ""]), encoding="utf-8")


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory, pool):
    """Two documents, each in English and Russian, built in three processes: two write, a segment each."""
    devset = pool / "unpc-v1.0-testsets" / "devset"
    lines = {lang: (devset / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines() for lang in ("en", "ru")}
    root = tmp_path_factory.mktemp("two-segments")
    folder = root / "in"
    folder.mkdir()
    for symbol, line in LINES.items():
        for lang in ("en", "ru"):
            write_version(folder, symbol, lang, lines[lang][line - 1])
    assert build([folder], root / "ix", procs=3).ok
    return root / "ix"


def test_the_vocabulary_read_segment_by_segment_is_what_the_merged_terms_give(two_segments):
    with searching(two_segments) as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 2
        total = reader.doc_count()
        merged = {name: {t.decode("utf-8"): info.doc_frequency() / total for t, info in reader.iter_field(name)}
                  for name in ("text_en", "text_ru")}
        found = crosslang.vocabulary(reader)
    assert list(found["ru"].items()) == [(w, share) for w, share in merged["text_ru"].items() if w in found["ru"]]
    assert list(found["en"].items()) == [(w, share) for w, share in merged["text_en"].items() if w in found["en"]]
    assert found["ru"]["произойти"] == 0.5 and found["en"]["session"] == 0.25 and "11" not in found["en"]
