"""Reading files in every supported encoding, and clear errors for the rest."""

from __future__ import annotations

import codecs

import pytest

from indexer.ingest.encoding import read_text
from indexer.errors import InputError

TEXT = "Конференция участников Конвенции. The Conference of the Parties."


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with BOM
        lambda s: s.encode("utf-16-le"),  # without BOM
        lambda s: s.encode("utf-16-be"),
        lambda s: s.encode("cp1251"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-le", "utf16-be", "cp1251"],
)
def test_supported_encodings(tmp_path, encode):
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(TEXT))
    assert read_text(path) == TEXT


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\n  ", "empty file"),
        (bytes(range(256)) * 8, "binary file, not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary file, not text"),
        ("Текст".encode("koi8-r") + b"\x98\x98\x98\x98", "undecodable"),
    ],
    ids=["empty", "blank", "bytes", "png", "undecodable"],
)
def test_unreadable_files_name_the_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_text(path)
    assert err.value.path == str(path)
    assert reason in err.value.reason


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_text(tmp_path / "gone.txt")
