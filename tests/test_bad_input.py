"""Bad input through ``build`` and ``update``: each case gets a line with its name and reason, nothing else is lost."""

from __future__ import annotations

import codecs
import json
import shutil

import pytest
from click.testing import CliRunner

from indexer.build.options import MAX_FILE_MB
from indexer.build.pipeline import build
from indexer.build.update import update
from indexer.cli import cli
from tests.conftest import SEED_004
from tests.indexes import hit_ids, records

RUSSIAN = "1. Рабочая группа провела совещание в Вене и рассмотрела вопросы технической помощи.\n"
COVER_ONLY = "Distr.: General\n10 July 2012\n\nOriginal: English\n"
BROKEN_TMX = '<?xml version="1.0"?>\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>Peace</seg>'
SIDECAR = json.dumps({"symbol": "CTOC/COP/2014/3", "lang": "en"})


# (files to add: name -> bytes, or "huge" for the 50 MB text; the failure expected: (name, reason) or None)
CASES = {
    "empty": ({"empty.txt": b""}, ("empty.txt", "empty file")),
    "binary": ({"binary.txt": bytes(range(256)) * 16}, ("binary.txt", "binary file, not text")),
    "cp1251": ({"cp1251.txt": RUSSIAN.encode("cp1251")}, None),
    "utf16": ({"utf16.txt": RUSSIAN.encode("utf-16")}, None),
    "undecodable": ({"koi8.txt": "Текст".encode("koi8-r") + b"\x98\x98\x98\x98"},
                    ("koi8.txt", "undecodable: not UTF-8 (byte 0), UTF-16 or cp1251")),
    "50 MB": ({"huge.txt": "huge"}, ("huge.txt", f"too large (50 MB; the limit is {MAX_FILE_MB} MB: split the file")),
    "no paragraphs": ({"cover.txt": COVER_ONLY.encode()}, ("cover.txt", "no paragraphs: the file has no text content")),
    "same symbol and language": (
        {"a.txt": SEED_004.read_bytes(), "a.meta.json": SIDECAR.encode(),
         "b.txt": RUSSIAN.encode(), "b.meta.json": SIDECAR.encode()},
        ("b.txt", "same symbol and language as {folder}/a.txt (CTOC/COP/2014/3@en); kept that one")),
    "spaces and Cyrillic": ({"Доклад о работе.txt": RUSSIAN.encode("cp1251"), "пустой файл.txt": b""},
                            ("пустой файл.txt", "empty file")),
    "TMX not well-formed": ({"memory.tmx": BROKEN_TMX.encode()},
                            ("memory.tmx", "not well-formed XML: no element found: line 2")),
}


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    """A 50 MB text file: the UN Charter's words over and over (made once)."""
    path = tmp_path_factory.mktemp("huge") / "huge.txt"
    paragraph = ("The Purposes of the United Nations are: to maintain international peace and security, and to that "
                 "end: to take effective collective measures for the prevention and removal of threats to the peace.")
    block = "\n\n".join(f"{n}. {paragraph}" for n in range(1, 1001)).encode() + b"\n\n"
    with path.open("wb") as fh:
        while fh.tell() < 50 * 2**20:
            fh.write(block)
    return path


def _add(folder, files, huge):
    for name, data in files.items():
        if data == "huge":
            (folder / name).hardlink_to(huge)
        else:
            (folder / name).write_bytes(data)


@pytest.mark.parametrize("command", ["build", "update"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_file_is_reported_and_the_rest_indexed(tmp_path, huge, case, command):
    files, expected = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED_004, folder / "good.txt")
    index = tmp_path / "ix"
    if command == "update":
        build([folder], index)
    _add(folder, files, huge)

    result = CliRunner().invoke(cli, [command, str(folder), "--index", str(index), "--json"])

    assert "Traceback" not in result.output
    summary = json.loads(result.stdout)
    failures = [(f["path"].rsplit("/", 1)[-1], f["reason"]) for f in summary["failures"]]
    sources = {r["source"].rsplit("/", 1)[-1] for r in records(index).values()}
    assert "good.txt" in sources
    if expected is None:
        assert (result.exit_code, failures) == (0, [])
        assert sources == {"good.txt", *files}
        assert hit_ids(index, "совещания") and hit_ids(index, "=совещание")
    else:
        name, reason = expected
        assert result.exit_code == 1
        [(failed, why)] = failures
        assert failed == name and why.startswith(reason.format(folder=folder))
        assert name not in sources


@pytest.mark.parametrize("case", ["empty", "spaces and Cyrillic", "TMX not well-formed"])
def test_the_summary_names_each_failure_with_its_reason(tmp_path, huge, case):
    files, (name, reason) = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    _add(folder, files, huge)
    result = CliRunner().invoke(cli, ["build", str(folder), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert f"1 file(s) skipped:\n  {folder / name}: {reason}" in result.stderr


def test_a_file_removed_between_listing_and_reading(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n, name in enumerate(("a", "b", "c"), start=1):
        shutil.copyfile(SEED_004, folder / f"{name}.txt")
        (folder / f"{name}.meta.json").write_text(json.dumps({"symbol": f"CTOC/COP/2014/{n}"}))

    def remove_b(path):  # called just before each file is read: b.txt goes away first
        if path.name == "b.txt":
            path.unlink()

    summary = build([folder], tmp_path / "ix", on_file=remove_b)

    assert [(f.path, f.reason) for f in summary.failures] == [
        (str(folder / "b.txt"), "file not found (removed while indexing?)")]
    assert summary.documents == 2

    shutil.copyfile(SEED_004, folder / "b.txt")
    (folder / "c.txt").write_text("1. The Working Group met in Vienna.\n", encoding="utf-8")
    summary = update([folder], tmp_path / "ix", on_file=lambda path: path.name == "c.txt" and path.unlink())
    assert [(f.path, f.reason) for f in summary.failures] == [
        (str(folder / "c.txt"), "file not found (removed while indexing?)")]
    assert {r["doc_id"] for r in records(tmp_path / "ix").values()} == {"CTOC/COP/2014/1@en", "CTOC/COP/2014/2@en"}


def test_a_failure_is_not_read_again_until_the_file_changes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED_004, folder / "good.txt")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    index = tmp_path / "ix"
    assert len(build([folder], index).failures) == 1

    again = update([folder], index)
    assert (again.changed, again.failures) == (0, ())

    (folder / "binary.txt").write_text(RUSSIAN, encoding="utf-8")
    fixed = update([folder], index)
    assert (fixed.changed, fixed.updated, fixed.failures) == (1, 1, ())


def test_the_size_limit_is_checked_every_time_and_can_be_raised(tmp_path):
    """A file over the limit is refused quickly, every run (the limit may change), until the limit allows it."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED_004, folder / "good.txt")
    (folder / "padded.txt").write_text(RUSSIAN + " " * (3 * 2**20 // 2), encoding="utf-8")  # 1.5 MB, one paragraph
    index = tmp_path / "ix"
    runner = CliRunner()
    for _ in range(2):
        refused = runner.invoke(cli, ["update", str(folder), "--index", str(index), "--max-file-mb", "1"])
        assert refused.exit_code == 1
        assert "padded.txt: too large (2 MB; the limit is 1 MB: split the file or raise the limit with " \
               "--max-file-mb)" in refused.stderr
    accepted = runner.invoke(cli, ["update", str(folder), "--index", str(index), "--max-file-mb", "2"])
    assert accepted.exit_code == 0, accepted.output
    assert accepted.stdout.startswith("1 changed: 1 added, 0 updated, 0 removed, 0 failed")
    assert hit_ids(index, "совещание")


def test_utf16_and_cp1251_read_the_same(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "le.txt").write_bytes(codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le"))
    (folder / "cp.txt").write_bytes(RUSSIAN.encode("cp1251"))
    build([folder], tmp_path / "ix")
    texts = {r["source"].rsplit("/", 1)[-1]: r["text"] for r in records(tmp_path / "ix").values()}
    paragraph = RUSSIAN.strip().removeprefix("1. ")  # the number is kept apart
    assert texts == {"le.txt": paragraph, "cp.txt": paragraph}
