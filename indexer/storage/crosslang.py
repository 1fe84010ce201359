"""What an index generation keeps for searching across languages: its lexicon and its paragraph links.

Written by :func:`write` when a generation has been committed and before it goes
live, so the lexicon switches atomically with the index it was learned from:

- ``lexicon.sqlite`` (:mod:`indexer.lexicon.store`): learned from the generation's
  aligned paragraphs (:mod:`indexer.lexicon.learn`), seeded with the glossaries and, below
  what it learned, the general dictionary's pairs (:mod:`indexer.lexicon.dictionary`), and
  for the words still without a translation, the names and loanwords spelt alike
  in the other language (:mod:`indexer.lexicon.cognates`);
- ``counterparts.json``: for each aligned paragraph, by Whoosh document number,
  the numbers of its counterparts and the link's confidence.  A published
  generation never changes, so its document numbers are stable, and a search
  maps matches to their counterparts without reading stored fields.

:func:`load` reads both back (:class:`CrossData`), or None for an index built
before this existed.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from indexer import timing
from indexer.align.counterparts import symmetric
from indexer.caches.dict_cache import DictCache
from indexer.caches.registry import BY_KEYS, CLEAR_WHEN_FULL, DEATH, Members, declare
from indexer.engine import engine
from indexer.errors import LexiconError
from indexer.lexicon import dictionary as dictionary_mod, state as lexicon_state, store as lexicon_store
from indexer.lexicon.model import Bead, Lexicon, Reading
from indexer.storage import learning
from indexer.storage.generations import atomic_write
from indexer.storage.seeding import seeded
from indexer.storage.vocabulary import vocabulary

log = logging.getLogger(__name__)

COUNTERPARTS_FILE = "counterparts.json"
FORMAT = 1
MIN_CONFIDENCE = 0.5  # aligned pairs less sure than this are not learned from
FILTERS_KEPT = 64
POSTINGS_KEPT = 4096
_FILTERED = declare("crosslang.filters", Members(lambda: DictCache(FILTERS_KEPT)), bound=FILTERS_KEPT,
                    eviction=CLEAR_WHEN_FULL, invalidated_by=DEATH)  # per generation: filter query -> its documents
_POSTINGS = declare("crosslang.postings", Members(lambda: DictCache(POSTINGS_KEPT)), bound=POSTINGS_KEPT,
                    eviction=CLEAR_WHEN_FULL, invalidated_by=DEATH)  # per generation: (field, term) -> its documents
_LENGTHS = declare("crosslang.lengths", Members(DictCache), bound=None, eviction=BY_KEYS, invalidated_by=DEATH)


@dataclass(frozen=True)
class CrossData:
    """A generation's lexicon and its map from paragraphs to their counterparts (by document number)."""

    lexicon: Reading  # the stored lexicon, read entry by entry
    counterparts: dict = field(default_factory=dict)  # docnum -> (tuple of docnums, confidence)
    _filtered: DictCache = field(default_factory=_FILTERED.new, compare=False, repr=False)  # see _FILTERED
    _postings: DictCache = field(default_factory=_POSTINGS.new, compare=False, repr=False)  # see _POSTINGS
    _lengths: DictCache = field(default_factory=_LENGTHS.new, compare=False, repr=False)  # field -> each document's

    def docs_with(self, reader, term: tuple[str, str]) -> frozenset:
        """Return the documents that contain ``term`` (``(field, text)``), kept for the most used terms."""
        found = self._postings.get(term)
        if found is None:
            found = frozenset(reader.postings(*term).all_ids()) if term in reader else frozenset()
            self._postings.put(term, found)
        return found

    def lengths(self, reader, field: str) -> list[int]:
        """Return the length of ``field`` in every document, by document number (read once per generation)."""
        found = self._lengths.get(field)
        if found is None:
            found = self._lengths.put(field, engine().field_lengths(reader, field, 0))
        return found

    def docs_for(self, searcher, filters):
        """Return which documents a filter query allows (None: no filter), computed once per generation: a
        read-only numpy array of booleans, one per document number.

        A generation never changes, so the array stays valid; the most recent
        :data:`FILTERS_KEPT` filters are kept.
        """
        if filters is None:
            return None
        key = repr(filters)
        found = self._filtered.get(key)
        if found is None:
            import numpy as np  # numpy: only when a search across languages is filtered, not to open the data

            found = np.zeros(searcher.doc_count_all(), dtype=bool)
            found[np.asarray(engine().matching_docs(searcher, filters), dtype=np.int64)] = True
            found.flags.writeable = False
            self._filtered.put(key, found)
        return found


@dataclass(frozen=True)
class _Paragraph:
    docnum: int
    lang: str
    text: str
    aligned: tuple
    confidence: float


SEGMENT_FILE = "paragraphs-{}.json"  # beside a segment's files: what _paragraphs needs of it


def _segment_rows(leaf, gen_path: Path, keep: bool) -> list:
    """Return ``[docnum in the segment, id, lang, text, aligned, confidence]`` of a segment's paragraphs, deleted too.

    A segment never changes once written (deletions are kept apart), so its rows
    are read from its stored fields once and kept in a file of the generation,
    which the next generations share through hard links: an update reads only
    the segments it wrote.  ``keep`` writes the file when it is missing (only
    into a generation not yet published).
    """
    segment_id = engine().segment_id(leaf)
    path = gen_path / SEGMENT_FILE.format(segment_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == FORMAT and data.get("docs") == leaf.doc_count_all():
            return data["rows"]
    except (OSError, ValueError, AttributeError):
        pass
    rows = [row for n, fields in enumerate(engine().stored_rows(leaf)) if (row := row_of(n, fields)) is not None]
    if keep:
        keep_segment_rows(gen_path, segment_id, leaf.doc_count_all(), rows)
    return rows


def keep_segment_rows(gen_path, segment_id: str, docs: int, rows: list) -> None:
    """Write the rows file of a segment of ``docs`` documents (see :func:`_segment_rows`).

    The processes that write a segment keep its rows as they add the records
    (:func:`row_of`), so that the lexicon's learning need not read them back.
    """
    atomic_write(Path(gen_path) / SEGMENT_FILE.format(segment_id),
                 json.dumps({"format": FORMAT, "docs": docs, "rows": rows}, ensure_ascii=False, separators=(",", ":")))


def row_of(n: int, fields: dict) -> list | None:
    """Return the row of document ``n`` from its stored fields (or its record): None unless English or Russian."""
    if fields.get("lang") not in ("en", "ru"):
        return None
    return [n, fields["id"], fields["lang"], fields.get("text") or "", list(fields.get("aligned") or ()),
            fields.get("align_conf") or 0.0]


def _paragraphs(reader, gen_path: Path, keep: bool = False) -> dict[str, _Paragraph]:
    """Return the live English and Russian paragraphs of an index, by id, segment by segment (:func:`_segment_rows`).

    With ``keep``, files of segments the generation no longer has (merged away) are removed.
    """
    out = {}
    kept = set()
    for leaf, offset in engine().segments(reader):  # none in an index with no segment yet
        kept.add(SEGMENT_FILE.format(engine().segment_id(leaf)))
        deleted = engine().deleted_docs(leaf)
        for n, pid, lang, text, aligned, confidence in _segment_rows(leaf, gen_path, keep):
            if n not in deleted:
                out[pid] = _Paragraph(offset + n, lang, text, tuple(aligned), confidence)
    _mutual(out)
    if keep:
        for stale in gen_path.glob(SEGMENT_FILE.format("*")):
            if stale.name not in kept:
                stale.unlink(missing_ok=True)
    return out


def _mutual(paragraphs: dict[str, _Paragraph]) -> None:
    """Make the links stored on one side only mutual, in place (:func:`indexer.align.counterparts.symmetric`)."""
    mutual = symmetric({pid: (p.aligned, p.confidence) for pid, p in paragraphs.items()})
    for pid, (aligned, confidence) in mutual.items():
        if aligned is not paragraphs[pid].aligned:
            paragraphs[pid] = replace(paragraphs[pid], aligned=aligned, confidence=confidence)


def paragraphs_of(records) -> dict[str, _Paragraph]:
    """Return what :func:`_paragraphs` reads from an index holding ``records`` (field values), in this order."""
    out = {}
    for n, record in enumerate(records):
        row = row_of(n, record)
        if row is not None:
            out[row[1]] = _Paragraph(n, row[2], row[3], tuple(row[4]), row[5])
    _mutual(out)
    return out


def beads(paragraphs: dict[str, _Paragraph], min_confidence: float = MIN_CONFIDENCE) -> list[Bead]:
    """Group linked paragraphs into aligned pairs (one to one, one to two …), in index order."""
    seen: set[str] = set()
    out = []
    for pid in sorted(paragraphs, key=lambda p: paragraphs[p].docnum):
        p = paragraphs[pid]
        if pid in seen or not p.aligned:
            continue
        component, todo = {pid}, [pid]
        while todo:
            for other in paragraphs[todo.pop()].aligned:
                if other in paragraphs and other not in component:
                    component.add(other)
                    todo.append(other)
        seen |= component
        members = sorted((paragraphs[c] for c in component), key=lambda m: m.docnum)
        if min(m.confidence for m in members) < min_confidence:
            continue
        en = tuple(m.text for m in members if m.lang == "en")
        ru = tuple(m.text for m in members if m.lang == "ru")
        if en and ru:
            out.append(Bead(en, ru))
    return out


def _counterparts(paragraphs: dict[str, _Paragraph]) -> dict[int, tuple]:
    out = {}
    for p in paragraphs.values():
        others = tuple(paragraphs[o].docnum for o in p.aligned if o in paragraphs)
        if others:
            out[p.docnum] = (others, p.confidence)
    return out


def _read(gen_path, keep: bool = False) -> dict[str, _Paragraph]:
    """Return the paragraphs of the generation at ``gen_path`` (:func:`_paragraphs`)."""
    return _with_reader(gen_path, lambda reader: _paragraphs(reader, Path(gen_path), keep))


def _vocabulary(gen_path) -> dict[str, set[str]]:
    """Return the words of the generation at ``gen_path`` (:func:`vocabulary`)."""
    return _with_reader(gen_path, vocabulary)


def _with_reader(gen_path, use):
    """Return ``use(reader)`` of a reader of the generation at ``gen_path``."""
    ix = engine().open_index(gen_path)
    try:
        with ix.reader() as reader:
            return use(reader)
    finally:
        ix.close()


def learned(gen_path, procs: int = 1) -> tuple[Lexicon, dict[int, tuple]]:
    """Return the lexicon learned from the aligned paragraphs of the generation at ``gen_path`` (no glossary,
    no dictionary: weighed by its evidence alone), and the generation's paragraph links by document number;
    ``procs`` processes analyze the words."""
    from indexer.lexicon.learn import learn  # numpy: only when the lexicon is learned, not for searching

    paragraphs = _read(gen_path)
    lexicon = dictionary_mod.seeded(learn(beads(paragraphs), procs=procs), None, _vocabulary(gen_path))
    return lexicon, _counterparts(paragraphs)


@dataclass(frozen=True)
class Written:
    """What writing a generation's cross-language data did."""

    units: int
    pairs: int
    seconds: float
    learned: bool  # False: the lexicon the generation started from was kept
    dictionary: dict | None = None  # the general dictionary the lexicon has the pairs of (its description)


def write(gen_path, found_glossaries, procs: int = 1, changed: bool = True, fresh: bool = True,
          dictionary=dictionary_mod.CONFIGURED, early=None) -> Written:
    """Learn and write the cross-language data of the committed generation at ``gen_path``.

    ``found_glossaries`` (:func:`indexer.lexicon.glossary.for_build`) seed the lexicon, and
    ``dictionary`` (by default the one configured, :func:`indexer.lexicon.dictionary.configured`;
    None for none) adds its pairs below the learned ones; ``procs``
    processes analyze its words; ``early`` (:class:`indexer.build.prelearn.Learning`)
    gives the lexicon learned while the generation was written, used when it was
    learned from the very aligned pairs the generation holds (that process seeds
    and saves it too, while the pairs are read back here).  The paragraph links are written anew (unless
    the index did not change, ``changed`` False).  With ``fresh`` False (an
    update), the lexicon is learned on from the learning state of the
    generation it started from (:mod:`indexer.storage.learning`): in proportion to the
    aligned pairs that changed, not to all; it is kept as it is while at most
    :data:`~indexer.storage.learning.KEEP_SHARE` of the pairs differ and the glossaries and dictionary are the
    same.
    """
    started = time.perf_counter()
    gen_path = Path(gen_path)
    try:
        kept = lexicon_store.load(gen_path)
    except LexiconError:
        kept = None
    if dictionary is dictionary_mod.CONFIGURED:  # read only if the lexicon is learned anew
        same_dictionary = kept is not None and dictionary_mod.is_configured(kept.dictionary)
    else:
        same_dictionary = kept is not None and kept.dictionary == (dictionary.describe() if dictionary else None)
    same_sources = (same_dictionary and kept.glossaries == tuple(g.describe() for g in found_glossaries))
    if not changed and same_sources and (gen_path / COUNTERPARTS_FILE).is_file():
        return Written(len(kept), kept.pairs, time.perf_counter() - started, False, kept.dictionary)
    if early is not None:  # it seeds and saves the lexicon it learned meanwhile, on the other core
        early.finish(partial(_finished, gen_path=gen_path, found_glossaries=found_glossaries, dictionary=dictionary,
                             started=started))
    paragraphs = _read(gen_path, keep=True)
    found = beads(paragraphs)
    counterparts = _counterparts(paragraphs)
    atomic_write(gen_path / COUNTERPARTS_FILE, json.dumps(
        {"format": FORMAT, "docs": [[n, list(others), conf] for n, (others, conf) in sorted(counterparts.items())]},
        separators=(",", ":")))
    if not fresh:
        went = learning.go_on(gen_path, found, keep_if_unchanged=same_sources)
        if went is learning.KEPT:
            return Written(len(kept), kept.pairs, time.perf_counter() - started, False, kept.dictionary)
        if went is not None:
            lexicon, state = went
            return _finished(lexicon, found, state, gen_path, found_glossaries, dictionary, started)
    written = early.take(found) if early is not None else None
    how = "learned while writing, then {:.2f} s"
    if written is None:
        lexicon, state = learning.learn_all(found, procs)
        written = _finished(lexicon, found, state, gen_path, found_glossaries, dictionary, started)
        how = "learned in {:.2f} s"
    log.info("lexicon: %d units from %d aligned pairs %s", written.units, written.pairs, how.format(written.seconds))
    return written


def _finished(learned: Lexicon, found: list[Bead], state, gen_path: Path, found_glossaries, dictionary,
              started: float) -> Written:
    """Seed the lexicon ``learned`` from ``found`` with the glossaries and the dictionary, save it and its learning
    ``state`` (:mod:`indexer.lexicon.state`) into the generation at ``gen_path``, and say what was written
    (:func:`write`, whose start was ``started``)."""
    with timing.step("lexicon: seeded with the glossaries, the dictionary and the words spelt alike, and saved"):
        lexicon = seeded(learned, found, _vocabulary(gen_path), found_glossaries, dictionary, started)
        if state is not None:
            lexicon_state.save(state, gen_path)
        lexicon_store.save(lexicon, gen_path)
    return Written(len(lexicon), lexicon.pairs, lexicon.seconds, True, lexicon.dictionary)


def load(gen_path) -> CrossData | None:
    """Read the cross-language data of a generation; None when it was built without it.

    Raises :class:`~indexer.errors.LexiconError` naming the file when one is unreadable.
    """
    gen_path = Path(gen_path)
    lexicon = lexicon_store.load(gen_path)
    if lexicon is None:
        return None
    path = gen_path / COUNTERPARTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, not {FORMAT}")
        counterparts = {int(n): (tuple(int(o) for o in others), float(conf)) for n, others, conf in data["docs"]}
    except FileNotFoundError:
        counterparts = {}
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise LexiconError(f"{path}: not usable ({exc}); rebuild the index") from None
    return CrossData(lexicon, counterparts)


def for_index(ix) -> CrossData | None:
    """Return the cross-language data of the generation an open Whoosh index was opened from."""
    return load(ix.storage.folder)
