"""Searching the index: a request in, hits out in the JSON contract shared by the CLI and the web API.

The contract of one hit (keep it stable)::

    {"doc_id": str, "symbol": str|null, "lang": "en"|"ru", "number": str|null,
     "position": int, "kind": str, "text": str, "score": float, "aligned": [hit…]}

plus the descriptive keys ``id``, ``section``, ``date``, ``title`` and ``citation``
(how a translator quotes the paragraph: ``CTOC/COP/2010/17, para. 12``,
``Charter, Art. 51(1)``; see :mod:`indexer.search.citation`).  ``aligned``
holds the paragraph's counterparts in the other language version (records of the
same shape, with ``score`` null and a ``confidence`` of the link).  ``also_in``
lists the first paragraphs of the same text elsewhere (``id``, ``doc_id``, ``symbol``,
``lang``, ``number``, ``position``, ``kind``, ``title``, ``citation``), folded into
the hit (:mod:`indexer.search.collapse`), and ``also_documents`` counts the documents
they are in; hits are in the order of :mod:`indexer.search.ranking`.

A request with ``translate`` also searches across languages (:mod:`indexer.search.across`);
its result has ``translations``: the translations used, each
``{"key", "from", "from_lang", "to", "to_lang", "score", "count", "source", "excluded"}``
(``key`` names it for ``exclude``), or null when the index has no lexicon.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from whoosh import query as Q

from analyzers.scripts import TO_LATIN
from indexer.search import budget
from indexer.search.budget import BudgetExceeded
from indexer.search import query as query_language
from indexer.search import ranking
from indexer.search.citation import cite
from indexer.choices import LANGS, MAX_LIMIT  # noqa: F401 - LANGS: the API names them from here
from indexer.align.counterparts import with_links
from indexer.errors import QueryError
from indexer.engine import engine
from indexer.engine.stored_fields import stored_fields

MAX_EXCLUDE = 50
SORTS = ("relevance", "date")
MAX_EXCLUDE_CHARS = 300


@dataclass(frozen=True)
class SearchRequest:
    """What the user asked for: the query text and the filters."""

    query: str
    lang: str = "any"
    limit: int = 10
    offset: int = 0
    symbol: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None
    translate: bool = False  # also search the other language (alignment, lexicon)
    exclude: tuple[str, ...] = ()  # translations turned off, by key (``ru:мигрант>en:migrant``)
    group: str | None = None  # one document: its language versions (the ``group`` they share)
    sort: str = "relevance"  # or "date": newest document first, each in reading order

    def validated(self) -> "SearchRequest":
        """Return the request if its parameters are usable; raise :class:`QueryError` otherwise."""
        if self.lang not in LANGS:
            raise QueryError(f"lang must be one of {', '.join(LANGS)}, not {self.lang!r}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.offset < 0:
            raise QueryError("offset must not be negative")
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise QueryError("year_from is after year_to")
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {self.sort[:20]!r}")
        if len(self.exclude) > MAX_EXCLUDE:
            raise QueryError(f"at most {MAX_EXCLUDE} translations can be turned off")
        if any(len(key) > MAX_EXCLUDE_CHARS for key in self.exclude):
            raise QueryError(f"a translation to turn off is named in at most {MAX_EXCLUDE_CHARS} characters")
        return self


def hit_record(fields: dict, score: float | None = None) -> dict:
    """Return the contract record of a stored paragraph."""
    return {
        "id": fields["id"],
        "doc_id": fields["doc_id"],
        "symbol": fields.get("symbol"),
        "lang": fields["lang"],
        "number": fields.get("number"),
        "position": fields["position"],
        "kind": fields["kind"],
        "text": fields["text"],
        "score": round(float(score), 4) if score is not None else None,
        "section": fields.get("section"),
        "date": fields.get("date"),
        "title": fields.get("title"),
        "citation": cite(fields),
        "aligned": [],
    }


ALSO_SHOWN = 5  # identical paragraphs listed with a hit (``also_documents`` counts them all)
ALSO_KEYS = ("id", "doc_id", "symbol", "lang", "number", "position", "kind", "title", "citation")


def also_record(fields: dict) -> dict:
    """Return what a hit lists of an identical paragraph elsewhere: where it is, not its text again."""
    record = hit_record(fields)
    return {key: record[key] for key in ALSO_KEYS}


def stored_by_id(searcher, ids) -> dict[str, dict]:
    """Return the stored fields of the paragraphs with these ids, by id.

    Each id is a direct look-up in the ``id`` postings (cheaper than any query
    over them, and cached); ids not in the index are left out.
    """
    docnums = [int(n) for pid in sorted(set(ids)) for n in engine().term_docs(searcher, "id", pid)]
    return {fields["id"]: fields for fields in (stored_fields(searcher, n) for n in docnums)}


def counterparts(searcher, ids) -> dict[str, dict]:
    """Return the contract records of the paragraphs with these ids, by id: one batch for a page of hits."""
    return {pid: hit_record(fields) for pid, fields in stored_by_id(searcher, ids).items()}


def attach_counterparts(searcher, hits: list[dict], stored: list[dict], docnums=None, links=None) -> None:
    """Fill each hit's ``aligned`` with the contract records of its counterparts (one batch for the page).

    ``links`` (the generation's links by document number, as
    :attr:`indexer.storage.crosslang.CrossData.counterparts` keeps them) give the
    counterparts of the hits' ``docnums`` without looking their ids up; those
    of a hit they do not give all of, or whose ids differ, are looked up by id.
    Past the request's deadline the hits left get none (the result is partial).
    """
    records: dict[str, dict] = {}
    wanted: list[str] = []
    deadline = budget.current()
    for k, (n, fields) in enumerate(zip(docnums if links else [None] * len(stored), stored)):
        if k and deadline.stop("reading the counterparts"):  # past the deadline, the hits left go without
            break
        ids = fields.get("aligned") or ()
        linked = links.get(n) if links else None
        if linked and len(linked[0]) == len(ids):
            for pid, other in zip(ids, linked[0]):
                if pid in records:
                    continue
                found = stored_fields(searcher, other)
                if found.get("id") == pid:
                    records[pid] = hit_record(found)
                else:
                    wanted.append(pid)
        else:
            wanted.extend(ids)
    records.update(counterparts(searcher, [pid for pid in wanted if pid not in records]))
    for hit, fields in zip(hits, stored):
        hit["aligned"] = [
            {**records[pid], "confidence": fields.get("align_conf")}
            for pid in fields.get("aligned") or () if pid in records
        ]


def filter_query(request: SearchRequest):
    """Return the filters of a request as query clauses (not Whoosh's ``filter=``), or None."""
    clauses = []
    if request.lang in ("en", "ru"):
        clauses.append(Q.Term("lang", request.lang))
    if request.symbol:
        text = "".join(request.symbol.split()).lower()
        text = text.translate(TO_LATIN).lower()
        clauses.append(Q.Wildcard("symbol", text) if any(c in text for c in "*?") else Q.Term("symbol", text))
    if request.year_from is not None or request.year_to is not None:
        clauses.append(Q.NumericRange("year", request.year_from, request.year_to))
    if request.kind:
        clauses.append(Q.Term("kind", request.kind))
    if request.group:
        clauses.append(Q.Term("group", request.group))
    return Q.And(clauses) if clauses else None


def build_query(request: SearchRequest, schema):
    """Return the Whoosh query for a request: the parsed text and its filters."""
    text = request.query.strip()
    filters = filter_query(request)
    if not text:
        if filters is None:
            raise QueryError("the query is empty")
        return filters
    q = query_language.parse_query(text, schema, request.lang)
    return Q.And([q, filters]) if filters is not None else q


def ranked(searcher, q, offset: int, limit: int) -> tuple[int, list[tuple[int, float]]]:
    """Return the number of matches of ``q`` and the ``(docnum, score)`` of ranks ``offset`` to ``offset + limit``.

    The engine scores every match (:meth:`~indexer.engine.interface.SearchEngine.ranked`).
    """
    return engine().ranked(searcher, q, offset, limit)


def by_date(searcher, q, offset: int, limit: int) -> tuple[int, list[tuple[int, float]]]:
    """Return what :func:`ranked` returns, the matches newest document first, each document in reading order."""
    from indexer.search import facets  # numpy arrays of the index: only for a search by date

    found = engine().evaluate(searcher, q)
    scores = (dict(zip(found.ids.tolist(), found.scores.tolist())) if found is not None
              else {hit.docnum: hit.score for hit in searcher.search(q, limit=None, optimize=False)})
    ordered = facets.by_date(searcher, sorted(scores))
    return len(ordered), [(n, scores[n]) for n in ordered[offset:offset + limit]]


def prepare(searcher, request: SearchRequest, crosslang=None):
    """Return ``(query, plan)`` for a request: its Whoosh query and, across languages, the :class:`~indexer.search.across.Plan`.

    ``crosslang`` is the index generation's :class:`~indexer.storage.crosslang.CrossData`
    (None: the request is searched in its own words only).
    """
    if request.translate and request.query.strip() and crosslang is not None:
        from indexer.search import across  # numpy and the lexicon: only for a search across languages

        found = across.plan(searcher, request, crosslang, filters=filter_query(request), exclude=request.exclude)
        return found.query, found
    return build_query(request, searcher.schema), None


def search(searcher, request: SearchRequest, q=None, crosslang=None, plan=None) -> dict:
    """Run ``request`` on an open Whoosh searcher and return the result in the JSON contract.

    ``q`` is the request's query if the caller has already built it (:func:`prepare`,
    with its ``plan``); ``crosslang`` the generation's cross-language data.
    Run :func:`indexer.search.budget.within` a budget, the hits are those found
    by the deadline (``partial`` and ``messages`` say so); when none were,
    :class:`~indexer.search.budget.BudgetExceeded` is raised.
    """
    request = request.validated()
    started = time.perf_counter()
    if q is None:
        q, plan = prepare(searcher, request, crosslang)
    also: dict[int, list[int]] = {}
    if request.sort != "relevance":
        total, page = by_date(searcher, q, request.offset, request.limit)
    elif plan is None:
        found = ranking.ranked(searcher, q, request.query, request.lang, request.offset, request.limit)
        total, page, also = found.total, found.page, found.also
    else:  # across languages: the query's own matches first (:mod:`indexer.search.across`), each part in order
        found = ranking.across_page(searcher, engine().scored(searcher, q), request.query, request.lang,
                                    plan.originals, plan.words, request.offset, request.limit)
        total, page, also = found.total, found.page, found.also
    deadline = budget.current()
    if deadline.cut and not page:
        raise BudgetExceeded(deadline.seconds, "finding the matches")
    read = []
    for docnum, _ in page:
        if read and deadline.stop("reading the hits"):
            break
        read.append(stored_fields(searcher, docnum))
    page = page[:len(read)]
    stored = with_links(searcher, read)
    hits = [hit_record(fields, score) for fields, (_, score) in zip(stored, page)]
    for hit, (docnum, _) in zip(hits, page):
        same = []
        for n in also.get(docnum, ()):
            if same and deadline.stop("reading the identical paragraphs"):
                break
            same.append(stored_fields(searcher, n))
        hit["also_in"] = [also_record(fields) for fields in same[:ALSO_SHOWN]]
        hit["also_documents"] = len({fields["doc_id"] for fields in same})
    attach_counterparts(searcher, hits, stored, [docnum for docnum, _ in page],
                        crosslang.counterparts if crosslang is not None else None)
    result = {
        "query": request.query,
        "total": total,
        "hits": hits,
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    budget.annotate(result, deadline)
    if request.translate:
        result["translations"] = ([t.as_dict() for t in plan.translations] if plan is not None
                                  else [] if crosslang is not None else None)
    return result
