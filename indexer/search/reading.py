"""Reading the index as a translator does: hits beside their counterparts, documents side by side.

Flask-free, so the web app and the command line share it:

- :func:`counterparts` (from :mod:`indexer.search.request`) looks up the paragraphs a page of hits
  links to, in one batch;
- :func:`search_page` runs a search and adds what a reader needs: the counterparts,
  each side highlighted (``html``), the anchor of each paragraph in its document,
  and a "did you mean" when nothing was found;
- :func:`document_view` gathers the language versions of one document, ordered by
  position, and pairs their paragraphs into rows by the stored alignment.

Anchors name a paragraph inside its document page by its number, with the prefix
its kind of source gives it (:mod:`indexer.search.citation`): ``p12`` in a UN
document (``(b)`` gives ``pb``, ``6/1`` gives ``p6_1``), ``art51`` and ``art1(2)``
in the Charter, ``t4.1`` for an SDG target; ``<anchor>-<k>`` for the k-th
paragraph of a version with the same number (subparagraphs ``(a)`` repeat), and
``pos<position>`` for an unnumbered one.

>>> anchor_slug("6/1"), anchor_slug("(b)"), anchor_slug(None)
('6_1', 'b', '')
"""

from __future__ import annotations

import re
import time
from collections import defaultdict

from whoosh import query as Q

from indexer.engine import engine
from indexer.engine.stored_fields import stored_value
from indexer.search import budget, citation
from indexer.search import query as query_language
from indexer.align.counterparts import with_links
from indexer.search.highlight import Highlighter
from indexer.caches.lru import LRUCache
from indexer.caches.registry import CONTENTS, LRU, LRU_BY_WEIGHT, declare
from indexer.engine.schema import EXACT_FIELD
from indexer.search.correction import correction, one_by_one
from indexer.search.finishing import bounded_renderings, finish_page
from indexer.search.request import SearchRequest, counterparts, filter_query, hit_record, prepare, search
from indexer.engine.contents import contents_key
from indexer.symbols import symbol_key

__all__ = [
    "align_rows", "anchor", "anchors_of", "counterparts", "did_you_mean", "document_view", "hit_anchors",
    "resolve", "search_page", "version_anchors",
]

LANG_ORDER = ("en", "ru")  # columns, left to right; other languages follow
_SLUG_RE = re.compile(r"\W+")


# --- anchors -------------------------------------------------------------------------------------


def anchor_slug(number: str | None) -> str:
    """Return a paragraph number of a UN document as its anchor writes it: word characters, ``_`` between."""
    return _SLUG_RE.sub("_", number or "").strip("_")


def anchor(number: str | None, position: int, occurrence: int = 1, fmt: str | None = None) -> str:
    """Return the anchor of a paragraph: by number (k-th occurrence in its version), else by position.

    ``fmt`` is the format its document was read from, which chooses the prefix.

    >>> anchor("12", 30), anchor("(a)", 31, 2), anchor(None, 7), anchor("4.1", 9, fmt="sdg")
    ('p12', 'pa-2', 'pos7', 't4.1')
    """
    base = citation.anchor_base({"fmt": fmt, "number": number})
    if not base:
        return f"pos{position}"
    return base if occurrence <= 1 else f"{base}-{occurrence}"


def version_anchors(paragraphs: list[dict], fmt: str | None = None) -> dict[str, str]:
    """Return the anchor of each paragraph of one language version (given in position order), by id."""
    seen: dict[str, int] = defaultdict(int)
    out = {}
    for p in paragraphs:
        base = citation.anchor_base({"fmt": fmt, "number": p.get("number")})
        if base:
            seen[base] += 1
        out[p["id"]] = anchor(p.get("number"), p["position"], seen[base] if base else 1, fmt)
    return out


def hit_anchors(searcher, hits: list[dict]) -> dict[str, str]:
    """Return the anchors of ``hits`` (their counterparts, the paragraphs of the same text) by paragraph id.

    A numbered paragraph's anchor depends on how many paragraphs of its version
    before it have the same number: the document's paragraphs (its postings, read
    once with its format, :func:`_document`), those of them with the number, and
    the ``position`` column give them.
    """
    records = [r for h in hits for r in (h, *h.get("aligned", ()), *h.get("also_in", ()))]
    numbered = {(r["doc_id"], r["number"]) for r in records if r.get("number")}
    contents = contents_key(searcher)
    documents = {doc_id: _document(searcher, contents, doc_id) for doc_id in {doc_id for doc_id, _ in numbered}}
    column = []  # the position column, opened for the first pair not kept

    def positions(doc_id: str, number: str) -> tuple[int, ...]:
        return _numbered_positions(searcher, contents, doc_id, number, documents[doc_id][0], column)

    earlier = {pair: positions(*pair) for pair in numbered}
    return anchors_of(records, earlier, {doc_id: fmt for doc_id, (_, fmt) in documents.items()})


def anchors_of(records: list[dict], earlier: dict[tuple, tuple], formats: dict[str, str | None]) -> dict[str, str]:
    """Return the anchor of each record by id, given the positions of the paragraphs with each ``(document,
    number)`` (``earlier``) and the format of each document with numbered paragraphs (``formats``)."""
    out = {}
    for r in records:
        positions = earlier.get((r["doc_id"], r.get("number")), ())
        occurrence = sum(1 for pos in positions if pos < r["position"]) + 1
        fmt = formats.get(r["doc_id"]) if r.get("number") else None
        out[r["id"]] = anchor(r.get("number"), r["position"], occurrence, fmt)
    return out


# (index contents, document id) -> its paragraphs (document numbers, ascending) and the format it was read from
DOCUMENTS_KEPT = 400_000  # paragraphs, of some 20,000 documents of UN length
_DOCUMENTS = declare("search.documents", LRUCache(DOCUMENTS_KEPT, weigh=lambda found: len(found[0]) + 8),
                     bound=DOCUMENTS_KEPT, unit="paragraphs", eviction=LRU_BY_WEIGHT, invalidated_by=CONTENTS)


def _document(searcher, contents, doc_id: str) -> tuple:
    """Return the paragraphs of a document version (document numbers, ascending) and the format it was read from
    (None: unknown), kept per index contents (``contents``: :func:`~indexer.engine.contents.contents_key`)."""
    found = _DOCUMENTS.get((contents, doc_id)) if contents is not None else None
    if found is None:
        docs = engine().term_docs(searcher, "doc_id", doc_id)
        if len(docs):  # (none: the engine's one empty array, left as it is)
            docs.setflags(write=False)  # shared by the searches that read it
        found = (docs, (stored_value(searcher, int(docs[0]), "fmt") or None) if len(docs) else None)
        if contents is not None:
            _DOCUMENTS.put((contents, doc_id), found)
    return found


# (index contents, document id, number) -> positions of its paragraphs with the number
_NUMBERED = declare("search.numbered", LRUCache(20_000), bound=20_000, eviction=LRU, invalidated_by=CONTENTS)


def _numbered_positions(searcher, contents, doc_id: str, number: str, docs, column: list) -> tuple[int, ...]:
    """Return the positions of the paragraphs of a document version (``docs``) that have a number (kept per index
    contents); ``column`` holds the ``position`` column once a call has opened it."""
    found = _NUMBERED.get((contents, doc_id, number)) if contents is not None else None
    if found is None:
        if not column:
            column.append(searcher.reader().column_reader("position"))
        position = column[0]
        found = tuple(position[int(n)] for n in docs[engine().docs_having(searcher, "number", (number,), docs)])
        if contents is not None:
            _NUMBERED.put((contents, doc_id, number), found)
    return found


def _stored(searcher, q) -> list[dict]:
    """Return the stored fields of every paragraph matching ``q`` (unscored, unlimited), within the deadline."""
    found = []
    for n in q.docs(searcher):
        budget.check("reading the document")
        found.append(searcher.stored_fields(n))
    return with_links(searcher, found)


# --- search results -------------------------------------------------------------


def search_page(searcher, request: SearchRequest, crosslang=None) -> dict:
    """Run ``request`` and return the search contract made ready for a reader.

    Each hit and each of its ``aligned`` counterparts gets ``html`` (its text
    escaped, the matched words in ``<mark>``, words that translate them in
    ``<mark class="tr">``) and ``anchor`` (where it is on its document page);
    when nothing is found and a close spelling would find something,
    ``did_you_mean`` holds the corrected query.  Across languages
    (``request.translate``, with the generation's ``crosslang`` data), a query of
    one term also gets ``renderings`` (:mod:`indexer.search.renderings`), its examples
    with anchors.  ``took_ms`` counts all of it.
    """
    started = time.perf_counter()
    request = request.validated()
    q, plan = prepare(searcher, request, crosslang)
    result = search(searcher, request, q, crosslang=crosslang, plan=plan)
    text = request.query.strip()
    # Counterparts are in the other language: mark the query's words of both, whatever ``lang`` filters.
    if text and (request.lang != "any" or plan is not None):
        q = query_language.parse_query(text, searcher.schema, "any")
    late = budget.current().stop("marking the words")  # past the deadline: the hits without extras
    highlighter = Highlighter(q if text and not late else None, searcher.schema,
                              plan.translated if plan is not None and not late else None)
    records = [r for hit in result["hits"] for r in (hit, *hit["aligned"])]
    found = bounded_renderings(searcher, text, crosslang) if plan is not None and not late else None
    if found:
        result["renderings"] = found
        records += [r for item in found["renderings"] for pair in item["examples"] for r in pair.values()]
    anchors = hit_anchors(searcher, records)
    for record in (r for hit in result["hits"] for r in hit.get("also_in", ())):  # where the same text is too
        record["anchor"] = anchors.get(record["id"])
    return finish_page(result, records, highlighter, anchors,
                       (lambda: did_you_mean(searcher, request)) if text and not late else None, started)


# --- did you mean --------------------------------------------------------------------------------

def did_you_mean(searcher, request: SearchRequest) -> str | None:
    """Return the query with its unknown words replaced by close words of the index, if that finds hits.

    Words are looked up as written (the ``exact`` field), so a suggestion is a
    real word form of the corpus, the closest first (the case form typed is
    kept); operators, fields, ``-word``, ``word*`` and ``word~`` are left alone.
    Across languages a correction that finds any language is offered.
    """
    reader = searcher.reader()

    def suggest(term: str, maxdist: int) -> str | None:
        found = searcher.suggest(EXACT_FIELD, term, limit=1, maxdist=maxdist, prefix=1)
        return found[0] if found else None

    corrected, request = correction(request, searcher.schema,
                                    one_by_one(lambda term: (EXACT_FIELD, term) in reader, suggest))
    if corrected is None:
        return None
    try:
        q = query_language.parse_query(corrected, searcher.schema, request.lang)
    except query_language.QueryError:
        return None
    filters = filter_query(request)
    found = searcher.search(Q.And([q, filters]) if filters is not None else q, limit=1)
    return corrected if len(found) else None


# --- documents -----------------------------------------------------------------------------------


def resolve(searcher, key: str) -> dict | None:
    """Return the stored fields of one paragraph of the document ``key`` names, or None.

    ``key`` is a document id (``CTOC/COP/2012/15@ru``, ``001_a4c9014b07e334a9@ru``),
    a symbol in any spelling (``CTOC/COP/2012/15``, ``ctoc/cop/2012/15@ru``), or a
    document id without its language (``001_a4c9014b07e334a9``).
    """
    key = key.strip()
    if not key:
        return None
    fields = searcher.document(doc_id=key)
    base, at, lang = key.rpartition("@")
    if fields is None and at and symbol_key(base):
        fields = searcher.document(symbol_key=symbol_key(base), doc_lang=lang.lower())
    if fields is None and symbol_key(base or key):
        fields = searcher.document(symbol_key=symbol_key(base or key))
    for lang in LANG_ORDER:
        if fields is None and not at:
            fields = searcher.document(doc_id=f"{key}@{lang}")
    return fields


def document_view(searcher, key: str, paragraphs=None) -> dict | None:
    """Return the language versions of the document ``key`` names, paired by their alignment; None if unknown.

    ``{"key", "group", "symbol", "title", "lang", "aligned", "versions", "rows"}``:
    ``lang`` is the language ``key`` asked for (its ``@lang``), else the first
    version's; ``versions`` lists each language version (English, Russian, then
    others) with its ``paragraphs`` in position order, each a contract record
    with ``anchor``, ``aligned_ids`` and ``confidence``; ``rows`` pairs them
    (``{"en": [ids], "ru": [ids]}``, in reading order) when the versions are
    aligned, and is empty otherwise.  ``paragraphs(field, value)`` gives the stored fields (links filled in) of
    the paragraphs with a ``group`` or a ``doc_id`` (default: read from the Whoosh ``searcher``).
    """
    fields = resolve(searcher, key)
    if fields is None:
        return None
    paragraphs = paragraphs or (lambda field, value: _stored(searcher, Q.Term(field, value)))
    group = fields.get("group")
    found = paragraphs("group", group) if group else []
    if not found:
        found = paragraphs("doc_id", fields["doc_id"])
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for stored in found:
        by_doc[stored["doc_id"]].append(stored)
    budget.check("reading the document")
    versions = [_version(doc_id, paras) for doc_id, paras in by_doc.items()]
    budget.check("pairing the document's versions")
    versions.sort(key=lambda v: (_lang_rank(v["lang"]), v["doc_id"]))
    rows = align_rows(versions)
    asked = fields.get("doc_lang") if "@" in key else None
    first = versions[0]
    return {
        "key": key,
        "group": group,
        "symbol": next((v["symbol"] for v in versions if v["symbol"]), None),
        "title": next((v["title"] for v in versions if v["lang"] == asked), None) or first["title"],
        "lang": asked or first["lang"],
        "aligned": bool(rows),
        "versions": versions,
        "rows": rows,
    }


def _lang_rank(lang: str) -> int:
    return LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER)


def _version(doc_id: str, stored: list[dict]) -> dict:
    """Return one language version: its metadata and its paragraphs as records, by position."""
    stored = sorted(stored, key=lambda f: f["position"])
    paragraphs = []
    for fields in stored:
        record = hit_record(fields)
        for key in ("score", "aligned"):
            record.pop(key)
        record["aligned_ids"] = list(fields.get("aligned") or ())
        record["confidence"] = fields.get("align_conf")
        paragraphs.append(record)
    head = stored[0]
    anchors = version_anchors(paragraphs, head.get("fmt"))
    for record in paragraphs:
        record["anchor"] = anchors[record["id"]]
    return {
        "doc_id": doc_id,
        "lang": head.get("doc_lang") or doc_id.rpartition("@")[2],
        "symbol": head.get("symbol"),
        "title": head.get("title"),
        "date": head.get("date"),
        "paragraphs": paragraphs,
    }


def align_rows(versions: list[dict]) -> list[dict]:
    """Pair the English and Russian paragraphs into rows by their links, in reading order.

    Linked paragraphs (one to one, one to two …) share a row; a paragraph without
    a link gets a row of its own with the other side empty.  Rows follow both
    versions' order; where links cross, a row comes when its first paragraph is
    reached.  Returns [] when the versions have no links between them.

    >>> en = {"lang": "en", "paragraphs": [{"id": "e0", "aligned_ids": ["r0"]}, {"id": "e1", "aligned_ids": ["r1"]},
    ...       {"id": "e2", "aligned_ids": ["r1"]}, {"id": "e3", "aligned_ids": []}]}
    >>> ru = {"lang": "ru", "paragraphs": [{"id": "r0", "aligned_ids": ["e0"]}, {"id": "r1", "aligned_ids": ["e1", "e2"]},
    ...       {"id": "r2", "aligned_ids": []}]}
    >>> [(r["en"], r["ru"]) for r in align_rows([en, ru])]
    [(['e0'], ['r0']), (['e1', 'e2'], ['r1']), (['e3'], []), ([], ['r2'])]
    """
    by_lang = {v["lang"]: v["paragraphs"] for v in versions}
    en, ru = by_lang.get("en", []), by_lang.get("ru", [])
    present = {p["id"]: p for p in (*en, *ru)}
    links: dict[str, set] = {pid: set() for pid in present}
    for p in present.values():  # a link counts both ways, even if only one side recorded it
        for other in p["aligned_ids"]:
            if other in present and other != p["id"]:
                links[p["id"]].add(other)
                links[other].add(p["id"])
    if not any(links.values()):
        return []
    order = {p["id"]: n for n, p in enumerate((*en, *ru))}
    en_ids = {p["id"] for p in en}
    done: set[str] = set()
    rows = []
    i = j = 0
    while i < len(en) or j < len(ru):
        while i < len(en) and en[i]["id"] in done:
            i += 1
        while j < len(ru) and ru[j]["id"] in done:
            j += 1
        e = en[i] if i < len(en) else None
        r = ru[j] if j < len(ru) else None
        if e is None and r is None:
            break
        alone = next((p for p in (e, r) if p is not None and not links[p["id"]]), None)
        component = [alone["id"]] if alone else _component((e or r)["id"], links)
        done.update(component)
        component.sort(key=order.get)
        rows.append({"en": [c for c in component if c in en_ids], "ru": [c for c in component if c not in en_ids],
                     "confidence": max((present[c].get("confidence") or 0 for c in component), default=0) or None})
    return rows


def _component(start: str, links: dict[str, set]) -> list[str]:
    """Return the ids linked to ``start``, directly or through other links."""
    seen, todo = {start}, [start]
    while todo:
        for other in links[todo.pop()]:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return list(seen)

