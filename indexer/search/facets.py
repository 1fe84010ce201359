"""What the hits of a search are made of: counts by language, document, year and kind, and their order by date.

Each paragraph's language, kind and document are read once per index contents
into arrays indexed by document number (:func:`columns`, from the postings of
``lang``, ``kind`` and ``doc_id``, and one stored paragraph per document for
its group, title, symbol, year and date); counting the hits of a search is
then a few array operations however many they are (:func:`count`).  A value's
count is the number of the hits that have it, which is what the search finds
with that value as a filter (``lang=``, ``doc=``, ``year_from=``/``year_to=``,
``kind=``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from indexer.caches.lru import LRUCache
from indexer.caches.registry import CONTENTS, LRU, declare
from indexer.engine import engine, speedups
from indexer.engine.contents import contents_key
from indexer.engine.stored_fields import stored_fields

LANG_ORDER = ("en", "ru")  # languages listed first, in this order; others by count
LANG_NAMES = {"en": "English", "ru": "Russian", "es": "Spanish", "fr": "French", "pt": "Portuguese"}
FACETS = ("lang", "doc", "year", "kind")  # as the page lists them; each name is also the filter it sets


@dataclass(frozen=True)
class Version:
    """One language version of a document, as the facets name it."""

    doc_id: str
    group: str
    lang: str
    title: str
    symbol: str
    year: int | None
    date: str


@dataclass(frozen=True)
class Columns:
    """Per paragraph (by document number): its language, kind and document version (codes; -1 for none)."""

    lang: np.ndarray
    kind: np.ndarray
    version: np.ndarray
    position: np.ndarray
    langs: tuple[str, ...]
    kinds: tuple[str, ...]
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class Value:
    """One value of a facet: what the filter is set to, how it reads, how many hits have it."""

    value: str
    label: str
    count: int
    lang: str | None = None  # the language of the label (a document's title), for its ``lang`` attribute
    symbol: str = ""
    year: int | None = None
    doc_id: str = ""  # a document's version to open (the one with the most hits)


@dataclass(frozen=True)
class Facet:
    """The values of one facet, the commonest first (languages in their usual order, years newest first)."""

    name: str
    values: tuple[Value, ...]


def _codes(searcher, fieldname: str, size: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """Return each paragraph's code for the values of an ID field (-1 without one), and the values by code."""
    codes = np.full(size, -1, dtype=np.int32)
    names = []
    for text in engine().expand_prefix(searcher.reader(), fieldname, ""):
        docs = engine().term_docs(searcher, fieldname, text)
        if len(docs):
            codes[docs] = len(names)
            names.append(text)
    return codes, tuple(names)


def version_of(doc_id: str, fields: dict) -> Version:
    """Return the :class:`Version` ``doc_id`` as its first paragraph's stored ``fields`` name it."""
    year = fields.get("year")
    return Version(doc_id=doc_id, group=fields.get("group") or doc_id, lang=fields.get("doc_lang") or fields["lang"],
                   title=fields.get("title") or "", symbol=fields.get("symbol") or "",
                   year=int(year) if year else None, date=str(fields.get("date") or ""))


def _read_columns(searcher) -> Columns:
    size = searcher.reader().doc_count_all()
    lang, langs = _codes(searcher, "lang", size)
    kind, kinds = _codes(searcher, "kind", size)
    version, doc_ids = _codes(searcher, "doc_id", size)
    firsts = np.full(len(doc_ids), size, dtype=np.int64)
    live = np.flatnonzero(version >= 0)
    np.minimum.at(firsts, version[live], live)
    position = np.array(speedups.column_values(searcher.reader(), "position"), dtype=np.int64)
    versions = tuple(version_of(doc_id, stored_fields(searcher, int(n))) for doc_id, n in zip(doc_ids, firsts))
    return Columns(lang, kind, version, position, langs, kinds, versions)


# index contents -> its Columns (a few arrays of one number per paragraph)
_COLUMNS = declare("search.facet_columns", LRUCache(4), bound=4, eviction=LRU, invalidated_by=CONTENTS)


def columns(searcher) -> Columns:
    """Return the :class:`Columns` of the searcher's paragraphs (kept per index contents)."""
    key = contents_key(searcher)
    found = _COLUMNS.get(key) if key is not None else None
    if found is None:
        found = _read_columns(searcher)
        if key is not None:
            _COLUMNS.put(key, found)
    return found


def count(searcher, docnums, langs: dict[str, int] | None = None) -> tuple[Facet, ...]:
    """Return the facets of the hits ``docnums``: language, document (its language versions together), year, kind.

    ``langs`` gives the language counts when the caller knows them otherwise
    (across languages, where a filter on the language changes what is found).
    """
    cols = columns(searcher)
    docs = np.asarray(docnums, dtype=np.int64)
    versions = cols.version[docs]
    per_version = np.bincount(versions[versions >= 0], minlength=len(cols.versions))
    if langs is None:
        found = np.bincount(cols.lang[docs][cols.lang[docs] >= 0], minlength=len(cols.langs))
        langs = {cols.langs[i]: int(n) for i, n in enumerate(found) if n}
    kinds = np.bincount(cols.kind[docs][cols.kind[docs] >= 0], minlength=len(cols.kinds))
    return tally(langs, [(cols.versions[code], int(per_version[code])) for code in np.flatnonzero(per_version)],
                 {cols.kinds[i]: int(n) for i, n in enumerate(kinds) if n})


def tally(langs: dict[str, int], versions: list[tuple[Version, int]], kinds: dict[str, int]) -> tuple[Facet, ...]:
    """Return the facets of hits counted by language, by document version (in the order of their ``doc_id``)
    and by kind: the versions of a document together, named by the one with the most hits (the first of equals).

    Both engines' counts end here, so their facets are ordered and labelled alike.
    """
    groups: Counter = Counter()
    years: Counter = Counter()
    shown: dict[str, tuple[Version, int]] = {}  # group -> its version with the most hits, and their number
    for v, n in versions:
        groups[v.group] += n
        if v.year is not None:
            years[v.year] += n
        if v.group not in shown or n > shown[v.group][1]:
            shown[v.group] = (v, n)
    named = {g: v for g, (v, _) in shown.items()}
    return (
        Facet("lang", tuple(Value(lang, LANG_NAMES.get(lang, lang), n)
                            for lang, n in sorted(langs.items(), key=lambda i: (_rank(i[0]), -i[1], i[0])) if n)),
        Facet("doc", tuple(Value(g, named[g].title or named[g].symbol or g, n, named[g].lang, named[g].symbol,
                                 named[g].year, named[g].doc_id)
                           for g, n in sorted(groups.items(), key=lambda i: (-i[1], i[0])))),
        Facet("year", tuple(Value(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True))),
        Facet("kind", tuple(Value(kind, kind, n) for kind, n in sorted(kinds.items(), key=lambda i: (-i[1], i[0]))
                            if n)),
    )


def _rank(lang: str) -> int:
    return LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER)


def by_date(searcher, docnums) -> list[int]:
    """Return ``docnums`` newest document first (undated last), each document's paragraphs in reading order."""
    cols = columns(searcher)
    docs = np.asarray(docnums, dtype=np.int64)
    if not len(docs):
        return []
    dates = sorted({v.date for v in cols.versions if v.date})
    rank = {d: n + 1 for n, d in enumerate(dates)}  # 0: no date
    newest = np.array([rank.get(v.date, 0) for v in cols.versions] + [0], dtype=np.int64)
    versions = cols.version[docs]  # -1 (none) reads the extra 0 at the end
    order = np.lexsort((cols.position[docs], versions, -newest[versions]))
    return docs[order].tolist()

