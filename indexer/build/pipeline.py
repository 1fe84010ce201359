"""Building an index: read the source files, link versions, align, write a generation, publish.

``build`` indexes everything anew (:mod:`indexer.build.update` brings an index
up to date, reading with :func:`read_files` only the files that changed).  The
new generation goes live atomically, only when complete
(:mod:`indexer.build.commit`), and the writer lock keeps a second writer out.
A file that cannot be read is reported (name and reason) and the rest is
indexed.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from indexer import parallel, timing
from indexer.align import pairing
from indexer.align.linking import link_versions
from indexer.build.commit import Writes, commit_generation
from indexer.build.options import MAX_FILE_MB, Options
from indexer.build.summary import BuildSummary, Failure
from indexer.documents import Document
from indexer.errors import InputError, SourceError
from indexer.files import shown
from indexer.ingest import formats as parsing
from indexer.ingest import unpacked
from indexer.lexicon import dictionary as dictionary_mod
from indexer.lexicon import glossary as glossary_mod
from indexer.storage import generations as store
from indexer.storage.lock import WriterLock
from indexer.storage.manifest import Entry, Manifest, file_digest, key

log = logging.getLogger(__name__)


@dataclass
class _Read:
    """What reading some files gave: documents, failures, and their manifest entries."""

    documents: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    entries: dict = field(default_factory=dict)


class _Unread(Exception):
    """A source file that gives no documents: the reason, and its hash when it could be read."""

    def __init__(self, reason: str, digest: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.digest = digest


def read_files(files, on_file: Callable[[Path], None] | None = None, taken: dict | None = None, *,
               max_bytes: int = MAX_FILE_MB << 20, procs: int = 1, refused=()) -> _Read:
    """Parse ``files``; a document whose id is already taken (same symbol and language) is a failure.

    ``taken`` maps doc ids already in use to the file that holds them; files
    (with their companions) larger than ``max_bytes``, or that unpack to more than
    :data:`indexer.ingest.unpacked.EXPANSION` times that, are refused.  ``refused``
    (:class:`indexer.ingest.formats.Refused`) are the files discovery refused: failures first.
    With ``procs`` > 1 the files are parsed by that many worker processes;
    everything else happens here, in the files' order, so the outcome is the same.
    """
    out = _Read()
    for found in refused:
        _fail(out, found.path, found.reason, None)
    seen = dict(taken or {})
    for path, (digest, parsed, reason) in _read_each(list(files), on_file, max_bytes, procs):
        if reason is not None:
            _fail(out, path, reason, digest)
            continue
        kept, rival = [], None
        for doc in parsed:
            if doc.doc_id in seen and seen[doc.doc_id] != key(path):
                rival = seen[doc.doc_id]
                _fail(out, path, f"same symbol and language as {shown(rival)} ({doc.doc_id}); kept that one", None)
                continue
            seen[doc.doc_id] = key(path)
            kept.append(doc)
            for warning in doc.warnings:
                log.warning("%s: %s", shown(path), warning)
        out.documents.extend(kept)
        out.entries[key(path)] = Entry(digest, tuple(d.doc_id for d in kept), duplicate_of=rival)
    return out


def _read_each(files: list, on_file, max_bytes: int, procs: int):
    """Yield ``(path, result of _read_one)`` in order; ``on_file`` is told before each file is read (by this
    process) or as its result comes in (from a worker)."""
    if procs <= 1:
        for path in files:
            if on_file:
                on_file(path)
            yield path, _read_one(path, max_bytes)
        return
    results = parallel.imap_ordered(partial(_read_one, max_bytes=max_bytes), files, procs, chunksize=4)
    for path, result in zip(files, results):
        if on_file:
            on_file(path)
        yield path, result


def _read_one(path: Path, max_bytes: int) -> tuple[str | None, list[Document], str | None]:
    """Return ``(hash, documents, None)`` for a file that reads, ``(hash or None, [], reason)`` otherwise."""
    try:
        digest, parsed = read_source(path, max_bytes)
    except _Unread as exc:
        return exc.digest, [], exc.reason
    return digest, parsed, None


def read_source(path: Path, max_bytes: int) -> tuple[str, list[Document]]:
    """Return the content hash and the documents of one source file; raise :class:`_Unread` saying why not."""
    importer, companions = parsing.importer_and_companions(path)
    try:
        size = sum(p.stat().st_size for p in (Path(path), *companions))
        if size > max_bytes:  # not remembered in the manifest: checked again next time, the limit may change
            raise _Unread(f"too large ({size / 2**20:.0f} MB; the limit is {max_bytes / 2**20:.0f} MB: "
                          f"split the file or raise the limit with --max-file-mb)")
        digest = file_digest(path, companions)
    except FileNotFoundError:
        raise _Unread("file not found (removed while indexing?)") from None
    except OSError as exc:
        raise _Unread(f"cannot read: {exc.strerror or exc}") from None
    try:
        with unpacked.limited(max_bytes):
            return digest, parsing.parse_path(path, importer)
    except InputError as exc:
        where = "" if Path(exc.path) == Path(path) else f"{shown(Path(exc.path).name)}: "
        raise _Unread(where + exc.reason, digest) from None
    except Exception as exc:  # a parser bug must not lose the rest of the corpus
        log.exception("parser failed on %s", shown(path))
        raise _Unread(f"could not be parsed: {type(exc).__name__}: {exc}", digest) from None


def _fail(out: _Read, path, reason: str, digest: str | None) -> None:
    """Record a failure; a file read whole (``digest``) is remembered so that it is not read again unchanged."""
    out.failures.append(Failure(shown(path), reason))
    log.warning("skipped %s: %s", shown(path), reason)
    if digest:
        out.entries[key(path)] = Entry(digest, (), reason)


def missing_sources(sources) -> list[str]:
    """Return the sources that do not exist."""
    return [str(s) for s in sources if not Path(s).exists()]


def build(sources, index_dir, **options) -> BuildSummary:
    """Build a fresh index of everything under ``sources`` into ``index_dir`` and return a summary.

    ``options`` are the fields of :class:`Options`.  Holds the index's writer
    lock throughout; raises :class:`~indexer.errors.IndexLocked` when another
    writer has it, :class:`~indexer.errors.SourceError` when a source does not exist.
    """
    with WriterLock(index_dir, purpose="build"):
        return build_locked(checked_sources(sources), index_dir, Options(**options))


def checked_sources(sources) -> list[Path]:
    """Return the sources as paths; raise :class:`SourceError` when there are none or one does not exist."""
    if not sources:
        raise SourceError("no sources to index: name the folders or files")
    missing = missing_sources(sources)
    if missing:
        raise SourceError(f"no such file or folder: {', '.join(missing)}")
    return [Path(s) for s in sources]


def build_locked(sources, index_dir, opts: Options) -> BuildSummary:
    """Build a fresh index; the caller holds the writer lock."""
    glossaries = glossary_mod.for_build(opts.glossary)
    dictionary_mod.locate()  # a dictionary set but unusable stops the build before it starts
    started = time.perf_counter()
    store.discard_unpublished(index_dir)
    with timing.step("read the source files"):
        found = parsing.survey(sources, exclude=[index_dir], follow_links=bool(opts.follow_links))
        files = found.files
        read = read_files(files, opts.on_file, max_bytes=opts.max_bytes, procs=opts.procs_for_files(files),
                          refused=found.refused)
    with timing.step("linked the language versions"):
        groups, links = link_versions(read.documents)
    _log_links(links)
    with timing.step("aligned their paragraphs"):
        pairs = pairing.pair_groups(groups, procs=opts.procs_for(sum(len(d.paragraphs) for d in read.documents)))
    by_lang = Counter(p.lang for d in read.documents for p in d.paragraphs)
    paragraphs = sum(by_lang.values())
    gen = store.new_generation(index_dir)
    manifest = Manifest(read.entries, tuple(key(s) for s in sources), bool(opts.follow_links))
    info = {"sources": list(manifest.sources), "documents": len(read.documents), "paragraphs": paragraphs}
    log.info("writing %d paragraphs of %d documents into %s", paragraphs, len(read.documents), gen.name)
    commit_generation(
        index_dir, gen, Writes(read.documents, groups, pairs),
        procs=opts.procs_for(paragraphs), limitmb=opts.limitmb, info=info, manifest=manifest,
        glossaries=glossaries, on_paragraphs=opts.on_paragraphs,
    )
    indexed = sum(1 for e in read.entries.values() if e.doc_ids)
    return BuildSummary(
        index_dir=str(index_dir), generation=gen.number, files=len(files),
        documents=len(read.documents), paragraphs=paragraphs, by_lang=dict(by_lang),
        failures=tuple(read.failures), seconds=time.perf_counter() - started, links=tuple(links),
        aligned_groups=aligned_groups(groups), added=indexed, changed=len(files) + len(found.refused),
    )


def _log_links(links) -> None:
    """Log how the versions were linked: a count for those linked by symbol, a line for each content decision."""
    by_symbol = sum(1 for link in links if link.how == "symbol")
    if by_symbol:
        log.info("linked %d document(s) to their other language version by symbol", by_symbol)
    for link in links:
        if link.how != "symbol":
            log.info("%s", link.describe())


def aligned_groups(groups) -> int:
    """Return how many document groups have both language versions."""
    return sum(1 for docs in groups.values() if {"en", "ru"} <= {d.lang for d in docs})


