"""The hand-written structure of seeds 002 and 003 (``tests/data/structure_gold``) and its comparison with an index.

A gold file lists every paragraph of a seed as a reader sees it: depth in the
outline, kind, number and first words (the file's header explains the format).
:func:`compare` pairs the gold lines with the index's paragraphs in order, a
line with a paragraph whose text starts with the line's words (as many pairs as
can be); a line with no paragraph, or a paragraph with no line (a page-break
half left apart, two paragraphs run together), counts as wrong in every respect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "data" / "structure_gold"
KINDS = {"h": "heading", "p": "paragraph", "f": "footnote", "c": "contents", "i": "item", "r": "row"}
BAND = 400  # a gold line and its paragraph are at most this many places apart
FIELDS = ("number", "kind", "section")

_LINE_RE = re.compile(r"^(?P<depth>\d+|-) (?P<kind>[a-z]) (?P<number>[^|]+?) \| (?P<text>.+?)(?: @@ (?P<section>.+))?$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "’": "'"})


@dataclass(frozen=True)
class GoldLine:
    """One paragraph as the gold file gives it."""

    line: int
    kind: str
    number: str | None
    text: str
    section: str | None


def key(text: str | None) -> str:
    """Return text as compared: quotes made straight, spaces collapsed, case folded."""
    return " ".join((text or "").translate(_QUOTES).split()).casefold()


def parse_gold(text: str) -> list[GoldLine]:
    """Read a gold file's text; a malformed line raises ValueError naming it."""
    out: list[GoldLine] = []
    chain: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE_RE.match(line)
        if not match or match.group("kind") not in KINDS:
            raise ValueError(f"gold line {n} is not 'DEPTH KIND NUMBER | TEXT': {line!r}")
        kind, words = KINDS[match.group("kind")], match.group("text").strip()
        number = None if match.group("number") == "-" else match.group("number")
        if match.group("section"):
            section = match.group("section").strip()
        else:
            if match.group("depth") == "-" or int(match.group("depth")) > len(chain):
                raise ValueError(f"gold line {n} is deeper than the headings above it: {line!r}")
            depth = int(match.group("depth"))
            section = " / ".join(chain[:depth]) or None
            if kind == "heading":
                chain[depth:] = [words]
        out.append(GoldLine(n, kind, number, words, section))
    return out


def read_gold(seed: str) -> list[GoldLine]:
    """Return the gold lines of a seed ("002", "003")."""
    return parse_gold((GOLD / f"{seed}.txt").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Agreement:
    """How far an index agrees with a gold file: right counts per field, out of ``total``, and what differs."""

    total: int
    right: dict
    differences: tuple = field(default=())

    def share(self, name: str) -> float:
        """Return the share of paragraphs whose ``name`` (number, kind or section) is right."""
        return self.right[name] / self.total if self.total else 1.0

    def report(self) -> str:
        """Return the shares and the differences, one a line."""
        shares = ", ".join(f"{name} {self.share(name):.4f}" for name in FIELDS)
        return "\n".join([f"{self.total} paragraphs: {shares}", *self.differences])


def _short(value: str | None) -> str | None:
    """Return a section path shortened to its last two headings, for reading."""
    parts = (value or "").split(" / ")
    return value if len(parts) <= 2 else "… / " + " / ".join(part[:50] for part in parts[-2:])


def compare(gold: list[GoldLine], paragraphs: list[dict]) -> Agreement:
    """Compare the gold lines with a version's paragraphs (dicts with text, kind, number, section; in order)."""
    right = dict.fromkeys(FIELDS, 0)
    differences: list[str] = []
    pairs = align([key(line.text) for line in gold], [key(p["text"]) for p in paragraphs])
    paired_gold = {i for i, _ in pairs}
    paired_index = {j for _, j in pairs}
    for i, line in enumerate(gold):
        if i not in paired_gold:
            differences.append(f"line {line.line}: no paragraph starts {line.text[:60]!r}")
    for j, extra in enumerate(paragraphs):
        if j not in paired_index:
            differences.append(f"position {extra['position']}: not in the gold: {extra['text'][:60]!r}")
    for i, j in pairs:
        line, got = gold[i], paragraphs[j]
        wrong = []
        for name, want in (("number", line.number), ("kind", line.kind), ("section", line.section)):
            have = got.get(name) or None
            if key(have) == key(want):
                right[name] += 1
            else:
                wrong.append(f"{name} {_short(have)!r}, not {_short(want)!r}")
        if wrong:
            differences.append(f"line {line.line} (position {got['position']}): " + "; ".join(wrong))
    total = len(gold) + len(paragraphs) - len(pairs)
    return Agreement(total, right, tuple(differences))


def align(prefixes: list[str], texts: list[str], band: int = BAND) -> list[tuple[int, int]]:
    """Pair gold lines with paragraphs in order, as many as can be: a line pairs with a text it starts.

    The longest common subsequence under that match, within ``band`` places of the diagonal.
    """
    n, m = len(prefixes), len(texts)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(min(m, i + band) - 1, max(0, i - band) - 1, -1):
            if texts[j].startswith(prefixes[i]):
                row[j] = below[j + 1] + 1
            else:
                row[j] = max(below[j], row[j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if texts[j].startswith(prefixes[i]) and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs
