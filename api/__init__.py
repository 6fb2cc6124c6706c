"""api stage of PolicyGraph."""
