"""Searching across languages on OpenSearch: the generation's lexicon read from the cluster, the query translated.

A generation's lexicon is kept in its data on the cluster
(:mod:`indexer.build.cluster_lexicon`); :func:`generation_lexicon` reads it
into a folder of the caller's (the command's, or the web app's for as long as
the generation is live) and opens it as on Whoosh
(:func:`indexer.lexicon.store.load`).  A search with ``translate`` finds, besides
the query's own words, a query of words through each word's translations, weighed
(:meth:`indexer.search.translate.QueryTranslator.word_alternatives`), and any
other query rewritten with them (:meth:`~indexer.search.translate.QueryTranslator.rewrite`):
the same translations as on Whoosh, listed alike; it runs on the cluster,
the paragraphs its own words find first, then those only the translations find
(as :func:`indexer.search.across.originals_first` orders them); the hits are then
folded as a search across languages is (:func:`indexer.search.ranking.folded`).
What Whoosh does beside, not on the cluster: of a query of three words or
more, also the best paragraphs with translations of some of its words
(:func:`indexer.search.across.translated_matches`), the counterparts of the
other language's matches (``lang`` with ``translate``), and leaving out a
translated match already shown beside its counterpart; the scores are
Lucene's BM25 of the weighed translations, not Whoosh's.
"""

from __future__ import annotations

from pathlib import Path

from indexer.engine.opensearch.generation_data import LEXICON, read_file
from indexer.engine.opensearch.translate import to_dsl
from indexer.engine.opensearch.writing import generation_number
from indexer.errors import LexiconError
from indexer.lexicon import store as lexicon_store
from indexer.search import query as query_language
from indexer.search.request import SearchRequest, filter_query
from indexer.search.translate import QueryTranslator

ORIGINALS = 1e6  # added to the score of a paragraph the query's own words find: those come first


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


def plan(request: SearchRequest, lexicon, schema) -> tuple[dict, list]:
    """Return the OpenSearch query of ``request`` across languages with ``lexicon``, and the translations used
    (:class:`~indexer.search.translate.Translation`)."""
    text = request.query.strip()
    translator = QueryTranslator(lexicon, request.exclude)
    parsed = query_language.parse_query(text, schema, "any", normalize=False)
    translated = translator.rewrite(parsed)
    words = translator.word_alternatives(parsed)
    route = {"bool": {"must": [_word(word, schema) for word in words]}} if words else to_dsl(translated, schema)
    original = query_language.parse_query(text, schema, request.lang)
    body: dict = {"should": [{"constant_score": {"filter": to_dsl(original, schema), "boost": ORIGINALS}}, route],
                  "minimum_should_match": 1}
    filters = filter_query(request)
    if filters is not None:
        body["filter"] = [to_dsl(filters, schema)]
    return {"bool": body}, translator.used


def _word(word, schema) -> dict:
    """Return the query of one word of a query of words: any of its alternatives (its translations, its own
    terms), each weighed by its share of the word's weights (as :func:`indexer.search.across.translated_matches`
    weighs them)."""
    mass = sum(weight * q.boost for q, weight in word.alternatives) or 1.0
    return {"bool": {"should": [{"bool": {"must": [to_dsl(q, schema)], "boost": weight * q.boost / mass}}
                                for q, weight in word.alternatives], "minimum_should_match": 1}}


def own_score(score: float) -> float:
    """Return a hit's score without what :data:`ORIGINALS` added to it."""
    return score - ORIGINALS if score >= ORIGINALS else score
