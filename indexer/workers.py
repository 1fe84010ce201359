"""Worker processes that end with the indexer, however it ends.

Whoosh's multiprocessing writer forks workers that wait on a queue for work.
When the indexer is killed (SIGKILL, the out-of-memory killer), nothing tells
them, and they would wait forever, each holding its share of the index in
memory.  On Linux a forked process can ask to be killed when its parent dies
(``prctl(PR_SET_PDEATHSIG)``); :func:`die_with_parent` makes every process
forked from then on ask for it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_registered = False
_forking = 0  # the pid of the process about to fork, as the child sees it


def die_with_parent() -> None:
    """Make the processes this process forks from now on die with it (Linux; elsewhere nothing changes)."""
    global _registered
    if _registered or not sys.platform.startswith("linux"):
        return
    os.register_at_fork(before=_remember_parent, after_in_child=_ask_for_death_signal)
    _registered = True


def _remember_parent() -> None:
    global _forking
    _forking = os.getpid()


def _ask_for_death_signal() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != _forking:  # the parent died before the request took effect
        os._exit(1)
