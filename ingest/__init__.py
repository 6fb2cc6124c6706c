"""ingest stage of PolicyGraph."""
