"""Word files made from parsed seeds with python-docx: numbered paragraphs as Word lists, real footnotes,
a header and a footer (the footnotes part, which python-docx cannot make, is written as XML)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.documents import CONTENTS, FOOTNOTE, HEADING, Document
from tests.makers import FROM_SUPERSCRIPT, SUPERSCRIPTS, TO_SUPERSCRIPT, cover_lines

_SUP_RE = re.compile(f"([{SUPERSCRIPTS}]+)")
_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Number formats of the lists the maker writes: (numFmt, lvlText), chosen by the look of the number.
LIST_FORMATS = {"decimal": "%1.", "lowerLetter": "(%1)", "lowerRoman": "(%1)"}
_ROMAN = ("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx").split()


@dataclass
class DocxMade:
    """What the Word maker did: the paragraphs it had to give a footnote reference that the text lacked."""

    marked: dict = field(default_factory=dict)  # position -> the mark appended to the paragraph's text


def _list_of(number: str, previous: dict) -> tuple[str, int]:
    """Return the Word list format and counter value that show ``number`` (``7``, ``(b)``, ``(iv)``)."""
    bare = number.strip("()")
    if bare.isdigit():
        return "decimal", int(bare)
    if bare in _ROMAN and (bare != "i" or previous.get("lowerLetter") != 8) and (
            len(bare) > 1 or bare == "i" or previous.get("lowerRoman") == _ROMAN.index(bare)):
        return "lowerRoman", _ROMAN.index(bare) + 1
    return "lowerLetter", ord(bare) - ord("a") + 1


class _Docx:
    def __init__(self):
        import docx

        self.document = docx.Document()
        self.numbering = self.document.part.numbering_part.element
        self.next_num = 100
        self.current: dict[str, tuple[str, int]] = {}  # format -> (numId, last value)
        self.footnotes: list[tuple[int, str]] = []
        self.auto_next = 1  # the number Word gives the next footnote it numbers

    def num_id(self, fmt: str, value: int) -> str:
        """Return the numId that continues the list of ``fmt`` to ``value``, or a new list starting there."""
        from docx.oxml.parser import parse_xml

        current = self.current.get(fmt)
        if current and current[1] == value - 1:
            self.current[fmt] = (current[0], value)
            return current[0]
        num = str(self.next_num)
        self.next_num += 1
        abstract = parse_xml(
            f'<w:abstractNum {_W_NS} w:abstractNumId="{num}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{LIST_FORMATS[fmt]}"/></w:lvl></w:abstractNum>')
        first_num = self.numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.numbering.append(parse_xml(
            f'<w:num {_W_NS} w:numId="{num}"><w:abstractNumId w:val="{num}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{value}"/></w:lvlOverride></w:num>'))
        self.current[fmt] = (num, value)
        return num

    def paragraph(self, text: str, *, bold: bool = False, number: str | None = None, notes=()):
        """Add a paragraph; superscript digits in ``text`` that are marks of ``notes`` become footnote references."""
        from docx.oxml.parser import parse_xml

        p = self.document.add_paragraph()
        if number:
            fmt, value = _list_of(number, {f: v for f, (_, v) in self.current.items()})
            num = self.num_id(fmt, value)
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {_W_NS}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'))
        marks = {m: t for m, t in notes}
        star = next((m for m in marks if not m.isdigit() and text.endswith(m)), None)
        if star:  # a mark like * written at the end of the text: the reference takes its place
            text = text[: -len(star)]
        for piece in _SUP_RE.split(text):
            if not piece:
                continue
            digits = piece.translate(FROM_SUPERSCRIPT)
            if piece[0] in SUPERSCRIPTS and digits in marks:
                self._reference(p, digits, marks.pop(digits))
            else:
                p.add_run(piece).bold = bold or None
        if star:
            self._reference(p, star, marks.pop(star))
        for mark, note in marks.items():  # footnotes whose mark the text lacks: referenced at its end
            self._reference(p, mark, note)
        return p

    def _reference(self, p, mark: str, note: str):
        """Add a footnote reference: numbered by Word when its number comes next, else with its mark written."""
        from docx.oxml.parser import parse_xml

        note_id = len(self.footnotes) + 1
        self.footnotes.append((note_id, note))
        custom = None
        if mark.isdigit() and int(mark) == self.auto_next:
            self.auto_next += 1
        else:
            custom = mark
        run = p.add_run()
        run.font.superscript = custom is None or mark.isdigit()
        follows = ' w:customMarkFollows="1"' if custom else ""
        run._r.append(parse_xml(f'<w:footnoteReference {_W_NS} w:id="{note_id}"{follows}/>'))
        if custom:
            run.add_text(custom)

    def save(self, path, header: str | None, job: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from xml.sax.saxutils import escape

        section = self.document.sections[0]
        section.header.paragraphs[0].text = header or ""
        section.footer.paragraphs[0].text = f"{job}\t"
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>'
            f'</w:r><w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            for n, text in self.footnotes)
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {_W_NS}>'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f'</w:p></w:footnote>{notes}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode("utf-8"), self.document.part.package)
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.document.save(str(path))


def docx_from_document(doc: Document, path, *, job: str = "V.12-57118", header: str | None = None,
                       cover_left: int = 0) -> DocxMade:
    """Write ``doc`` as a Word file: numbered paragraphs as Word lists, real footnotes, header and footer.

    ``header`` is the symbol in the page header (default: the document's);
    with ``cover_left``, the cover page is a table: the first ``cover_left``
    paragraphs (the body's name) in the left cell, the ``Distr.`` lines in the right.
    """
    made = DocxMade()
    out = _Docx()
    if cover_left:
        table = out.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        for cell, texts in ((left, [p.text for p in doc.paragraphs[:cover_left]]), (right, cover_lines(doc))):
            cell.paragraphs[0].text = texts[0]
            for text in texts[1:]:
                cell.add_paragraph(text)
    else:
        for line in cover_lines(doc):
            out.paragraph(line)
    notes_of: dict[int, list] = {}
    for p in doc.paragraphs:
        if p.kind == FOOTNOTE:
            notes_of.setdefault(p.attached_to, []).append((p.marker, p.text))
    for p in doc.paragraphs[cover_left:]:
        if p.kind == FOOTNOTE:
            continue
        notes = notes_of.get(p.position, ())
        missing = [m for m, _ in notes if m.translate(TO_SUPERSCRIPT) not in p.text
                   and not (not m.isdigit() and p.text.endswith(m))]
        if missing:
            made.marked[p.position] = "".join(m.translate(TO_SUPERSCRIPT) for m in missing)
        if p.kind == CONTENTS:
            out.paragraph(f"{p.text}\t{3 + p.position % 17}")
        else:
            out.paragraph(p.text, bold=p.kind == HEADING, number=p.number if p.kind != HEADING else None,
                          notes=notes)
    out.save(path, header or doc.symbol, job)
    return made
