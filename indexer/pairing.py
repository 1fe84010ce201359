"""Pairing the paragraphs of linked language versions, as the index stores them.

For each document group with an English and a Russian version, the aligner
(:mod:`indexer.align`) links their paragraphs; each paragraph then carries the
ids of its counterparts and the link's confidence, so that a hit's counterpart
is one lookup away.  Versions read from one translation memory are aligned
already, unit by unit: they are paired by position, with full confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer import parallel
from indexer.align import Link, align
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


def links_of(en: Document, ru: Document) -> list[Link]:
    """Return the paragraph links of two versions: as their source gives them, else by the aligner."""
    if given_alignment(en, ru):
        return [Link((i,), (i,), 1.0) for i in range(len(en.paragraphs))]
    return align(en.paragraphs, ru.paragraphs)


def pair_group(en: Document, ru: Document) -> dict[str, Counterparts]:
    """Align two versions and return, per paragraph id, its counterparts in the other version."""
    pairs: dict[str, Counterparts] = {}
    for link in links_of(en, ru):
        if not (link.en and link.ru):
            continue  # a paragraph without a counterpart
        en_ids = tuple(en.paragraphs[i].id for i in link.en)
        ru_ids = tuple(ru.paragraphs[i].id for i in link.ru)
        for pid in en_ids:
            pairs[pid] = Counterparts(ru_ids, link.confidence)
        for pid in ru_ids:
            pairs[pid] = Counterparts(en_ids, link.confidence)
    return pairs


def pair_groups(groups: dict[str, list[Document]], procs: int = 1) -> dict[str, Counterparts]:
    """Pair every group that has an English and a Russian version (in ``procs`` worker processes)."""
    versions = []
    for docs in groups.values():
        by_lang = {d.lang: d for d in docs}
        if "en" in by_lang and "ru" in by_lang:
            versions.append((by_lang["en"], by_lang["ru"]))
    pairs: dict[str, Counterparts] = {}
    for found in parallel.imap_ordered(_pair_versions, versions, procs, chunksize=4):
        pairs.update(found)
    return pairs


def _pair_versions(versions: tuple[Document, Document]) -> dict[str, Counterparts]:
    return pair_group(*versions)
