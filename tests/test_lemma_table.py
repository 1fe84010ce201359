"""The Russian lemmas kept with a generation: every form written, lemmatized as pymorphy3 does, loaded by the app."""

from __future__ import annotations

import pytest

from analyzers import russian
from analyzers.filters import is_cyrillic, is_plain_word
from indexer.storage import lemma_table
from indexer.storage import generations as store
from indexer.build.pipeline import build
from indexer.build.update import update
from indexer.engine.schema import build_schema
from search_app import create_app
from tests.conftest import CORPUS, SEED_001
from tests.indexes import file_hashes, link_into


def russian_forms(paragraphs) -> set[str]:
    """Return the lower-case Cyrillic word forms the Russian analyzer lemmatizes in ``paragraphs``."""
    analyzer = build_schema()["text_ru"].analyzer
    tokens = analyzer.items[0]
    memo = analyzer.items[1]
    before_lemmas = memo.filters[:-1]  # everything up to the lemma filter: what it is given
    out = set()
    for text in paragraphs:
        for token in tokens(text, mode="index"):
            stream = iter([token.copy()])
            for f in before_lemmas:
                stream = f(stream)
            out |= {t.text for t in stream if is_cyrillic(t.text) and is_plain_word(t.text)}
    return out


def table(index_dir) -> dict:
    return lemma_table.read(store.current_generation(index_dir).path)


def russian_texts(index_dir) -> list[str]:
    with store.searching(index_dir) as searcher:
        return [fields["text"] for fields in searcher.all_stored_fields() if fields["lang"] == "ru"]


@pytest.fixture(scope="module")
def built(tmp_path_factory, pool):
    """The seeds and the UDHR built in one process and in two (in this order: the second starts knowing the lemmas)."""
    root = tmp_path_factory.mktemp("lemma-tables")
    for procs in (1, 2):
        assert build([CORPUS, pool / "udhr"], root / str(procs), procs=procs).ok
    return {procs: (table(root / str(procs)), russian_texts(root / str(procs))) for procs in (1, 2)}


@pytest.mark.parametrize("procs", [1, 2])
def test_every_russian_form_written_is_kept_with_its_lemmas(built, procs):
    kept, texts = built[procs]
    forms = russian_forms(texts)
    assert len(forms) > 700
    assert forms <= {word for word, policy in kept if policy == "plausible"}
    russian._cache.clear()  # computed afresh: the same lemmas
    assert {key: russian.lemmas(*key) for key in kept} == kept
    assert kept[("мигрантов", "plausible")] == ("мигрант",)
    assert kept[("организованной", "plausible")] == ("организовать", "организованный")


def test_an_update_adds_the_new_forms_and_leaves_the_live_file_alone(tmp_path, pool):
    folder = tmp_path / "in"
    link_into(folder, SEED_001)  # the Russian seed
    index = tmp_path / "ix"
    russian._cache.clear()
    build([folder], index, follow_links=True)
    first = store.current_generation(index)
    before, hashes = table(index), file_hashes(first.path)
    russian._cache.clear()  # what the first build knew is in its file only
    link_into(folder / "udhr", pool / "udhr" / "udhr_rus.xml")
    update([folder], index)
    after = table(index)
    assert store.current_generation(index).number == first.number + 1
    assert file_hashes(first.path) == hashes  # the live generation's file (shared until then) is as it was
    assert before.items() <= after.items() and len(after) > len(before) > 100
    assert russian_forms(russian_texts(index)) <= {word for word, _ in after}


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"plausible\n", b""])
def test_a_lemma_file_that_cannot_be_used_is_ignored(tmp_path, content):
    (tmp_path / lemma_table.FILE).write_bytes(content)
    assert lemma_table.read(tmp_path) == {}
    assert lemma_table.read(tmp_path / "nowhere") == {}


def test_the_app_loads_the_lemmas_so_marking_needs_no_pymorphy(seed_index, monkeypatch):
    russian._cache.clear()

    def no_pymorphy(word, policy):
        raise AssertionError(f"pymorphy3 asked for {word!r}")

    monkeypatch.setattr(russian, "_compute_lemmas", no_pymorphy)
    client = create_app({"INDEX_DIR": str(seed_index)}).test_client()
    body = client.get("/api/search", query_string={"q": "мигрантов", "limit": "50"}).get_json()
    assert body["total"] > 0 and "<mark>мигрантов</mark>" in " ".join(h["html"] for h in body["hits"])
    assert len(russian._cache) >= len(table(seed_index)) > 100
