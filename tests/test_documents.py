"""The document model: documents pickle compactly and come back with every field the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest

from indexer.documents import FOOTNOTE, HEADING, Block, Document, Paragraph, assemble, with_meta


def _fields(value):
    """Return every field of a document or paragraph (warnings too, which equality leaves out), nested."""
    if dataclasses.is_dataclass(value):
        return tuple((f.name, _fields(getattr(value, f.name))) for f in dataclasses.fields(value))
    if isinstance(value, tuple):
        return tuple(_fields(v) for v in value)
    return type(value), value


def _round_trip(doc: Document) -> Document:
    """Return ``doc`` pickled and loaded."""
    return pickle.loads(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL))


_BLOCKS = [
    Block("I. Introduction", kind=HEADING, number="I"),
    Block("1. The Conference adopted resolution 6/1.¹", number="1", section="I. Introduction"),
    Block("Конференция участников", lang="ru"),
    Block("   "),
    Block("United Nations, Treaty Series, vol. 2225.", kind=FOOTNOTE, attached_to=1, marker="1"),
]
_ASSEMBLED = assemble(_BLOCKS, doc_id="CTOC/COP/2012/1@en", lang="en", symbol="CTOC/COP/2012/1",
                      title="Report", date=dt.date(2012, 10, 15), original_lang="en", source="a.txt",
                      warnings=("a warning",))
_ODD = Document(  # paragraphs whose text and doc id the document's do not give
    doc_id="X@en", lang="en", text="one\n\ntwo",
    paragraphs=(Paragraph("X@en", 0, "one", 0, 3, "en"), Paragraph("Y@ru", 1, "other", 5, 8, "ru", number="2")),
)


@pytest.mark.parametrize("doc", [
    _ASSEMBLED,
    with_meta(_ASSEMBLED, doc_id="A/70/1@en", symbol="A/70/1"),
    _ODD,
    Document(doc_id="empty@en", lang="en", text="", paragraphs=()),
])
def test_pickle_round_trip_keeps_every_field(doc):
    back = _round_trip(doc)
    assert back == doc
    assert _fields(back) == _fields(doc)
    assert [list(vars(p)) for p in back.paragraphs] == [list(vars(p)) for p in doc.paragraphs]
    assert _round_trip(back) == doc


def test_seed_documents_pickle_smaller_and_the_same(seed_docs):
    for doc in seed_docs.values():
        compact = pickle.dumps(doc, pickle.HIGHEST_PROTOCOL)
        plain = pickle.dumps(dataclasses.replace(doc).__dict__, pickle.HIGHEST_PROTOCOL)
        assert len(compact) < len(plain)
        assert _fields(pickle.loads(compact)) == _fields(doc)
