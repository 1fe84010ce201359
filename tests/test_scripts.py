"""Writing systems: letter counts per script agree with the letter-by-letter definition, on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers.scripts import CYRILLIC, GREEK, LATIN, char_script, dominant_script, script_counts


def counted_letter_by_letter(text: str) -> dict[str, int]:
    counts = {CYRILLIC: 0, LATIN: 0, GREEK: 0}
    for ch in text:
        script = char_script(ch)
        if script:
            counts[script] += 1
    return counts


@pytest.mark.parametrize("text, cyrillic, latin, greek", [
    ("Конференция участников", 21, 0, 0),
    ("СТОС/COP/2012/1", 4, 3, 0),
    ("Α. Resolutions", 0, 11, 1),
    ("Curaçao, Côte d’Ivoire, Ångström", 0, 26, 0),
    ("ﬁnance", 0, 6, 0),  # a ligature is a Latin letter
    ("5/3 — 12 %", 0, 0, 0),
    ("Вена, «15–19 октября» № 3", 11, 0, 0),  # punctuation of other scripts beside Cyrillic
    ("Ѐ Ӿ ӿ", 3, 0, 0),  # the ends of the two-byte Cyrillic range
    ("Ԁԯ Ա", 2, 0, 0),  # Cyrillic Supplement, then an Armenian letter (counted in no script)
    ("Ͱͻ\u037e ΐ ώ ϿΑ", 0, 0, 7),  # Greek and Coptic, both ends, and a Greek question mark
    ("Ѐ Ѐ", 2, 0, 0),  # a combining accent between Cyrillic letters
    ("Ελλάδα and Россия", 6, 3, 6),
    ("naïve ĳ \ud800 x", 0, 7, 0),  # a lone surrogate
    ("", 0, 0, 0),
])
def test_script_counts(text, cyrillic, latin, greek):
    assert script_counts(text) == {CYRILLIC: cyrillic, LATIN: latin, GREEK: greek} == counted_letter_by_letter(text)


@pytest.mark.parametrize("start, stop", [(0x0080, 0x0800), (0x0800, 0x3000), (0xD800, 0xE000), (0xFB00, 0x10000)])
def test_counts_agree_with_char_script_on_every_character(start, stop):
    for code in range(start, stop):
        for text in (chr(code), f"ab{chr(code)}Вена", f"Ж{chr(code)}Ω"):
            assert script_counts(text) == counted_letter_by_letter(text), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=60))
def test_counts_agree_with_char_script_on_any_text(text):
    assert script_counts(text) == counted_letter_by_letter(text)


@pytest.mark.parametrize("text, script", [("Вена, 15-19 октября", CYRILLIC), ("UNODC", LATIN), ("2012", None)])
def test_dominant_script(text, script):
    assert dominant_script(text) == script
