"""The search web app: a translator types a query and reads each hit beside its counterpart.

``create_app(test_config=None)`` builds the app; ``python -m search_app --index DIR``
serves it with waitress.  Pages (``/``, ``/doc/<symbol>``, ``/help``) are in
:mod:`search_app.views`, the JSON API (``/api/search``, ``/api/doc/<symbol>``) in
:mod:`search_app.api`; each request takes a searcher of the live index generation from
:mod:`search_app.index` and gives it back on teardown.
"""

from __future__ import annotations

import logging
import os

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from analyzers import load_dictionaries
from indexer.errors import UNREADABLE, ClusterUnavailable, IndexDamaged, IndexNotFound, QueryError
from search_app import templating

log = logging.getLogger(__name__)

DEFAULT_INDEX = "index"
INDEX_ENV = "UN_SEARCH_INDEX"
OPENSEARCH_ENV = "UN_SEARCH_OPENSEARCH"  # the URL of an OpenSearch cluster to serve instead of an index folder

# Only this site's own files: no inline script or style, no other origin, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def index_dir_setting(test_config: dict | None = None) -> str:
    """Return the index directory: ``INDEX_DIR`` of the config given, else $UN_SEARCH_INDEX, else ``index``."""
    if test_config and test_config.get("INDEX_DIR"):
        return str(test_config["INDEX_DIR"])
    return os.environ.get(INDEX_ENV) or DEFAULT_INDEX


def opensearch_setting(test_config: dict | None = None) -> str | None:
    """Return the OpenSearch cluster to serve: ``OPENSEARCH`` of the config given, else $UN_SEARCH_OPENSEARCH, else
    None (an index folder)."""
    if test_config and "OPENSEARCH" in test_config:
        return test_config["OPENSEARCH"] or None
    return os.environ.get(OPENSEARCH_ENV) or None


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app; ``test_config`` overrides the settings (``INDEX_DIR``, ``OPENSEARCH``: a cluster's URL, then
    ``INDEX_DIR`` names the index there, ``PAGE_SIZE``, ``EXPORT_CAP``, ``RESULT_CACHE``,
    ``WARM``: read each generation's cross-language data as soon as it is opened, ``SEARCH_BUDGET`` and
    ``EXPORT_BUDGET``: seconds a search and an export may take, ``SEARCHES_AT_ONCE``: searches run at once in the
    process, None for any number, ``FREEZE``: once a generation is warm, freeze what the process holds out of the
    cycle collector's way (:mod:`search_app.heap`) …)."""
    app = Flask(__name__)
    app.jinja_environment = templating.Environment
    app.config.from_mapping(PAGE_SIZE=20, EXPORT_CAP=1000, RESULT_CACHE=256, WARM=False,
                            SEARCH_BUDGET=2.0, EXPORT_BUDGET=30.0, SEARCHES_AT_ONCE=None)
    app.config.update(test_config or {})
    app.config["INDEX_DIR"] = index_dir_setting(test_config)
    app.config["OPENSEARCH"] = opensearch_setting(test_config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from search_app import api, index, limits, results, views  # the engine behind them, loaded by the app
    from indexer.caches import catalog

    catalog.load()  # every module with a cache, now: not while a request reports them (forked workers share them)
    load_dictionaries()  # and the dictionaries, not while the first search waits

    index.init_app(app)
    limits.init_app(app)
    results.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(IndexNotFound, _no_index)
    app.register_error_handler(ClusterUnavailable, _no_index)
    app.register_error_handler(IndexDamaged, _damaged)
    for unreadable in UNREADABLE:
        app.register_error_handler(unreadable, _damaged)
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(_secure)
    return app


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _query_error(exc: QueryError):
    """A query or parameter that cannot be used: 400 with the message and the position of the problem."""
    if _wants_json():
        return jsonify(error=exc.message, position=exc.position), 400
    return render_template("error.html", code=400, message=str(exc)), 400


def _no_index(exc: IndexNotFound | ClusterUnavailable):
    """No index to search (or no cluster to search it on): 503 saying how to build one (or why not)."""
    if _wants_json():
        return jsonify(error=str(exc)), 503
    return render_template("error.html", code=503, message=str(exc)), 503


def _damaged(exc: Exception):
    """A file of the live generation that cannot be read: 503 naming it and how to rebuild the index.

    The cause is logged once per message (every request fails the same way until the index is rebuilt).
    """
    from indexer.storage import generations as store  # the storage behind the app: loaded by it, not the package

    index_dir = current_app.config["INDEX_DIR"]
    if not isinstance(exc, IndexDamaged) or not exc.remedy:
        reason = exc.reason if isinstance(exc, IndexDamaged) else f"{type(exc).__name__}: {exc}"
        gen = store.current_generation(index_dir)
        exc = store.damaged(gen, reason, index_dir) if gen is not None else exc
    message = f"The index cannot be read: {exc}"
    logged = current_app.extensions.setdefault("un_search_damage_logged", set())
    if message not in logged:
        logged.add(message)
        log.error("%s", message, exc_info=exc)
    if _wants_json():
        return jsonify(error=message), 503
    return render_template("error.html", code=503, message=message), 503


def _http_error(exc: HTTPException):
    """Aborts and unknown pages: JSON under /api/, a plain page elsewhere."""
    if _wants_json():
        return jsonify(error=exc.description), exc.code
    return render_template("error.html", code=exc.code, message=exc.description), exc.code


def _secure(response):
    response.headers.update(SECURITY_HEADERS)
    return response

