"""Posting lists read whole from a segment: document numbers, weights and positions as arrays, cached.

Whoosh's block tuples are decoded with numpy a block at a time (its own
matchers walk them a posting at a time).  What is read here is Whoosh 2.7.4's
W3 codec's insides, used only with the speed-ups in place
(:data:`indexer.engine.speedups.APPLIED`).
"""

from __future__ import annotations

import io
import pickle
import struct
from itertools import chain

import numpy as np
from whoosh.codec import whoosh3
from whoosh.reading import ReaderClosed, TermNotFound

from indexer.caches.dict_cache import DictCache
from indexer.caches.lru import LRUCache
from indexer.caches.registry import CLEAR_WHEN_FULL, LRU_BY_WEIGHT, NOTHING, declare
from indexer.engine import compact_blocks, kept_arrays, pread_files, term_table
from indexer.engine.inflate import inflate
from indexer.engine.position_values import as_arrays, decoder, positions_of, values_decoded

CACHE_MB = 256  # decoded posting lists kept in memory, per process
NARROW_FROM = 32  # postings in a list kept narrow (85% of the postings the cache holds, in 30% of its lists)
SOME_DOCS = 0.25  # a phrase's documents under this share of a word's: only theirs are decoded (positions_in)
KEYS_AT_ONCE = 24  # documents from which keys_in makes their keys with numpy (fewer: one by one, cheaper then)
# Documents from which keys_in decodes their positions with numpy (fewer: each value looked up in the table of those
# decoded, cheaper then: 9-25 against 50-55 µs below 100 documents, 72 against 67 µs from 100)
DECODED_AT_ONCE = 96
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_INT = struct.Struct("!i")  # Whoosh's packed int: a block's length
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


def _nbytes(value: tuple) -> int:
    return sum(a.nbytes if hasattr(a, "nbytes") else len(a) for a in value)


# Decoded posting lists, by segment, field and term.  A segment never changes once
# written (generations share segments, not files that change), so a posting list
# read once serves every later query on any generation that has the segment;
# deletions are applied after.  The arrays of a list of NARROW_FROM postings or
# more are kept narrow (kept_arrays), and given back as the int64 and float64
# arrays they were read as (_WIDE); a shorter list is kept as read (what its
# arrays hold is then less than what the cache spends on them).
POSTINGS = declare("engine.postings", LRUCache(CACHE_MB << 20, weigh=_nbytes, largest=(CACHE_MB << 20) // 4),
                   bound=CACHE_MB << 20, unit="bytes", eviction=LRU_BY_WEIGHT, invalidated_by=NOTHING)
_NARROW = {"postings": lambda ids, weights: (kept_arrays.narrowed(ids, True), kept_arrays.narrowed(weights)),
           "ids": lambda ids: (kept_arrays.narrowed(ids, True),),
           "positions": lambda ids, starts, where: (kept_arrays.narrowed(ids, True), kept_arrays.narrowed(starts, True),
                                                    kept_arrays.narrowed(where)),
           "encoded": lambda ends, values: (kept_arrays.narrowed(ends, True), values)}
_WIDE = {"postings": lambda ids, weights: (ids.astype(np.int64, copy=False), weights.astype(np.float64, copy=False)),
         "ids": lambda ids: (ids.astype(np.int64, copy=False),),
         "positions": lambda *arrays: tuple(a.astype(np.int64, copy=False) for a in arrays),
         "encoded": lambda ends, values: (ends.astype(np.int64, copy=False), values)}
# The terms keys_in has decoded some documents' positions of (segment, documents, field, term): see keys_in.
ASKED_KEPT = 100_000
ASKED = declare("engine.positions_asked", DictCache(ASKED_KEPT), bound=ASKED_KEPT, eviction=CLEAR_WHEN_FULL,
                invalidated_by=NOTHING)


def _cached(reader, fieldname: str, btext: bytes, what: str, read):
    """Return ``read(reader, fieldname, btext)``, from :data:`POSTINGS` when it has it (widened)."""
    found = _as_kept(reader, fieldname, btext, what, read)
    return found if len(found[0]) < NARROW_FROM else _WIDE[what](*found)


def segment_key(reader) -> tuple[str, int]:
    """Return what names a segment's lists in :data:`POSTINGS`: its id and its number of documents."""
    return reader.segment().segment_id(), reader.doc_count_all()


def _as_kept(reader, fieldname: str, btext: bytes, what: str, read, segment: tuple[str, int] | None = None):
    """Return ``read(reader, fieldname, btext)`` as :data:`POSTINGS` keeps it (perhaps narrow: not widened), read
    and kept first if it is not there: for callers that look at a few rows of a long list (``segment``: the
    reader's :func:`segment_key`, if the caller has it)."""
    key = (*(segment or segment_key(reader)), fieldname, btext, what)
    found = POSTINGS.get(key)
    if found is None:
        found = read(reader, fieldname, btext)
        _keep(key, found)
    return found


def doc_count(reader, fieldname: str, btext: bytes) -> int:
    """Return how many paragraphs of one segment have a term (its cached posting list's length, not widened)."""
    return len(_as_kept(reader, fieldname, btext, "postings", _read_postings)[0])


def _kept(key: tuple) -> tuple | None:
    """Return the arrays :data:`POSTINGS` keeps under ``key`` (its last part says what they are), widened; or None."""
    found = POSTINGS.get(key)
    return found if found is None or len(found[0]) < NARROW_FROM else _WIDE[key[-1]](*found)


def _keep(key: tuple, arrays: tuple) -> None:
    """Keep ``arrays`` in :data:`POSTINGS` under ``key``, narrowed if there are :data:`NARROW_FROM` postings or more."""
    POSTINGS.put(key, arrays if len(arrays[0]) < NARROW_FROM else _NARROW[key[-1]](*arrays))


def postings(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Return a term's document numbers and weights in one segment, none if it lacks the term (cached in :data:`POSTINGS`)."""
    return _cached(reader, fieldname, btext, "postings", _read_postings)


def positions(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return a term's positions in one segment: ``(ids, starts, positions)``, the positions of ``ids[k]`` being
    ``positions[starts[k]:starts[k + 1]]`` (cached)."""
    return _cached(reader, fieldname, btext, "positions", _read_positions)


def positions_in(reader, fieldname: str, btext: bytes, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return a term's positions in some documents of one segment (local numbers, ascending), as :func:`positions`.

    A phrase needs the positions of its words in the few documents that have
    all of them: when those are under :data:`SOME_DOCS` of the term's documents,
    only their positions are decoded (Whoosh decodes a posting's positions with
    a pickle load each, 1-2 µs: a word in 50,000 paragraphs took 0.1 s), from
    the encoded positions kept with the posting list (:func:`encoded_positions`);
    otherwise the whole list is (and kept), and given whole: the caller picks its
    documents.  Documents without the term have none.
    """
    ids = postings(reader, fieldname, btext)[0] if len(docs) else _EMPTY_IDS
    if not len(ids):
        return _EMPTY_IDS, np.zeros(1, dtype=np.int64), _EMPTY_IDS
    key = (reader.segment().segment_id(), reader.doc_count_all(), fieldname, btext, "positions")
    whole = _kept(key)
    if whole is None and len(docs) >= SOME_DOCS * len(ids):
        whole = positions(reader, fieldname, btext)
    if whole is not None:
        return whole
    encoded = encoded_positions(reader, fieldname, btext)
    if encoded is not None:
        ends, values = encoded
        rows = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        rows = rows[ids[rows] == docs]
        return as_arrays(ids[rows].tolist(), values_decoded(reader.schema[fieldname].format, values,
                                                            np.where(rows > 0, ends[rows - 1], 0).tolist(),
                                                            ends[rows].tolist()))
    field_format = reader.schema[fieldname].format
    matcher = reader._terms.matcher(fieldname, btext, field_format)
    decode = decoder(field_format)
    ids, lists, i = [], [], 0
    while matcher.is_active() and i < len(docs):
        if docs[i] <= matcher._maxid:  # the block holds documents up to its largest number
            end = int(np.searchsorted(docs, matcher._maxid, side="right"))
            matcher._read_ids()
            block = np.asarray(matcher._ids, dtype=np.int64)
            rows = np.minimum(np.searchsorted(block, docs[i:end]), len(block) - 1)
            rows = rows[block[rows] == docs[i:end]]
            if len(rows):
                matcher._read_values()
                values = matcher._values
                ids.extend(block[rows].tolist())
                lists.extend(map(decode, map(values.__getitem__, rows.tolist())))
            i = end
        matcher._next_block()
    return as_arrays(ids, lists)


def keys_in(reader, fieldname: str, btext: bytes, docs: np.ndarray, span: int,
            segment: tuple[str, int] | None = None) -> np.ndarray:
    """Return ``doc * span + position`` for every position of a term in some documents of one segment (local
    numbers, ascending, each once): :func:`positions_in` made keys, in the order of the documents.

    The ranking of hits asks this of a few hundred documents for each word of a
    query: the term's cached lists are looked up once, and where only some
    documents' positions are decoded their keys are made as they are.  The
    first time a term is asked about, only its documents asked are decoded,
    however many they are (:data:`ASKED`); the whole list is decoded and kept
    when it is asked about again (with :data:`SOME_DOCS` of its documents).
    ``segment`` is the reader's :func:`segment_key`, if the caller has it.
    """
    if not len(docs):
        return _EMPTY_IDS
    segment = segment or segment_key(reader)
    ids = _as_kept(reader, fieldname, btext, "postings", _read_postings, segment)[0]
    if not len(ids):
        return _EMPTY_IDS
    rows = ids.searchsorted(docs)  # the rows of the documents asked about (a term's lists share its rows)
    rows = rows[ids.take(rows, mode="clip") == docs]
    if not len(rows):
        return _EMPTY_IDS
    base = (*segment, fieldname, btext)
    whole = POSTINGS.get((*base, "positions"))  # as kept: only the rows asked about are widened below
    encoded = POSTINGS.get((*base, "encoded")) if whole is None else None
    if whole is None and len(docs) >= SOME_DOCS * len(ids) and (encoded is None or ASKED.get(base)):
        whole = _as_kept(reader, fieldname, btext, "positions", _read_positions, segment)
        encoded = None
    elif encoded is not None:
        ASKED.put(base, True)
    if whole is None and encoded is None:  # the documents' positions alone, read through Whoosh's matcher
        whole = positions_in(reader, fieldname, btext, ids[rows].astype(np.int64))  # (or the whole list, if kept)
        if len(whole[0]) != len(rows):
            rows = np.minimum(np.searchsorted(whole[0], docs), max(len(whole[0]) - 1, 0))
            rows = rows[whole[0][rows] == docs] if len(whole[0]) else rows[:0]
        else:
            rows = np.arange(len(rows))
    if whole is None:  # a few documents of a long list: decoded here, as positions_in would
        ends, values = encoded
        starts = ends[rows - 1]  # where each value starts: where the one before ends (the first: 0)
        if not rows[0]:
            starts[0] = 0
        field_format = reader.schema[fieldname].format
        found = positions_of(field_format, values, starts, ends[rows]) if len(rows) >= DECODED_AT_ONCE else None
        if found is not None:
            return np.repeat(ids[rows].astype(np.int64) * span, found[0]) + found[1]
        lists = values_decoded(field_format, values, starts.tolist(), ends[rows].tolist())
        if len(lists) < KEYS_AT_ONCE:
            keys: list[int] = []
            for doc, found in zip(ids[rows].tolist(), lists):
                first = doc * span
                keys.extend([first + p for p in found])
            return np.array(keys, dtype=np.int64)
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        return np.repeat(ids[rows].astype(np.int64) * span, counts) + np.fromiter(
            chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    ids, starts, where = whole
    begins = starts[rows].astype(np.int64)
    counts = starts[rows + 1].astype(np.int64) - begins
    flat = np.repeat(begins - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
    return np.repeat(ids[rows].astype(np.int64) * span, counts) + where[flat].astype(np.int64)


def encoded_positions(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, bytes] | None:
    """Return a term's encoded positions in one segment as read with its posting list: where each posting's
    value ends, and the values one after the other; None when they were not kept (a field without positions)."""
    postings(reader, fieldname, btext)
    return _kept((reader.segment().segment_id(), reader.doc_count_all(), fieldname, btext, "encoded"))


def _read_postings(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Read a term's postings in one segment, decoding its blocks (Whoosh's tuples or compact ones) with numpy.

    The term's whole extent of the postings file is read at once and its
    blocks parsed from memory: Whoosh's matcher reads each block's header with
    a pickle load from the file, some twenty small reads (a seek and a read
    each) per block.  In a field with positions, the postings' encoded positions,
    unpickled with the rest of each block, are kept too (:func:`encoded_positions`):
    a phrase, and the order of the hits, decode those of the documents they ask
    about without reading the file again.  A term the segment lacks has none
    (and is remembered as such by the cache).
    """
    extent = term_extent(reader, fieldname, btext)
    if extent is None:
        return _EMPTY_IDS, _EMPTY_SCORES
    if extent == term_table.INLINED:  # a short list kept in the term's entry (Whoosh's own writer makes them)
        return _read_with_matcher(reader, fieldname, btext)
    offset, length = extent
    field_format = reader.schema[fieldname].format
    keep = field_format.supports("positions")
    ids, weights, sizes, values = [], [], [], []
    for block, block_weights, block_sizes, joined in _blocks(pread_files.get(reader._terms._postfile, offset, length),
                                                             field_format.fixed_value_size()):
        ids.append(block)
        weights.append(np.ones(len(block)) if block_weights is None else block_weights)
        keep = keep and block_sizes is not None and len(block_sizes) == len(block)
        if keep:
            sizes.append(block_sizes)
            values.append(joined)
    if not ids:
        return _EMPTY_IDS, _EMPTY_SCORES
    if keep:
        _keep((reader.segment().segment_id(), reader.doc_count_all(), fieldname, btext, "encoded"),
              (np.cumsum(_joined(sizes)), values[0] if len(values) == 1 else b"".join(values)))
    return _joined(ids), _joined(weights)


def _joined(arrays: list) -> np.ndarray:
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)  # one block's array: as it is, not copied


def term_extent(reader, fieldname: str, btext: bytes) -> tuple[int, int] | tuple[()] | None:
    """Return where a term's postings are in a segment's postings file, ``(offset, length)``, as its entry in the
    term table says (:func:`indexer.engine.term_table.extent`: :data:`~indexer.engine.term_table.INLINED` for
    postings kept in the entry, None when the segment lacks the term)."""
    info = _term_info(reader, fieldname, btext, term_table.extent)
    if info is None or type(info) is tuple:
        return info
    if info.is_inlined():
        return term_table.INLINED
    offset, length = info.extent()
    return offset, length[0] if isinstance(length, tuple) else length  # Whoosh 2.7.4 reads it as a 1-tuple


def _term_info(reader, fieldname: str, btext: bytes, read=term_table.term_info):
    """Return a term's entry in a segment's term table, or None when the segment lacks it (one look-up, not two):
    as ``read`` gives it where :mod:`indexer.engine.term_table` reads the table, else Whoosh's term info."""
    if reader.is_closed:
        raise ReaderClosed
    if fieldname not in reader.schema:
        return None
    terms = reader._terms
    if term_table.readable(terms):
        return read(terms, fieldname, btext)
    try:
        return terms.term_info(fieldname, btext)
    except TermNotFound:
        return None


def _blocks(raw: bytes, fixed, ids_only: bool = False):
    """Yield the ``(ids, weights, sizes, joined)`` of each block of a term's postings, as ``W3LeafMatcher`` reads
    them: document numbers, weights (None: all 1.0), the sizes of the values (None: not a list of values) and the
    values one after the other.

    A block is its length (negative for the last one), its pickled header
    ``(count, max id, max weight, compression, min length, max length)``
    and its data: Whoosh's pickled ``(ids, weights, values)``, compressed
    or not, or a compact block (:mod:`indexer.engine.compact_blocks`).
    """
    if raw[:len(whoosh3.WHOOSH3_HEADER_MAGIC)] != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"block tag error {raw[:4]!r}")
    stream = io.BytesIO(raw)
    position = len(whoosh3.WHOOSH3_HEADER_MAGIC)
    while position < len(raw):
        (length,) = _INT.unpack_from(raw, position)
        end = position + _INT.size + abs(length)
        stream.seek(position + _INT.size)
        header = pickle.load(stream)
        count, compression = header[0], header[3]
        data = raw[stream.tell():end]
        if compact_blocks.is_compact(compression):
            yield (compact_blocks.decode_ids(data, compression, count) if ids_only
                   else compact_blocks.decode_arrays(data, compression, count, fixed))
        else:
            yield _whoosh_block(pickle.loads(inflate(data) if compression else data))
        if length < 0:
            break
        position = end


def _whoosh_block(data: tuple) -> tuple:
    """Return the ``(ids, weights, sizes, joined)`` of a block of Whoosh's own (its unpickled data)."""
    raw_ids, raw_weights, raw_values = data[:3]
    ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))  # a posting list's document numbers are stored as gaps
    if raw_weights is None:
        weights = None
    elif isinstance(raw_weights, float):
        weights = np.full(len(ids), raw_weights)
    else:
        weights = np.asarray(raw_weights, dtype=np.float64)
    if not isinstance(raw_values, (list, tuple)):
        return ids, weights, None, None
    sizes = np.fromiter(map(len, raw_values), dtype=np.int64, count=len(raw_values))
    return ids, weights, sizes, b"".join(raw_values)


def _read_with_matcher(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Read a term's postings through Whoosh's matcher, posting by posting."""
    matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def _read_positions(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read a term's postings with their positions in one segment (each distinct value decoded once), from the
    encoded positions kept with its posting list when they are (else through Whoosh's matcher)."""
    encoded = encoded_positions(reader, fieldname, btext)
    if encoded is not None:
        ends, values = encoded
        ids = postings(reader, fieldname, btext)[0]
        found = positions_of(reader.schema[fieldname].format, values, np.concatenate(([0], ends[:-1])), ends)
        if found is not None:
            return np.asarray(ids, dtype=np.int64), np.concatenate(([0], np.cumsum(found[0]))), found[1]
        bounds = [0, *ends.tolist()]
        return as_arrays(ids, values_decoded(reader.schema[fieldname].format, values, bounds[:-1], bounds[1:]))
    field_format = reader.schema[fieldname].format
    matcher = reader._terms.matcher(fieldname, btext, field_format)
    decode = decoder(field_format)
    ids, lists = [], []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_values()
        ids.extend(matcher._ids)
        lists.extend(map(decode, matcher._values))
        matcher._next_block()
    return as_arrays(ids, lists)
