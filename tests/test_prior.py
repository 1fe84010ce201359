"""The general dictionary as a prior on the learned lexicon: rarity, weak candidates, confirmed ones."""

from __future__ import annotations

import pytest

from indexer.lexicon import dictionary
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
