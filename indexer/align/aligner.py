"""Paragraph alignment of two language versions of one document.

A dynamic-programming aligner in the manner of Gale and Church (1993), over
paragraphs instead of sentences.  The English and Russian paragraphs are cut
into *beads* — 1–1, 2–1, 1–2, 1–0 and 0–1 — and the best sequence of beads is
found by Viterbi search.  A bead's score (a log-probability, higher is better)
adds up what speaks for its paragraphs being translations of each other:

- its prior (most beads are 1–1; merges, splits and omissions are rare);
- length: the Russian length is about ``ratio`` times the English one, with a
  variance that grows with the length (the Gale–Church model; ``ratio`` is
  the documents' own, shrunk towards the usual 1.1 in proportion to their
  size, so that a terse or wordy translation does not drift and a short
  document with an omission does not mislead);
- UN paragraph numbers (``1.``, ``(a)``, ``Article 5``): the same number on
  both sides is strong evidence for, different numbers strong evidence against;
- anchor tokens (:mod:`indexer.align.anchors`): numbers, symbols and Latin words
  shared or not shared;
- kind: a heading is not the translation of a footnote.

The search runs in a band around the diagonal of the two documents' cumulative
lengths, widened and run again when the best path touches its edge.  Each link
gets as ``confidence`` the posterior probability of its bead (forward–backward
over the same lattice): near 1 when nothing else fits, lower where the
evidence is thin or another reading comes close.

>>> from indexer.documents import Block, assemble
>>> en = assemble([Block("Article 1", kind="heading", number="1"), Block("The Purposes are:"),
...                Block("To maintain international peace and security.")], doc_id="x@en", lang="en")
>>> ru = assemble([Block("Статья 1", kind="heading", number="1"), Block("Цели таковы:"),
...                Block("Поддерживать международный мир и безопасность.")], doc_id="x@ru", lang="ru")
>>> [(link.en, link.ru) for link in align(en.paragraphs, ru.paragraphs)]
[((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
"""

from __future__ import annotations

from indexer.align.anchors import latin_words
from indexer.align.lattice import Lattice
from indexer.align.model import MODEL, Link, Model
from indexer.align.sides import read_side


def align(en_paragraphs, ru_paragraphs, model: Model = MODEL) -> list[Link]:
    """Align the paragraphs of an English and a Russian version; return the links in reading order.

    Every paragraph is in exactly one link; a link with an empty side is a
    paragraph that has no counterpart.  Indexes are positions in the sequences given.
    """
    n, m = len(en_paragraphs), len(ru_paragraphs)
    if not n or not m:
        return [Link((i,), (), 1.0) for i in range(n)] + [Link((), (j,), 1.0) for j in range(m)]
    numbers: dict = {}
    kinds: dict = {}
    ru_words = [latin_words(p.text) for p in ru_paragraphs]
    ru = read_side(ru_paragraphs, numbers, kinds, words=ru_words)
    vocabulary = frozenset().union(*ru_words)
    en = read_side(en_paragraphs, numbers, kinds, vocabulary)
    width = max(model.min_band, abs(n - m) + model.min_band // 2)
    while True:
        lattice = Lattice(en, ru, model, width)
        path = lattice.viterbi()
        if width >= max(n, m) or not lattice.touches_edge(path):
            break
        width *= 2
    confidences = lattice.posteriors(path)
    return [Link(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(conf, 4))
            for (i, j, di, dj), conf in zip(path, confidences)]
