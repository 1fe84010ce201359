"""A metadata sidecar ``NAME.meta.json`` laid over what an importer read: it has the last word.

The UN text importer reads its sidecar as it parses (:func:`indexer.ingest.formats.untext.parse_text`);
the importers of known sources (the Charter, the UDHR, the SDG files) give
their documents' metadata themselves and lay the sidecar over it here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from indexer.documents import Document, make_doc_id, with_meta
from indexer.errors import InputError
from indexer.ingest.formats.untext import companions, read_sidecar  # noqa: F401 - companions: for the importers
from indexer.symbols import normalize_symbol

FIELDS = ("symbol", "title", "date", "original_lang")


def apply(doc: Document, path: Path) -> Document:
    """Return ``doc`` with the metadata of the sidecar beside ``path`` (unchanged without one).

    A sidecar symbol also names the document (``SYMBOL@lang``), as it does for a text.
    """
    overrides = {k: v for k, v in read_sidecar(path).items() if k in FIELDS and v}
    if not overrides:
        return doc
    if "date" in overrides:
        try:
            overrides["date"] = dt.date.fromisoformat(str(overrides["date"]))
        except ValueError:
            raise InputError(path, f"sidecar date {overrides['date']!r} is not YYYY-MM-DD") from None
    if "symbol" in overrides:
        overrides["symbol"] = normalize_symbol(str(overrides["symbol"]))
        overrides["doc_id"] = make_doc_id(overrides["symbol"], doc.lang, doc.doc_id)
    return with_meta(doc, **overrides)
