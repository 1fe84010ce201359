"""Every cache of the product in the registry: the modules that declare theirs, and the caches of ``analyzers/``.

The modules of :data:`MODULES` declare their caches as they make them, so
importing them all (:func:`load`) declares every cache of ``indexer/``; the
web app declares its result cache when it is made.  ``analyzers/`` comes
before ``indexer/`` and cannot import the registry, so its caches are declared
here, from the outside: its ``lru_cache`` functions count their look-ups, its
dictionaries only their size, and the word memo of each analyzer chain is out
of reach (one per analyzer object, inside pickled schemas).
"""

from __future__ import annotations

import importlib
import os

from analyzers import aspects, compounds, derivation, english, filters, language, memo, russian
from indexer.caches.registry import BY_KEYS, CLEAR_WHEN_FULL, DEATH, LRU, NEVER, declare, snapshot

MODULES = (
    "indexer.symbols",
    "indexer.ingest.formats",
    "indexer.engine.contents",
    "indexer.engine.doc_lengths",
    "indexer.engine.posting_pool",
    "indexer.engine.fastsearch",
    "indexer.engine.postings",
    "indexer.engine.position_values",
    "indexer.engine.fuzzy_terms",
    "indexer.engine.speedups",
    "indexer.engine.stored_fields",
    "indexer.search.across",
    "indexer.search.aligned",
    "indexer.search.cluster_across",
    "indexer.search.cluster_versions",
    "indexer.search.facets",
    "indexer.search.kinds",
    "indexer.search.ranking",
    "indexer.analysis",
    "indexer.search.query",
    "indexer.search.reading",
    "indexer.lexicon.dictionary",
    "indexer.lexicon.store",
    "indexer.lexicon.units",
    "indexer.storage.crosslang",
)


def load() -> None:
    """Import every module that declares a cache, and declare the caches of ``analyzers/``."""
    for name in MODULES:
        importlib.import_module(name)
    _declare_analyzers()


def report() -> dict:
    """Return the figures of every cache of the product (:func:`load`), and the process whose figures they are."""
    load()
    return {"process": os.getpid(), "caches": snapshot()}


def _declare_analyzers() -> None:
    """Declare the caches of ``analyzers/``, which cannot import the registry."""
    declare("analyzers.aspects.infinitives", aspects._aspects, bound=aspects._aspects.cache_info().maxsize,
            eviction=LRU, invalidated_by=NEVER)
    declare("analyzers.aspects.partners", aspects.partners, bound=aspects.partners.cache_info().maxsize,
            eviction=LRU, invalidated_by=NEVER)
    declare("analyzers.compounds.splits", compounds.spaced, bound=compounds.spaced.cache_info().maxsize,
            eviction=LRU, invalidated_by=NEVER)
    declare("analyzers.derivation.relatives", derivation.relatives, bound=derivation.relatives.cache_info().maxsize,
            eviction=LRU, invalidated_by=NEVER)
    declare("analyzers.english.lemmas", english._cache, bound=english._CACHE_LIMIT, eviction=CLEAR_WHEN_FULL,
            invalidated_by=NEVER, note="look-ups not counted (analyzers/ cannot use the registry)")
    declare("analyzers.filters.folded", filters._folded, bound=filters._folded.cache_info().maxsize,
            eviction=LRU, invalidated_by=NEVER)
    declare("analyzers.language.guesses", language._probabilities, bound=language.GUESSES_REMEMBERED,
            eviction=LRU, invalidated_by=NEVER)
    declare("analyzers.russian.lemmas", russian._cache, bound=russian._CACHE_LIMIT, eviction=CLEAR_WHEN_FULL,
            invalidated_by=NEVER, note="look-ups not counted (analyzers/ cannot use the registry)")
    declare("analyzers.russian.participles", russian._participles, bound=None, eviction=BY_KEYS,
            invalidated_by=NEVER, note="one per verb, tense, voice and aspect met; look-ups not counted")
    declare("analyzers.memo.words", None, bound=memo.CACHE_LIMIT, unit="entries per analyzer chain",
            eviction=CLEAR_WHEN_FULL, invalidated_by=DEATH,
            note="one per analyzer object, inside pickled schemas: not reachable from here")
