"""Incremental update: new, edited and removed files, late language versions, idempotence, shared files.

The invariant behind most tests: after an update, the index holds exactly what
a full build of the same files gives (every stored field of every paragraph,
and the figures).
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from indexer.storage import generations as store
from indexer.build.pipeline import build
from indexer.build.update import update
from indexer.cli import cli
from indexer.storage.manifest import read_manifest
from indexer.search.request import SearchRequest, search
from tests.conftest import SEED_001, SEED_004
from tests.docx_maker import docx_from_document
from tests.indexes import contents, file_hashes, full_build, generation_names, hit_ids, link_into, records
from tests.pdf_maker import pdf_from_document

LATE_VERSIONS = [
    # (English file, Russian file, how they are linked)
    ("udhr/udhr_eng.xml", "udhr/udhr_rus.xml", "symbol"),
    ("sdg-goals-targets-indicators/en/global_targets.yml", "sdg-goals-targets-indicators/ru/global_targets.yml",
     "symbol"),  # A/RES/70/1
    ("un-charter/raw_un_charter_en.txt", "un-charter/raw_un_charter_ru.txt", "content"),  # the Charter has no symbol
]


def copy_seed(seed, folder, name=None, meta=None):
    """Copy a seed into ``folder`` (seeds are the product's own files), with a metadata sidecar if given."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or seed.name)
    shutil.copyfile(seed, target)
    if meta is not None:
        (folder / f"{target.stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return target


@pytest.fixture()
def folder(tmp_path):
    return tmp_path / "in"


@pytest.mark.parametrize("en_name, ru_name, how", LATE_VERSIONS, ids=["udhr", "sdg", "charter"])
def test_a_russian_version_arriving_later_is_aligned_to_the_english_one(pool, tmp_path, folder, en_name, ru_name, how):
    [en] = link_into(folder / "en", pool / en_name)
    copy_seed(SEED_004, folder)
    index = tmp_path / "ix"
    build([folder], index, follow_links=True)
    ru_dir = folder / "ru"
    link_into(ru_dir, pool / ru_name)

    summary = update([folder], index)

    assert (summary.changed, summary.added, summary.updated, summary.removed, summary.failures) == (1, 1, 0, 0, ())
    assert [link.how for link in summary.links] == [how]
    held = records(index)
    english = [r for r in held.values() if r["source"] == str(en)]
    russian_ids = {pid for pid, r in held.items() if r["source"] == str(ru_dir / (pool / ru_name).name)}
    assert english and all(r["group"] == held[min(russian_ids)]["group"] for r in english)
    aligned = [r for r in english if r["aligned"]]
    assert len(aligned) > 0.9 * len(english)
    assert all(set(r["aligned"]) <= russian_ids for r in aligned)
    assert contents(index) == full_build([folder], tmp_path / "full")


def stored_as_written(index, lang: str) -> dict[str, dict]:
    """Return the stored fields of the paragraphs of one language exactly as written (no links filled in)."""
    ix = store.open_index(index)
    try:
        with ix.searcher() as searcher:
            return {f["id"]: f for f in searcher.all_stored_fields() if f["doc_lang"] == lang}
    finally:
        ix.close()


def exported(index) -> tuple:
    """Return the aligned pairs an export of the whole index writes, from the hits of each language."""
    from indexer.search.export import collect_pairs

    ix = store.open_index(index)
    try:
        with ix.searcher() as searcher:
            return tuple(collect_pairs(searcher, SearchRequest(query="", lang=lang), 10_000).pairs for lang in ("en", "ru"))
    finally:
        ix.close()


def test_the_version_already_indexed_is_not_rewritten_when_its_counterpart_comes_and_goes(pool, tmp_path, folder):
    """The English UDHR stays as written while its Russian version arrives, is edited and is removed;
    after each step the index reads as a full build of the same files."""
    link_into(folder / "en", pool / "udhr/udhr_eng.xml")
    index = tmp_path / "ix"
    build([folder], index, follow_links=True)
    english = stored_as_written(index, "en")
    assert english and not any(f["aligned"] for f in english.values())
    russian = (pool / "udhr/udhr_rus.xml").read_text(encoding="utf-8")
    ru = folder / "ru" / "udhr_rus.xml"
    ru.parent.mkdir()
    steps = [
        ("arrives", lambda: ru.write_text(russian, encoding="utf-8")),
        ("is edited", lambda: ru.write_text(russian.replace("Всеобщая декларация", "Всеобщая Декларация"),
                                            encoding="utf-8")),
        ("is removed", ru.unlink),
    ]
    for n, (step, change) in enumerate(steps):
        change()
        update([folder], index)
        assert stored_as_written(index, "en") == english, f"the English version was rewritten when the Russian {step}"
        seen = records(index)
        linked = sum(1 for pid in english if seen[pid]["aligned"])
        assert (linked > 0.9 * len(english)) if step != "is removed" else linked == 0, step
        assert contents(index) == full_build([folder], tmp_path / f"full-{n}"), step
        assert exported(index) == exported(tmp_path / f"full-{n}"), step


def test_a_better_version_arriving_later_takes_the_content_link(pool, tmp_path, folder):
    """The English Charter (its symbol from the file name) is linked by content to a partial Russian draft;
    the whole Russian Charter arrives and matches better: the link moves to it, as in a full build."""
    folder.mkdir()
    (folder / "ST_CHARTER_1945-EN.txt").symlink_to(pool / "un-charter" / "raw_un_charter_en.txt")
    russian = (pool / "un-charter" / "raw_un_charter_ru.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "charter-ru-draft.txt").write_text("".join(russian[: len(russian) * 4 // 5]), encoding="utf-8")
    index = tmp_path / "ix"
    [link] = [link for link in build([folder], index, follow_links=True).links if link.linked]
    assert (link.en, link.ru) == ("ST/CHARTER/1945@en", "charter-ru-draft@ru")
    (folder / "charter-ru.txt").symlink_to(pool / "un-charter" / "raw_un_charter_ru.txt")

    summary = update([folder], index)

    assert [(link.en, link.ru) for link in summary.links] == [("ST/CHARTER/1945@en", "charter-ru@ru")]
    assert contents(index) == full_build([folder], tmp_path / "full")


def test_an_edited_file_is_read_again(tmp_path, folder):
    seed = copy_seed(SEED_004, folder)
    copy_seed(SEED_001, folder)
    index = tmp_path / "ix"
    build([folder], index, follow_links=True)
    assert hit_ids(index, '"Working Group of Government Experts"')
    seed.write_text(seed.read_text(encoding="utf-8").replace("Working Group of Government Experts",
                                                             "Panel of Independent Auditors"), encoding="utf-8")

    summary = update([folder], index)

    assert (summary.changed, summary.added, summary.updated, summary.removed) == (1, 0, 1, 0)
    assert hit_ids(index, '"Working Group of Government Experts"') == []
    assert hit_ids(index, '"Panel of Independent Auditors"')
    assert contents(index) == full_build([folder], tmp_path / "full")


def test_a_removed_version_leaves_its_counterpart_unaligned(pool, tmp_path, folder):
    en, ru = link_into(folder, pool / "udhr/udhr_eng.xml", pool / "udhr/udhr_rus.xml")
    index = tmp_path / "ix"
    build([folder], index, follow_links=True)
    assert any(r["aligned"] for r in records(index).values())
    ru.unlink()

    summary = update([folder], index)

    assert (summary.changed, summary.added, summary.updated, summary.removed) == (1, 0, 0, 1)
    held = records(index)
    assert {r["doc_lang"] for r in held.values()} == {"en"}
    assert not any(r["aligned"] for r in held.values())
    assert contents(index) == full_build([folder], tmp_path / "full")


def test_a_second_update_changes_nothing(pool, tmp_path, folder):
    link_into(folder, pool / "udhr/udhr_eng.xml", pool / "udhr/udhr_rus.xml")
    copy_seed(SEED_004, folder)
    index = tmp_path / "ix"
    build([folder], index, follow_links=True)
    before, gens = contents(index), generation_names(index)

    for _ in range(2):
        result = CliRunner().invoke(cli, ["update", "--index", str(index)])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("0 changed: 0 added, 0 updated, 0 removed, 0 failed")

    assert contents(index) == before
    assert generation_names(index) == gens


MAKERS = {  # a seed as each kind of file a sidecar may stand beside
    "txt": lambda doc, path: shutil.copyfile(SEED_004, path),
    "docx": lambda doc, path: docx_from_document(doc, path),
    "pdf": lambda doc, path: pdf_from_document(doc, path),
}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_editing_a_sidecar_is_a_change_of_its_document(tmp_path, folder, seed_docs, kind):
    folder.mkdir()
    MAKERS[kind](seed_docs["004"], folder / f"report.{kind}")
    (folder / "report.meta.json").write_text('{"symbol": "CTOC/COP/2014/90"}', encoding="utf-8")
    index = tmp_path / "ix"
    summary = build([folder], index)
    assert summary.ok and summary.files == 1  # the sidecar is read with its file, not as a document
    (folder / "report.meta.json").write_text('{"symbol": "CTOC/COP/2014/91"}', encoding="utf-8")

    summary = update([folder], index)

    assert (summary.changed, summary.updated) == (1, 1)
    assert {r["doc_id"] for r in records(index).values()} == {"CTOC/COP/2014/91@en"}


def test_a_duplicate_is_indexed_once_the_file_it_lost_to_is_gone(tmp_path, folder):
    first = copy_seed(SEED_004, folder, "a.txt", meta={"symbol": "CTOC/COP/2014/90"})
    copy_seed(SEED_001, folder, "b.txt", meta={"symbol": "CTOC/COP/2014/90", "lang": "en"})
    index = tmp_path / "ix"
    summary = build([folder], index)
    [failure] = summary.failures
    assert failure.path.endswith("b.txt") and "same symbol and language as" in failure.reason
    assert update([folder], index).changed == 0  # nothing changed: the duplicate is not read again
    first.unlink()
    (folder / "a.meta.json").unlink()

    summary = update([folder], index)

    assert (summary.added, summary.removed, summary.failures) == (1, 1, ())
    assert {r["source"] for r in records(index).values()} == {str(folder / "b.txt")}
    assert contents(index) == full_build([folder], tmp_path / "full")


def test_the_live_generation_s_files_never_change(pool, tmp_path, folder):
    """Generations share files by hard links: Whoosh must never write into one (checked byte for byte)."""
    en, ru = link_into(folder, pool / "udhr/udhr_eng.xml", pool / "udhr/udhr_rus.xml")
    seed = copy_seed(SEED_004, folder)
    index = tmp_path / "ix"
    build([folder], index, follow_links=True)
    steps = [lambda: ru.unlink(), lambda: copy_seed(SEED_001, folder),
             lambda: seed.write_text("1. A new paragraph of the Working Group.\n", encoding="utf-8"),
             lambda: link_into(folder, pool / "udhr/udhr_rus.xml")]
    for step in steps:
        live = store.current_generation(index)
        before = file_hashes(live.path)
        searched = hit_ids(index, "human rights")
        step()
        summary = update([folder], index)
        assert summary.generation == live.number + 1
        assert file_hashes(live.path) == before
        old = store.open_generation(live)  # the previous generation still opens and answers as before
        with old.searcher() as searcher:
            assert [h["id"] for h in search(searcher, SearchRequest("human rights", limit=100))["hits"]] == searched
        old.close()
    assert len(store.generations(index)) == store.KEEP_GENERATIONS
    assert contents(index) == full_build([folder], tmp_path / "full")


def test_update_names_only_some_sources_and_keeps_the_others(pool, tmp_path, folder):
    link_into(folder / "udhr", pool / "udhr/udhr_eng.xml")
    copy_seed(SEED_004, folder / "seeds")
    index = tmp_path / "ix"
    build([folder / "udhr", folder / "seeds"], index, follow_links=True)
    copy_seed(SEED_001, folder / "seeds")

    summary = update([folder / "seeds"], index)

    assert (summary.added, summary.removed, summary.documents) == (1, 0, 3)
    assert read_manifest(store.current_generation(index)).sources == (str(folder / "udhr"), str(folder / "seeds"))


def test_update_without_an_index_builds_one(tmp_path, folder):
    copy_seed(SEED_004, folder)
    summary = update([folder], tmp_path / "ix")
    assert (summary.generation, summary.documents, summary.added) == (1, 1, 1)


@pytest.mark.parametrize("args, message", [
    (["update", "--index", "{ix}"], "no such file or folder: {gone}"),
    (["update", "{gone}", "--index", "{ix}"], "no such file or folder: {gone}"),
    (["update", "--index", "{tmp}/nothing-here"], "no sources to index"),
])
def test_missing_sources_are_a_usage_error(tmp_path, folder, args, message):
    copy_seed(SEED_004, folder)
    index = tmp_path / "ix"
    build([folder], index)
    shutil.rmtree(folder)
    names = {"ix": index, "gone": folder, "tmp": tmp_path}
    result = CliRunner().invoke(cli, [a.format(**names) for a in args])
    assert result.exit_code == 2
    assert message.format(**names) in result.output and "Traceback" not in result.output


def test_an_index_built_from_an_empty_folder_is_updated_when_files_arrive(tmp_path):
    (tmp_path / "src").mkdir()
    build([tmp_path / "src"], tmp_path / "ix")
    nothing = update([], tmp_path / "ix")
    assert (nothing.changed, nothing.documents, nothing.paragraphs) == (0, 0, 0)
    shutil.copy(SEED_004, tmp_path / "src" / SEED_004.name)
    arrived = update([], tmp_path / "ix")
    assert (arrived.changed, arrived.added, arrived.documents) == (1, 1, 1) and arrived.paragraphs > 0
