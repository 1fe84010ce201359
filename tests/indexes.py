"""Helpers for tests that change an index: what it holds, source folders made of links, file hashes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from indexer.storage import generations as store
from indexer.build.pipeline import build
from indexer.align.counterparts import with_links
from indexer.search.request import SearchRequest, search
from indexer.storage.stats import index_stats
from tests.conftest import SEED_001, SEED_004

# Queries whose answers differ between the states A and B of :class:`Sources`.
QUERIES = ("права человека", '"Panel of Independent Auditors"', '"Working Group of Government Experts"')


def records(index_dir) -> dict[str, dict]:
    """Return the stored fields of every live paragraph of the index as readers see them (links both ways), by id."""
    ix = store.open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            return {fields["id"]: fields for fields in with_links(searcher, list(searcher.all_stored_fields()))}
    finally:
        ix.close()


def contents(index_dir) -> tuple[dict, dict]:
    """Return what a user of the index sees: the paragraphs' stored fields and the figures (no generation, time)."""
    figures = {k: v for k, v in index_stats(index_dir).items() if k not in ("generation", "built_at")}
    return records(index_dir), figures


def full_build(sources, index_dir) -> tuple[dict, dict]:
    """Build ``sources`` (links into the pool followed) from scratch into ``index_dir`` and return its :func:`contents`."""
    build(sources, index_dir, follow_links=True)
    return contents(index_dir)


def hit_ids(index_dir, query: str, limit: int = 100) -> list[str]:
    """Return the ids of the paragraphs a query finds, best first."""
    ix = store.open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            return [hit["id"] for hit in search(searcher, SearchRequest(query=query, limit=limit))["hits"]]
    finally:
        ix.close()


def link_into(folder: Path, *files: Path) -> list[Path]:
    """Put symbolic links to ``files`` into ``folder`` (the pool is read in place, never copied: build with
    ``follow_links=True``)."""
    folder.mkdir(parents=True, exist_ok=True)
    links = []
    for f in files:
        target = folder / f.name
        target.symlink_to(f)
        links.append(target)
    return links


def file_hashes(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file in ``folder``, by name."""
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir()) if f.is_file()}


def generation_names(index_dir) -> list[str]:
    """Return the names of the generation directories present."""
    return [g.name for g in store.generations(index_dir)]


class Sources:
    """A source folder that goes back and forth between two states.

    A: the English UDHR (linked from the pool) and seed 004; B: the Russian
    UDHR too, seed 001 added, and a phrase of seed 004 changed.  Going from
    one to the other adds, edits and removes files.
    """

    def __init__(self, folder, pool):
        self.folder, self.pool = folder, pool
        link_into(folder, pool / "udhr" / "udhr_eng.xml")
        self.seed = folder / SEED_004.name
        self.state = None

    def set(self, state: str) -> None:
        text = SEED_004.read_text(encoding="utf-8")
        russian, extra = self.folder / "udhr_rus.xml", self.folder / SEED_001.name
        if state == "A":
            self.seed.write_text(text, encoding="utf-8")
            russian.unlink(missing_ok=True)
            extra.unlink(missing_ok=True)
        else:
            self.seed.write_text(text.replace("Working Group of Government Experts", "Panel of Independent Auditors"),
                                 encoding="utf-8")
            if not russian.exists():
                russian.symlink_to(self.pool / "udhr" / "udhr_rus.xml")
            shutil.copyfile(SEED_001, extra)
        self.state = state


def seen(index) -> tuple:
    """What searchers of the index get: its contents and the paragraphs each query of QUERIES finds.

    Hits are compared as sets: their order depends on term statistics, which
    count deleted paragraphs until Whoosh merges their segment away, so an
    updated index may rank near-ties differently from a fresh build.
    """
    return contents(index), [sorted(hit_ids(index, q)) for q in QUERIES]


def reference_states(sources, base) -> dict:
    """Return what full builds of state A and of state B of ``sources`` hold (and how their searches answer)."""
    found = {}
    for state in ("A", "B"):
        sources.set(state)
        build([sources.folder], base / f"ix-{state}", follow_links=True)
        found[state] = seen(base / f"ix-{state}")
    assert found["A"] != found["B"]
    return found
