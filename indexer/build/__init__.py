"""Building and updating an index: the pipeline, incremental update, records, worker processes, progress, watch."""
