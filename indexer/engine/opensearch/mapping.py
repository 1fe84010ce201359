"""The paragraph index on OpenSearch: its mapping, and a paragraph's record as OpenSearch takes it.

The language fields (``text_en``, ``text_ru``) and ``exact`` hold terms the
product's own analyzers made (the schema's, :func:`indexer.engine.schema.build_schema`),
so a query means on OpenSearch what it means on Whoosh.  Each field is a
string of whitespace-separated tokens, one token per Whoosh position: the
terms at one position (a hyphenated word and its parts, a Russian word's
lemmas) joined by :data:`SAME_POSITION` and split again, at that one
position, by a ``pattern_capture`` filter; a position where Whoosh has no term
between two others gets :data:`FILLER`, which a ``stop`` filter removes again
leaving its position empty, so that it counts in no field's length (positions
before the first term are left out: a phrase only sees distances).  Phrases match exactly where
they match in Whoosh.  The token strings are stored (apart from ``_source``), so that the best hits
of a query are ordered by where its words stand (:mod:`~indexer.search.cluster_window`).

Identifiers and filters are keywords (``symbol_norm`` normalized as the
symbol field's analyzer does; ``date``, to sort by), years, positions and the order of writing (``seq``, which breaks ties
between equal scores as Whoosh's document numbers do) integers; the record
itself (text and metadata) is the ``_source``.  A paragraph is routed by its
document group, so that the language versions of a document share a shard.
"""

from __future__ import annotations

from analyzers.memo import index_terms
from indexer.engine.schema import EXACT_FIELD, ID_SEPARATOR, TEXT_FIELDS, default_schema

SAME_POSITION = "\ue000"  # joins the terms at one position (a private-use character: never in a term)
FILLER = "\ue001" * 16  # a position without a term: no prefix, wildcard or fuzzy term of real words reaches it
ANALYZED = (*TEXT_FIELDS.values(), EXACT_FIELD)
KEYWORDS = ("id", "doc_id", "symbol_key", "lang", "doc_lang", "number", "kind", "group", "aligned", "aligned_to",
            "symbol_norm", "date")  # date: its document's, ISO (YYYY-MM-DD), to sort by; absent when undated
INTEGERS = ("position", "year", "seq")  # seq: the order paragraphs were written in (Whoosh's document numbers)
FIELD_NAMES = {"symbol": "symbol_norm"}  # Whoosh's field -> the OpenSearch field that matches it

INDEX_OPTIONS = {"mode": "index", "positions": True}  # what the analyzers are asked for a field's terms
K1, B = 1.2, 0.75  # BM25's constants, as Whoosh's BM25F has them


def similarity_name(field: str) -> str:
    """Return the name of the similarity that scores ``field``."""
    return f"bm25_{field}"


RESULT_WINDOW = 100_000  # the deepest rank a search may read (pages past 10,000, exports reading on to their cap)
SETTINGS = {
    "max_result_window": RESULT_WINDOW,
    "analysis": {
        "tokenizer": {"positions": {"type": "whitespace", "max_token_length": 8192}},
        "filter": {"same_position": {"type": "pattern_capture", "preserve_original": False,
                                     "patterns": [f"([^{SAME_POSITION}]+)"]},
                   "no_filler": {"type": "stop", "stopwords": [FILLER], "ignore_case": False}},
        "analyzer": {"terms": {"type": "custom", "tokenizer": "positions", "filter": ["same_position", "no_filler"]}},
    },
    # A field's length counts each of its terms, those at one position too, as Whoosh's does; k1 and b are
    # set again for the paragraphs written (see similarity_for).
    "similarity": {similarity_name(name): {"type": "BM25", "k1": K1, "b": B, "discount_overlaps": False}
                   for name in ANALYZED},
}
MAPPINGS = {
    "dynamic": False,  # the rest of the record is kept in _source, not indexed
    "_source": {"excludes": list(ANALYZED)},
    "properties": {
        # stored (not in _source): the best hits' terms by position, read to order them as on Whoosh
        **{name: {"type": "text", "analyzer": "terms", "index_options": "positions", "norms": True,
                  "store": True, "similarity": similarity_name(name)} for name in ANALYZED},
        **{name: {"type": "keyword"} for name in KEYWORDS},
        **{name: {"type": "integer"} for name in INTEGERS},
    },
}


def similarity_for(field: str, paragraphs: int, with_field: int) -> dict:
    """Return the settings of ``field``'s similarity that make Lucene's BM25 rank one word's matches as Whoosh's
    BM25F does in an index of ``paragraphs`` paragraphs, ``with_field`` of which have the field.

    Whoosh averages a field's length over every paragraph, Lucene over those
    with the field: with ``c`` the ratio of the two averages, Whoosh's length
    factor ``k1 (1 - b + b c dl / avg)`` is Lucene's with ``k1' = k1 (1 - b + b c)``
    and ``b' = b c / (1 - b + b c)``.

    >>> similarity_for("text_en", 300, 300) == {"index.similarity.bm25_text_en.k1": 1.2,
    ...                                         "index.similarity.bm25_text_en.b": 0.75}
    True
    """
    c = paragraphs / with_field
    scale = 1 - B + B * c
    name = f"index.similarity.{similarity_name(field)}"
    return {f"{name}.k1": round(K1 * scale, 6), f"{name}.b": round(B * c / scale, 6)}


def index_body(shards: int, replicas: int, meta: dict | None = None, building: bool = False) -> dict:
    """Return the body that creates a paragraph index of ``shards`` primaries with ``replicas`` copies each;
    ``meta`` (what the build records: when it was built) is kept in the mapping's ``_meta``; ``building``: not
    refreshed until it is written (:func:`indexer.engine.opensearch.writing.publish`)."""
    settings = {"number_of_shards": shards, "number_of_replicas": replicas, **SETTINGS}
    if building:
        settings["refresh_interval"] = "-1"
    return {"settings": settings, "mappings": {**MAPPINGS, "_meta": meta or {}}}


class Documents:
    """Turns paragraph records (:func:`indexer.build.records.paragraph_record`) into OpenSearch documents."""

    def __init__(self, schema=None):
        """``schema``: by default the one a build analyzes its words with (:func:`indexer.engine.schema.default_schema`)."""
        self.schema = schema or default_schema()

    def tokens(self, fieldname: str, text: str) -> str:
        """Return the terms the field's analyzer indexes of ``text``, a token per position (see the module)."""
        at: dict[int, list[str]] = {}
        analyzer = self.schema[fieldname].analyzer
        found = index_terms(analyzer, text, INDEX_OPTIONS)  # without making tokens, where the analyzer allows
        if found is None:
            found = [(t.text, t.pos) for t in analyzer(text, **INDEX_OPTIONS)]
        for term, pos in found:
            terms = at.get(pos)
            if terms is None:
                at[pos] = [term]
            elif term not in terms:
                terms.append(term)
        if not at:
            return ""
        return " ".join(SAME_POSITION.join(at[pos]) if pos in at else FILLER for pos in range(min(at), max(at) + 1))

    def source(self, record: dict) -> dict:
        """Return the document of a record: the record, its analyzed fields as tokens, its keywords."""
        doc = {k: v for k, v in record.items() if k not in ANALYZED and k != "aligned_to"}
        for name in ANALYZED:
            if record.get(name):
                doc[name] = self.tokens(name, record[name])
        if record.get("symbol"):
            doc["symbol_norm"] = next(iter(self.schema["symbol"].process_text(record["symbol"], mode="index")), "")
        if record.get("aligned_to"):
            doc["aligned_to"] = record["aligned_to"].split(ID_SEPARATOR)
        return doc

    def routed(self, records: list[dict]) -> list[tuple[str, str, dict]]:
        """Return ``(id, routing, document)`` of each of ``records`` (the work of a build's analysing processes)."""
        return [(record["id"], routing(record), self.source(record)) for record in records]

    def action(self, index: str, record: dict, seq: int) -> dict:
        """Return the bulk action that indexes ``record`` into ``index`` as the ``seq``-th paragraph written,
        routed by its document group."""
        return {"_index": index, "_id": record["id"], "_routing": routing(record),
                "_source": {**self.source(record), "seq": seq}}


def terms_at(tokens: str):
    """Yield ``(position, term)`` of each term of a field's token string (:meth:`Documents.tokens`), in order;
    positions count from the first term."""
    for k, terms in enumerate(position_terms(tokens)):
        for term in terms:
            yield k, term


def position_terms(tokens: str) -> list[tuple[str, ...]]:
    """Return the terms at each position of a field's token string (:meth:`Documents.tokens`), from the first term
    to the last: none at a filler.

    >>> position_terms(f"conference {FILLER} party{SAME_POSITION}parties")
    [('conference',), (), ('party', 'parties')]
    """
    if not tokens:
        return []
    return [() if token == FILLER else tuple(token.split(SAME_POSITION)) for token in tokens.split(" ")]


def routing(record: dict) -> str:
    """Return the shard routing of a record: its document group (its symbol's key, or its document, without one)."""
    return record.get("group") or record.get("symbol_key") or record["doc_id"]
