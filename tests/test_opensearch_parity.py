"""Parity of the two engines: the seeds and the Charter, UDHR and SDG built into Whoosh and into the cluster.

Every query of :data:`QUERIES` (words of both languages, phrases, exact
forms, prefixes and wildcards, fuzzy terms, symbols, filters, OR and NOT) must
find the same number of paragraphs on both engines; the totals are never
written here, so a change of the analysis or of the ranking moves both alike.
The hits are compared as the product shows them, ordered and folded
(:mod:`indexer.search.ranking`, :mod:`indexer.search.collapse`, run on the
cluster's best hits): the top ten must overlap by at least :data:`MIN_OVERLAP`
on average; every hit both engines have among their best gets the same keys of
that order on both; and where both score the best matches in the same order,
the pages are the same, hit for hit.  What still differs in the scores, and why:

- several words: OpenSearch's idf is Lucene's ``ln(1 + (N - n + 0.5) / (n + 0.5))``
  over the paragraphs with the field, Whoosh's ``ln(N / (n + 1)) + 1`` over all
  of them, so the weights of two words of a query differ a little; each engine
  keeps field lengths in one byte its own way, so near ties may swap;
- phrases: Lucene scores a phrase by how often its words occur near each other
  (``span_near``), Whoosh by its words' scores;
- fuzzy terms: Lucene weighs each term a fuzzy term expands to by how close it
  is, Whoosh scores them alike.

Alike: one word's matches rank as on Whoosh (the fields' k1 and b are set for
the average length Whoosh takes, :func:`indexer.engine.opensearch.mapping.similarity_for`),
prefix and wildcard matches score the sum of their words' scores on both, and
equal scores come in the order the paragraphs were written on both.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pytest

from indexer.engine import using
from indexer.search.cluster_window import WINDOW_ENGINE, Window
from indexer.engine.schema import build_schema
from indexer.search import ranking

from indexer.search import on_opensearch
from indexer.search.ranking import WINDOW
from indexer.search.request import SearchRequest, prepare, ranked, search

MIN_OVERLAP = 0.8
MIN_SCORED_ALIKE = 30  # queries whose best matches both engines score in the same order (40 of 122 now)
SCHEMA = build_schema()

# (kind, query, filters of the request): every row finds something in the seeds.
QUERIES = [
    ("word", "migrants", {}),
    ("word", "smuggled", {}),
    ("word", "Convention", {}),
    ("word", "conventions", {}),
    ("word", "organized", {}),
    ("word", "trafficking", {}),
    ("word", "Parties", {}),
    ("word", "implementation", {}),
    ("word", "governmental", {}),
    ("word", "non-governmental", {}),
    ("word", "Конвенции", {}),
    ("word", "конвенция", {}),
    ("word", "мигрантов", {}),
    ("word", "организованной", {}),
    ("word", "вен", {}),  # two lemmas, either
    ("words", "smuggling migrants", {}),
    ("words", "transnational organized crime", {}),
    ("words", "ввоз мигрантов", {}),
    ("phrase", '"the Conference of the Parties"', {}),
    ("phrase", '"Conference of the Parties"', {}),
    ("phrase", '"organized crime"', {}),
    ("phrase", '"such tools and"', {}),
    ("phrase", '"smuggling of migrants"', {}),
    ("phrase", '"non-governmental organizations"', {}),
    ("phrase", '"Member States"', {}),
    ("phrase", '"technical assistance"~3', {}),
    ("phrase", '"против транснациональной организованной преступности"', {}),
    ("phrase", '"Организации Объединенных Наций"', {}),
    ("phrase", '"transnational organized crime"~2', {}),  # each word at most two positions after the last
    ("phrase", '"Conference Parties Convention"~5', {}),
    ("phrase", '"Вена 15"', {}),  # a word with alternative lemmas in a phrase
    ("exact", "=migrants", {}),
    ("exact", "=Convention", {}),
    ("exact", "=конвенции", {}),
    ("exact", '="organized crime"', {}),
    ("prefix", "migra*", {}),
    ("prefix", "traffic*", {}),
    ("prefix", "implement*", {}),
    ("prefix", "конвенц*", {}),
    ("fuzzy", "smugling~", {}),
    ("fuzzy", "developmnt~", {}),
    ("fuzzy", "migrnts~", {}),
    ("fuzzy", "protocol~2", {}),
    ("fuzzy", "конвенцыи~", {}),
    ("fuzzy", "un~2", {}),  # short: two edits reach many terms
    ("filter", "symbol:CTOC/COP/2012/*", {}),
    ("filter", "crime year:2012", {}),
    ("filter", "crime year:[2010 TO 2011]", {}),
    ("filter", "kind:footnote", {}),
    ("filter", "lang:ru", {}),
    ("filter", "crime lang:en", {}),
    ("filter", "convention", {"symbol": "CTOC/COP/2012/15"}),
    ("filter", "Конвенции", {"lang": "ru"}),
    ("filter", "crime", {"kind": "heading"}),
    ("filter", "crime", {"year_from": 2011}),
    ("or", "migrants OR firearms", {}),
    ("or", "мигрантов OR firearms", {}),
    ("not", "smuggling -migrants", {}),
    ("not", "crime NOT (organized OR transnational)", {}),
    ("not", 'crime NOT "organized crime"', {}),
    # The Charter, the Universal Declaration and the SDG goals and targets, in both languages.
    ("word", "self-defence", {}),
    ("word", "peace", {}),
    ("word", "education", {}),
    ("word", "poverty", {}),
    ("word", "discrimination", {}),
    ("word", "marriage", {}),
    ("word", "trusteeship", {}),
    ("word", "sanitation", {}),
    ("word", "children", {}),
    ("word", "women", {}),
    ("word", "образование", {}),
    ("word", "нищеты", {}),
    ("word", "брак", {}),
    ("word", "гражданство", {}),
    ("word", "женщин", {}),
    ("word", "самообороны", {}),
    ("words", "Security Council", {}),
    ("words", "права человека", {}),
    ("words", "Совет Безопасности", {}),
    ("words", "sustainable development goals", {}),
    ("words", "equal pay", {}),
    ("phrase", '"human rights"', {}),
    ("phrase", '"Security Council"', {}),
    ("phrase", '"everyone has the right"', {}),
    ("phrase", '"права человека"', {}),
    ("phrase", '"Генеральная Ассамблея"', {}),
    ("phrase", '"by 2030"', {}),
    ("phrase", '"International Court of Justice"', {}),
    ("phrase", '"Совета Безопасности"', {}),
    ("phrase", '"maintenance of international peace and security"', {}),
    ("exact", "=rights", {}),
    ("exact", "=права", {}),
    ("exact", "=Charter", {}),
    ("exact", "=Устава", {}),
    ("exact", '="Security Council"', {}),
    ("prefix", "educ*", {}),
    ("prefix", "discrimin*", {}),
    ("prefix", "устав*", {}),
    ("prefix", "образов*", {}),
    ("prefix", "sanit*", {}),
    ("prefix", "wom*n", {}),  # a wildcard inside the word
    ("fuzzy", "poverti~", {}),
    ("fuzzy", "educaton~", {}),
    ("fuzzy", "дискриминацыи~", {}),
    ("fuzzy", "sanitaton~", {}),
    ("fuzzy", "trusteship~", {}),
    ("symbol", "symbol:A/RES/70/1", {}),
    ("symbol", "symbol:A/RES/217*", {}),
    ("symbol", "goal", {"symbol": "A/RES/70/1"}),
    ("symbol", "rights", {"symbol": "A/RES/217 (III)"}),
    ("symbol", "symbol:A/RES/7*", {}),
    ("filter", "rights year:1948", {}),
    ("filter", "peace year:1945", {}),
    ("filter", "year:[1945 TO 1948]", {}),
    ("filter", "права", {"lang": "ru", "year_from": 1948, "year_to": 1948}),
    ("filter", "Article", {"kind": "heading"}),
    ("filter", "lang:en kind:heading", {}),
    ("filter", "security", {"lang": "en", "year_to": 1945}),
    ("or", "peace OR security", {}),
    ("or", "брак OR семья", {}),
    ("not", "rights -human", {}),
    ("not", "education NOT (primary OR secondary)", {}),
]


def both(parity_whoosh, parity_cluster, query: str, filters: dict) -> tuple[dict, dict, float]:
    """The result of a request on Whoosh and on OpenSearch (the same sources), and OpenSearch's time in ms."""
    request = SearchRequest(query=query, **filters)
    started = time.perf_counter()
    found = on_opensearch.search(parity_cluster, request)
    return search(parity_whoosh, request), found, (time.perf_counter() - started) * 1000


def best_matches(parity_whoosh, parity_cluster, query: str, filters: dict) -> tuple[list, Window]:
    """Each engine's best :data:`~indexer.search.ranking.WINDOW` matches by score alone: Whoosh's ``(docnum,
    score)``, and the cluster's :class:`~indexer.search.cluster_window.Window` (the hits the product orders)."""
    request = SearchRequest(query=query, **filters)
    q, _ = prepare(parity_whoosh, request)
    return ranked(parity_whoosh, q, 0, WINDOW)[1], Window(parity_cluster, q, WINDOW)


def score_order(parity_whoosh, parity_cluster, query: str, filters: dict) -> tuple[list[str], list[str]]:
    """The ids of each engine's best matches by score alone (Whoosh's, the cluster's)."""
    best, window = best_matches(parity_whoosh, parity_cluster, query, filters)
    return [parity_whoosh.stored_fields(n)["id"] for n, _ in best], window.ids[:WINDOW]


def shown(result: dict) -> list[tuple]:
    """What a page shows of each hit, in order: its id, where the same text also is, and its counterparts."""
    return [(hit["id"], [also["id"] for also in hit["also_in"]], hit["also_documents"],
             [other["id"] for other in hit["aligned"]]) for hit in result["hits"]]


def test_the_table_is_large_and_varied():
    kinds = {kind for kind, _, _ in QUERIES}
    assert len(QUERIES) >= 100 and len({(q, str(f)) for _, q, f in QUERIES}) == len(QUERIES)
    assert kinds == {"word", "words", "phrase", "exact", "prefix", "fuzzy", "symbol", "filter", "or", "not"}


@pytest.mark.opensearch
@pytest.mark.parametrize("kind, query, filters", QUERIES)
def test_both_engines_find_the_same_paragraphs(parity_whoosh, parity_cluster, kind, query, filters):
    whoosh, found, _ = both(parity_whoosh, parity_cluster, query, filters)
    assert whoosh["total"] > 0, f"{query!r} finds nothing: choose another query"
    assert found["total"] == whoosh["total"]


def ranking_keys(searcher, docs: list[int], words) -> list[tuple]:
    """The keys by which the product orders the hits ``docs`` (:func:`indexer.search.ranking.window_order`, the
    score aside), each ``(ordered, as typed, near, exact forms, line)``."""
    docs = np.array(docs, dtype=np.int64)
    ordered, near, repeated = ranking.proximity(searcher, docs, words)
    exact = ranking.exact_forms(searcher, docs, words)
    typed = ranking.as_typed(searcher, docs, words, (ordered == len(words) - 1) & (exact == len(words)), repeated)
    return list(zip(ordered.tolist(), typed.tolist(), near.tolist(), exact.tolist(),
                    ranking.lines(searcher, docs).tolist()))


def same_keys(parity_whoosh, best: list, window: Window, query: str, lang: str) -> bool:
    """Whether each hit both engines have among their best gets the same :func:`ranking_keys` on both."""
    by_id = {parity_whoosh.stored_fields(n)["id"]: n for n, _ in best}
    common = [(by_id[pid], k) for k, pid in enumerate(window.ids[:WINDOW]) if pid in by_id]
    words = ranking.query_words(SCHEMA, query, lang)
    expected = ranking_keys(parity_whoosh, [n for n, _ in common], words)
    with using(WINDOW_ENGINE):
        return ranking_keys(window, [k for _, k in common], words) == expected


@pytest.mark.opensearch
def test_the_products_orders_agree(parity_whoosh, parity_cluster, capsys):
    """The hits as the product orders and folds them (:mod:`indexer.search.ranking`,
    :mod:`indexer.search.collapse`): the top ten overlap; each hit both engines have among their best gets the
    same keys of that order on both (the words next to each other, in the forms typed, near, the forms found, a
    line or a paragraph); and where both engines score the best matches in the same order, the pages are the
    same, hit for hit, with the same folded paragraphs and counterparts."""
    overlap, times, same_scores = {}, [], 0
    differing, other_keys = [], []  # pages that differ though scored alike; queries whose keys differ
    for kind, query, filters in QUERIES:
        whoosh, found, ms = both(parity_whoosh, parity_cluster, query, filters)
        times.append(ms)
        ids = [hit["id"] for hit in whoosh["hits"]]
        overlap.setdefault(kind, []).append(len(set(ids) & {hit["id"] for hit in found["hits"]}) / len(ids))
        best, window = best_matches(parity_whoosh, parity_cluster, query, filters)
        if not same_keys(parity_whoosh, best, window, query, filters.get("lang", "any")):
            other_keys.append(query)
        if [parity_whoosh.stored_fields(n)["id"] for n, _ in best] == window.ids[:WINDOW]:
            same_scores += 1
            if shown(found) != shown(whoosh):
                differing.append(query)
    mean = statistics.mean(v for values in overlap.values() for v in values)
    with capsys.disabled():
        print(f"\nParity over {len(QUERIES)} queries, the product's order: top-10 overlap {mean:.3f} on average; "
              f"by kind: " + ", ".join(f"{kind} {statistics.mean(v):.2f}" for kind, v in overlap.items())
              + f"; {same_scores} queries score their best {WINDOW} in the same order on both engines; "
                f"OpenSearch p50 {statistics.median(times):.1f} ms, p95 {statistics.quantiles(times, n=20)[18]:.1f} ms")
    assert mean >= MIN_OVERLAP
    assert (same_scores >= MIN_SCORED_ALIKE, differing, other_keys) == (True, [], [])


@pytest.mark.opensearch
@pytest.mark.parametrize("query, filters, folds", [
    ("ввоз мигрантов", {}, False),
    ("sustainable development goals", {}, False),
    ("crime", {"kind": "heading"}, True),  # the same heading in several reports: shown once
    ("kind:footnote", {}, True),
    ("lang:en kind:heading", {"limit": 100}, True),
    ("lang:ru", {"offset": 190, "limit": 20}, False),  # a page across the end of the window ordered
    ("lang:ru", {"offset": 900, "limit": 5}, False),  # a page past it: by score
])
def test_pages_of_the_product_order(parity_whoosh, parity_cluster, query, filters, folds):
    """Queries both engines score alike (best matches in the same order): the same pages on both."""
    whoosh, found, _ = both(parity_whoosh, parity_cluster, query, filters)
    by_whoosh, by_cluster = score_order(parity_whoosh, parity_cluster, query,
                                        {k: v for k, v in filters.items() if k not in ("offset", "limit")})
    assert by_whoosh == by_cluster, f"{query!r}: the engines score differently, choose another query"
    assert found["total"] == whoosh["total"]
    assert len(whoosh["hits"]) == min(filters.get("limit", 10), whoosh["total"] - filters.get("offset", 0))
    assert shown(found) == shown(whoosh)
    assert any(hit["also_in"] for hit in found["hits"]) == folds
