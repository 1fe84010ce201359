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
