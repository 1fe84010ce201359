"""How much a query word counts across languages (:mod:`indexer.search.rendered`), on the Charter and the UDHR."""

from __future__ import annotations

import pytest

from indexer.lexicon.model import Lexicon
from indexer.search import across, rendered
from indexer.search.query import parse_query
from indexer.search.translate import QueryTranslator, Word
from tests import test_across_kin

charter = test_across_kin.charter  # the Charter and the UDHR


def words_of(index, query: str) -> list:
    """Return the words of ``query`` as matched across languages."""
    searcher, data = index
    return QueryTranslator(data.lexicon).word_alternatives(parse_query(query, searcher.schema, "any", normalize=False))


def test_a_word_counts_the_share_of_its_pairs_its_most_frequent_translation_is_in(charter):
    _, data = charter
    assert data.lexicon.count("ru", "цель") == 39 and data.lexicon.count("ru", "статья") == 183
    aims, article = words_of(charter, "целей статьи")
    assert aims.weight == 24 / 39  # "purpose" in 24 of its 39 pairs ("in order to", "with a view to" the others)
    assert article.weight == 182 / 183


def test_a_words_weight_scales_its_score(charter):
    searcher, data = charter
    [aims] = words_of(charter, "целей")
    found = across.translated_matches(searcher, data, [aims])
    full = across.translated_matches(searcher, data, [Word(aims.alternatives, aims.terms)])
    assert len(found) == 30 and found.keys() == full.keys()  # the English paragraphs with "purpose" or "view"
    assert all(found[n] == pytest.approx(full[n] * 24 / 39, rel=1e-12) for n in found)


LEXICON = Lexicon(pairs=200, units={"ru": {"рамка": (100, "рамка"), "редкий": (2, "редкий")}, "en": {}},
                  translations={"ru": {"рамка": [("framework", 0.2, 5, "corpus")],
                                       "редкий": [("rare", 0.6, 2, "corpus")]}, "en": {}})


def test_a_word_rarely_rendered_counts_at_least_the_floor():
    weighted = QueryTranslator(LEXICON).weighted("ru", ["рамка"])
    assert rendered.share(LEXICON, "ru", ["рамка"], weighted) == rendered.FLOOR


def test_a_word_seen_in_few_pairs_or_translated_by_the_dictionary_alone_counts_in_full():
    translator = QueryTranslator(LEXICON)
    assert rendered.share(LEXICON, "ru", ["редкий"], translator.weighted("ru", ["редкий"])) == 1.0
    assert rendered.share(LEXICON, "ru", ["рамка"], []) == 1.0


PARTNERED = Lexicon(pairs=500, units={"ru": {"позволить": (10, "позволить"), "позволять": (400, "позволять")},
                                       "en": {}},
                    translations={"ru": {"позволить": [("allow", 0.3, 3, "corpus")],
                                         "позволять": [("enable", 0.8, 380, "corpus")]}, "en": {}})


def test_a_words_share_is_of_its_own_translations_not_its_partners(charter):
    searcher, _ = charter
    [word] = QueryTranslator(PARTNERED).word_alternatives(parse_query("позволить", searcher.schema, "any",
                                                                      normalize=False))
    assert {str(q) for q, _ in word.alternatives} >= {"text_en:allow", "text_en:enable"}  # the partner's too
    assert word.weight == 3 / 10  # allow in 3 of its 10 pairs; enable's 380 pairs are позволять's


SPLIT = Lexicon(pairs=300, units={"ru": {"пункт": (100, "пункт")}, "en": {}},
                translations={"ru": {"пункт": [("item", 1.0, 40, "corpus", 0.31, 0.79, 0.0),
                                               ("paragraph", 1.0, 40, "corpus", 0.34, 0.89, 0.0)]}, "en": {}})


def test_a_word_rendered_two_ways_counts_the_share_linked_with_either():
    weighted = QueryTranslator(SPLIT).weighted("ru", ["пункт"])
    assert rendered.share(SPLIT, "ru", ["пункт"], weighted) == pytest.approx(0.65)  # not 40 / 100, item's alone


def test_the_share_of_pairs_with_the_most_frequent_translation_stays_when_model_1_links_fewer():
    lexicon = Lexicon(pairs=300, units={"ru": {"пункт": (100, "пункт")}, "en": {}},
                      translations={"ru": {"пункт": [("item", 1.0, 80, "corpus", 0.5, 0.79, 0.0)]}, "en": {}})
    weighted = QueryTranslator(lexicon).weighted("ru", ["пункт"])
    assert rendered.share(lexicon, "ru", ["пункт"], weighted) == 0.8
