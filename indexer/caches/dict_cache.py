"""A cache of values by key that drops them all at once when full, or keeps them for good when its keys are few.

Dropping everything is the cheapest eviction there is (no order to keep, no
lock: a dictionary's reads and writes are atomic), and right for memos of
words, whose working set refills in a moment.  Without a ``limit`` nothing is
dropped: what bounds the cache is its keys (a field's name, a small number).

>>> words = DictCache(limit=2)
>>> words.put("a", 1), words.put("b", 2), words.get("a"), words.get("c")
(1, 2, 1, None)
>>> words.put("c", 3), len(words), words.hits, words.misses
(3, 1, 1, 1)
"""

from __future__ import annotations

from itertools import repeat


class DictCache:
    """Values by key; putting one when ``limit`` values are kept drops them all first (no limit: never).

    ``hits`` and ``misses`` count the look-ups (under threads, one may be lost).
    """

    __slots__ = ("limit", "hits", "misses", "_items", "__weakref__")

    def __init__(self, limit: int | None = None):
        self.limit = limit
        self.hits = 0
        self.misses = 0
        self._items: dict = {}

    def get(self, key, default=None):
        """Return the value kept under ``key``, or ``default`` (a miss)."""
        found = self._items.get(key, default)
        if found is default:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def get_many(self, keys, default=None) -> list:
        """Return the values kept under each of ``keys``, ``default`` where none is (each look-up counted as by
        :meth:`get`; a ``default`` other than None equal to no value kept, as a sentinel ``object()`` is).

        >>> words, missing = DictCache(), object()
        >>> words.put("a", 1), words.get_many(["a", "b", "a"]), words.hits, words.misses
        (1, [1, None, 1], 2, 1)
        >>> words.put("n", None), words.get_many(["n", "b"], missing)[1] is missing, words.hits, words.misses
        (None, True, 3, 2)
        """
        if default is None:
            found = list(map(self._items.get, keys))
            missed = found.count(None)
        else:
            found = list(map(self._items.get, keys, repeat(default)))
            missed = found.count(default)
        self.misses += missed
        self.hits += len(found) - missed
        return found

    def put(self, key, value):
        """Keep ``value`` under ``key``, first dropping everything if the cache is full; return ``value``."""
        items = self._items
        if self.limit is not None and len(items) >= self.limit:
            items.clear()
        items[key] = value
        return value

    def setdefault(self, key, value):
        """Return the value kept under ``key``, keeping ``value`` there first if there is none (atomically)."""
        if key in self._items:
            self.hits += 1
        else:
            self.misses += 1
        return self._items.setdefault(key, value)

    def update(self, values: dict) -> None:
        """Keep all of ``values`` (made elsewhere), past the limit if need be, as a dictionary's ``update``."""
        self._items.update(values)

    def values(self) -> list:
        """Return the values kept."""
        return list(self._items.values())

    def clear(self) -> None:
        """Drop everything."""
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
