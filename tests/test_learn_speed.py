"""Learning's faster paths give what the plain ones do, on the Charter's aligned lines."""

from __future__ import annotations

import pytest

from bench import alignment_gold
from indexer.lexicon import learn, pages
from indexer.lexicon.model import Bead


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
