"""Building the paragraph index on an OpenSearch cluster: the product's reading, linking and aligning, written there.

The sources are read, their language versions linked and their paragraphs
aligned as for a build on disk (:mod:`indexer.build.pipeline`); the records
go to a new generation of the index on the cluster, published by moving its
alias (:mod:`indexer.engine.opensearch.writing`).  Not yet on OpenSearch:
updates, glossaries and the lexicon.
"""

from __future__ import annotations

import time
from collections import Counter

from indexer.align import pairing
from indexer.align.linking import link_versions
from indexer.build.commit import Writes
from indexer.build.options import Options
from indexer.build.pipeline import aligned_groups, checked_sources, read_files
from indexer.build.summary import BuildSummary
from indexer.engine.opensearch.connection import connect, refusals
from indexer.engine.opensearch.writing import publish
from indexer.ingest import formats as parsing


def build(sources, name: str, *, url: str, **options) -> BuildSummary:
    """Build a fresh index of everything under ``sources`` on the cluster at ``url``, published as alias ``name``.

    ``options`` are the fields of :class:`~indexer.build.options.Options`.  Raises
    :class:`~indexer.errors.ClusterUnavailable` when the cluster cannot be used (before anything is read,
    when it is out of reach), :class:`~indexer.errors.WriterFailed` when paragraphs could not be written
    (nothing is published then).
    """
    opts = Options(**options)
    paths = checked_sources(sources)
    client = connect(url)
    started = time.perf_counter()
    found = parsing.survey(paths, follow_links=bool(opts.follow_links))
    read = read_files(found.files, opts.on_file, max_bytes=opts.max_bytes, procs=opts.procs_for_files(found.files),
                      refused=found.refused)
    groups, links = link_versions(read.documents)
    pairs = pairing.pair_groups(groups, procs=opts.procs_for(sum(len(d.paragraphs) for d in read.documents)))
    by_lang = Counter(p.lang for d in read.documents for p in d.paragraphs)
    writes = Writes(read.documents, groups, pairs)
    with refusals(url):
        number = publish(client, name, writes.records(read.documents), opts.on_paragraphs)
    return BuildSummary(
        index_dir=name, generation=number, files=len(found.files), documents=len(read.documents),
        paragraphs=sum(by_lang.values()), by_lang=dict(by_lang), failures=tuple(read.failures),
        seconds=time.perf_counter() - started, links=tuple(links), aligned_groups=aligned_groups(groups),
        added=sum(1 for e in read.entries.values() if e.doc_ids), changed=len(found.files) + len(found.refused),
    )
