"""The Russian lemmas of an index's words, kept with its generation, so a search process starts knowing them.

pymorphy3 takes about 55 µs to lemmatize a word form it has not seen.  The
processes that write an index see every form of its text; a search process
would see each again the first time a search shows a paragraph with it (to
mark the query's words) or a query asks for it.  So the writing processes
hand back the lemmas they know (those of every Russian form they wrote, and
any they knew before), and the build keeps them in ``lemmas.tsv`` in the
generation; an update adds them to those of the generation it starts from
(whose file it shares until then, see :func:`indexer.storage.generations.clone_generation`).
The web app loads the file when it opens a generation (:func:`load`).

A line is ``policy <TAB> word <TAB> lemma <TAB> lemma …``.  The file is only
ever a cache: a word missing from it is lemmatized as before, and a file
that cannot be read is ignored (and logged).
"""

from __future__ import annotations

import logging
from pathlib import Path

from analyzers import russian
from indexer.storage import generations as store

log = logging.getLogger(__name__)

FILE = "lemmas.tsv"
Entries = dict[tuple[str, str], tuple[str, ...]]


def gather() -> Entries:
    """Return the lemmas this process knows: in a writing process, those of every Russian word it wrote (and more)."""
    return russian.known()


def read(gen_path) -> Entries:
    """Return the lemmas kept in a generation (none when it keeps none)."""
    path = Path(gen_path) / FILE
    out: Entries = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                policy, word, *lemmas = line.rstrip("\n").split("\t")
                if lemmas:
                    out[(word, policy)] = tuple(lemmas)
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        log.warning("the lemma file %s could not be read (%s); the lemmas are computed instead", path, exc)
        return {}
    return out


def write(gen_path, *found: Entries) -> int:
    """Keep the lemmas of ``found`` in a generation, with those it keeps already; return how many it keeps.

    Written to a temporary file and renamed, so the file of the generation the
    new one was cloned from (a hard link until then) is left as it was.
    """
    entries = read(gen_path)
    for more in found:
        entries.update(more)
    if entries:
        ordered = sorted(entries.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        lines = ("\t".join((policy, word, *lemmas)) + "\n" for (word, policy), lemmas in ordered)
        store.atomic_write(Path(gen_path) / FILE, "".join(lines))
    return len(entries)


def load(gen_path) -> int:
    """Give the Russian analyzer of this process the lemmas a generation keeps; return how many were new to it."""
    return russian.preload(read(gen_path))
