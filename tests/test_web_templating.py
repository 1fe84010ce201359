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
