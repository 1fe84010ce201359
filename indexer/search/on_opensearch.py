"""Reading the paragraph index on an OpenSearch cluster: the same contract, pages and exports as on Whoosh.

The request is parsed as on Whoosh (:func:`indexer.search.request.build_query`,
with the product's schema) and run by :class:`indexer.engine.opensearch.searching.Searcher`;
each hit is the contract record of its stored paragraph (:func:`indexer.search.request.hit_record`)
with its counterparts.  What a reader gets beside (marked words, anchors, did
you mean, a document's versions side by side, the aligned pairs of an export)
is made by the same functions as on Whoosh
(:mod:`indexer.search.reading`, :mod:`indexer.search.correction`,
:mod:`indexer.search.export`) from what the cluster answers, and so are the
order and folding of the hits (:mod:`indexer.search.ranking`,
:mod:`indexer.search.collapse`, over the cluster's best hits).  Across
languages, the generation's lexicon is read from the cluster
(:mod:`indexer.search.cluster_across`).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace

import numpy as np

from indexer.engine import using
from indexer.engine.opensearch.searching import SCHEMA, Searcher
from indexer.engine.opensearch.translate import to_dsl
from indexer.search.cluster_window import WINDOW_ENGINE, Window
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS
from indexer.search import budget, cluster_across, export, lookup, ranking, reading
from indexer.search import cluster_anchors, cluster_facets
from indexer.search.cluster_anchors import Numbered
from indexer.search import query as query_language
from indexer.search.correction import EDITS, correction
from indexer.search.finishing import finish_page
from indexer.search.highlight import Highlighter
from indexer.errors import LexiconError
from indexer.search.request import ALSO_SHOWN, SearchRequest, also_record, build_query, hit_record

def search(searcher: Searcher, request: SearchRequest, lexicon=None) -> dict:
    """Run ``request`` and return the result in the product's JSON contract (``query``, ``total``, ``hits``,
    ``took_ms``, ``partial``, ``messages``; with ``translate``, ``translations``: null when there is no
    ``lexicon``, the generation's, :func:`indexer.search.cluster_across.generation_lexicon`).

    The hits are ordered and identical paragraphs folded as on Whoosh
    (:func:`indexer.search.ranking.ordered_page` over the cluster's best hits,
    :class:`~indexer.search.cluster_window.Window`); across languages, the query
    translated (:mod:`indexer.search.cluster_across`), folded as on Whoosh."""
    return _search(searcher, request, lexicon)[0]


Tokens = dict[str, dict[str, str]]  # a text -> its analyzed fields' token strings, as the index stores them


def _search(searcher: Searcher, request: SearchRequest, lexicon=None, anchored: bool = False,
            facets: bool = False) -> tuple[dict, Numbered | None, Tokens]:
    """Return :func:`search` of ``request`` and, ``anchored``, the paragraphs that give its records' anchors
    read with their counterparts (:func:`indexer.search.cluster_anchors.numbered_search`) and the token strings
    of the records' language fields (those read with them: the words to mark are read from them); with
    ``facets``, the searches of its facets are asked with its hits (:func:`indexer.search.cluster_facets.ahead`)."""
    request = request.validated()
    started = time.perf_counter()
    used = None
    if request.sort != "relevance":
        return _by_date(searcher, request, lexicon, started, anchored)
    if request.translate and request.query.strip() and lexicon is not None:
        languages = cluster_facets.by_language(request, lexicon) if facets else []
        planned = cluster_across.plans(searcher, [request, *languages], lexicon, SCHEMA)[0]  # planned at once
        used = planned.used
        query, ahead = cluster_facets.ahead(searcher, request, lexicon) if facets else (None, [])
        window = Window(searcher, None, max(ranking.WINDOW, request.offset + request.limit), dsl=planned.query,
                        also=ahead, forms=_typed(request, planned.words))
        originals = np.array([n for n, score in enumerate(window.scores) if score >= cluster_across.ORIGINALS],
                             dtype=np.int64)
        with using(WINDOW_ENGINE):
            found = ranking.across_page(window, window, request.query, request.lang, originals, planned.words,
                                        request.offset, request.limit)
    else:
        query, ahead = cluster_facets.ahead(searcher, request, lexicon) if facets else (None, [])
        window = Window(searcher, build_query(request, SCHEMA), ranking.WINDOW, also=ahead, forms=_typed(request))
        with using(WINDOW_ENGINE):
            found = ranking.ordered_page(window, window, request.query, request.lang, request.offset, request.limit)
    if facets:
        cluster_facets.answered(searcher, request, query, window.also)
    window.load([n for n, _ in found.page] + [m for n, _ in found.page for m in found.also.get(n, ())])
    hits, numbered, tokens = _hits(searcher, [window.stored_fields(n) for n, _ in found.page],
                                   [window.scores[n] for n, _ in found.page], anchored)
    if anchored:
        tokens.update((window.rows[n]["text"], window.terms[n].tokens) for n, _ in found.page if n in window.terms)
    for hit, (n, _) in zip(hits, found.page):
        same = [window.stored_fields(m) for m in found.also.get(n, ())]
        hit["also_in"] = [also_record(fields) for fields in same[:ALSO_SHOWN]]
        hit["also_documents"] = len({fields["doc_id"] for fields in same})
    return _result(request, found.total, hits, started, used, lexicon), numbered, tokens


def _typed(request: SearchRequest, translated=()) -> list[str]:
    """Return the forms typed of the words that order the hits of ``request`` (and of the ``translated`` words):
    the cluster tells which of its best hits have them (:func:`indexer.search.ranking.exact_forms` asks)."""
    return [form for word in (*ranking.query_words(SCHEMA, request.query, request.lang), *translated)
            for form in word.forms]


def _by_date(searcher: Searcher, request: SearchRequest, lexicon, started: float,
             anchored: bool) -> tuple[dict, Numbered | None, Tokens]:
    """:func:`search` of a request sorted by date: the matches newest document first, each in reading order, none
    folded (as on Whoosh, :func:`indexer.search.request.by_date`)."""
    used = None
    if request.translate and request.query.strip() and lexicon is not None:
        planned = cluster_across.plan(searcher, request, lexicon, SCHEMA)
        dsl, used = planned.query, planned.used
    else:
        dsl = to_dsl(build_query(request, SCHEMA), SCHEMA)
    total, page = searcher.by_date(dsl, request.offset, request.limit)
    hits, numbered, tokens = _hits(searcher, [fields for fields, _ in page], [score for _, score in page], anchored)
    for hit in hits:
        hit["also_in"], hit["also_documents"] = [], 0
    return _result(request, total, hits, started, used, lexicon), numbered, tokens


def _hits(searcher: Searcher, stored: list[dict], scores: list[float],
          anchored: bool = False) -> tuple[list[dict], Numbered | None, Tokens]:
    """Return the hit records of paragraphs' ``stored`` fields with the cluster's ``scores``, each with its
    counterparts (``aligned``), and, ``anchored``, what gives their anchors and the token strings of the
    counterparts' language fields, read in the same request."""
    hits = [hit_record(fields, cluster_across.own_score(score)) for fields, score in zip(stored, scores)]
    asked = cluster_anchors.numbered_search(stored) if anchored else None
    links, answers, read = searcher.linked_with(stored, [asked[0]] if asked else [],
                                                tuple(TEXT_FIELDS.values()) if anchored else ())
    for hit, (others, confidence) in zip(hits, links):
        hit["aligned"] = [{**hit_record(other), "confidence": confidence} for other in others]
    shown = [*stored, *(other for others, _ in links for other in others)]
    tokens = {fields["text"]: read[fields["id"]] for fields in shown if fields["id"] in read}
    return hits, (asked[1].found(answers[0]["hits"]["hits"], shown) if asked else None), tokens


def _result(request: SearchRequest, total: int, hits: list[dict], started: float, used, lexicon) -> dict:
    """Return the contract of a search's hits (see :func:`search`)."""
    result = {"query": request.query, "total": total, "hits": hits,
              "took_ms": round((time.perf_counter() - started) * 1000, 2)}
    budget.annotate(result, budget.current())
    if request.translate:
        result["translations"] = ([t.as_dict() for t in used] if used is not None
                                  else [] if lexicon is not None else None)
    return result


def search_cluster(url: str, name: str, request: SearchRequest) -> dict:
    """Run ``request`` on the index ``name`` of the cluster at ``url`` (see :func:`search`), across languages
    with the lexicon of the generation searched."""
    searcher = Searcher(url, name)
    if not request.translate:
        return search(searcher, request)
    with tempfile.TemporaryDirectory(prefix="lexicon-") as folder:
        return search(searcher, request, cluster_across.generation_lexicon(searcher, folder))


def lexicon_entry(url: str, name: str, term: str, limit: int) -> dict:
    """Return the entry of ``term`` in the lexicon of the index ``name`` on the cluster at ``url`` (as
    :func:`indexer.search.lookup.lexicon_entry` on Whoosh)."""
    searcher = Searcher(url, name)
    with tempfile.TemporaryDirectory(prefix="lexicon-") as folder:
        found = cluster_across.generation_lexicon(searcher, folder)
        if found is None:
            raise LexiconError(f"the index {name!r} on OpenSearch has no lexicon (it was built before lexicons were "
                               f"kept there): build it again with `python -m indexer build SOURCES --opensearch URL "
                               f"--index {name}`")
        return lookup.entry(found, term, limit)


def search_page(searcher: Searcher, request: SearchRequest, crosslang=None, facets: bool = False) -> dict:
    """Run ``request`` and return the search contract made ready for a reader (as
    :func:`indexer.search.reading.search_page`: ``html`` and ``anchor`` on each record, ``did_you_mean``);
    ``crosslang`` is the generation's lexicon (the app's :meth:`search_app.on_opensearch.LiveCluster.crosslang`).
    With ``facets`` (their :func:`indexer.search.cluster_facets.of_request` to follow), what they ask is asked with
    the hits."""
    started = time.perf_counter()
    request = request.validated()
    result, numbered, tokens = _search(searcher, request, crosslang, anchored=True, facets=facets)
    text = request.query.strip()
    late = budget.current().stop("marking the words")  # past the deadline: the hits without extras
    # Counterparts are in the other language: mark the query's words of both, whatever ``lang`` filters.
    q = query_language.parse_query(text, SCHEMA, "any") if text and not late else None
    records = [r for hit in result["hits"] for r in (hit, *hit["aligned"])]
    anchors = cluster_anchors.page_anchors(searcher, records, numbered)
    return finish_page(result, records, Highlighter(q, SCHEMA, tokens=tokens), anchors,
                       (lambda: did_you_mean(searcher, request)) if text and not late else None, started)


def did_you_mean(searcher: Searcher, request: SearchRequest) -> str | None:
    """Return the query with its unknown words replaced by the commonest close word forms, if that finds hits
    (as :func:`indexer.search.reading.did_you_mean`)."""
    corrected, request = correction(request, SCHEMA,
                                    lambda terms: searcher.corrections(EXACT_FIELD, terms, EDITS, prefix=1))
    if corrected is None:
        return None
    try:
        q = build_query(replace(request, query=corrected), SCHEMA)
    except query_language.QueryError:
        return None
    return corrected if searcher.count(q) else None


def document_view(searcher: Searcher, key: str) -> dict | None:
    """Return the language versions of the document ``key`` names, paired by their alignment; None if unknown
    (see :func:`indexer.search.reading.document_view`)."""
    return reading.document_view(searcher, key, lambda field, value: searcher.with_links(
        searcher.where(**{field: value})))


def iter_pairs(searcher: Searcher, request: SearchRequest, cap: int, tally: export.Tally, deadline=None):
    """Yield up to ``cap`` aligned pairs of the hits of ``request`` (see :func:`indexer.search.export.iter_pairs`)."""
    request = request.validated()
    q = build_query(request, SCHEMA)

    def batch(consumed: int) -> tuple[int, list[dict]]:
        total, page = searcher.ranked(q, consumed, export.BATCH)
        return total, searcher.with_links([fields for fields, _ in page])

    yield from export.paired(batch, lambda ids: searcher.with_links(list(searcher.by_ids(ids).values())), cap,
                             tally, deadline)
