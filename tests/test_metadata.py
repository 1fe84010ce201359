"""Cover-page metadata lines: date lines are told as the full rule tells them."""

from __future__ import annotations

import re

import pytest

from indexer.ingest import metadata


def _date_line(line: str) -> bool:
    """Tell a date line as :func:`metadata.is_date_line` does, the year word always taken off."""
    text = re.sub(r"\s*(?:года|г\.)$", "", line.strip().rstrip("."))
    match = metadata._DATE_RE.fullmatch(text)
    return bool(match) and match.group(2).lower() in metadata.MONTHS


@pytest.mark.parametrize("line, expected", [
    ("10 July 2012", True),
    ("  25 December 2005. ", True),
    ("10 июля 2012 года", True),
    ("10 июля 2012 года.", True),
    ("10 июля 2012 г.", False),  # the final dot is taken off before the abbreviation is looked for
    ("10 июля 2012 г.\n", False),
    ("10 июля 2012 г.\n.", False),  # the abbreviation is taken off before the line break, which stays
    ("10 июля 2012  года", True),
    ("10 июля 2012 годa", False),  # a Latin "a"
    ("10 Julyish 2012", False),
    ("The meeting was held on 10 July 2012 in Vienna", False),
    ("2012 года", False),
    ("", False),
])
def test_is_date_line(line, expected):
    assert metadata.is_date_line(line) == expected == _date_line(line)
