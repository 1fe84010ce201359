"""The Whoosh speed-ups answer exactly as Whoosh does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.fields import ID, NUMERIC, Schema
from whoosh.query import qcore

from indexer.engine import speedups as whoosh_speedups
from indexer.storage.generations import searching


pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place


def test_the_speedups_are_applied():
    assert whoosh_speedups.APPLIED


def test_field_lengths_are_whooshs_own(seed_index):
    original = whoosh_speedups.ORIGINAL["doc_field_length"]
    with searching(seed_index) as searcher:
        for reader in [r for r, _ in searcher.reader().leaf_readers()]:
            perdoc = reader._perdoc
            fresh = type(perdoc)(perdoc._storage, perdoc._segment)  # unpatched state, same files
            for field in ("text_en", "text_ru", "exact", "id", "kind", "symbol"):
                mine = [perdoc.doc_field_length(n, field) for n in range(reader.doc_count_all())]
                theirs = [original(fresh, n, field) for n in range(reader.doc_count_all())]
                assert mine == theirs, field
            fresh.close()


@pytest.mark.parametrize("field", ["text_en", "text_ru", "exact", "id", "no_such_field"])
def test_the_lengths_of_a_field_read_at_once_are_whooshs_own(seed_index, field):
    with searching(seed_index) as searcher:
        reader = searcher.reader()
        expected = [reader.doc_field_length(n, field, 0) for n in range(reader.doc_count_all())]
        assert whoosh_speedups.field_lengths(reader, field, 0) == expected
        assert len(expected) == reader.doc_count_all() > 0
        assert any(expected) is (field in ("text_en", "text_ru", "exact"))  # None where a paragraph has none


def test_stored_rows_are_the_stored_fields_whoosh_gives(seed_index):
    with searching(seed_index) as searcher:
        for reader in [r for r, _ in searcher.reader().leaf_readers()]:
            rows = list(whoosh_speedups.stored_rows(reader))
            assert rows == [reader.stored_fields(n) for n in range(reader.doc_count_all())]
            assert len(rows) == reader.doc_count_all() > 0


# --- postings at index time ------------------------------------------------------------------

SCHEMA_FIELDS = ("text_en", "text_ru", "exact", "symbol", "id", "aligned_to")


def _original_postings(field, value):
    """The postings Whoosh's own ``word_values`` gives (the patched ones set aside)."""
    word_values = whoosh_speedups.ORIGINAL[f"{type(field.format).__name__}.word_values"]
    return list(word_values(field.format, value, field.analyzer, mode="index"))


def _fresh_schema():
    from indexer.engine.schema import build_schema

    return build_schema()  # analyzers with empty caches


@pytest.mark.parametrize("name", SCHEMA_FIELDS)
def test_postings_of_every_seed_paragraph_are_whooshs_own(seed_docs, name):
    from analyzers.memo import index_terms

    patched, plain = _fresh_schema()[name], _fresh_schema()[name]
    fast = index_terms(patched.analyzer, "text", {"mode": "index"}) is not None
    assert fast is (name in ("text_en", "text_ru", "exact"))  # the others run Whoosh's own
    paragraphs = [p.text for doc in seed_docs.values() for p in doc.paragraphs]
    for text in paragraphs + paragraphs:  # the second round from the analyzers' caches
        assert list(patched.format.word_values(text, patched.analyzer, mode="index")) == \
            _original_postings(plain, text)


@pytest.mark.parametrize("name", ("text_en", "text_ru", "exact"))
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁ theandofOffice's-/.,0123456789*<i>", max_size=120))
def test_postings_of_any_text_are_whooshs_own(name, text):
    field = _fresh_schema()[name]
    assert list(field.format.word_values(text, field.analyzer, mode="index")) == _original_postings(field, text)


@pytest.mark.parametrize("options, fast", [
    ({"mode": "index"}, True),
    ({"mode": "query"}, False),  # queries run the plain chain
    ({"mode": "index", "removestops": False}, False),
    ({"mode": "index", "start_pos": 3}, False),
])
def test_index_terms_takes_only_what_it_can_answer_exactly(options, fast):
    from analyzers import english_analyzer
    from analyzers.memo import index_terms

    assert (index_terms(english_analyzer(), "The smuggling of migrants", options) is not None) is fast


def _memo_with_a_group():
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    from analyzers.memo import MemoFilters

    return RegexTokenizer(r"(\w)\w*") | MemoFilters(LowercaseFilter())


@pytest.mark.parametrize("make", ["english_analyzer", "russian_analyzer", "exact_analyzer", _memo_with_a_group])
def test_the_fields_of_one_text_share_its_words_and_keep_their_own_terms(seed_docs, make):
    import analyzers
    from analyzers.memo import index_terms

    make = getattr(analyzers, make) if isinstance(make, str) else make
    others = (analyzers.english_analyzer(), analyzers.exact_analyzer(), make())
    for doc in seed_docs.values():
        for p in doc.paragraphs[:40]:
            for analyzer in others:  # the same text object for each field, as a record gives it
                tokens = [(t.text, t.pos) for t in analyzer(p.text, mode="index", positions=True)]
                assert index_terms(analyzer, p.text, {"mode": "index", "positions": True}) == tokens


def test_index_terms_are_the_analyzers_tokens():
    from analyzers import english_analyzer
    from analyzers.memo import index_terms

    text = "The smuggling of migrants by land, sea and air, and the Office's role"
    tokens = [(t.text, t.pos) for t in english_analyzer()(text, mode="index", positions=True)]
    assert index_terms(english_analyzer(), text, {"mode": "index", "positions": True}) == tokens
    assert tokens[:5] == [("the", 0), ("smuggle", 1), ("of", 2), ("migrant", 3), ("by", 4)]  # every word


# --- queries -------------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: Q.Term("text_en", "migrant"),
    lambda: Q.Phrase("text_en", ["human", "right"]),
    lambda: Q.Or([Q.Term("text_en", "peac"), Q.Term("text_ru", "мир", boost=2.0)]),
    lambda: Q.Prefix("exact", "migra"),
])
def test_with_boost_copies_only_to_change_the_boost(make):
    q = make()
    assert q.with_boost(q.boost) is q
    boosted = q.with_boost(3.0)
    assert boosted is not q and boosted.boost == 3.0 and q == make()  # the query itself is left as it was
    assert boosted == whoosh_speedups.ORIGINAL["Query.with_boost"](make(), 3.0)


@pytest.mark.parametrize("text", ["мигрантов права человека", '"права человека" OR "human rights"',
                                  "(migrants OR smugglers) AND (Office OR Conference) -Vienna", "migra* Vienna~"])
def test_normalized_queries_are_whooshs_own(monkeypatch, text):
    from indexer.search.query import _parse
    from indexer.engine.schema import build_schema

    schema = build_schema()
    fast = _parse(text, schema, "any").normalize()
    monkeypatch.setattr(qcore.Query, "with_boost", whoosh_speedups.ORIGINAL["Query.with_boost"])
    assert fast == _parse(text, schema, "any").normalize()



def test_the_position_column_read_at_once_is_the_column_whoosh_iterates(seed_index):
    with searching(seed_index) as searcher:
        reader = searcher.reader()
        expected = list(reader.column_reader("position"))
        assert whoosh_speedups.column_values(reader, "position") == expected
        assert len(expected) == reader.doc_count_all() > 0 and expected.count(0) > 1


@pytest.mark.parametrize("numbers", [NUMERIC(int, stored=True, sortable=True, shift_step=32),
                                     NUMERIC(int, bits=64, signed=True, sortable=True)])
def test_a_numeric_column_read_at_once_is_whooshs_in_every_segment(tmp_path, numbers):
    """Two segments, a deletion, documents without the field (the column's default), negative numbers."""
    assert whoosh_speedups.apply()
    ix = whoosh_index.create_in(str(tmp_path), Schema(key=ID(stored=True), n=numbers))
    with ix.writer() as writer:
        for value in (0, 7, -3, 2 ** 31 - 1, 12):
            writer.add_document(key=str(value), n=value)
        writer.add_document(key="none")
    with ix.writer(merge=False) as writer:
        writer.add_document(key="late", n=-(2 ** 31))
        writer.add_document(key="none again")
        writer.delete_by_term("key", "7")
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 2 and reader.has_deletions()
        expected = list(reader.column_reader("n"))
        assert whoosh_speedups.column_values(reader, "n") == expected
        assert len(expected) == 8 and -3 in expected and -(2 ** 31) in expected


def test_a_fields_terms_read_a_chunk_at_a_time_are_its_lexicon(seed_index, monkeypatch):
    """Every field of every segment, with chunks so small that records and keys straddle them."""
    from indexer.engine import term_table

    with searching(seed_index) as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        for chunk in (term_table.CHUNK, 7):
            monkeypatch.setattr(term_table, "CHUNK", chunk)
            for leaf in leaves:
                assert term_table.readable(leaf._terms)
                for field in [name for name in leaf.schema.names() if leaf.schema[name].indexed]:
                    expected = list(leaf.lexicon(field))
                    assert term_table.field_terms(leaf._terms, field) == expected, (chunk, field)
        assert term_table.field_terms(leaves[0]._terms, "no_such_field") == []
        assert max(len(term_table.field_terms(leaf._terms, "exact")) for leaf in leaves) > 1000


def test_a_numeric_column_cut_short_is_read_as_whoosh_reads_it(tmp_path):
    """The segment's part ends inside the column (a file cut short): Whoosh's own error, not fewer values."""
    import struct

    from indexer.engine import engine

    assert whoosh_speedups.apply()
    ix = whoosh_index.create_in(str(tmp_path), Schema(key=ID(stored=True), n=NUMERIC(int, bits=64, sortable=True)))
    with ix.writer() as writer:
        for value in range(2000):
            writer.add_document(key=str(value), n=value)
    ix = engine().open_index(tmp_path)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        raw = reader.column_reader("n").raw_column()
        assert whoosh_speedups.column_values(reader, "n") == list(range(2000))
        raw._dbfile.file._length = raw._basepos + 8 * 1000 + 3  # what a read past the cut gives: fewer bytes
        with pytest.raises(struct.error):
            list(reader.column_reader("n"))
        with pytest.raises(struct.error):
            whoosh_speedups.column_values(reader, "n")
