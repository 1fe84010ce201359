"""Reading text files in the encodings UN text extracts come in: UTF-8 (BOM or not), UTF-16, cp1251.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "ru.txt"
>>> _ = p.write_bytes("Вена".encode("cp1251"))
>>> read_text(p)
'Вена'
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from indexer.errors import InputError
from indexer.files import read_regular

MAX_BYTES = 200 * 1024 * 1024


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode the bytes of a text file, or raise :class:`InputError` saying why not.

    UTF-16 is recognised by its BOM or by NUL bytes in alternate positions;
    otherwise UTF-8 is tried, then cp1251 (the Windows Cyrillic code page), which
    is accepted only when the result reads as text rather than as mojibake.
    """
    if not data.strip():
        raise InputError(name, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > even * 4:
            return _strict(data, "utf-16-le", name)
        if even > odd * 4:
            return _strict(data, "utf-16-be", name)
        raise InputError(name, "binary file, not text")
    if b"\x00" in sample:
        raise InputError(name, "binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _cp1251(data, name, exc)
    if _control_share(text) > 0.05:
        raise InputError(name, "binary file, not text")
    return text


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not valid {encoding.upper()} (byte {exc.start})") from None
    return text.lstrip("\ufeff")


def _cp1251(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> str:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise InputError(name, f"undecodable: not UTF-8 (byte {utf8_error.start}), UTF-16 or cp1251") from None
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0410" <= ch <= "\u044f" or ch in "Ёё")
    latin = sum(1 for ch in letters if ch.isascii())
    if not letters or (cyrillic + latin) < 0.9 * len(letters):
        raise InputError(name, f"undecodable: not UTF-8 (byte {utf8_error.start}), UTF-16 or cp1251")
    return text


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # control characters but tab, LF, FF, CR


def _control_share(text: str) -> float:
    sample = text[:4096]
    if not sample:
        return 0.0
    return len(_CONTROL_RE.findall(sample)) / len(sample)


def read_text(path) -> str:
    """Read a text file in any supported encoding; raise :class:`InputError` naming it otherwise."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
        data = read_regular(path)
    except FileNotFoundError:
        raise InputError(path, "file not found (removed while indexing?)") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))
