"""graph stage of PolicyGraph."""
