"""Identical paragraphs folded into one hit, as the command line, the JSON API and the results page show them."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from indexer.cli import cli as indexer_cli
from search_app import create_app

DONORS = "Invites Member States and other donors to provide extrabudgetary resources for these purposes in accordance"
OTHER = "Report of the Conference of the Parties to the United Nations Convention against Transnational Organized Crime " \
        "on its fifth session, held in Vienna from 18 to 22 October 2010, para. 18"


@pytest.fixture(scope="module")
def client(relevance_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(relevance_index)}).test_client()


def test_the_command_line_says_where_else_the_paragraph_is(relevance_index):
    done = CliRunner().invoke(indexer_cli, ["search", DONORS, "--index", str(relevance_index), "--limit", "3"])
    assert done.exit_code == 0, done.output
    assert f"   also in 1 document: {OTHER}\n" in done.output
    assert done.output.count("Invites Member States and other donors to provide extrabudgetary resources for these "
                             "purposes in accordance with the rules") == 1


def test_the_json_of_the_command_line_and_of_the_api_list_the_others(relevance_index, client):
    done = CliRunner().invoke(indexer_cli, ["search", DONORS, "--index", str(relevance_index), "--json", "--limit", "3"])
    [cli_hit] = [h for h in json.loads(done.output)["hits"] if h["also_in"]]
    api_hits = client.get("/api/search", query_string={"q": DONORS, "limit": 3}).get_json()["hits"]
    [api_hit] = [h for h in api_hits if h["also_in"]]
    assert cli_hit["also_documents"] == api_hit["also_documents"] == 1
    assert [a["citation"] for a in cli_hit["also_in"]] == [a["citation"] for a in api_hit["also_in"]] == [OTHER]
    assert api_hit["also_in"][0]["anchor"] == "p18"


def test_the_results_page_links_the_other_documents(client):
    page = client.get("/", query_string={"q": DONORS}).get_data(as_text=True)
    [also] = re.findall(r'<p class="also">(.*?)</p>', page, re.S)
    query = DONORS.replace(" ", "+")
    assert re.sub(r"\s+", " ", also) == f'Also in 1 document: <a href="/doc/003_3ab3fca3f0fa6499@en?q={query}#p18" ' \
                                        f'lang="en">{OTHER}</a>'



def test_a_hit_with_many_copies_lists_five_and_counts_the_documents(client):
    result = client.get("/api/search", query_string={"q": "Deliberations", "limit": 20}).get_json()
    [heading] = [h for h in result["hits"] if h["text"] == "Deliberations"]
    assert len(heading["also_in"]) == 5 and heading["also_documents"] == 2
    page = client.get("/", query_string={"q": "Deliberations"}).get_data(as_text=True)
    assert re.search(r"Also in 2 documents:(?:\s*<a [^>]+>[^<]+</a>,?){5}</p>", page)  # both documents shown
