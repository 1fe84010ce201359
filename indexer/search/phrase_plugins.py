"""The query parser's phrase plugins: phrases whose words have several lemmas, and closed words written apart."""

from __future__ import annotations

from collections import OrderedDict

from whoosh import query as Q
from whoosh.qparser import syntax
from whoosh.qparser.plugins import PhrasePlugin, Plugin

from analyzers.compounds import spaced

from indexer.engine.schema import EXACT_FIELD, TEXT_FIELDS
from indexer.search.forms_plugins import replace_nodes
from indexer.search.query_words import SPELLED_APART
from indexer.search.spellings import joined_spellings


def _position_groups(field, text: str, startchar: int):
    """Analyze ``text`` with ``field``'s analyzer into token groups by position, with char ranges (stop words kept)."""
    groups: OrderedDict[int, list] = OrderedDict()
    for t in field.tokenize(text, mode="query", positions=True, chars=True, removestops=False):
        group = groups.setdefault(t.pos, [[], (startchar + t.startchar, startchar + t.endchar)])
        if t.text not in group[0]:
            group[0].append(t.text)
    return list(groups.values())


class AlternativesPhrasePlugin(PhrasePlugin):
    """Phrases whose words may have several lemmas: alternatives at one position match any of them."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname] if parser.schema and fieldname in parser.schema else None
            if field is None or not field.analyzer:
                return super().query(parser)
            if fieldname == EXACT_FIELD:
                return syntax.attach(self._exact_phrase(parser.schema), self)
            return syntax.attach(self._phrase(fieldname, field) or Q.NullQuery, self)

        def _phrase(self, fieldname, field):
            """Return the phrase in one positional field, or None; words written apart may be one compound.

            ``"capacity building"`` also matches ``capacity-building`` and
            ``capacitybuilding``: each pair of neighbouring words is tried
            joined by a hyphen (see :func:`joined_spellings`).
            """
            first = self._sequence(fieldname, field, self.text, self.textstartchar)
            if first is None:
                return None
            others = [self._sequence(fieldname, field, text, None) for text in joined_spellings(self.text)]
            others = [q for q in others if q is not None]
            return Q.Or([first, *others], boost=self.boost) if others else first

        def _sequence(self, fieldname, field, text: str, startchar: int | None):
            """Return ``text`` as a phrase in one field (alternative lemmas at a position allowed), or None."""
            groups = _position_groups(field, text, startchar or 0)
            if not groups:
                return None
            boost = self.boost if startchar is not None else 1.0
            if len(groups) == 1 and startchar is None:
                words = groups[0][0]
                return Q.Term(fieldname, words[0]) if len(words) == 1 else Q.Or([Q.Term(fieldname, w) for w in words])
            if all(len(words) == 1 for words, _ in groups):
                return Q.Phrase(fieldname, [words[0] for words, _ in groups], slop=self.slop, boost=boost,
                                char_ranges=[span for _, span in groups] if startchar is not None else None)
            parts = [Q.Term(fieldname, words[0]) if len(words) == 1
                     else Q.Or([Q.Term(fieldname, w) for w in words]) for words, _ in groups]
            return Q.Sequence(parts, slop=self.slop, boost=boost)

        def _exact_phrase(self, schema):
            """``="ввоз мигрантов"``: the phrase (in either language field) with each word in exactly this form.

            The exact field keeps no positions; the language fields give the
            order, the exact field the forms.
            """
            forms = [t.text for t in schema[EXACT_FIELD].analyzer(self.text, mode="query")]
            phrases = [q for q in (self._phrase(name, schema[name]) for name in TEXT_FIELDS.values()) if q]
            if not forms or not phrases:
                return Q.NullQuery
            return Q.And([Q.Or(phrases), *(Q.Term(EXACT_FIELD, form) for form in forms)])

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = match.group("slop")
            return AlternativesPhrasePlugin.PhraseNode(match.group("text"), match.start("text"),
                                                       int(slop) if slop else 1)

    def taggers(self, parser):
        return [(self.PhraseTagger(self.expr), 0)]


class SpacedCompoundPlugin(Plugin):
    """A closed English word is also found written as two words: ``peacekeeping`` finds "peace keeping".

    The hyphenated and closed spellings are one term already
    (:class:`analyzers.filters.CompoundFilter`); a word typed without quotes
    that splits into two words (:func:`analyzers.compounds.spaced`) is, in the
    English field, that term or the two words as a phrase.  The filter runs
    after Whoosh's wildcard plugin (50) and before the fields are given (110).
    """

    def filters(self, parser):
        return [(self.do_compounds, 70)]

    def do_compounds(self, parser, group):
        return replace_nodes(group, lambda node: self.CompoundNode(node.text)
                             if type(node) is syntax.WordNode and spaced(node.text.lower()) else None)

    class CompoundNode(syntax.WordNode):
        def query(self, parser):
            q = super().query(parser)
            fieldname = self.fieldname or parser.fieldname
            if fieldname != TEXT_FIELDS["en"] or not q or fieldname not in parser.schema:
                return q
            phrase = AlternativesPhrasePlugin.PhraseNode(" ".join(spaced(self.text.lower())), None, 1)
            apart = phrase._sequence(fieldname, parser.schema[fieldname], phrase.text, None)
            if apart is None:
                return q
            setattr(apart, SPELLED_APART, True)  # a spelling of the word: not translated, not ordered as words
            return syntax.attach(Q.Or([q, apart], boost=self.boost), self)
