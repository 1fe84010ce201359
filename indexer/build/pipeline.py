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
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from indexer import parallel

from indexer.files import shown
from indexer.ingest import formats as parsing
from indexer.ingest import unpacked

from indexer.engine import engine

from indexer.storage import generations as store
from indexer.lexicon import dictionary as dictionary_mod
from indexer.lexicon import glossary as glossary_mod
from indexer.documents import Document
from indexer.errors import InputError, SourceError
from indexer.align.linking import link_versions
from indexer.storage.lock import WriterLock
from indexer.storage.manifest import Entry, Manifest, file_digest, key, read_manifest, write_manifest
from indexer.build.records import paragraph_record

log = logging.getLogger(__name__)

DEFAULT_LIMITMB = 256
# Larger source files are refused.  A 50 MB text is some 350,000 paragraphs: tens of minutes of
# indexing and gigabytes of memory for one document; UN documents are far smaller than this limit.
MAX_FILE_MB = 16
PARALLEL_FROM = 5_000  # paragraphs; below this, starting worker processes costs more than it saves


def auto_procs(paragraphs: int) -> int:
    """Return how many writer processes suit writing ``paragraphs`` paragraphs on this machine."""
    if paragraphs < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


@dataclass(frozen=True)
class Failure:
    """A source file that was not indexed (its path as shown: control characters escaped), and why."""

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
    aligned_groups: int = 0  # document groups with both language versions aligned (by an update: anew)
    added: int = 0  # files whose documents are new in the index
    updated: int = 0  # changed files, read again
    removed: int = 0  # files gone from the sources
    changed: int = 0  # files that differ from the index (new, changed, removed, or failed now)

    @property
    def ok(self) -> bool:
        return not self.failures

    def changes_line(self) -> str:
        """Return ``N changed: A added, U updated, R removed, F failed (T s)``."""
        return (f"{self.changed} changed: {self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{len(self.failures)} failed ({self.seconds:.2f} s)")

    def as_dict(self) -> dict:
        """Return the summary as plain JSON-ready data."""
        return {
            "index": self.index_dir, "generation": self.generation, "files": self.files,
            "documents": self.documents, "paragraphs": self.paragraphs, "by_lang": dict(self.by_lang),
            "changed": self.changed, "added": self.added, "updated": self.updated, "removed": self.removed,
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


@dataclass(frozen=True)
class _Writes:
    """What a new generation's writer does: delete documents, then add the paragraphs of others."""

    documents: list
    groups: dict
    pairs: dict
    delete_doc_ids: tuple = ()

    def paragraphs(self) -> int:
        return sum(len(d.paragraphs) for d in self.documents)

    def records(self, documents) -> Iterator[list[dict]]:
        """Yield, per document of ``documents`` (some of :attr:`documents`), the records of its paragraphs."""
        group_of = {d.doc_id: k for k, docs in self.groups.items() for d in docs}
        pairs = self.pairs
        for doc in documents:
            group = group_of.get(doc.doc_id, f"doc:{doc.doc_id}")
            found = []
            for p in doc.paragraphs:
                counterpart = pairs.get(p.id)
                found.append(paragraph_record(
                    doc, p, group=group,
                    aligned=counterpart.ids if counterpart else (),
                    align_conf=round(counterpart.confidence, 3) if counterpart else None,
                ))
            yield found

    def linked(self) -> Iterator[dict]:
        """Yield, per paragraph of :attr:`documents` in writing order, the fields of its record that say
        what it is linked to (all :func:`indexer.storage.crosslang.paragraphs_of` reads), without making the record."""
        pairs = self.pairs
        for doc in self.documents:
            for p in doc.paragraphs:
                counterpart = pairs.get(p.id)
                yield {"id": p.id, "lang": p.lang, "text": p.text,
                       "aligned": counterpart.ids if counterpart else (),
                       "align_conf": round(counterpart.confidence, 3) if counterpart else None}

    def write(self, writer, documents, on_paragraphs) -> None:
        """Add the records of ``documents`` (some of :attr:`documents`) to an open writer.

        The rows the lexicon's learning reads of the writer's new segment are
        kept beside it (:func:`indexer.storage.crosslang.keep_segment_rows`).
        """
        from indexer.storage import crosslang

        rows = []
        for found in self.records(documents):
            for record in found:
                if (row := crosslang.row_of(writer.docnum - writer.docbase, record)) is not None:
                    rows.append(row)
                writer.add_document(**record)
            if on_paragraphs:
                on_paragraphs(len(found))
        if writer.docnum > writer.docbase:
            crosslang.keep_segment_rows(writer.storage.folder, writer.newsegment.segment_id(),
                                        writer.docnum - writer.docbase, rows)


def _text_size(doc: Document) -> int:
    """Return how much writing a document costs, roughly: its characters and a share per paragraph."""
    return sum(len(p.text) + 200 for p in doc.paragraphs)


def _commit_generation(index_dir, gen, writes, *, procs: int, limitmb: int, info: dict, manifest: Manifest,
                       glossaries: list, on_paragraphs=None, fresh: bool = True):
    """Do ``writes`` (:class:`_Writes`, if any) in ``gen``, commit, learn the lexicon, sync and publish.

    A fresh build in several processes learns the lexicon while it writes
    (:mod:`indexer.build.prelearn`).  The generation is discarded on any failure.
    """
    early = None
    if fresh and writes is not None and procs > 1 and parallel.can_fork():
        from indexer.storage import crosslang
        from indexer.build import prelearn

        def pairs() -> list:  # the aligned pairs, in the index's order (in the learning process)
            return crosslang.beads(crosslang.paragraphs_of(writes.linked()))

        early = prelearn.Learning(pairs)
    try:
        _commit_generation_with(index_dir, gen, writes, procs=procs, limitmb=limitmb, info=info, manifest=manifest,
                                glossaries=glossaries, on_paragraphs=on_paragraphs, fresh=fresh, early=early)
    finally:
        if early is not None:
            early.close()


def _commit_generation_with(index_dir, gen, writes, *, procs: int, limitmb: int, info: dict, manifest: Manifest,
                            glossaries: list, on_paragraphs, fresh: bool, early):
    """Run :func:`_commit_generation` with ``early``, the lexicon being learned meanwhile (or None)."""
    try:
        if writes is not None:
            _write_and_commit(gen, writes, procs=procs, limitmb=limitmb, on_paragraphs=on_paragraphs)
        from indexer.storage import crosslang  # the lexicon's learning (and numpy), only when there is an index to write

        lexicon = crosslang.write(gen.path, glossaries, procs=procs, changed=writes is not None, fresh=fresh,
                                  early=early)
        info = {**info, "lexicon": {"units": lexicon.units, "aligned_pairs": lexicon.pairs,
                                    "seconds": round(lexicon.seconds, 3), "learned": lexicon.learned,
                                    "dictionary": lexicon.dictionary}}
        store.write_meta(gen, **info)
        write_manifest(gen, manifest)
        store.sync_generation(gen)
    except BaseException:
        store.discard(gen)
        raise
    store.publish(index_dir, gen)
    log.info("published %s", gen.name)


def _write_and_commit(gen, writes: _Writes, *, procs: int, limitmb: int, on_paragraphs=None) -> None:
    """Open a Whoosh writer on ``gen``, delete and write as ``writes`` says, and commit (cancel on any failure).

    With ``procs`` > 1 the paragraphs are written by that many processes into
    a segment each (:mod:`indexer.build.segment_writers`); every writer keeps its
    postings by term (:mod:`indexer.engine.posting_pool`).  The Russian lemmas the
    writing computed are kept with the generation (:mod:`indexer.storage.lemma_table`).
    """
    from indexer.storage import lemma_table

    ix = engine().open_index(gen.path)
    try:
        writer = engine().writer(ix, limitmb=limitmb)
        try:
            for doc_id in writes.delete_doc_ids:
                writer.delete_by_term("doc_id", doc_id)
            if procs > 1 and parallel.can_fork() and len(writes.documents) > 1:
                from indexer.build import segment_writers

                log.info("writing in %d processes, a segment each, then committing %s", procs, gen.name)
                found = segment_writers.write_and_commit(writer, writes.documents, writes.write, procs,
                                                         size=_text_size, limitmb=limitmb,
                                                         on_progress=on_paragraphs, gather=lemma_table.gather)
            else:
                writes.write(writer, writes.documents, on_paragraphs)
                found = None
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        if found is None:
            log.info("committing %s", gen.name)
            writer.commit()
            found = [lemma_table.gather()]
    finally:
        ix.close()
    log.info("%d Russian word forms with their lemmas kept", lemma_table.write(gen.path, *found))


def _counts(index_dir) -> tuple[int, int, dict]:
    from indexer.storage.stats import index_stats

    figures = index_stats(index_dir)
    by_lang = {**figures["by_lang"], **figures["by_lang_other"]}
    return figures["documents"], figures["paragraphs"], by_lang


@dataclass(frozen=True)
class Options:
    """How to build: writer processes and memory, the file size limit, progress callbacks."""

    procs: int | None = None
    limitmb: int = DEFAULT_LIMITMB
    max_file_mb: int = MAX_FILE_MB
    on_file: Callable[[Path], None] | None = None
    on_paragraphs: Callable[[int], None] | None = None
    glossary: Path | None = None  # a user's glossary (see :func:`indexer.lexicon.glossary.user_glossary`)
    follow_links: bool | None = None  # read links to files outside the sources; None: as the index was built (no)

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb << 20

    def procs_for(self, paragraphs: int) -> int:
        return self.procs or auto_procs(paragraphs)

    def procs_for_files(self, files) -> int:
        """Return how many processes should read ``files``: by their size, about 500 bytes a paragraph."""
        if self.procs:
            return self.procs
        size = 0
        for path in files:
            try:
                size += Path(path).stat().st_size
            except OSError:
                continue
        return auto_procs(size // 500)


def build(sources, index_dir, **options) -> BuildSummary:
    """Build a fresh index of everything under ``sources`` into ``index_dir`` and return a summary.

    ``options`` are the fields of :class:`Options`.  Holds the index's writer
    lock throughout; raises :class:`~indexer.errors.IndexLocked` when another
    writer has it, :class:`~indexer.errors.SourceError` when a source does not exist.
    """
    with WriterLock(index_dir, purpose="build"):
        return _build(_checked(sources), index_dir, Options(**options))


def _checked(sources) -> list[Path]:
    """Return the sources as paths; raise :class:`SourceError` when there are none or one does not exist."""
    if not sources:
        raise SourceError("no sources to index: name the folders or files")
    missing = missing_sources(sources)
    if missing:
        raise SourceError(f"no such file or folder: {', '.join(missing)}")
    return [Path(s) for s in sources]


def _build(sources, index_dir, opts: Options) -> BuildSummary:
    """Build a fresh index; the caller holds the writer lock."""
    from indexer.align import pairing  # the aligner brings numpy in: imported only when there is work to do

    glossaries = glossary_mod.for_build(opts.glossary)
    dictionary_mod.locate()  # a dictionary set but unusable stops the build before it starts
    started = time.perf_counter()
    store.discard_unpublished(index_dir)
    found = parsing.survey(sources, exclude=[index_dir], follow_links=bool(opts.follow_links))
    files = found.files
    read = read_files(files, opts.on_file, max_bytes=opts.max_bytes, procs=opts.procs_for_files(files),
                      refused=found.refused)
    groups, links = link_versions(read.documents)
    _log_links(links)
    pairs = pairing.pair_groups(groups, procs=opts.procs_for(sum(len(d.paragraphs) for d in read.documents)))
    by_lang = Counter(p.lang for d in read.documents for p in d.paragraphs)
    paragraphs = sum(by_lang.values())
    gen = store.new_generation(index_dir)
    manifest = Manifest(read.entries, tuple(key(s) for s in sources), bool(opts.follow_links))
    info = {"sources": list(manifest.sources), "documents": len(read.documents), "paragraphs": paragraphs}
    log.info("writing %d paragraphs of %d documents into %s", paragraphs, len(read.documents), gen.name)
    _commit_generation(
        index_dir, gen, _Writes(read.documents, groups, pairs),
        procs=opts.procs_for(paragraphs), limitmb=opts.limitmb, info=info, manifest=manifest,
        glossaries=glossaries, on_paragraphs=opts.on_paragraphs,
    )
    indexed = sum(1 for e in read.entries.values() if e.doc_ids)
    return BuildSummary(
        index_dir=str(index_dir), generation=gen.number, files=len(files),
        documents=len(read.documents), paragraphs=paragraphs, by_lang=dict(by_lang),
        failures=tuple(read.failures), seconds=time.perf_counter() - started, links=tuple(links),
        aligned_groups=_aligned_groups(groups), added=indexed, changed=len(files) + len(found.refused),
    )


def _log_links(links) -> None:
    """Log how the versions were linked: a count for those linked by symbol, a line for each content decision."""
    by_symbol = sum(1 for link in links if link.how == "symbol")
    if by_symbol:
        log.info("linked %d document(s) to their other language version by symbol", by_symbol)
    for link in links:
        if link.how != "symbol":
            log.info("%s", link.describe())


def _aligned_groups(groups) -> int:
    return sum(1 for docs in groups.values() if {"en", "ru"} <= {d.lang for d in docs})


def update(sources, index_dir, **options) -> BuildSummary:
    """Bring the index up to date with ``sources`` (default: those it was built from); return a summary.

    Only files that are new or whose content hash changed are parsed; documents
    of files removed from the sources are removed from the index.  Without a
    live index this is a full build.  ``options`` are the fields of :class:`Options`.
    The lexicon is learned anew when the aligned pairs or the glossaries changed,
    with the glossary the index was built with unless ``glossary`` names another.
    """
    with WriterLock(index_dir, purpose="update"):
        return update_locked(sources, index_dir, Options(**options))


def update_locked(sources, index_dir, opts: Options) -> BuildSummary:
    """Run :func:`update` for a caller that holds the index's writer lock (``update --watch``)."""
    from indexer.build.incremental import plan_update

    started = time.perf_counter()
    store.discard_unpublished(index_dir)
    live = store.current_generation(index_dir)
    manifest = read_manifest(live)
    sources = _checked(sources or manifest.sources)
    if live is None:
        return _build(sources, index_dir, opts)
    glossaries = glossary_mod.for_build(opts.glossary, live.path)
    dictionary_mod.locate()
    follow_links = manifest.follow_links if opts.follow_links is None else opts.follow_links
    plan = plan_update(index_dir, live, manifest, sources, on_file=opts.on_file, max_bytes=opts.max_bytes,
                       follow_links=follow_links)
    generation = live.number
    if plan.writes or plan.manifest != manifest:
        generation = _commit_plan(index_dir, live, plan, opts, glossaries)
    return _update_summary(index_dir, generation, plan, time.perf_counter() - started)


def _commit_plan(index_dir, live, plan, opts: Options, glossaries: list) -> int:
    """Write the plan into a new generation cloned from ``live``, publish it, and return its number."""
    gen = store.clone_generation(index_dir, live)

    writes = _Writes(plan.write_documents, plan.groups, plan.pairs, tuple(sorted(plan.delete_doc_ids)))
    paragraphs = writes.paragraphs()
    log.info("deleting %d documents, writing %d paragraphs of %d documents into %s",
             len(plan.delete_doc_ids), paragraphs, len(plan.write_documents), gen.name)
    info = {"sources": list(plan.manifest.sources), "updated_from": live.number}
    _commit_generation(index_dir, gen, writes if plan.writes else None, procs=opts.procs_for(paragraphs),
                       limitmb=opts.limitmb, info=info, manifest=plan.manifest, glossaries=glossaries,
                       on_paragraphs=opts.on_paragraphs, fresh=False)
    return gen.number


def _update_summary(index_dir, generation: int, plan, seconds: float) -> BuildSummary:
    """Summarize an update: what the index holds now and what changed."""
    documents, paragraphs, by_lang = _counts(index_dir)
    indexed = {k for k, e in plan.read.entries.items() if e.doc_ids}
    failed = {key(f.path) for f in plan.read.failures} - indexed
    return BuildSummary(
        index_dir=str(index_dir), generation=generation, files=len(plan.manifest.files), documents=documents,
        paragraphs=paragraphs, by_lang=by_lang, failures=tuple(plan.read.failures), seconds=seconds,
        links=tuple(plan.links), aligned_groups=_aligned_groups(plan.groups),
        added=sum(1 for p in plan.new + plan.retried if key(p) in indexed),
        updated=sum(1 for p in plan.edited if key(p) in indexed),
        removed=len(plan.removed), changed=len(indexed | failed) + len(plan.removed),
    )
