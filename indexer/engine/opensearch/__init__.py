"""The paragraph index on OpenSearch, with the same query meaning as on Whoosh: the only place importing opensearchpy.

A cluster is named by a URL (:mod:`~indexer.engine.opensearch.connection`,
shown only redacted); the index holds the terms of the product's own
analyzers (:mod:`~indexer.engine.opensearch.mapping`); a build writes a new
index and moves an alias to it (:mod:`~indexer.engine.opensearch.writing`); a
search translates the product's parsed query (:mod:`~indexer.engine.opensearch.translate`,
:mod:`~indexer.engine.opensearch.searching`).  The product's pipeline and
contract use it from :mod:`indexer.build.on_opensearch` and
:mod:`indexer.search.on_opensearch` (updates, the lexicon and searching across
languages in :mod:`indexer.build.on_opensearch` and :mod:`indexer.search.cluster_across`).
"""
