"""Analyzer behaviour as tables (word → indexed terms), invariants by hypothesis, and pickling."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import english_analyzer, exact_analyzer, russian_analyzer
from analyzers.russian import lemmas
from indexer.engine.schema import build_schema

EN = english_analyzer()
RU = russian_analyzer()
EXACT = exact_analyzer()


def terms(analyzer, text, mode="index"):
    return [t.text for t in analyzer(text, mode=mode)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("smuggling", ["smuggl"]),
        ("smuggled", ["smuggl"]),
        ("Migrants", ["migrant"]),
        ("the Office's mandate", ["offic", "mandat"]),
        ("not shall may", ["not", "shall", "may"]),
        ("CTOC/COP/2012/15", ["ctoc/cop/2012/15"]),
        ("E/CN.15/2015/18", ["e/cn.15/2015/18"]),
        ("A/RES/70/1", ["a/res/70/1"]),
        ("resolution 5/3", ["resolut", "5/3"]),
        ("2012-2013", ["2012-2013", "2012", "2013"]),
        ("money-laundering", ["money-launder", "money", "launder"]),
        ("СТОС/COP/2012/1", ["ctoc/cop/2012/1"]),  # Cyrillic look-alikes folded to Latin
        ("*Treaty Series*", ["treati", "seri"]),
        ("Protocols thereto,¹", ["protocol", "thereto"]),
        ("", []),
    ],
)
def test_english_terms(text, expected):
    assert terms(EN, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("мигрантов", ["мигрант"]),
        ("мигрантам", ["мигрант"]),
        ("Мигранты", ["мигрант"]),
        ("ещё", ["еще"]),
        ("Ёлки", ["елка"]),
        ("незаконного ввоза", ["незаконный", "ввоз"]),
        ("вен", ["вено", "вена"]),  # ambiguous: both plausible lemmas at one position
        ("стали", ["стать"]),  # сталь is far less likely: not indexed
        ("организованной", ["организовать", "организованный"]),  # participle: verb and adjective
        ("интернет-сайт", ["интернет-сайт", "интернет", "сайт"]),
        ("в соответствии с пунктом", ["соответствие", "пункт"]),
        ("резолюции 5/3", ["резолюция", "5/3"]),
        ("СТОС/COP/2012/1", ["ctoc/cop/2012/1"]),
        ("UNODC", ["unodc"]),
        ("мигрантoв", ["мигрант"]),  # a Latin 'o' inside a Russian word
        ("куздра", ["куздра"]),  # unknown word: pymorphy3's guess
        ("не", ["не"]),  # negation is not a stop word
    ],
)
def test_russian_terms(text, expected):
    assert terms(RU, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Мигрантов", ["мигрантов"]),
        ("smuggled", ["smuggled"]),
        ("ещё", ["еще"]),
        ("СТОС/COP", ["ctoc/cop"]),
        ("the smuggling of migrants", ["smuggling", "migrants"]),
        ("ввоз и вывоз", ["ввоз", "вывоз"]),
    ],
)
def test_exact_terms(text, expected):
    assert terms(EXACT, text) == expected


def test_query_mode_keeps_compounds_whole():
    assert terms(RU, "интернет-сайт", mode="query") == ["интернет-сайт"]


def test_alternative_lemmas_share_a_position():
    positions = [(t.text, t.pos) for t in RU("в Вене мигрантов", positions=True)]
    assert positions == [("вена", 1), ("вено", 1), ("веня", 1), ("мигрант", 2)]


@pytest.mark.parametrize("policy, expected", [("top", ("стать",)), ("plausible", ("стать",)), ("all", ("стать", "сталь"))])
def test_lemma_policies(policy, expected):
    assert lemmas("стали", policy) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
@pytest.mark.parametrize("analyzer", [EN, RU, EXACT], ids=["en", "ru", "exact"])
def test_analyzers_are_total_and_offsets_slice_the_source(analyzer, text):
    for token in analyzer(text, positions=True, chars=True):
        assert 0 <= token.startchar < token.endchar <= len(text)
        assert text[token.startchar:token.endchar].strip()


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁ -/.0123456789abcXYZ", max_size=80))
def test_russian_analyzer_on_cyrillic_soup(text):
    for token in RU(text, chars=True):
        assert token.text == token.text.lower()
        assert "ё" not in token.text


def test_schema_pickles_and_analyzes_after_round_trip():
    schema = build_schema()
    restored = pickle.loads(pickle.dumps(schema))
    assert restored.names() == schema.names()
    assert terms(restored["text_ru"].analyzer, "мигрантов") == ["мигрант"]
    assert terms(restored["text_en"].analyzer, "smuggling") == ["smuggl"]


def test_russian_filter_pickles_without_the_morph_analyzer():
    from analyzers.russian import RussianLemmaFilter, morph_analyzer

    morph_analyzer()  # make sure one exists in this process
    data = pickle.dumps(RussianLemmaFilter("top"))
    assert len(data) < 200
    assert pickle.loads(data).policy == "top"


def plain_chain(analyzer):
    """The same analyzer without memoization: its tokenizer and filters composed directly."""
    from whoosh.analysis import CompositeAnalyzer

    tokenizer, memo = analyzer.items
    return CompositeAnalyzer(tokenizer, *memo.filters)


def indexed(analyzer, text):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode="index")]


UN_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁСТОabcdefghijklmnopqrstuvwxyzTHE -–/.,'’0123456789"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "of", "и", "в", "ещё", "СТОС/COP/2012/1", "интернет-сайт", "15-19",
                                 "Office's", "стали", "вен", "мигрантов", "smuggling", "of-the"]), max_size=12),
       st.text(alphabet=UN_ALPHABET, max_size=60))
@pytest.mark.parametrize("analyzer", [EN, RU, EXACT], ids=["en", "ru", "exact"])
def test_memoized_chains_index_exactly_as_the_plain_chains(analyzer, words, soup):
    """Twice over the same text (the second time from memory) and once plain: the same tokens."""
    text = " ".join(words) + " " + soup
    plain = indexed(plain_chain(analyzer), text)
    assert indexed(analyzer, text) == plain
    assert indexed(analyzer, text) == plain
