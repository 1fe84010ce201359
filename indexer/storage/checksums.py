"""The checksums of a generation's files: recorded when it is synced before going live, verified later.

``checksums.json`` beside the manifest gives each file of the generation its
size and SHA-256.  A file shared through a hard link with the generation it was
cloned from keeps the entry recorded there (its bytes are the same inode), so
an update hashes only the files it wrote.  :func:`verify` reads every file
again and returns what differs: ``python -m indexer check`` reports it, and
``update`` rebuilds a damaged live generation from its sources.

A generation written before checksums existed has no ``checksums.json``;
:func:`verify` then returns None (nothing to compare with).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

CHECKSUMS = "checksums.json"
ALGORITHM = "sha256"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Damage:
    """A file of a generation that is not as recorded: its name in the generation and what is wrong."""

    name: str
    reason: str


def covered(path: Path) -> bool:
    """Tell whether a file of a generation has a checksum (not the writer's lock or temporary files)."""
    name = path.name
    return (path.is_file() and name != CHECKSUMS
            and not name.endswith((".lock", ".tmp", "WRITELOCK")) and ".toc." not in name)


def digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    hasher = hashlib.new(ALGORITHM)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def record(folder: Path, previous: Path | None = None) -> dict:
    """Write ``folder``'s ``checksums.json`` (through a temporary file) and return its entries.

    Files that are the same inode as a file of ``previous`` (hard links of a
    cloned generation) take the entry recorded there instead of being read.
    """
    folder = Path(folder)
    known = _entries(previous) if previous is not None else {}
    files = {}
    for item in sorted(folder.iterdir()):
        if not covered(item):
            continue
        st = item.stat()
        old = known.get(item.name)
        if old and st.st_nlink > 1 and old["size"] == st.st_size and _same_file(item, previous / item.name):
            files[item.name] = old
        else:
            files[item.name] = {"size": st.st_size, ALGORITHM: digest(item)}
    tmp = folder / (CHECKSUMS + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"algorithm": ALGORITHM, "files": files}, fh, indent=0)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / CHECKSUMS)
    return files


def has_checksums(folder: Path) -> bool:
    """Tell whether ``folder`` has a ``checksums.json`` (it was written by a version that records them)."""
    return (Path(folder) / CHECKSUMS).is_file()


def verify(folder: Path) -> list[Damage] | None:
    """Return the files of ``folder`` whose size or checksum is not as recorded (missing ones too).

    None when the generation has no checksums; a ``checksums.json`` that cannot be
    read is itself reported as damaged.
    """
    folder = Path(folder)
    if not has_checksums(folder):
        return None
    try:
        entries = _load(folder)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [Damage(CHECKSUMS, f"cannot be read: {exc}")]
    damaged = []
    for name, entry in sorted(entries.items()):
        path = folder / name
        try:
            size = path.stat().st_size
            if size != entry["size"]:
                damaged.append(Damage(name, f"{size} bytes, {entry['size']} recorded"))
            elif digest(path) != entry[ALGORITHM]:
                damaged.append(Damage(name, "its bytes changed (checksum differs)"))
        except FileNotFoundError:
            damaged.append(Damage(name, "missing"))
        except OSError as exc:
            damaged.append(Damage(name, f"cannot be read: {exc.strerror or exc}"))
    return damaged


def _entries(folder: Path) -> dict:
    """Return the entries of ``folder``'s checksums ({} when it has none or they cannot be read)."""
    try:
        return _load(folder)
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _load(folder: Path) -> dict:
    data = json.loads((folder / CHECKSUMS).read_text(encoding="utf-8"))
    if data.get("algorithm") != ALGORITHM:
        raise ValueError(f"unknown checksum algorithm {data.get('algorithm')!r}")
    files = data["files"]
    for name, entry in files.items():
        if not isinstance(entry.get("size"), int) or not isinstance(entry.get(ALGORITHM), str):
            raise ValueError(f"bad entry for {name}")
    return files


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
