"""Language detection: a script count first, langdetect (seeded) where the script cannot tell.

UN texts here are English or Russian.  A paragraph written mostly in Cyrillic
is Russian; a Latin-script paragraph is usually English, but may be French,
Spanish or Latin (``inter alia``), so Latin-script text long enough to judge
is checked with langdetect and its answer recorded, not forced into English.
Short paragraphs (a number, a symbol, ``Vienna``) take the document's language.

langdetect is random unless seeded; the detector here always uses seed 0, so
the same text gets the same answer in every run.

>>> detect_language("Конференция участников Конвенции")
'ru'
>>> detect_language("The Conference of the Parties adopted the following resolutions")
'en'
>>> detect_language("5/3", default="ru")
'ru'
"""

from __future__ import annotations

import functools
import os
import re
import threading

from analyzers.scripts import CYRILLIC, GREEK, LATIN, script_counts

SEED = 0
MIN_LETTERS = 40  # fewer letters than this: too short to judge, use the default
SCRIPT_SHARE = 0.8  # share of letters in one script that settles the question
LANGDETECT_CHARS = 2000  # langdetect reads at most this much of a text
# The languages langdetect chooses among: the six official languages of the UN and the other
# European languages that UN documents quote most (names, titles, Latin-script passages).  Each
# profile loaded slows every guess down; with these nine a guess takes ~6 ms, with all 55 ~35 ms.
PROFILES = ("en", "fr", "es", "ru", "ar", "zh-cn", "de", "it", "pt")
GUESSES_REMEMBERED = 2048  # texts whose langdetect guesses are kept (lists of names and titles recur)

# Frequent English function words: a Latin-script text full of them is English
# without asking langdetect, which is ~100 times slower than this check.
ENGLISH_MARKERS = frozenset(
    "the of and to in for on with by that is are was be as at from its their this which".split()
)
ENGLISH_MARKER_SHARE = 0.12
_WORD_RE = re.compile(r"[^\W\d_]+")

_factory = None
_factory_lock = threading.Lock()


def _detector_factory():
    """Return a langdetect factory with the profiles of :data:`PROFILES` loaded and seed fixed, built once."""
    global _factory
    if _factory is None:
        with _factory_lock:
            if _factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory  # slow: on first use

                factory = DetectorFactory()
                profiles = []
                for name in PROFILES:
                    with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as fh:
                        profiles.append(fh.read())
                factory.load_json_profile(profiles)
                factory.set_seed(SEED)
                _factory = factory
    return _factory


def langdetect_probabilities(text: str) -> list[tuple[str, float]]:
    """Return langdetect's ``(language, probability)`` guesses for ``text``, best first; [] if it cannot tell."""
    return list(_probabilities(text[:LANGDETECT_CHARS]))


@functools.lru_cache(maxsize=GUESSES_REMEMBERED)
def _probabilities(text: str) -> tuple[tuple[str, float], ...]:
    """Return langdetect's guesses for ``text``, remembered: the detector is seeded, a text gets the same ones."""
    from langdetect.lang_detect_exception import LangDetectException  # langdetect: loaded on first use

    detector = _detector_factory().create()
    detector.append(text)
    try:
        return tuple((p.lang, p.prob) for p in detector.get_probabilities())
    except LangDetectException:
        return ()


def looks_english(text: str, words: list[str] | None = None) -> bool:
    """Tell whether English function words make up a typical share of the words of ``text``.

    ``words`` may give the words of ``text`` (as ``[^\\W\\d_]+`` finds them): for an ASCII text within
    :data:`LANGDETECT_CHARS` they are its lowercased words, not looked for again.
    """
    if words is not None and len(text) <= LANGDETECT_CHARS and text.isascii():
        words = " ".join(words).lower().split(" ")  # lowercasing ASCII letters keeps every word whole
    else:
        words = _WORD_RE.findall(text[:LANGDETECT_CHARS].lower())
    if len(words) < 5:
        return False
    hits = sum(map(ENGLISH_MARKERS.__contains__, words))
    return hits >= ENGLISH_MARKER_SHARE * len(words)


def detect_language(text: str, default: str | None = None) -> str | None:
    """Return the ISO 639-1 code of the language of ``text`` (``en``, ``ru``, ``fr`` …).

    Cyrillic text is ``ru``.  Latin text long enough to judge goes to langdetect
    (``en`` unless it is confidently another language); ``default`` is returned
    for text too short to judge or with no letters.
    """
    counts = script_counts(text)
    letters = counts[CYRILLIC] + counts[LATIN] + counts[GREEK]
    if not letters:
        return default
    if counts[CYRILLIC] >= SCRIPT_SHARE * letters:
        return "ru"
    if letters < MIN_LETTERS:
        if default:
            return default
        return "ru" if counts[CYRILLIC] > counts[LATIN] else "en"
    if counts[LATIN] >= SCRIPT_SHARE * letters:
        if looks_english(text):
            return "en"
        guesses = langdetect_probabilities(text)
        if guesses and guesses[0][0] != "en" and guesses[0][1] >= 0.9:
            return guesses[0][0]
        return "en"
    # Mixed scripts: let langdetect weigh them.
    guesses = langdetect_probabilities(text)
    return guesses[0][0] if guesses else default
