"""A query word's kin across languages: Russian verbs' partners, and the forms derived from a Russian rendering.

A lexicon learned from a few thousand aligned pairs knows a word in the forms
the pairs had.  When a query is matched word by word
(:meth:`~indexer.search.translate.QueryTranslator.word_alternatives`):

- a Russian verb also takes the translations of its partners
  (:func:`analyzers.aspects.partners`): ``позволить``, which the lexicon does not
  know, or knows as a word it met beside it, is translated as ``позволять``
  (*allow*); ``использоваться`` as ``использовать`` (*use*).  A partner's
  translation weighs :data:`SOURCE` of what it weighs for the partner, or all of
  it when the word has none of its own;
- a Russian rendering of an English word (``создавать``, for *create*) also
  matches its verb's partners (``создать``, ``создаваться``), at :data:`TARGET`
  of its weight;
- in a query of :data:`~indexer.search.ranking.PASSAGE_WORDS` words or more, a
  Russian rendering also matches the words of the index that begin with its
  stem (:func:`derived`: ``удовлетворение`` → ``удовлетворе…``, which
  ``удовлетворенность`` begins with; ``существование`` → ``существова…``,
  ``существовать``), as one alternative weighing :data:`DERIVED` of the
  rendering's.  A shorter query lists every paragraph any alternative of its
  words matches, and a stem begins unrelated words too (``статья`` → ``стат…``,
  ``стать``); in a longer one the other words keep them out.  English derived
  words share less of their spelling: an English rendering matches instead the
  words one suffix away from it (:func:`related`, :mod:`analyzers.derivation`:
  ``assessment`` → ``assess``, ``sectoral`` → ``sector``), as one alternative
  weighing :data:`RELATED` of the rendering's.  On OpenSearch
  (:mod:`indexer.search.cluster_across`) a stem is a ``prefix`` clause among
  the word's alternatives: the same paragraphs as on Whoosh.

And in such a query the Russian word for a year (``год``: ``в 2014 году``, *in 2014*) also matches a year
written in digits (:func:`years`), at :data:`YEAR` of its first rendering's weight: English often writes the
year alone.

A rendering's partner is listed among the query's translations, as the
rendering's (``en:perform>ru:выполнить``), and left out if the user turned it
off; a stem is not listed (the lists stay the same on both engines), and one
that begins a rendering the user turned off (``создание`` → ``созда…``, with
``создать`` off) gives no derived words.
"""

from __future__ import annotations

from whoosh import query as Q

from analyzers.aspects import partners
from analyzers.derivation import relatives
from indexer.engine.schema import TEXT_FIELDS
from indexer.lexicon.model import OTHER, SEPARATOR

SOURCE = 0.5  # a partner's translation, beside the word's own, weighs this share of its weight
TARGET = 0.5  # a rendering's partner weighs this share of the rendering's weight
DERIVED = 0.3  # the words derived from a rendering weigh this share of the rendering's weight
DERIVED_FROM = 3  # the first this many renderings of a word give their derived words
DERIVED_LANGS = ("ru",)  # the languages whose renderings give the words beginning with their stem
RELATED = 0.3  # the words one suffix away from an English rendering weigh this share of the rendering's weight
STEM_CUT = 3  # letters a rendering's stem leaves off its end
STEM_LEAST = 5  # letters a stem keeps at least (and a rendering has more than, to give its derived words)
YEAR = 0.5  # a year written in digits weighs this share of the first rendering of a word for a year
YEAR_WORDS = {"ru": frozenset({"год"})}  # the words for a year, whose renderings may be the year alone
YEARS = "(19|20)[0-9]{2}"  # a year written in digits (a regular expression both engines read)


def verb_partners(lang: str, keys) -> tuple[str, ...]:
    """Return the partners of the Russian verbs among a word's alternative keys (its lemmas), none of them."""
    if lang != "ru":
        return ()
    return tuple(dict.fromkeys(p for key in keys for p in partners(key) if p not in keys))


def from_partners(translator, lang: str, keys, weighted: list) -> list:
    """Return the translations of a word's verb partners that its own translations ``weighted`` lack, weighted
    (all of a partner's weight when the word has no translation of its own), noting them as used."""
    found = verb_partners(lang, keys)
    if not found:
        return []
    have = {c.key for c, _ in weighted}
    share = SOURCE if weighted else 1.0
    return [(c, weight * share) for c, weight in translator.weighted(lang, found) if c.key not in have]


def rendering_partners(translator, lang: str, keys, weighted: list) -> list:
    """Return the verb partners of a word's Russian renderings ``weighted`` (``(candidate, weight)``) that are
    not renderings already, each as its rendering's candidate under the partner's key, weighted; noted as used
    (:meth:`~indexer.search.translate.QueryTranslator.kin`), and left out if the user turned them off."""
    have = {c.key for c, _ in weighted}
    out = []
    for c, weight in weighted:
        if c.lang != "ru" or SEPARATOR in c.key:
            continue
        for key in partners(c.key):
            if key not in have:
                have.add(key)
                found = translator.kin(lang, keys, c, key, key)
                if found is not None:
                    out.append((found, weight * TARGET))
    return out


def stem(key: str) -> str | None:
    """Return the stem the derived words of a rendering begin with (None for a short one or a term of words).

    >>> stem("удовлетворение"), stem("региональный"), stem("право")
    ('удовлетворе', 'региональ', None)
    """
    if SEPARATOR in key or len(key) <= STEM_LEAST:
        return None
    return key[:max(STEM_LEAST, len(key) - STEM_CUT)]


def derived(translator, lang: str, keys, weighted: list) -> list:
    """Return, for the first :data:`DERIVED_FROM` renderings of a word (its alternative ``keys``), the words
    derived from each: of a Russian rendering, a prefix query of its stem (:func:`stem`) in its language's field,
    weighted (``(query, weight)``), a stem that begins with an earlier one, or that an earlier one begins with,
    adding nothing, nor one that begins a rendering the user turned off; of an English one, the words a suffix
    away from it (:func:`related`)."""
    out, seen = [], set()
    for c, weight in weighted[:DERIVED_FROM]:
        if c.lang == "en":
            out += related(translator, lang, keys, c, weight, {k.key for k, _ in weighted})
            continue
        found = stem(c.key) if c.lang in DERIVED_LANGS else None
        if not found or any(found.startswith(other) or other.startswith(found) for other in seen):
            continue
        seen.add(found)
        if not any(off.startswith(found) for off in translator.turned_off(lang, keys, c.lang)):
            out.append((Q.Prefix(TEXT_FIELDS[c.lang], found), weight * DERIVED))
    return out


def related(translator, lang: str, keys, c, weight: float, have: set) -> list:
    """Return the English words one suffix away from rendering ``c`` (:func:`analyzers.derivation.relatives`),
    but its renderings ``have`` and those the user turned off, as one alternative (:class:`Forms`) weighing
    :data:`RELATED` of its ``weight``; none if it has none."""
    off = set(translator.turned_off(lang, keys, c.lang))
    found = tuple(w for w in relatives(c.key) if w not in have and w not in off) if SEPARATOR not in c.key else ()
    return [(Forms(TEXT_FIELDS[c.lang], found), weight * RELATED)] if found else []


class Forms(Q.Regex):
    """Any of some words of a field (:attr:`words`), as a regular expression both engines read."""

    def __init__(self, fieldname: str, words: tuple, boost: float = 1.0):
        super().__init__(fieldname, "|".join(words), boost=boost)
        self.words = tuple(words)


def years(lang: str, keys, weighted: list) -> list:
    """Return, for a word for a year (:data:`YEAR_WORDS`; its alternative ``keys``), an alternative matching a year
    written in digits in the other language's field, weighing :data:`YEAR` of its first rendering's weight
    (``weighted``, ``(candidate, weight)``); none for any other word, or one without renderings."""
    if not weighted or not YEAR_WORDS.get(lang, frozenset()) & set(keys):
        return []
    return [(Years(TEXT_FIELDS[OTHER[lang]]), weighted[0][1] * YEAR)]


class Years(Q.Regex):
    """A year written in digits in a field (:data:`YEARS`): the terms that begin with :attr:`prefixes` and
    match it."""

    prefixes = ("19", "20")

    def __init__(self, fieldname: str, boost: float = 1.0):
        super().__init__(fieldname, YEARS, boost=boost)
