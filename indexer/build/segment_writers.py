"""Writing new paragraphs in several processes at once: one new Whoosh segment each, in document order.

The documents to write are cut into as many runs of consecutive documents as
there are processes, of about the same amount of text.  Each run is written by
a forked process into a segment of its own (the documents reach it through the
fork; only the finished segment's description comes back), while this process
holds the index's writer: it deletes what the update replaces and merges small
old segments meanwhile, then commits the segments in the order of the runs.
Paragraphs therefore get the same document numbers as when one process writes
them all, whatever process finishes first: ties between search results, and
the aligned pairs the lexicon is learned from, do not depend on the number of
processes.  (Whoosh's own multiprocessing writer hands out batches to whichever
process is free and commits the segments as they finish.)
"""

from __future__ import annotations

import logging
import multiprocessing
import time
import traceback
from collections.abc import Callable, Sequence

from indexer import workers
from indexer.engine import engine
from indexer.errors import WriterFailed

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1  # how often the progress of the writing processes is read

WriteRun = Callable[[object, Sequence, Callable[[int], None]], None]


def runs(items: Sequence, n: int, size: Callable[[object], int]) -> list[Sequence]:
    """Cut ``items`` into at most ``n`` runs of consecutive items, each of about the same total ``size``.

    >>> [list(r) for r in runs(list(range(1, 7)), 2, size=lambda x: x)]
    [[1, 2, 3, 4], [5, 6]]
    >>> runs([], 3, size=len)
    []
    """
    sizes = [size(item) for item in items]
    total = sum(sizes)
    out, start, done = [], 0, 0
    for i, weight in enumerate(sizes):
        # an item goes to the next run when more than half of it lies past this run's share
        if i > start and len(out) < n - 1 and (done + weight / 2) * n > total * (len(out) + 1):
            out.append(items[start:i])
            start = i
        done += weight
    if start < len(items):
        out.append(items[start:])
    return out


_task: tuple | None = None  # what the forked processes run: (index, runs, write, limitmb, progress, gather)


def _child(k: int, conn) -> None:
    """Write run ``k`` into a new segment and send back ``("ok", segment, gathered)`` or ``("error", text)``."""
    ix, chunks, write, limitmb, progress, gather = _task
    try:
        writer = engine().writer(ix, limitmb=limitmb, locked=False)

        def report(paragraphs: int) -> None:
            progress[k] += paragraphs

        try:
            write(writer, chunks[k], report)
            segment = engine().finish_run(writer)
        except BaseException:
            engine().abandon_run(writer)
            raise
        conn.send(("ok", segment, gather() if gather is not None else None))
    except BaseException as exc:  # noqa: BLE001 - logged here, reported to the parent, which raises
        log.error("writing run %d failed:\n%s", k + 1, traceback.format_exc())
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def write_and_commit(writer, items: Sequence, write: WriteRun, procs: int, *,
                     size: Callable[[object], int], limitmb: int,
                     on_progress: Callable[[int], None] | None = None,
                     gather: Callable[[], object] | None = None) -> list:
    """Write ``items`` with ``write(segment_writer, run, report)`` in ``procs`` processes, then commit ``writer``.

    ``writer`` is the index's open writer; what it did before (deletions)
    is committed with the new segments.  ``report(n)`` in a process tells
    that it wrote ``n`` more paragraphs; ``on_progress`` gets the sums here.
    Return what ``gather()`` gave in each process after writing, in the order
    of the runs (Nones without ``gather``).
    On any failure the writer is cancelled and :class:`WriterFailed` raised.
    """
    global _task
    chunks = runs(items, procs, size)
    context = multiprocessing.get_context("fork")
    progress = context.Array("q", max(len(chunks), 1), lock=False)  # one slot per process: no lock needed
    workers.die_with_parent()
    # the processes write with the writer's own schema object: their analyzers start with what it met
    _task = (writer.storage.open_index(writer.indexname, schema=writer.schema), chunks, write, limitmb, progress,
             gather)
    children = []
    try:
        for k in range(len(chunks)):
            mine, theirs = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(k, theirs), daemon=True)
            child.start()
            theirs.close()
            children.append((child, mine))
        finalsegments = engine().merge_small_segments(writer)  # old small segments, while the runs are written
        results = _collect(children, progress, on_progress)
    except BaseException:
        for child, _ in children:
            if child.is_alive():
                child.kill()
        writer.cancel()
        raise
    finally:
        _task = None
        for child, conn in children:
            child.join()
            conn.close()
    finalsegments += [segment for _, segment, _ in results if segment is not None]
    engine().commit_segments(writer, finalsegments)
    return [gathered for _, _, gathered in results]


def _collect(children, progress, on_progress) -> list:
    """Wait for the processes, passing their progress on; return their ``("ok", segment, gathered)`` in order."""
    reported = 0
    results: list = [None] * len(children)
    pending = set(range(len(children)))
    while pending:
        for k in sorted(pending):
            child, conn = children[k]
            if conn.poll():
                try:
                    results[k] = conn.recv()
                except EOFError:
                    results[k] = ("error", f"the process ended without a result (exit code {child.exitcode})")
                pending.discard(k)
            elif not child.is_alive() and not conn.poll():
                results[k] = ("error", f"the process died (exit code {child.exitcode})")
                pending.discard(k)
            if results[k] is not None and results[k][0] != "ok":  # the others are stopped by the caller
                raise WriterFailed(f"writing run {k + 1} of {len(children)} failed: {results[k][1]}")
        done = sum(progress)
        if on_progress and done > reported:
            on_progress(done - reported)
            reported = done
        if pending:
            time.sleep(POLL_SECONDS)
    return results
