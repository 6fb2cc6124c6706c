"""Small builders shared by the ingest tests."""

from __future__ import annotations

from policykg.ingest.models import PolicyDocument
from policykg.ingest.pipeline import ingest_text
from policykg.ingest.read import SourceText


def ingest_snippet(text: str, name: str = "snippet.txt") -> PolicyDocument:
    return ingest_text(SourceText(name=name, text=text, encoding="utf-8", sha256="0" * 64))


def seeded_engine(data_dir, *folders):
    """A QueryEngine over an embedded store holding the seed corpus plus any extra folders."""
    from pathlib import Path

    from policykg.graph.memory import MemoryStore
    from policykg.ingest.pipeline import ingest_corpus
    from policykg.queries.engine import QueryEngine

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    store = MemoryStore(data_dir)
    store.load_corpus([d for folder in (corpus, *folders) for d in ingest_corpus(folder).documents])
    return QueryEngine(store, corpus)
