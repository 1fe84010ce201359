"""The app's Jinja environment: ``record.field`` on a plain dict looks the item up at once.

Jinja reads ``p.lang`` as the attribute ``lang`` of ``p`` and, when there is
none, as the item ``p["lang"]``; a search page does so hundreds of times on
the records of its hits, and each miss raises and catches an
``AttributeError``.  A plain dict has no attributes but its type's, so for any
other name the item is what Jinja would find: it is looked up directly, with
the same result (the value, or Jinja's undefined).
"""

from __future__ import annotations

from flask.templating import Environment as FlaskEnvironment

DICT_ATTRIBUTES = frozenset(dir(dict))


class Environment(FlaskEnvironment):
    """Flask's Jinja environment, with :meth:`getattr` taking a plain dict's items without trying attributes first."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)
