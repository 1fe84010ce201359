"""Learning a generation's lexicon on from the one it was updated from, or from all its aligned pairs.

A build learns from all the aligned pairs and keeps the learning state beside
the lexicon (:mod:`indexer.lexicon.state`).  An update goes on from the state
of the generation it started from (cloned into the new one): it reads only
the pairs added, takes away the counts of those removed and ranks again the
units they touch (:mod:`indexer.lexicon.online`, :mod:`indexer.lexicon.rescore`).  It learns from
all the pairs when the generation has no usable state (one made by an older
version, logged) or when more than :data:`RELEARN_SHARE` of the pairs changed.

Learning on still seeds and saves the whole lexicon (seconds), which an update
of a document or two should not wait for: while at most :data:`KEEP_SHARE` of
the pairs differ from those the state was learned from (and the glossaries and
dictionary are the same), the lexicon and its state are kept as they are.  The
differences add up from update to update, since they are counted against the
state, so the lexicon is never more than that share behind its pairs.
"""

from __future__ import annotations

import logging
import time

from indexer.lexicon import state as state_mod
from indexer.lexicon.thresholds import DEFAULT, Settings

log = logging.getLogger(__name__)

RELEARN_SHARE = 0.5  # an update learns from all the pairs when more of them changed than this
KEEP_SHARE = 0.1  # an update keeps the lexicon while at most this share of the pairs differ from the state's
KEPT = "kept"  # :func:`go_on`: the lexicon and its state are kept as they are


def learn_all(found: list, procs: int = 1, settings: Settings = DEFAULT) -> tuple:
    """Return the lexicon learned from all the aligned pairs ``found`` and its learning state."""
    from indexer.lexicon.learn import learn_keeping  # numpy: only when the lexicon is learned

    return learn_keeping(found, settings, procs=procs)


def go_on(gen_path, found: list, keep_if_unchanged: bool, settings: Settings = DEFAULT):
    """Return the lexicon of the aligned pairs ``found`` learned on from the state kept in ``gen_path`` and its new
    state; :data:`KEPT` when at most :data:`KEEP_SHARE` of the pairs changed and ``keep_if_unchanged``; None when
    it must be learned from all the pairs (no usable state, or too many changed).  Only the state's digests are
    read unless it is learned on."""
    started = time.perf_counter()
    learned = state_mod.load_digests(gen_path, settings)
    if learned is None:
        return None
    from indexer.lexicon.online import changes  # numpy: only when the lexicon is learned
    from indexer.lexicon.rescore import learn_on

    change = changes(learned, found)
    if keep_if_unchanged and change.size <= KEEP_SHARE * max(len(learned), len(found), 1):
        log.info("lexicon: %d of %d aligned pairs differ from those it was learned from, kept", change.size,
                 len(found))
        return KEPT
    if change.size > RELEARN_SHARE * max(len(learned), len(found), 1):
        log.info("lexicon: %d of %d aligned pairs changed: learned from all of them", change.size, len(found))
        return None
    state = state_mod.load(gen_path, settings)
    if state is None:
        return None
    lexicon, new, _ = learn_on(state, found, settings, change)
    log.info("lexicon: learned on from %d aligned pairs added and %d removed in %.2f s", len(change.added),
             change.size - len(change.added), time.perf_counter() - started)
    return lexicon, new
