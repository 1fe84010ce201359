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
from collections.abc import Callable, Iterator, Sequence

from indexer import workers

_task: tuple[Callable, Sequence] | None = None  # what the forked workers run: (function, items)


def _run(index: int):
    function, items = _task
    return function(items[index])


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
