"""The best hits of a query on the cluster, as the product's ordering and folding of hits read them.

The product orders the best :data:`~indexer.search.ranking.WINDOW` matches of a
query by where its words stand, and folds identical paragraphs
(:mod:`indexer.search.ranking`, :mod:`indexer.search.collapse`); both read the
index through the engine (:func:`indexer.engine.engine`).  A :class:`Window`
holds a query's hits in the cluster's order (by score, equal scores in the
order the paragraphs were written, as Whoosh's document numbers order them),
numbered from 0; the best ones come with their stored terms (the token strings
of :mod:`~indexer.engine.opensearch.mapping`), from which :class:`WindowEngine`
answers what those modules ask: where a term stands, which hits have a term or
a keyword, how long their fields are.  Which of them have the forms typed (the
``exact`` field) the cluster tells with the hits (named queries of a filter that
keeps them all), so that field's token strings are read only for a form not
asked for beforehand.  Used within
:func:`indexer.engine.using`, the same code orders the hits of both engines.
Hits past the window are read without their terms (ids and scores), their
paragraphs only when a page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.engine.opensearch.mapping import ANALYZED, FILLER, SAME_POSITION, Documents
from indexer.engine.opensearch.translate import to_dsl
from indexer.engine.matches import among
from indexer.engine.positions import SPAN
from indexer.engine.schema import EXACT_FIELD
from indexer.search.highlight import text_field_for

_EMPTY = np.zeros(0, dtype=np.int64)
SEARCH_TYPE = "dfs_query_then_fetch"  # scored with the index's global term statistics, as Whoosh scores
READ = tuple(name for name in ANALYZED if name != EXACT_FIELD)  # the token strings read with the best hits


@dataclass(frozen=True)
class Terms:
    """A hit's analyzed fields as stored (a token string each, made by
    :meth:`~indexer.engine.opensearch.mapping.Documents.tokens`): where a term stands in a field, found in its
    token string the first time it is asked for, and each field's length (its terms, as Whoosh counts them)."""

    tokens: dict[str, str] = field(default_factory=dict)  # field -> its token string
    _read: dict = field(default_factory=dict, compare=False, repr=False)  # (field, term) -> positions, once read

    def at(self, name: str, term: str) -> list[int]:
        """Return the positions of ``term`` in the field ``name`` (positions count from the field's first term)."""
        key = (name, term)
        found = self._read.get(key)
        if found is None:
            text = self.tokens.get(name) or ""
            found = self._read[key] = _positions(text, term) if term and term != FILLER and term in text else []
        return found

    def has(self, name: str, term: str) -> bool:
        """Whether the field ``name`` has ``term``."""
        return bool(self.at(name, term))

    def length(self, name: str) -> int:
        """Return the number of terms of the field ``name``: its tokens but the fillers, and each term more at one
        position."""
        text = self.tokens.get(name)
        return text.count(" ") + 1 - text.count(FILLER) + text.count(SAME_POSITION) if text else 0


def _positions(text: str, term: str) -> list[int]:
    """Return the positions of ``term`` in a token string: where it stands as a whole token or one of the terms
    of a token (between spaces and :data:`~indexer.engine.opensearch.mapping.SAME_POSITION`), counted in tokens."""
    found: list[int] = []
    k = last = 0
    size, end = len(term), len(text)
    start = text.find(term)
    while start >= 0:
        after = start + size
        if (start == 0 or text[start - 1] in _SEPARATORS) and (after == end or text[after] in _SEPARATORS):
            k += text.count(" ", last, start)
            last = start
            if not found or found[-1] != k:
                found.append(k)
        start = text.find(term, start + 1)
    return found


_SEPARATORS = (" ", SAME_POSITION)  # what stands between a token string's terms


class Window:
    """The hits of the parsed query ``q`` (or the query ``dsl``) on ``searcher``'s index, read as far as they are
    asked for.

    It is the searcher (``schema``, stored fields by number) and the scored
    matches (``len``, :meth:`top`) that :func:`indexer.search.ranking.ordered_page` takes.
    """

    def __init__(self, searcher, q, size: int, dsl: dict | None = None, also: list[tuple[dict, dict]] = (),
                 forms=()):
        self.searcher = searcher
        self.schema = searcher.schema
        self.dsl = dsl if dsl is not None else to_dsl(q, searcher.schema)  # ``dsl``: the query made already
        self.size = size  # the hits read with their terms
        self.total = 0
        self.ids: list[str] = []
        self.scores: list[float] = []
        self.rows: dict[int, dict] = {}
        self.routes: dict[str, str] = {}  # a hit's routing, by id (to read its paragraph from its shard)
        self.terms: dict[int, Terms] = {}
        self.forms = tuple(dict.fromkeys(forms))  # the forms typed whose hits the cluster tells (exact_forms)
        self.exact: dict[int, frozenset] = {}  # a hit read with its terms -> which of ``forms`` it has
        self.also = self._read(0, size, with_terms=True, also=also)  # the answers to the searches ``also``

    def _read(self, offset: int, size: int, with_terms: bool, also: list[tuple[dict, dict]] = ()) -> list[dict]:
        """Read the hits of ranks ``offset`` to ``offset + size`` (their paragraphs and terms, or ids and scores);
        return the answers to the searches ``also`` (``(header, body)`` of each), asked in the same request."""
        body = {"query": self.dsl, "from": offset, "size": size, "track_total_hits": True,
                "sort": ["_score", {"seq": "asc"}], "track_scores": True}
        if with_terms:
            body["stored_fields"] = list(READ)
            body["_source"] = True
            if self.forms:  # keeps every hit: tells which have each form, the scores untouched
                body["post_filter"] = {"bool": {"should": [
                    *({"term": {EXACT_FIELD: {"value": form, "_name": str(k)}}} for k, form in enumerate(self.forms)),
                    {"match_all": {}}]}}
        else:
            body["_source"] = False
        if also:
            found, *answers = self.searcher.msearch_each([body, *(b for _, b in also)],
                                                         [{"search_type": SEARCH_TYPE}, *(h for h, _ in also)])
        else:
            found, answers = self.searcher.run(body, search_type=SEARCH_TYPE), []
        self.total = found["hits"]["total"]["value"]
        for hit in found["hits"]["hits"]:
            n = len(self.ids)
            self.ids.append(hit["_id"])
            if "_routing" in hit:
                self.routes[hit["_id"]] = hit["_routing"]
            self.scores.append(hit["_score"])
            if with_terms:
                self.rows[n] = hit["_source"]
                self.terms[n] = Terms(tokens_of(hit, self.schema))
                self.exact[n] = frozenset(self.forms[int(k)] for k in hit.get("matched_queries") or ())
        return answers

    def having(self, name: str, term: str) -> list[int]:
        """Return the hits read with their terms whose analyzed field ``name`` has ``term``."""
        if name == EXACT_FIELD and term in self.forms:
            return [n for n in self.terms if term in self.exact[n]]
        return [n for n, terms in self.terms_of(name).items() if terms.has(name, term)]

    def terms_of(self, name: str) -> dict[int, Terms]:
        """Return the terms of the hits read with theirs, with the token strings of the field ``name`` (those of
        ``exact`` read now, in one request, if they were not read with the hits)."""
        missing = [n for n, terms in self.terms.items() if name not in terms.tokens]
        if name != EXACT_FIELD or not missing:
            return self.terms
        found = self.searcher.run({"query": {"ids": {"values": [self.ids[n] for n in missing]}}, "size": len(missing),
                                   "stored_fields": [name], "_source": False})
        stored = {hit["_id"]: (hit.get("fields") or {}).get(name) for hit in found["hits"]["hits"]}
        documents = Documents(self.schema)
        for n in missing:
            values = stored.get(self.ids[n])
            tokens = values[0] if values else documents.tokens(name, self.rows[n].get("text") or "")
            self.terms[n] = Terms({**self.terms[n].tokens, name: tokens})
        return self.terms

    # --- the scored matches --------------------------------------------------------------------------
    def __len__(self) -> int:
        return self.total

    def top(self, count: int) -> list[tuple[int, float]]:
        """Return the ``count`` best ``(number, score)``, reading those not read yet (without their terms)."""
        count = min(count, self.total)
        if count > len(self.ids):
            self._read(len(self.ids), count - len(self.ids), with_terms=False)
        return list(zip(range(len(self.ids)), self.scores))[:count]

    # --- the searcher -----------------------------------------------------------------------------------
    def reader(self):
        return self

    def leaf_readers(self) -> list:
        return [(self, 0)]

    def stored_fields(self, n: int) -> dict:
        """Return the paragraph of hit ``n`` (see :meth:`load`)."""
        return self.rows[n]

    def load(self, numbers) -> None:
        """Read the paragraphs of the hits ``numbers`` that were read without theirs, in one request."""
        missing = {self.ids[n]: n for n in numbers if n not in self.rows}
        for pid, fields in self.searcher.by_ids(missing, {pid: self.routes[pid] for pid in missing
                                                          if pid in self.routes}).items():
            self.rows[missing[pid]] = fields


def tokens_of(hit: dict, schema) -> dict[str, str]:
    """Return the token strings of a hit's analyzed fields: stored, or made again from its text by the same
    analysis when its index stored none (generations written before they were stored)."""
    stored = hit.get("fields") or {}
    if stored:
        return {name: values[0] for name, values in stored.items() if values}
    source = hit["_source"]
    text = source.get("text") or ""
    documents = Documents(schema)
    return {name: documents.tokens(name, text)
            for name in (text_field_for(text, source.get("lang"), source.get("doc_lang")), EXACT_FIELD)}


class WindowEngine:
    """What :mod:`indexer.search.ranking` and :mod:`indexer.search.collapse` ask of an engine, answered from a
    :class:`Window`'s hits read with their terms (the others have none)."""

    name = "opensearch-window"
    speedups = False

    def term_positions(self, window: Window, fieldname: str, text, docs) -> np.ndarray:
        terms = window.terms_of(fieldname)
        keys = [int(n) * SPAN + pos for n in np.asarray(docs).tolist() if n in terms
                for pos in terms[n].at(fieldname, text)]
        return np.array(keys, dtype=np.int64) if keys else _EMPTY

    def terms_positions(self, window: Window, terms, docs) -> list[np.ndarray]:
        return [self.term_positions(window, fieldname, text, docs) for fieldname, text in terms]

    def docs_having(self, window: Window, fieldname: str, texts, docs) -> np.ndarray:
        found = np.zeros(len(docs), dtype=bool)
        for text in texts:
            found |= among(docs, self.term_docs(window, fieldname, text))
        return found

    def term_docs(self, window: Window, fieldname: str, text) -> np.ndarray:
        if fieldname in ANALYZED:
            found = window.having(fieldname, text)
        else:
            found = [n for n in window.terms if _has(window.rows[n].get(fieldname), text)]
        return np.array(sorted(found), dtype=np.int64) if found else _EMPTY

    def lengths_of(self, window: Window, fieldname: str, docs) -> np.ndarray:
        terms = window.terms_of(fieldname)
        return np.array([terms[n].length(fieldname) if n in terms else 0
                         for n in np.asarray(docs).tolist()], dtype=np.int64)

    def scored(self, window: Window, q) -> Window:
        return window

    def ranked(self, window: Window, q, offset: int, limit: int) -> tuple[int, list[tuple[int, float]]]:
        return len(window), window.top(offset + limit)[offset:]


def _has(value, text: str) -> bool:
    """Whether a keyword of ``_source`` (a value or a list of them) is ``text``."""
    return text in value if isinstance(value, list) else value == text


WINDOW_ENGINE = WindowEngine()
