"""Alignment in the index: counterparts stored at build time, translation memories kept as given, align-report."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bench import alignment_gold as gold
from indexer.build.pipeline import build
from indexer.cli import cli
from indexer.documents import Block, assemble
from indexer.align.aligner import align
from indexer.align.pairing import Counterparts, links_of, pair_group, pair_groups
from indexer.ingest.formats import tmx
from indexer.search.request import SearchRequest, search
from indexer.storage.generations import searching


@pytest.fixture()
def pool_index(pool_pair_index):
    return pool_pair_index


def hits(index_dir, query, **filters):
    with searching(index_dir) as searcher:
        return search(searcher, SearchRequest(query=query, **filters))["hits"]


@pytest.mark.parametrize("query, lang, hit_start, counterpart_start", [
    ('"scourge of war"', "en", "to save succeeding generations", "избавить грядущие поколения от бедствий войны"),
    ('"право на жизнь"', "ru", "Каждый человек имеет право на жизнь", "Everyone has the right to life, liberty"),
    ('"individual or collective self-defence"', "en", "Nothing in the present Charter shall impair",
     "Настоящий Устав ни в коей мере не затрагивает неотъемлемого права"),
    ("Статья 51", "ru", "Статья 51", "Article 51"),
])
def test_a_hit_comes_with_its_counterpart(pool_index, query, lang, hit_start, counterpart_start):
    [hit, *_] = hits(pool_index, query, lang=lang)
    assert hit["text"].startswith(hit_start)
    [counterpart] = hit["aligned"]
    assert counterpart["text"].startswith(counterpart_start)
    assert counterpart["lang"] != hit["lang"] and counterpart["confidence"] > 0.9


def test_no_seed_paragraph_has_a_counterpart(seed_index):
    with searching(seed_index) as searcher:
        assert not [f["id"] for f in searcher.all_stored_fields() if f.get("aligned")]


def test_a_translation_memory_keeps_its_own_alignment(tmp_path, pool):
    """Units of a TMX are pairs already: paragraph i of one side is linked to paragraph i of the other."""
    case = gold.charter(pool)
    pairs = [(case.en.paragraphs[e].text, case.ru.paragraphs[r].text, None, str(k))
             for k, (e, r) in enumerate(sorted(case.gold), start=1)]
    tmx.write_tmx(pairs, tmp_path / "charter.tmx")
    summary = build([tmp_path / "charter.tmx"], tmp_path / "ix")
    assert summary.ok and summary.aligned_groups == 1
    with searching(tmp_path / "ix") as searcher:
        stored = {f["id"]: f for f in searcher.all_stored_fields()}
    english = sorted((f for f in stored.values() if f["lang"] == "en"), key=lambda f: f["position"])
    assert len(english) == len(pairs) == 376
    for f in english:
        assert f["aligned"] == [f"charter@ru#{f['position']}"] and f["align_conf"] == 1.0


# --- align-report ----------------------------------------------------------------------------------

def test_align_report_prints_the_alignment_side_by_side(pool_index):
    result = CliRunner().invoke(cli, ["align-report", "A/RES/217(III)", "--index", str(pool_index), "--width", "100"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "A/RES/217 (III): 91 links (1-1: 90, 0-1: 1, 2-1: 1); mean confidence 0.99, 1 below 0.50"
    assert lines[1] == "versions linked by symbol A/RES/217 (III)"
    assert lines[3].split() == ["row", "conf", "shape", "English", "|", "Russian"]
    assert lines[5].split("|")[0].split()[:5] == ["1", "1.00", "1-1", "#", "Universal"]
    assert "Всеобщая декларация прав человека" in lines[5]
    assert max(len(line) for line in lines) <= 100


def test_align_report_below_shows_only_the_doubtful_rows(pool_index):
    result = CliRunner().invoke(cli, ["align-report", "A/RES/217 (III)@ru", "--index", str(pool_index),
                                      "--below", "0.6", "--width", "120"])
    rows = [line.split()[:3] for line in result.output.splitlines()[5:] if line[:4].strip().isdigit()]
    assert rows == [["2", "-", "0-1"], ["10", "0.43", "2-1"], ["11", "0.51", "1-1"]]


def test_align_report_explains_a_link_by_content(pool_index):
    result = CliRunner().invoke(cli, ["align-report", "raw_un_charter_en", "--index", str(pool_index)])
    how = result.output.splitlines()[1]
    assert how.startswith("versions linked by content: score 0.9") and "(threshold 0.6)" in how
    assert all(part in how for part in ("numbers 1.00 x 0.5", "paragraph count 1.00 x 0.2", "length 0."))


def test_align_report_json_has_the_rows(pool_index):
    result = CliRunner().invoke(cli, ["align-report", "raw_un_charter_ru", "--index", str(pool_index), "--json"])
    view = json.loads(result.output)
    assert view["aligned"] and len(view["rows"]) == 377
    assert [v["lang"] for v in view["versions"]] == ["en", "ru"]


@pytest.mark.parametrize("args, message", [
    (["align-report", "A/NOPE/1"], "no document 'A/NOPE/1'"),
])
def test_align_report_errors(pool_index, args, message):
    result = CliRunner().invoke(cli, [*args, "--index", str(pool_index)])
    assert result.exit_code == 2 and message in result.output


def _version(lang, symbol, texts):
    """Return a version of document ``symbol``, a plain paragraph per text."""
    return assemble([Block(text) for text in texts], doc_id=f"{symbol}@{lang}", lang=lang)


PAIRED_EN = ["In 2010 the Office trained 1,200 officers from the UNODC partners.",
             "The Conference adopted resolution 5/2 on 18 October 2010 in Vienna.",
             "In 2012 the Office trained 300 prosecutors from the UNODC partners."]
PAIRED_RU = ["В 2010 году Управление подготовило 1 200 сотрудников партнеров UNODC.",
             "Конференция приняла резолюцию 5/2 18 октября 2010 года в Вене.",
             "В 2012 году Управление подготовило 300 прокуроров партнеров UNODC."]


@pytest.mark.parametrize("en_texts, ru_texts", [
    (PAIRED_EN, PAIRED_RU),  # 1–1 links
    (PAIRED_EN, [PAIRED_RU[0] + " " + PAIRED_RU[1], PAIRED_RU[2]]),  # two English paragraphs, one Russian
    (PAIRED_EN[:1], PAIRED_RU),  # Russian paragraphs without a counterpart
    ([], PAIRED_RU),  # an empty version
])
@pytest.mark.parametrize("procs", [1, 2])
def test_pair_groups_gives_each_paragraph_its_counterparts(en_texts, ru_texts, procs):
    """As pair_group gives them, in its order, whether the links come from worker processes or not."""
    en, ru = _version("en", "a", en_texts), _version("ru", "a", ru_texts)
    groups = {"a": [en, ru], "b": [_version("en", "b", PAIRED_EN)],
              "c": [_version("en", "c", PAIRED_EN), _version("ru", "c", PAIRED_RU)]}
    pairs = pair_groups(groups, procs=procs)
    expected = {**pair_group(en, ru), **pair_group(*groups["c"])}
    assert list(pairs.items()) == list(expected.items())
    for link in links_of(en, ru):
        for i in link.en:
            got = pairs.get(en.paragraphs[i].id)
            assert got == (Counterparts(tuple(ru.paragraphs[j].id for j in link.ru), link.confidence)
                           if link.ru else None)
        for j in link.ru:
            got = pairs.get(ru.paragraphs[j].id)
            assert got == (Counterparts(tuple(en.paragraphs[i].id for i in link.en), link.confidence)
                           if link.en else None)


def _numbered(numbers, texts, lang):
    return assemble([Block(t, number=n) for n, t in zip(numbers, texts)], doc_id=f"x@{lang}", lang=lang)


@pytest.mark.parametrize("en_numbers, ru_numbers, by_number", [
    (["1.1", "1.2", "2.1"], ["1.1", "1.2", "2.1"], True),
    (["1.1", "1.2", "2.1"], ["1.1", "2.1", "1.2"], False),  # another order: the aligner decides
    (["1.1", None, "2.1"], ["1.1", None, "2.1"], False),  # an unnumbered paragraph
    (["1", "1", "2"], ["1", "1", "2"], False),  # a number twice
    (["1.1", "1.2"], ["1.1", "1.2", "1.3"], False),
])
def test_versions_numbered_alike_pair_by_number(en_numbers, ru_numbers, by_number):
    # lengths that mislead: a long English entry beside a short Russian one, and the reverse
    en = _numbered(en_numbers, ["A very long English entry " * 12, "Short.", "Mid length entry here."], "en")
    ru = _numbered(ru_numbers, ["Кратко.", "Очень длинная русская запись " * 12, "Запись средней длины.", "Ещё."], "ru")
    pairs = [(link.en, link.ru, link.confidence) for link in links_of(en, ru)]
    aligned = [(link.en, link.ru, link.confidence) for link in align(en.paragraphs, ru.paragraphs)]
    if by_number:
        assert pairs == [((0,), (0,), 1.0), ((1,), (1,), 1.0), ((2,), (2,), 1.0)] != aligned
    else:
        assert pairs == aligned

