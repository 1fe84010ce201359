"""Links of a page of results, built as ``url_for`` builds them, without its cost per link.

A page of results links every hit and counterpart to its place on its document
page (``/doc/<document id>?q=…#p12``).  ``url_for`` takes tens of microseconds a
link, a good part of a page; the links of one page differ only in the document
id and the anchor, so ``url_for`` builds the rest once per page and the two are
quoted here as Werkzeug's path converter and Flask's ``_anchor`` quote them.
Likewise the links that search again (without one of the translations a search
used, say) differ only in their query string, which is encoded here as Werkzeug
encodes it (``tests/test_web_app.py`` compares the links with ``url_for``'s).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import url_for
from werkzeug.datastructures import iter_multi_items

PATH_SAFE = "!$&'()*+,/:;=@"  # what werkzeug.routing.BaseConverter.to_url leaves unquoted
ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"  # what flask's url_for leaves unquoted in ``_anchor``
PLACEHOLDER = "-"
QUERY_SAFE = "!$'()*,/:;?@"  # what werkzeug.urls leaves unquoted in a query string


def permalinks(query: str | None):
    """Return ``record -> the URL of its paragraph on its document page``, with ``?q=query`` unless it is empty."""
    path, mark, query_string = url_for("pages.document", key=PLACEHOLDER, q=query or None).partition("?")
    prefix, rest = path[:-len(PLACEHOLDER)], mark + query_string

    def link(record: dict) -> str:
        anchor = record.get("anchor")
        return (prefix + quote(record["doc_id"], safe=PATH_SAFE) + rest
                + ("#" + quote(anchor, safe=ANCHOR_SAFE) if anchor is not None else ""))

    return link


def search_links():
    """Return ``values -> url_for("pages.search", **values)``: the search page with those parameters."""
    base = url_for("pages.search")

    def link(values: dict) -> str:
        items = [(k, v) for k, v in iter_multi_items({k: v for k, v in values.items() if v is not None})
                 if v is not None]
        query = urlencode(items, safe=QUERY_SAFE)
        return base + "?" + query if query else base

    return link
