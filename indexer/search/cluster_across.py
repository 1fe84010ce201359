"""Searching across languages on OpenSearch: the generation's lexicon read from the cluster, the query translated.

A generation's lexicon is kept in its data on the cluster
(:mod:`indexer.build.cluster_lexicon`); :func:`generation_lexicon` reads it
into a folder of the caller's (the command's, or the web app's for as long as
the generation is live) and opens it as on Whoosh
(:func:`indexer.lexicon.store.load`).  A search with ``translate`` finds what
it finds on Whoosh (:mod:`indexer.search.across`), with the same translations,
listed alike; :func:`plan` makes it one query of the DSL:

- the paragraphs the query's own words find, first (:data:`ORIGINALS` added
  to their scores);
- a query of words, word by word through each word's translations, weighed
  (:meth:`indexer.search.translate.QueryTranslator.word_alternatives`; a
  translation of several words where all of them occur, in any order, as
  :func:`indexer.search.across.translated_matches` counts them): paragraphs
  with translations of every word, and of a query of
  :data:`~indexer.search.across.PARTIAL_FROM` words or more the best
  :data:`~indexer.search.across.PARTIAL_MOST` with some of them (at least one
  a translated word), found by a request of their own beforehand; any other
  query rewritten with the translations (:meth:`~indexer.search.translate.QueryTranslator.rewrite`);
- with one language asked for, the counterparts of the paragraphs of the other
  language that the query finds (through the alignment);
- with any language, a paragraph only the translations find whose counterpart
  the query finds is left out: it is shown beside that counterpart.

The counterparts are the ``aligned`` ids of those paragraphs (an aggregation),
and the paragraphs whose ``aligned_to`` names those that store none (as
:func:`indexer.align.counterparts.with_links` reads them), at most
:data:`LINKED_MOST` of each; what is asked beforehand (counterparts, the best
partial matches) is one ``_msearch``.  The hits are then ordered as on Whoosh
(:func:`indexer.search.ranking.across_page`: the originals by the query's
words, then the others by their translations'); the scores are Lucene's BM25 of
the weighed translations, not Whoosh's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from whoosh import query as Q

from indexer.caches.lru import LRUCache
from indexer.caches.registry import GENERATION, LRU, declare
from indexer.engine.opensearch.generation_data import LEXICON, read_file
from indexer.engine.opensearch.translate import MATCH_NONE, to_dsl
from indexer.engine.opensearch.writing import generation_number
from indexer.errors import LexiconError
from indexer.lexicon import store as lexicon_store
from indexer.search import budget
from indexer.search import query as query_language
from indexer.search.across import (ALIGNED_WEIGHT, OTHER_LANG, PARTIAL_FROM, PARTIAL_MOST, alternative_terms,
                                   translated_words)
from indexer.search.request import SearchRequest, filter_query
from indexer.search.translate import QueryTranslator

ORIGINALS = 1e6  # added to the score of a paragraph the query's own words find: those come first
LINKED_MOST = 10_000  # counterparts looked up at most, of each kind (the buckets of an aggregation)
PLANS_KEPT = 64
# (index, lexicon, request without its page) -> (the lexicon, its Plan): a page's search and facets plan once
_PLANS = declare("search.cluster_plans", LRUCache(PLANS_KEPT), bound=PLANS_KEPT, eviction=LRU,
                 invalidated_by=GENERATION)


def generation_lexicon(searcher, folder) -> object | None:
    """Return the lexicon of the generation ``searcher`` reads (written into ``folder``, which must outlive
    it), or None when the generation has none (written before lexicons were kept on the cluster)."""
    index, _ = searcher.index_meta()
    number = generation_number(index)
    if number is None:
        return None
    with searcher.requests():
        try:
            data = read_file(searcher.client, index.rsplit("-", 1)[0], number, LEXICON)
        except ValueError as exc:
            raise LexiconError(f"the lexicon of {index} on OpenSearch is not usable ({exc}): build the index "
                               f"again") from None
    if data is None:
        return None
    (Path(folder) / lexicon_store.FILE_NAME).write_bytes(data)
    return lexicon_store.load(folder)


@dataclass(frozen=True)
class Plan:
    """A search across languages on the cluster: its query of the DSL, the translations it used, and the words of
    the translations (:func:`indexer.search.across.translated_words`, to order the matches they find)."""

    query: dict
    used: list
    words: tuple


@dataclass(frozen=True)
class _Draft:
    """A plan before what it asks beforehand is answered: the parts of its query, and those searches by name."""

    own: dict
    translated: dict
    words: list | None
    matching: tuple  # the query of each of ``words`` (:func:`_word`)
    filtering: list
    used: list
    asked: dict


def plan(searcher, request: SearchRequest, lexicon, schema) -> Plan:
    """Return the :class:`Plan` of ``request`` across languages with ``lexicon`` (see the module)."""
    return plans(searcher, [request], lexicon, schema)[0]


def plans(searcher, requests: list[SearchRequest], lexicon, schema) -> list[Plan]:
    """Return the :class:`Plan` of each of ``requests`` across languages with ``lexicon``: what they ask
    beforehand asked in one request, plans made already for the same index and lexicon taken again (a page's
    search and its facets share theirs)."""
    keys = [(searcher.name, id(lexicon), replace(request, offset=0, limit=1, sort="relevance"))
            for request in requests]
    out: dict[int, Plan] = {}
    for k, key in enumerate(keys):
        kept = _PLANS.get(key)
        if kept is not None and kept[0] is lexicon:
            out[k] = kept[1]
    translations: dict = {}  # a page's search and its facets' searches by language translate their words once
    drafts = {k: _draft(request, lexicon, schema, translations) for k, request in enumerate(requests)
              if k not in out}
    if drafts:
        budget.check("planning the search across languages")
        answers = iter(searcher.msearch([body for draft in drafts.values() for body in draft.asked.values()]))
        for k, draft in drafts.items():
            out[k] = _finished(draft, {name: next(answers) for name in draft.asked})
            _PLANS.put(keys[k], (lexicon, out[k]))
    return [out[k] for k in range(len(requests))]


def _translated(text: str, exclude, lexicon, schema) -> tuple[dict, list | None, tuple, list]:
    """Return the query ``text`` rewritten with its words' translations (a query of the DSL), its words'
    alternatives and the query of each (:func:`_word`), and the translations used (``exclude``: those left out)."""
    translator = QueryTranslator(lexicon, exclude, derived=True)
    parsed = query_language.parse_query(text, schema, "any", normalize=False)
    translated = translator.rewrite(parsed)
    words = translator.word_alternatives(parsed)
    return to_dsl(translated, schema), words, tuple(_word(word) for word in words or ()), translator.used


def _draft(request: SearchRequest, lexicon, schema, translations: dict) -> _Draft:
    """Return the parts of the query of ``request`` across languages, and what it must ask beforehand (its words
    translated as ``translations`` holds them by text and translations left out, else translated and kept there)."""
    text = request.query.strip()
    key = (text, request.exclude)
    if key not in translations:
        translations[key] = _translated(text, request.exclude, lexicon, schema)
    translated, words, matching, used = translations[key]
    filters = filter_query(request)
    filtering = [to_dsl(filters, schema)] if filters is not None else []
    own = to_dsl(query_language.parse_query(text, schema, request.lang), schema)
    asked: dict[str, dict] = {}
    if request.lang in OTHER_LANG:
        other = query_language.parse_query(text, schema, OTHER_LANG[request.lang])  # only that language's field
        asked["aligned"] = _counterparts_body(to_dsl(other, schema))
    else:
        asked["beside"] = _counterparts_body({"bool": {"must": [own], "filter": filtering}})
    if words and len(words) >= PARTIAL_FROM:
        asked["some"] = _partial_body(words, matching, filtering)
    return _Draft(own, translated, words, matching, filtering, used, asked)


def _finished(draft: _Draft, answers: dict[str, dict]) -> Plan:
    """Return the plan of ``draft`` given the answers to what it asked beforehand."""
    words = draft.words
    if words:
        routes = [{"bool": {"must": list(draft.matching)}}]
        some = [hit["_id"] for hit in answers["some"]["hits"]["hits"]] if "some" in answers else []
        if some:
            routes.append({"bool": {"filter": [{"ids": {"values": some}}], "should": list(draft.matching),
                                    "boost": 1.0 / len(words)}})
    else:
        routes = [draft.translated]
    found = {"bool": {"should": routes, "minimum_should_match": 1}}
    if "beside" in answers and (beside := _linked(answers["beside"])) is not None:
        found["bool"]["must_not"] = [beside]
    parts = [{"constant_score": {"filter": draft.own, "boost": ORIGINALS}}, draft.own, found]  # own: its score too
    if "aligned" in answers and (aligned := _linked(answers["aligned"])) is not None:
        parts.append({"constant_score": {"filter": aligned, "boost": ALIGNED_WEIGHT}})
    body: dict = {"should": parts, "minimum_should_match": 1}
    if draft.filtering:
        body["filter"] = draft.filtering
    return Plan({"bool": body}, draft.used, translated_words(words))


def _counterparts_body(query: dict) -> dict:
    """Return the search that finds the counterparts of the paragraphs ``query`` matches: the ids they store,
    and the ids of those that store none (named by the ``aligned_to`` of their counterparts)."""
    return {"size": 0, "query": query, "aggs": {
        "linked": {"terms": {"field": "aligned", "size": LINKED_MOST}},
        "unlinked": {"filter": {"bool": {"must_not": [{"exists": {"field": "aligned"}}]}},
                     "aggs": {"ids": {"terms": {"field": "id", "size": LINKED_MOST}}}}}}


def _linked(answer: dict) -> dict | None:
    """Return the query of the counterparts a :func:`_counterparts_body` search found (None: none)."""
    found = answer["aggregations"]
    linked = [b["key"] for b in found["linked"]["buckets"]]
    naming = [b["key"] for b in found["unlinked"]["ids"]["buckets"]]
    clauses = ([{"terms": {"id": linked}}] if linked else []) + ([{"terms": {"aligned_to": naming}}] if naming else [])
    return {"bool": {"should": clauses, "minimum_should_match": 1}} if clauses else None


def _partial_body(words, matching: tuple, filtering: list) -> dict:
    """Return the search of the best :data:`~indexer.search.across.PARTIAL_MOST` paragraphs with translations of
    some of ``words`` but not all (one of them, at least, a translated word rather than a number or a symbol;
    ``matching``: the query of each word)."""
    translated = [query for word, query in zip(words, matching) if word.terms]
    return {"size": PARTIAL_MOST, "_source": False, "sort": ["_score", {"seq": "desc"}], "query": {"bool": {
        "should": list(matching), "minimum_should_match": 1,
        "filter": [*filtering, {"bool": {"should": translated, "minimum_should_match": 1}}],
        "must_not": [{"bool": {"must": list(matching)}}]}}}


def _word(word) -> dict:
    """Return the query of one word of a query of words: any of its alternatives (its translations, or a number
    or a symbol itself), each where all its terms occur (the words derived from a rendering: where a word begins
    with its stem; a year written in digits: where a word matches its pattern), weighed by its share of the
    word's weights, the whole by the word's weight (as :func:`indexer.search.across.translated_matches` matches
    and weighs them)."""
    found = [([{"prefix": {q.fieldname: q.text}}] if isinstance(q, Q.Prefix) else
              [{"regexp": {q.fieldname: q.text}}] if isinstance(q, Q.Regex) else
              [{"term": {field: term}} for field, term in terms], weight * q.boost)
             for q, weight in word.alternatives
             if isinstance(q, (Q.Prefix, Q.Regex)) or (terms := alternative_terms(q))]
    if not found:
        return MATCH_NONE
    mass = sum(weight for _, weight in found) or 1.0
    either = {"should": [{"bool": {"must": clauses, "boost": weight / mass}} for clauses, weight in found],
              "minimum_should_match": 1}
    return {"bool": either if word.weight == 1.0 else {**either, "boost": word.weight}}


def own_score(score: float) -> float:
    """Return a hit's score without what :data:`ORIGINALS` added to it."""
    return score - ORIGINALS if score >= ORIGINALS else score
