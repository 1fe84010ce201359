"""Fuzzy term look-up over cached term lists finds exactly the words Whoosh's own look-up finds."""

from __future__ import annotations

import pytest
from whoosh import reading
from whoosh.analysis import StemmingAnalyzer
from whoosh.automata import lev
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from indexer.engine import fuzzy_terms

from indexer.engine import speedups as whoosh_speedups
from indexer.caches.lru import LRUCache
from indexer.storage.generations import open_index

pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place

# (field, word, maxdist, prefix): misspellings, transpositions, Cyrillic, no prefix, nothing near.
LOOKUPS = [
    ("text_en", "developmnt", 1, 0), ("text_en", "developmnt", 2, 1), ("text_en", "smugling", 1, 1),
    ("text_en", "migarnt", 1, 0), ("text_en", "migarnt", 2, 2), ("text_en", "conventoin", 2, 1),
    ("text_ru", "мигарнт", 2, 0), ("text_ru", "конвенци", 1, 1), ("text_ru", "преступност", 1, 3),
    ("exact", "мигрантв", 1, 0), ("exact", "protocol", 1, 0), ("exact", "zzzzqqq", 2, 0),
    ("text_en", "x", 1, 0), ("text_en", "государств", 1, 0), ("symbol", "ctoc/cop/2012/16", 1, 1),
]


@pytest.fixture(scope="module")
def seed_reader(seed_index):
    """A reader of the seed index (segments and all), closed after the module."""
    ix = open_index(seed_index)
    reader = ix.reader()
    yield reader
    reader.close()
    ix.close()


def whoosh_words(reader, fieldname, text, maxdist, prefix) -> set[str]:
    """The words Whoosh's own look-up finds, segment by segment (its Levenshtein automaton)."""
    original = fuzzy_terms.ORIGINAL["SegmentReader"]
    return {w for leaf in fuzzy_terms.segment_readers(reader) for w in original(leaf, fieldname, text, maxdist, prefix)}


def test_installed_with_the_speedups():
    assert whoosh_speedups.APPLIED
    assert reading.IndexReader.terms_within is fuzzy_terms.terms_within
    assert reading.SegmentReader.terms_within is fuzzy_terms.terms_within


@pytest.mark.parametrize("fieldname, text, maxdist, prefix", LOOKUPS)
def test_same_words_as_whoosh(seed_reader, fieldname, text, maxdist, prefix):
    found = list(seed_reader.terms_within(fieldname, text, maxdist, prefix))
    assert found == sorted(set(found))
    assert set(found) == whoosh_words(seed_reader, fieldname, text, maxdist, prefix)


@pytest.mark.parametrize("fieldname, text, maxdist, prefix, expected", [
    ("text_en", "smugle", 1, 1, {"smuggle"}),    # a lemma with one letter left out
    ("exact", "mirgants", 2, 0, {"migrants"}),    # two letters swapped are two edits
    ("exact", "mirgants", 1, 0, set()),
])
def test_words_found(seed_reader, fieldname, text, maxdist, prefix, expected):
    assert set(seed_reader.terms_within(fieldname, text, maxdist, prefix)) >= expected
    if not expected:
        assert not set(seed_reader.terms_within(fieldname, text, maxdist, prefix))


def test_unknown_field_finds_nothing(seed_reader):
    assert list(seed_reader.terms_within("no_such_field", "migrants", 2)) == []


@pytest.mark.parametrize("terms, text, maxdist, prefix, expected", [
    (["mig", "migrant", "migrants", "migration", "nigrant"], "migrant", 1, 0, ["migrant", "migrants", "nigrant"]),
    (["mig", "migrant", "migrants", "migration", "nigrant"], "migrant", 1, 1, ["migrant", "migrants"]),
    (["ab", "abc", "ba"], "ab", 1, 0, ["ab", "abc"]),   # a transposition is two edits
    (["ab", "abc", "ba"], "ab", 2, 0, ["ab", "abc", "ba"]),
    (["ab", "abc"], "zz", 1, 3, []),
    ([], "anything", 2, 0, []),
])
def test_within(terms, text, maxdist, prefix, expected):
    assert sorted(fuzzy_terms.within(terms, text, maxdist, prefix)) == expected


# (text, term, edits): how many edits Whoosh's segment readers count from ``text`` to ``term``, prefix aside.
EDITS = [
    ("migrant", "migrant", 0),
    ("migrnt", "migrant", 1),     # a letter left out
    ("migrants", "migrant", 1),   # one too many
    ("migrent", "migrant", 1),    # one replaced
    ("mirgant", "migrant", 2),    # two adjacent letters swapped: two edits, not one
    ("imgrant", "migrant", 2),    # swapped at the start
    ("migratn", "migrant", 2),    # swapped at the end
    ("migarnt", "migrant", 2),
    ("mgirnat", "migrant", 4),    # two swaps
    ("мигарнт", "мигрант", 2),    # Cyrillic, swapped
    ("мигрнт", "мигрант", 1),
    ("a", "abc", 2),
    ("abc", "ca", 3),             # Whoosh's OSA counted 3 here too; full Damerau counts 2
]


@pytest.mark.parametrize("text, term, edits", EDITS)
@pytest.mark.parametrize("prefix", [0, 1])
def test_edits_are_counted_as_whooshs_segment_readers_count_them(text, term, edits, prefix):
    for maxdist in range(4):
        found = fuzzy_terms.within([term], text, maxdist, prefix)
        whoosh = lev.levenshtein_automaton(text, maxdist, prefix).to_dfa().accept(term)
        assert bool(found) == whoosh == (edits <= maxdist and term[:prefix] == text[:prefix]), maxdist


def test_a_field_with_spelling_words_is_looked_up_in_them():
    # a stemmed field keeps its words apart for spelling, as Whoosh looks them up (the field itself has stems)
    schema = Schema(a=TEXT(analyzer=StemmingAnalyzer()), b=TEXT(analyzer=StemmingAnalyzer(), spelling=True))
    ix = RamStorage().create_index(schema)
    for words in ("rendering modeling", "undoing indicating"):
        with ix.writer() as writer:
            writer.add_document(a=words, b=words)
            writer.merge = False
    with ix.reader() as reader:
        assert len(fuzzy_terms.segment_readers(reader)) == 2
        assert list(reader.terms_within("a", "undoink", 1)) == []
        assert list(reader.terms_within("a", "undoi", 1)) == ["undo"]
        assert list(reader.terms_within("b", "undoink", 1)) == ["undoing"]
        assert list(reader.terms_within("b", "modelink", 2)) == ["modeling"]


def test_term_lists_are_read_once_per_segment_and_field(seed_reader):
    leaf = fuzzy_terms.segment_readers(seed_reader)[0]
    first = fuzzy_terms.sorted_terms(leaf, "text_en")
    assert first == sorted(first) and len(first) > 1000
    assert fuzzy_terms.sorted_terms(leaf, "text_en") is first
    assert fuzzy_terms.sorted_terms(leaf, "text_ru") is not first


# LRUCache: (limit, largest, puts as key=weight, keys kept afterwards, in order from least recently used).
LRU_CASES = [
    (10, None, [("a", 4), ("b", 4), ("c", 4)], ["b", "c"]),          # over the limit: the oldest goes
    (10, None, [("a", 4), ("b", 4), ("a", 1), ("c", 4)], ["a", "c"]),  # putting "a" again uses it (keeps its value)
    (10, 3, [("a", 4), ("b", 2)], ["b"]),                           # heavier than largest: not kept
    (0, None, [("a", 1)], []),                                     # a limit of 0 keeps nothing
    (3, None, [("a", 1), ("b", 1), ("c", 1), ("d", 1)], ["b", "c", "d"]),
]


@pytest.mark.parametrize("limit, largest, puts, kept", LRU_CASES)
def test_lru_cache(limit, largest, puts, kept):
    cache = LRUCache(limit, weigh=lambda value: value, largest=largest)
    for key, weight in puts:
        cache.get(key)
        cache.put(key, weight)
    assert list(cache._items) == kept
    assert cache.weight == sum(cache._items.values()) <= max(limit, 0)
    assert len(cache) == len(kept)
    cache.clear()
    assert len(cache) == 0 and cache.weight == 0 and cache.get(kept[0] if kept else "a") is None
