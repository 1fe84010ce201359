"""Linking the language versions of one document: by symbol, else by content above a threshold.

Versions with the same normalized symbol (see :func:`indexer.symbols.symbol_key`)
are one document.  A version without a symbol (or whose symbol has no version
in the other language) is compared by content with the candidates in the other
language: the numbers it contains (years, article and paragraph numbers, sums),
the symbols it cites, its paragraph count and its length.  Among many such
versions, each is compared only with the likeliest candidates (those sharing
its rarest numbers), so linking stays fast on large collections.  A pair is linked only
when its score reaches :data:`LINK_THRESHOLD`, each version at most once, best
pairs first; every decision is reported.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from indexer.documents import PARAGRAPH, Document
from indexer.symbols import find_symbols, symbol_key

LINK_THRESHOLD = 0.6
RU_EN_LENGTH_RATIO = 1.15  # Russian UN text is about this much longer than English, in characters
WEIGHTS = {"numbers": 0.5, "count": 0.2, "length": 0.15, "symbols": 0.15}
ALL_PAIRS = 10_000  # up to this many pairs of versions, every pair is scored
CANDIDATES = 10  # beyond that, each version is scored against this many of the other language
_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[/.,]\d+)*(?![\w])")


@dataclass(frozen=True)
class Version:
    """One language version of a document group."""

    doc_id: str
    lang: str


@dataclass(frozen=True)
class VersionLink:
    """A decision about a pair of versions: linked or not, why, and how sure."""

    en: str
    ru: str
    score: float
    linked: bool
    how: str  # "symbol" or "content"
    why: str = ""  # what the content score is made of (:func:`explain`)

    def describe(self) -> str:
        """Return a line for the build summary."""
        if self.how == "symbol":
            return f"linked {self.en} <-> {self.ru} by symbol"
        verdict = "linked" if self.linked else "not linked"
        why = f": {self.why}" if self.why else ""
        return (f"{verdict} {self.en} <-> {self.ru} by content (score {self.score:.2f}, threshold {LINK_THRESHOLD}"
                f"{why})")


@dataclass(frozen=True)
class Fingerprint:
    """What content linking compares: numbers, cited symbols, paragraph count, length."""

    numbers: tuple
    symbols: frozenset
    paragraphs: int
    chars: int


def fingerprint(doc: Document) -> Fingerprint:
    """Return the content fingerprint of a document."""
    return fingerprint_of((p.text, p.kind) for p in doc.paragraphs)


def fingerprint_of(paragraphs) -> Fingerprint:
    """Return the content fingerprint of a version's paragraphs, given as ``(text, kind)`` pairs."""
    numbers: list[str] = []
    symbols: set = set()
    count = chars = 0
    for text, kind in paragraphs:
        numbers.extend(n for n in (m.replace(",", "") for m in _NUMBER_RE.findall(text)) if len(n) > 1)
        symbols.update(symbol_key(s) for s in find_symbols(text))
        if kind == PARAGRAPH:
            count += 1
        chars += len(text)
    return Fingerprint(tuple(numbers), frozenset(symbols), count, chars)


def _sequence_similarity(a: tuple, b: tuple) -> float:
    """Return how much of two number sequences agree in order (translations keep the order)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def score_parts(en: Fingerprint, ru: Fingerprint) -> dict[str, float]:
    """Return what the content score is made of, each from 0 to 1: numbers in order, paragraph count, length, symbols.

    ``symbols`` is left out when neither version cites one.
    """
    counts = min(en.paragraphs, ru.paragraphs) / max(en.paragraphs, ru.paragraphs, 1)
    if en.chars and ru.chars:
        ratio = ru.chars / en.chars / RU_EN_LENGTH_RATIO
        length = math.exp(-2 * abs(math.log(ratio)))
    else:
        length = 0.0
    parts = {"numbers": _sequence_similarity(en.numbers, ru.numbers), "count": counts, "length": length}
    if en.symbols or ru.symbols:
        union = en.symbols | ru.symbols
        parts["symbols"] = len(en.symbols & ru.symbols) / len(union)
    return parts


def content_score(en: Fingerprint, ru: Fingerprint) -> float:
    """Return how likely two versions are translations of each other, from 0 to 1: the weighted mean of the parts."""
    return weighted(score_parts(en, ru))


def weighted(parts: dict[str, float]) -> float:
    """Return the weighted mean of the parts of a content score."""
    return sum(WEIGHTS[k] * parts[k] for k in parts) / sum(WEIGHTS[k] for k in parts)


def explain(parts: dict[str, float]) -> str:
    """Return the parts of a content score as a reader checks them.

    >>> explain({"numbers": 0.9, "count": 1.0, "length": 0.8})
    'numbers 0.90 x 0.5, paragraph count 1.00 x 0.2, length 0.80 x 0.15'
    """
    names = {"count": "paragraph count", "symbols": "cited symbols"}
    return ", ".join(f"{names.get(k, k)} {v:.2f} x {WEIGHTS[k]:g}" for k, v in parts.items())


def _distinctive(numbers) -> set[str]:
    """Return the numbers of a fingerprint that say something about the document (not 1, 2, 3 …)."""
    return {n for n in numbers if len(n) > 2 or not n.isdigit()}


def candidate_pairs(english: list[Document], russian: list[Document], prints: dict) -> list[tuple]:
    """Return the pairs of versions worth scoring: every pair while there are few, else the likeliest.

    With many documents on each side, scoring every pair costs their product;
    a translation shares most of its distinctive numbers (years, sums,
    resolution numbers) with the original, so each document is compared only
    with the :data:`CANDIDATES` versions of the other language that share the
    most of them, weighted by how rare each number is.
    """
    if len(english) * len(russian) <= ALL_PAIRS:
        return [(en, ru) for en in english for ru in russian]
    index: dict[str, list[int]] = {}
    for k, ru in enumerate(russian):
        for number in _distinctive(prints[ru.doc_id].numbers):
            index.setdefault(number, []).append(k)
    weight = {number: math.log(1 + len(russian) / len(holders)) for number, holders in index.items()}
    pairs: set[tuple[int, int]] = set()
    best_for_ru: dict[int, list[tuple[float, int]]] = {}
    for e, en in enumerate(english):
        shared: dict[int, float] = {}
        for number in _distinctive(prints[en.doc_id].numbers):
            for k in index.get(number, ()):
                shared[k] = shared.get(k, 0.0) + weight[number]
        top = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
        pairs.update((e, k) for k, _ in top)
        for k, w in shared.items():
            best_for_ru.setdefault(k, []).append((w, e))
    for k, found in best_for_ru.items():
        pairs.update((e, k) for _, e in sorted(found, key=lambda we: (-we[0], we[1]))[:CANDIDATES])
    return [(english[e], russian[k]) for e, k in sorted(pairs)]


def link_versions(documents: list[Document]) -> tuple[dict[str, list[Document]], list[VersionLink]]:
    """Group documents into linked language versions; return the groups and the decisions.

    Groups are keyed by symbol key, or by ``doc:<doc_id>`` for a document linked
    by content or not linked at all.
    """
    groups: dict[str, list[Document]] = {}
    key_of: dict[str, str] = {}
    decisions: list[VersionLink] = []
    for doc in documents:
        key = (symbol_key(doc.symbol) if doc.symbol else None) or f"doc:{doc.doc_id}"
        groups.setdefault(key, []).append(doc)
        key_of[doc.doc_id] = key
    for group in groups.values():
        by_lang = {d.lang: d for d in group}
        if "en" in by_lang and "ru" in by_lang and by_lang["en"].symbol:
            decisions.append(VersionLink(by_lang["en"].doc_id, by_lang["ru"].doc_id, 1.0, True, "symbol"))
    lonely = {lang: [g[0] for g in groups.values() if len(g) == 1 and g[0].lang == lang] for lang in ("en", "ru")}
    prints = {d.doc_id: fingerprint(d) for lang in lonely for d in lonely[lang]}
    candidates = []
    for en, ru in candidate_pairs(lonely["en"], lonely["ru"], prints):
        if en.symbol and ru.symbol:
            continue  # both have symbols and they differ: not versions of one document
        candidates.append((content_score(prints[en.doc_id], prints[ru.doc_id]), en, ru))
    candidates.sort(key=lambda c: (-c[0], c[1].doc_id, c[2].doc_id))
    taken: set[str] = set()
    for score, en, ru in candidates:
        if en.doc_id in taken or ru.doc_id in taken:
            continue
        linked = score >= LINK_THRESHOLD
        if linked:
            taken.update((en.doc_id, ru.doc_id))
            en_key, ru_key = key_of[en.doc_id], key_of[ru.doc_id]
            keep, drop = (ru_key, en_key) if en_key.startswith("doc:") and not ru_key.startswith("doc:") else (en_key, ru_key)
            groups[keep].extend(groups.pop(drop))
        if linked or score >= LINK_THRESHOLD / 2:
            why = explain(score_parts(prints[en.doc_id], prints[ru.doc_id]))
            decisions.append(VersionLink(en.doc_id, ru.doc_id, round(score, 3), linked, "content", why))
    return groups, decisions
