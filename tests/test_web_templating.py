"""The app's Jinja environment renders what Jinja's own renders, attribute look-ups on dicts included."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from flask.templating import Environment as FlaskEnvironment

from search_app import create_app
from search_app.templating import Environment

RECORD = {"lang": "ru", "text": "Права <человека>", "number": None, "items": "an item named like a method"}

# template | the variables it gets
CASES = [
    ("{{ p.lang }}|{{ p.text }}|{{ p.number }}", {"p": RECORD}),
    ("{{ p.missing }}|{{ p.missing is defined }}|{{ p.missing or 'none' }}", {"p": RECORD}),
    ("{{ p.items is callable }}|{{ p.get('lang') }}|{{ p['items'] }}", {"p": RECORD}),
    ("{{ p.lang }}|{{ p.x }}", {"p": OrderedDict(lang="en")}),  # a dict subclass: Jinja's own look-up
    ("{{ s.upper() }}|{{ s.lang }}|{{ n.real }}", {"s": "text", "n": 3}),
    ("{% for r in rows %}{{ r.kind }}:{{ r.score }};{% endfor %}", {"rows": [{"kind": "heading", "score": 1.5}, {}]}),
]


@pytest.mark.parametrize("source, variables", CASES)
def test_renders_as_jinja_does(source, variables):
    app = create_app({"INDEX_DIR": "/nonexistent"})
    ours, jinjas = Environment(app, autoescape=True), FlaskEnvironment(app, autoescape=True)
    assert ours.from_string(source).render(**variables) == jinjas.from_string(source).render(**variables)


def test_the_app_uses_it():
    assert isinstance(create_app({"INDEX_DIR": "/nonexistent"}).jinja_env, Environment)


# The macros the pages used before :mod:`search_app.markup` made these pieces in Python.
MACROS = """
{% macro lang_tag(lang) -%}
<span class="tag tag-{{ lang }}" title="{{ {'en': 'English', 'ru': 'Russian'}.get(lang, lang) }}">{{ lang|upper }}</span>
{%- endmacro %}

{% macro para_meta(p, href) -%}
<div class="meta">
  {{ lang_tag(p.lang) }}
  <a class="where" href="{{ href }}"
     title="{{ p.title or p.doc_id }}">{{ p.symbol or p.title or p.doc_id }}</a>
  {%- if p.number %}<span class="num">¶&nbsp;{{ p.number }}</span>{% endif %}
  {%- if p.citation %}<cite class="cite" title="How to quote it">{{ p.citation }}</cite>{% endif %}
  {%- if p.kind not in ('paragraph',) %}<span class="kind">{{ p.kind }}</span>{% endif %}
  {%- if p.date %}<time datetime="{{ p.date }}">{{ p.date }}</time>{% endif %}
</div>
{%- endmacro %}
"""

META_RECORDS = [
    {"lang": "ru", "doc_id": "CTOC/COP/2012/15@ru", "symbol": "CTOC/COP/2012/15", "title": "Доклад <о работе>",
     "number": "12", "kind": "paragraph", "date": "2012-08-01",
     "citation": "CTOC/COP/2012/15, para. 12"},
    {"lang": "en", "doc_id": "raw_un_charter_en@en", "title": "Charter of the United Nations", "symbol": None,
     "number": "1(2)", "kind": "paragraph", "date": "1945-06-26", "citation": "Charter, Art. 1(2) <&>"},
    {"lang": "en", "doc_id": "001_a4c9014b07e334a9@en", "title": None, "symbol": None, "number": None,
     "kind": "footnote", "date": None},
    {"lang": "fr", "doc_id": 'x"&y', "kind": None},
    {"doc_id": "no-lang"},
    {},
]


@pytest.mark.parametrize("record", META_RECORDS)
@pytest.mark.parametrize("href", ["/doc/CTOC/COP/2012/15%40ru?q=права&lang=ru#p12", 'a"<b>'])
def test_metadata_lines_are_what_the_macros_made(record, href):
    from search_app import markup

    app = create_app({"INDEX_DIR": "/nonexistent"})
    macros = Environment(app, autoescape=True).from_string(MACROS).module
    assert str(markup.para_meta(record, href)) == str(macros.para_meta(record, href))
    assert str(markup.lang_tag(record.get("lang", ""))) == str(macros.lang_tag(record.get("lang", "")))


# The paragraph macro of the document page before :func:`search_app.markup.doc_para` made it in Python.
PARA_MACRO = """
{% macro para(p, anchored=true) -%}
<div class="para kind-{{ p.kind }}" id="{{ p.lang }}-{{ p.anchor }}" lang="{{ p.lang }}">
  {%- if anchored and targets.get(p.id) %}<a class="anchor" id="{{ targets[p.id] }}"></a>{% endif -%}
  {%- if anchored %}{% for name in aliases.get(p.id, ()) %}<a class="anchor" id="{{ name }}"></a>{% endfor %}{% endif -%}
  <a class="num" href="#{{ targets.get(p.id) or p.lang ~ '-' ~ p.anchor }}" title="Link to this paragraph">{{ p.number or '' }}</a>
  <div class="text">{{ mark(p) }}</div>
  {%- if p.citation and p.kind != 'heading' %}<cite class="cite" title="How to quote it">{{ p.citation }}</cite>{% endif %}
</div>
{%- endmacro %}
"""

PARAS = [
    {"id": "c@en#5", "kind": "paragraph", "lang": "en", "anchor": "art51", "number": "51", "citation": "Charter, Art. 51"},
    {"id": "c@en#6", "kind": "heading", "lang": "en", "anchor": "chVII", "number": "VII", "citation": "Charter, Ch. VII"},
    {"id": "u@ru#2", "kind": "paragraph", "lang": "ru", "anchor": "pos2", "number": None, "citation": None},
    {"id": 'x"<y>', "kind": "footnote", "lang": "en", "anchor": 'p"1', "number": "<1>", "citation": "A & B"},
]
TARGETS = {"c@en#5": "art51", 'x"<y>': 'p"1'}
ALIASES = {"c@en#5": ["pos223", "p51"], "u@ru#2": ["pos2"]}


@pytest.mark.parametrize("record", PARAS)
@pytest.mark.parametrize("anchored", [True, False])
@pytest.mark.parametrize("marked", ["plain <text> & more", "with <mark>marks</mark>"])
def test_document_paragraphs_are_what_the_macro_made(record, anchored, marked):
    from markupsafe import Markup

    from search_app import markup

    text = Markup(marked) if "<mark>" in marked else marked
    app = create_app({"INDEX_DIR": "/nonexistent"})
    macros = Environment(app, autoescape=True).from_string(PARA_MACRO).make_module(
        {"targets": TARGETS, "aliases": ALIASES, "mark": lambda p: text})
    assert str(markup.doc_para(record, text, TARGETS, ALIASES, anchored)) == str(macros.para(record, anchored))
