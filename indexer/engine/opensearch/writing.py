"""Building the paragraph index on OpenSearch: a new index per generation, published by moving an alias.

``NAME`` is an alias; each build writes ``NAME-000001``, ``NAME-000002`` …
(the next number), in bulk, and only when every paragraph is in and the
index is searchable moves the alias to it, in one ``_aliases`` request
(removing it from the previous index and adding it to the new one at once),
so a searcher sees the old index or the new one, never a part.  The previous
index is kept (to go back to); older ones are deleted.  The sources are read,
linked and aligned by the product's own pipeline; only the writing is here.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter

from opensearchpy import helpers

from indexer.align import pairing
from indexer.align.linking import link_versions
from indexer.build.commit import Writes
from indexer.build.options import Options
from indexer.build.pipeline import aligned_groups, checked_sources, read_files
from indexer.build.summary import BuildSummary
from indexer.engine.opensearch.connection import connect, unavailable
from indexer.engine.opensearch.mapping import Documents, index_body
from indexer.errors import ClusterUnavailable, IndexerError, WriterFailed
from indexer.ingest import formats as parsing

log = logging.getLogger(__name__)

SHARDS = 3
CHUNK = 500  # documents per bulk request
THREADS = 2
RETRIES = 5  # bulk retries of documents the cluster turned away as too busy (HTTP 429), with back-off
BACKOFF = 1  # seconds before the first retry; doubled each time


def generations(client, name: str) -> list[int]:
    """Return the numbers of the indices ``NAME-NNNNNN`` that exist, ascending."""
    pattern = re.compile(re.escape(name) + r"-(\d{6})")
    found = client.indices.get(index=f"{name}-*", expand_wildcards="open,closed", ignore_unavailable=True)
    return sorted(int(m.group(1)) for index in found if (m := pattern.fullmatch(index)))


def generation_name(name: str, number: int) -> str:
    return f"{name}-{number:06d}"


def build(sources, name: str, *, url: str, **options) -> BuildSummary:
    """Build a fresh index of everything under ``sources`` on the cluster at ``url``, published as alias ``name``.

    ``options`` are the fields of :class:`~indexer.build.options.Options` (glossaries and the lexicon are not
    yet built on OpenSearch).  Raises :class:`~indexer.errors.ClusterUnavailable` when the cluster cannot be
    used, :class:`~indexer.errors.WriterFailed` when paragraphs could not be written (nothing is published then).
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
    try:
        number = publish(client, name, Writes(read.documents, groups, pairs), opts.on_paragraphs)
    except IndexerError:
        raise
    except Exception as exc:  # the cluster's refusals, in one line without credentials
        raise unavailable(url, exc) from None
    return BuildSummary(
        index_dir=name, generation=number, files=len(found.files), documents=len(read.documents),
        paragraphs=sum(by_lang.values()), by_lang=dict(by_lang), failures=tuple(read.failures),
        seconds=time.perf_counter() - started, links=tuple(links), aligned_groups=aligned_groups(groups),
        added=sum(1 for e in read.entries.values() if e.doc_ids), changed=len(found.files) + len(found.refused),
    )


def publish(client, name: str, writes: Writes, on_paragraphs=None) -> int:
    """Write ``writes`` into a new generation of ``name``, move the alias to it, drop the older ones; return its
    number."""
    if client.indices.exists(index=name) and not client.indices.exists_alias(name=name):
        raise ClusterUnavailable(f"{name!r} is an index, not an alias of generations: choose another name")
    numbers = generations(client, name)
    number = (numbers[-1] if numbers else 0) + 1
    index = generation_name(name, number)
    nodes = int(client.cluster.health()["number_of_nodes"])
    client.indices.create(index=index, body=index_body(SHARDS, min(1, nodes - 1)))
    started = time.perf_counter()
    try:
        written = write(client, index, writes, on_paragraphs)
        client.indices.refresh(index=index)
        client.cluster.health(index=index, wait_for_status="yellow", timeout="60s", request_timeout=70)
        counted = client.count(index=index)["count"]
        if counted != written:
            raise WriterFailed(f"{index} holds {counted} paragraphs of {written} written")
    except BaseException:
        client.indices.delete(index=index, ignore_unavailable=True)
        raise
    move_alias(client, name, index)
    for older in [n for n in numbers if n < number - 1]:
        client.indices.delete(index=generation_name(name, older), ignore_unavailable=True)
    log.info("%s now names %s (%d paragraphs written in %.1f s)", name, index, written, time.perf_counter() - started)
    return number


def write(client, index: str, writes: Writes, on_paragraphs=None) -> int:
    """Bulk-index the paragraphs of ``writes`` into ``index`` (in parallel; those turned away as too busy are
    sent again with back-off); return how many were written."""
    documents = Documents()
    actions = {}

    def each():
        for found in writes.records(writes.documents):
            for record in found:
                action = documents.action(index, record)
                actions[action["_id"]] = action
                yield action
            if on_paragraphs:
                on_paragraphs(len(found))

    busy, failed = [], []
    for ok, item in helpers.parallel_bulk(client, each(), thread_count=THREADS, chunk_size=CHUNK,
                                          raise_on_error=False, raise_on_exception=True):
        if not ok:
            result = next(iter(item.values()))
            (busy if result.get("status") == 429 else failed).append(result)
    if busy:
        retried = [actions[result["_id"]] for result in busy]
        for ok, item in helpers.streaming_bulk(client, retried, chunk_size=CHUNK, max_retries=RETRIES,
                                               initial_backoff=BACKOFF, raise_on_error=False):
            if not ok:
                failed.append(next(iter(item.values())))
    if failed:
        first = failed[0]
        raise WriterFailed(f"{len(failed)} paragraph(s) could not be written to {index}, the first "
                           f"{first.get('_id')}: {first.get('error')}")
    return len(actions)


def move_alias(client, name: str, index: str) -> None:
    """Point the alias ``name`` at ``index`` and at nothing else, in one atomic request."""
    holders = list(client.indices.get_alias(name=name, ignore_unavailable=True)) \
        if client.indices.exists_alias(name=name) else []
    steps = [{"remove": {"index": held, "alias": name}} for held in holders if held != index]
    client.indices.update_aliases(body={"actions": [*steps, {"add": {"index": index, "alias": name}}]})

