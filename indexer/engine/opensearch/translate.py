"""The product's parsed query (a tree of ``whoosh.query`` objects) as OpenSearch's query DSL, with the same meaning.

The terms in a query are already the product's analyzed terms, and the index
holds the same terms (:mod:`indexer.engine.opensearch.mapping`), so a term is
a ``term`` query (never ``match``, which would analyze it again).  A phrase is
a ``span_near`` of its words in order: Whoosh's ``slop`` is the most a word may
follow the one before it (1: right after), so each word is matched after the
phrase so far with Lucene's ``slop`` one less.  A fuzzy term counts edits as
Whoosh does (no transpositions) and expands to every term within them; a
match of a prefix, wildcard or fuzzy term scores the sum of its terms' scores,
as on the product's Whoosh engine.  The translations of a query's word (a
query across languages) are a ``dis_max``: the best of them counts.
Anything else raises :class:`UnsupportedQuery`.
"""

from __future__ import annotations

from whoosh import query as Q
from whoosh.query.compound import DefaultOr

from indexer.engine.opensearch.mapping import FIELD_NAMES
from indexer.errors import UnsupportedQuery

MAX_EXPANSIONS = 1024  # terms a fuzzy term may expand to (OpenSearch's default clause limit)
MAX_FUZZY_EDITS = 2  # the most OpenSearch's fuzzy query allows
MAX_PATTERN_TERMS = 1000  # terms of a prefix, wildcard or fuzzy term scored (the Whoosh engine's MAX_EXPANSION)
MATCH_NONE = {"match_none": {}}


def to_dsl(q, schema) -> dict:
    """Return the OpenSearch query of a parsed query ``q`` (``schema``: the product's, to read numeric terms)."""
    return _Translator(schema).query(q)


class _Translator:
    def __init__(self, schema):
        self.schema = schema

    def query(self, q) -> dict:
        kind = type(q)
        if isinstance(q, type(Q.NullQuery)):
            return MATCH_NONE
        if kind is Q.Every:
            return {"match_all": {}} if not q.fieldname else {"exists": {"field": self.field(q.fieldname)}}
        if kind is Q.Term:
            return self._boosted({"term": {self.field(q.fieldname): {"value": self.value(q.fieldname, q.text)}}},
                                 q.boost)
        if kind is Q.And:
            return self._and(q.subqueries, q.boost)
        if kind in (Q.Or, DefaultOr):  # DefaultOr: an OR as the parser leaves it, scored alike
            if q.scale:
                raise UnsupportedQuery("an OR with a scale is not yet searchable on OpenSearch")
            return self._boosted({"bool": {"should": [self.query(s) for s in q.subqueries],
                                           "minimum_should_match": max(1, q.minmatch or 1)}}, q.boost)
        if kind is Q.Not:
            return {"bool": {"must_not": [self.query(q.query)]}}
        if kind is Q.AndNot:
            return {"bool": {"must": [self.query(q.a)], "must_not": [self.query(q.b)]}}
        if kind is Q.AndMaybe:
            return {"bool": {"must": [self.query(q.a)], "should": [self.query(q.b)]}}
        if kind in (Q.Phrase, Q.Sequence):
            return self._phrase(q)
        if kind is Q.Prefix:
            return {"prefix": {self.field(q.fieldname): {"value": q.text, "boost": q.boost, **self.scoring(q)}}}
        if kind is Q.Wildcard:
            return {"wildcard": {self.field(q.fieldname): {"value": q.text, "boost": q.boost, **self.scoring(q)}}}
        if kind is Q.FuzzyTerm:
            return self._fuzzy(q)
        if kind is Q.NumericRange:
            return self._range(q)
        if kind is Q.DisjunctionMax:  # the translations of one word: the best of them counts
            return self._boosted({"dis_max": {"queries": [self.query(s) for s in q.subqueries],
                                              "tie_breaker": float(q.tiebreak)}}, q.boost)
        if kind is Q.ConstantScoreQuery:
            return {"constant_score": {"filter": self.query(q.child), "boost": float(q.score)}}
        raise UnsupportedQuery(f"this query is not yet searchable on OpenSearch ({kind.__name__} has no translation)")

    def scoring(self, q) -> dict:
        """Return how the terms a pattern expands to are scored: in a field of words, each match by the sum of its
        terms' scores, as the product's Whoosh engine does (at most :data:`MAX_PATTERN_TERMS` terms); in a
        filter's field, alike."""
        field = self.schema[q.fieldname] if q.fieldname in self.schema else None
        return {"rewrite": f"top_terms_{MAX_PATTERN_TERMS}"} if field is not None and field.scorable else {}

    def field(self, fieldname: str) -> str:
        return FIELD_NAMES.get(fieldname, fieldname)

    def value(self, fieldname: str, text):
        """Return a term's value as the index has it: a numeric field's encoded term as its number."""
        if isinstance(text, bytes) and fieldname in self.schema:
            return self.schema[fieldname].from_bytes(text)
        return text

    @staticmethod
    def _boosted(dsl: dict, boost: float) -> dict:
        if boost == 1.0:
            return dsl
        (name, body), = dsl.items()
        if name == "term":
            (field, spec), = body.items()
            return {"term": {field: {**spec, "boost": boost}}}
        return {name: {**body, "boost": boost}}

    def _and(self, subqueries, boost: float) -> dict:
        positive = [self.query(s) for s in subqueries if not isinstance(s, Q.Not)]
        negative = [self.query(s.query) for s in subqueries if isinstance(s, Q.Not)]
        body = {"must": positive} if positive else {}  # NOT alone: everything but, as Whoosh reads it
        if negative:
            body["must_not"] = negative
        return self._boosted({"bool": body}, boost)

    def _phrase(self, q) -> dict:
        """Words in order, each at most ``slop`` positions after the one before (the first part alone: itself)."""
        if isinstance(q, Q.Phrase):
            field = self.field(q.fieldname)
            parts = [{"span_term": {field: w}} for w in q.words]
        else:
            parts = [self._span(part) for part in q.subqueries]
        if not parts:
            return MATCH_NONE
        found = parts[0]
        for part in parts[1:]:
            found = {"span_near": {"clauses": [found, part], "slop": max(0, q.slop - 1), "in_order": True}}
        return found

    def _span(self, q) -> dict:
        """Return one position of a sequence: a term, or alternative terms."""
        if type(q) is Q.Term:
            return {"span_term": {self.field(q.fieldname): q.text}}
        if type(q) is Q.Or and all(type(s) is Q.Term for s in q.subqueries):
            return {"span_or": {"clauses": [self._span(s) for s in q.subqueries]}}
        raise UnsupportedQuery(f"a phrase with {type(q).__name__} at a position is not yet searchable on OpenSearch")

    def _fuzzy(self, q) -> dict:
        if q.maxdist > MAX_FUZZY_EDITS:
            raise UnsupportedQuery(f"fuzzy terms within {q.maxdist} edits: OpenSearch allows {MAX_FUZZY_EDITS}")
        return {"fuzzy": {self.field(q.fieldname): {
            "value": q.text, "fuzziness": q.maxdist, "prefix_length": q.prefixlength, "transpositions": False,
            "max_expansions": MAX_EXPANSIONS, "boost": q.boost, **self.scoring(q)}}}

    def _range(self, q) -> dict:
        bounds = {}
        if q.start is not None:
            bounds["gt" if q.startexcl else "gte"] = q.start
        if q.end is not None:
            bounds["lt" if q.endexcl else "lte"] = q.end
        return {"range": {self.field(q.fieldname): bounds}}
