"""The manifest kept with each index generation: which source files it holds, by content hash.

``update`` compares it with the files on disk to find what is new, changed or
removed.  Paths are stored resolved (absolute), so the same file named through
different relative paths is one entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from indexer.store import Generation, atomic_write

MANIFEST = "manifest.json"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One source file as indexed: its hash and the documents it gave (none if it failed)."""

    sha256: str
    doc_ids: tuple[str, ...] = ()
    failed: str | None = None


@dataclass(frozen=True)
class Manifest:
    """Source files of a generation, by resolved path, and the sources it was built from."""

    files: dict[str, Entry] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def under(self, roots) -> dict[str, Entry]:
        """Return the entries whose files lie under one of ``roots`` (files or folders)."""
        resolved = [Path(r).resolve() for r in roots]
        return {path: entry for path, entry in self.files.items()
                if any(Path(path) == r or r in Path(path).parents for r in resolved)}


def key(path) -> str:
    """Return the manifest key of a path: its resolved absolute form."""
    return str(Path(path).resolve())


def file_digest(path) -> str:
    """Return the SHA-256 of a file's bytes (raises OSError when it cannot be read)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(gen: Generation | None) -> Manifest:
    """Return the manifest of a generation (empty when there is none)."""
    if gen is None:
        return Manifest()
    try:
        data = json.loads((gen.path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Manifest()
    files = {path: Entry(e["sha256"], tuple(e.get("doc_ids", ())), e.get("failed"))
             for path, e in data.get("files", {}).items()}
    return Manifest(files, tuple(data.get("sources", ())))


def write_manifest(gen: Generation, manifest: Manifest) -> None:
    """Write a generation's manifest."""
    data = {
        "sources": list(manifest.sources),
        "files": {path: {"sha256": e.sha256, "doc_ids": list(e.doc_ids), **({"failed": e.failed} if e.failed else {})}
                  for path, e in sorted(manifest.files.items())},
    }
    atomic_write(gen.path / MANIFEST, json.dumps(data, ensure_ascii=False, indent=0))
