"""The pages: search (``/``), a document with its versions side by side (``/doc/<symbol>``), help,
and the aligned pairs of a search as a download (``/export.tmx``, ``/export.csv``)."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request, stream_with_context,
                   url_for)
from markupsafe import Markup

from indexer.search import budget, export_stream
from indexer.search import export as export_mod
from indexer.search import query as query_language
from indexer.search import reading
from indexer.errors import QueryError
from indexer.search.highlight import Highlighter
from search_app import limits, markup, params, reading_aids, results
from search_app.index import get_searcher, live_index
from search_app.permalinks import permalinks, search_links

bp = Blueprint("pages", __name__)
bp.add_app_template_global(permalinks)
bp.add_app_template_global(search_links)
bp.add_app_template_global(markup.lang_tag)
bp.add_app_template_global(markup.text_lang)
bp.add_app_template_global(markup.para_meta)
bp.add_app_template_global(markup.doc_para)
for _aid in (reading_aids.strength, reading_aids.by_strength, reading_aids.headline, reading_aids.as_written,
             reading_aids.kwic):
    bp.add_app_template_global(_aid)

EXAMPLES = (
    ("незаконный ввоз мигрантов", "Russian words, any form"),
    ("smuggling of migrants", "English words, any form"),
    ('"technical assistance"', "a phrase"),
    ("=мигрантов", "exactly this form"),
    ("firearms OR explosives", "either word"),
    ("symbol:CTOC/COP/2012/*", "a series of documents"),
)


@bp.route("/")
def search():
    """The search page; without a query or filter, the corpus at a glance."""
    args = request.args
    if not (args.get("q") or "").strip() and not params.has_filters(args):
        return render_template("search.html", args=args, corpus=live_index().stats(), examples=EXAMPLES)
    size = current_app.config["PAGE_SIZE"]
    try:
        view = params.view(args)
        search_request = params.search_request(args, limit=size)
        result = results.search_page(search_request, facets=True)
    except QueryError as exc:
        return render_template("search.html", args=args, error=exc), 400
    page = search_request.offset // size + 1
    last = max(1, min(-(-result["total"] // size), params.MAX_OFFSET // size + 1))
    if page > last:  # past the last page (a stale link, a hand-made URL): the last page
        return redirect(url_for("pages.search", **{**args.to_dict(flat=False), "page": last}))
    return render_template("search.html", args=args, result=result, page=page, last_page=last, view=view)


@bp.route("/doc/<path:key>")
def document(key: str):
    """A document's language versions side by side, paired by alignment; ``?q=`` marks the query's words."""
    view = results.document_view(key)
    if view is None:
        abort(404, f"No document {key!r} in the index.")
    targets = _targets(view)
    return render_template("doc.html", view=view, by_id=_paragraphs_by_id(view), targets=targets,
                           aliases=_aliases(view), mark=_marker(request.args), contents=_contents(view, targets),
                           find=(request.args.get("q") or "").strip())


DOWNLOADS = {"tmx": "application/x-tmx+xml", "csv": "text/csv"}  # Flask adds "; charset=utf-8"


@bp.route("/export.<fmt>")
def export(fmt: str):
    """The aligned pairs the query and filters find, as a TMX or CSV file, up to ``EXPORT_CAP`` pairs, streamed.

    One export runs at a time per process (another waits ``EXPORT_WAIT`` s, then
    gets 503), yielding to the searches running beside it; an export stops at
    ``EXPORT_BUDGET`` s, its file ending with a line saying it was cut (503 if
    no pair was found by then).
    """
    if fmt not in DOWNLOADS:
        abort(404, f"No export format {fmt!r}: use tmx or csv.")
    search_request = replace(params.search_request(request.args, limit=current_app.config["PAGE_SIZE"]), offset=0)
    slot = limits.export_slot()
    if not slot.acquire(timeout=limits.EXPORT_WAIT):
        return limits.busy("another export is running: try again in a few seconds")
    searcher, generation = None, None

    def done():
        slot.release()
        if searcher is not None:
            live_index().checkin(searcher, generation)

    try:
        # A searcher of its own, given back when the file is written: the request's own goes back to the pool
        # when the view returns, while the file is still being read.
        searcher, generation = live_index().checkout()
        seconds = limits.setting("EXPORT_BUDGET", budget.EXPORT_BUDGET)
        tally = export_mod.Tally()
        with budget.within(seconds, limits.arrived()) as deadline:  # its waits for a thread and a slot count
            pairs = live_index().reading.iter_pairs(searcher, search_request,
                                                    current_app.config["EXPORT_CAP"], tally, deadline)
            first = next(pairs, None)
    except BaseException:
        done()
        raise
    if first is None and tally.cut:
        done()
        raise budget.BudgetExceeded(seconds, "exporting")

    def chunks():
        try:
            rest = itertools.chain([first] if first is not None else [], pairs)
            yield from limits.yielding(export_stream.CHUNKS[fmt](rest, tally, seconds))
        finally:
            done()

    return Response(stream_with_context(chunks()), mimetype=DOWNLOADS[fmt], headers={
        "Content-Disposition": markup.download_disposition(search_request.query, search_request.symbol,
                                                           search_request.lang, fmt),
        "X-Total-Hits": str(tally.total_hits),
    })


@bp.route("/favicon.ico")
def favicon():
    """The site's icon, where browsers look for it before they read a page."""
    return current_app.send_static_file("favicon.svg")


@bp.route("/help", endpoint="help")
def syntax_help():
    """The query syntax, with examples."""
    return render_template("help.html", examples=EXAMPLES)


def _paragraphs_by_id(view: dict) -> dict:
    return {p["id"]: p for v in view["versions"] for p in v["paragraphs"]}


def _targets(view: dict) -> dict:
    """Return the plain anchors (``p12``) of a document page, by paragraph id: the asked-for language first.

    Each paragraph also has an anchor of its own language (``ru-p12``).
    """
    taken, out = set(), {}
    for version in sorted(view["versions"], key=lambda v: v["lang"] != view["lang"]):
        for p in version["paragraphs"]:
            if p["anchor"] not in taken:
                taken.add(p["anchor"])
                out[p["id"]] = p["anchor"]
    return out


def _contents(view: dict, targets: dict) -> list[tuple[int, str, str, str]]:
    """Return the table of contents of a document page: ``(depth, heading, anchor, lang)`` of each heading of the
    asked-for language version (else the first).

    A heading's depth is the number of sections above it (``Chapter IV > Article 9``); a heading that is
    not the first of its section heads a part of it ("COMPOSITION" in Chapter IV) and goes one deeper.
    """
    version = next((v for v in view["versions"] if v["lang"] == view["lang"]), view["versions"][0])
    seen: set[str] = set()
    out = []
    for p in version["paragraphs"]:
        if p["kind"] != "heading":
            continue
        section = p.get("section") or ""
        depth = section.count(" > ") + (1 if section in seen else 0)
        seen.add(section)
        out.append((depth, p["text"], targets.get(p["id"]) or f"{p['lang']}-{p['anchor']}", p["lang"]))
    return out


def _aliases(view: dict) -> dict:
    """Return the other anchors of each paragraph, by paragraph id: its position (``pos223``: links made before
    numbers had anchors still find it) and its number as written where the anchor spells it otherwise
    (``p15.1``, ``p6/1`` beside ``p15_1``, ``p6_1``).  The asked-for language comes first."""
    taken = {p["anchor"] for v in view["versions"] for p in v["paragraphs"]}
    out: dict[str, list[str]] = {}
    for version in sorted(view["versions"], key=lambda v: v["lang"] != view["lang"]):
        for p in version["paragraphs"]:
            number = p.get("number") or ""
            written = f"p{number}" if _WRITTEN_NUMBER.fullmatch(number) else None
            if written and p["anchor"] != f"p{reading.anchor_slug(number)}":
                written = None  # another kind of anchor (an article, a target), or a number used again
            for name in (f"pos{p['position']}", written):
                if name and name not in taken:
                    taken.add(name)
                    out.setdefault(p["id"], []).append(name)
    return out


_WRITTEN_NUMBER = re.compile(r"[\w.\-/]*[./][\w.\-/]*")  # a number whose anchor replaces its dots or slashes


def _marker(args):
    """Return ``paragraph -> html`` marking the words of ``?q=`` (only escaping, without a usable ``q``)."""
    text = (args.get("q") or "").strip()
    q = None
    if text:
        try:
            q = query_language.parse_query(text, get_searcher().schema, "any")
        except QueryError:
            q = None
    highlighter = Highlighter(q, get_searcher().schema)
    return lambda p: Markup(highlighter.html(p["text"], p["lang"], p["doc_id"].rpartition("@")[2]))
