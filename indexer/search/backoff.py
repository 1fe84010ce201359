"""The general dictionary as a back-off of query translation: a word's senses as alternatives of small weight.

The lexicon keeps a word's dictionary senses only where the corpus does not
settle its sense (:mod:`indexer.lexicon.prior`), and learned from a few thousand
aligned pairs it often knows one rendering of a word where a text uses another
(``помощь``: ``assistance``, not ``help``).  When a query of words is matched
word by word (:meth:`~indexer.search.translate.QueryTranslator.word_alternatives`),
each single word also matches the senses the dictionary the lexicon was weighed
with gives it, each weighing :data:`SHARE` of the word's first translation times
the sense's dictionary weight (relative to a first sense's) and its rarity in the
index (:func:`indexer.lexicon.prior.rarity`), those weighing less than the prior's
floor left out (``nations``, a word of one paragraph in six).  The alternatives
of one word are scored as one term, so these add little to a paragraph that has
the word's own translation.  Only a query of
:data:`~indexer.search.ranking.PASSAGE_WORDS` words or more is backed off: it
finds the paragraphs with translations of all its words and the best hundred
with some, so a sense adds few paragraphs, where a word or two alone would list
every paragraph of every sense.
"""

from __future__ import annotations

from functools import cached_property

from indexer.engine import engine
from indexer.engine.schema import TEXT_FIELDS
from indexer.errors import DictionaryError
from indexer.lexicon import dictionary, prior
from indexer.lexicon.model import DICTIONARY, OTHER, SEPARATOR, Candidate

SHARE = 0.1  # a first dictionary sense weighs this share of the word's first translation
MOST = 8  # senses of a word, best first
FIRST = dictionary.DEFAULT_WEIGHTS.first  # the dictionary's weight of a first sense's first rendering


class Backoff:
    """The senses of a dictionary for the words of one search, weighed by their rarity in the searched index."""

    def __init__(self, searcher, described: dict):
        self.searcher = searcher
        self.described = described  # the lexicon's record of the dictionary it was weighed with
        self.documents = max(searcher.doc_count(), 1)

    @cached_property
    def dictionary(self) -> dictionary.Dictionary | None:
        """The dictionary the lexicon was weighed with, if it is the one configured now, read on first use
        (:func:`weighed_with`)."""
        return weighed_with(self.described)

    def senses(self, lang: str, keys) -> list[tuple[str, Candidate]]:
        """Return the dictionary's single-word senses of a word (its alternative keys) that the index has, as
        ``(key, candidate)``, best first, each scored by its dictionary weight times its rarity in the index."""
        if self.dictionary is None:
            return []
        other = OTHER[lang]
        field = TEXT_FIELDS[other]
        found: dict[str, tuple[str, Candidate]] = {}
        for key in keys:
            for target, weight in self.dictionary.translations(lang, key)[:MOST]:
                if SEPARATOR in target or target in found:
                    continue
                share = live_frequency(self.searcher, field, target) / self.documents
                score = round(weight * prior.rarity(target, {target: share}), 4) if share else 0.0
                if score >= prior.DEFAULT_PRIOR.floor:
                    written = self.dictionary.written.get(other, {}).get(target, target)
                    found[target] = (key, Candidate(other, target, written, score, 0, DICTIONARY, prior=weight))
        return sorted(found.values(), key=lambda item: (-item[1].score, item[1].key))[:MOST]


def live_frequency(searcher, field: str, word: str) -> int:
    """Return how many live paragraphs have ``word`` in ``field``: its document frequency from the term table where
    no paragraph is deleted (its postings unread: a sense left out as frequent is never read), else its postings'
    live paragraphs counted."""
    reader = searcher.reader()
    if reader.has_deletions():
        return len(engine().term_docs(searcher, field, word))
    return reader.doc_frequency(field, word)


def weighed_with(described: dict) -> dictionary.Dictionary | None:
    """Return the dictionary a lexicon records (``described``) if it is the one configured now
    (:func:`indexer.lexicon.dictionary.configured`, kept per process); None if it is gone or unreadable.  The one
    read is compared with the lexicon's record (:func:`~indexer.lexicon.dictionary.same_as_recorded`)."""
    try:
        found = dictionary.configured()
    except (DictionaryError, OSError):
        return None
    return found if found is not None and dictionary.same_as_recorded(found, described) else None


def warm(lexicon) -> None:
    """Read ahead the dictionary ``lexicon`` was weighed with and its senses by word, which the first search that
    backs off reads otherwise (about a second); nothing for a lexicon weighed without one."""
    described = getattr(lexicon, "dictionary", None)
    found = weighed_with(described) if described else None
    if found is not None:
        found.by_source  # made once, kept on the dictionary


def for_search(lexicon, searcher) -> Backoff | None:
    """Return the back-off of a search on ``searcher`` with ``lexicon``: None if it was weighed without a
    dictionary."""
    described = getattr(lexicon, "dictionary", None)
    return Backoff(searcher, described) if described else None
