"""Where the index lives on disk: generations, the CURRENT pointer, opening and publishing.

An index directory holds one or more *generations* (``gen-000001`` …), each a
complete Whoosh index, and a ``CURRENT`` file naming the live one.  A build
writes a new generation beside the live one and switches ``CURRENT``
atomically (write a temporary file, fsync, rename) only when it is complete,
so searchers always see a whole index: the old one or the new one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer.engine import engine
from indexer.errors import UNREADABLE, IndexDamaged, IndexNotFound
from indexer.engine.schema import SCHEMA_VERSION, build_schema
from indexer.storage import checksums

CURRENT = "CURRENT"
META = "un-search.json"
_GEN_RE = re.compile(r"^gen-(\d{6})$")
KEEP_GENERATIONS = 2  # the live one and the one before, for searchers still reading it


@dataclass(frozen=True)
class Generation:
    """One complete index in an index directory."""

    path: Path
    number: int

    @property
    def name(self) -> str:
        return self.path.name


def generations(index_dir) -> list[Generation]:
    """Return the generations present in ``index_dir``, oldest first."""
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        return []
    found = []
    for child in index_dir.iterdir():
        match = _GEN_RE.match(child.name)
        if match and child.is_dir():
            found.append(Generation(child, int(match.group(1))))
    return sorted(found, key=lambda g: g.number)


def current_generation(index_dir) -> Generation | None:
    """Return the live generation named by ``CURRENT``, or None when there is none."""
    index_dir = Path(index_dir)
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    match = _GEN_RE.match(name)
    if not match or not (index_dir / name).is_dir():
        return None
    return Generation(index_dir / name, int(match.group(1)))


def new_generation(index_dir) -> Generation:
    """Create an empty index in a new generation directory (not yet live) and return it."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    existing = generations(index_dir)
    number = (existing[-1].number + 1) if existing else 1
    path = index_dir / f"gen-{number:06d}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    engine().create_index(path, build_schema())
    return Generation(path, number)


def write_meta(gen: Generation, **info) -> None:
    """Write the generation's metadata file (schema version, build time, counts …)."""
    meta = {"schema_version": SCHEMA_VERSION, "generation": gen.number,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    meta.update(info)
    atomic_write(gen.path / META, json.dumps(meta, ensure_ascii=False, indent=1))


def read_meta(gen: Generation) -> dict:
    """Return the generation's metadata ({} when the file is missing or unreadable)."""
    try:
        return json.loads((gen.path / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    try:
        dir_fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def publish(index_dir, gen: Generation) -> None:
    """Make ``gen`` the live generation, atomically, and remove generations no longer needed."""
    index_dir = Path(index_dir)
    atomic_write(index_dir / CURRENT, gen.name + "\n")
    keep = {g.number for g in generations(index_dir)[-KEEP_GENERATIONS:]} | {gen.number}
    for old in generations(index_dir):
        if old.number not in keep and old.number < gen.number:
            shutil.rmtree(old.path, ignore_errors=True)


def discard(gen: Generation) -> None:
    """Remove a generation that was never published (a failed or interrupted build)."""
    shutil.rmtree(gen.path, ignore_errors=True)


def open_index(index_dir):
    """Open the live index of ``index_dir``; raise :class:`IndexNotFound` saying how to make one."""
    gen = current_generation(index_dir)
    if gen is None:
        if generations(index_dir):
            raise IndexNotFound(f"the index in {index_dir} has no {CURRENT} file naming its live generation: "
                                f"`python -m indexer update --index {index_dir}` takes the newest complete one")
        raise IndexNotFound(
            f"no index in {index_dir}: build one with `python -m indexer build CORPUS --index {index_dir}`"
        )
    return open_generation(gen, index_dir)


def open_generation(gen: Generation, index_dir=None):
    """Open one generation's index; raise :class:`IndexNotFound` if its format is not this program's."""
    meta = read_meta(gen)
    if meta.get("schema_version") != SCHEMA_VERSION:
        index_dir = index_dir or gen.path.parent
        raise IndexNotFound(
            f"the index in {index_dir} has schema version {meta.get('schema_version')}, this program "
            f"reads version {SCHEMA_VERSION}: rebuild it with `python -m indexer build CORPUS --index {index_dir}`"
        )
    with explained(gen, index_dir):
        return engine().open_index(gen.path)


@contextmanager
def searching(index_dir):
    """Open the live index of ``index_dir`` and yield a searcher of it, closing both afterwards.

    A file of the generation that cannot be read raises :class:`IndexDamaged`, when opened or when searched.
    """
    ix = open_index(index_dir)
    gen = current_generation(index_dir)
    try:
        with explained(gen, index_dir), engine().searcher(ix) as searcher:
            yield searcher
    finally:
        ix.close()


@contextmanager
def explained(gen: Generation | None, index_dir=None):
    """Turn what reading a damaged file of ``gen`` raises into :class:`IndexDamaged` naming the file and the remedy."""
    try:
        yield
    except IndexDamaged as exc:
        if gen is None:
            raise
        raise damaged(gen, exc.reason, index_dir) from exc
    except UNREADABLE as exc:
        if gen is None:
            raise
        raise damaged(gen, f"{type(exc).__name__}: {exc}", index_dir) from exc
    except Exception as exc:
        if gen is None or type(exc) is not Exception:  # Whoosh raises a bare Exception for a block it cannot parse
            raise
        raise damaged(gen, str(exc), index_dir) from exc


def damaged(gen: Generation, reason: str, index_dir=None) -> IndexDamaged:
    """Return the error saying that ``gen`` cannot be read: the file whose checksum fails (else the
    generation's folder), the reason, and how to rebuild it."""
    found = checksums.verify(gen.path) or []
    file = gen.path / found[0].name if found else gen.path
    if found:
        reason = f"{found[0].reason}; {reason}" if reason else found[0].reason
    return IndexDamaged(file, reason, rebuild_remedy(index_dir or gen.path.parent, gen))


def rebuild_remedy(index_dir, gen: Generation | None) -> str:
    """Return what to run to rebuild the index from its sources (named when the generation's metadata has them)."""
    sources = read_meta(gen).get("sources") if gen is not None else None
    if sources:
        named = " ".join(shlex.quote(str(s)) for s in sources)
        return (f"run: python -m indexer build {named} --index {shlex.quote(str(index_dir))} "
                f"(the sources are those it was built from: {', '.join(map(str, sources))})")
    return f"run: python -m indexer build SOURCES --index {shlex.quote(str(index_dir))} (the sources are not known)"


def clone_generation(index_dir, live: Generation) -> Generation:
    """Start a new generation as a copy of ``live``, sharing its files through hard links.

    Whoosh 2.7 never writes into a file that exists: segment files get fresh
    random names and are complete once written, deletions are kept in the
    table of contents, which each commit writes anew under the next number
    (through a temporary file and a rename), and files no longer needed are
    unlinked, which leaves the live generation's links alone.  So the new
    generation can be updated and committed while searchers keep reading the
    live one; ``tests/test_update.py`` checks that the live files' bytes stay
    the same.  Whoosh's own lock file and temporary files are not shared.
    """
    index_dir = Path(index_dir)
    existing = generations(index_dir)
    number = max(g.number for g in existing) + 1
    path = index_dir / f"gen-{number:06d}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    for item in live.path.iterdir():
        if item.is_file() and not _private(item.name):
            try:
                os.link(item, path / item.name)
            except OSError:
                shutil.copy2(item, path / item.name)
    return Generation(path, number)


def _private(name: str) -> bool:
    """Tell whether a file of a generation belongs to the writer that made it (lock, temporary file)."""
    return name.endswith((".lock", ".tmp", "WRITELOCK")) or ".toc." in name


def sync_generation(gen: Generation) -> None:
    """Flush a generation's new files and its directory to disk, so that publishing it survives a power cut.

    Files shared with an older generation (hard links) are on disk already.  The checksum of every file is
    recorded (:mod:`indexer.storage.checksums`) before the folder is synced, those of the shared files taken
    from the newest older generation.
    """
    older = [g for g in generations(gen.path.parent) if g.number < gen.number]
    checksums.record(gen.path, older[-1].path if older else None)
    for item in gen.path.iterdir():
        if item.is_file() and item.stat().st_nlink == 1:
            fd = os.open(item, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(gen.path)


def discard_unpublished(index_dir) -> list[Generation]:
    """Remove generations newer than the live one (left by an interrupted writer); return them."""
    live = current_generation(index_dir)
    removed = []
    for gen in generations(index_dir):
        if live is None or gen.number > live.number:
            discard(gen)
            removed.append(gen)
    return removed
