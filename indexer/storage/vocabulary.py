"""The words of an index that a translation can match, with the share of paragraphs that have them.

What the lexicon is seeded against when a generation is written (:func:`indexer.storage.crosslang.write`).
"""

from __future__ import annotations

from indexer.engine.schema import TEXT_FIELDS
from indexer.lexicon.units import is_word_term


def vocabulary(reader) -> dict[str, dict[str, float]]:
    """Return the word terms of each language's text field in an index (what a translation can match),
    each with the share of the index's paragraphs that have it.

    Each segment's terms are read in turn and their document counts summed (what
    Whoosh's merged term info gives, without a look-up in every segment per term).
    """
    out = {}
    total = max(reader.doc_count(), 1)
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    for lang, name in TEXT_FIELDS.items():
        counts: dict[str, int] = {}
        for leaf in leaves:
            if name not in leaf.indexed_field_names():
                continue
            for term, info in leaf.iter_field(name):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                if word in counts:
                    counts[word] += info.doc_frequency()
                elif is_word_term(word, lang):
                    counts[word] = info.doc_frequency()
        out[lang] = {word: counts[word] / total for word in sorted(counts)}  # in term order, as Whoosh gives them
    return out
