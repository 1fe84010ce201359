"""Hostile files in a source folder: each is refused by name (escaped) and reason, the rest indexed, nothing hangs.

Every build runs ``python -m indexer`` in a process of its own with a
timeout, so that a case that would block (a FIFO, ``/dev/zero``) fails its
test instead of hanging the suite.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest

from indexer.build.pipeline import MAX_FILE_MB
from indexer.files import shown
from indexer.ingest import unpacked
from indexer.ingest.formats import OUTSIDE
from tests.conftest import ROOT, SEED_004
from tests.indexes import records

TIMEOUT = 60  # seconds: a build of two small files takes a few
ZEROS = 25 << 20  # what the bombs unpack to: past the limit of --max-file-mb 1 (20 MB)
LOG_LINE = re.compile(r"^\d\d:\d\d:\d\d ")


def fifo(folder):
    os.mkfifo(folder / "pipe.txt")


def dev_zero(folder):
    (folder / "zero.txt").symlink_to("/dev/zero")


def etc_passwd(folder):
    (folder / "passwd.txt").symlink_to("/etc/passwd")


def unix_socket(folder):
    with socket.socket(socket.AF_UNIX) as server:  # bound by a relative name: a socket's path is short
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            server.bind("sock.txt")
        finally:
            os.chdir(cwd)


def long_name(folder):
    (folder / ("a" * 250 + ".txt")).write_bytes(SEED_004.read_bytes())


def not_utf8(folder):
    with open(os.path.join(bytes(folder), b"bad\xff.txt"), "wb") as fh:
        fh.write(SEED_004.read_bytes())


def newline(folder):
    (folder / "new\nline.txt").write_bytes(b"")


def controls(folder):
    (folder / "tab\tesc\x1b[31m.txt").write_bytes(b"")


def zip_bomb(folder):
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", bytes(ZEROS))


def lying_zip(folder):
    """A Word file whose body claims 2 KB in the zip's directory but inflates to 25 MB."""
    import docx

    made = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("1. The Working Group met in Vienna and considered technical assistance.")
    document.save(made)
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(folder / "liar.docx", "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info.filename, data + b" " * ZEROS if info.filename == "word/document.xml" else data)
    data = bytearray((folder / "liar.docx").read_bytes())
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = 0
        while (at := data.find(signature, at + 1)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + 17] == b"word/document.xml":
                struct.pack_into("<I", data, at + size_at, 2048)
    (folder / "liar.docx").write_bytes(bytes(data))


def pdf_bomb(folder):
    """A one-page PDF whose content stream inflates to 25 MB of spaces."""
    stream = zlib.compress(b" " * ZEROS, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    (folder / "bomb.pdf").write_bytes(bytes(out))


# case: (what to add beside good.txt, options, the failure expected: (name as shown, start of the reason) or None)
CASES = {
    "FIFO": (fifo, [], ("pipe.txt", "not a regular file: a FIFO (named pipe)")),
    "link to /dev/zero": (dev_zero, [], ("zero.txt", "not a regular file: a link to a character device")),
    "link to /dev/zero, followed": (dev_zero, ["--follow-links"],
                                    ("zero.txt", "not a regular file: a link to a character device")),
    "link to /etc/passwd": (etc_passwd, [], ("passwd.txt", OUTSIDE)),
    "link to /etc/passwd, followed": (etc_passwd, ["--follow-links"], None),
    "socket": (unix_socket, [], ("sock.txt", "not a regular file: a socket")),
    "254-byte name": (long_name, [], ("a" * 250 + ".txt", "name too long (254 bytes): the name of a file read with")),
    "name not UTF-8": (not_utf8, [], ("bad\\xff.txt", "the name is not valid UTF-8: rename the file")),
    "newline in a name": (newline, [], ("new\\nline.txt", "empty file")),
    "tab and escape in a name": (controls, [], ("tab\\tesc\\x1b[31m.txt", "empty file")),
    "zip bomb": (zip_bomb, ["--max-file-mb", "1"], ("bomb.docx", "too large when unpacked: 25 MB (limit 20 MB)")),
    "zip entry larger than it says": (lying_zip, [], ("liar.docx", "damaged .docx (Bad CRC-32 for file")),
    "PDF bomb": (pdf_bomb, ["--max-file-mb", "1"], ("bomb.pdf", "too large when unpacked: more than 20 MB (limit 20 MB)")),
}


def indexer(*args) -> subprocess.CompletedProcess:
    """Run ``python -m indexer ARGS --no-progress`` from the project's root; fail the test if it hangs."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, "-m", "indexer", *map(str, args), "--no-progress"], cwd=ROOT, env=env,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"python -m indexer {' '.join(map(str, args))} still running after {TIMEOUT} s")


def summary_of(result) -> tuple[dict, list]:
    """Return the JSON summary of a run, and its failures as (name, reason) pairs."""
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    summary = json.loads(result.stdout)
    return summary, [(f["path"].rsplit("/", 1)[-1], f["reason"]) for f in summary["failures"]]


@pytest.fixture
def folder(tmp_path):
    """A source folder holding one good UN text."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED_004, folder / "good.txt")
    return folder


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_refused_by_name_and_the_rest_indexed(tmp_path, folder, case):
    make, options, expected = CASES[case]
    make(folder)
    index = tmp_path / "ix"

    result = indexer("build", folder, "--index", index, "--json", *options)

    summary, failures = summary_of(result)
    sources = {r["source"].rsplit("/", 1)[-1] for r in records(index).values()}
    lines = result.stderr.decode("utf-8").splitlines()
    assert lines and all(LOG_LINE.match(line) for line in lines), lines  # one log line per event, whatever the names
    if expected is None:
        assert (result.returncode, failures) == (0, [])
        assert sources == {"good.txt", "passwd.txt"}
    else:
        name, reason = expected
        [(failed, why)] = failures
        assert (result.returncode, failed, sources) == (1, name, {"good.txt"})
        assert why.startswith(reason), why
        assert f"skipped {shown(folder)}/{name}: {why}" in result.stderr.decode("utf-8")


def test_following_links_is_kept_for_later_updates(tmp_path, folder):
    etc_passwd(folder)
    index = tmp_path / "ix"
    assert indexer("build", folder, "--index", index, "--follow-links", "--json").returncode == 0

    kept = indexer("update", "--index", index, "--json")
    dropped = indexer("update", "--index", index, "--no-follow-links", "--json")

    assert (kept.returncode, summary_of(kept)[0]["changed"]) == (0, 0)
    summary, failures = summary_of(dropped)
    assert (dropped.returncode, summary["removed"], failures) == (1, 1, [("passwd.txt", OUTSIDE)])
    assert {r["source"].rsplit("/", 1)[-1] for r in records(index).values()} == {"good.txt"}


def test_a_text_summary_shows_each_failure_on_one_line(tmp_path, folder):
    newline(folder)
    result = indexer("build", folder, "--index", tmp_path / "ix")
    assert result.returncode == 1
    assert f"  {shown(folder)}/new\\nline.txt: empty file\n" in result.stderr.decode("utf-8")


@pytest.mark.parametrize("name, as_shown", [
    ("Доклад о работе.txt", "Доклад о работе.txt"),
    ("new\nline.txt", "new\\nline.txt"),
    ("tab\there\r.txt", "tab\\there\\r.txt"),
    ("\x1b[2Jclear.txt", "\\x1b[2Jclear.txt"),
    (os.fsdecode(b"cp1251 \xcf\xf0\xe8.txt"), "cp1251 \\xcf\\xf0\\xe8.txt"),
    ("right-to-left \u202eexe.txt", "right-to-left \\u202eexe.txt"),
])
def test_names_are_shown_with_control_characters_and_stray_bytes_escaped(name, as_shown):
    assert shown(name) == as_shown


def test_the_unpacked_limit_is_stated_once_as_a_factor_of_the_file_limit():
    assert unpacked.limit() == unpacked.EXPANSION * (MAX_FILE_MB << 20) == unpacked.EXPANSION * unpacked.DEFAULT_MAX_FILE_BYTES
    with unpacked.limited(1 << 20):
        assert unpacked.limit() == unpacked.EXPANSION << 20
