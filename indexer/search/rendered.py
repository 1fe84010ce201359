"""How much a query word counts across languages: the share of its aligned pairs its translations render.

A word the other language renders faithfully (``женщина``: *woman* in 195 of
its 204 aligned pairs) is good evidence of a paragraph's counterpart when a
translation of it is found, and counter-evidence when none is; a word the
other language often leaves out or words otherwise (``рамка``, of ``в рамках``:
*framework* in 21 of 86; ``год``: *year* in 91 of 506, the others writing the
year alone) is neither.  When a query is matched word by word
(:func:`indexer.search.across.translated_matches`), each word's score is
weighed by :func:`share`: the share of the aligned pairs the word occurs in
that also have its most frequent learned (or glossary) translation, or, where
more, the share of its occurrences that IBM Model 1 links with one of its
learned translations (the sum of their forward link shares: ``пункт``, *item*
in a third of its pairs and *paragraph* in another, counts as rendered in
two thirds, not one), at least :data:`FLOOR`.  A word seen in fewer than :data:`~indexer.lexicon.model.MIN_EVIDENCE`
pairs, or translated only by the general dictionary, counts in full: nothing
says how it is rendered.
"""

from __future__ import annotations

from indexer.lexicon.model import CORPUS, GLOSSARY, MIN_EVIDENCE

FLOOR = 0.1  # a word counts at least this much


def share(lexicon, lang: str, keys, weighted: list) -> float:
    """Return how much a word (its alternative ``keys`` in ``lang``) counts, given its translations ``weighted``
    (``(candidate, weight)``): the share of its aligned pairs that have the most frequent of them, or the share
    of its occurrences Model 1 links with any of them (their forward shares added up) where that is more, at
    least :data:`FLOOR`; 1 for a word seen in too few pairs or with no translation learned or from a glossary."""
    seen = max((lexicon.count(lang, key) for key in keys), default=0)
    learned = [c for c, _ in weighted if c.source in (CORPUS, GLOSSARY) and c.count]
    if seen < MIN_EVIDENCE or not learned:
        return 1.0
    linked = sum(c.forward or 0.0 for c in {c.key: c for c in learned}.values())  # each translation once
    return max(FLOOR, min(1.0, max(max(c.count for c in learned) / seen, linked)))
