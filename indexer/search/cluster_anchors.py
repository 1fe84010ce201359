"""The anchors of a page's paragraphs on an OpenSearch cluster, read with the page's counterparts where possible.

A numbered paragraph's anchor counts the paragraphs of its document with the
same number before it (:func:`indexer.search.reading.anchors_of`), so the
positions of those are read from the cluster.  The counterparts of a page's
hits are mostly in the same document group and have the same numbers, so
:func:`numbered_search` asks, beside the counterparts (one ``_msearch``), for
the paragraphs with the hits' numbers (and those near them) in the hits' groups; :func:`page_anchors`
then asks only for the paragraphs of those that search could not have found
whole (a counterpart with another number, or in another group).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.engine.opensearch.mapping import routing
from indexer.search import reading

MOST = 10_000  # paragraphs read at most per request
SOURCE = ["doc_id", "number", "position", "fmt"]
KEYS = ["doc_id", "number", "position"]  # read from the doc values alone (no stored field of a paragraph read)
NEAR = 2  # whole numbers either side of a hit's searched for in its group (its counterparts' numbers, mostly)


@dataclass(frozen=True)
class Numbered:
    """What a :func:`numbered_search` asked for (the ``(group, number)`` pairs), what it found (its hits), the
    ``(document, number)`` of the paragraphs it found whole and the formats of their documents (:meth:`found`)."""

    searched: frozenset
    hits: tuple = ()
    covered: frozenset = frozenset()
    formats: dict = field(default_factory=dict)  # document -> the format it was read from

    def covers(self, fields: dict) -> bool:
        """Whether every paragraph of the document of a paragraph's stored ``fields`` with its number was found
        (its group was searched for its number: a document's paragraphs are all in its group, on the shard the
        group is routed to)."""
        return (routing(fields), fields.get("number")) in self.searched

    def found(self, hits: list[dict], stored: list[dict]) -> "Numbered":
        """Return this search with its ``hits``, covering those of the paragraphs' ``stored`` fields it covers."""
        covered = [fields for fields in stored if self.covers(fields)]
        return Numbered(self.searched, tuple(hits),
                        frozenset((fields["doc_id"], fields["number"]) for fields in covered),
                        {fields["doc_id"]: fields.get("fmt") or None for fields in covered})


def numbered_search(stored: list[dict]) -> tuple[tuple[dict, dict], Numbered] | None:
    """Return the search (``(header, body)``, for :meth:`~indexer.engine.opensearch.searching.Searcher.msearch`)
    of the paragraphs with the numbers of ``stored`` (and those near them) in their groups, and what it asks for;
    None without numbers."""
    by_group: dict[str, set] = {}
    for fields in stored:
        if fields.get("number"):
            by_group.setdefault(routing(fields), set()).update(_near(fields["number"]))
    if not by_group:
        return None
    groups = [{"bool": {"filter": [
        {"terms": {"number": sorted(numbers)}},
        {"bool": {"should": [{"term": {name: group}} for name in ("group", "symbol_key", "doc_id")],
                  "minimum_should_match": 1}}]}} for group, numbers in sorted(by_group.items())]
    body = {"size": MOST, "stored_fields": "_none_", "docvalue_fields": KEYS, "sort": ["_doc"],
            "track_total_hits": False,
            "query": {"bool": {"filter": [{"bool": {"should": groups, "minimum_should_match": 1}}]}}}
    routed = {"routing": ",".join(sorted(by_group))} if not any("," in group for group in by_group) else {}
    return ((routed, body),
            Numbered(frozenset((group, number) for group, numbers in by_group.items() for number in numbers)))


def _near(number: str) -> list[str]:
    """Return ``number`` and, if it is a whole number, those :data:`NEAR` or fewer from it (an aligned
    counterpart's number is often one of those)."""
    if not number.isdigit():
        return [number]
    n = int(number)
    return [str(k) for k in range(max(0, n - NEAR), n + NEAR + 1)] if str(n) == number else [number]


def page_anchors(searcher, records: list[dict], found: Numbered | None = None) -> dict[str, str]:
    """Return the anchors of ``records`` in their documents, by id: from what a :func:`numbered_search` ``found``,
    and for the records it does not cover, from the paragraphs with their numbers read in one request."""
    numbered = sorted({(r["doc_id"], r["number"]) for r in records if r.get("number")})
    covered = found.covered if found else frozenset()
    earlier: dict[tuple, list] = {pair: [] for pair in numbered}
    formats: dict[str, str | None] = dict(found.formats) if found else {}
    _collect(found.hits if found else (), covered, earlier, formats)
    rest = [pair for pair in numbered if pair not in covered]
    if rest:
        answer = searcher.run({"size": MOST, "_source": SOURCE, "sort": ["_doc"],
                               "query": {"bool": {"filter": [{"bool": {"should": [
                                   {"bool": {"filter": [{"term": {"doc_id": doc_id}}, {"term": {"number": number}}]}}
                                   for doc_id, number in rest]}}]}}})  # unscored, in no order
        _collect(answer["hits"]["hits"], set(rest), earlier, formats)
    return reading.anchors_of(records, {pair: tuple(positions) for pair, positions in earlier.items()}, formats)


def _collect(hits, pairs: set, earlier: dict[tuple, list], formats: dict[str, str | None]) -> None:
    """Add the positions of ``hits`` of the ``(document, number)`` ``pairs`` to ``earlier``, and their
    documents' formats to ``formats``."""
    for hit in hits:
        if "_source" in hit:
            fields = hit["_source"]
        else:  # read from the doc values (the format then comes from the paragraphs shown)
            fields = {name: values[0] for name, values in hit["fields"].items()}
        if (fields["doc_id"], fields["number"]) in pairs:
            earlier[(fields["doc_id"], fields["number"])].append(fields["position"])
            if "_source" in hit:
                formats[fields["doc_id"]] = fields.get("fmt") or None
