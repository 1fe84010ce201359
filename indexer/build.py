"""Building and updating the index: read sources, link versions, align, write a generation, publish.

``build`` indexes everything anew; ``update`` re-reads only the files whose
content hash changed (or that are new), removes the documents of deleted
files, re-links and re-aligns the document groups they touch, and writes the
result as a new generation that shares the unchanged segments of the live one.
Either way the new generation goes live atomically, only when complete, and
the writer lock keeps a second writer out.  A file that cannot be read is
reported (name and reason) and the rest is indexed.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from indexer import parsing, store
from indexer.documents import Document
from indexer.errors import InputError
from indexer.linking import link_versions
from indexer.lock import WriterLock
from indexer.manifest import Entry, Manifest, file_digest, key, read_manifest, write_manifest
from indexer.pairing import pair_groups
from indexer.records import paragraph_record

log = logging.getLogger(__name__)

DEFAULT_LIMITMB = 256
PARALLEL_FROM = 5_000  # paragraphs; below this, starting worker processes costs more than it saves


def auto_procs(paragraphs: int) -> int:
    """Return how many writer processes suit writing ``paragraphs`` paragraphs on this machine."""
    if paragraphs < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


@dataclass(frozen=True)
class Failure:
    """A source file that was not indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class BuildSummary:
    """What a build or update did: documents and paragraphs, changes, failures, links, time."""

    index_dir: str
    generation: int
    files: int
    documents: int
    paragraphs: int
    by_lang: dict = field(default_factory=dict)
    failures: tuple = ()
    seconds: float = 0.0
    links: tuple = ()  # VersionLink decisions
    aligned_groups: int = 0  # documents with both language versions, paragraph-aligned
    added: int = 0  # files
    updated: int = 0
    removed: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed

    def as_dict(self) -> dict:
        """Return the summary as plain JSON-ready data."""
        return {
            "index": self.index_dir, "generation": self.generation, "files": self.files,
            "documents": self.documents, "paragraphs": self.paragraphs, "by_lang": dict(self.by_lang),
            "added": self.added, "updated": self.updated, "removed": self.removed,
            "failures": [{"path": f.path, "reason": f.reason} for f in self.failures],
            "aligned_documents": self.aligned_groups,
            "links": [link.describe() for link in self.links],
            "seconds": round(self.seconds, 3),
        }


@dataclass
class _Read:
    """What reading some files gave: documents, failures, and their manifest entries."""

    documents: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    entries: dict = field(default_factory=dict)


def read_files(files, on_file: Callable[[Path], None] | None = None, taken: dict | None = None) -> _Read:
    """Parse ``files``; a document whose id is already taken (same symbol and language) is a failure.

    ``taken`` maps doc ids already in use to the file that holds them.
    """
    out = _Read()
    seen = dict(taken or {})
    for path in files:
        if on_file:
            on_file(path)
        try:
            digest = file_digest(path)
            parsed = parsing.parse_path(path)
        except FileNotFoundError:
            _fail(out, path, "file not found (removed while indexing?)", None)
            continue
        except OSError as exc:
            _fail(out, path, f"cannot read: {exc.strerror or exc}", None)
            continue
        except InputError as exc:
            _fail(out, path, exc.reason, locals().get("digest"))
            continue
        except Exception as exc:  # a parser bug must not lose the rest of the corpus
            log.exception("parser failed on %s", path)
            _fail(out, path, f"could not be parsed: {type(exc).__name__}: {exc}", locals().get("digest"))
            continue
        kept = []
        for doc in parsed:
            if doc.doc_id in seen and seen[doc.doc_id] != key(path):
                reason = f"same symbol and language as {seen[doc.doc_id]} ({doc.doc_id}); kept that one"
                out.failures.append(Failure(str(path), reason))
                log.warning("skipped a document of %s: %s", path, reason)
                continue
            seen[doc.doc_id] = key(path)
            kept.append(doc)
            for warning in doc.warnings:
                log.warning("%s: %s", path, warning)
        out.documents.extend(kept)
        out.entries[key(path)] = Entry(digest, tuple(d.doc_id for d in kept))
    return out


def _fail(out: _Read, path, reason: str, digest: str | None) -> None:
    out.failures.append(Failure(str(path), reason))
    log.warning("skipped %s: %s", path, reason)
    if digest:
        out.entries[key(path)] = Entry(digest, (), reason)


def missing_sources(sources) -> list[str]:
    """Return the sources that do not exist."""
    return [str(s) for s in sources if not Path(s).exists()]


def _write(writer, documents, groups, pairs, on_paragraphs) -> None:
    """Add the records of ``documents`` to an open writer, with their groups and counterparts."""
    group_of = {d.doc_id: k for k, docs in groups.items() for d in docs}
    for doc in documents:
        group = group_of.get(doc.doc_id, f"doc:{doc.doc_id}")
        for p in doc.paragraphs:
            counterpart = pairs.get(p.id)
            writer.add_document(**paragraph_record(
                doc, p, group=group,
                aligned=counterpart.ids if counterpart else (),
                align_conf=round(counterpart.confidence, 3) if counterpart else None,
            ))
        if on_paragraphs:
            on_paragraphs(len(doc.paragraphs))


def _commit_generation(index_dir, gen, fill, *, procs: int, limitmb: int, info: dict, manifest: Manifest):
    """Open a writer on ``gen``, let ``fill(writer)`` write, commit, and publish; discard on any failure."""
    try:
        ix = store.whoosh_index.open_dir(str(gen.path))
        kwargs = {"limitmb": limitmb}
        if procs > 1:
            kwargs.update(procs=procs, multisegment=True)
        writer = ix.writer(**kwargs)
        try:
            fill(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        store.write_meta(gen, **info)
        write_manifest(gen, manifest)
    except BaseException:
        store.discard(gen)
        raise
    store.publish(index_dir, gen)


def _counts(index_dir) -> tuple[int, int, dict]:
    from indexer.stats import index_stats

    figures = index_stats(index_dir)
    by_lang = {**figures["by_lang"], **figures["by_lang_other"]}
    return figures["documents"], figures["paragraphs"], by_lang


def build(sources, index_dir, *, procs: int | None = None, limitmb: int = DEFAULT_LIMITMB,
          on_file: Callable[[Path], None] | None = None,
          on_paragraphs: Callable[[int], None] | None = None) -> BuildSummary:
    """Build a fresh index of everything under ``sources`` into ``index_dir`` and return a summary.

    Holds the index's writer lock throughout; raises :class:`~indexer.errors.IndexLocked`
    when another writer has it.
    """
    with WriterLock(index_dir):
        return _build(sources, index_dir, procs=procs, limitmb=limitmb, on_file=on_file, on_paragraphs=on_paragraphs)


def _build(sources, index_dir, *, procs, limitmb, on_file, on_paragraphs) -> BuildSummary:
    """Build a fresh index; the caller holds the writer lock."""
    started = time.perf_counter()
    store.discard_unpublished(index_dir)
    sources = [Path(s) for s in sources]
    files = parsing.discover(sources)
    read = read_files(files, on_file)
    groups, links = link_versions(read.documents)
    for link in links:
        log.info("%s", link.describe())
    pairs = pair_groups(groups)
    by_lang = Counter(p.lang for d in read.documents for p in d.paragraphs)
    paragraphs = sum(by_lang.values())
    gen = store.new_generation(index_dir)
    manifest = Manifest(read.entries, tuple(key(s) for s in sources))
    info = {"sources": list(manifest.sources), "documents": len(read.documents), "paragraphs": paragraphs}
    _commit_generation(
        index_dir, gen, lambda w: _write(w, read.documents, groups, pairs, on_paragraphs),
        procs=procs or auto_procs(paragraphs), limitmb=limitmb, info=info, manifest=manifest,
    )
    return BuildSummary(
        index_dir=str(index_dir), generation=gen.number, files=len(files),
        documents=len(read.documents), paragraphs=paragraphs, by_lang=dict(by_lang),
        failures=tuple(read.failures), seconds=time.perf_counter() - started, links=tuple(links),
        aligned_groups=_aligned_groups(groups), added=len(files),
    )


def _aligned_groups(groups) -> int:
    return sum(1 for docs in groups.values() if {"en", "ru"} <= {d.lang for d in docs})


def update(sources, index_dir, *, procs: int | None = None, limitmb: int = DEFAULT_LIMITMB,
           on_file: Callable[[Path], None] | None = None,
           on_paragraphs: Callable[[int], None] | None = None) -> BuildSummary:
    """Bring the index up to date with ``sources`` (default: those it was built from); return a summary.

    Only files that are new or whose content hash changed are parsed; documents
    of files removed from the sources are removed from the index.  Without a
    live index this is a full build.
    """
    from indexer.incremental import plan_update

    with WriterLock(index_dir):
        started = time.perf_counter()
        store.discard_unpublished(index_dir)
        live = store.current_generation(index_dir)
        manifest = read_manifest(live)
        sources = [Path(s) for s in (sources or manifest.sources)]
        if live is None:
            return _build(sources, index_dir, procs=procs, limitmb=limitmb, on_file=on_file,
                          on_paragraphs=on_paragraphs)
        plan = plan_update(index_dir, live, manifest, sources, on_file=on_file)
        if not plan.changed_files:
            documents, paragraphs, by_lang = _counts(index_dir)
            return BuildSummary(index_dir=str(index_dir), generation=live.number, files=plan.files,
                                documents=documents, paragraphs=paragraphs, by_lang=by_lang,
                                failures=tuple(plan.read.failures), seconds=time.perf_counter() - started)
        gen = store.clone_generation(index_dir, live)

        def fill(writer):
            for doc_id in plan.delete_doc_ids:
                writer.delete_by_term("doc_id", doc_id)
            _write(writer, plan.write_documents, plan.groups, plan.pairs, on_paragraphs)

        paragraphs = sum(len(d.paragraphs) for d in plan.write_documents)
        info = {"sources": list(plan.manifest.sources), "updated_from": live.number}
        _commit_generation(index_dir, gen, fill, procs=procs or auto_procs(paragraphs), limitmb=limitmb,
                           info=info, manifest=plan.manifest)
        documents, paragraphs, by_lang = _counts(index_dir)
        return BuildSummary(
            index_dir=str(index_dir), generation=gen.number, files=plan.files, documents=documents,
            paragraphs=paragraphs, by_lang=by_lang, failures=tuple(plan.read.failures),
            seconds=time.perf_counter() - started, links=tuple(plan.links),
            aligned_groups=_aligned_groups(plan.groups), added=plan.added, updated=plan.updated,
            removed=plan.removed,
        )
