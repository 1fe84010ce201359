"""Vectorized scoring gives Whoosh's own matches and scores, or leaves the query to Whoosh."""

from __future__ import annotations

import math

import numpy as np

import pytest
from whoosh import query as Q
from whoosh.query.terms import MultiTerm

from indexer.engine import fastsearch
from indexer.search.request import SearchRequest, build_query
from indexer.storage.generations import searching

pytestmark = pytest.mark.usefixtures("search_engine")  # the speed-ups in place

# Word queries of every shape the fast path takes, on the seeds and on the Charter and UDHR.
QUERIES = [
    ("migrants", "any"), ("мигрантов", "any"), ("smuggling migrants", "any"), ("вен", "any"),
    ("migrants OR refugees", "any"), ("smuggling NOT firearms", "any"), ("smuggling -firearms", "en"),
    ("Convention lang:en", "any"), ("Convention kind:footnote", "any"), ("права человека", "ru"),
    ("human rights", "en"), ("(peace OR security) Council", "any"), ("=мигрантов", "any"),
    ("CTOC/COP/2012/1", "any"), ("незаконного ввоза", "any"), ("Article 51", "any"), ("zzzzqx", "any"),
    ("Генеральная Ассамблея", "any"), ("Member States", "any"), ("государства-члены", "any"),
    ("государства -члены", "any"), ("Организации +Объединенных", "ru"), ("peace (-war +security)", "any"),
    ('"such tools and"', "any"), ('"smuggling of migrants"', "en"), ('"Security Council"', "any"),
    ('"права человека"', "any"), ('"smuggling migrants"~3', "any"), ('"zzz qqq"', "any"),
    ('"вен мигрантов"', "any"), ('"the United Nations"', "en"), ('"trafficking in persons"', "any"),
    ('"capacity building"', "en"), ('"Secretary General"', "any"), ('"в Вене"', "ru"),
    ("migra*", "any"), ("мигр*", "any"), ("smugling~", "any"), ("symbol:CTOC/COP/*", "any"), ("symbol:A/RES/*", "any"),
    ("year:[2010 TO 2012] migrants", "any"), ("year:2012", "any"), ("Conference year:[1940 TO 1950]", "any"),
    # phrases with alternative lemmas at a position (Whoosh's Sequence)
    ('"Организации Объединенных Наций"', "any"), ('"Организации Объединенных"', "ru"),
    ('"в Вене"', "any"), ('"государства объединенных"', "any"),
]
# Left to Whoosh: a phrase with alternative lemmas at a position and a slop (Whoosh's spans), NOT alone.
WHOOSH_ONLY = ['"of the United Nations"~3', '"Объединенных Наций"~3', "NOT migrants"]


def whoosh_matches(searcher, q) -> dict[int, float]:
    """Whoosh's matches and scores; "a -b" as Whoosh's matches of a less its matches of b.

    (Whoosh's AndNot matcher lets a few documents through that do match b.)  A
    prefix, wildcard or fuzzy term as the OR of the terms it expands to, which
    is how Whoosh scores it in an index of more than 5,000 documents.
    """
    if isinstance(q, Q.AndNot):
        excluded = whoosh_matches(searcher, q.b)
        return {d: s for d, s in whoosh_matches(searcher, q.a).items() if d not in excluded}
    q = q.accept(lambda node: as_or(searcher, node) if isinstance(node, MultiTerm) else node)
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None, optimize=False)}


def as_or(searcher, q):
    """A multi-term query as the OR of its terms (``simplify``, which fuzzy terms do not survive)."""
    field = searcher.schema[q.fieldname]
    texts = sorted({t if isinstance(t, str) else field.from_bytes(t) for _, t in q.expanded_terms(searcher.reader())})
    terms = [Q.Term(q.fieldname, t, boost=q.boost) for t in texts]
    return Q.NullQuery if not terms else terms[0] if len(terms) == 1 else Q.Or(terms, boost=q.boost)


@pytest.fixture(scope="module")
def updated_index(tmp_path_factory):
    """The seeds indexed, then one edited and updated: two segments, one with deleted paragraphs."""
    import shutil

    from indexer.build.pipeline import build
    from indexer.build.update import update
    from tests.conftest import SEEDS

    folder = tmp_path_factory.mktemp("edited")
    for path in SEEDS:
        shutil.copy(path, folder / path.name)
    build([folder], folder / "ix")
    edited = folder / SEEDS[1].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("migrants", "migrant workers"), encoding="utf-8")
    update([folder], folder / "ix")
    with searching(folder / "ix") as searcher:
        readers = [r for r, _ in searcher.reader().leaf_readers()]
        assert len(readers) > 1 and any(r.has_deletions() for r in readers)
    return folder / "ix"


@pytest.mark.parametrize("index_name", ["seed_index", "pool_pair_index", "updated_index"])
@pytest.mark.parametrize("text, lang", QUERIES)
def test_matches_and_scores_are_whooshs(request, index_name, text, lang):
    with searching(request.getfixturevalue(index_name)) as searcher:
        q = build_query(SearchRequest(query=text, lang=lang), searcher.schema)
        found = fastsearch.evaluate(searcher, q)
        assert found is not None
        expected = whoosh_matches(searcher, q)
        mine = dict(zip(found.ids.tolist(), found.scores.tolist()))
        assert mine.keys() == expected.keys()
        assert all(math.isclose(mine[d], expected[d], rel_tol=1e-9) for d in expected)
        best = sorted(expected, key=lambda d: (-expected[d], d))[:10]
        assert [d for d, _ in found.top(10)] == best


@pytest.mark.parametrize("text", WHOOSH_ONLY)
def test_other_queries_are_left_to_whoosh(seed_index, text):
    with searching(seed_index) as searcher:
        assert fastsearch.evaluate(searcher, build_query(SearchRequest(query=text), searcher.schema)) is None


def test_ties_are_broken_as_whoosh_breaks_them():
    found = fastsearch.Matches(ids=fastsearch.np.array([3, 5, 8, 9]), scores=fastsearch.np.array([1.0, 2.0, 2.0, 1.0]))
    assert found.top(3) == [(5, 2.0), (8, 2.0), (3, 1.0)]
    assert found.top(0) == [] and len(fastsearch.EMPTY.top(5)) == 0


def test_the_best_of_many_tied_scores_are_the_first_by_number():
    scores = [3.0, 1.5, 2.0, 1.5, 1.5, 2.0, 1.5, 0.5, 1.5, 1.5]  # a word's scores tie by the hundred: tf and length
    found = fastsearch.Matches(ids=fastsearch.np.arange(10, 20), scores=fastsearch.np.array(scores))
    assert found.top(5) == [(10, 3.0), (12, 2.0), (15, 2.0), (11, 1.5), (13, 1.5)]
    assert found.top(3) == [(10, 3.0), (12, 2.0), (15, 2.0)]
    assert [n for n, _ in found.top(9)] == [10, 12, 15, 11, 13, 14, 16, 18, 19]


@pytest.mark.parametrize("word, every", [("государство", 7), ("state", 3), ("нация", 50), ("right", 1), ("zzzzqx", 2)])
def test_positions_in_some_documents_are_those_of_the_whole_list(pool_pair_index, word, every):
    from indexer.engine import postings

    with searching(pool_pair_index) as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            field = "text_en" if word.isascii() else "text_ru"
            btext = searcher.schema[field].to_bytes(word)
            if (field, btext) not in reader:  # a word the segment lacks: no positions, whatever the documents
                assert word == "zzzzqx"
                assert [len(a) for a in postings.positions_in(reader, field, btext, np.arange(9))] == [0, 1, 0]
                continue
            ids, starts, positions = postings.positions(reader, field, btext)
            wanted = np.unique(np.concatenate([ids[::every], [reader.doc_count_all() + 5]])).astype(np.int64)
            postings.POSTINGS.clear()  # not the whole list, kept by the call above
            some = postings.positions_in(reader, field, btext, wanted)
            expected = {int(d): positions[starts[k]:starts[k + 1]].tolist() for k, d in enumerate(ids) if d in wanted}
            found = {int(d): some[2][some[1][k]:some[1][k + 1]].tolist() for k, d in enumerate(some[0]) if d in wanted}
            assert found == expected and len(expected) > 0


@pytest.mark.parametrize("field", ["text_en", "text_ru", "id", "doc_id", "lang", "number", "exact"])
def test_posting_lists_read_whole_are_those_whooshs_matcher_reads(updated_index, field):
    from indexer.engine import postings

    compared = 0
    with searching(updated_index) as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            texts = list(reader.lexicon(field))
            for btext in texts[::max(1, len(texts) // 300)]:
                ids, weights = postings._read_postings(reader, field, btext)
                expected_ids, expected_weights = postings._read_with_matcher(reader, field, btext)
                assert ids.tolist() == expected_ids.tolist() and weights.tolist() == expected_weights.tolist()
                compared += len(ids)
    assert compared > 100


@pytest.mark.parametrize("word", ["государство", "state", "нация", "right", "the", "of"])
def test_positions_kept_with_a_posting_list_are_those_whooshs_matcher_reads(pool_pair_index, word):
    """The encoded positions kept when a posting list is read give, decoded, what Whoosh's own matcher gives."""
    from indexer.engine import postings

    postings.POSTINGS.clear()
    with searching(pool_pair_index) as searcher:
        field = "text_en" if word.isascii() else "text_ru"
        btext = searcher.schema[field].to_bytes(word)
        compared = 0
        for reader, _ in searcher.reader().leaf_readers():
            if (field, btext) not in reader:
                continue
            matcher = reader.postings(field, btext)
            expected = {}
            while matcher.is_active():
                expected[matcher.id()] = list(matcher.value_as("positions"))
                matcher.next()
            assert postings.encoded_positions(reader, field, btext) is not None
            ids, starts, positions = postings.positions(reader, field, btext)
            assert {int(d): positions[starts[k]:starts[k + 1]].tolist() for k, d in enumerate(ids)} == expected
            postings.POSTINGS.clear()  # not the whole list decoded above: only the few documents asked about
            wanted = set(ids[::5].tolist())
            some = postings.positions_in(reader, field, btext, ids[::5])
            assert {int(d): some[2][some[1][k]:some[1][k + 1]].tolist() for k, d in enumerate(some[0])
                    if d in wanted} == {d: expected[d] for d in wanted}
            compared += len(expected)
        assert compared > 0


@pytest.mark.parametrize("index_name", ["pool_pair_index", "updated_index"])
@pytest.mark.parametrize("field, pattern", [("text_en", "m"), ("text_en", "co"), ("exact", "с"), ("exact", "пр"),
                                            ("text_ru", "п"), ("exact", "s"), ("text_en", "zzzq")])
def test_the_words_of_a_pattern_scored_together_score_as_each_alone(request, index_name, field, pattern):
    from indexer.engine.matches import union

    with searching(request.getfixturevalue(index_name)) as searcher:
        q = Q.Prefix(field, pattern, boost=2.0)
        terms = [text for _, text in fastsearch._expanded_terms(q, searcher.reader())]
        evaluator = fastsearch._Evaluator(searcher)
        alone = [evaluator._term(field, text) for text in terms]
        together, asked = evaluator._together(field, searcher.schema[field], terms)
        expected = union(alone)
        assert asked == len(terms) and (len(terms) > 5) == (pattern != "zzzq")
        assert together.ids.tolist() == expected.ids.tolist() and together.scores.tolist() == expected.scores.tolist()
        found = evaluator._multiterm(q)
        assert found.scores.tolist() == (expected.scores * 2.0).tolist()
