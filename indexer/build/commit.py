"""Writing a new generation: delete and add documents, commit the segments, learn the lexicon, publish.

A :class:`Writes` says what a generation's writer does; :func:`commit_generation`
does it (in several processes when asked, :mod:`indexer.build.segment_writers`),
writes the lexicon and the files kept beside the generation, syncs it and makes
it the live one, or discards it on any failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterator

from indexer import parallel, timing
from indexer.build import prelearn, segment_writers, warm
from indexer.build.records import paragraph_record
from indexer.documents import Document
from indexer.engine import engine
from indexer.lexicon.units import default_schema
from indexer.storage import crosslang, lemma_table
from indexer.storage import generations as store
from indexer.storage.manifest import Manifest, write_manifest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Writes:
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


def commit_generation(index_dir, gen, writes, *, procs: int, limitmb: int, info: dict, manifest: Manifest,
                       glossaries: list, on_paragraphs=None, fresh: bool = True):
    """Do ``writes`` (:class:`Writes`, if any) in ``gen``, commit, learn the lexicon, sync and publish.

    A fresh build in several processes learns the lexicon while it writes
    (:mod:`indexer.build.prelearn`), in one of them: the others write, a
    segment each.  The generation is discarded on any failure.
    """
    analyzed = writes is not None and procs > 1 and parallel.can_fork() and bool(writes.documents)
    if analyzed:
        # once here, not again in each writing process nor in the learning one, which reads the words as written
        with timing.step("analyzed the words of the paragraphs"):
            warm.warm(default_schema(), writes.documents, procs)
    early = None
    if fresh and writes is not None and procs > 1 and parallel.can_fork():
        def pairs() -> list:  # the aligned pairs, in the index's order (in the learning process)
            return crosslang.beads(crosslang.paragraphs_of(writes.linked()))

        early = prelearn.Learning(pairs, procs=procs)  # before writing: learning takes longer
    try:
        writers = writing_processes(procs, early is not None)
        _commit_generation_with(index_dir, gen, writes, procs=procs, writers=writers, limitmb=limitmb, info=info,
                                manifest=manifest, glossaries=glossaries, on_paragraphs=on_paragraphs, fresh=fresh,
                                early=early, analyzed=analyzed)
    finally:
        if early is not None:
            early.close()


def writing_processes(procs: int, learning: bool) -> int:
    """Return how many of a build's ``procs`` processes write paragraphs, a segment each: all but the one
    ``learning`` the lexicon meanwhile.

    Each segment of an index is one more place every term of every search is
    read from (a search of one word costs a tenth more CPU in two segments
    than in one), while on two cores a build's time is the same with one
    writing process as with two: at 200,000 paragraphs the learning process
    and the writing ones then share the cores (126 s either way).

    >>> writing_processes(2, learning=True), writing_processes(4, learning=True), writing_processes(2, learning=False)
    (1, 3, 2)
    """
    return max(1, procs - 1) if learning else procs


def _commit_generation_with(index_dir, gen, writes, *, procs: int, writers: int, limitmb: int, info: dict,
                            manifest: Manifest, glossaries: list, on_paragraphs, fresh: bool, early, analyzed: bool):
    """Run :func:`commit_generation` with ``early``, the lexicon being learned meanwhile (or None), the paragraphs
    written by ``writers`` processes (``analyzed``: with the words analyzed before)."""
    try:
        if writes is not None:
            with timing.step(f"wrote and committed {gen.name}"):
                write_and_commit(gen, writes, procs=writers, limitmb=limitmb, on_paragraphs=on_paragraphs,
                                 analyzed=analyzed)
        with timing.step("wrote the lexicon and the paragraph links"):
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


def write_and_commit(gen, writes: Writes, *, procs: int, limitmb: int, on_paragraphs=None,
                     analyzed: bool = False) -> None:
    """Open a Whoosh writer on ``gen``, delete and write as ``writes`` says, and commit (cancel on any failure).

    ``analyzed``: the words of ``writes`` were analyzed before (:func:`indexer.build.warm.warm`), and the writer
    takes them as they were; otherwise it analyzes them as it writes (and so finds the Russian lemmas it keeps).

    With ``procs`` > 1 the paragraphs are written by that many processes into
    a segment each (:mod:`indexer.build.segment_writers`); every writer keeps its
    postings by term (:mod:`indexer.engine.posting_pool`).  The Russian lemmas the
    writing computed are kept with the generation (:mod:`indexer.storage.lemma_table`).
    """
    ix = engine().open_index(gen.path)
    try:
        writer = engine().writer(ix, limitmb=limitmb)
        try:
            for doc_id in writes.delete_doc_ids:
                writer.delete_by_term("doc_id", doc_id)
            if procs > 1 and parallel.can_fork() and len(writes.documents) > 1:
                log.info("writing in %d processes, a segment each, then committing %s", procs, gen.name)
                warm.share(default_schema(), writer.schema)  # the words analyzed before the processes fork
                found = segment_writers.write_and_commit(writer, writes.documents, writes.write, procs,
                                                         size=_text_size, limitmb=limitmb,
                                                         on_progress=on_paragraphs, gather=lemma_table.gather)
            else:
                log.info("writing in this process, then committing %s", gen.name)
                if analyzed:  # before the learning process forked
                    warm.share(default_schema(), writer.schema)
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
