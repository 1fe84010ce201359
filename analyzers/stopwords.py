"""Stop words: function words too frequent to be worth indexing, per language.

The lists are short on purpose: UN texts are legal texts, where ``not``,
``shall``, ``may``, ``не`` and ``без`` carry meaning and must stay searchable.
"""

ENGLISH = frozenset(
    """a an and are as at be been by for from had has have in into is it its of on or
    that the their them these they this those to was were which with""".split()
)

RUSSIAN = frozenset(
    """а в во да для до же за и из или к ко ли на над о об обо от по под при про с со
    то у что чтобы это этот эти его ее её их как также так который которая которое
    которые которых которым котором""".split()
)

ALL = ENGLISH | RUSSIAN
