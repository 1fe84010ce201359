"""The JSON API: ``/api/search`` (the CLI's ``search --json`` contract, plus ``took_ms`` and ``html``),
``/api/doc/<symbol>`` (a document's versions with their alignment) and ``/api/stats``.

Bad parameters answer 400 with ``{"error": message, "position": offset or null}``.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from indexer.caches import catalog
from search_app import params, results
from search_app.index import get_searcher, live_index

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/search")
def search():
    """Search: ``q, lang, symbol, year_from, year_to, kind, limit, offset``; ``translate``, ``exclude`` (repeated)."""
    search_request = params.search_request(request.args)
    result = results.search_page(search_request)
    return jsonify({**result, "limit": search_request.limit, "offset": search_request.offset})


@bp.route("/doc/<path:key>")
def document(key: str):
    """A document by symbol or document id: its language versions and, when aligned, the paired rows."""
    view = live_index().reading.document_view(get_searcher(), key)
    if view is None:
        abort(404, f"no document {key!r} in the index")
    return jsonify(view)


@bp.route("/stats")
def stats():
    """What the index holds: documents and paragraphs per language, generation, build time; this process's caches."""
    return jsonify({**live_index().stats(), "caches": catalog.report()})
