"""The JSON API: ``/api/search`` (the CLI's ``search --json`` contract, plus ``took_ms`` and ``html``; with
``facets=1`` the counts the search page shows, :func:`facets_json`),
``/api/doc/<symbol>`` (a document's versions with their alignment) and ``/api/stats``.

Bad parameters answer 400 with ``{"error": message, "position": offset or null}``.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, jsonify, request

from indexer.caches import catalog
from search_app import params, results
from search_app.index import live_index

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/search")
def search():
    """Search: ``q, lang, symbol, year_from, year_to, kind, limit, offset``; ``translate``, ``exclude`` (repeated);
    ``facets=1`` adds the counts of all the hits by language, document, year and kind (within the budget)."""
    search_request = params.search_request(request.args)
    result = results.search_page(search_request, facets=params.flag(request.args, "facets"))
    if "facets" in result:
        result = {**result, "facets": facets_json(result["facets"])}
    return jsonify({**result, "limit": search_request.limit, "offset": search_request.offset})


FACET_KEYS = ("value", "label", "count")  # every value has them; a document's also its lang, symbol, year, doc_id


def facets_json(facets) -> dict[str, list[dict]]:
    """Return the facets of a search (:mod:`indexer.search.facets`) as JSON: by name, the values in the page's
    order, each ``{"value", "label", "count"}`` (what ``name=value`` filters to, how it reads, how many hits),
    a document's also with ``lang``, ``symbol``, ``year`` and ``doc_id`` where it has them."""
    return {facet.name: [{key: value for key, value in asdict(each).items()
                          if key in FACET_KEYS or value not in (None, "")} for each in facet.values]
            for facet in facets}


@bp.route("/doc/<path:key>")
def document(key: str):
    """A document by symbol or document id: its language versions and, when aligned, the paired rows."""
    view = results.document_view(key)
    if view is None:
        abort(404, f"no document {key!r} in the index")
    return jsonify(view)


@bp.route("/stats")
def stats():
    """What the index holds: documents and paragraphs per language, generation, build time; this process's caches."""
    return jsonify({**live_index().stats(), "caches": catalog.report()})
