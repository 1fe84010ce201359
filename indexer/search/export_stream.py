"""Writing an export a piece at a time: TMX and CSV as chunks of bytes, sent as the pairs are read.

The pieces joined are a file :func:`indexer.search.export.export_bytes` would
write for the same pairs (TMX indented the same way, CSV with its BOM).  An
export the time budget cut short ends with a line saying so: an XML comment
before ``</body>`` in TMX, a last row starting with ``#`` in CSV.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from indexer.ingest.formats import tmx
from indexer.search.export import CSV_COLUMNS, Tally, _cell

_BODY = "<body />"


def cut_message(tally: Tally, seconds: float | None) -> str:
    """Return the line that ends an export the time budget cut short."""
    return (f"the export took longer than {seconds:g} s and was cut after {tally.pairs} pairs "
            f"(of {tally.total_hits} hits): narrow the search to export the rest")


def tmx_chunks(pairs, tally: Tally, seconds: float | None = None):
    """Yield a TMX 1.4 file of ``pairs`` in pieces: the header, one ``<tu>`` at a time, the end."""
    empty = io.BytesIO()
    tmx.write_tmx([], empty)
    head, _, tail = empty.getvalue().decode("utf-8").partition(_BODY)
    yield (head + "<body>\n").encode("utf-8")
    for p in pairs:
        body = ET.Element("body")
        tmx._write_unit(body, {"en": p.en, "ru": p.ru}, p.symbol, p.number, p.citation)
        unit = body[0]
        ET.indent(unit, level=2)
        yield ("    " + ET.tostring(unit, encoding="unicode") + "\n").encode("utf-8")
    if tally.cut:
        yield f"    <!-- {cut_message(tally, seconds).replace('--', '-')} -->\n".encode("utf-8")
    yield ("  </body>" + tail).encode("utf-8")


def csv_chunks(pairs, tally: Tally, seconds: float | None = None):
    """Yield a CSV file (UTF-8 with a BOM) of ``pairs`` in pieces: the header row, then a row at a time."""
    yield "\ufeff".encode("utf-8") + _row(CSV_COLUMNS)
    for p in pairs:
        yield _row([_cell(v) for v in (p.symbol, p.number, p.citation, p.en, p.ru, p.date)])
    if tally.cut:
        yield _row(["# " + cut_message(tally, seconds)])


def _row(cells) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue().encode("utf-8")


CHUNKS = {"tmx": tmx_chunks, "csv": csv_chunks}
