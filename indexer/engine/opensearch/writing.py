"""Building the paragraph index on OpenSearch: a new index per generation, published by moving an alias.

``NAME`` is an alias; each build writes ``NAME-000001``, ``NAME-000002`` …
(the next number), in bulk, and only when every paragraph is in and the
index is searchable moves the alias to it, in one ``_aliases`` request
(removing it from the previous index and adding it to the new one at once),
so a searcher sees the old index or the new one, never a part.  The previous
index is kept (to go back to); older ones are deleted.  The records come from
the product's own pipeline (:mod:`indexer.build.on_opensearch`).
"""

from __future__ import annotations

import logging
import os
import re
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterable

from opensearchpy import exceptions as os_errors
from opensearchpy import helpers

from indexer import parallel
from indexer.engine.opensearch.generation_data import drop_data, write_data
from indexer.engine.opensearch.mapping import ANALYZED, Documents, index_body, similarity_for
from indexer.errors import ClusterUnavailable, WriterFailed

log = logging.getLogger(__name__)

SHARDS_ENV = "UN_SEARCH_OPENSEARCH_SHARDS"
# A generation's primaries unless $UN_SEARCH_OPENSEARCH_SHARDS says: one answers a search in one pass (no round of
# term statistics between shards, no shard's answer waiting for another's), the faster on a small machine and
# for millions of paragraphs; a corpus many times larger, or many machines writing it, can take more.
SHARDS = 1
MOST_SHARDS = 1024
CHUNK = 500  # documents per bulk request
THREADS = 2
BATCH = 200  # paragraphs a process makes the terms of at a time
RETRIES = 5  # bulk retries of documents the cluster turned away as too busy (HTTP 429), with back-off
BACKOFF = 1  # seconds before the first retry; doubled each time
SETTING_TRIES = 5  # attempts at setting a closed index's scoring
COPY_WAIT = 120  # seconds a build waits for its replicas to be copied before it goes live


def generations(client, name: str) -> list[int]:
    """Return the numbers of the indices ``NAME-NNNNNN`` that exist, ascending."""
    pattern = re.compile(re.escape(name) + r"-(\d{6})")
    found = client.indices.get(index=f"{name}-*", expand_wildcards="open,closed", ignore_unavailable=True)
    return sorted(int(m.group(1)) for index in found if (m := pattern.fullmatch(index)))


def generation_number(index: str) -> int | None:
    """Return the number of a generation's index (``NAME-000007``: 7), or None for another name."""
    found = re.search(r"-(\d{6})$", index)
    return int(found.group(1)) if found else None


def live_number(client, name: str) -> int:
    """Return the number of the generation the alias ``name`` names (0: none yet)."""
    if not client.indices.exists_alias(name=name):
        return 0
    return max((generation_number(index) or 0) for index in client.indices.get_alias(name=name))


def generation_name(name: str, number: int) -> str:
    return f"{name}-{number:06d}"


def publish(client, name: str, records: Iterable[list[dict]], on_paragraphs=None, data: dict | None = None,
            learn=None, procs: int = 1) -> int:
    """Write ``records`` (paragraph records, a list per document; their terms made by ``procs`` processes) into a
    new generation of ``name``, with its ``data`` beside (:mod:`~indexer.engine.opensearch.generation_data`),
    move the alias to it, drop the older ones; return the generation's number.  While it is written it has no
    replica and is not refreshed (each paragraph is indexed once, in segments as large as the bulk requests
    make them); both are set back once it is counted, and it goes live once its replicas are copied.  ``learn`` (given the generation's index, once every paragraph is
    in) returns more data to keep (the lexicon learned from it).  Nothing is published when a record could
    not be written (:class:`~indexer.errors.WriterFailed`)."""
    if client.indices.exists(index=name) and not client.indices.exists_alias(name=name):
        raise ClusterUnavailable(f"{name!r} is an index, not an alias of generations: choose another name")
    numbers = generations(client, name)
    number = (numbers[-1] if numbers else 0) + 1
    index = generation_name(name, number)
    replicas = replicas_for(client)
    client.indices.create(index=index, body=index_body(shards(), 0, {"built_at": built_now()}, building=True))
    started = time.perf_counter()
    with _dropped_unless_done(client, name, number):
        written = write(client, index, records, on_paragraphs, procs=procs)
        check_count(client, index, written)
        written_whole(client, index, replicas)
        write_data(client, name, number, {**(data or {}), **(learn(index) if learn else {})}, replicas)
        copied(client, index)
    go_live(client, name, number, numbers)
    log.info("%s now names %s (%d paragraphs written in %.1f s)", name, index, written, time.perf_counter() - started)
    return number


def publish_update(client, name: str, live: int, delete_doc_ids, records: Iterable[list[dict]], on_paragraphs=None,
                   data: dict | None = None, learn=None) -> int:
    """Write a new generation of ``name`` that is generation ``live`` without the documents ``delete_doc_ids``
    and with ``records``: ``live`` is cloned (its segments shared, made read-only first: a published generation
    never changes), the documents deleted and the records added in the clone, the alias moved to it (``learn``
    as for :func:`publish`).  Return its number."""
    source = generation_name(name, live)
    numbers = generations(client, name)
    number = numbers[-1] + 1
    index = generation_name(name, number)
    started = time.perf_counter()
    client.indices.put_settings(index=source, body={"index.blocks.write": True})
    client.indices.clone(index=source, target=index, body={"settings": {"index.blocks.write": None}})
    with _dropped_unless_done(client, name, number):
        client.cluster.health(index=index, wait_for_status="yellow", timeout="60s", request_timeout=70)
        client.indices.put_mapping(index=index, body={"_meta": {"built_at": built_now(), "updated_from": live}})
        kept = client.count(index=index)["count"]
        kept -= delete_documents(client, index, delete_doc_ids)
        last = client.search(index=index, body={"size": 0, "aggs": {"last": {"max": {"field": "seq"}}}})
        written = write(client, index, records, on_paragraphs, int(last["aggregations"]["last"]["value"] or 0) + 1)
        check_count(client, index, kept + written)
        write_data(client, name, number, {**(data or {}), **(learn(index) if learn else {})}, replicas_for(client))
    go_live(client, name, number, numbers)
    log.info("%s now names %s (%d paragraphs written, %d kept, in %.1f s)", name, index, written, kept,
             time.perf_counter() - started)
    return number


def delete_documents(client, index: str, doc_ids) -> int:
    """Delete the paragraphs of the documents ``doc_ids`` from ``index`` (found by a scroll, deleted in bulk by
    id and routing); return how many were deleted."""
    if not doc_ids:
        return 0
    found = helpers.scan(client, index=index, query={"query": {"terms": {"doc_id": sorted(doc_ids)}}, "_source": False})
    actions = ({"_op_type": "delete", "_index": index, "_id": hit["_id"], "_routing": hit.get("_routing")}
               for hit in found)
    deleted, failed = helpers.bulk(client, actions, chunk_size=CHUNK, raise_on_error=False, max_retries=RETRIES,
                                   initial_backoff=BACKOFF)
    if failed:
        raise WriterFailed(f"{len(failed)} paragraph(s) could not be deleted from {index}: {failed[0]}")
    return deleted


def shards() -> int:
    """Return the primary shards of a new generation: ``$UN_SEARCH_OPENSEARCH_SHARDS``, else :data:`SHARDS`."""
    given = os.environ.get(SHARDS_ENV, "").strip()
    if not given:
        return SHARDS
    if not given.isdigit() or not 1 <= int(given) <= MOST_SHARDS:
        raise ClusterUnavailable(f"${SHARDS_ENV} must be a whole number of shards from 1 to {MOST_SHARDS}, "
                                 f"not {given!r}")
    return int(given)


def built_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def replicas_for(client) -> int:
    """One copy of each shard on another node, when there is another node."""
    return min(1, int(client.cluster.health()["number_of_nodes"]) - 1)


def written_whole(client, index: str, replicas: int) -> None:
    """Give a generation written without replicas and refreshes (:func:`publish`) its ``replicas`` and the
    default refresh interval back."""
    client.indices.put_settings(index=index, body={"index.number_of_replicas": replicas,
                                                   "index.refresh_interval": None})


def copied(client, index: str) -> None:
    """Wait (a bounded time) until every replica of ``index`` is copied, so that it goes live with them."""
    found = client.cluster.health(index=index, wait_for_status="green", timeout=f"{COPY_WAIT}s",
                                  request_timeout=COPY_WAIT + 10)
    if found.get("timed_out"):
        log.warning("%s: its replicas were not all copied within %d s (it is %s)", index, COPY_WAIT, found["status"])


def check_count(client, index: str, expected: int) -> None:
    """Make what was written searchable, check that ``index`` holds ``expected`` paragraphs, and set its fields'
    scoring for them (:func:`~indexer.engine.opensearch.mapping.similarity_for`: the index is closed and opened
    again for that, before it goes live)."""
    client.indices.refresh(index=index)
    client.cluster.health(index=index, wait_for_status="yellow", timeout="60s", request_timeout=70)
    counted = client.count(index=index)["count"]
    if counted != expected:
        raise WriterFailed(f"{index} holds {counted} paragraphs of {expected} written")
    settings = {}
    for field in ANALYZED:
        with_field = client.count(index=index, body={"query": {"exists": {"field": field}}})["count"]
        if with_field:
            settings.update(similarity_for(field, counted, with_field))
    if not settings:  # no paragraph has words: nothing to score
        return
    for attempt in range(SETTING_TRIES):
        client.indices.close(index=index, timeout="60s", request_timeout=70)
        try:
            client.indices.put_settings(index=index, body=settings)
            break
        except os_errors.RequestError as exc:  # a busy cluster may not have closed every copy yet: again
            if attempt == SETTING_TRIES - 1:
                raise
            log.info("setting the scoring of %s: %s; again", index, exc.info)
            time.sleep(1)
        finally:
            client.indices.open(index=index, timeout="60s", request_timeout=70)
    client.cluster.health(index=index, wait_for_status="yellow", timeout="60s", request_timeout=70)


@contextmanager
def _dropped_unless_done(client, name: str, number: int):
    """Delete the generation being written (and its data) when the block fails."""
    try:
        yield
    except BaseException:
        client.indices.delete(index=generation_name(name, number), ignore_unavailable=True)
        drop_data(client, name, number)
        raise


def go_live(client, name: str, number: int, numbers: list[int]) -> None:
    """Move the alias to generation ``number``; keep the one before it, drop the older ones and their data."""
    move_alias(client, name, generation_name(name, number))
    for older in [n for n in numbers if n < number - 1]:
        client.indices.delete(index=generation_name(name, older), ignore_unavailable=True)
        drop_data(client, name, older)


def write(client, index: str, records: Iterable[list[dict]], on_paragraphs=None, first: int = 0,
          step: int = 1, procs: int = 1) -> int:
    """Bulk-index the paragraph ``records`` into ``index``, numbered in order from ``first`` by ``step``: their
    terms made by ``procs`` processes, sent by :data:`THREADS` threads (those turned away as too busy are sent
    again with back-off); return how many were written."""
    documents = Documents()
    actions = {}  # the actions sent and not yet answered, by id (those turned away are sent again)
    written = 0

    def batches():
        batch: list[dict] = []
        for found in records:
            batch.extend(found)
            if on_paragraphs:
                on_paragraphs(len(found))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def each():
        seq = first
        for done in parallel.imap_stream(documents.routed, batches(), procs):
            for pid, route, source in done:
                source["seq"] = seq
                seq += step
                action = actions[pid] = {"_index": index, "_id": pid, "_routing": route, "_source": source}
                yield action

    busy, failed = [], []
    for ok, item in helpers.parallel_bulk(client, each(), thread_count=THREADS, chunk_size=CHUNK,
                                          raise_on_error=False, raise_on_exception=True):
        result = next(iter(item.values()))
        if ok:
            actions.pop(result["_id"], None)
            written += 1
        else:
            (busy if result.get("status") == 429 else failed).append(result)
    if busy:
        retried = [actions[result["_id"]] for result in busy]
        for ok, item in helpers.streaming_bulk(client, retried, chunk_size=CHUNK, max_retries=RETRIES,
                                               initial_backoff=BACKOFF, raise_on_error=False):
            if ok:
                written += 1
            else:
                failed.append(next(iter(item.values())))
    if failed:
        first = failed[0]
        raise WriterFailed(f"{len(failed)} paragraph(s) could not be written to {index}, the first "
                           f"{first.get('_id')}: {first.get('error')}")
    return written


def move_alias(client, name: str, index: str) -> None:
    """Point the alias ``name`` at ``index`` and at nothing else, in one atomic request."""
    holders = list(client.indices.get_alias(name=name, ignore_unavailable=True)) \
        if client.indices.exists_alias(name=name) else []
    steps = [{"remove": {"index": held, "alias": name}} for held in holders if held != index]
    client.indices.update_aliases(body={"actions": [*steps, {"add": {"index": index, "alias": name}}]})

