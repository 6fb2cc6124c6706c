"""queries stage of PolicyGraph."""
