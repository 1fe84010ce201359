"""Reading a dictionary in the dictd format: an ``.index`` of headwords and a ``.dict`` (or dictzip ``.dict.dz``) of entries.

Each line of the ``.index`` is ``headword<TAB>offset<TAB>length``, the numbers
written in dictd's base 64 (``A`` = 0 … ``/`` = 63, most significant digit
first), pointing into the uncompressed ``.dict`` text.  A dictzip file is a
gzip file, so it reads whole with :mod:`gzip`.

>>> decode_number("C+m"), decode_number("k"), encode_number(12198)
(12198, 36, 'C+m')
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import DictionaryError

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_VALUE = {c: i for i, c in enumerate(DIGITS)}



@dataclass(frozen=True)
class Entry:
    """One entry of a dictionary: its headword and its text (the headword line included)."""

    headword: str
    text: str


def decode_number(text: str) -> int:
    """Return the number a dictd base-64 field stands for; raise ValueError if it is not one."""
    if not text:
        raise ValueError("empty number")
    n = 0
    for c in text:
        if c not in _VALUE:
            raise ValueError(f"{c!r} is not a base-64 digit")
        n = n * 64 + _VALUE[c]
    return n


def encode_number(n: int) -> str:
    """Return the dictd base-64 field of a number (for writing an ``.index`` line)."""
    digits = DIGITS[n % 64]
    while n >= 64:
        n //= 64
        digits = DIGITS[n % 64] + digits
    return digits


def data_file(index_path: Path) -> Path:
    """Return the entries' file beside an ``.index`` file (``NAME.dict.dz``, else ``NAME.dict``)."""
    base = index_path.with_suffix("")
    for candidate in (base.with_suffix(".dict.dz"), base.with_suffix(".dict")):
        if candidate.is_file():
            return candidate
    raise DictionaryError(f"{index_path}: no {base.name}.dict.dz or {base.name}.dict beside it")


def read(index_path) -> list[Entry]:
    """Return the entries of the dictd dictionary whose ``.index`` file is ``index_path``, in its order.

    Raises :class:`DictionaryError` naming the file (and the line) when it cannot be read.
    """
    index_path = Path(index_path)
    try:
        lines = index_path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DictionaryError(f"{index_path}: no such dictionary index") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{index_path}: cannot be read ({exc})") from None
    path = data_file(index_path)
    try:
        opener = gzip.open if path.suffix == ".dz" else open
        with opener(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        raise DictionaryError(f"{path}: cannot be read ({exc})") from None
    entries = []
    for number, line in enumerate(lines, start=1):
        fields = line.split("\t")
        try:
            if len(fields) != 3:
                raise ValueError(f"{len(fields)} fields, not 3")
            start, size = decode_number(fields[1]), decode_number(fields[2])
            if start + size > len(data):
                raise ValueError(f"points past the end of {path.name}")
            text = data[start:start + size].decode("utf-8")
        except (ValueError, UnicodeDecodeError) as exc:
            raise DictionaryError(f"{index_path}, line {number}: not a dictd index line ({exc})") from None
        entries.append(Entry(fields[0], text))
    return entries
