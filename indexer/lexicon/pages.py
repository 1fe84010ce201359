"""Learning's arrays on small memory pages: no compaction of memory for a huge page at each new array.

NumPy asks the kernel for huge pages for every large array (``madvise``).  Where
the kernel makes them on demand (``/sys/kernel/mm/transparent_hugepage/defrag``:
``madvise``), it compacts memory at each page fault of such an array, and
learning, which makes and drops arrays of hundreds of megabytes, spent more
time in the kernel than in some of its steps (at 200,000 paragraphs: 14 s of
its 88).  While learning, arrays are made on small pages.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

try:
    from numpy._core.multiarray import _set_madvise_hugepage
except ImportError:  # another NumPy: its default pages
    _set_madvise_hugepage = None

_LOCK = threading.Lock()
_learning = 0  # learnings under way (in threads): the first turns huge pages off, the last back as they were
_before = True


@contextmanager
def small_pages():
    """Make the arrays made meanwhile on small pages (in this process and those it forks), as before after."""
    global _learning, _before
    if _set_madvise_hugepage is None:
        yield
        return
    with _LOCK:
        if not _learning:
            _before = _set_madvise_hugepage(False)
        _learning += 1
    try:
        yield
    finally:
        with _LOCK:
            _learning -= 1
            if not _learning:
                _set_madvise_hugepage(_before)
