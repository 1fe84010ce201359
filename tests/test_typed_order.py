"""A text has a query's words in the forms and order typed: the look-up without a pattern finds what the pattern does."""

from __future__ import annotations

import random
import re

import pytest

from analyzers import exact_analyzer
from indexer.search import typed
from tests.conftest import CORPUS, POOL

WORD = re.compile(r"\w+")


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((POOL / "udhr").glob("*.txt"))[:2]]
    return [block for text in texts for block in re.split(r"\n\s*\n", text) if len(WORD.findall(block)) > 3]


def _forms(words: list[str]) -> list[tuple[str, ...]]:
    """The forms the exact field holds of each word (those it keeps), as a query's words give them."""
    analyzer = exact_analyzer()
    out = [tuple(t.text for t in analyzer(w)) for w in words]
    return [f for f in out if f]


@pytest.fixture(scope="module")
def queries() -> list[tuple[str, list[tuple[str, ...]]]]:
    """Texts with word sequences of their own (next to each other, with words between, reversed) and of others."""
    rng = random.Random(5)
    paragraphs = _paragraphs()
    out = []
    for text in rng.sample(paragraphs, min(400, len(paragraphs))):
        words = WORD.findall(text)
        k = rng.randrange(len(words) - 3)
        for picked in (words[k:k + 2], words[k:k + 3], [words[k], words[k + 2]], [words[k], words[k + 3]],
                       [words[k + 1], words[k]], [words[k], rng.choice(WORD.findall(rng.choice(paragraphs)))]):
            forms = _forms(picked)
            if len(forms) >= 2:
                out.append((text, forms))
    return out


def test_the_look_up_finds_what_the_pattern_finds(queries):
    found = []
    for text, forms in queries:
        expected = typed.pattern(forms).search(text) is not None
        assert typed.checker(forms)(text) == expected, (text, forms)
        found.append(expected)
    assert len(queries) > 1000 and 0.3 < sum(found) / len(found) < 0.9  # both answers asked for, many times


@pytest.mark.parametrize("text, forms, expected", [
    ("The Office on Drugs and Crime", [("office",), ("drugs",), ("crime",)], True),
    ("the Office; on the Drugs", [("office",), ("drugs",)], True),  # two words between
    ("the Office of all the Drugs", [("office",), ("drugs",)], False),  # three
    ("Генеральной Ассамблеи", [("генеральнои",), ("ассамблеи",)], False),  # not folded in the text
    ("Вопрос ещё раз", [("еще",), ("раз",)], True),  # е finds ё
    ("capacity-building and non-governmental", [("capacity", "building"), ("non", "governmental")], True),
    ("capacitybuilding and non-governmental", [("capacity", "building"), ("non", "governmental")], False),
    ("at $467,900 each", [("$467,900",), ("each",)], True),  # a form of other characters: the pattern
    ("officers drugs", [("office",), ("drugs",)], False),  # a form is a whole word
    ("office drugstore", [("office",), ("drugs",)], False),
])
def test_the_forms_typed_in_order(text, forms, expected):
    assert typed.checker(forms)(text) is expected
    assert (typed.pattern(forms).search(text) is not None) is expected


@pytest.mark.parametrize("text, forms", [
    ("the İstanbul Programme of Action", [("istanbul",), ("programme",)]),  # İ lower-cases to two characters
    ("ΟΔΟΣ ΚΑΙ", [("οδοσ",), ("και",)]),  # a final sigma
    ("the ſtate parties", [("state",), ("parties",)]),  # a long s
    ("ıt is", [("it",), ("is",)]),  # a dotless i
])
def test_letters_lower_cased_apart_are_told_as_the_pattern_tells_them(text, forms):
    assert typed.checker(forms)(text) == (typed.pattern(forms).search(text) is not None)
    assert typed.checker(forms)(text.replace("İ", "I").replace("ſ", "s").replace("ı", "i"))
