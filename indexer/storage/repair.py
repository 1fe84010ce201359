"""What a writer finds in an index folder before it updates it: the live generation, whole, damaged or lost.

:func:`assess` (called with the writer lock held) takes the newest complete
generation when ``CURRENT`` is missing, verifies the live generation's
checksums and opens it; a damaged one is to be rebuilt from the sources its
manifest (or, when that is damaged too, its metadata) names.  :func:`check` is
what ``python -m indexer check`` reports.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from indexer.engine import engine
from indexer.errors import IndexDamaged, IndexNotFound
from indexer.storage import checksums
from indexer.storage import generations as store
from indexer.storage.manifest import Manifest, ManifestDamaged, read_manifest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveState:
    """The generation an update starts from (None: build afresh) and the manifest saying what it holds."""

    live: store.Generation | None
    manifest: Manifest


@dataclass(frozen=True)
class Checked:
    """What ``check`` found: the live generation, its damaged files (empty when intact), whether it had checksums."""

    generation: store.Generation
    damage: tuple[checksums.Damage, ...]
    verified: bool


def assess(index_dir) -> LiveState:
    """Return the state an update starts from; log what was wrong and is being repaired.

    Raises :class:`IndexDamaged` when the live generation is damaged and the sources to rebuild it from are
    not known.
    """
    live = store.current_generation(index_dir) or recover_current(index_dir)
    if live is None:
        return LiveState(None, Manifest())
    problem = damage_of(live, index_dir)
    if problem is None:
        try:
            return LiveState(live, read_manifest(live, strict=True))
        except ManifestDamaged as exc:
            problem = checksums.Damage(exc.name, exc.reason)
            what = "the index's manifest is damaged"
    else:
        what = f"the live generation is damaged ({problem.name})"
    sources = _known_sources(live)
    if not sources:
        raise IndexDamaged(live.path / problem.name, problem.reason, store.rebuild_remedy(index_dir, None))
    log.warning("%s: rebuilding from the sources", what)
    return LiveState(None, Manifest(sources=tuple(sources), follow_links=_manifest_or_empty(live).follow_links))


def damage_of(gen: store.Generation, index_dir=None) -> checksums.Damage | None:
    """Return the first damaged file of ``gen`` (by its checksums, else by opening it), or None when it is whole."""
    found = checksums.verify(gen.path)
    if found:
        return found[0]
    try:
        ix = store.open_generation(gen, index_dir)
        try:
            engine().searcher(ix).close()
        finally:
            ix.close()
    except IndexDamaged as exc:
        return checksums.Damage(exc.file, exc.reason)
    return None


def recover_current(index_dir) -> store.Generation | None:
    """Make the newest complete generation live again when ``CURRENT`` is missing; return it (None if none)."""
    for gen in reversed(store.generations(index_dir)):
        if _complete(gen) and damage_of(gen, index_dir) is None:
            log.warning("the index has no %s file: %s, its newest complete generation, is live again",
                        store.CURRENT, gen.name)
            store.atomic_write(Path(index_dir) / store.CURRENT, gen.name + "\n")
            return gen
    return None


def check(index_dir) -> Checked:
    """Verify the live generation of ``index_dir``: its checksums, and that it opens and can be searched."""
    gen = store.current_generation(index_dir)
    if gen is None:
        store.open_index(index_dir)  # raises IndexNotFound saying what is missing
        raise IndexNotFound(f"no index in {index_dir}")  # pragma: no cover - open_index raised
    verified = checksums.has_checksums(gen.path)
    found = damage_of(gen, index_dir)
    return Checked(gen, (found,) if found else (), verified)


def _complete(gen: store.Generation) -> bool:
    """Tell whether ``gen`` was written to the end: its checksums (the last file written), or for an older one
    its metadata and manifest."""
    if checksums.has_checksums(gen.path):
        return True
    return bool(store.read_meta(gen)) and (gen.path / "manifest.json").is_file()


def _known_sources(gen: store.Generation) -> list[str]:
    return list(_manifest_or_empty(gen).sources) or list(store.read_meta(gen).get("sources") or [])


def _manifest_or_empty(gen: store.Generation) -> Manifest:
    try:
        return read_manifest(gen, strict=True)
    except ManifestDamaged:
        return Manifest()
