"""English words a suffix away from one another (:mod:`analyzers.derivation`)."""

from __future__ import annotations

import pytest

from analyzers.derivation import relatives


@pytest.mark.parametrize("word, found", [
    ("assessment", ("assess",)),  # -ment off
    ("assess", ("assessment",)),  # and on
    ("performance", ("perform",)),
    ("assist", ("assistance",)),
    ("implementation", ("implement",)),
    ("elimination", ("eliminate",)),  # -ate: -ation
    ("organization", ("organize", "organizational")),  # -ize: -ization
    ("promotion", ("promote", "promotional")),
    ("sectoral", ("sector",)),  # a word LemmInflect lacks still gives the words it has
    ("conceptual", ("concept", "conceptually")),
    ("particular", ("particularly",)),
    ("specific", ("specification", "specifically")),  # -ic: -ically
    ("necessary", ("necessarily",)),  # -y: -ily
    ("generation", ("generate",)),  # one suffix only: not general
])
def test_the_words_one_suffix_away(word, found):
    assert relatives(word) == found


@pytest.mark.parametrize("word", ["goal", "act", "human rights", "covid-19", "Paris", ""])
def test_a_short_word_or_not_a_plain_lower_case_word_has_none(word):
    assert relatives(word) == ()
