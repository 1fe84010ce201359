"""Line cleaning: the fast paths give what the full rules give, on real lines and on edge cases."""

from __future__ import annotations

import pytest

from indexer import cleaning
from indexer.encoding import read_text
from tests.conftest import SEEDS


def _all_rules(text: str) -> str:
    """Apply every mark rule, as :func:`cleaning.strip_marks` does without its fast path."""
    for pattern, replacement in cleaning._MARK_RULES:
        text = pattern.sub(replacement, text)
    return text


def _seed_lines() -> list[str]:
    """Return the distinct lines of the seeds."""
    return sorted({line for seed in SEEDS for line in cleaning.normalize_newlines(read_text(seed)).split("\n")})


@pytest.mark.parametrize("text, expected", [
    ("The Conference of the Parties adopted", "The Conference of the Parties adopted"),
    ("Конференция участников Конвенции", "Конференция участников Конвенции"),
    ("", ""),
    ("*Reaffirms* its <i>decision</i>", "Reaffirms its decision"),
    ("<B>bold</B> and <br/>", "bold and "),
    ("a footnote^a and^{*} marks", "a footnote and marks"),
    ("**Recommendation 1**", "Recommendation 1"),
    ("Afghanistan* (0481)", "Afghanistan* (0481)"),
    ("costing \\$23,000 \\[sic\\]", "costing $23,000 [sic]"),
    ("imple\u00admen\u200btation\ufeff", "implementation"),
    ("15\u00a0000\u2007km\u202fof", "15 000 km of"),
    ("1 < 2 and 3 ^ 4", "1 < 2 and 3 ^ 4"),
])
def test_strip_marks(text, expected):
    assert cleaning.strip_marks(text) == expected == _all_rules(text)


@pytest.mark.parametrize("character", list(cleaning.MARK_CHARACTERS))
def test_every_mark_character_takes_the_rules(character):
    """A text with any one of the mark characters goes through the rules, not the fast path."""
    text = {"<": "a <i>b</i>", "^": "b^a", "*": "**c**", "\\": "\\$5"}.get(character, f"a{character}b")
    assert cleaning.strip_marks(text) == _all_rules(text) != text


def test_strip_marks_on_the_seed_lines():
    lines = _seed_lines()
    assert [cleaning.strip_marks(line) for line in lines] == [_all_rules(line) for line in lines]
