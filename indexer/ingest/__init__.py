"""Reading sources: discovery, the format readers, encodings, cleaning, structure, metadata, PDF layout."""
