"""The lexicon of a generation on OpenSearch: learned from the aligned pairs in the cluster, kept in the cluster.

Before a generation's alias moves (a build, an update, the ``publish`` of a
build in parts), its paragraphs are read back from the cluster (their text,
language and links; the terms of their language fields, stored beside), the
aligned pairs grouped and learned from as on Whoosh
(:func:`indexer.storage.crosslang.beads`, :func:`indexer.lexicon.learn.learn`),
seeded with the glossaries, the general dictionary and the words spelt alike
(:func:`indexer.storage.seeding.seeded`), and the lexicon's file is kept in
the generation's data (:func:`indexer.engine.opensearch.generation_data.file_items`),
so that any process on any machine searching that generation reads the same
lexicon.  The same sources give the same lexicon on both engines.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections import Counter

from indexer.engine.opensearch.generation_data import LEXICON, file_items
from indexer.engine.opensearch.mapping import terms_at
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.schema import TEXT_FIELDS
from indexer.lexicon import dictionary as dictionary_mod
from indexer.lexicon import store as lexicon_store
from indexer.lexicon.units import is_word_term
from indexer.storage import crosslang, seeding

log = logging.getLogger(__name__)

ROW_FIELDS = ["id", "lang", "text", "aligned", "align_conf", "seq"]


def learner(url: str, client, glossaries, procs: int = 1, dictionary=dictionary_mod.CONFIGURED):
    """Return what learns the lexicon of a generation's index (given its name) and returns the data items that
    keep it (the ``learn`` of :func:`indexer.engine.opensearch.writing.publish`)."""
    def learn(index: str) -> dict[str, dict]:
        return lexicon_items(Searcher(url, index, client), glossaries, procs, dictionary)

    return learn


def lexicon_items(searcher: Searcher, glossaries, procs: int = 1,
                  dictionary=dictionary_mod.CONFIGURED) -> dict[str, dict]:
    """Learn the lexicon of the paragraphs ``searcher`` reads and return the data items that keep its file."""
    from indexer.lexicon.learn import learn  # numpy: only when the lexicon is learned

    started = time.perf_counter()
    records, terms = read_paragraphs(searcher)
    found = crosslang.beads(crosslang.paragraphs_of(records))
    lexicon = seeding.seeded(learn(found, procs=procs), found, terms, glossaries, dictionary, started)
    with tempfile.TemporaryDirectory(prefix="lexicon-") as folder:
        data = lexicon_store.save(lexicon, folder).read_bytes()
    log.info("lexicon: %d units from %d aligned pairs learned in %.2f s", len(lexicon), lexicon.pairs,
             time.perf_counter() - started)
    return file_items(LEXICON, data)


def read_paragraphs(searcher: Searcher) -> tuple[list[dict], dict[str, dict[str, float]]]:
    """Return the paragraphs of an index in the order they were written (what the learning reads of each),
    and the words of each language's field with the share of the paragraphs that have them (as
    :func:`indexer.storage.crosslang.vocabulary` reads them from a Whoosh index)."""
    rows, having = [], {lang: Counter() for lang in TEXT_FIELDS}
    for source, stored in searcher.each(ROW_FIELDS, list(TEXT_FIELDS.values())):
        rows.append(source)
        for lang, name in TEXT_FIELDS.items():
            having[lang].update({term for _, term in terms_at(stored.get(name) or "")})
    rows.sort(key=lambda row: row["seq"])
    total = max(len(rows), 1)
    return rows, {lang: {word: n / total for word, n in found.items() if is_word_term(word, lang)}
                  for lang, found in having.items()}
