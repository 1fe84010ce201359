"""Turning paragraphs into index records (the field values of one Whoosh document)."""

from __future__ import annotations

from analyzers.scripts import CYRILLIC, dominant_script
from indexer.documents import Document, Paragraph
from indexer.engine.schema import EXACT_FIELD, ID_SEPARATOR, TEXT_FIELDS
from indexer.symbols import symbol_key


def text_field(paragraph: Paragraph, doc: Document) -> str:
    """Return the analyzed field for a paragraph: its language's, else its document's, else by script."""
    for lang in (paragraph.lang, doc.lang):
        if lang in TEXT_FIELDS:
            return TEXT_FIELDS[lang]
    return TEXT_FIELDS["ru"] if dominant_script(paragraph.text) == CYRILLIC else TEXT_FIELDS["en"]


def paragraph_record(doc: Document, p: Paragraph, *, group: str | None = None, aligned: tuple = (),
                     align_conf: float | None = None) -> dict:
    """Return the field values that index paragraph ``p`` of ``doc``.

    ``group`` is the key shared by the linked language versions of the document;
    ``aligned`` the ids of the paragraph's counterparts, ``align_conf`` the link's confidence.
    """
    record = {
        "id": p.id,
        "doc_id": doc.doc_id,
        "lang": p.lang,
        "doc_lang": doc.lang,
        "position": p.position,
        "kind": p.kind,
        "text": p.text,
        text_field(p, doc): p.text,
        EXACT_FIELD: p.text,
        "source": doc.source,
        "fmt": doc.fmt,
        "aligned": list(aligned),
    }
    optional = {
        "symbol": doc.symbol,
        "symbol_key": symbol_key(doc.symbol),
        "number": p.number,
        "section": p.section,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "year": doc.year,
        "original_lang": doc.original_lang,
        "attached_to": p.attached_to,
        "group": group,
        "align_conf": align_conf,
        "aligned_to": ID_SEPARATOR.join(aligned) or None,
    }
    record.update({k: v for k, v in optional.items() if v is not None})
    return record
