"""How one term was rendered in the other language across the aligned paragraphs of the corpus.

For a query that is a single term (one word, one phrase, or words that make one
unit of the lexicon, such as ``незаконный ввоз мигрантов``), :func:`renderings`
takes the term's candidate translations from the lexicon and counts, in the
index, the aligned paragraphs of the term's language that contain the term and
whose counterpart contains the candidate; a few of them are kept as examples.
Paragraphs whose counterpart contains none of the candidates are counted as
``other``.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q

from indexer.engine import engine
from indexer.engine.matches import among
from indexer.search import aligned
from indexer.search import query as query_language
from indexer.storage.crosslang import CrossData
from indexer.engine.schema import TEXT_FIELDS
from indexer.search.request import hit_record
from indexer.engine.stored_fields import stored_fields
from indexer.search.query_words import group_word, phrase_words, source_terms, unit_phrase
from indexer.lexicon.units import SEPARATOR

MOST = 5  # renderings shown
EXAMPLES = 3  # example pairs per rendering


def single_term(q, lexicon) -> tuple[str, list[str]] | None:
    """Return ``(lang, keys)`` if the query (parsed with ``normalize=False``) is one term, else None.

    ``keys`` are the alternative units of the term: the lemmas of one word, or
    the one key of a phrase or of words that make a unit of the lexicon.
    """
    while isinstance(q, Q.And) and len(q.subqueries) == 1:
        q = q.subqueries[0]
    word = group_word(q) or source_terms(q)
    if word is not None:
        return word[0], list(word[1])
    if isinstance(q, Q.Or):
        phrases = [found for found in map(phrase_words, q.subqueries) if found is not None]
        if len(phrases) == 1 and len(q.subqueries) == 2:
            lang, positions = phrases[0]
            return lang, [SEPARATOR.join(p[0] for p in positions)]
    if isinstance(q, Q.And):
        words = [group_word(s) for s in q.subqueries if not (isinstance(s, Q.Or) and not s.subqueries)]
        if words and all(w is not None for w in words) and len({w[0] for w in words}) == 1:
            key = SEPARATOR.join(w[1][0] for w in words)
            if lexicon.has(words[0][0], key):
                return words[0][0], [key]
    return None


def quoted(text: str) -> str:
    """Return ``text`` as a query: a phrase in quotes if it has several words.

    >>> quoted("smuggling of migrants"), quoted("мигрант")
    ('"smuggling of migrants"', 'мигрант')
    """
    text = text.replace('"', " ")
    return f'"{text}"' if len(text.split()) > 1 else text.strip()


def _unit_query(lang: str, key: str):
    field = TEXT_FIELDS[lang]
    words = key.split(SEPARATOR)
    return Q.Term(field, words[0]) if len(words) == 1 else unit_phrase(field, words)


def renderings(searcher, text: str, data: CrossData, most: int = MOST, examples: int = EXAMPLES) -> dict | None:
    """Return how the single term ``text`` was rendered, or None if it is not one term with translations.

    ``{"term", "lang", "aligned", "other", "renderings": [{"text", "lang", "key", "score", "count",
    "source", "search", "mark", "examples": [{"hit": record, "counterpart": record}]}]}``; ``aligned``
    counts the aligned paragraphs with the term (None is returned when there are none); ``search`` is
    the query that finds the rendering, ``mark`` the one that marks the term and the rendering.
    """
    try:
        parsed = query_language.parse_query(text, searcher.schema, "any", normalize=False)
    except query_language.QueryError:
        return None
    found = single_term(parsed, data.lexicon)
    if found is None:
        return None
    lang, keys = found
    found_candidates = data.lexicon.lookup(lang, keys)
    if not found_candidates:
        return None
    ranked = []
    for key, c in found_candidates:
        words = set(c.key.split(SEPARATOR))
        if not any(words < set(other.key.split(SEPARATOR)) for _, other in ranked):  # "assembly" in "general assembly"
            ranked.append((key, c))
    ranked = ranked[:most]
    source = Q.Or([_unit_query(lang, k) for k in keys])
    with_term = np.asarray(engine().matching_docs(searcher, source), dtype=np.int64)
    rows, linked = aligned.links(data).gather(with_term)  # each link of those paragraphs: where it starts, where to
    if not len(rows):
        return None  # no aligned paragraph has the term: nothing to tell about how it was rendered
    term = data.lexicon.display(lang, keys[0])
    covered = np.zeros(len(with_term), dtype=bool)
    items = []
    for key, c in ranked:
        target = np.asarray(engine().matching_docs(searcher, _unit_query(c.lang, c.key)), dtype=np.int64)
        rendered = among(linked, target)
        starts, ends = rows[rendered], linked[rendered]
        hits, first = np.unique(starts, return_index=True)  # the paragraphs, in order, and the first link of each
        covered[hits] = True
        shown = [(int(with_term[starts[k]]), int(ends[k])) for k in first[:examples]]
        items.append({
            "text": c.display, "lang": c.lang, "key": c.key, "score": c.score, "count": len(hits),
            "source": c.source, "search": quoted(c.display), "mark": f"{quoted(term)} OR {quoted(c.display)}",
            "examples": [{"hit": hit_record(stored_fields(searcher, n)),
                          "counterpart": hit_record(stored_fields(searcher, cp))} for n, cp in shown],
        })
    aligned_count = len(np.unique(rows))
    return {"term": term, "lang": lang, "aligned": aligned_count,
            "other": aligned_count - int(covered.sum()), "renderings": items}
