"""Russian verbs' partners: the other aspect, the other voice, checked against pymorphy3's dictionary."""

from __future__ import annotations

import pytest

from analyzers.aspects import aspect_partners, imperfectives, partners, perfectives

# verb | its partners (other aspect, other voice, that one's other aspect), from the Charter, the UDHR and UN texts
PARTNERS = """
позволить      | позволять
использоваться | использовать
создавать      | создать создаваться создаться
учесть         | учитывать
найти          | находить найтись находиться
найтись        | находиться найти находить
находиться     | найтись находить найти
произойти      | происходить
происходить    | произойти
обойтись       | обходиться обойти обходить
внести         | вносить внестись вноситься
рассмотреть    | рассматривать рассмотреться рассматриваться
принять        | принимать приняться приниматься
увеличиться    | увеличиваться увеличить увеличивать
выполняться    | выполниться выполнять выполнить
провозгласить  | провозглашать
""".strip().splitlines()


@pytest.mark.parametrize("verb, expected", [tuple(part.strip() for part in line.split("|")) for line in PARTNERS])
def test_partners(verb, expected):
    assert partners(verb) == tuple(expected.split())


@pytest.mark.parametrize("perfective, imperfective", [
    ("позволить", ("позволять",)),  # -лить is tried before -ить, and makes no known verb: -ить → -ять
    ("ответить", ("отвечать",)), ("сократить", ("сокращать",)), ("укрепить", ("укреплять",)),
    ("достигнуть", ("достигать",)), ("войти", ("входить",)), ("привести", ("приводить",)),
    ("выбрать", ("выбирать",)), ("счесть", ("считать",)), ("начать", ("начинать",)),
    ("произойти", ("происходить",)), ("взойти", ("всходить",)),  # -зойти → -сходить: the prefix keeps its о
    ("разойтись", ("расходиться",)),  # a reflexive ending after a consonant is -ся, after a vowel -сь
])
def test_the_imperfective_of_a_perfective(perfective, imperfective):
    assert imperfectives(perfective) == imperfective
    assert perfective in perfectives(imperfective[0])


def test_a_verb_of_both_aspects_has_partners_in_both():
    assert aspect_partners("проводить") == ("провожать", "провести")


def test_a_verb_made_perfective_by_a_prefix_alone_has_no_aspect_partner():
    assert aspect_partners("сделать") == () and partners("сделать") == ("сделаться",)


@pytest.mark.parametrize("word", ["мигрант", "права", "правовой", "", "xyz", "быть-ся"])
def test_other_words_have_no_partners(word):
    assert partners(word) == () and imperfectives(word) == () and perfectives(word) == ()
