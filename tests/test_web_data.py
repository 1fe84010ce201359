"""Data shared by the web tests: an index of the seeds plus an English/Russian document with m–n links.

The pair below is real UN text (A/CONF.222/11, from the UN Parallel Corpus dev
set) arranged so that its alignment has one-to-one links, one English paragraph
to two Russian ones, and a Russian footnote without a counterpart.  It is
linked and aligned by the same functions as the build (``link_versions``,
``pair_groups``), and :func:`test_sample_is_aligned_as_declared` checks that
the aligner reads it as :data:`LINKS` says.

The ``web_index`` fixture is built once per session, whichever module asks first.
"""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.engine import engine
from indexer.storage import crosslang

from indexer.lexicon import glossary

from indexer.ingest import formats as parsing

from indexer.storage import generations as store
from indexer.documents import FOOTNOTE, HEADING, PARAGRAPH, Block, assemble
from indexer.align.linking import link_versions
from indexer.align.pairing import links_of, pair_groups
from indexer.build.records import paragraph_record
from tests.conftest import SEEDS

SYMBOL = "A/CONF.222/11"
WEB_CLUSTER_INDEX = "web-seeds"
EN_ID, RU_ID = f"{SYMBOL}@en", f"{SYMBOL}@ru"

# (kind, number, English text, Russian text); None: no paragraph on that side.
SAMPLE = [
    (HEADING, None,
     "Smuggling of migrants: challenges and responses",
     "Незаконный ввоз мигрантов: проблемы и меры реагирования"),
    (PARAGRAPH, "26",
     "Furthermore, the lack of comprehensive and coherent policies largely leaves traffickers and smugglers "
     "unpunished and the victims and smuggled migrants unprotected.",
     "Кроме того, отсутствие всесторонней и последовательной политики зачастую приводит к тому, что торговцы "
     "людьми и лица, занимающиеся незаконным ввозом, остаются безнаказанными, а потерпевшие и незаконно "
     "ввезенные мигранты не получают защиты."),
    (PARAGRAPH, "59",
     "The smugglers adjust their fees according to, inter alia, the type of service provided, the distance "
     "covered, the risks of detection, and the mode of transport. As a consequence, smugglers are exposed to "
     "far fewer risks and lighter sentencing than the smuggled migrants themselves.",
     None),
    (PARAGRAPH, "59",
     None,
     "Структуры, занимающиеся незаконным ввозом мигрантов, корректируют взимаемую ими плату в зависимости, "
     "в частности, от вида предоставляемых услуг, преодолеваемого расстояния, риска обнаружения и вида "
     "транспорта."),
    (PARAGRAPH, None,
     None,
     "В результате лица, занимающиеся незаконным ввозом, подвергаются гораздо меньшим рискам и получают "
     "менее строгое наказание, чем сами незаконно ввезенные мигранты."),
    (PARAGRAPH, "93",
     "All processes and procedures relating to the return of smuggled migrants and victims must be "
     "coordinated and must comply with international law, in particular human rights, refugee and "
     "humanitarian law.",
     "Все процессы и процедуры, связанные с возвращением незаконно ввезенных мигрантов и потерпевших, "
     "должны быть согласованы и должны учитывать необходимость соблюдения норм международного права, "
     "в частности прав человека, беженского и гуманитарного права."),
    (FOOTNOTE, None, None, "* Переиздано по техническим причинам."),
]

# Links between positions of the two versions: (English positions, Russian positions).
LINKS = [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,))]


def sample_docs():
    """Return the English and Russian versions of the sample."""
    meta = {"symbol": SYMBOL, "date": dt.date(2015, 1, 21), "original_lang": "en"}
    versions = []
    for lang, column, title in (("en", 2, "Thirteenth Congress: smuggling of migrants"),
                                ("ru", 3, "Тринадцатый конгресс: незаконный ввоз мигрантов")):
        blocks = [Block(text=row[column], kind=row[0], number=row[1], lang=lang)
                  for row in SAMPLE if row[column] is not None]
        versions.append(assemble(blocks, doc_id=f"{SYMBOL}@{lang}", lang=lang, title=title, **meta))
    return versions


def records(docs) -> list[dict]:
    """Return the paragraph records of ``docs``, linked and aligned as the build does."""
    groups, _decisions = link_versions(docs)
    pairs = pair_groups(groups)
    group_of = {d.doc_id: key for key, members in groups.items() for d in members}
    out = []
    for doc in docs:
        for p in doc.paragraphs:
            counterpart = pairs.get(p.id)
            out.append(paragraph_record(
                doc, p, group=group_of[doc.doc_id], aligned=counterpart.ids if counterpart else (),
                align_conf=round(counterpart.confidence, 3) if counterpart else None))
    return out


def web_docs() -> list:
    """The seeds and the aligned sample, parsed."""
    return [doc for path in SEEDS for doc in parsing.parse_path(path)] + sample_docs()


def write_generation(index_dir, docs, lexicon: bool = False) -> None:
    """Index ``docs`` as a new generation of ``index_dir``, linked and aligned as the build does, and publish it.

    With ``lexicon``, the generation gets its cross-language data as a build writes it.
    """
    gen = store.new_generation(index_dir)
    ix = engine().open_index(gen.path)
    with ix.writer() as writer:
        for record in records(docs):
            writer.add_document(**record)
    ix.close()
    if lexicon:
        crosslang.write(gen.path, glossary.for_build())
    store.write_meta(gen, documents=len(docs), paragraphs=sum(len(d.paragraphs) for d in docs))
    store.publish(index_dir, gen)


def build_web_index(index_dir, lexicon: bool = False) -> None:
    """Index the seeds and the aligned sample into ``index_dir`` (with its cross-language data, if asked)."""
    write_generation(index_dir, web_docs(), lexicon=lexicon)


@pytest.fixture(scope="session")
def web_index(tmp_path_factory):
    """The seeds and the aligned sample, indexed once per session."""
    path = tmp_path_factory.getbasetemp() / "web-index"
    if store.current_generation(path) is None:
        build_web_index(path)
    return path


@pytest.fixture(scope="session")
def web_cluster(cluster_url) -> str:
    """The same paragraphs as :func:`web_index` in the index ``web-seeds`` of the test cluster (its first
    generation: those of earlier runs are dropped); returns the index's name."""
    from indexer.engine.opensearch import connection, writing

    client = connection.connect(cluster_url)
    client.indices.delete(index=f"{WEB_CLUSTER_INDEX}-*", ignore_unavailable=True)
    assert writing.publish(client, WEB_CLUSTER_INDEX, [records(web_docs())]) == 1
    yield WEB_CLUSTER_INDEX
    client.indices.delete(index=f"{WEB_CLUSTER_INDEX}-*", ignore_unavailable=True)


@pytest.fixture(scope="session")
def cross_index(tmp_path_factory):
    """The seeds and the aligned sample with their lexicon (the shipped glossary, one aligned document)."""
    path = tmp_path_factory.getbasetemp() / "cross-index"
    if store.current_generation(path) is None:
        build_web_index(path, lexicon=True)
    return path


def test_sample_is_aligned_as_declared():
    en, ru = sample_docs()
    assert [p.number for p in en.paragraphs] == [None, "26", "59", "93"]
    assert len(ru.paragraphs) == 6
    links = [(link.en, link.ru) for link in links_of(en, ru)]
    assert links == [*LINKS, ((), (5,))]  # the footnote has no counterpart
