"""Text analysis for English and Russian UN documents: tokenizers, filters, analyzers, language detection.

The import paths of the analyzer factories and filters are part of the index's
on-disk format (Whoosh pickles the schema with them): renaming one means a reindex.
"""

from analyzers.english import english_analyzer
from analyzers.exact import exact_analyzer
from analyzers.russian import russian_analyzer

ANALYZERS = {"en": english_analyzer, "ru": russian_analyzer}

__all__ = ["ANALYZERS", "english_analyzer", "exact_analyzer", "russian_analyzer"]
