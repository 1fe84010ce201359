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

import threading
import weakref
from typing import Callable


class PerObject:
    """``make(obj)`` computed once per live object and kept while the object lives (thread-safe).

    The value must not refer to the object, or the object never goes.
    """

    def __init__(self, make: Callable[[object], object]):
        self._make = make
        self._kept: dict[int, tuple[weakref.ref, object]] = {}
        self._lock = threading.Lock()

    def get(self, obj):
        """Return the value kept for ``obj``, making it on first use."""
        key = id(obj)
        found = self._kept.get(key)
        if found is not None and found[0]() is obj:
            return found[1]
        value = self._make(obj)
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0]() is obj:
                return found[1]
            self._kept[key] = (weakref.ref(obj, self._forget(key)), value)
        return value

    def _forget(self, key: int):
        def forget(ref) -> None:
            with self._lock:
                if self._kept.get(key, (None,))[0] is ref:
                    del self._kept[key]
        return forget

    def __len__(self) -> int:
        return len(self._kept)
