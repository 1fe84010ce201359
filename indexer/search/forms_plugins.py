"""``word~`` and ``word*`` in a query: beside the stems and lemmas they expand over, the forms as written.

The language fields hold lemmas; the exact field (:data:`~indexer.engine.schema.EXACT_FIELD`)
holds the words as the text writes them.  A typo or a prefix can miss a word
whose lemma differs from its form, so these parser plugins also match the
pattern against the exact forms, once per word (beside its copy in the first
field searched).
"""

from __future__ import annotations

from whoosh import query as Q
from whoosh.qparser import FuzzyTermPlugin, syntax
from whoosh.qparser.plugins import MultifieldPlugin, Plugin, PrefixPlugin

from indexer.engine.schema import EXACT_FIELD


class FormsFuzzyTermPlugin(FuzzyTermPlugin):
    """``word~``: terms within the edit distance of the word's stems and lemmas, and of the word as written.

    A typo can change a word's stem by more than the typo (``developmnt`` stems
    to ``developmnt``, three edits from ``develop``), so the word is also
    matched, as written, against the exact forms (``development``, one edit away).
    """

    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):
        def query(self, parser):
            q = super().query(parser)
            if not _beside_first_field(self, parser):
                return q
            forms = parser.term_query(EXACT_FIELD, self.text, Q.FuzzyTerm, boost=self.boost)
            for clause in (forms, *forms.children()):
                if isinstance(clause, Q.FuzzyTerm):
                    clause.maxdist, clause.prefixlength = self.maxdist, self.prefixlength
            return Q.Or([q, forms])


def replace_nodes(group, make):
    """Replace each node of a parsed group (and of the groups in it) that ``make`` makes a new node of (None: the
    node stays), the new one in its place in the text, with its boost and field; return the group."""
    for i, node in enumerate(group):
        if isinstance(node, syntax.GroupNode):
            replace_nodes(node, make)
            continue
        new = make(node)
        if new is not None:
            new.startchar, new.endchar, new.boost = node.startchar, node.endchar, node.boost
            new.fieldname = node.fieldname
            group[i] = new
    return group


def _beside_first_field(node, parser) -> bool:
    """Tell whether a word's exact forms go beside this copy of it: the one in the first of the fields searched.

    The parser copies a word into each field searched; the exact forms are
    searched once per word, and not for a word typed with its own field.
    """
    fieldname = node.fieldname or parser.fieldname
    first = next((p.fieldnames[0] for p in parser.plugins if isinstance(p, MultifieldPlugin)), fieldname)
    return fieldname == first and EXACT_FIELD in parser.schema


class FormsPrefixPlugin(Plugin):
    """``word*``: the lemmas that start with the word, and the forms as written that do.

    A form can start with what its lemma does not (``trafficking``, lemma
    ``traffic``), so ``traffick*`` also searches the exact forms.  Whoosh's
    wildcard plugin makes the prefix nodes; this plugin's filter, run after
    it and before the fields are given (:class:`MultifieldPlugin`), makes them
    nodes of its own.
    """

    def filters(self, parser):
        return [(self.do_prefixes, 60)]  # Whoosh's do_wildcards runs at 50, do_multifield at 110

    def do_prefixes(self, parser, group):
        return replace_nodes(group, lambda node: self.FormsPrefixNode(node.text)
                             if type(node) is PrefixPlugin.PrefixNode else None)

    class FormsPrefixNode(PrefixPlugin.PrefixNode):
        def query(self, parser):
            q = super().query(parser)
            if not _beside_first_field(self, parser):
                return q
            return Q.Or([q, parser.term_query(EXACT_FIELD, self.text, Q.Prefix, boost=self.boost, tokenize=False,
                                              removestops=False)])
