"""Looking a term up in the live index's lexicon, as ``python -m indexer lexicon TERM`` shows it."""

from __future__ import annotations

from indexer.lexicon import store as lexicon_store
from indexer.storage import generations as store
from indexer.errors import IndexNotFound
from indexer.lexicon.model import LexiconError, Reading
from indexer.engine.schema import TEXT_FIELDS
from indexer.lexicon.units import SEPARATOR, default_schema, is_word_term


def term_units(term: str) -> list[tuple[str, str]]:
    """Return the units a term may be, as ``(lang, key)``: each lemma of one word, or the key of a phrase.

    The term is read as a query is: a hyphenated word stays whole.

    >>> term_units("Вена")
    [('ru', 'вена'), ('ru', 'вено')]
    >>> term_units("smuggling of migrants"), term_units("Secretary-General")
    ([('en', 'smuggl migrant')], [('en', 'secretary-general')])
    """
    out = []
    for lang, field in TEXT_FIELDS.items():
        positions: dict[int, list[str]] = {}
        for t in default_schema()[field].analyzer(term, mode="query", positions=True):
            positions.setdefault(t.pos, []).append(t.text)
        words = [[w for w in dict.fromkeys(terms) if is_word_term(w, lang)] for _, terms in sorted(positions.items())]
        if not words or not all(words):
            continue
        if len(words) == 1:
            out.extend((lang, key) for key in words[0])
        else:
            out.append((lang, SEPARATOR.join(w[0] for w in words)))
    return out


def entry(lexicon: Reading, term: str, limit: int = 8) -> dict:
    """Return what ``lexicon`` knows of ``term``: ``{"term", "pairs", "dictionary", "entries": [...]}``, one entry per unit.

    ``dictionary`` describes the general dictionary whose pairs the lexicon has (None: none).
    """
    entries = []
    for lang, key in term_units(term):
        candidates = lexicon.candidates(lang, key)
        if candidates:
            entries.append({"lang": lang, "key": key, "text": lexicon.display(lang, key),
                            "count": lexicon.count(lang, key),
                            "candidates": [c.as_dict() for c in candidates[:limit]]})
    return {"term": term, "pairs": lexicon.pairs, "dictionary": getattr(lexicon, "dictionary", None),
            "entries": entries}


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
