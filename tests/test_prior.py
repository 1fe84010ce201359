"""The general dictionary as a prior on the learned lexicon: rarity, weak candidates, confirmed ones."""

from __future__ import annotations

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


def test_a_form_the_dictionary_does_not_give_goes_after_the_one_it_gives():
    learned = Lexicon(translations={"ru": {"влиять": [("affecting", 0.333, 4, CORPUS), ("affect", 0.075, 4, CORPUS)]},
                                    "en": {}})
    senses = prior.senses_of([("affect", "влиять", 0.1373)])
    found = prior.weighed(learned, senses, {"en": {"affect", "affecting"}, "ru": {"влиять"}})
    assert [(c.key, c.score, c.evidence) for c in found.candidates("ru", "влиять")] == [
        ("affect", 0.212, "corpus + dictionary"), ("affecting", 0.212, "corpus")]


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
