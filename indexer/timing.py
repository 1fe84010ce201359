"""How long the steps of a build take: wall-clock and CPU seconds, logged as each step ends.

The CPU seconds are this process's and those of its child processes that have
ended meanwhile (the processes that read, align or write), so a step done in
several processes shows all it cost; on a machine shared with other work they
are the steadier figure.
"""

from __future__ import annotations

import logging
import resource
import time
from contextlib import contextmanager

log = logging.getLogger(__name__)


def cpu_seconds() -> float:
    """Return the CPU seconds of this process and of its ended child processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@contextmanager
def step(what: str):
    """Log how long the step ``what`` took, wall-clock and CPU, when it ends (not when it fails)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    yield
    log.info("%s in %.2f s (%.2f s CPU)", what, time.perf_counter() - wall, cpu_seconds() - cpu)
