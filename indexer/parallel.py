"""Work spread over forked worker processes, results in order; small jobs stay in this process.

Reading files and aligning document pairs are independent per item and
CPU-bound, so a build on a machine with several cores runs them in a pool of
forked processes.  The function and the items reach the workers through the
fork itself (nothing of them is pickled); only each item's result comes back.
The workers die with this process, however it ends (:mod:`indexer.workers`).

>>> list(imap_ordered(lambda n: n * n, [1, 2, 3], procs=2))
[1, 4, 9]
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from indexer import workers

_task: tuple[Callable, Sequence] | None = None  # what the forked workers run: (function, items)
_streamed: Callable | None = None  # what the forked workers of imap_stream run on each item sent


def _run(index: int):
    function, items = _task
    return function(items[index])


def _run_streamed(item):
    return _streamed(item)


class _Pool(multiprocessing.pool.Pool):
    """A pool whose worker handler wakes when a worker ends or the pool changes, not while a result waits.

    The standard pool's handler also waits on the result pipe, which stays
    readable until the result thread has read it: the handler loops without
    blocking the whole time, most of this process's CPU when results are large.
    It is ended by ``terminate`` (as ``with`` does), the way this module uses it.
    """

    def _get_sentinels(self):
        return [self._change_notifier._reader]


def can_fork() -> bool:
    """Tell whether worker processes can be forked here (Linux and other Unix systems)."""
    return sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods()


def imap_ordered(function: Callable, items: Sequence, procs: int, *, chunksize: int = 1) -> Iterator:
    """Yield ``function(item)`` for each of ``items``, in order, computed by ``procs`` worker processes.

    With one process, fewer than two items, or no ``fork``, everything runs here.
    """
    global _task
    if procs <= 1 or len(items) < 2 or not can_fork():
        for item in items:
            yield function(item)
        return
    workers.die_with_parent()
    _task = (function, items)
    try:
        with _Pool(min(procs, len(items)), context=multiprocessing.get_context("fork")) as pool:
            yield from pool.imap(_run, range(len(items)), chunksize)
    finally:
        _task = None


def imap_stream(function: Callable, items: Iterable, procs: int) -> Iterator:
    """Yield ``function(item)`` for each of ``items`` (an iterable, read as the workers ask for more), in order,
    computed by ``procs`` worker processes: unlike :func:`imap_ordered`, each item is pickled to a worker (the
    function reaches them through the fork).  With one process, or no ``fork``, everything runs here.

    >>> list(imap_stream(lambda n: n + 1, iter([1, 2, 3]), procs=2))
    [2, 3, 4]
    """
    global _streamed
    if procs <= 1 or not can_fork():
        yield from map(function, items)
        return
    workers.die_with_parent()
    _streamed = function
    try:
        with _Pool(procs, context=multiprocessing.get_context("fork")) as pool:
            yield from pool.imap(_run_streamed, items, 1)
    finally:
        _streamed = None
