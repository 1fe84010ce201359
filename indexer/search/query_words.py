"""Reading a parsed query's words: which parts are one word of a language, a number or symbol, a phrase.

The query is parsed without normalization, so that each word is still one
group (an ``Or`` of its terms in ``text_en`` and ``text_ru``).  Translation
(:mod:`indexer.search.translate`) and the renderings of a query's words
(:mod:`indexer.search.renderings`) read the words of a language, their terms,
and phrases from it.
"""

from __future__ import annotations

from whoosh import query as Q

from indexer.engine.schema import TEXT_FIELDS
from indexer.lexicon.units import is_stop_word, is_word_term

LANG_OF_FIELD = {field: lang for lang, field in TEXT_FIELDS.items()}


def is_empty(q) -> bool:
    """Tell whether a query matches nothing by construction (a word made only of stop words)."""
    return q is Q.NullQuery or (isinstance(q, Q.Or) and not q.subqueries)


def _term_lang(q) -> str | None:
    """Return the language whose word a term is (a Russian lemma in ``text_ru``, an English one in ``text_en``)."""
    if isinstance(q, Q.Term) and type(q) is Q.Term and isinstance(q.text, str):
        lang = LANG_OF_FIELD.get(q.fieldname)
        if lang and is_word_term(q.text, lang):
            return lang
    return None


def source_terms(q):
    """Return ``(lang, terms)`` if ``q`` is one word's terms in its own language's field, else None.

    That is a term (``Term('text_ru', 'мигрант')``) or an OR of the lemmas of one
    ambiguous word (``вена``, ``вено``).
    """
    lang = _term_lang(q)
    if lang:
        return lang, (q.text,)
    if isinstance(q, Q.Or) and q.subqueries and all(type(s) is Q.Term for s in q.subqueries):
        langs = {_term_lang(s) for s in q.subqueries}
        fields = {s.fieldname for s in q.subqueries}
        if len(langs) == 1 and None not in langs and len(fields) == 1:
            return langs.pop(), tuple(s.text for s in q.subqueries)
    return None


SPELLED_APART = "spelled_apart"  # the attribute marking a closed word's phrase of its two words


def spelled_apart(q) -> bool:
    """Tell whether ``q`` is the phrase a closed word typed is also found as (``peacekeeping``: "peace keeping",
    :class:`indexer.search.phrase_plugins.SpacedCompoundPlugin`): a spelling of the word, not words of the query."""
    return getattr(q, SPELLED_APART, False)


def as_typed(q):
    """Return a part of a word group without its spelling apart (see :func:`spelled_apart`): the word as typed."""
    if not isinstance(q, Q.Or) or not any(map(spelled_apart, q.subqueries)):
        return q
    kept = [s for s in q.subqueries if not spelled_apart(s)]
    return kept[0] if len(kept) == 1 else Q.Or(kept, boost=q.boost)


def group_word(q):
    """Return ``(lang, terms)`` of the word a word group stands for (an OR over the fields), or None."""
    if not isinstance(q, Q.Or):
        return None
    parts = [as_typed(s) for s in q.subqueries]
    found = [w for w in map(source_terms, parts) if w is not None]
    if len(found) != 1 or not all(_plain(s) for s in parts):
        return None
    return found[0]


def is_neutral(q) -> bool:
    """Tell whether a word group is a number or a symbol: the same terms in both languages, no word."""
    leaves = q.subqueries if isinstance(q, Q.Or) else [q]
    return bool(leaves) and all(type(s) is Q.Term and s.fieldname in LANG_OF_FIELD and isinstance(s.text, str)
                                and not any(is_word_term(s.text, lang) for lang in TEXT_FIELDS) for s in leaves)


def _plain(q) -> bool:
    """Tell whether a part of a word group is a term (or an OR of terms), not a phrase or a pattern."""
    return type(q) is Q.Term or (isinstance(q, Q.Or) and all(type(s) is Q.Term for s in q.subqueries))


UNIT_SLOP = 3  # a unit's words as a phrase: up to two words between them (the stop words a unit leaves out)


def unit_phrase(field: str, words: list[str], boost: float = 1.0):
    """Return the query of a multi-word unit of the lexicon (``smuggle migrant``) in a language's field.

    A unit leaves stop words out and the index keeps them, so its words may
    have up to two words between them (``smuggling of the migrants``).
    """
    return Q.Phrase(field, words, slop=UNIT_SLOP, boost=boost)


def phrase_words(q):
    """Return ``(lang, positions)`` of a phrase in its own language's field, each position its terms; else None.

    Positions of stop words are left out: a phrase's words as a unit of the lexicon.
    """
    lang = LANG_OF_FIELD.get(q.fieldname) if isinstance(q, Q.Phrase) else None
    if isinstance(q, Q.Phrase):
        positions = [(w,) for w in q.words]
    elif isinstance(q, Q.Sequence):
        positions = []
        for s in q.subqueries:
            word = source_terms(s)
            if word is None:
                return None
            lang = lang or word[0]
            if word[0] != lang:
                return None
            positions.append(word[1])
    else:
        return None
    positions = [p for p in positions if not is_stop_word(p[0])]  # a unit's words: stop words take no place
    if not lang or not positions or not all(is_word_term(p[0], lang) for p in positions):
        return None
    return lang, positions
