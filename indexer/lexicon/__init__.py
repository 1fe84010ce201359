"""The bilingual lexicon: units, learning and its array parts, the store, glossaries, the general dictionary, cognates."""
