"""Names and loanwords matched by their spelling, for the words nothing else translates."""

from __future__ import annotations

import pytest

from indexer.lexicon import cognates
from indexer.lexicon.model import CORPUS, DICTIONARY, Lexicon

# Russian word, its transliteration.
TRANSLITERATIONS = [
    ("Монровия", "monrovia"),
    ("мониторинг", "monitoring"),
    ("Джон", "jon"),
    ("Таджикистан", "tajikistan"),
    ("Сьерра-Леоне", "sierra-leone"),
    ("экспорт", "export"),
    ("щука", "shchuka"),
    ("объём", "obem"),
    ("", ""),
    ("UNODC", "unodc"),
]


@pytest.mark.parametrize("word, latin", TRANSLITERATIONS)
def test_transliteration(word, latin):
    assert cognates.transliterate(word) == latin


@pytest.mark.parametrize("a, b", [("kuwait", "kuvait"), ("philosophy", "filosofi"), ("cyprus", "siprus"),
                                  ("kandahar", "kandahar"), ("tallinn", "talin"), ("express", "ekspres")])
def test_one_spelling(a, b):
    assert cognates.skeleton(a) == b


# Words of an index's vocabulary: English and Russian lemmas (from the UNPC dev set).
VOCABULARY = {
    "en": {"monrovia", "monitoring", "tajikistan", "migrant", "maputo", "liechtenstein", "peru", "kandahar", "ki"},
    "ru": {"монровия", "мониторинг", "таджикистан", "мигрант", "мапуть", "лихтенштейн", "перу", "кандагар",
           "незаконный", "кит"},
}
LEARNED = Lexicon(translations={"ru": {"мигрант": [("migrant", 0.8, 5, CORPUS)],
                                       "перу": [("peru", 0.2, 0, DICTIONARY)]},
                                "en": {"migrant": [("мигрант", 0.8, 5, CORPUS)]}})


@pytest.fixture(scope="module")
def seeded():
    return cognates.seeded(LEARNED, VOCABULARY)


@pytest.mark.parametrize("lang, word, cognate, score", [
    ("ru", "монровия", "monrovia", 0.15),  # spelt the same
    ("ru", "мониторинг", "monitoring", 0.15),  # the same as the English lemma
    ("ru", "таджикистан", "tajikistan", 0.15),
    ("ru", "мапуть", "maputo", 0.1364),  # a lemma of a form of Мапуту: alike
    ("ru", "лихтенштейн", "liechtenstein", 0.132),
    ("ru", "кандагар", "kandahar", 0.1313),
    ("en", "monrovia", "монровия", 0.15),
    ("en", "monitoring", "мониторинг", 0.15),
    ("en", "kandahar", "кандагар", 0.1313),
])
def test_cognates_of_untranslated_words(seeded, lang, word, cognate, score):
    [c] = seeded.candidates(lang, word)
    assert (c.key, c.score, c.count, c.source) == (cognate, score, 0, cognates.COGNATE)


@pytest.mark.parametrize("lang, word", [
    ("ru", "мигрант"),  # learned
    ("ru", "перу"),  # in the dictionary
    ("en", "migrant"),
])
def test_translated_words_keep_their_translations(seeded, lang, word):
    assert seeded.candidates(lang, word) == LEARNED.candidates(lang, word)


@pytest.mark.parametrize("lang, word", [
    ("ru", "незаконный"),  # no English word like it
    ("ru", "кит"),  # short: only a word spelt the same (``kit``, not ``ki``)
    ("en", "ki"),
])
def test_no_cognate(seeded, lang, word):
    assert seeded.candidates(lang, word) == ()


def test_nothing_to_match():
    assert cognates.seeded(LEARNED, {}).translations == LEARNED.translations


def test_a_word_of_weak_candidates_only_gets_its_cognate_first():
    learned = Lexicon(translations={"ru": {"монровия": [("peru", 0.106, 2, CORPUS)],  # one or two pairs: weak
                                           "мониторинг": [("migrant", 0.3, 3, CORPUS)]},  # three: not weak
                                    "en": {}})
    found = cognates.seeded(learned, VOCABULARY)
    assert [(c.key, c.source, c.weak) for c in found.candidates("ru", "монровия")] == [
        ("monrovia", cognates.COGNATE, False), ("peru", CORPUS, True)]
    assert [c.key for c in found.candidates("ru", "мониторинг")] == ["migrant"]


# Loanwords of the UNPC dev set, and words they are not.
LOANS = {"en": {"accreditation", "legitimacy", "qatar", "subprogramme", "sheet", "stock"},
         "ru": {"аккредитация", "легитимность", "катарский", "подпрограмма", "счетный", "сточный"}}


@pytest.mark.parametrize("word, spelt", [
    ("аккредитация", ("akkreditatsia", "akkreditation")),
    ("катарский", ("katarsky", "katar", "kataran")),
    ("подпрограмма", ("podprogramma", "subprogramma")),
    ("под", ("pod",)),  # a prefix alone is no loanword's
    ("мигрант", ("migrant",)),
])
def test_a_loanword_is_also_spelt_with_the_english_ending_and_prefix_of_its_kind(word, spelt):
    assert cognates.spellings(word) == spelt


@pytest.mark.parametrize("lang, word, cognate, score", [
    ("ru", "аккредитация", "accreditation", 0.15),  # -ация: -ation
    ("ru", "легитимность", "legitimacy", 0.1421),  # -ность: -cy
    ("ru", "катарский", "qatar", 0.15),  # -ский: a country's name
    ("ru", "подпрограмма", "subprogramme", 0.1364),  # под-: sub-
    ("en", "accreditation", "аккредитация", 0.15),
    ("en", "subprogramme", "подпрограмма", 0.1364),
])
def test_a_loanword_matches_the_word_of_its_english_spelling(lang, word, cognate, score):
    [c] = cognates.seeded(LEARNED, LOANS).candidates(lang, word)
    assert (c.key, c.score, c.source) == (cognate, score, cognates.COGNATE)


@pytest.mark.parametrize("lang, word", [("ru", "счетный"), ("ru", "сточный"), ("en", "sheet"), ("en", "stock")])
def test_a_short_loanword_spelling_matches_only_a_word_spelt_the_same(lang, word):
    assert cognates.seeded(LEARNED, LOANS).candidates(lang, word) == ()  # not schet: sheet, stoch: stock
