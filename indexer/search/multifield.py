"""A query's unfielded words searched in every language field, each word copied per field without ``copy.copy``.

Whoosh's ``MultifieldPlugin`` copies every word node of a query once per
field with ``copy.copy``, whose generic path (``__reduce_ex__``, then
rebuilding the object) costs more than the rest of the copy.  A node is a
plain object (no ``__slots__``, no copy or pickling methods of its own): a
new object of its class with its attributes is the same copy.
"""

from __future__ import annotations

import copy

from whoosh.qparser import syntax
from whoosh.qparser.plugins import MultifieldPlugin

def _plain(cls) -> bool:
    """Tell whether ``copy.copy`` of a ``cls`` is a new object with the same attributes (``copy``'s own test)."""
    return (getattr(cls, "__copy__", None) is None and cls.__reduce_ex__ is object.__reduce_ex__
            and cls.__reduce__ is object.__reduce__ and cls.__getstate__ is object.__getstate__
            and getattr(cls, "__setstate__", None) is None and not hasattr(cls, "__slots__"))


def shallow_copy(node):
    """Return ``copy.copy(node)``, made directly for a plain object."""
    cls = type(node)
    if not _plain(cls):
        return copy.copy(node)
    new = cls.__new__(cls)
    new.__dict__.update(node.__dict__)
    return new


class QuickMultifieldPlugin(MultifieldPlugin):
    """Whoosh's ``MultifieldPlugin``, its fielded copies made by :func:`shallow_copy`."""

    def do_multifield(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_multifield(parser, node)
            elif node.has_fieldname and node.fieldname is None:
                newnodes = []
                for fname in self.fieldnames:
                    newnode = shallow_copy(node)
                    newnode.set_fieldname(fname)
                    newnode.set_boost(self.boosts.get(fname, 1.0))
                    newnodes.append(newnode)
                group[i] = self.group(newnodes)
        return group
