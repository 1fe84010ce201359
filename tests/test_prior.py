"""The general dictionary as a prior on the learned lexicon: rarity, weak candidates, confirmed ones."""

from __future__ import annotations

import gc

import pytest

from indexer.lexicon import dictionary, prior
from indexer.lexicon.model import CORPUS, Lexicon
from tests.test_dictionary import small  # noqa: F401 (fixture)


@pytest.mark.parametrize("share, score", [(0.0, 0.2), (0.01, 0.2), (0.02, 0.2), (0.04, 0.05), (0.16, None)])
def test_a_dictionary_sense_loses_weight_as_its_word_grows_frequent(small, share, score):
    vocabulary = {"en": {}, "ru": {"влияние": share}}
    found = dictionary.seeded(Lexicon(), small, vocabulary).candidates("en", "influence")
    assert [c.score for c in found if c.key == "влияние"] == ([score] if score is not None else [])


def test_weak_learned_candidates_go_after_confirmed_ones(small):
    learned = Lexicon(translations={"en": {"implementation": [("государство", 0.667, 1, CORPUS),
                                                              ("осуществление", 0.1, 1, CORPUS)]}, "ru": {}})
    vocabulary = {"en": {"implementation"}, "ru": {"государство", "осуществление"}}
    seeded = dictionary.seeded(learned, small, vocabulary)
    assert [(c.key, c.score, c.weak) for c in seeded.candidates("en", "implementation")] == [
        ("осуществление", 0.3, False), ("государство", 0.133, True)]
    alone = dictionary.seeded(learned, None, vocabulary)
    assert [(c.key, c.score, c.weak) for c in alone.candidates("en", "implementation")] == [
        ("государство", 0.133, True), ("осуществление", 0.02, True)]


def test_a_closed_spelling_in_the_dictionary_confirms_the_hyphenated_word():
    learned = Lexicon(units={"en": {"self-defence": (3, "self-defence")}, "ru": {"самооборона": (3, "самооборона")}},
                      translations={"en": {}, "ru": {"самооборона": [("self-defence", 0.4, 3, CORPUS)]}})
    senses = prior.senses_of([("selfdefence", "самооборона", 0.2)])  # as Mueller writes it
    found = prior.weighed(learned, senses, {"en": {"selfdefence": 0.001}, "ru": {"самооборона": 0.001}})
    assert [(c.key, c.score, c.evidence) for c in found.candidates("ru", "самооборона")] == [
        ("self-defence", 1.0, "corpus + dictionary")]
    assert [c.key for c in found.candidates("en", "self-defence")] == ["самооборона"]


def test_the_senses_kept_for_searches_are_left_to_the_cycle_collector_once_seen(small):
    senses = prior.senses_of(small.pairs)
    gc.collect()
    gc.collect()  # a tuple is left out by the collection after the one that left out its items
    assert senses["en"]["implementation"] == (("осуществление", 0.2), ("выполнение", 0.17))
    assert sum(len(table) for table in senses.values()) > 10
    assert [rows for table in senses.values() for rows in table.values() if gc.is_tracked(rows)] == []
    assert small.translations("en", "implementation") == [("осуществление", 0.2), ("выполнение", 0.17)]
    assert small.translations("en", "nothing") == []


@pytest.mark.parametrize("word, learned, sense, expected", [
    # a form the dictionary does not give goes after the one it gives
    ("влиять", [("affecting", 0.333, 4, CORPUS), ("affect", 0.075, 4, CORPUS)], ("affect", "влиять", 0.1373),
     [("affect", 0.212, "corpus + dictionary"), ("affecting", 0.212, "corpus")]),
    # unless it is seen in far more pairs: a spelling of the corpus (programme), not a form
    ("программа", [("programme", 0.828, 99, CORPUS), ("program", 0.05, 4, CORPUS)], ("program", "программа", 0.2),
     [("programme", 0.828, "corpus"), ("program", 0.25, "corpus + dictionary")]),
])
def test_a_form_the_dictionary_does_not_give_goes_after_the_one_it_gives(word, learned, sense, expected):
    lexicon = Lexicon(translations={"ru": {word: learned}, "en": {}})
    found = prior.weighed(lexicon, prior.senses_of([sense]), {"en": {row[0] for row in learned}, "ru": {word}})
    assert [(c.key, c.score, c.evidence) for c in found.candidates("ru", word)] == expected


# The company of a formula: "Everyone has the right" - "Каждый человек имеет право" ("has" is no unit), as the
# Charter and the UDHR teach it (scores as learned, rounded).
FORMULA = Lexicon(translations={
    "en": {"right": [("право", 1.0, 59, CORPUS), ("человек", 0.229, 44, CORPUS), ("иметь", 0.107, 33, CORPUS)],
           "everyone": [("человек", 0.216, 30, CORPUS), ("каждый человек", 0.951, 29, CORPUS),
                        ("иметь", 0.213, 28, CORPUS)],
           "human": [("человек", 0.287, 16, CORPUS)]},
    "ru": {"право": [("right", 1.0, 59, CORPUS), ("law", 0.178, 11, CORPUS)],
           "человек": [("human", 0.287, 16, CORPUS), ("everyone", 0.216, 30, CORPUS), ("his", 0.045, 13, CORPUS)],
           "каждый человек": [("everyone", 0.951, 29, CORPUS)],
           "иметь": [("everyone", 0.691, 28, CORPUS), ("right", 0.107, 33, CORPUS)]}})
FORMULA_TERMS = {"en": {"right": 0.01, "everyone": 0.01, "human": 0.01, "law": 0.01, "own": 0.001},
                 "ru": {"право": 0.01, "человек": 0.01, "каждый": 0.01, "иметь": 0.01}}


def formula(senses=None) -> dict:
    """Return the candidates of each unit of :data:`FORMULA` weighed against ``senses`` (English, Russian, weight;
    None: no dictionary)."""
    found = prior.weighed(FORMULA, None if senses is None else prior.senses_of(senses), FORMULA_TERMS)
    return {(lang, key): [c.key for c in found.candidates(lang, key)]
            for lang, table in found.translations.items() for key in table}


DICTIONARY = [("own", "иметь", 0.153), ("law", "право", 0.2)]


def test_a_later_candidate_that_does_not_rank_the_word_among_its_own_is_left_out():
    found = formula(DICTIONARY)
    assert found["en", "right"] == ["право"]  # человек ranks right after human and everyone; иметь has none left
    assert formula()["en", "right"] == ["право", "человек", "иметь"]  # without a dictionary all are kept
    assert found["ru", "право"] == ["right", "law"]  # law has no candidates of its own: nothing says otherwise
    assert found["ru", "человек"] == ["human", "everyone", "his"]  # everyone ranks человек first; his has none


def test_a_candidate_the_dictionary_does_not_give_and_another_unit_translates_better_is_left_out():
    found = formula(DICTIONARY)
    assert found["ru", "иметь"] == ["own"]  # everyone is каждый человек
    assert found["en", "everyone"] == ["каждый человек", "человек"]  # no longer иметь (by score)
    assert formula()["ru", "иметь"][0] == "everyone"  # without the dictionary's word for it, nothing is better


# A word and a unit of several words with it in it, with the pairs each occurs in: ``человек`` stands in 234
# pairs, 30 of them in ``каждый человек`` (Everyone), 110 in ``право человек`` (human rights); ``повестка`` in 86,
# 85 of them in ``повестка день`` (agenda).
UNITS = Lexicon(
    units={"ru": {"человек": (234, "человек"), "каждый человек": (30, "каждый человек"), "повестка": (86, "повестка"),
                  "повестка день": (85, "повестка дня"), "право человек": (110, "права человека")},
           "en": {"everyone": (30, "everyone"), "human": (165, "human"), "agenda": (85, "agenda")}},
    translations={"ru": {"человек": [("human", 0.31, 16, CORPUS), ("everyone", 0.235, 30, CORPUS)],
                         "каждый человек": [("everyone", 0.951, 29, CORPUS)],
                         "повестка": [("agenda", 0.955, 85, CORPUS)],
                         "повестка день": [("agenda", 0.96, 85, CORPUS)]},
                  "en": {"everyone": [("каждый человек", 0.951, 29, CORPUS), ("человек", 0.235, 30, CORPUS)],
                         "human": [("право человек", 0.769, 105, CORPUS), ("человек", 0.469, 125, CORPUS)],
                         "agenda": [("повестка день", 0.96, 85, CORPUS), ("повестка", 0.955, 85, CORPUS)]}})
UNITS_TERMS = {"en": {"everyone": 0.01, "human": 0.01, "agenda": 0.01},
               "ru": {"человек": 0.01, "каждый": 0.01, "повестка": 0.01, "день": 0.01}}


@pytest.mark.parametrize("unit_share, expected", [
    (0.8, {("ru", "человек"): ["human"], ("en", "everyone"): ["каждый человек"]}),
    (1.0, {("ru", "человек"): ["human", "everyone"], ("en", "everyone"): ["каждый человек", "человек"]}),
])
def test_a_candidate_a_unit_with_the_word_in_it_explains_is_left_out(unit_share, expected):
    found = prior.weighed(UNITS, None, UNITS_TERMS, prior=prior.Prior(unit_share=unit_share))
    assert {key: [c.key for c in found.candidates(*key)] for key in expected} == expected


def test_a_word_hardly_ever_without_its_unit_keeps_the_units_translation():
    found = prior.weighed(UNITS, None, UNITS_TERMS)
    assert [c.key for c in found.candidates("ru", "повестка")] == ["agenda"]  # 85 of its 86 pairs: the unit's
    assert [c.key for c in found.candidates("en", "agenda")] == ["повестка день", "повестка"]  # as many pairs
    assert [c.key for c in found.candidates("en", "human")] == ["право человек", "человек"]  # человек is human first



# ``мероприятие`` (events, activities) and ``деятельность`` (activity) both translate ``activity``, in pairs of their
# own: as learned from half the UNPC dev set, activity stands in 78 pairs, 51 with деятельность and 19 with
# мероприятие; the dictionary gives activity ``деятельность`` and мероприятие ``measure``.
ACTIVITIES = Lexicon(
    units={"ru": {"мероприятие": (40, "мероприятия"), "деятельность": (82, "деятельность")},
           "en": {"activity": (78, "activities"), "measure": (60, "measures")}},
    translations={"ru": {"мероприятие": [("activity", 0.319, 19, CORPUS)],
                         "деятельность": [("activity", 0.551, 51, CORPUS)]},
                  "en": {"activity": [("деятельность", 0.551, 51, CORPUS), ("мероприятие", 0.21, 19, CORPUS)]}})
ACTIVITIES_TERMS = {"en": {"activity": 0.01, "measure": 0.01}, "ru": {"мероприятие": 0.01, "деятельность": 0.01}}
ACTIVITIES_SENSES = [("activity", "деятельность", 0.2), ("measure", "мероприятие", 0.048)]


@pytest.mark.parametrize("pairs, expected", [
    (78, ["activity", "measure"]),  # 19 + 51 pairs of 78: at most 0 shared, деятельность explains none of the 19
    (60, ["measure"]),  # at least 10 of the 19 shared: деятельность may be why activity is there
])
def test_a_candidate_another_unit_translates_in_other_pairs_translates_the_word_too(pairs, expected):
    units = {**ACTIVITIES.units, "en": {**ACTIVITIES.units["en"], "activity": (pairs, "activities")}}
    lexicon = Lexicon(units=units, translations=ACTIVITIES.translations)
    found = prior.weighed(lexicon, prior.senses_of(ACTIVITIES_SENSES), ACTIVITIES_TERMS)
    assert [c.key for c in found.candidates("ru", "мероприятие")] == expected
