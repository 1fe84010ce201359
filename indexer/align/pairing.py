"""Pairing the paragraphs of linked language versions, as the index stores them.

For each document group with an English and a Russian version, the aligner
(:mod:`indexer.align.aligner`) links their paragraphs; each paragraph then carries the
ids of its counterparts and the link's confidence, so that a hit's counterpart
is one lookup away.  Versions read from one translation memory are aligned
already, unit by unit, and versions that number every paragraph alike (the SDG
indicators) pair by number: both are paired by position, with full confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer import parallel
from indexer.align.aligner import Link, align
from indexer.documents import Document

ALIGNED_FORMATS = ("tmx",)  # formats whose language versions come paired paragraph by paragraph


@dataclass(frozen=True)
class Counterparts:
    """The paragraphs of the other language linked to one paragraph, with the link's confidence."""

    ids: tuple[str, ...]
    confidence: float


def given_alignment(en: Document, ru: Document) -> bool:
    """Tell whether two versions come aligned from their source (one translation memory, unit by unit)."""
    return (en.fmt == ru.fmt and en.fmt in ALIGNED_FORMATS and en.source == ru.source
            and len(en.paragraphs) == len(ru.paragraphs))


def same_numbering(en: Document, ru: Document) -> bool:
    """Tell whether two versions number every paragraph, with the same numbers in the same order (the SDG lists).

    Such versions pair by number: a number says more than any length, however
    much longer one translation of an indicator is than the other.
    """
    numbers = [p.number for p in en.paragraphs]
    return (len(numbers) > 1 and None not in numbers and len(set(numbers)) == len(numbers)
            and numbers == [p.number for p in ru.paragraphs])


def links_of(en: Document, ru: Document) -> list[Link]:
    """Return the paragraph links of two versions: as their source gives them, by number, else by the aligner."""
    if given_alignment(en, ru) or same_numbering(en, ru):
        return [Link((i,), (i,), 1.0) for i in range(len(en.paragraphs))]
    return align(en.paragraphs, ru.paragraphs)


def pair_group(en: Document, ru: Document) -> dict[str, Counterparts]:
    """Align two versions and return, per paragraph id, its counterparts in the other version."""
    return counterparts(linked_ids(en, ru))


def linked_ids(en: Document, ru: Document) -> list[tuple[tuple[str, ...], tuple[str, ...], float]]:
    """Align two versions; return the links with both sides as (English ids, Russian ids, confidence)."""
    return [(tuple(en.paragraphs[i].id for i in link.en), tuple(ru.paragraphs[i].id for i in link.ru),
             link.confidence) for link in links_of(en, ru) if link.en and link.ru]


def counterparts(links) -> dict[str, Counterparts]:
    """Return, per paragraph id of ``links`` (as :func:`linked_ids` gives them), its counterparts."""
    pairs: dict[str, Counterparts] = {}
    for en_ids, ru_ids, confidence in links:
        theirs, ours = Counterparts(ru_ids, confidence), Counterparts(en_ids, confidence)
        for pid in en_ids:
            pairs[pid] = theirs
        for pid in ru_ids:
            pairs[pid] = ours
    return pairs


def pair_groups(groups: dict[str, list[Document]], procs: int = 1) -> dict[str, Counterparts]:
    """Pair every group that has an English and a Russian version (in ``procs`` worker processes).

    The workers send back the links as ids and confidences, plain tuples that
    pickle small; the counterparts are made here.
    """
    versions = []
    for docs in groups.values():
        by_lang = {d.lang: d for d in docs}
        if "en" in by_lang and "ru" in by_lang:
            versions.append((by_lang["en"], by_lang["ru"]))
    pairs: dict[str, Counterparts] = {}
    for found in parallel.imap_ordered(_link_versions, versions, procs, chunksize=4):
        pairs.update(counterparts(found))
    return pairs


def _link_versions(versions: tuple[Document, Document]) -> list[tuple[tuple[str, ...], tuple[str, ...], float]]:
    return linked_ids(*versions)
