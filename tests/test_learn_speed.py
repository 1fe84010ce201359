"""Learning's faster paths give what the plain ones do, on the Charter's aligned lines."""

from __future__ import annotations

import threading
from unittest import mock
import pytest

from bench import alignment_gold
from indexer.lexicon import learn, pages, ranking
from indexer.lexicon.model import Bead
from indexer.lexicon.sides import Side
from indexer.lexicon.units import SEPARATOR, UnitReader


@pytest.fixture(scope="module")
def charter_beads(pool) -> list[Bead]:
    """The Charter's aligned lines (the gold alignment)."""
    case = alignment_gold.charter(pool)
    return [Bead((case.en.paragraphs[e].text,), (case.ru.paragraphs[r].text,)) for e, r in sorted(case.gold)]


def huge_pages() -> bool:
    """Tell whether NumPy asks for huge pages for large arrays now (asking it leaves it as it was)."""
    before = pages._set_madvise_hugepage(True)
    pages._set_madvise_hugepage(before)
    return before


@pytest.mark.skipif(pages._set_madvise_hugepage is None, reason="this NumPy cannot be told")
def test_learning_makes_its_arrays_on_small_pages_and_leaves_them_as_they_were(charter_beads, monkeypatch):
    seen = []
    here = learn._learned_here
    monkeypatch.setattr(learn, "_learned_here", lambda *args: seen.append(huge_pages()) or here(*args))
    before = huge_pages()
    lexicon = learn.learn(charter_beads[:80])
    assert seen == [False] and huge_pages() == before and len(lexicon) > 100
    with pytest.raises(ZeroDivisionError), pages.small_pages():
        assert not huge_pages()
        raise ZeroDivisionError
    assert huge_pages() == before  # as before, though learning failed


def plain_read(lang: str, beads: list[Bead], max_run: int) -> tuple:
    """Read ``beads`` word by word and run by run as :class:`~indexer.lexicon.model.Token` items: the names met
    (numbered as met), each bead's words and runs, and each run's place ``(number, paragraph, start, end)``."""
    reader, met, words_of, runs_of, spans = UnitReader(lang), {}, [], [], []
    number = lambda key: met.setdefault(key, len(met))  # noqa: E731
    for bead in beads:
        words, runs = set(), set()
        for p, text in enumerate(getattr(bead, lang)):
            for segment in reader.segments(text):
                words.update(term for token in segment for term in token.terms)
                for n in range(2, min(max_run, len(segment)) + 1):
                    for i in range(len(segment) - n + 1):
                        found = number(SEPARATOR.join(token.terms[0] for token in segment[i:i + n]))
                        runs.add(found)
                        spans.append((found, p, segment[i].start, segment[i + n - 1].end))
        runs_of.append(runs)
        words_of.append(sorted(number(word) for word in words))
    return list(met), words_of, runs_of, spans


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("max_run", [1, 3, 4])
def test_a_side_reads_the_words_and_runs_a_plain_reading_does(charter_beads, lang, max_run):
    beads = charter_beads[:300]
    side = Side(lang)
    for bead in beads:
        side.read(getattr(bead, lang), max_run)
    names, words_of, runs_of, spans = plain_read(lang, beads, max_run)
    assert side._names == names and len(names) > (3000 if max_run > 1 else 800)
    words, runs = side._words.tolist(), side._runs.tolist()
    assert [words[a:b] for a, b in zip(side._words_at, side._words_at[1:])] == words_of
    assert [set(runs[a:b]) for a, b in zip(side._runs_at, side._runs_at[1:])] == runs_of
    assert list(zip(*(column.tolist() for column in side._span_columns))) == spans
    assert side._spans_at[-1] == len(spans) and (max_run == 1) == (not spans)


def test_two_processes_find_the_displays_one_does(charter_beads):
    beads = charter_beads[:300]
    sides, _ = learn._read(beads, learn.DEFAULT)
    used = {lang: set(side.keys) for lang, side in sides.items()}
    one = learn._displays(sides, used, beads)
    two = learn._displays(sides, used, beads, procs=2)
    assert one == two and set(one) == {"en", "ru"}
    assert one["en"]["unite nation"] == "united nations" and one["ru"]["объединить нация"] == "объединенных наций"
    assert one["en"]["unite"] == "united" and one["ru"]["нация"] == "нация"  # a word's spelling, its lemma


def test_displays_found_in_forked_processes_by_two_threads_at_once_are_each_their_own(charter_beads):
    """Two learnings in threads of one process fork at once: each forked process works on its own learning's
    tables (they were one module-wide slot: the second thread's tables replaced the first's)."""
    halves = [charter_beads[:150], charter_beads[150:300]]
    alone, together = [], [None, None]
    for beads in halves:
        sides, _ = learn._read(beads, learn.DEFAULT)
        used = {lang: set(side.keys) for lang, side in sides.items()}
        alone.append((sides, used, beads, learn._displays(sides, used, beads)))
    handed = threading.Barrier(2)

    class Pool(learn.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):  # both threads have handed their tables over before either forks
            handed.wait(timeout=30)
            return super().submit(*args, **kwargs)

    def run(k):
        sides, used, beads, _ = alone[k]
        together[k] = learn._displays(sides, used, beads, procs=2)

    with mock.patch.object(learn, "ProcessPoolExecutor", Pool):
        threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert together == [alone[0][3], alone[1][3]] and together[0] != together[1]
    assert not learn._FORKED


def test_candidates_by_links_ordered_in_a_process_of_their_own_rank_as_in_one(charter_beads):
    sides, bead_units = learn._read(charter_beads, learn.DEFAULT)
    pairs, by_links, linked, _ = learn._associations(sides, bead_units, learn.DEFAULT)
    n = len(charter_beads)
    one = learn.translated(pairs, by_links, linked, sides, n, learn.DEFAULT)
    two = learn.translated(pairs, by_links, linked, sides, n, learn.DEFAULT, procs=2)
    assert one == two and len(one["en"]) > 1000 and len(one["ru"]) > 1000
    wanted = {lang: set(list(table)[:200]) for lang, table in one.items()}
    mutual = ranking.mutual_ordered(by_links, sides, learn.DEFAULT)
    assert ranking.ranked(by_links, sides, n, learn.DEFAULT, wanted, mutual) == \
        ranking.ranked(by_links, sides, n, learn.DEFAULT, wanted)


@pytest.mark.skipif(pages._set_madvise_hugepage is None, reason="this NumPy cannot be told")
def test_learnings_overlapping_in_threads_leave_the_pages_as_they_were():
    before = huge_pages()
    first, second = pages.small_pages(), pages.small_pages()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first ends while the second goes on: still small pages
    assert not huge_pages()
    second.__exit__(None, None, None)
    assert huge_pages() == before
