"""Reading the parameters of a search from a query string, strictly: a bad one is a :class:`QueryError`.

Shared by the search page (``page``) and the API (``limit``, ``offset``).  ``limit``
is capped at :data:`indexer.search.request.MAX_LIMIT`; pages stop at :data:`MAX_OFFSET`.
``translate=1`` searches across languages; each ``exclude=KEY`` turns one translation off; ``doc=GROUP`` keeps to
one document; ``sort=date`` lists the newest documents first.
"""

from __future__ import annotations

from indexer.documents import KINDS
from indexer.errors import QueryError
from indexer.search.request import LANGS, MAX_LIMIT, SearchRequest

MAX_OFFSET = 10_000  # deeper pages cost more than anyone reads
MAX_SYMBOL_CHARS = 200
MAX_DOC_CHARS = 300
VIEWS = ("pairs", "kwic", "docs")  # the page's ways of listing the hits: pairs, keyword in context, documents
YEARS = (1900, 2100)
FILTERS = ("lang", "symbol", "year_from", "year_to", "kind", "doc")
FLAGS = {"1": True, "on": True, "true": True, "yes": True, "0": False, "off": False, "false": False, "no": False}


def _integer(args, name: str, default: int | None, low: int, high: int | None = None) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise QueryError(f"{name} must be {bounds}")
    return value


def flag(args, name: str) -> bool:
    """Return a yes/no parameter (``1``, ``on``, ``true``, ``yes`` or their opposites; absent: no)."""
    return _flag(args, name)


def _flag(args, name: str) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if not raw:
        return False
    if raw not in FLAGS:
        raise QueryError(f"{name} must be 1 or 0, not {raw[:20]!r}")
    return FLAGS[raw]


def _all(args, name: str) -> tuple[str, ...]:
    values = args.getlist(name) if hasattr(args, "getlist") else [args.get(name)]
    return tuple(v.strip() for v in values if v and v.strip())


def search_request(args, *, limit: int | None = None) -> SearchRequest:
    """Return the :class:`SearchRequest` that the query-string ``args`` ask for.

    ``limit`` fixes the page size (the search page); otherwise ``limit`` and
    ``offset`` come from ``args`` (the API), ``limit`` capped at the maximum.
    """
    lang = (args.get("lang") or "any").strip()
    if lang not in LANGS:
        raise QueryError(f"lang must be one of {', '.join(LANGS)}, not {lang[:20]!r}")
    kind = (args.get("kind") or "").strip() or None
    if kind is not None and kind not in KINDS:
        raise QueryError(f"kind must be one of {', '.join(KINDS)}, not {kind[:20]!r}")
    symbol = (args.get("symbol") or "").strip() or None
    if symbol is not None and len(symbol) > MAX_SYMBOL_CHARS:
        raise QueryError(f"symbol is too long (at most {MAX_SYMBOL_CHARS} characters)")
    group = (args.get("doc") or "").strip() or None
    if group is not None and len(group) > MAX_DOC_CHARS:
        raise QueryError(f"doc is too long (at most {MAX_DOC_CHARS} characters)")
    sort = (args.get("sort") or "relevance").strip()  # checked by SearchRequest.validated
    if limit is None:
        limit = min(_integer(args, "limit", 10, 1), MAX_LIMIT)
        offset = _integer(args, "offset", 0, 0, MAX_OFFSET)
    else:
        page = _integer(args, "page", 1, 1, MAX_OFFSET // limit + 1)
        offset = (page - 1) * limit
    return SearchRequest(
        query=args.get("q") or "", lang=lang, limit=limit, offset=offset, symbol=symbol, kind=kind,
        year_from=_integer(args, "year_from", None, *YEARS), year_to=_integer(args, "year_to", None, *YEARS),
        translate=_flag(args, "translate"), exclude=_all(args, "exclude"), group=group, sort=sort,
    ).validated()


def view(args) -> str:
    """Return how the page lists the hits (``view=``): side by side pairs, keyword in context, or documents."""
    name = (args.get("view") or "pairs").strip()
    if name not in VIEWS:
        raise QueryError(f"view must be one of {', '.join(VIEWS)}, not {name[:20]!r}")
    return name


def has_filters(args) -> bool:
    """Tell whether the query string sets any filter (a search may be filters alone)."""
    return any((args.get(name) or "").strip() not in ("", "any") for name in FILTERS)
