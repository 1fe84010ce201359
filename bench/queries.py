"""Distinct queries made from a corpus's own paragraphs, as new users ask them: each text asked once.

A paragraph is drawn at random (seeded) from the corpus's text files and a
query made of its words, English and Russian in turn, of one of the types:

- ``word``, ``two words``, ``three words``: content words of the paragraph (all required);
- ``phrase``: two or three adjacent words in quotes;
- ``prefix``: the first four to six letters of a long word, then ``*``;
- ``across``: one to three words, searched in the other language (``translate``, ``lang`` the other).

No query text is made twice, so no cache of results can answer one; stop
words alone are never a query.  The benchmarks that time them
(``bench/scale.py``, ``bench/web.py``, ``bench/tantivy_compare.py``) report per type.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzers.stopwords import ALL as STOP_WORDS  # noqa: E402

KINDS = ("word", "two words", "three words", "phrase", "prefix", "across")
SHORT_KINDS = ("word", "two words", "three words")  # the 1-3 term queries
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
NUMBERED = re.compile(r"^\d+\. ")
SEED = 25


@dataclass(frozen=True)
class Query:
    """One query of the benchmark: its type, the language of its words, the text, the language filter, translation."""

    kind: str
    lang: str
    text: str
    filter_lang: str = "any"
    translate: bool = False


def corpus_paragraphs(corpus: Path) -> dict[str, list[str]]:
    """Return the paragraphs of a corpus written by ``bench/synthetic.py``, per language (from the file names)."""
    out: dict[str, list[str]] = {"en": [], "ru": []}
    for path in sorted(corpus.glob("*.txt")):
        name = path.stem.lower()
        lang = "ru" if name.endswith(("-ru", "_russian")) else "en"
        for line in path.read_text(encoding="utf-8").splitlines():
            if NUMBERED.match(line):
                out[lang].append(NUMBERED.sub("", line, count=1))
    return out


def make_queries(corpus: Path, count: int, seed: int = SEED, kinds=KINDS) -> list[Query]:
    """Return ``count`` distinct queries of ``kinds`` in turn, made from the paragraphs of ``corpus``."""
    paragraphs = corpus_paragraphs(corpus)
    if not paragraphs["en"] or not paragraphs["ru"]:
        raise SystemExit(f"{corpus} holds no English or no Russian paragraphs")
    rng = random.Random(seed)
    seen: set[tuple[str, bool]] = set()
    out: list[Query] = []
    tries = 0
    while len(out) < count:
        tries += 1
        if tries > count * 100:
            raise SystemExit(f"could not make {count} distinct queries from {corpus}")
        kind = kinds[len(out) % len(kinds)]
        lang = ("en", "ru")[(len(out) // len(kinds)) % 2]
        text = _text(kind, rng.choice(paragraphs[lang]), rng)
        if text is None or (text.lower(), kind == "across") in seen:
            continue
        seen.add((text.lower(), kind == "across"))
        across = kind == "across"
        out.append(Query(kind, lang, text, ("ru" if lang == "en" else "en") if across else "any", across))
    return out


def _text(kind: str, paragraph: str, rng: random.Random) -> str | None:
    """Return a query of ``kind`` made from ``paragraph``'s words, or None when it has too few."""
    words = WORD.findall(paragraph)
    content = [w for w in words if len(w) >= 3 and w.lower() not in STOP_WORDS]
    if kind == "phrase":
        size = rng.choice((2, 2, 3))
        starts = [i for i in range(len(words) - size + 1)
                  if any(w.lower() not in STOP_WORDS and len(w) >= 3 for w in words[i:i + size])]
        if not starts:
            return None
        start = rng.choice(starts)
        return '"' + " ".join(words[start:start + size]) + '"'
    if kind == "prefix":
        long_words = [w for w in content if len(w) >= 7 and "-" not in w]
        if not long_words:
            return None
        word = rng.choice(long_words)
        return word[:rng.randint(4, 6)].lower() + "*"
    size = {"word": 1, "two words": 2, "three words": 3}.get(kind) or rng.randint(1, 3)
    distinct = list(dict.fromkeys(w.lower() for w in content))
    if len(distinct) < size:
        return None
    return " ".join(rng.sample(distinct, size))
