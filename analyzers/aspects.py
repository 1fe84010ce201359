"""Russian verbs' partners: the imperfective of a perfective verb, and the verb of a reflexive one.

A lexicon learned from a few thousand aligned pairs, or a dictionary, often
knows one verb of an aspect pair and not the other (``позволять``: *allow*;
``позволить``: nothing, or a word it met beside it), and the active verb but not
its reflexive passive (``использовать``: *use*; ``использоваться``: nothing).
:func:`partners` gives a verb's infinitive the infinitives of the same verb in
the other aspect or voice, so that one's translations can stand for the
other's.  The imperfective is made from the perfective by the suffix rules of
:data:`IMPERFECTIVES` (``-ить`` → ``-ять``, ``-ивать`` …, ``-нести`` →
``-носить``, ``-йти`` → ``-ходить``, ``-зойти`` → ``-сходить``), each form kept only if pymorphy3 knows it as
an imperfective infinitive; a perfective from an imperfective, by the same
rules read backwards, kept only if it is a perfective whose imperfectives
include the verb.  A verb made perfective by a prefix alone (``сделать``) has
no partner here.

>>> partners("позволить"), partners("использоваться"), partners("создавать")
(('позволять',), ('использовать',), ('создать', 'создаваться', 'создаться'))
>>> partners("учесть"), partners("найти"), partners("мигрант")
(('учитывать',), ('находить', 'найтись', 'находиться'), ())
"""

from __future__ import annotations

from functools import lru_cache

from analyzers.russian import morph_analyzer

# A perfective's ending → the endings of its imperfective, longer endings first: of the rules whose ending a verb
# has, the first that makes a known imperfective is used (``позволить``: not ``-лить`` → ``-ливать``, but ``-ить``).
IMPERFECTIVES = (
    ("зойти", ("сходить",)), ("ойти", ("ходить",)), ("йти", ("ходить",)),
    ("нести", ("носить",)), ("вести", ("водить",)), ("счесть", ("считать",)), ("честь", ("читывать",)),
    ("брать", ("бирать",)), ("звать", ("зывать",)), ("слать", ("сылать",)), ("драть", ("дирать",)),
    ("нять", ("нимать",)), ("чать", ("чинать",)), ("мереть", ("мирать",)), ("переть", ("пирать",)),
    ("тереть", ("тирать",)), ("дать", ("давать",)), ("знать", ("знавать",)), ("стать", ("ставать",)),
    ("мочь", ("могать",)), ("жечь", ("жигать",)), ("ечь", ("екать", "егать")),
    ("быть", ("бывать",)), ("крыть", ("крывать",)), ("мыть", ("мывать",)),
    ("бить", ("бивать", "блять")), ("пить", ("пивать", "плять")), ("лить", ("ливать",)), ("шить", ("шивать",)),
    ("вить", ("вивать", "влять")), ("мить", ("млять",)), ("фить", ("флять",)),
    ("нуть", ("ать", "ивать", "ывать")),
    ("стить", ("щать",)), ("тить", ("щать", "чать")), ("дить", ("ждать", "жать")), ("сить", ("шать",)),
    ("зить", ("жать",)), ("ить", ("ять", "ать", "ивать", "ывать")),
    ("отреть", ("атривать",)), ("еть", ("ивать", "ывать", "евать", "ать")),
    ("ать", ("ывать", "ивать", "авать")), ("ять", ("ивать", "ывать")),
)
REFLEXIVE = ("ся", "сь")
VOWELS = frozenset("аеёиоуыэюя")
SECONDARY = ("ивать", "ывать")  # the imperfective suffixes before which a stem's last о is often а


@lru_cache(maxsize=50_000)
def _aspects(word: str) -> frozenset[str]:
    """Return the aspects (``perf``, ``impf``) pymorphy3 knows ``word`` in as an infinitive (none if it is not one)."""
    return frozenset(p.tag.aspect for p in morph_analyzer().parse(word)
                     if p.is_known and p.tag.POS == "INFN" and p.normal_form == word)


def _spellings(stem: str, ending: str, vowels: str = "оа") -> list[str]:
    """Return ``stem + ending`` and, before ``-ивать``/``-ывать``, also with the stem's last о as а (``vowels``:
    which as which; ``"ао"`` reads the rule backwards)."""
    out = [stem + ending]
    at = stem.rfind(vowels[0])
    if ending in SECONDARY and 0 <= at and at >= len(stem) - 3:
        out.append(stem[:at] + vowels[1] + stem[at + 1:] + ending)
    return out


def _split(word: str) -> tuple[str, str]:
    """Return a verb without its reflexive ending, and that ending (empty if none)."""
    for ending in REFLEXIVE:
        if word.endswith(ending):
            return word[:-len(ending)], ending
    return word, ""


def _reflexive(form: str) -> str:
    """Return a verb's form with the reflexive ending it takes: ``сь`` after a vowel, else ``ся``.

    >>> _reflexive("найти"), _reflexive("находить")
    ('найтись', 'находиться')
    """
    return form + ("сь" if form[-1:] in VOWELS else "ся")


def _voiced(form: str, reflexive: bool) -> str:
    """Return ``form``, reflexive (:func:`_reflexive`) if the verb it was made from was."""
    return _reflexive(form) if reflexive else form


def imperfectives(verb: str) -> tuple[str, ...]:
    """Return the imperfective partners of a perfective infinitive (none for any other word)."""
    if "perf" not in _aspects(verb):
        return ()
    base, ending = _split(verb)
    for perfective, endings in IMPERFECTIVES:
        if base.endswith(perfective):
            stem = base[:-len(perfective)]
            found = [_voiced(form, bool(ending)) for new in endings for form in _spellings(stem, new)]
            found = [f for f in dict.fromkeys(found) if f != verb and "impf" in _aspects(f)]
            if found:
                return tuple(found)
    return ()


def _stems(stem: str, imperfective: str) -> list[str]:
    """Return the perfective stems an imperfective's stem may come from (its last а as о, before ``-ивать``)."""
    return [form[:len(stem)] for form in _spellings(stem, imperfective, "ао")]


def perfectives(verb: str) -> tuple[str, ...]:
    """Return the perfective partners of an imperfective infinitive (none for any other word)."""
    if "impf" not in _aspects(verb):
        return ()
    base, ending = _split(verb)
    found = []
    for perfective, endings in IMPERFECTIVES:
        for new in endings:
            if base.endswith(new):
                stem = base[:-len(new)]
                found.extend(_voiced(form + perfective, bool(ending)) for form in _stems(stem, new))
    return tuple(dict.fromkeys(f for f in found if f != verb and verb in imperfectives(f)))


def aspect_partners(verb: str) -> tuple[str, ...]:
    """Return the infinitives of a verb in the other aspect (of both, for a verb of either aspect)."""
    return tuple(dict.fromkeys((*imperfectives(verb), *perfectives(verb))))


@lru_cache(maxsize=20_000)
def partners(verb: str) -> tuple[str, ...]:
    """Return the infinitives of a verb in the other aspect, in the other voice, and that one's other aspect."""
    if not _aspects(verb):
        return ()
    base, ending = _split(verb)
    voice = base if ending else _reflexive(verb)
    voiced = (voice, *aspect_partners(voice)) if _aspects(voice) else ()
    return tuple(dict.fromkeys(f for f in (*aspect_partners(verb), *voiced) if f != verb))
