"""A document's paragraph alignment side by side, as plain text, for people checking it.

One row per link (as :func:`indexer.search.reading.document_view` pairs them): the
English paragraph(s) on the left, the Russian on the right, with the link's
confidence and shape.  A summary line counts links by shape and the unpaired
paragraphs; the next says how the versions were linked: by their symbol, or by
content with the parts of the score (:func:`indexer.align.linking.score_parts`).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterator

from indexer.align.linking import LINK_THRESHOLD, explain, fingerprint_of, score_parts, weighted
from indexer.documents import FOOTNOTE, HEADING
from indexer.symbols import symbol_key

MIN_WIDTH = 60
LEFT = 16  # row number, confidence and shape: "{n:>4} {conf:>5} {shape:>5}"
GAPS = 5  # two spaces after LEFT, " | " between the columns


def shape(row: dict) -> str:
    """Return a row's shape: ``1-1``, ``2-1``, ``1-0`` …"""
    return f"{len(row['en'])}-{len(row['ru'])}"


def summary(view: dict) -> str:
    """Return one line saying how the versions of a document are aligned."""
    rows = view["rows"]
    if not rows:
        langs = ", ".join(v["lang"] for v in view["versions"])
        return f"{view['key']}: not aligned (versions: {langs})"
    shapes = Counter(shape(r) for r in rows)
    linked = [r for r in rows if r["en"] and r["ru"]]
    mean = sum(r["confidence"] or 0 for r in linked) / len(linked) if linked else 0.0
    low = sum(1 for r in linked if (r["confidence"] or 0) < 0.5)
    by_shape = ", ".join(f"{s}: {n}" for s, n in sorted(shapes.items(), key=lambda kv: (-kv[1], kv[0])))
    return (f"{view['symbol'] or view['key']}: {len(linked)} links ({by_shape}); mean confidence {mean:.2f}, "
            f"{low} below 0.50")


def linked_by(view: dict) -> str | None:
    """Return how the English and Russian versions of a document view were linked; None without both."""
    by_lang = {v["lang"]: v for v in view["versions"]}
    en, ru = by_lang.get("en"), by_lang.get("ru")
    if en is None or ru is None:
        return None
    if en["symbol"] and symbol_key(en["symbol"]) == symbol_key(ru["symbol"]):
        return f"versions linked by symbol {en['symbol']}"
    parts = score_parts(*(fingerprint_of((p["text"], p["kind"]) for p in v["paragraphs"]) for v in (en, ru)))
    return f"versions linked by content: score {weighted(parts):.2f} (threshold {LINK_THRESHOLD}) from {explain(parts)}"


def lines(view: dict, *, width: int = 120, below: float | None = None, lines_per_cell: int | None = 4) -> Iterator[str]:
    """Yield the report of a document view: a summary, a header, then each row with its two sides.

    ``below`` keeps only the rows whose confidence is under it (unpaired rows
    included); ``lines_per_cell`` shortens long paragraphs (None: whole text).
    """
    yield summary(view)
    how = linked_by(view)
    if how:
        yield how
    if not view["rows"]:
        return
    by_id = {p["id"]: p for v in view["versions"] for p in v["paragraphs"]}
    column = (max(MIN_WIDTH, width) - LEFT - GAPS) // 2
    yield ""
    yield f"{'row':>4} {'conf':>5} {'shape':>5}  {'English':<{column}} | Russian"
    yield "-" * (LEFT + GAPS + 2 * column)
    for n, row in enumerate(view["rows"], start=1):
        confidence = row["confidence"]
        if below is not None and row["en"] and row["ru"] and (confidence or 0) >= below:
            continue
        left = _cell([by_id[i] for i in row["en"]], column, lines_per_cell)
        right = _cell([by_id[i] for i in row["ru"]], column, lines_per_cell)
        conf = f"{confidence:.2f}" if confidence is not None and row["en"] and row["ru"] else "-"
        for k in range(max(len(left), len(right))):
            head = f"{n:>4} {conf:>5} {shape(row):>5}" if k == 0 else " " * LEFT
            a = left[k] if k < len(left) else ""
            b = right[k] if k < len(right) else ""
            yield f"{head}  {a:<{column}} | {b}".rstrip()


def _cell(paragraphs: list[dict], width: int, max_lines: int | None) -> list[str]:
    """Return the wrapped lines of one side of a row: each paragraph after its number, ``#`` (a heading) or ``[fn]``."""
    out: list[str] = []
    for p in paragraphs:
        mark = f"[{p['number']}] " if p["number"] else {HEADING: "# ", FOOTNOTE: "[fn] "}.get(p["kind"], "")
        text = mark + p["text"]
        wrapped = textwrap.wrap(text, width) or [""]
        if max_lines and len(wrapped) > max_lines:
            wrapped = wrapped[:max_lines]
            wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
        out.extend(wrapped)
    return out
