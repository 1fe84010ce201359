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
        ("smuggling", ["smuggle"]),
        ("smuggled", ["smuggle"]),
        ("Migrants", ["migrant"]),
        ("the Office's mandate", ["the", "office", "mandate"]),  # stop words indexed, for phrases
        ("not shall may", ["not", "shall", "may"]),
        ("CTOC/COP/2012/15", ["ctoc/cop/2012/15", "cop/2012/15"]),  # a symbol and its tails from a letter
        ("CTOC/COP/2010/L.7/Rev.1", ["ctoc/cop/2010/l.7/rev.1", "cop/2010/l.7/rev.1", "l.7/rev.1", "rev.1"]),
        ("E/CN.15/2015/18", ["e/cn.15/2015/18", "cn.15/2015/18"]),
        ("A/RES/70/1", ["a/res/70/1", "res/70/1", "70/1"]),  # a resolution also as its number
        ("resolution 5/3", ["resolution", "5/3"]),
        ("2012-2013", ["2012-2013", "2012", "2013"]),
        ("2012–2013", ["2012-2013", "2012", "2013"]),  # an en dash between digits is a hyphen
        ("money-laundering", ["money-laundering", "money-launder", "moneylaundering", "money", "laundering",
                              "launder"]),
        ("Secretary‑General", ["secretary-general", "secretarygeneral", "secretary", "general"]),  # U+2011
        ("СТОС/COP/2012/1", ["ctoc/cop/2012/1", "cop/2012/1"]),  # Cyrillic look-alikes folded to Latin
        ("*Treaty Series*", ["treaty", "series"]),
        ("Protocols thereto,¹", ["protocol", "thereto"]),
        ("$1,734,600 and $467,900", ["1734600", "and", "467900"]),
        ("1 734 600, 1\u00a0734\u00a0600, 1.734.600", ["1734600", "1734600", "1734600"]),
        ("1.734 and 12,5", ["1.734", "and", "12", "5"]),  # one dot group is a decimal; a decimal comma splits
        ("Jamnišek, Ibáñez, Straße", ["jamnisek", "ibanez", "strasse"]),
        ("children were women", ["child", "be", "woman"]),
        ("meetings meeting", ["meeting", "meeting", "meet"]),  # an -ing noun is also its verb
        ("best larger", ["best", "large"]),  # only a regular comparison is lemmatized
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
        ("в соответствии с пунктом", ["в", "соответствие", "с", "пункт"]),
        ("проведенных", ["провести", "проведенный"]),  # a participle: its verb and its own lemma
        ("проведена", ["провести", "проведенный"]),  # a short participle too
        ("рассмотрены", ["рассмотреть", "рассмотренный"]),
        ("1 734 600 рублей", ["1734600", "рубль"]),
        ("резолюции 5/3", ["резолюция", "5/3"]),
        ("СТОС/COP/2012/1", ["ctoc/cop/2012/1", "cop/2012/1"]),
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
        ("Jamnišek 1,734,600", ["jamnisek", "1734600"]),
    ],
)
def test_exact_terms(text, expected):
    assert terms(EXACT, text) == expected


@pytest.mark.parametrize(
    "analyzer, text, expected",
    [
        (RU, "интернет-сайт", ["интернет-сайт"]),  # a compound stays whole
        (EN, "non-governmental", ["non-governmental", "nongovernmental"]),  # … with its closed spelling
        (EN, "trafficking in persons", ["traffic", "person"]),  # stop words left out; -ing: its verb
        (RU, "в Вене", ["вена", "вено", "веня"]),
        (EN, "A/RES/55/25", ["a/res/55/25", "55/25"]),  # a resolution also as texts cite it
        (EN, "L.7/Rev.1", ["l.7/rev.1"]),
    ],
)
def test_query_mode(analyzer, text, expected):
    assert terms(analyzer, text, mode="query") == expected


def test_every_word_keeps_its_position_and_alternatives_share_one():
    positions = [(t.text, t.pos) for t in RU("в Вене мигрантов", positions=True)]
    assert positions == [("в", 0), ("вена", 1), ("вено", 1), ("веня", 1), ("мигрант", 2)]


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
    assert terms(restored["text_en"].analyzer, "organs children") == ["organ", "child"]


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


PARTICIPLE_SPELLINGS = ["происшедших", "произошедших", "происшедшим", "произошедшей", "организованная",
                        "организованной"]


def test_a_participles_lemma_does_not_depend_on_the_words_analyzed_before():
    """Each process analyzes words in its own order; two spellings of one participle keep their own lemmas."""
    import subprocess
    import sys
    from pathlib import Path

    script = "import sys\nfrom analyzers.russian import lemmas\nprint([lemmas(w) for w in sys.argv[1:]])"
    root = Path(__file__).resolve().parents[1]
    runs = []
    for words in (PARTICIPLE_SPELLINGS, PARTICIPLE_SPELLINGS[::-1]):
        out = subprocess.run([sys.executable, "-c", script, *words], cwd=root, capture_output=True, text=True,
                             timeout=120, check=True).stdout
        runs.append(dict(zip(words, eval(out))))
    assert runs[0] == runs[1]
    assert runs[0]["происшедших"] == ("произойти", "происшедший")
    assert runs[0]["произошедшей"] == ("произойти", "произошедший")
