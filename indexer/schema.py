"""The index schema's old import path, kept because indexes pickle it: :class:`SymbolFilter` lives in :mod:`indexer.engine.schema`.

Whoosh pickles the schema, analyzers included, into an index; an index built
before the schema moved names ``indexer.schema.SymbolFilter`` and still opens.
"""

from indexer.engine.schema import SymbolFilter  # noqa: F401 - read by pickle from an older index

__all__ = ["SymbolFilter"]
