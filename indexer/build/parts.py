"""Sharing a build among machines: which source files part K of N reads, so that each document group is read by one.

The language versions of a document must be read by the same part to be
linked and aligned, so files are shared out by a key their versions have in
common: the symbol of a name in the UN Digital Library convention
(``A_RES_70_1-EN.pdf`` and ``A_RES_70_1-RU.pdf``), else the name without its
language mark and extension (``raw_un_charter_en.txt`` and ``raw_un_charter_ru.txt``;
``en/global_targets.yml`` and ``ru/global_targets.yml``).  Versions named
otherwise may land in different parts and stay unlinked.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from indexer.symbols import from_filename, symbol_key

MAX_PARTS = 1000
_LANG_MARK = re.compile(r"[-_.](en|eng|english|ru|rus|russian)$", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """Part ``number`` (from 1) of a build shared in ``count`` parts."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> "Part":
        """Read ``K/N`` (1 ≤ K ≤ N); raise ValueError saying what is wrong."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
        if not match:
            raise ValueError(f"--part takes K/N (this machine's part K of N), not {text!r}")
        number, count = int(match.group(1)), int(match.group(2))
        if not 1 <= number <= count <= MAX_PARTS:
            raise ValueError(f"--part {text}: K must be between 1 and N, and N at most {MAX_PARTS}")
        return cls(number, count)

    def takes(self, path) -> bool:
        """Whether this part reads the source file ``path``."""
        return zlib.crc32(group_key(path).encode("utf-8")) % self.count == self.number - 1


def group_key(path) -> str:
    """Return the key that the language versions of a source file share (see the module).

    >>> group_key("x/A_RES_70_1-RU.pdf") == group_key("y/A_RES_70_1-EN.docx"), group_key("ru/global_targets.yml")
    (True, 'name:global_targets')
    """
    name = Path(path).name
    symbol, _ = from_filename(name)
    if symbol and symbol_key(symbol):
        return f"symbol:{symbol_key(symbol)}"
    stem = name.split(".", 1)[0]
    return f"name:{_LANG_MARK.sub('', stem).lower()}"
