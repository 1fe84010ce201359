"""The manifest kept with each index generation: which source files it holds, by content hash.

``update`` compares it with the files on disk to find what is new, changed or
removed.  Paths are stored absolute (``..`` and ``.`` removed, symbolic links
kept as named), so the same file named through different relative paths is
one entry, and a linked file lies under the folder it is linked into.  A file's hash covers the files its
importer reads with it (the sentence files of a UNPC ``.ids`` file, the
metadata sidecar of a text), so editing one of those is a change too.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from indexer.files import open_regular
from indexer.storage.generations import Generation, atomic_write

MANIFEST = "manifest.json"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One source file as indexed: its hash and the documents it gave (none if it failed).

    ``duplicate_of`` names the file that holds a document this one also
    claims (same symbol and language); when that file changes or goes, this
    one is read again.
    """

    sha256: str
    doc_ids: tuple[str, ...] = ()
    failed: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Manifest:
    """Source files of a generation, by resolved path, the sources it was built from, and whether links
    to files outside them are followed (``--follow-links``, kept for later updates)."""

    files: dict[str, Entry] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    follow_links: bool = False

    def under(self, roots) -> dict[str, Entry]:
        """Return the entries whose files lie under one of ``roots`` (files or folders)."""
        absolute = [Path(key(r)) for r in roots]
        return {path: entry for path, entry in self.files.items()
                if any(Path(path) == r or r in Path(path).parents for r in absolute)}


def key(path) -> str:
    """Return the manifest key of a path: its absolute form (symbolic links not followed)."""
    return os.path.abspath(path)


def file_digest(path, companions=()) -> str:
    """Return the SHA-256 of a file's bytes and its companions' (raises OSError when one cannot be read).

    Without companions this is the plain SHA-256 of the file.
    """
    digest = hashlib.sha256()
    _feed(digest, path)
    for companion in companions:
        digest.update(b"\0" + Path(companion).name.encode("utf-8") + b"\0")
        _feed(digest, companion)
    return digest.hexdigest()


def _feed(digest, path) -> None:
    with open_regular(path) as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)


class ManifestDamaged(ValueError):
    """A manifest file that exists but cannot be read as one: ``name`` is its file name, ``reason`` why."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


def read_manifest(gen: Generation | None, strict: bool = False) -> Manifest:
    """Return the manifest of a generation (empty when there is none, or when it cannot be read and not
    ``strict``; when ``strict``, a file that cannot be read raises :class:`ManifestDamaged`)."""
    if gen is None:
        return Manifest()
    try:
        return manifest_from(json.loads((gen.path / MANIFEST).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Manifest()
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        if strict:
            raise ManifestDamaged(MANIFEST, f"cannot be read: {exc}") from exc
        return Manifest()


def write_manifest(gen: Generation, manifest: Manifest) -> None:
    """Write a generation's manifest."""
    atomic_write(gen.path / MANIFEST, json.dumps(manifest_data(manifest), ensure_ascii=False, indent=0))


def manifest_data(manifest: Manifest) -> dict:
    """Return a manifest as JSON data (as its file holds it)."""
    return {"sources": list(manifest.sources), **({"follow_links": True} if manifest.follow_links else {}),
            "files": {path: _entry_data(e) for path, e in sorted(manifest.files.items())}}


def manifest_from(data: dict) -> Manifest:
    """Return the manifest of JSON data made by :func:`manifest_data` (raises KeyError, TypeError … when it is
    not)."""
    files = {path: Entry(e["sha256"], tuple(e.get("doc_ids", ())), e.get("failed"), e.get("duplicate_of"))
             for path, e in data.get("files", {}).items()}
    return Manifest(files, tuple(data.get("sources", ())), bool(data.get("follow_links", False)))


def _entry_data(entry: Entry) -> dict:
    data = {"sha256": entry.sha256, "doc_ids": list(entry.doc_ids)}
    optional = {"failed": entry.failed, "duplicate_of": entry.duplicate_of}
    data.update({k: v for k, v in optional.items() if v})
    return data
