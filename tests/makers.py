"""What the test documents are made from and checked by: the parsed seeds, their paragraphs and footnotes.

The makers (:mod:`tests.pdf_maker`, :mod:`tests.docx_maker`) write a parsed
document as the files UN documents come as; what the importers must give back
is the document the file was made from, so the expected paragraphs are known
exactly.
"""

from __future__ import annotations

from indexer.documents import FOOTNOTE, Document

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
MONTHS = ("January February March April May June July August September October November December").split()


def body(doc: Document) -> list[tuple]:
    """The paragraphs of a document but its footnotes, as ``(kind, number, text, section)``: what must come back."""
    return [(p.kind, p.number, p.text, p.section) for p in doc.paragraphs if p.kind != FOOTNOTE]


def footnotes(doc: Document) -> dict[str, tuple]:
    """The footnotes by mark: their text, and the start of the paragraph they belong to when it cites them."""
    out = {}
    for p in doc.paragraphs:
        if p.kind == FOOTNOTE:
            cited = doc.paragraphs[p.attached_to]
            # A letter mark (^a) is gone from the parsed text: which paragraph cites it cannot be told from it.
            cites = not p.marker.isalpha() and p.marker.translate(TO_SUPERSCRIPT) in cited.text
            out[p.marker] = (p.text, cited.text[:60] if cites else None)
    return out


def cover_lines(doc: Document) -> list[str]:
    """The lines of a UN cover page for ``doc``: distribution, date, the version's language, the original's."""
    lines = ["Distr.: General"]
    if doc.date:
        lines.append(f"{doc.date.day} {MONTHS[doc.date.month - 1]} {doc.date.year}")
    names = {"en": "English", "ru": "Russian"}
    if doc.original_lang and doc.lang != doc.original_lang and doc.lang in names:
        lines.append(names[doc.lang])
    if doc.original_lang in names:
        lines.append(f"Original: {names[doc.original_lang]}")
    return lines
