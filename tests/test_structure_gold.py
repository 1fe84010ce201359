"""The index against the hand-written structure of seeds 002 and 003: number, kind and section of every paragraph."""

from __future__ import annotations

import pytest

from tests import structure_gold
from tests.indexes import records

SEED_DOCS = {"002": "CTOC/COP/2012/15@en", "003": "003_3ab3fca3f0fa6499@en"}
TARGET = 0.98


@pytest.fixture(scope="module")
def index_paragraphs(seed_index) -> dict:
    """The seeds' paragraphs as the index stores them, by seed, in position order."""
    rows = records(seed_index).values()
    return {seed: sorted((r for r in rows if r["doc_id"] == doc_id), key=lambda r: r["position"])
            for seed, doc_id in SEED_DOCS.items()}


@pytest.mark.parametrize("seed", sorted(SEED_DOCS))
def test_index_agrees_with_the_gold(index_paragraphs, seed):
    agreement = structure_gold.compare(structure_gold.read_gold(seed), index_paragraphs[seed])
    print(f"\nseed {seed}: {agreement.report()}")
    assert agreement.total >= {"002": 420, "003": 1030}[seed]  # every paragraph is in the comparison
    for name in structure_gold.FIELDS:
        assert agreement.share(name) >= TARGET, agreement.report()


# The comparison itself: a wrong field, a missing or an extra paragraph each cost what they should.
PARAGRAPHS = [
    {"position": 0, "text": "I. Organization", "kind": "heading", "number": "I", "section": None},
    {"position": 1, "text": "The session was opened.", "kind": "paragraph", "number": "1", "section": "I. Organization"},
    {"position": 2, "text": "President: A. B. (Kenya)", "kind": "item", "number": None, "section": "I. Organization"},
]
GOLD = """# a comment
0 h I | I. Organization
1 p 1 | The session was
1 i - | President: A. B.
"""


@pytest.mark.parametrize("gold, paragraphs, total, shares, difference", [
    (GOLD, PARAGRAPHS, 3, (1.0, 1.0, 1.0), None),
    (GOLD.replace("1 i - |", "1 h - |"), PARAGRAPHS, 3, (1.0, 2 / 3, 1.0), "kind 'item', not 'heading'"),
    (GOLD.replace("1 p 1 |", "0 p 1 |"), PARAGRAPHS, 3, (1.0, 1.0, 2 / 3), "section 'I. Organization', not None"),
    (GOLD.replace("1 p 1 |", "1 p 2 |"), PARAGRAPHS, 3, (2 / 3, 1.0, 1.0), "number '1', not '2'"),
    (GOLD, PARAGRAPHS[:1] + PARAGRAPHS[2:], 3, (2 / 3, 2 / 3, 2 / 3), "no paragraph starts 'The session was'"),
    (GOLD.replace("1 i - | President: A. B.\n", ""), PARAGRAPHS, 3, (2 / 3, 2 / 3, 2 / 3), "not in the gold"),
    (GOLD.replace("1 p 1 | The session was", "1 p 1 | The meeting was"), PARAGRAPHS, 4, (0.5, 0.5, 0.5),
     "no paragraph starts 'The meeting was'"),
])
def test_compare_counts_every_difference(gold, paragraphs, total, shares, difference):
    agreement = structure_gold.compare(structure_gold.parse_gold(gold), paragraphs)
    assert agreement.total == total
    assert tuple(agreement.share(name) for name in structure_gold.FIELDS) == pytest.approx(shares)
    assert (difference is None) == (not agreement.differences)
    if difference:
        assert any(difference in line for line in agreement.differences), agreement.differences


@pytest.mark.parametrize("gold, message", [
    ("0 h I I. Organization", "is not 'DEPTH KIND NUMBER | TEXT'"),
    ("0 x - | Something", "is not 'DEPTH KIND NUMBER | TEXT'"),
    ("2 p 1 | Too deep", "deeper than the headings above it"),
    ("- f - | A footnote without its section", "deeper than the headings above it"),
])
def test_a_malformed_gold_line_is_named(gold, message):
    with pytest.raises(ValueError, match=message):
        structure_gold.parse_gold(gold)


def test_a_footnote_line_may_give_its_section():
    [heading, note] = structure_gold.parse_gold("0 h I | I. Organization\n- f - | Ibid. @@ II. Other / A. Part\n")
    assert (heading.section, note.section, note.kind, note.text) == (None, "II. Other / A. Part", "footnote", "Ibid.")
