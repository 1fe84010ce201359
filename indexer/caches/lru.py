"""A thread-safe least-recently-used cache bounded by the total weight of what it keeps."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable


class LRUCache:
    """Values by key; past ``limit`` (the sum of ``weigh(value)``) the least recently used are dropped.

    A value weighing more than ``largest`` (default: ``limit``) is not kept;
    a ``limit`` of 0 keeps nothing.  ``hits`` and ``misses`` count the look-ups.
    """

    def __init__(self, limit: int, weigh: Callable[[object], int] = lambda value: 1, largest: int | None = None):
        self.limit = limit
        self.weigh = weigh
        self.largest = limit if largest is None else largest
        self._items: OrderedDict = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        """Return the value kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
                self._items.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        """Keep ``value`` under ``key`` (a key already kept keeps its value), dropping the least recently used."""
        weight = self.weigh(value)
        if self.limit <= 0 or weight > self.largest:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._weight += weight
            while self._weight > self.limit and self._items:
                _, dropped = self._items.popitem(last=False)
                self._weight -= self.weigh(dropped)

    def clear(self) -> None:
        """Drop everything."""
        with self._lock:
            self._items.clear()
            self._weight = 0

    @property
    def weight(self) -> int:
        """The total weight of what is kept."""
        return self._weight

    def __len__(self) -> int:
        return len(self._items)
