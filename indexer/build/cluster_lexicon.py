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

A build on one machine knows its aligned pairs before it writes them: it
learns from them in a forked process while the paragraphs are written
(:class:`EarlyLexicon`, :mod:`indexer.build.prelearn`), the words of the
language fields counted from the records it writes, not read back.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections import Counter
from functools import partial

from indexer.engine.opensearch.generation_data import LEXICON, file_items
from indexer.engine.opensearch.mapping import Documents, terms_at
from indexer.engine.opensearch.searching import Searcher
from indexer.engine.schema import TEXT_FIELDS
from indexer.lexicon import dictionary as dictionary_mod
from indexer.lexicon import store as lexicon_store
from indexer.lexicon.units import is_word_term
from indexer.storage import crosslang, seeding

log = logging.getLogger(__name__)

ROW_FIELDS = ["id", "lang", "text", "aligned", "align_conf", "seq"]


def learner(url: str, client, glossaries, procs: int = 1, dictionary=dictionary_mod.CONFIGURED, early=None):
    """Return what learns the lexicon of a generation's index (given its name) and returns the data items that
    keep it (the ``learn`` of :func:`indexer.engine.opensearch.writing.publish`): what ``early``
    (:class:`EarlyLexicon`) learned while the index was written, else learned from the index's paragraphs."""
    def learn(index: str) -> dict[str, dict]:
        found = early.items() if early is not None else None
        return found if found is not None else lexicon_items(Searcher(url, index, client), glossaries, procs,
                                                             dictionary)

    return learn


class EarlyLexicon:
    """The lexicon of a build's generation, learned by a forked process from the records of ``writes``
    (:class:`~indexer.build.commit.Writes`, in their writing order) while they are written, then seeded and saved
    there too; :meth:`close` stops it."""

    def __init__(self, writes, glossaries, procs: int = 1, dictionary=dictionary_mod.CONFIGURED):
        from indexer.build import prelearn  # numpy: only when the lexicon is learned

        global _WRITES
        _WRITES = writes
        try:  # the process is forked with the records to learn from: nothing of them is pickled
            self._learning = prelearn.Learning(_beads_written, procs, keeping=False)
        finally:
            _WRITES = None
        self._learning.finish(partial(_saved, glossaries=glossaries, dictionary=dictionary,
                                      started=time.perf_counter()))

    def items(self) -> dict[str, dict] | None:
        """Return the data items that keep the lexicon learned (None when it could not be learned)."""
        data = self._learning.take()
        return file_items(LEXICON, data) if data else None

    def close(self) -> None:
        self._learning.close()


_WRITES = None  # the records the process forked by EarlyLexicon learns from


def _beads_written() -> list:
    """Return the aligned pairs of :data:`_WRITES`, in their writing order (in the learning process)."""
    return crosslang.beads(crosslang.paragraphs_of(_WRITES.linked()))


def _saved(learned, found: list, _state, glossaries, dictionary, started: float) -> bytes:
    """Return the lexicon file of the lexicon ``learned`` from ``found`` (the aligned pairs of :data:`_WRITES`),
    seeded with the words of the records (in the learning process)."""
    make = Documents().tokens  # the schema whose words the build analyzed before this process was forked
    terms = vocabulary({name: make(name, record[name]) for name in TEXT_FIELDS.values() if record.get(name)}
                       for records in _WRITES.records(_WRITES.documents) for record in records)
    return _lexicon_file(seeding.seeded(learned, found, terms, glossaries, dictionary, started))


def lexicon_items(searcher: Searcher, glossaries, procs: int = 1,
                  dictionary=dictionary_mod.CONFIGURED) -> dict[str, dict]:
    """Learn the lexicon of the paragraphs ``searcher`` reads and return the data items that keep its file."""
    from indexer.lexicon.learn import learn  # numpy: only when the lexicon is learned

    started = time.perf_counter()
    records, terms = read_paragraphs(searcher)
    found = crosslang.beads(crosslang.paragraphs_of(records))
    lexicon = seeding.seeded(learn(found, procs=procs), found, terms, glossaries, dictionary, started)
    return file_items(LEXICON, _lexicon_file(lexicon))


def _lexicon_file(lexicon) -> bytes:
    """Return the file that keeps ``lexicon`` (:func:`indexer.lexicon.store.save`), and log what it holds."""
    with tempfile.TemporaryDirectory(prefix="lexicon-") as folder:
        data = lexicon_store.save(lexicon, folder).read_bytes()
    log.info("lexicon: %d units from %d aligned pairs learned in %.2f s", len(lexicon), lexicon.pairs,
             lexicon.seconds)
    return data


def read_paragraphs(searcher: Searcher) -> tuple[list[dict], dict[str, dict[str, float]]]:
    """Return the paragraphs of an index in the order they were written (what the learning reads of each),
    and the words of each language's field with the share of the paragraphs that have them (as
    :func:`indexer.storage.crosslang.vocabulary` reads them from a Whoosh index)."""
    rows, stored = [], []
    for source, fields in searcher.each(ROW_FIELDS, list(TEXT_FIELDS.values())):
        rows.append(source)
        stored.append(fields)
    rows.sort(key=lambda row: row["seq"])
    return rows, vocabulary(stored)


def vocabulary(paragraphs) -> dict[str, dict[str, float]]:
    """Return the words of each language's field with the share of ``paragraphs`` (each its fields' token
    strings, :meth:`~indexer.engine.opensearch.mapping.Documents.tokens`) that have them."""
    having, total = {lang: Counter() for lang in TEXT_FIELDS}, 0
    for fields in paragraphs:
        total += 1
        for lang, name in TEXT_FIELDS.items():
            having[lang].update({term for _, term in terms_at(fields.get(name) or "")})
    total = max(total, 1)
    return {lang: {word: n / total for word, n in found.items() if is_word_term(word, lang)}
            for lang, found in having.items()}
