"""How a translator quotes a paragraph: its citation (``CTOC/COP/2010/17, para. 12``) and its anchor.

A citation names the document (its symbol, or the name it is cited by when it
has none: the Charter) and the paragraph's number in the words of its kind of
source.  The rules are data, tried in order: the first whose format and number
pattern fit a paragraph decides its unit (``Art. 51``, ``target 4.1``) and the
prefix of its anchor on the document page (``art51``, ``t4.1``).

>>> cite({"fmt": "charter", "number": "51"})
'Charter, Art. 51'
>>> cite({"fmt": "sdg", "symbol": "A/RES/70/1", "number": "4.1"})
'A/RES/70/1, target 4.1'
>>> cite({"fmt": "text", "symbol": "CTOC/COP/2010/17", "number": "12"})
'CTOC/COP/2010/17, para. 12'
>>> anchor_base({"fmt": "sdg", "number": "4.1"}), anchor_base({"fmt": "unpc", "number": "6/1"})
('t4.1', 'p6_1')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANY = None  # a rule for every format


@dataclass(frozen=True)
class Rule:
    """How paragraphs of one kind of source with numbers of one shape are cited and anchored."""

    fmt: str | None  # the format the document was read from (``Document.fmt``); ANY for all
    number: re.Pattern  # the paragraph numbers the rule takes
    unit: str  # the paragraph's part of the citation, ``{n}`` standing for its number
    prefix: str  # the anchor of the paragraph on its document page: prefix + number


def _rule(fmt, number, unit, prefix) -> Rule:
    return Rule(fmt, re.compile(number), unit, prefix)


RULES = (
    _rule("charter", r"^[IVXLC]+$", "Chapter {n}", "ch"),
    _rule("charter", r"^\d", "Art. {n}", "art"),
    _rule("udhr", r"^\d", "art. {n}", "art"),
    _rule("sdg", r"^\d+(?: \(short\))?$", "goal {n}", "g"),
    _rule("sdg", r"^\d+\.[0-9a-z]+$", "target {n}", "t"),
    _rule("sdg", r"^\d+\.[0-9a-z]+\.\d+$", "indicator {n}", "i"),
    _rule(ANY, r".", "para. {n}", "p"),
)

# Sources without a symbol that are cited by a name of their own.
LABELS = {"charter": "Charter"}
# Sources whose unnumbered paragraphs are cited by their section (``Charter, Preamble``).
SECTION_CITED = ("charter", "udhr")
# The anchors of the default rule keep their first spelling: word characters, "_" between (``p6_1``).
_OLD_SLUG_RE = re.compile(r"\W+")
_SLUG_RE = re.compile(r"[^\w.()]+")


def rule_for(fmt: str | None, number: str | None) -> Rule | None:
    """Return the first rule that fits a paragraph number of a source read as ``fmt`` (None: no number)."""
    if not number:
        return None
    for rule in RULES:
        if rule.fmt in (ANY, fmt) and rule.number.search(number):
            return rule
    return None


def label(record: dict) -> str:
    """Return the name a citation gives the document: its symbol, its citation name, its title or its id."""
    return (LABELS.get(record.get("fmt")) or record.get("symbol") or record.get("title")
            or (record.get("doc_id") or "").rpartition("@")[0] or "")


def cite(record: dict) -> str:
    """Return the citation of a paragraph from its stored fields (or contract record with ``fmt``).

    >>> cite({"fmt": "udhr", "symbol": "A/RES/217 (III)", "number": "18"})
    'A/RES/217 (III), art. 18'
    >>> cite({"fmt": "charter", "section": "Preamble"}), cite({"fmt": "unpc", "symbol": "A/70/1"})
    ('Charter, Preamble', 'A/70/1')
    """
    name = label(record)
    number = record.get("number")
    rule = rule_for(record.get("fmt"), number)
    if rule is not None:
        return f"{name}, {rule.unit.format(n=number)}"
    section = record.get("section")
    if section and record.get("fmt") in SECTION_CITED:
        return f"{name}, {section.rpartition(' > ')[2]}"
    return name


def slug(rule: Rule, number: str) -> str:
    """Return a number as its anchor writes it: dots and brackets kept (``4.1``, ``1(2)``), spaces dropped."""
    if rule.fmt is ANY:
        return _OLD_SLUG_RE.sub("_", number).strip("_")
    return _SLUG_RE.sub("", number)


def anchor_base(record: dict) -> str | None:
    """Return the anchor of a numbered paragraph (before telling apart paragraphs with one number); None if unnumbered."""
    number = record.get("number")
    rule = rule_for(record.get("fmt"), number)
    if rule is None:
        return None
    text = slug(rule, number)
    return f"{rule.prefix}{text}" if text else None
