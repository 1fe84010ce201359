"""The registry of the process's caches: each declared once, with its bound, eviction and invalidation, and counted.

A module makes a cache and declares it in the same statement::

    ROWS = declare("engine.stored_rows", LRUCache(10_000), bound=10_000, eviction=LRU, invalidated_by=NOTHING)

:func:`snapshot` reads what each holds and how its look-ups went (the caches
count their own hits and misses, one addition per look-up; Python's
``lru_cache`` counts its own too).  A cache made per object of a class (each
lexicon's entries) is declared as :class:`Members`, and each one made is
added to it; the figures are then the sums over those still alive.  The
figures are this process's: each worker of a served app has its own.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from indexer.caches.per_object import PerObject

# How a cache makes room (its eviction).
LRU = "least recently used"
LRU_BY_WEIGHT = "least recently used, by weight"
CLEAR_WHEN_FULL = "all dropped when full"
PER_OBJECT = "per live object"
BY_KEYS = "none: bounded by its keys"

# What makes a cache's values wrong (its invalidation); most are keyed so that nothing does.
NOTHING = "nothing: keyed by segment"
CONTENTS = "nothing: keyed by index contents"
GENERATION = "nothing: keyed by generation"
FILE = "nothing: keyed by the file's size and time"
DEATH = "the object's death"
NEVER = "never"


@dataclass(frozen=True)
class Declaration:
    """A cache and what is said of it.

    ``bound`` is in ``unit`` (None: unbounded, see ``eviction``); ``cache``
    is None for a cache this process cannot see, ``note`` says why.
    """

    name: str
    cache: object
    bound: int | None
    unit: str
    eviction: str
    invalidated_by: str
    note: str = ""


class Members:
    """The caches made one per object of a class, declared once together; each is held weakly.

    ``make()`` makes a member (:meth:`new`), or each is made elsewhere and :meth:`add`-ed.
    """

    def __init__(self, make=None):
        self._make = make
        self._members = weakref.WeakSet()

    def add(self, cache):
        """Count ``cache`` among the members (while it lives); return it."""
        self._members.add(cache)
        return cache

    def new(self):
        """Return a new member, made by ``make()``."""
        return self.add(self._make())

    def values(self) -> list:
        """Return the members still alive."""
        return list(self._members)

    def __len__(self) -> int:
        return len(self._members)


_DECLARED: dict[str, Declaration] = {}  # name -> its declaration: the registry, not a cache


def declare(name: str, cache, *, bound: int | None, eviction: str, invalidated_by: str,
            unit: str = "entries", note: str = ""):
    """Declare ``cache`` under ``name`` (a later declaration of the name replaces it: a new app's); return ``cache``."""
    _DECLARED[name] = Declaration(name, cache, bound, unit, eviction, invalidated_by, note)
    return cache


def declared() -> list[Declaration]:
    """Return the declarations, by name."""
    return [_DECLARED[name] for name in sorted(_DECLARED)]


def is_declared(cache) -> bool:
    """Tell whether ``cache`` (the object itself) is declared."""
    return any(d.cache is cache for d in _DECLARED.values())


def figures(cache) -> dict:
    """Return what ``cache`` holds and how its look-ups went: ``size``, ``hits``, ``misses`` (None: not counted)."""
    if cache is None:
        return {"size": None, "hits": None, "misses": None}
    info = getattr(cache, "cache_info", None)
    if info is not None:  # functools.lru_cache
        found = info()
        return {"size": found.currsize, "hits": found.hits, "misses": found.misses}
    if isinstance(cache, dict):  # a cache of analyzers/, seen from here
        return {"size": len(cache), "hits": None, "misses": None}
    if isinstance(cache, Members) or _holds_caches(cache):
        members = cache.values()
        return {"size": sum(len(c) for c in members), "hits": sum(c.hits for c in members),
                "misses": sum(c.misses for c in members), "objects": len(cache)}
    out = {"size": len(cache), "hits": cache.hits, "misses": cache.misses}
    if isinstance(cache, PerObject):
        out["objects"] = len(cache)
    elif getattr(cache, "weigh", None) is not None:
        out["weight"] = cache.weight
    return out


def _holds_caches(cache) -> bool:
    """Tell whether ``cache`` keeps a cache per object (whose figures are then the sums of theirs)."""
    values = getattr(cache, "values", None)
    return values is not None and hasattr(next(iter(values()), None), "hits")


def snapshot() -> list[dict]:
    """Return each declared cache, by name: its name, bound, eviction, invalidation, size, hits, misses, hit rate."""
    out = []
    for d in declared():
        found = figures(d.cache)
        hits, misses = found["hits"], found["misses"]
        asked = (hits or 0) + (misses or 0)
        out.append({"name": d.name, "bound": d.bound, "unit": d.unit, "eviction": d.eviction,
                    "invalidated_by": d.invalidated_by, **found,
                    "hit_rate": round(hits / asked, 4) if hits is not None and asked else None,
                    **({"note": d.note} if d.note else {})})
    return out

