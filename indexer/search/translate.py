"""Translating a query through the lexicon: each word, phrase and multi-word term also matches its translations.

The query is parsed without normalization, so that each word is still one
group (an ``Or`` of its terms in ``text_en`` and ``text_ru``), and rewritten:

- a Russian lemma (a Cyrillic term of ``text_ru``) or an English stem (a Latin
  term of ``text_en``) becomes ``term OR translation₁ OR …``, the translations
  being terms (or phrases, for multi-word units) of the other field;
- consecutive words that make a multi-word unit of the lexicon
  (``незаконный ввоз мигрантов``) may also match that unit's translations as a
  whole (the phrase ``smuggling of migrants``);
- a phrase matches its translation as a unit, or else the translations of
  its parts, all in one paragraph.

Numbers, symbols, exact forms (``=word``), prefixes, wildcards and fuzzy terms
are not translated.  A translation's boost is :data:`WEIGHT` times its score,
so a paragraph matched through a translation ranks below one that matches the
query's own words equally well.  The structure of the query (AND, OR, NOT) is
kept: every word still has to match, in either language.

For a query of plain words, :meth:`QueryTranslator.word_alternatives` gives
each word's translations on their own, for matching word by word
(:func:`indexer.search.across.translated_matches`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from whoosh import query as Q
from whoosh.query.compound import DefaultOr

from indexer.engine.schema import TEXT_FIELDS
from indexer.lexicon.model import DICTIONARY, Candidate, Lexicon
from indexer.search import kin, rendered
from indexer.search.backoff import FIRST as BACKOFF_FIRST, SHARE as BACKOFF_SHARE
from indexer.search.ranking import PASSAGE_WORDS
from indexer.lexicon.units import SEPARATOR
from indexer.search.query_words import (group_word, is_empty, is_neutral, phrase_words, source_terms, spelled_apart,
                                       unit_phrase)

WEIGHT = 0.8  # a translated match counts this much of an original one of the same strength


@dataclass(frozen=True)
class Choice:
    """Which candidates a unit is translated by."""

    most: int = 8  # candidates per unit
    min_score: float = 0.01
    share: float = 0.05  # of the best candidate's score (a candidate's weight follows its score)


DEFAULT_CHOICE = Choice()


@dataclass(frozen=True)
class Word:
    """One word of a query across languages: what it matches (``(query, weight)``), its own ``(field, term)``, and
    how much it counts (:mod:`indexer.search.rendered`)."""

    alternatives: tuple
    terms: tuple = ()
    weight: float = 1.0


@dataclass(frozen=True)
class Translation:
    """A translation a query used (or would have used, if ``excluded``): a query unit and a candidate."""

    source_lang: str
    source_key: str
    source: str  # the unit as displayed
    candidate: Candidate
    excluded: bool = False
    backed_off: bool = False  # a sense of the general dictionary matched at a small weight (:mod:`.backoff`): weak

    @property
    def key(self) -> str:
        """The name of this translation for turning it off: ``ru:мигрант>en:migrant``."""
        return translation_key(self.source_lang, self.source_key, self.candidate.lang, self.candidate.key)

    def as_dict(self) -> dict:
        """Return the translation as it appears in search results."""
        c = self.candidate
        return {"key": self.key, "from": self.source, "from_lang": self.source_lang, "to": c.display,
                "to_lang": c.lang, "score": c.score, "count": c.count, "source": c.source,
                "forward": c.forward, "backward": c.backward, "evidence": c.evidence,
                "weak": c.weak or self.backed_off, "excluded": self.excluded}


def translation_key(source_lang: str, source_key: str, target_lang: str, target_key: str) -> str:
    """Return the name of a translation: ``<lang>:<unit>><lang>:<unit>``."""
    return f"{source_lang}:{source_key}>{target_lang}:{target_key}"


class QueryTranslator:
    """Rewrites parsed queries so that their words also match their translations; records what it used."""

    def __init__(self, lexicon: Lexicon, exclude=frozenset(), choice: Choice = DEFAULT_CHOICE, backoff=None,
                 derived: bool = False):
        self.lexicon = lexicon
        self.exclude = frozenset(exclude)
        self.choice = choice
        self.backoff = backoff  # :class:`indexer.search.backoff.Backoff`, for matching word by word
        self.derived = derived  # a word's Russian renderings also match the words derived from them (:mod:`.kin`)
        self.longest = lexicon.max_length
        self._used: dict[str, Translation] = {}

    @property
    def used(self) -> list[Translation]:
        """The translations used so far, in the order met (turned-off ones included, marked)."""
        return list(self._used.values())

    # --- candidates ------------------------------------------------------------------------------

    def choose(self, lang: str, keys, fallback: bool = True) -> tuple[list, list]:
        """Return the translations of a unit given as its alternative keys (the lemmas of one word).

        Returns ``(chosen, excluded)``, lists of ``(key, candidate)``: the
        candidates to use, best first, and those turned off.  A word is
        translated by a multi-word unit only if that is its first candidate
        (``peacekeeping`` → ``поддержание мира``); further down the list, a
        multi-word candidate of one word is the word's context
        (``совет`` → ``security council``), which the words around it translate.
        Of a term (a unit of several words, or a hyphenated word), a candidate
        inside one already chosen is left out (``государства-члены``: ``member
        state``, not ``state`` too); a plain word keeps it (``сообщество``:
        ``international community`` first, then ``community``, which a paragraph
        may have alone).  A weak candidate (:attr:`~indexer.lexicon.model.Candidate.weak`)
        is used only when the first is weak too.  Without ``fallback``, the general dictionary's
        candidates are left out too.
        """
        ranked = self.lexicon.lookup(lang, keys)
        chosen, excluded = [], []
        for key, c in ranked:
            if not fallback and c.source == DICTIONARY:
                continue
            if translation_key(lang, key, c.lang, c.key) in self.exclude:
                excluded.append((key, c))
                continue
            best = chosen[0][1].score if chosen else c.score
            if c.weak and chosen and not chosen[0][1].weak:
                continue  # seen in one or two pairs, beside a translation seen in more
            if chosen and SEPARATOR in c.key and SEPARATOR not in key:
                continue
            words = set(c.key.split(SEPARATOR))
            term = SEPARATOR in key or "-" in key
            if term and any(words < set(other.key.split(SEPARATOR)) for _, other in chosen):
                continue  # ``state`` adds nothing to ``member state``
            if c.score >= self.choice.min_score and c.score >= self.choice.share * best \
                    and len(chosen) < self.choice.most:
                chosen.append((key, c))
        return chosen, excluded

    def _note(self, lang: str, key: str, c: Candidate, excluded: bool, backed_off: bool = False) -> None:
        t = Translation(lang, key, self.lexicon.display(lang, key), c, excluded, backed_off)
        self._used.setdefault(t.key, t)

    def kin(self, lang: str, keys, c: Candidate, key: str, display: str) -> Candidate | None:
        """Return a word's rendering ``c`` as its kin ``key`` (:mod:`.kin`: a verb partner), noted
        as used under the word's key ``c`` was noted under; None, noted as turned off, if the user turned it off
        under any of the word's ``keys``."""
        source = next((k for k in keys if translation_key(lang, k, c.lang, c.key) in self._used), next(iter(keys)))
        found = replace(c, key=key, display=display)
        turned_off = any(translation_key(lang, k, c.lang, key) in self.exclude for k in keys)
        self._note(lang, source, found, turned_off)
        return None if turned_off else found

    def turned_off(self, lang: str, keys, target_lang: str) -> list[str]:
        """Return the renderings in ``target_lang`` the user turned off of a word (its alternative ``keys``)."""
        starts = [translation_key(lang, k, target_lang, "") for k in keys]
        return [e[len(s):] for e in self.exclude for s in starts if e.startswith(s)]

    @staticmethod
    def target_query(c: Candidate, boost: float = 1.0):
        """Return the query that matches candidate ``c`` in its language's field."""
        field = TEXT_FIELDS[c.lang]
        words = c.key.split(SEPARATOR)
        if len(words) == 1:
            return Q.Term(field, words[0], boost=boost)
        return unit_phrase(field, words, boost=boost)

    def weighted(self, lang: str, keys, fallback: bool = True) -> list[tuple[Candidate, float]]:
        """Return the translations of a unit with their weights, noting them as used.

        A weight is :data:`WEIGHT` times the candidate's score, at most the first
        candidate's (the lexicon may rank a mutual translation above an indirect
        association with a higher score).  ``fallback``: see :meth:`choose`.
        """
        chosen, excluded = self.choose(lang, keys, fallback)
        for key, c in chosen:
            self._note(lang, key, c, False)
        for key, c in excluded:
            self._note(lang, key, c, True)
        cap = chosen[0][1].score if chosen else 0.0
        return [(c, WEIGHT * min(c.score, cap)) for _, c in chosen]

    def alternatives(self, lang: str, keys, fallback: bool = True) -> list:
        """Return the boosted queries of the translations of a unit (its alternative keys); ``fallback``: see :meth:`choose`."""
        return [self.target_query(c, weight) for c, weight in self.weighted(lang, keys, fallback)]

    def word_alternatives(self, q) -> list[Word] | None:
        """Return, for a query of words joined by AND, what each word matches in either language.

        Each :class:`Word` has ``(query, weight)`` alternatives: its translations
        (and those of the multi-word units it is part of), or, for a number or a
        symbol, the word itself (weight 1), the same in both languages; and its
        own terms.  A Russian or English word without translations has none.
        A word of a multi-word unit that has translations (``незаконный ввоз
        мигрантов``) is not also translated by the general dictionary: its
        words make a term, which the dictionary's senses of each would not render.
        In a query of :data:`~indexer.search.ranking.PASSAGE_WORDS` words or more, any
        other word also has the general dictionary's senses its translations lack
        (:meth:`backed_off`); and any takes its kin's translations (:mod:`.kin`: a Russian verb's partners, the
        partners of a Russian rendering, and with ``derived``, in a passage query, the words derived from a
        Russian rendering).  Each word counts as much as its translations render it (:mod:`.rendered`).
        None when the query is not only words (phrases, OR, NOT, patterns).
        """
        while isinstance(q, Q.And) and len(q.subqueries) == 1 and isinstance(q.subqueries[0], Q.And):
            q = q.subqueries[0]
        children = [c for c in q.subqueries if not is_empty(c)] if isinstance(q, Q.And) else [q]
        if not children or not all(group_word(c) is not None or is_neutral(c) for c in children):
            return None
        out: list[list[tuple]] = [[] for _ in children]
        covered: set[int] = set()
        i = 0
        while i < len(children):
            span = self._unit_at(children, i)
            if span:
                end, lang, key = span
                found = [(self.target_query(c), weight) for c, weight in self.weighted(lang, [key])]
                for j in range(i, end):
                    out[j].extend(found)
                if found:
                    covered.update(range(i, end))
                i = end
            else:
                i += 1
        words = []
        for j, (alternatives, child) in enumerate(zip(out, children)):
            word = group_word(child)
            if word is None:
                alternatives.append((child, 1.0))
                words.append(Word(tuple(alternatives), ()))
            else:
                own, weighted = self._word_weighted(word, j in covered, len(children) >= PASSAGE_WORDS)
                alternatives.extend((self.target_query(c), weight) for c, weight in weighted)
                if self.derived and len(children) >= PASSAGE_WORDS:
                    alternatives.extend(kin.derived(self, *word, weighted) + kin.years(*word, weighted))
                words.append(Word(tuple(alternatives), tuple((TEXT_FIELDS[word[0]], t) for t in word[1]),
                                  rendered.share(self.lexicon, *word, own)))
        return words

    def _word_weighted(self, word: tuple, covered: bool,
                       passage: bool) -> tuple[list[tuple[Candidate, float]], list[tuple[Candidate, float]]]:
        """Return the word's own weighted translations and all its weighted translations, of one word
        ``(lang, keys)`` of a query of words: of a word a unit with translations ``covered``, its own learned
        ones; of any other, also its verb partners' and its renderings' partners (:mod:`.kin`), and in a
        ``passage`` query the dictionary's senses of it and of its partners (:meth:`backed_off`)."""
        own = self.weighted(*word, fallback=not covered)
        if covered:
            return own, own
        weighted = own + kin.from_partners(self, *word, own)
        if passage:
            weighted += self.backed_off(word[0], (*word[1], *kin.verb_partners(*word)), weighted)
        return own, weighted + kin.rendering_partners(self, *word, weighted)

    def backed_off(self, lang: str, keys, weighted: list) -> list[tuple[Candidate, float]]:
        """Return the general dictionary's senses of a word not among its translations ``weighted``, with their
        weights (:mod:`indexer.search.backoff`), noting them as used; none without a back-off."""
        if self.backoff is None:
            return []
        have = {c.key for c, _ in weighted}
        first = max((weight for _, weight in weighted), default=WEIGHT)
        out = []
        for key, c in self.backoff.senses(lang, keys):
            if c.key in have:
                continue
            turned_off = translation_key(lang, key, c.lang, c.key) in self.exclude
            self._note(lang, key, c, turned_off, backed_off=True)
            if not turned_off:
                out.append((c, BACKOFF_SHARE * first * c.score / BACKOFF_FIRST))
        return out

    # --- rewriting -------------------------------------------------------------------------------

    def rewrite(self, q):
        """Return ``q`` (parsed with ``normalize=False``) with translations added, normalized."""
        return walking_ors(self._rewrite(q).normalize())

    def _rewrite(self, q, fallback: bool = True):
        word = source_terms(q)
        if word is not None:
            lang, keys = word
            alternatives = self.alternatives(lang, keys, fallback)
            return _either([q, _best_of(alternatives)]) if alternatives else q
        if spelled_apart(q):  # a spelling of a word typed, translated with it
            return q
        if isinstance(q, (Q.Phrase, Q.Sequence)):
            return self._phrase(q)
        if isinstance(q, Q.And):
            return self._and(q)
        if q.is_leaf():
            return q
        return q.apply(lambda child: self._rewrite(child, fallback))

    def _and(self, q):
        """Rewrite the words of an AND, and add the translations of the multi-word units they make.

        As in :meth:`word_alternatives`, the words of a unit that has
        translations are translated as part of it only.
        """
        children = [c for c in q.subqueries if not is_empty(c)]
        out = []
        i = 0
        while i < len(children):
            span = self._unit_at(children, i)
            if span:
                end, lang, key = span
                term = bool(self.choose(lang, [key])[0])
                words = children[i:end] if term else [self._rewrite(c) for c in children[i:end]]
                alternatives = self.alternatives(lang, [key])
                out.append(_either([Q.And(words), _best_of(alternatives)]) if alternatives else Q.And(words))
                i = end
            else:
                out.append(self._rewrite(children[i]))
                i += 1
        return Q.And(out, boost=q.boost)

    def _unit_at(self, children: list, start: int):
        """Return ``(end, lang, key)`` of the longest multi-word unit of the lexicon starting at ``children[start]``."""
        first = group_word(children[start])
        if first is None:
            return None
        lang = first[0]
        words = [first[1][0]]
        found = None
        for end in range(start + 1, min(len(children), start + self.longest)):
            word = group_word(children[end])
            if word is None or word[0] != lang:
                break
            words.append(word[1][0])
            key = SEPARATOR.join(words)
            if self.lexicon.has(lang, key):
                found = (end + 1, lang, key)
        return found

    def _phrase(self, q):
        """Rewrite a phrase: its translation as a unit, else the translations of its parts (all of them)."""
        word = phrase_words(q)
        if word is None:
            return q
        lang, positions = word
        whole = self.alternatives(lang, [SEPARATOR.join(p[0] for p in positions)]) if len(positions) > 1 else []
        if whole:
            return _either([q, _best_of(whole)])
        parts = []
        i = 0
        while i < len(positions):
            for end in range(min(len(positions), i + self.longest), i, -1):
                keys = positions[i] if end == i + 1 else [SEPARATOR.join(p[0] for p in positions[i:end])]
                alternatives = self.alternatives(lang, keys)
                if alternatives:
                    parts.append(_best_of(alternatives))
                    i = end
                    break
            else:
                return q  # a word without a translation: the phrase has none
        return _either([q, Q.And(parts)])


def _either(queries: list):
    """Return an OR of ``queries`` (see :func:`walking_ors`)."""
    return DefaultOr(queries)


def walking_ors(q):
    """Return ``q`` with each OR one that walks its postings.

    In a segment of fewer than 5,000 documents Whoosh preloads every match of
    an OR of three or more clauses, which reads the whole postings of every
    translation of a word even where an AND needs only a few documents.
    """
    if q.is_leaf():
        return q
    q = q.apply(walking_ors)
    return DefaultOr(q.subqueries, boost=q.boost) if type(q) is Q.Or else q


def _best_of(alternatives: list):
    """Return one query matching any of the translations of a unit, scored by the best of them."""
    return alternatives[0] if len(alternatives) == 1 else Q.DisjunctionMax(alternatives)
