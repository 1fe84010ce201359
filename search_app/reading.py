"""What the pages and the API ask of a searcher of the engine in use, named once per engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Reading:
    """The functions that read a searcher of one engine: a results page, a document's versions side by side,
    the aligned pairs of an export, the facets of a search, where the engine counts them (each takes the
    searcher first)."""

    search_page: Callable
    document_view: Callable
    iter_pairs: Callable
    facets: Callable | None = None
    facets_ahead: bool = False  # search_page takes ``facets=True``: what the facets ask is asked with the hits
