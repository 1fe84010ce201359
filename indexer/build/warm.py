"""Analyzing the distinct words of a build once, before the processes that write its paragraphs are forked.

Each process that writes paragraphs analyzes each distinct word of its text
once (the memoized filter chains of :mod:`analyzers.memo`, the lemma caches of
:mod:`analyzers.russian` and :mod:`analyzers.english`).  Forked with cold
caches, each of them analyzed nearly the whole vocabulary again: UN text of any
size repeats some 25,000 word forms.  :func:`warm` analyzes them once, in the
building process, before it forks the process that learns the lexicon (which
then reads the words as the index holds them) and those that write, which inherit them;
:func:`share` hands what one schema's chains met to another schema's equal
chains (the writers write with the index's own schema object).
"""

from __future__ import annotations

from functools import partial

from whoosh.analysis import CompositeAnalyzer, RegexTokenizer

from indexer import parallel

from analyzers.memo import MemoFilters, matches
from indexer.build.records import text_field
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS

FIELDS = (*TEXT_FIELDS.values(), EXACT_FIELD)  # the analyzed fields of a paragraph's text
RUN_DOCUMENTS = 64  # documents cut into tokens at a time by a process of several (:func:`words_by_field`)


def chain(schema, fieldname: str) -> tuple[object, MemoFilters] | None:
    """Return the tokenizer's expression and the memoized chain of a field's analyzer (None for another analyzer)."""
    analyzer = schema[fieldname].analyzer if fieldname in schema else None
    items = getattr(analyzer, "items", None)
    if (type(analyzer) is not CompositeAnalyzer or len(items) != 2 or type(items[0]) is not RegexTokenizer
            or items[0].gaps or type(items[1]) is not MemoFilters):
        return None
    return items[0].expression, items[1]


def words_by_field(documents, schema, procs: int = 1) -> dict[str, dict[str, None]]:
    """Return, per analyzed text field of ``schema``, the distinct tokens its tokenizer cuts from the paragraphs of
    ``documents`` that go into it (every paragraph's text goes into its language's field and the exact one), in the
    order they first come.

    With ``procs`` > 1 runs of consecutive documents are cut into tokens by that many processes, and their
    tokens gathered in the runs' order: the same words in the same order.
    """
    chains = {name: found for name in FIELDS if (found := chain(schema, name)) is not None}
    if procs < 2 or len(documents) < 2 * RUN_DOCUMENTS:
        return _words(documents, chains)
    out: dict[str, dict[str, None]] = {name: {} for name in chains}
    cut = [documents[at:at + RUN_DOCUMENTS] for at in range(0, len(documents), RUN_DOCUMENTS)]
    for found in parallel.imap_ordered(partial(_words, chains=chains), cut, procs):
        for name, words in found.items():
            out[name].update(words)  # a word met in an earlier run keeps its place
    return out


def _words(documents, chains: dict) -> dict[str, dict[str, None]]:
    """Return :func:`words_by_field` of ``documents`` with the fields' ``chains`` (:func:`chain`), in this process."""
    tokens: dict[str, list[str]] = {name: [] for name in chains}  # every token of each field, in order
    for doc in documents:
        for p in doc.paragraphs:
            cut: dict[object, list[str]] = {}  # one cut per tokenizer expression
            for name in (text_field(p, doc), EXACT_FIELD):
                if name in chains:
                    expression = chains[name][0]
                    if expression not in cut:
                        cut[expression] = matches(expression, p.text)
                    tokens[name] += cut[expression]
    return {name: dict.fromkeys(found) for name, found in tokens.items()}


def warm(schema, documents, procs: int = 1) -> int:
    """Run the memoized chain of each text field of ``schema`` on the distinct words ``documents`` give it
    (:func:`words_by_field`, found by ``procs`` processes); return how many words were new to the chains.

    The words are analyzed in the order one process writing the documents meets
    them: a Russian participle's own lemma is worked out once per verb, from the
    first of its forms met (``происшедших`` and ``произошедших`` give
    ``происшедший`` or ``произошедший``, whichever came first), so the index is
    that of a build in one process.
    """
    done = 0
    for name, words in words_by_field(documents, schema, procs).items():
        done += chain(schema, name)[1].learn(words)
    return done


def share(source, schema) -> int:
    """Give each memoized chain of ``schema``'s text fields what the equal chain of ``source`` met; return how many
    words it was given (none where the chains differ)."""
    given = 0
    for name in FIELDS:
        theirs, mine = chain(source, name), chain(schema, name)
        if theirs is not None and mine is not None:
            given += mine[1].adopt(theirs[1])
    return given
