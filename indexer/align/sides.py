"""What the paragraph aligner reads of one language version, as arrays: lengths, numbers, kinds, anchor tokens."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.align.anchors import anchor_tokens


@dataclass(frozen=True)
class Side:
    """What the aligner reads of one version, as arrays: lengths, numbers, kinds, anchors."""

    cumulative: np.ndarray  # cumulative[i] = characters in paragraphs [0, i)
    numbers: np.ndarray  # a code per paragraph number (0: none); equal codes, equal numbers
    kinds: np.ndarray  # a code per kind
    anchors: tuple[frozenset, ...]
    anchor_counts: np.ndarray  # [1, i]: anchors of paragraph i-1; [2, i]: of paragraphs i-2 and i-1 together

    @property
    def size(self) -> int:
        return len(self.anchors)


def number_key(number: str | None) -> str | None:
    """Return a paragraph number as both languages write it: ``(a)`` → ``a``, ``1.`` → ``1``.

    >>> number_key("(a)"), number_key("12."), number_key(None)
    ('a', '12', None)
    """
    if not number:
        return None
    key = number.strip().strip("().").lower()
    return key or None


def _codes(values, table: dict) -> np.ndarray:
    """Return an integer code per value, shared through ``table``; None is 0."""
    return np.array([0 if v is None else table.setdefault(v, len(table) + 1) for v in values], dtype=np.int64)


def read_side(paragraphs, numbers: dict, kinds: dict, latin_vocabulary=None, words=None) -> Side:
    """Read one version; ``words``, when given, are the Latin words of each paragraph, found already."""
    lengths = [len(p.text) for p in paragraphs]
    words = words or [None] * len(paragraphs)
    anchors = tuple(anchor_tokens(p.text, latin_vocabulary, words=w) for p, w in zip(paragraphs, words))
    counts = np.zeros((3, len(anchors) + 1), dtype=np.int64)
    for i in range(1, len(anchors) + 1):
        counts[1, i] = len(anchors[i - 1])
        counts[2, i] = len(anchors[i - 1] | anchors[i - 2]) if i >= 2 else 0
    return Side(
        cumulative=np.concatenate(([0], np.cumsum(lengths, dtype=np.float64))),
        numbers=_codes((number_key(p.number) for p in paragraphs), numbers),
        kinds=_codes((p.kind for p in paragraphs), kinds),
        anchors=anchors,
        anchor_counts=counts,
    )
