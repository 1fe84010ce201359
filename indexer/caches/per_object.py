"""Values kept per object, by identity, for as long as the object lives.

Whoosh's schemas and analyzers compare by content and are not hashable, and
each searcher may unpickle a schema of its own; what is derived from one (its
parsed queries, an analyzer's description) is kept here under the object's
identity, held weakly, so it goes when the object goes and a new object with a
recycled ``id`` never sees another's values.

>>> class Thing:
...     pass
>>> lengths = PerObject(lambda thing: [])
>>> a = Thing()
>>> lengths.get(a) is lengths.get(a), lengths.get(a) is lengths.get(Thing())
(True, False)
"""

from __future__ import annotations

import weakref
from typing import Callable


SWEEP_FROM = 16  # objects kept before the first look for ones that went


class PerObject:
    """``make(obj)`` computed once per live object and kept while the object lives.

    The value must not refer to the object, or the object never goes.  What
    was kept for objects that went is dropped when the table has doubled since
    it was last swept, so it holds at most about twice the live objects (and
    ``sweep_from``, :data:`SWEEP_FROM` unless given).  The weak references have no callbacks, which would
    run wherever a collection happens (a Ctrl-C landing in one is lost), and
    no lock: a dictionary's reads and writes are atomic, and two threads at
    worst make the same value twice (and may miss a count of ``hits`` or
    ``misses``, the look-ups that found a value or made one).  What is kept
    is walked over a copy (``dict.copy`` runs no Python code): listing its
    items makes objects, which may start a collection whose finalizers let
    another thread in to add to it midway.
    """

    def __init__(self, make: Callable[[object], object], sweep_from: int = SWEEP_FROM):
        self._make = make
        self._kept: dict[int, tuple[weakref.ref, object]] = {}
        self._sweep_from = sweep_from  # 1 for large values made rarely (one per generation): swept at each making
        self._sweep_at = sweep_from
        self.hits = 0
        self.misses = 0

    def get(self, obj):
        """Return the value kept for ``obj``, making it on first use."""
        key = id(obj)
        found = self._kept.get(key)
        if found is not None and found[0]() is obj:
            self.hits += 1
            return found[1]
        self.misses += 1
        value = self._make(obj)
        if len(self._kept) >= self._sweep_at:
            self._sweep()
        self._kept[key] = (weakref.ref(obj), value)
        return value

    def _sweep(self) -> None:
        """Drop what was kept for objects that went."""
        for key, (ref, _) in self._kept.copy().items():
            if ref() is None:
                self._kept.pop(key, None)
        self._sweep_at = max(self._sweep_from, 2 * len(self._kept))

    def values(self) -> list:
        """Return the values kept for the objects still alive."""
        return [value for ref, value in self._kept.copy().values() if ref() is not None]

    def __len__(self) -> int:
        return len(self._kept)
