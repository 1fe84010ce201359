"""What the app keeps for a generation, out of the cycle collector's way once it is warm.

A served generation keeps hundreds of thousands of objects for as long as it
is live: its lexicon and paragraph links, the general dictionary's senses,
the stored rows and posting lists kept.  Python's cycle collector walks every
one of them in each full collection: 70–110 ms at 200,000 paragraphs, about
twice per thousand searches, each a pause for every request waiting in that
process (at 20 clients, the slowest one in a hundred).  Once a generation is
warm, :func:`settle` moves what the process holds then to the collector's
permanent generation (``gc.freeze``), which full collections skip: they walk
what came after.  Objects frozen are still freed when nothing refers to them;
what they hold in cycles is collected when the next generation settles, which
first gives the frozen objects back to the collector (``gc.unfreeze``).  What
is still in use then (a request searching the old generation, an export) is
frozen again and its cycles wait for the settling after; the generation's own
lexicon and links hold no cycles and are freed as soon as they are let go.
A served worker settles once before it serves (what it loaded: modules,
dictionaries); an app on a Whoosh index settles again once each generation is
warm.  On OpenSearch the lexicon is read by the first search across languages,
after that settling, and is not frozen.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()  # one settling at a time: two warm-ups ending together


def settle() -> int:
    """Give back what an earlier call froze, collect what is garbage, and freeze the rest; return how many objects
    are frozen."""
    with _LOCK:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return gc.get_freeze_count()
