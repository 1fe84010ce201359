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
])
def test_script_counts(text, cyrillic, latin, greek):
    assert script_counts(text) == {CYRILLIC: cyrillic, LATIN: latin, GREEK: greek}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=60))
def test_counts_agree_with_char_script_on_any_text(text):
    assert script_counts(text) == counted_letter_by_letter(text)


@pytest.mark.parametrize("text, script", [("Вена, 15-19 октября", CYRILLIC), ("UNODC", LATIN), ("2012", None)])
def test_dominant_script(text, script):
    assert dominant_script(text) == script
