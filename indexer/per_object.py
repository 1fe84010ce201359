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


class PerObject:
    """``make(obj)`` computed once per live object and kept while the object lives.

    The value must not refer to the object, or the object never goes.  No lock:
    a dictionary's reads and writes are atomic, two threads at worst make the same
    value twice, and a lock taken here could be wanted again by the callback of
    a weak reference that a collection fires while it is held.
    """

    def __init__(self, make: Callable[[object], object]):
        self._make = make
        self._kept: dict[int, tuple[weakref.ref, object]] = {}

    def get(self, obj):
        """Return the value kept for ``obj``, making it on first use."""
        key = id(obj)
        found = self._kept.get(key)
        if found is not None and found[0]() is obj:
            return found[1]
        value = self._make(obj)
        self._kept[key] = (weakref.ref(obj, self._forget(key)), value)
        return value

    def _forget(self, key: int):
        kept = self._kept

        def forget(ref) -> None:
            found = kept.get(key)
            if found is not None and found[0] is ref:
                kept.pop(key, None)
        return forget

    def __len__(self) -> int:
        return len(self._kept)
