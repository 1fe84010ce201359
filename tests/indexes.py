"""Helpers for tests that change an index: what it holds, source folders made of links, file hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from indexer import store
from indexer.build import build
from indexer.search import SearchRequest, search
from indexer.stats import index_stats


def records(index_dir) -> dict[str, dict]:
    """Return the stored fields of every live paragraph of the index, by paragraph id."""
    ix = store.open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            return {fields["id"]: fields for fields in searcher.all_stored_fields()}
    finally:
        ix.close()


def contents(index_dir) -> tuple[dict, dict]:
    """Return what a user of the index sees: the paragraphs' stored fields and the figures (no generation, time)."""
    figures = {k: v for k, v in index_stats(index_dir).items() if k not in ("generation", "built_at")}
    return records(index_dir), figures


def full_build(sources, index_dir) -> tuple[dict, dict]:
    """Build ``sources`` from scratch into ``index_dir`` and return its :func:`contents`."""
    build(sources, index_dir)
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
    """Put symbolic links to ``files`` into ``folder`` (the pool is read in place, never copied)."""
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
