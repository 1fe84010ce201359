"""Paragraph links made mutual: a version written alone reads the links its counterpart stores."""

from __future__ import annotations

import pytest

from indexer.align.counterparts import symmetric

CASES = [
    # (stored links: id → (counterpart ids, confidence), as readers see them)
    ("both sides store: as they are",
     {"e1": (("r1",), 0.9), "r1": (("e1",), 0.9)},
     {"e1": (("r1",), 0.9), "r1": (("e1",), 0.9)}),
    ("one to one, stored by the Russian side",
     {"e1": ((), 0.0), "r1": (("e1",), 0.9)},
     {"e1": (("r1",), 0.9), "r1": (("e1",), 0.9)}),
    ("one English paragraph to two Russian ones, in their order",
     {"e1": ((), 0.0), "r1": (("e1",), 0.7), "r2": (("e1",), 0.7)},
     {"e1": (("r1", "r2"), 0.7), "r1": (("e1",), 0.7), "r2": (("e1",), 0.7)}),
    ("two English paragraphs to one Russian one",
     {"e1": ((), 0.0), "e2": ((), 0.0), "r1": (("e1", "e2"), 0.8)},
     {"e1": (("r1",), 0.8), "e2": (("r1",), 0.8), "r1": (("e1", "e2"), 0.8)}),
    ("a paragraph that stores links keeps them (no stale additions)",
     {"e1": (("r9",), 0.5), "r1": (("e1",), 0.9)},
     {"e1": (("r9",), 0.5), "r1": (("e1",), 0.9)}),
    ("a link to a paragraph no longer there adds nothing",
     {"r1": (("e1",), 0.9)},
     {"r1": (("e1",), 0.9)}),
    ("unaligned paragraphs stay unaligned",
     {"e1": ((), 0.0), "r1": ((), 0.0)},
     {"e1": ((), 0.0), "r1": ((), 0.0)}),
]


@pytest.mark.parametrize("stored, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_links_stored_on_one_side_are_read_both_ways(stored, expected):
    assert symmetric(stored) == expected
