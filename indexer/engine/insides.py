"""The private names of Whoosh 2.7.4 that the engine's speed-ups replace or read, and a check that all are there.

The speed-ups (:mod:`indexer.engine.speedups`, :mod:`indexer.engine.fuzzy_terms`,
the fast path of :mod:`indexer.engine.fastsearch` and the pooled writer of
:mod:`indexer.engine.posting_pool`) lean on Whoosh's insides.  They are installed
only when every name listed here is present (:func:`missing` is empty), so a
Whoosh that renamed one keeps working, slower, instead of failing mid-search.

Each entry is ``(owner, name)``: ``owner`` is ``"module:Class.Nested"`` (or
``"module"``) and ``name`` an attribute of it.  A name listed under
:data:`SET_BY` is an instance attribute: some method of the class (or of a base
class) must assign it.
"""

from __future__ import annotations

import importlib

WHOOSH_VERSION = "2.7.4"

_W3 = "whoosh.codec.whoosh3"

# Methods the speed-ups replace.
REPLACED = (
    (f"{_W3}:W3PerDocReader", "_cached_reader"),
    (f"{_W3}:W3PerDocReader", "doc_field_length"),
    ("whoosh.formats:Existence", "word_values"),
    ("whoosh.formats:Frequency", "word_values"),
    ("whoosh.formats:Positions", "word_values"),
    ("whoosh.query.qcore:Query", "with_boost"),
    (f"{_W3}:W3LeafMatcher", "_read_data"),
    ("whoosh.reading:IndexReader", "terms_within"),
    ("whoosh.reading:SegmentReader", "terms_within"),
)

# Module and class attributes they read.
READ = (
    (_W3, "_lenfield"),
    (_W3, "LENGTHS_COLUMN"),
    (_W3, "WHOOSH3_HEADER_MAGIC"),
    ("whoosh.formats", "pack_uint"),
    (f"{_W3}:W3TermInfo", "_struct"),
    ("whoosh.filedb.filetables", "_lengths"),
    ("whoosh.filedb.filetables", "_pointer"),
    (f"{_W3}:W3TermsReader", "_keycoder"),
    ("whoosh.filedb.filetables:OrderedHashReader", "closest_key_pos"),
    (f"{_W3}:W3LeafMatcher", "_read_ids"),
    (f"{_W3}:W3LeafMatcher", "_read_values"),
    (f"{_W3}:W3LeafMatcher", "_next_block"),
    (f"{_W3}:W3PostingsWriter", "_write_block"),
)

# Instance attributes they read, with the class whose methods set them.
SET_BY = (
    (f"{_W3}:W3PerDocReader", "_readers"),
    (f"{_W3}:W3PerDocReader", "_doccount"),
    ("whoosh.columns:NumericColumn.Reader", "_dbfile"),
    ("whoosh.columns:NumericColumn.Reader", "_basepos"),
    ("whoosh.columns:NumericColumn.Reader", "_count"),
    ("whoosh.columns:NumericColumn.Reader", "_doccount"),
    ("whoosh.columns:NumericColumn.Reader", "_fixedlen"),
    ("whoosh.columns:NumericColumn.Reader", "_typecode"),
    ("whoosh.columns:NumericColumn.Reader", "_default"),
    ("whoosh.columns:NumericColumn.Reader", "_reverse"),
    ("whoosh.columns:TranslatingColumnReader", "_translate"),
    ("whoosh.reading:SegmentReader", "_segment"),
    ("whoosh.reading:SegmentReader", "_perdoc"),
    ("whoosh.reading:SegmentReader", "_terms"),
    (f"{_W3}:W3LeafMatcher", "_data"),
    (f"{_W3}:W3LeafMatcher", "_ids"),
    (f"{_W3}:W3LeafMatcher", "_values"),
    (f"{_W3}:W3LeafMatcher", "_byteids"),
    (f"{_W3}:W3LeafMatcher", "_maxid"),
    (f"{_W3}:W3LeafMatcher", "_compression"),
    (f"{_W3}:W3LeafMatcher", "_postfile"),
    (f"{_W3}:W3LeafMatcher", "_dataoffset"),
    (f"{_W3}:W3LeafMatcher", "_nextoffset"),
    (f"{_W3}:W3LeafMatcher", "_blocklength"),
    (f"{_W3}:W3LeafMatcher", "_fixedsize"),
    (f"{_W3}:W3TermsReader", "_postfile"),
    (f"{_W3}:W3TermsReader", "_tindex"),
    (f"{_W3}:W3TermsReader", "_fieldmap"),
    ("whoosh.filedb.filetables:HashReader", "endofdata"),
    ("whoosh.filedb.filetables:HashReader", "tables"),
    ("whoosh.filedb.filetables:HashReader", "hashfn"),
    ("whoosh.filedb.filetables:HashReader", "dbfile"),
    ("whoosh.scoring:BM25F", "_field_B"),
    (f"{_W3}:W3Codec", "_blocklimit"),
    (f"{_W3}:W3Codec", "_compression"),
    (f"{_W3}:W3Codec", "_inlinelimit"),
    (f"{_W3}:W3FieldWriter", "_tindex"),
    (f"{_W3}:W3FieldWriter", "_fieldmap"),
    (f"{_W3}:W3FieldWriter", "_postfile"),
    (f"{_W3}:W3FieldWriter", "_fieldname"),
    (f"{_W3}:W3FieldWriter", "_fieldobj"),
    (f"{_W3}:W3FieldWriter", "_format"),
)

# Private methods of Whoosh's segment writer that committing segments written in other processes calls.
WRITER = tuple(("whoosh.writing:SegmentWriter", name) for name in (
    "_finalize_segment", "_close_segment", "_merge_segments", "_commit_toc", "_finish"))
WRITER_SET_BY = (("whoosh.writing:SegmentWriter", "_added"),)

SPEEDUPS = REPLACED + READ + SET_BY


def names() -> frozenset[str]:
    """Return every private attribute name listed here (what only the engine may use)."""
    return frozenset(name for _, name in SPEEDUPS + WRITER + WRITER_SET_BY if name.startswith("_"))


def _owner(path: str):
    """Return the module or class ``path`` names, or None if it is not there."""
    module_name, _, qualname = path.partition(":")
    try:
        found = importlib.import_module(module_name)
    except ImportError:
        return None
    for part in filter(None, qualname.split(".")):
        found = getattr(found, part, None)
        if found is None:
            return None
    return found


def _assigned(cls, name: str) -> bool:
    """Tell whether a method of ``cls`` or of a base class assigns (or reads) the attribute ``name``."""
    for klass in getattr(cls, "__mro__", ()):
        for value in vars(klass).values():
            code = getattr(value, "__code__", None)
            if code is not None and name in code.co_names:
                return True
    return False


def missing(attributes=SPEEDUPS, instance_attributes=SET_BY) -> list[str]:
    """Return ``"owner.name"`` of each listed name that is not there, in the order listed (empty: all are)."""
    out = []
    for owner_path, name in attributes:
        owner = _owner(owner_path)
        present = owner is not None and (_assigned(owner, name) if (owner_path, name) in instance_attributes
                                         else hasattr(owner, name))
        if not present:
            out.append(f"{owner_path}.{name}")
    return out
