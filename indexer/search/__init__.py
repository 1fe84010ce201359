"""Searching: the request, the query language, translation, across languages, reading, renderings, highlighting, export."""
