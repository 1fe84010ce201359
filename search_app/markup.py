"""Pieces of the pages made in Python: a language tag and the line of a paragraph's metadata.

A page of results shows some forty paragraphs, each with its metadata line and
language tag; as Jinja macros, calling them took about a fifth of rendering
the page (each call builds a frame, a context and a caller).  The HTML is what
the macros made, byte for byte (``tests/test_web_templating.py`` renders both):
values escaped, a field the record lacks shown as nothing, a None as ``None``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup, escape

from analyzers.scripts import CYRILLIC, dominant_script

LANG_NAMES = {"en": "English", "ru": "Russian"}
_TAG = Markup('<span class="tag tag-%s" title="%s">%s</span>')


def lang_tag(lang) -> Markup:
    """Return the tag of a language code: ``EN`` with the language's name as its title."""
    return _TAG % (lang, LANG_NAMES.get(lang, lang), str(lang).upper())


def text_lang(text: str) -> str:
    """Return the language a fragment of text is written in, for its ``lang`` attribute: ``ru`` where Cyrillic
    letters dominate, else ``en``.

    >>> text_lang("незаконный ввоз"), text_lang("smuggling"), text_lang("")
    ('ru', 'en', 'en')
    """
    return "ru" if dominant_script(text or "") == CYRILLIC else "en"


def para_meta(p: dict, href: str) -> Markup:
    """Return a paragraph's metadata line: language, where it is (a link to ``href``), number, citation, kind, date."""
    title = p.get("title", "") or p.get("doc_id", "")
    label = p.get("symbol", "") or title
    number, kind, date = p.get("number", ""), p.get("kind", ""), p.get("date", "")
    cited = p.get("citation", "")
    return Markup("".join((
        '<div class="meta">\n  ', lang_tag(p.get("lang", "")), '\n  <a class="where" href="', escape(href),
        '"\n     title="', escape(title), '">', escape(label), "</a>",
        f'<span class="num">¶&nbsp;{escape(number)}</span>' if number else "",
        f'<cite class="cite" title="How to quote it">{escape(cited)}</cite>' if cited else "",
        f'<span class="kind">{escape(kind)}</span>' if kind not in ("paragraph",) else "",
        f'<time datetime="{escape(date)}">{escape(date)}</time>' if date else "",
        "\n</div>",
    )))


_NAME_WORDS = re.compile(r"[^\W_]+")
_ASCII_WORDS = re.compile(r"[a-z0-9]+")


def download_disposition(query: str, symbol: str | None, lang: str, fmt: str) -> str:
    """Return the ``Content-Disposition`` of an export: a file named after the query and the languages.

    The plain ``filename`` keeps the query's Latin letters and digits (``un-search-pairs`` when it has none);
    ``filename*`` (RFC 6266) has every word, Cyrillic too.

    >>> print(download_disposition('"smuggling of migrants"', None, "any", "tmx"))
    attachment; filename="smuggling-of-migrants-en-ru.tmx"; filename*=UTF-8''smuggling-of-migrants-en-ru.tmx
    >>> print(download_disposition("мигранты", "CTOC/COP/2012/*", "ru", "csv"))
    attachment; filename="ctoc-cop-2012-ru-en.csv"; filename*=UTF-8''%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82%D1%8B-ctoc-cop-2012-ru-en.csv
    """
    words = _NAME_WORDS.findall(f"{query} {symbol or ''}".lower())[:10]
    langs = "ru-en" if lang == "ru" else "en-ru"
    stem = "-".join(words)[:80].strip("-") or "un-search-pairs"
    plain = "-".join(_ASCII_WORDS.findall(stem)) or "un-search-pairs"
    return f"attachment; filename=\"{plain}-{langs}.{fmt}\"; filename*=UTF-8''{quote(f'{stem}-{langs}.{fmt}', errors='replace')}"


def doc_para(p: dict, marked, targets: dict, aliases: dict, anchored: bool = True) -> Markup:
    """Return a paragraph of a document page: its anchors (when ``anchored``), its number linking to it, its text
    (``marked``: the query's words marked) and its citation.

    A long document has hundreds of them, and a Jinja macro took most of the page's time; the HTML is the
    macro's, byte for byte (``tests/test_web_templating.py`` renders both).
    """
    pid, lang, anchor = p.get("id"), escape(p.get("lang")), escape(p.get("anchor"))
    target = targets.get(pid)
    parts = [f'<div class="para kind-{escape(p.get("kind"))}" id="{lang}-{anchor}" lang="{lang}">']
    if anchored:
        if target:
            parts.append(f'<a class="anchor" id="{escape(target)}"></a>')
        parts.extend(f'<a class="anchor" id="{escape(name)}"></a>' for name in aliases.get(pid, ()))
    parts.append(f'<a class="num" href="#{escape(target) if target else f"{lang}-{anchor}"}" '
                 f'title="Link to this paragraph">{escape(p.get("number") or "")}</a>\n  '
                 f'<div class="text">{escape(marked)}</div>')
    if p.get("citation") and p.get("kind") != "heading":
        parts.append(f'<cite class="cite" title="How to quote it">{escape(p["citation"])}</cite>')
    parts.append("\n</div>")
    return Markup("".join(parts))
