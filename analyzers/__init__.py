"""Text analysis for English and Russian UN documents: tokenizers, filters, analyzers, language detection.

The import paths of the analyzer factories and filters are part of the index's
on-disk format (Whoosh pickles the schema with them): renaming one means a reindex.
"""

from analyzers import english, russian
from analyzers.english import english_analyzer
from analyzers.exact import exact_analyzer
from analyzers.russian import russian_analyzer

ANALYZERS = {"en": english_analyzer, "ru": russian_analyzer}

__all__ = ["ANALYZERS", "english_analyzer", "exact_analyzer", "load_dictionaries", "russian_analyzer"]


def load_dictionaries() -> None:
    """Read the English and Russian dictionaries now, which the first word analyzed in each language would
    otherwise read (a quarter of a second, while its search waits)."""
    english.lemmatizer().getAllLemmas("be")  # LemmInflect reads its tables on the first look-up
    russian.morph_analyzer()
