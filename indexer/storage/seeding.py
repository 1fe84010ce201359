"""A learned lexicon made whole: seeded with the glossaries, the general dictionary and the words spelt alike.

Shared by the lexicon of a generation on disk (:mod:`indexer.storage.crosslang`)
and on an OpenSearch cluster (:mod:`indexer.build.cluster_lexicon`), so that
the same aligned pairs give the same lexicon on both.
"""

from __future__ import annotations

import time
from dataclasses import replace

from indexer.lexicon import cognates, dictionary as dictionary_mod, glossary as glossary_mod
from indexer.lexicon.model import Bead, Lexicon


def seeded(learned: Lexicon, found: list[Bead], terms: dict, found_glossaries, dictionary, started: float) -> Lexicon:
    """Return the lexicon ``learned`` from the aligned pairs ``found``, seeded with the glossaries, the
    dictionary's pairs and the words spelt alike (of the index's words ``terms``, :func:`indexer.storage.vocabulary.vocabulary`)."""
    if isinstance(dictionary, str) and dictionary == dictionary_mod.CONFIGURED:  # the same after pickling
        dictionary = dictionary_mod.configured()
    lexicon = glossary_mod.seeded(learned, found_glossaries)
    lexicon = cognates.seeded(dictionary_mod.seeded(lexicon, dictionary, terms), terms)
    return replace(lexicon, seconds=time.perf_counter() - started)
