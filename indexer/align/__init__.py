"""Language versions: linking them, anchor tokens, the paragraph aligner, pairing, counterparts, the report."""
