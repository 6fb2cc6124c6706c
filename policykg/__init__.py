"""PolicyGraph: Chinese policy documents as a cross-city comparison knowledge graph."""

__version__ = "0.1.0"
