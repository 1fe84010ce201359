"""Building and updating the paragraph index on an OpenSearch cluster: the product's reading, linking and aligning.

The sources are read, their language versions linked and their paragraphs
aligned as for an index on disk (:mod:`indexer.build.pipeline`,
:mod:`indexer.build.incremental`); the records go to a new generation of the
index on the cluster, published by moving its alias
(:mod:`indexer.engine.opensearch.writing`), with the manifest of its sources
beside it (:mod:`indexer.engine.opensearch.generation_data`), so an update from
any machine reads only the files that changed.  A build may be shared among
machines (``part``, then :func:`publish_parts`).  Before the alias moves, the
lexicon is learned from the generation's aligned pairs in the cluster and kept
beside it (:mod:`indexer.build.cluster_lexicon`).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from indexer import parallel, timing
from indexer.align import pairing
from indexer.align.linking import link_versions
from indexer.build import cluster_lexicon, warm
from indexer.build.commit import Writes
from indexer.build.incremental import plan_update, stored_versions
from indexer.build.options import Options
from indexer.build.parts import Part
from indexer.build.pipeline import aligned_groups, checked_sources, read_files
from indexer.build.summary import BuildSummary
from indexer.build.update import update_summary
from indexer.build.watch import keep_updated
from indexer.engine.opensearch.connection import connect, refusals
from indexer.engine.opensearch.generation_data import read_data
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.opensearch import parts as cluster_parts
from indexer.engine.opensearch.writing import generation_name, live_number, publish, publish_update
from indexer.errors import IndexNotFound
from indexer.ingest import formats as parsing
from indexer.lexicon import glossary as glossary_mod
from indexer.lexicon.units import default_schema
from indexer.storage.manifest import Manifest, key, manifest_data, manifest_from

MANIFEST = "manifest"  # the item of a generation's data that lists its sources


def build(sources, name: str, *, url: str, part: Part | None = None, **options) -> BuildSummary:
    """Build a fresh index of everything under ``sources`` on the cluster at ``url``, published as alias ``name``.

    ``options`` are the fields of :class:`~indexer.build.options.Options`.  With ``part`` (K of N), only
    the files of part K are read (:mod:`indexer.build.parts`) and written into the generation the N parts
    share, which :func:`publish_parts` makes live once all are written.  Raises
    :class:`~indexer.errors.ClusterUnavailable` when the cluster cannot be used (before anything is read,
    when it is out of reach), :class:`~indexer.errors.WriterFailed` when paragraphs could not be written
    (nothing is published then).
    """
    opts = Options(**options)
    paths = checked_sources(sources)
    client = connect(url)
    started = time.perf_counter()
    found = parsing.survey(paths, follow_links=bool(opts.follow_links))
    files = [f for f in found.files if part.takes(f)] if part else found.files
    read = read_files(files, opts.on_file, max_bytes=opts.max_bytes, procs=opts.procs_for_files(files),
                      refused=found.refused)
    groups, links = link_versions(read.documents)
    pairs = pairing.pair_groups(groups, procs=opts.procs_for(sum(len(d.paragraphs) for d in read.documents)))
    by_lang = Counter(p.lang for d in read.documents for p in d.paragraphs)
    writes = Writes(read.documents, groups, pairs)
    manifest = Manifest(read.entries, tuple(key(s) for s in paths), bool(opts.follow_links))
    with refusals(url):
        if part is None:
            number = _publish(client, url, name, writes, opts, data={MANIFEST: manifest_data(manifest)})
        else:
            number = cluster_parts.open_part(client, name, part.count)
            cluster_parts.write_part(client, name, number, part.number, part.count, writes.records(read.documents),
                                     manifest_data(manifest), opts.on_paragraphs)
    return BuildSummary(
        index_dir=name, generation=number, files=len(files), documents=len(read.documents),
        paragraphs=sum(by_lang.values()), by_lang=dict(by_lang), failures=tuple(read.failures),
        seconds=time.perf_counter() - started, links=tuple(links), aligned_groups=aligned_groups(groups),
        added=sum(1 for e in read.entries.values() if e.doc_ids), changed=len(files) + len(found.refused),
    )


def _publish(client, url: str, name: str, writes: Writes, opts: Options, data: dict) -> int:
    """Write the records of ``writes`` into a new generation of ``name`` and publish it; return its number.

    With several processes, the words are analyzed once before they fork
    (:mod:`indexer.build.warm`), and the lexicon is learned from the records
    while they are written (:class:`~indexer.build.cluster_lexicon.EarlyLexicon`).
    """
    procs = opts.procs_for(writes.paragraphs())
    glossaries = glossary_mod.for_build(opts.glossary)
    early = None
    if procs > 1 and parallel.can_fork() and writes.documents:
        with timing.step("analyzed the words of the paragraphs"):
            warm.warm(default_schema(), writes.documents, procs)
        early = cluster_lexicon.EarlyLexicon(writes, glossaries, procs)
    try:
        learn = cluster_lexicon.learner(url, client, glossaries, procs, early=early)
        return publish(client, name, writes.records(writes.documents), opts.on_paragraphs, data=data, learn=learn,
                       procs=procs)
    finally:
        if early is not None:
            early.close()


def publish_parts(name: str, *, url: str) -> tuple[int, int]:
    """Make the generation of ``name`` written in parts (``build --part K/N`` on each machine) live once every
    part is written, the lexicon learned from its aligned pairs (with the glossaries of ``$UN_SEARCH_GLOSSARY``);
    return its number and paragraphs."""
    client = connect(url)
    with refusals(url):
        return cluster_parts.publish_parts(client, name, cluster_lexicon.learner(url, client,
                                                                                 glossary_mod.for_build()))


def update(sources, name: str, *, url: str, **options) -> BuildSummary:
    """Bring the index ``name`` on the cluster at ``url`` up to date with ``sources`` (default: those it was
    built from), as :func:`indexer.build.update.update` does on disk: only new and changed files are read, the
    documents they touch written into a new generation (a clone of the live one) and the alias moved to it.
    Without an index of that name this is a full build."""
    opts = Options(**options)
    started = time.perf_counter()
    client = connect(url)
    with refusals(url):
        live = live_number(client, name)
        if not live:
            return build(sources, name, url=url, **options)
        data = read_data(client, name, live, MANIFEST)
    if data is None:
        raise IndexNotFound(f"the index {name!r} on OpenSearch keeps no list of its sources (built before updates "
                            f"were possible): build it again with `python -m indexer build SOURCES --opensearch URL "
                            f"--index {name}`")
    manifest = manifest_from(data)
    searcher = Searcher(url, generation_name(name, live), client)
    follow_links = manifest.follow_links if opts.follow_links is None else opts.follow_links
    plan = plan_update(None, None, manifest, checked_sources(sources or manifest.sources), on_file=opts.on_file,
                       max_bytes=opts.max_bytes, follow_links=follow_links, stored=_Stored(searcher))
    number = live
    if plan.writes or plan.manifest != manifest:
        writes = Writes(plan.write_documents, plan.groups, plan.pairs)
        with refusals(url):
            learn = cluster_lexicon.learner(url, client, glossary_mod.for_build(opts.glossary),
                                            opts.procs_for(len(plan.write_documents)))
            number = publish_update(client, name, live, plan.delete_doc_ids, writes.records(plan.write_documents),
                                    opts.on_paragraphs, data={MANIFEST: manifest_data(plan.manifest)}, learn=learn)
    figures = Searcher(url, generation_name(name, number), client).stats()
    counts = (figures["documents"], figures["paragraphs"], {**figures["by_lang"], **figures["by_lang_other"]})
    return update_summary(name, number, plan, time.perf_counter() - started, counts)


def watch(sources, name: str, *, url: str, options: dict, **watching) -> None:
    """Keep the index ``name`` on the cluster at ``url`` up to date with ``sources`` (default: those it was
    built from), an :func:`update` after each settled batch of changes, until stopped
    (:func:`indexer.build.watch.keep_updated`, whose ``watching`` keywords these are).  No lock is held: the
    cluster's generations are written by whoever updates, one at a time."""
    keep_updated(lambda found: update(found, name, url=url, **options), list(sources),
                 lambda: recorded_sources(url, name), None, **watching)


def recorded_sources(url: str, name: str) -> list[Path]:
    """Return the sources the live generation of ``name`` on the cluster at ``url`` was built from."""
    client = connect(url)
    with refusals(url):
        data = read_data(client, name, live_number(client, name), MANIFEST)
    return [Path(source) for source in manifest_from(data).sources] if data else []


class _Stored:
    """The documents of the live generation on the cluster, as the update's plan reads them (the cluster's
    counterpart of :class:`indexer.build.incremental._Stored`)."""

    def __init__(self, searcher: Searcher):
        self._searcher = searcher
        self._heads: list[dict] | None = None
        self._members: dict[str, set] = {}

    def group_of(self, doc_id: str) -> str | None:
        """Return the group key of a document, or None when the index does not hold it."""
        head = self._searcher.document(doc_id=doc_id, position=0)
        return head["group"] if head else None

    def members(self, group: str) -> set:
        """Return the ids of the documents of a group (empty for a group the index does not hold)."""
        if group not in self._members:
            self._members[group] = {fields["doc_id"] for fields in self._searcher.where(group=group, position=0)}
        return self._members[group]

    def alone_by_symbol(self) -> set:
        """Return the documents that no other version shares a symbol with: those content linking may pair."""
        if self._heads is None:
            self._heads = self._searcher.heads()
        symbol_of = {f["doc_id"]: f.get("symbol_key") or f"doc:{f['doc_id']}" for f in self._heads}
        counts = Counter(symbol_of.values())
        return {d for d, k in symbol_of.items() if counts[k] == 1}

    def versions(self, doc_ids) -> list:
        """Return the documents ``doc_ids`` rebuilt from their stored paragraphs, in id order."""
        return stored_versions(lambda doc_id: self._searcher.where(doc_id=doc_id), doc_ids)
