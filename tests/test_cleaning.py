"""Line cleaning: the fast paths give what the full rules give, on real lines and on edge cases."""

from __future__ import annotations

import re

import pytest

from analyzers.scripts import TO_LATIN
from indexer.ingest import cleaning
from indexer.ingest.encoding import read_text
from indexer.symbols import SYMBOL_RE
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


def _squeezed(text: str) -> str:
    """Collapse spaces as :func:`cleaning.squeeze_spaces` does without its fast path."""
    return re.sub(r"[ \t]+", " ", text).strip()


@pytest.mark.parametrize("text, expected", [
    ("  The Conference  adopted\t\tthe report ", "The Conference adopted the report"),
    ("one space only", "one space only"),
    (" trimmed ", "trimmed"),
    ("a\tb", "a b"),
    ("\t", ""),
    ("", ""),
    ("line\nbreak  kept", "line\nbreak kept"),
    ("no\u00a0break  space", "no\u00a0break space"),
])
def test_squeeze_spaces(text, expected):
    assert cleaning.squeeze_spaces(text) == expected == _squeezed(text)


def _furniture(line: str) -> bool:
    """Tell furniture as :func:`cleaning.is_furniture` does with each pattern and the full symbol test."""
    stripped = _all_rules(line).strip()
    if not stripped:
        return False
    if any(p.match(stripped) for p in cleaning.FURNITURE_PATTERNS):
        return True
    return bool(SYMBOL_RE.fullmatch(stripped.translate(TO_LATIN).strip()))


@pytest.mark.parametrize("line, expected", [
    ("V.12-57118 (E) 201212 211212", True),
    ("12", True),
    ("Стр. 3", True),
    ("Page 14", True),
    ("- 3 -", True),
    ("3/45", True),
    ("CTOC/COP/2012/15", True),
    ("СТОС/СОР/2012/15", True),  # Cyrillic look-alike letters
    ("  A/70/6 (Sect. 28)  ", True),
    ("**CTOC/COP/2012/15**", True),
    ("CTOC/COP/2012/15 and A/70/1", False),
    ("In resolution 60/1, the Assembly", False),
    ("The Conference of the Parties", False),
    ("CTOC COP 2012 15", False),
    ("12345", False),
    ("", False),
    ("   ", False),
])
def test_is_furniture(line, expected):
    assert cleaning.is_furniture(line) == expected == _furniture(line)


def test_is_furniture_on_the_seed_lines():
    lines = _seed_lines()
    assert [cleaning.is_furniture(line) for line in lines] == [_furniture(line) for line in lines]
