"""Updating an index: read only the files that changed, rewrite the documents they touch, publish.

``update`` re-reads only the files whose content hash changed (or that are
new), removes the documents of deleted files, re-links and re-aligns the
document groups they touch (:mod:`indexer.build.incremental` plans it), and
writes the result as a new generation that shares the unchanged segments of
the live one.  Without a live index it is a full build
(:mod:`indexer.build.pipeline`).
"""

from __future__ import annotations

import logging
import time

from indexer.build.commit import Writes, commit_generation
from indexer.build.incremental import plan_update
from indexer.build.options import Options
from indexer.build.pipeline import aligned_groups, build_locked, checked_sources
from indexer.build.summary import BuildSummary
from indexer.lexicon import dictionary as dictionary_mod
from indexer.lexicon import glossary as glossary_mod
from indexer.storage import generations as store
from indexer.storage import repair
from indexer.storage.lock import WriterLock
from indexer.storage.manifest import key
from indexer.storage.stats import index_stats

log = logging.getLogger(__name__)


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
    started = time.perf_counter()
    state = repair.assess(index_dir)  # a lost CURRENT is recovered, a damaged live generation is rebuilt
    store.discard_unpublished(index_dir)
    live, manifest = state.live, state.manifest
    sources = checked_sources(sources or manifest.sources)
    if live is None:
        return build_locked(sources, index_dir, opts)
    glossaries = glossary_mod.for_build(opts.glossary, live.path)
    dictionary_mod.locate()
    follow_links = manifest.follow_links if opts.follow_links is None else opts.follow_links
    plan = plan_update(index_dir, live, manifest, sources, on_file=opts.on_file, max_bytes=opts.max_bytes,
                       follow_links=follow_links)
    generation = live.number
    if plan.writes or plan.manifest != manifest:
        generation = _commit_plan(index_dir, live, plan, opts, glossaries)
    return update_summary(index_dir, generation, plan, time.perf_counter() - started, _counts(index_dir))


def _commit_plan(index_dir, live, plan, opts: Options, glossaries: list) -> int:
    """Write the plan into a new generation cloned from ``live``, publish it, and return its number."""
    gen = store.clone_generation(index_dir, live)
    writes = Writes(plan.write_documents, plan.groups, plan.pairs, tuple(sorted(plan.delete_doc_ids)))
    paragraphs = writes.paragraphs()
    log.info("deleting %d documents, writing %d paragraphs of %d documents into %s",
             len(plan.delete_doc_ids), paragraphs, len(plan.write_documents), gen.name)
    info = {"sources": list(plan.manifest.sources), "updated_from": live.number}
    commit_generation(index_dir, gen, writes if plan.writes else None, procs=opts.procs_for(paragraphs),
                      limitmb=opts.limitmb, info=info, manifest=plan.manifest, glossaries=glossaries,
                      on_paragraphs=opts.on_paragraphs, fresh=False)
    return gen.number


def update_summary(index_dir, generation: int, plan, seconds: float, counts: tuple[int, int, dict]) -> BuildSummary:
    """Summarize an update: what the index holds now (``counts``: documents, paragraphs, paragraphs by language)
    and what changed."""
    documents, paragraphs, by_lang = counts
    indexed = {k for k, e in plan.read.entries.items() if e.doc_ids}
    failed = {key(f.path) for f in plan.read.failures} - indexed
    return BuildSummary(
        index_dir=str(index_dir), generation=generation, files=len(plan.manifest.files), documents=documents,
        paragraphs=paragraphs, by_lang=by_lang, failures=tuple(plan.read.failures), seconds=seconds,
        links=tuple(plan.links), aligned_groups=aligned_groups(plan.groups),
        added=sum(1 for p in plan.new + plan.retried if key(p) in indexed),
        updated=sum(1 for p in plan.edited if key(p) in indexed),
        removed=len(plan.removed), changed=len(indexed | failed) + len(plan.removed),
    )


def _counts(index_dir) -> tuple[int, int, dict]:
    """Return the documents, paragraphs and paragraphs by language the index holds now."""
    figures = index_stats(index_dir)
    by_lang = {**figures["by_lang"], **figures["by_lang_other"]}
    return figures["documents"], figures["paragraphs"], by_lang
