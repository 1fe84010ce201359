"""Looking a term up in the live index's lexicon, as ``python -m indexer lexicon TERM`` shows it."""

from __future__ import annotations

from indexer.lexicon import store as lexicon_store
from indexer.storage import generations as store
from indexer.errors import IndexNotFound, LexiconError
from indexer.lexicon.model import Reading
from indexer.lexicon.units import term_units


def entry(lexicon: Reading, term: str, limit: int = 8) -> dict:
    """Return what ``lexicon`` knows of ``term``: ``{"term", "pairs", "dictionary", "entries": [...]}``, one entry per unit.

    A weak candidate is listed only when the unit has nothing better (:func:`shown`).

    ``dictionary`` describes the general dictionary whose pairs the lexicon has (None: none).
    """
    entries = []
    for lang, key in term_units(term):
        candidates = shown(lexicon.candidates(lang, key))
        if candidates:
            entries.append({"lang": lang, "key": key, "text": lexicon.display(lang, key),
                            "count": lexicon.count(lang, key),
                            "candidates": [c.as_dict() for c in candidates[:limit]]})
    return {"term": term, "pairs": lexicon.pairs, "dictionary": getattr(lexicon, "dictionary", None),
            "entries": entries}


def shown(candidates) -> tuple:
    """Return the candidates worth showing: weak ones only when the first is weak too (nothing better exists)."""
    if candidates and not candidates[0].weak:
        return tuple(c for c in candidates if not c.weak)
    return tuple(candidates)


def live_lexicon(index_dir) -> Reading:
    """Return the lexicon of the live generation of ``index_dir``.

    Raises :class:`IndexNotFound` without an index and :class:`LexiconError`
    when the index has no usable lexicon.
    """
    gen = store.current_generation(index_dir)
    if gen is None:
        raise IndexNotFound(
            f"no index in {index_dir}: build one with `python -m indexer build CORPUS --index {index_dir}`")
    found = lexicon_store.load(gen.path)
    if found is None:
        raise LexiconError(f"the index in {index_dir} has no lexicon (it was built before there was one): "
                           f"rebuild it with `python -m indexer build CORPUS --index {index_dir}`")
    return found


def lexicon_entry(index_dir, term: str, limit: int = 8) -> dict:
    """Return the lexicon entry of ``term`` in the live index of ``index_dir`` (see :func:`entry`)."""
    return entry(live_lexicon(index_dir), term, limit)
