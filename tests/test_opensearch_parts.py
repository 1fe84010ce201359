"""A build shared among machines: ``build --part K/N`` on each, then ``publish``; the result reads as one build.

The parts run one after the other here (as N machines would, each with its own
process); what they write together must read as a full build of the same files
on Whoosh, and nothing is live until every part is written.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from indexer.build.on_opensearch import build, update
from indexer.build.parts import Part, group_key
from indexer.cli import cli
from indexer.engine.opensearch import connection, writing
from tests.conftest import CORPUS, PARITY_POOL_PARTS
from tests.test_opensearch_commands import run
from tests.test_opensearch_update import on_cluster, on_disk

NAME = "parts-test"


@pytest.mark.parametrize("first, second, together", [
    ("A_RES_70_1-EN.pdf", "A_RES_70_1-RU.docx", True),
    ("un/raw_un_charter_en.txt", "un/raw_un_charter_ru.txt", True),
    ("sdg/en/global_targets.yml", "sdg/ru/global_targets.yml", True),
    ("udhr/udhr_eng.xml", "udhr/udhr_rus.xml", True),
    ("report_119_english.txt", "report_119_russian.txt", True),
    ("A_RES_70_1-EN.pdf", "A_RES_70_2-EN.pdf", False),
    ("report_119_english.txt", "report_124_english.txt", False),
])
def test_the_versions_of_a_document_share_a_key(first, second, together):
    assert (group_key(first) == group_key(second)) is together


@pytest.mark.parametrize("text, part", [("1/2", Part(1, 2)), (" 3 / 3 ", Part(3, 3)), ("1/1", Part(1, 1))])
def test_a_part_is_read_from_k_of_n(text, part):
    assert Part.parse(text) == part


@pytest.mark.parametrize("text, message", [
    ("2", "--part takes K/N (this machine's part K of N), not '2'"),
    ("0/2", "--part 0/2: K must be between 1 and N, and N at most 1000"),
    ("3/2", "--part 3/2: K must be between 1 and N, and N at most 1000"),
    ("1/1001", "--part 1/1001: K must be between 1 and N, and N at most 1000"),
])
def test_a_bad_part_is_refused(text, message):
    with pytest.raises(ValueError) as raised:
        Part.parse(text)
    assert str(raised.value) == message
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--opensearch", "http://127.0.0.1:1", "--part", text])
    assert result.exit_code == 2 and message in result.output


def test_each_file_goes_to_exactly_one_part(pool):
    files = sorted(p for part in PARITY_POOL_PARTS for p in (pool / part).rglob("*") if p.is_file())
    for count in (1, 2, 3, 7):
        taken = [[Part(k, count).takes(f) for k in range(1, count + 1)] for f in files]
        assert all(sum(row) == 1 for row in taken)
    assert len({Part(k, 3).takes(f) for f in files for k in (1, 2, 3)}) == 2  # spread, not all in one part


def test_part_without_a_cluster_is_a_usage_error():
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--part", "1/2"])
    assert result.exit_code == 2 and "--part shares a build on an OpenSearch cluster" in result.output


@pytest.mark.opensearch
def test_two_parts_published_read_as_one_build(cluster_url, pool, tmp_path, parity_whoosh_index):
    client = connection.connect(cluster_url)
    client.indices.delete(index=f"{NAME}-*", ignore_unavailable=True)
    sources = [CORPUS, *(pool / part for part in PARITY_POOL_PARTS)]
    try:
        first = build(sources, NAME, url=cluster_url, part=Part(1, 2))
        early = CliRunner().invoke(cli, ["publish", "--opensearch", cluster_url, "--index", NAME])
        second = build(sources, NAME, url=cluster_url, part=Part(2, 2))
        assert not client.indices.exists_alias(name=NAME)  # nothing is live before publish
        published = CliRunner().invoke(cli, ["publish", "--opensearch", cluster_url, "--index", NAME])
        again = CliRunner().invoke(cli, ["publish", "--opensearch", cluster_url, "--index", NAME])

        assert (first.generation, second.generation) == (1, 1) and first.paragraphs and second.paragraphs
        assert (early.exit_code, early.output.strip()) == (4, f"Error: 1 of 2 parts of '{NAME}' are not written yet "
                                                              f"(part 2): run their builds, then publish again; "
                                                              f"the index is as it was")
        assert (published.exit_code, published.output.strip()) == (
            0, f"{NAME} now names generation 1 ({first.paragraphs + second.paragraphs} paragraphs).")
        assert again.exit_code == 2 and "no build of 'parts-test' in parts is waiting" in again.output
        assert on_cluster(cluster_url, NAME) == on_disk(sources, tmp_path / "full")
        for term in ("право", "human rights", "незаконный ввоз мигрантов"):  # publish learned the lexicon
            assert run(["lexicon", term, "--json", "--opensearch", cluster_url, "--index", NAME]) == \
                run(["lexicon", term, "--json", "--index", str(parity_whoosh_index)])
        assert (update([], NAME, url=cluster_url).changed, writing.generations(client, NAME)) == (0, [1])
    finally:
        client.indices.delete(index=f"{NAME}-*", ignore_unavailable=True)
