"""Building an index from sources: discover files, parse them, index paragraphs, publish.

A file that cannot be read is reported (name and reason) and the rest is
indexed.  The new index is written as a new generation and made live only when
complete (see :mod:`indexer.store`).
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
from indexer.pairing import pair_groups
from indexer.records import paragraph_record

log = logging.getLogger(__name__)

DEFAULT_LIMITMB = 256
PARALLEL_FROM = 5_000  # paragraphs; below this, starting worker processes costs more than it saves


def auto_procs(paragraphs: int) -> int:
    """Return how many writer processes suit a build of ``paragraphs`` on this machine."""
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
    """What a build did: documents and paragraphs indexed, files that failed, time taken."""

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

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict:
        """Return the summary as plain JSON-ready data."""
        return {
            "index": self.index_dir, "generation": self.generation, "files": self.files,
            "documents": self.documents, "paragraphs": self.paragraphs, "by_lang": dict(self.by_lang),
            "failures": [{"path": f.path, "reason": f.reason} for f in self.failures],
            "aligned_documents": self.aligned_groups,
            "links": [link.describe() for link in self.links],
            "seconds": round(self.seconds, 3),
        }


def read_sources(sources, on_file: Callable[[Path], None] | None = None) -> tuple[list[Document], list[Failure], int]:
    """Parse every file under ``sources``; return the documents, the failures and the number of files.

    Two documents with the same id (the same symbol and language) keep the
    first; the second is a failure naming the first.
    """
    documents: list[Document] = []
    failures: list[Failure] = []
    seen: dict[str, str] = {}
    files = parsing.discover(sources)
    for path in files:
        if on_file:
            on_file(path)
        try:
            parsed = parsing.parse_path(path)
        except InputError as exc:
            failures.append(Failure(str(path), exc.reason))
            log.warning("skipped %s: %s", path, exc.reason)
            continue
        except Exception as exc:  # a parser bug must not lose the rest of the corpus
            failures.append(Failure(str(path), f"could not be parsed: {type(exc).__name__}: {exc}"))
            log.exception("parser failed on %s", path)
            continue
        for doc in parsed:
            if doc.doc_id in seen:
                reason = f"same symbol and language as {seen[doc.doc_id]} ({doc.doc_id}); kept the first"
                failures.append(Failure(str(path), reason))
                log.warning("skipped %s: %s", path, reason)
                continue
            seen[doc.doc_id] = str(path)
            documents.append(doc)
    return documents, failures, len(files)


def write_generation(index_dir, documents: list[Document], *, procs: int = 1, limitmb: int = DEFAULT_LIMITMB,
                     on_paragraphs: Callable[[int], None] | None = None, info: dict | None = None,
                     groups: dict | None = None, pairs: dict | None = None):
    """Write ``documents`` into a new generation, publish it, and return it.

    ``groups`` maps group keys to linked documents, ``pairs`` paragraph ids to
    their :class:`~indexer.pairing.Counterparts`.
    """
    group_of = {d.doc_id: key for key, docs in (groups or {}).items() for d in docs}
    pairs = pairs or {}
    gen = store.new_generation(index_dir)
    try:
        ix = store.whoosh_index.open_dir(str(gen.path))
        kwargs = {"limitmb": limitmb}
        if procs > 1:
            kwargs.update(procs=procs, multisegment=True)
        writer = ix.writer(**kwargs)
        try:
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
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        store.write_meta(gen, **(info or {}))
    except BaseException:
        store.discard(gen)
        raise
    store.publish(index_dir, gen)
    return gen


def missing_sources(sources) -> list[str]:
    """Return the sources that do not exist."""
    return [str(s) for s in sources if not Path(s).exists()]


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
    started = time.perf_counter()
    sources = [Path(s) for s in sources]
    documents, failures, files = read_sources(sources, on_file=on_file)
    by_lang = Counter(p.lang for d in documents for p in d.paragraphs)
    paragraphs = sum(by_lang.values())
    info = {"sources": [str(s) for s in sources], "documents": len(documents), "paragraphs": paragraphs,
            "by_lang": dict(by_lang)}
    groups, links = link_versions(documents)
    for link in links:
        log.info("%s", link.describe())
    pairs = pair_groups(groups)
    if procs is None:
        procs = auto_procs(paragraphs)
    gen = write_generation(index_dir, documents, procs=procs, limitmb=limitmb,
                           on_paragraphs=on_paragraphs, info=info, groups=groups, pairs=pairs)
    return BuildSummary(
        index_dir=str(index_dir), generation=gen.number, files=files,
        documents=len(documents), paragraphs=paragraphs, by_lang=dict(by_lang),
        failures=tuple(failures), seconds=time.perf_counter() - started, links=tuple(links),
        aligned_groups=sum(1 for docs in groups.values() if {"en", "ru"} <= {d.lang for d in docs}),
    )
