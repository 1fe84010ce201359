"""Anchor tokens: numbers as both languages agree on them, Latin words, and what a vocabulary keeps."""

from __future__ import annotations

import pytest

from indexer.align.anchors import anchor_tokens, latin_words, numbers


@pytest.mark.parametrize("text, expected", [
    ("В 2012 году 1 000 мигрантов (1,5 процента)", {"1.5", "1000", "2012"}),
    ("In 2012, 1,000 migrants (1.5 per cent)", {"1.5", "1000", "2012"}),
    ("1,000,000 and 12 345 678 and 1\u00a0000 and 1\u202f000", {"1000", "1000000", "12345678"}),
    ("resolution 6/1 and 60/1/2", {"6/1", "60/1/2"}),
    ("2012/15", {"2012/15"}),
    ("1,0000 and 1,000,", {"1.0000", "1000"}),  # not grouped by thousands; a trailing comma
    ("1 0000 and 123 4567", {"0000", "1", "123", "4567"}),  # groups of other than three digits
    ("12\u00a0345,5", {"12345"}),
    ("version 1.2.3. and 12.", {"1.2.3", "12"}),
    (".5 and ,5 and /5 and 5.", {"5"}),  # a number's tail after a separator is not a number
    ("x12 and A12b and 12x", {"12"}),
    ("1,5,", {"1.5"}),
    ("(a) 3, 4 and 5", {"3", "4", "5"}),
    ("no digits", set()),
    ("", set()),
])
def test_numbers(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("См. www.unodc.org и UNODC, а также Office on Drugs", {"www", "unodc", "org", "office", "on", "drugs"}),
    ("Вес и мир", set()),  # Cyrillic letters that look Latin are not Latin
    ("UNODC и unodc", {"unodc"}),
    ("см. CTOC/COP/2012/15 и UNODC", {"unodc"}),  # a symbol's parts are not words
    ("a b x-ray don't", {"x-ray", "don't"}),  # one letter is not a word
    ("", set()),
])
def test_latin_words(text, expected):
    assert latin_words(text) == expected


ENGLISH = "In 2012, 1,000 officers of UNODC met in Vienna (see CTOC/COP/2012/15)."


@pytest.mark.parametrize("vocabulary, words, expected", [
    (None, None, {"2012", "1000", "ctoc/cop/2012/15", "in", "officers", "of", "unodc", "met", "vienna", "see"}),
    (frozenset({"unodc", "wfp"}), None, {"2012", "1000", "ctoc/cop/2012/15", "unodc"}),
    (frozenset(), None, {"2012", "1000", "ctoc/cop/2012/15"}),  # an empty vocabulary keeps no word
    (frozenset({"unodc"}), latin_words(ENGLISH), {"2012", "1000", "ctoc/cop/2012/15", "unodc"}),  # words given
    (None, {"vienna"}, {"2012", "1000", "ctoc/cop/2012/15", "vienna"}),  # the words given are the words taken
])
def test_anchor_tokens(vocabulary, words, expected):
    given = None if words is None else set(words)
    assert anchor_tokens(ENGLISH, vocabulary, words=given) == expected
    assert given is None or given == words  # the words given are not changed
