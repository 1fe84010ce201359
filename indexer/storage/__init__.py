"""An index on disk: generations, manifest, writer lock, and the files kept beside a generation."""
