"""visualize stage of PolicyGraph."""
