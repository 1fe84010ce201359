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

from whoosh.analysis import CompositeAnalyzer, RegexTokenizer

from analyzers.memo import MemoFilters, matches
from indexer.build.records import text_field
from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS

FIELDS = (*TEXT_FIELDS.values(), EXACT_FIELD)  # the analyzed fields of a paragraph's text


def chain(schema, fieldname: str) -> tuple[object, MemoFilters] | None:
    """Return the tokenizer's expression and the memoized chain of a field's analyzer (None for another analyzer)."""
    analyzer = schema[fieldname].analyzer if fieldname in schema else None
    items = getattr(analyzer, "items", None)
    if (type(analyzer) is not CompositeAnalyzer or len(items) != 2 or type(items[0]) is not RegexTokenizer
            or items[0].gaps or type(items[1]) is not MemoFilters):
        return None
    return items[0].expression, items[1]


def words_by_field(documents, schema) -> dict[str, dict[str, None]]:
    """Return, per analyzed text field of ``schema``, the distinct tokens its tokenizer cuts from the paragraphs of
    ``documents`` that go into it (every paragraph's text goes into its language's field and the exact one), in the
    order they first come."""
    chains = {name: found for name in FIELDS if (found := chain(schema, name)) is not None}
    out: dict[str, dict[str, None]] = {name: {} for name in chains}
    for doc in documents:
        for p in doc.paragraphs:
            cut: dict[object, list[str]] = {}  # one cut per tokenizer expression
            for name in (text_field(p, doc), EXACT_FIELD):
                if name in chains:
                    expression = chains[name][0]
                    if expression not in cut:
                        cut[expression] = matches(expression, p.text)
                    out[name].update(dict.fromkeys(cut[expression]))
    return out


def warm(schema, documents) -> int:
    """Run the memoized chain of each text field of ``schema`` on the distinct words ``documents`` give it
    (:func:`words_by_field`); return how many words were new to the chains.

    The words are analyzed in the order one process writing the documents meets
    them: a Russian participle's own lemma is worked out once per verb, from the
    first of its forms met (``происшедших`` and ``произошедших`` give
    ``происшедший`` or ``произошедший``, whichever came first), so the index is
    that of a build in one process.
    """
    done = 0
    for name, words in words_by_field(documents, schema).items():
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
