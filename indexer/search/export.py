"""Exporting search results as translators take them away: aligned pairs as TMX 1.4 or CSV.

A search hit and its counterpart in the other language make one pair (a hit
linked to two paragraphs, one to two, gives one pair with both joined); hits
without a counterpart are left out, and a pair found from both sides is given
once.  Pairs come in the order of the hits, up to a cap.

- **TMX** (:func:`write_tmx`): one ``<tu>`` per pair with ``xml:lang`` ``en``
  and ``ru`` and the symbol, paragraph number and citation as ``<prop>``\\ s, written by
  :func:`indexer.ingest.formats.tmx.write_tmx`, so the TMX importer reads it back;
- **CSV** (:func:`write_csv`): UTF-8 with a BOM (spreadsheet programs then read
  Cyrillic), columns ``symbol, number, citation, English, Russian, date``; a cell that a
  spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``) gets a
  leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from indexer.choices import DEFAULT_CAP, MAX_CAP
from indexer.choices import EXPORT_FORMATS as FORMATS
from indexer.align.counterparts import with_links
from indexer.ingest.formats.tmx import write_tmx as write_units
from indexer.search.citation import cite
from indexer.engine.stored_fields import stored_fields
from indexer.search import budget
from indexer.search.request import SearchRequest, build_query, ranked, stored_by_id

BATCH = 500  # hits read per round
CSV_COLUMNS = ("symbol", "number", "citation", "English", "Russian", "date")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LANGS = ("en", "ru")


@dataclass(frozen=True)
class Pair:
    """An English paragraph (or several) and its Russian counterpart(s), with where they come from."""

    en: str
    ru: str
    symbol: str | None
    number: str | None
    date: str | None
    en_ids: tuple[str, ...]
    ru_ids: tuple[str, ...]
    citation: str | None = None  # how a translator quotes it (``Charter, Art. 51``)


@dataclass(frozen=True)
class Export:
    """The pairs a search gave, how many hits it had, and whether the cap cut the pairs short."""

    pairs: tuple[Pair, ...]
    total_hits: int
    capped: bool


@dataclass
class Tally:
    """How a streamed export went, filled in as its pairs are read (mutable: one per export)."""

    total_hits: int = 0
    pairs: int = 0
    capped: bool = False  # the cap cut the pairs short
    cut: bool = False  # the time budget cut the pairs short


def collect_pairs(searcher, request: SearchRequest, cap: int = DEFAULT_CAP) -> Export:
    """Run ``request`` and return up to ``cap`` aligned pairs of its hits, in the order of the hits.

    ``request.limit`` and ``request.offset`` are not used: the hits are read
    from the first on, in rounds, until ``cap`` pairs are found or no hit is left.
    """
    tally = Tally()
    pairs = tuple(iter_pairs(searcher, request, cap, tally))
    return Export(pairs, tally.total_hits, capped=tally.capped)


def iter_pairs(searcher, request: SearchRequest, cap: int, tally: Tally, deadline: budget.Deadline | None = None):
    """Yield up to ``cap`` aligned pairs of the hits of ``request``, in the order of the hits, as they are read.

    The hits are read :data:`BATCH` at a time; ``tally`` counts them and the
    pairs.  Past the ``deadline`` (default: the current request's) no more
    rows are read and ``tally.cut`` is set.
    """
    request = request.validated()
    q = build_query(request, searcher.schema)

    def batch(consumed: int) -> tuple[int, list[dict]]:
        total, page = ranked(searcher, q, consumed, BATCH)
        return total, with_links(searcher, [stored_fields(searcher, docnum) for docnum, _ in page])

    def by_ids(ids) -> list[dict]:
        return with_links(searcher, list(stored_by_id(searcher, ids).values()))

    yield from paired(batch, by_ids, cap, tally, deadline)


def paired(batch, by_ids, cap: int, tally: Tally, deadline: budget.Deadline | None = None):
    """Yield the pairs of the hits ``batch(consumed)`` gives (the total and the stored fields of the next
    :data:`BATCH` hits, links filled in), their counterparts read by ``by_ids(ids)``; see :func:`iter_pairs`."""
    if not 1 <= cap <= MAX_CAP:
        raise ValueError(f"cap must be between 1 and {MAX_CAP}")
    deadline = deadline or budget.current()
    seen: set[tuple] = set()
    consumed = 0  # hits looked at
    total = None
    while tally.pairs < cap and (total is None or consumed < total):
        if deadline.expired:
            tally.cut = True
            return
        total, found = batch(consumed)
        tally.total_hits = total
        if not found:
            break
        links = _links(by_ids, found)
        for fields in found:
            consumed += 1
            pair = _pair(fields, links)
            if pair is None or (pair.en_ids, pair.ru_ids) in seen:
                continue
            seen.add((pair.en_ids, pair.ru_ids))
            tally.pairs += 1
            yield pair
            if tally.pairs == cap:
                tally.capped = consumed < total
                return


def _links(by_ids, batch: list[dict]) -> dict[str, dict]:
    """Return the stored fields of the hits' counterparts and of the counterparts' own counterparts, by id.

    A paragraph linked one to two knows only its side of the link: the second
    step finds the other paragraphs of the hit's side.
    """
    known = {fields["id"]: fields for fields in batch}
    wanted = {pid for fields in batch for pid in fields.get("aligned") or ()}
    for _ in range(2):
        found = by_ids(wanted - known.keys())
        known.update((fields["id"], fields) for fields in found)
        wanted = {pid for fid in wanted if fid in known for pid in known[fid].get("aligned") or ()}
    return known


def _pair(hit: dict, links: dict[str, dict]) -> Pair | None:
    """Make the pair of a hit and its counterparts; None when the hit has none (or is in neither language)."""
    if hit["lang"] not in LANGS:
        return None
    others = [links[pid] for pid in hit.get("aligned") or () if pid in links]
    other_lang = LANGS[1 - LANGS.index(hit["lang"])]
    others = [o for o in others if o["lang"] == other_lang]
    if not others:
        return None
    own = {hit["id"]: hit}
    for other in others:
        own.update({pid: links[pid] for pid in other.get("aligned") or ()
                    if pid in links and links[pid]["lang"] == hit["lang"]})
    sides = {hit["lang"]: _in_order(own.values()), other_lang: _in_order(others)}
    en, ru = sides["en"], sides["ru"]
    return Pair(
        en=" ".join(p["text"] for p in en), ru=" ".join(p["text"] for p in ru),
        symbol=next((p.get("symbol") for p in (hit, *en, *ru) if p.get("symbol")), None),
        number=next((p.get("number") for p in (*en, *ru) if p.get("number")), None), date=hit.get("date"),
        en_ids=tuple(p["id"] for p in en), ru_ids=tuple(p["id"] for p in ru),
        citation=cite(next((p for p in (*en, *ru) if p.get("number")), hit)) or None,
    )


def _in_order(paragraphs) -> list[dict]:
    return sorted(paragraphs, key=lambda p: (p["doc_id"], p["position"]))


def write_tmx(pairs, out) -> int:
    """Write ``pairs`` as TMX 1.4 to ``out`` (a path or a binary file); return how many units were written."""
    return write_units(((p.en, p.ru, p.symbol, p.number, p.citation) for p in pairs), out)


def write_csv(pairs, out) -> int:
    """Write ``pairs`` as CSV (UTF-8 with BOM) to ``out``, a binary file; return how many rows were written."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for p in pairs:
        writer.writerow([_cell(v) for v in (p.symbol, p.number, p.citation, p.en, p.ru, p.date)])
        count += 1
    text.flush()
    text.detach()
    return count


def _cell(value: str | None) -> str:
    """Return a CSV cell, defused when a spreadsheet would read it as a formula."""
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_bytes(pairs, fmt: str) -> bytes:
    """Return ``pairs`` written in ``fmt`` (``tmx`` or ``csv``) as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    buffer = io.BytesIO()
    (write_tmx if fmt == "tmx" else write_csv)(pairs, buffer)
    return buffer.getvalue()
