"""Paragraph links as readers see them: stored with a paragraph, or by the other version that names it.

A build stores each aligned paragraph's counterparts on both sides (``aligned``,
``align_conf``).  An update that adds a language version writes only that
version: its paragraphs store and index (``aligned_to``) the ids of their
counterparts in the version already in the index, which is left as it was
written, with no links of its own.  A paragraph that stores no links is given
those of the paragraphs that name it, so every reader sees the same links a
full build stores.
"""

from __future__ import annotations

from indexer.engine import engine
from indexer.engine.stored_fields import stored_fields


def with_links(searcher, stored: list[dict]) -> list[dict]:
    """Return ``stored`` (stored fields of paragraphs) with the links of those that store none filled in.

    The links come from the paragraphs whose ``aligned_to`` names them: their ids
    in index order, and the link's confidence (one bead, one confidence).  Fields
    that change are copies; the others are returned as they are.
    """

    out = []
    for fields in stored:
        if not fields.get("aligned"):
            docnums = engine().term_docs(searcher, "aligned_to", fields["id"])
            if len(docnums):
                naming = [stored_fields(searcher, int(n)) for n in docnums]
                fields = {**fields, "aligned": [other["id"] for other in naming],
                          "align_conf": max(other.get("align_conf") or 0.0 for other in naming)}
        out.append(fields)
    return out


def symmetric(links: dict[str, tuple[tuple, float]]) -> dict[str, tuple[tuple, float]]:
    """Return paragraph links (id → (counterpart ids, confidence)) with those stored on one side only made mutual.

    A paragraph that stores no links gets the ids of the paragraphs naming it,
    in the order of ``links``, and their confidence.
    """
    naming: dict[str, list[str]] = {}
    for pid, (others, _) in links.items():
        for other in others:
            if other in links and not links[other][0]:
                naming.setdefault(other, []).append(pid)
    if not naming:
        return links
    out = dict(links)
    for pid, names in naming.items():
        out[pid] = (tuple(names), max(links[n][1] for n in names))
    return out
