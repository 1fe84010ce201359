"""Headings: the sentence-like paragraphs turned away before folding are those folding would turn away."""

from __future__ import annotations

import pytest

from indexer.ingest import structure


def _heading_folded_first(text: str):
    """Tell a heading as :func:`structure.heading_of` does, folding the first word before any check."""
    text = structure.fold_marker(text.strip())
    if len(text) > structure.MAX_HEADING_CHARS or text.endswith((".", ";", ",", ":")) and not structure._bare(text):
        return None
    for pattern, level in structure.HEADING_RULES:
        match = pattern.match(text)
        if match:
            return level, (match.group(1) or None) if match.groups() else None
    return None


@pytest.mark.parametrize("text, expected", [
    ("Α. Resolutions", (20, "A")),  # a Greek Alpha
    ("ΧΙ. Other matters", (10, "XI")),  # Greek Chi and Iota
    ("  I. Resolutions and decisions  ", (10, "I")),
    ("Annex I.", (35, "I")),  # bare: a final dot is allowed
    ("Приложение.", (35, None)),
    ("Annex", (35, None)),
    ("Resolution 6/1", (30, "6/1")),
    ("Статья 12", None),  # folding the six-letter word to Latin look-alikes spoils it
    ("A. The Conference adopted the report.", None),
    ("I. Resolutions and decisions;", None),
    ("Α" * 3 + ". " + "x" * 300, None),  # too long
    ("A. " + "x" * 247, (20, "A")),  # just short enough
    ("A. " + "x" * 248, None),
    ("Chapter IV", (10, "IV")),
    ("1. The Conference", None),
    ("", None),
])
def test_heading_of(text, expected):
    assert structure.heading_of(text) == expected == _heading_folded_first(text)
