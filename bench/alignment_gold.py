"""Gold paragraph alignments of real bilingual UN texts, a seeded perturbation, and link scoring.

Shared by ``bench/align.py`` (the figures) and the test suite (the thresholds).
Gold is a set of ``(en_position, ru_position)`` pairs; a predicted m–n link
counts as all the pairs it makes.

- Charter: line *i* of the English file is the translation of line *i* of the
  Russian one for lines 1–449 (the importer makes one paragraph per non-blank line).
- UDHR: the articles' headings and paragraphs by article and order in it; the
  front matter as written out below.
- UNPC dev set: the line alignment (:func:`indexer.ingest.formats.unpc.line_links`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

from indexer.ingest import formats as parsing
from indexer.documents import Block, Document, assemble
from indexer.ingest.formats import lines, unpc

ROOT = Path(__file__).resolve().parents[1]
POOL = ROOT.parent / "shared" / "corpus-pool"
CHARTER = {"en": "un-charter/raw_un_charter_en.txt", "ru": "un-charter/raw_un_charter_ru.txt"}
CHARTER_ALIGNED_LINES = 449
UDHR = {"en": "udhr/udhr_eng.xml", "ru": "udhr/udhr_rus.xml"}
# The UDHR's front matter, by position: title, "Preamble", seven "Whereas" paragraphs,
# "The General Assembly", the proclamation.  The Russian note on the resolution (1) and
# the English "Now, therefore," (9) have no counterpart.
UDHR_FRONT = {(0, 0), (1, 2), *((k, k + 1) for k in range(2, 9)), (10, 10), (11, 11)}
UNPC_DEV = "unpc-v1.0-testsets/devset/UNv1.0.devset.ids"


@dataclass(frozen=True)
class Case:
    """Two language versions and their gold alignment."""

    name: str
    en: Document
    ru: Document
    gold: frozenset


def charter(pool: Path = POOL) -> Case:
    """The Charter of the United Nations, English and Russian, gold line by line."""
    docs = {lang: parsing.parse_path(pool / name)[0] for lang, name in CHARTER.items()}
    where = {lang: {n: pos for pos, n in enumerate(lines.line_numbers(pool / name))} for lang, name in CHARTER.items()}
    gold = {(where["en"][n], where["ru"][n]) for n in range(1, CHARTER_ALIGNED_LINES + 1)
            if n in where["en"] and n in where["ru"]}
    return Case("Charter", docs["en"], docs["ru"], frozenset(gold))


def udhr(pool: Path = POOL) -> Case:
    """The Universal Declaration of Human Rights, gold by article and paragraph number."""
    en, ru = (parsing.parse_path(pool / UDHR[lang])[0] for lang in ("en", "ru"))
    en_keys, ru_keys = _in_articles(en), _in_articles(ru)
    gold = {(position, ru_keys[key]) for key, position in en_keys.items() if key in ru_keys}
    return Case("UDHR", en, ru, frozenset(gold | UDHR_FRONT))


def _in_articles(doc: Document) -> dict[tuple[str, int], int]:
    """Return the positions of the paragraphs of the articles, by article and rank in it (the heading first)."""
    ranks: dict[str, int] = {}
    out = {}
    for p in doc.paragraphs:
        if (p.section or "").startswith("Article "):
            out[p.section, ranks.get(p.section, 0)] = p.position
            ranks[p.section] = ranks.get(p.section, 0) + 1
    return out


def unpc_dev(pool: Path = POOL) -> list[Case]:
    """The documents rebuilt from the UNPC dev set, each with its line alignment."""
    path = pool / UNPC_DEV
    docs = {d.doc_id: d for d in unpc.parse(path)}
    gold: dict[str, set] = {}
    for link in unpc.line_links(path):
        gold.setdefault(link.symbol, set()).add((link.en, link.ru))
    return [Case(symbol, docs[f"{symbol}@en"], docs[f"{symbol}@ru"], frozenset(pairs))
            for symbol, pairs in gold.items()]


# --- perturbation -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edits:
    """What :func:`perturb` does, as shares of the paragraphs of a document pair."""

    merge: float = 0.05  # a paragraph merged with the next one, on one side
    split: float = 0.05  # a paragraph split in two at a sentence end, on one side
    delete: float = 0.03  # a paragraph deleted on one side
    unnumber: float = 0.5  # paragraphs whose number is removed, on each side


@dataclass(frozen=True)
class _Item:
    block: Block
    origin: frozenset  # positions in the unperturbed version


_SENTENCE_END_RE = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZА-ЯЁ(«\"])")


def perturb(case: Case, seed: int, edits: Edits = Edits()) -> Case:
    """Return ``case`` with paragraphs merged, split, deleted and unnumbered at random (seeded), gold carried along."""
    rng = random.Random(seed)
    sides = {lang: [_Item(_block(p), frozenset({p.position})) for p in doc.paragraphs]
             for lang, doc in (("en", case.en), ("ru", case.ru))}
    total = len(case.en.paragraphs) + len(case.ru.paragraphs)
    operations = (["merge"] * round(edits.merge * total / 2) + ["split"] * round(edits.split * total / 2)
                  + ["delete"] * round(edits.delete * total / 2))
    rng.shuffle(operations)
    for operation in operations:
        items = sides[rng.choice(("en", "ru"))]
        k = rng.randrange(len(items))
        if operation == "merge" and k + 1 < len(items):
            a, b = items[k], items[k + 1]
            items[k:k + 2] = [_Item(replace(a.block, text=f"{a.block.text} {b.block.text}"), a.origin | b.origin)]
        elif operation == "split":
            pieces = _split(items[k].block.text)
            if pieces:
                first, second = pieces
                items[k:k + 1] = [_Item(replace(items[k].block, text=first), items[k].origin),
                                  _Item(replace(items[k].block, text=second, number=None), items[k].origin)]
        elif operation == "delete" and len(items) > 1:
            del items[k]
    for items in sides.values():
        for k, item in enumerate(items):
            if item.block.number and rng.random() < edits.unnumber:
                items[k] = _Item(replace(item.block, number=None), item.origin)
    en, ru = (assemble([item.block for item in sides[lang]], doc_id=doc.doc_id, lang=lang)
              for lang, doc in (("en", case.en), ("ru", case.ru)))
    gold = {(e, r) for e, en_item in enumerate(sides["en"]) for r, ru_item in enumerate(sides["ru"])
            if any((a, b) in case.gold for a in en_item.origin for b in ru_item.origin)}
    return Case(f"{case.name}, perturbed (seed {seed})", en, ru, frozenset(gold))


def _block(p) -> Block:
    return Block(p.text, kind=p.kind, number=p.number, section=p.section, lang=p.lang)


def _split(text: str) -> tuple[str, str] | None:
    """Split a paragraph at the sentence end nearest its middle; None if it has one sentence."""
    ends = [m for m in _SENTENCE_END_RE.finditer(text)]
    if not ends:
        return None
    middle = min(ends, key=lambda m: abs(m.start() - len(text) / 2))
    return text[:middle.start()], text[middle.end():]


def halves(text: str) -> tuple[str, str]:
    """Split a paragraph in two: at the sentence end nearest its middle, else at the comma or space nearest it."""
    split = _split(text)
    if split:
        return split
    cuts = [m.end() for m in re.finditer(r",\s", text)] or [m.end() for m in re.finditer(r"\s", text)]
    cut = min(cuts, key=lambda k: abs(k - len(text) / 2))
    return text[:cut].rstrip(), text[cut:]


# --- scoring --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of predicted link pairs against gold."""

    predicted: int
    gold: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.predicted + other.predicted, self.gold + other.gold, self.correct + other.correct)


def link_pairs(links) -> set[tuple[int, int]]:
    """Return the ``(en, ru)`` pairs that links make (an m–n link makes m × n pairs)."""
    return {(e, r) for link in links for e in link.en for r in link.ru}


def score(links, gold) -> Score:
    """Score links against gold pairs."""
    predicted = link_pairs(links)
    return Score(len(predicted), len(gold), len(predicted & set(gold)))
