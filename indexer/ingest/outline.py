"""The section outline of a UN report: the chain of the document's own headings above each paragraph.

A report's chapters (``I.``, ``A.``) are at the top.  A resolution or decision
(``Resolution 5/5``) sits under the chapter that adopts it, and its annexes sit
under it: the chapters of an annexed text (``I. Introduction`` of annexed terms
of reference, the headings of an appended report template) number afresh and
stay inside that annex, unless the report's own table of contents lists them.
Annexes that follow the report's last chapter are top-level sections.  The
heading right after ``Resolution 6/1`` or ``Annex I`` is its title (an annexed
text may have a subtitle right after it, as a template has its own title).

>>> o = Outline(["I. Resolutions", "A. Resolutions", "B. Decisions"])
>>> for level, text in [(10, "I. Resolutions"), (20, "A. Resolutions"), (30, "Resolution 5/5"),
...                     (40, "Review of the implementation"), (35, "Annex I"), (40, "Terms of reference"),
...                     (10, "I. Introduction")]:
...     _ = o.enter(level, text)
>>> o.section()
'I. Resolutions / A. Resolutions / Resolution 5/5 / Review of the implementation / Annex I / Terms of reference / I. Introduction'
>>> o.enter(20, "B. Decisions")
'I. Resolutions'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.ingest import structure

# Levels of the headings, as structure.HEADING_RULES gives them.
CHAPTER, LETTER, SUBHEADING, ENACTMENT, ANNEX, APPENDIX, UNNUMBERED = 10, 20, 25, 30, 35, 36, 40
TOP_ANNEX = 5  # an annex after the report's chapters: above any chapter
_FRAME_TITLE = -1  # the title of an annexed text joins the path above it
_FRAME_SUBTITLE = -2  # and so does a heading right after that title (a template's own title)
_ENACTMENT_RE = re.compile(r"^(?:Resolution|Decision|Резолюция|Решение)\s", re.I)
_ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()


def heading_key(text: str) -> str:
    """Return a heading as the table of contents and the body both write it: folded, no page, no final dot."""
    text = structure.fold_marker(re.sub(r"\s+", " ", text).strip()).rstrip(" .")
    return re.sub(r"^([IVXLC]+|[A-Z])\.?\s", r"\1. ", text).lower()


@dataclass
class _Frame:
    """An annexed text: the path above it and the headings open inside it."""

    base: list
    kind: int  # ANNEX or APPENDIX
    levels: dict = field(default_factory=dict)


class Outline:
    """The headings open at each level, with annexed texts as nested frames."""

    def __init__(self, contents=()):
        self.top = frozenset(heading_key(entry) for entry in contents)
        self.root: dict[int, str] = {}
        self.frames: list[_Frame] = []
        self.title_slot: int | None = None  # where the next unnumbered heading goes as a title

    def section(self) -> str | None:
        """Return the path of the headings open now, joined with `` / ``."""
        parts = self._path()
        return " / ".join(parts) if parts else None

    def _path(self) -> list:
        if self.frames:
            frame = self.frames[-1]
            return frame.base + [frame.levels[k] for k in sorted(frame.levels)]
        return [self.root[k] for k in sorted(self.root)]

    def expects_title(self) -> bool:
        """Tell whether the heading just opened (a resolution, an annex) still waits for its title."""
        return self.title_slot is not None

    def body(self) -> None:
        """Note that a paragraph came: a title now would come too late."""
        self.title_slot = None

    def enter(self, level: int, text: str) -> str | None:
        """Open a heading at ``level``; return the section it sits in (its parents)."""
        title_slot, self.title_slot = self.title_slot, None
        if level == UNNUMBERED and title_slot is not None:
            parent = self.section()
            if title_slot in (_FRAME_TITLE, _FRAME_SUBTITLE):
                self.frames[-1].base.append(text)
                self.title_slot = _FRAME_SUBTITLE if title_slot == _FRAME_TITLE else None
            else:
                self.root[title_slot] = text
            return parent
        if level == ENACTMENT and _ENACTMENT_RE.match(text):
            self.frames.clear()
            return self._open(self.root, level, text, title=level + 1)
        if level == ANNEX:
            return self._annex(text)
        if level == APPENDIX:
            while self.frames and self.frames[-1].kind == APPENDIX:
                self.frames.pop()
            if self.frames:
                self.frames[-1].levels.clear()  # an appendix follows its annex's chapters, not inside one
            parent = self.section()
            self.frames.append(_Frame(self._path() + [text], APPENDIX))
            self.title_slot = _FRAME_TITLE
            return parent
        if self.frames and self._leaves_frames(level, text):
            self.frames.clear()
        return self._open(self.frames[-1].levels if self.frames else self.root, level, text)

    def _open(self, levels: dict, level: int, text: str, title: int | None = None) -> str | None:
        for k in [k for k in levels if k >= level]:
            del levels[k]
        parent = self.section()
        levels[level] = text
        self.title_slot = title
        return parent

    def _annex(self, text: str) -> str | None:
        """An annex of the resolution open now goes under it; any other annex is a top-level section."""
        self.frames.clear()
        if ENACTMENT in self.root:
            parent = self.section()
            self.frames.append(_Frame(self._path() + [text], ANNEX))
            self.title_slot = _FRAME_TITLE
            return parent
        self.root.clear()
        return self._open(self.root, TOP_ANNEX, text, title=TOP_ANNEX + 1)

    def _leaves_frames(self, level: int, text: str) -> bool:
        """Tell whether a heading inside an annexed text is one of the report's own headings."""
        if self.top:
            return heading_key(text) in self.top
        chapter = self.root.get(CHAPTER, "").split(".", 1)[0]
        return level == CHAPTER and chapter in _ROMAN[:-1] and text.startswith(_ROMAN[_ROMAN.index(chapter) + 1] + ".")
