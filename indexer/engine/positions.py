"""Where a term stands in given paragraphs: its positions, read for the documents asked about.

The ranking of hits (:mod:`indexer.search.ranking`) asks, for the best few hundred matches of a
query, where each of the query's words stands, to tell words next to each other from words far
apart.  With the speed-ups in place the term's positions are read from its posting list
(:func:`indexer.engine.postings.keys_in`: only the positions of the documents asked about when they
are few, else the whole list's, kept for the next search); without them
Whoosh's own matcher is moved to each document asked about.  Both give the same positions.

A position is returned as one key, ``document × SPAN + position`` (global document numbers), so
that whether one word follows another is a comparison of two sorted arrays.
"""

from __future__ import annotations

import numpy as np

from indexer.engine import postings, speedups
from indexer.engine.matches import among

SPAN = 1 << 24  # document number × this + position: one key for both (paragraphs are far shorter)
_EMPTY = np.zeros(0, dtype=np.int64)


def position_keys(searcher, fieldname: str, text: str, docs: np.ndarray) -> np.ndarray:
    """Return ``doc * SPAN + position`` for every position of a term in ``docs`` (global numbers, any order).

    Documents of ``docs`` without the term have no keys; a field that keeps
    no positions, or a term the field cannot hold, gives none.
    """
    return keys_of_terms(searcher, [(fieldname, text)], docs)[0]


def keys_of_terms(searcher, terms: list[tuple[str, str]], docs: np.ndarray) -> list[np.ndarray]:
    """Return :func:`position_keys` of each ``(field, text)`` of ``terms`` in the same ``docs``: the documents
    sorted and parted by segment once for all of them."""
    if not len(docs):
        return [_EMPTY] * len(terms)
    docs = np.sort(np.asarray(docs, dtype=np.int64))
    if len(docs) > 1 and (docs[1:] == docs[:-1]).any():
        docs = np.unique(docs)  # ascending, each once
    leaves = list(searcher.reader().leaf_readers())
    bounds = np.searchsorted(docs, [offset for _, offset in leaves] + [docs[-1] + 1]).tolist()
    parts = [(reader, offset, docs[bounds[k]:bounds[k + 1]] - offset,
              postings.segment_key(reader) if speedups.APPLIED else None)
             for k, (reader, offset) in enumerate(leaves) if bounds[k] < bounds[k + 1]]
    schema, out = searcher.schema, []
    positional: dict[str, bool] = {}  # by field: whether it keeps positions
    for fieldname, text in terms:
        if fieldname not in positional:
            field = schema[fieldname] if fieldname in schema else None
            positional[fieldname] = field is not None and bool(field.format) and field.format.supports("positions")
        if not positional[fieldname]:
            out.append(_EMPTY)
            continue
        try:
            btext = schema[fieldname].to_bytes(text)
        except ValueError:
            out.append(_EMPTY)
            continue
        keys = []
        for reader, offset, local, segment in parts:
            if segment is not None:
                found = postings.keys_in(reader, fieldname, btext, local, SPAN, segment)
            else:
                found = _by_matcher(reader, fieldname, btext, local) if (fieldname, btext) in reader else _EMPTY
            if len(found):
                keys.append(found + offset * SPAN if offset else found)
        out.append(keys[0] if len(keys) == 1 else np.concatenate(keys) if keys else _EMPTY)
    return out


def ascending(parts: list[np.ndarray]) -> np.ndarray:
    """Return the keys of ``parts`` (:func:`position_keys` of a word's terms) in one array, ascending.

    A term's keys ascend already (its documents ascending, each one's positions
    too): one term's are returned as they are, several terms' merged.
    """
    keys = parts[0] if len(parts) == 1 else np.concatenate(parts)
    if len(keys) > 1 and (keys[1:] < keys[:-1]).any():
        keys = np.sort(keys)
    return keys


def following(keys: np.ndarray, ends: np.ndarray, slop: int) -> np.ndarray:
    """Return the ``keys`` standing 1 to ``slop`` positions after one of ``ends`` in the same document (both
    ascending): by bisection of ``ends``, no sort."""
    follows = among(keys - 1, ends)
    for distance in range(2, slop + 1):
        follows |= among(keys - distance, ends)
    return keys[follows]


def documents(keys: np.ndarray) -> np.ndarray:
    """Return the documents of ascending ``keys``, ascending, each once."""
    docs = keys // SPAN
    return docs[np.concatenate(([True], docs[1:] != docs[:-1]))] if len(docs) > 1 else docs


def _by_matcher(reader, fieldname: str, btext: bytes, local: np.ndarray) -> np.ndarray:
    """The keys of one segment's ``local`` documents, moving Whoosh's matcher from one to the next."""
    matcher = reader.postings(fieldname, btext)
    keys = []
    for doc in np.unique(local).tolist():
        if not matcher.is_active():
            break
        if matcher.id() < doc:
            matcher.skip_to(doc)
            if not matcher.is_active():
                break
        if matcher.id() == doc:
            keys.extend(doc * SPAN + p for p in matcher.value_as("positions"))
    return np.asarray(keys, dtype=np.int64)
