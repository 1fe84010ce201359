"""The product on OpenSearch: the paragraph index built and searched on a cluster, with the same query meaning.

The only part of the product that imports ``opensearchpy``.  A cluster is
named by a URL (:mod:`~indexer.engine.opensearch.connection`, shown only
redacted); the index holds the terms of the product's own analyzers
(:mod:`~indexer.engine.opensearch.mapping`); a build writes a new index and
moves an alias to it (:mod:`~indexer.engine.opensearch.writing`); a search
translates the product's parsed query (:mod:`~indexer.engine.opensearch.translate`)
and answers in the product's JSON contract (:mod:`~indexer.engine.opensearch.searching`).
Not yet: updates, the lexicon and searching across languages.
"""

from __future__ import annotations

from indexer.engine.opensearch.connection import URL_ENV, connect, redact
from indexer.engine.opensearch.searching import Searcher, search
from indexer.engine.opensearch.writing import build

__all__ = ["URL_ENV", "Searcher", "build", "connect", "redact", "search"]
