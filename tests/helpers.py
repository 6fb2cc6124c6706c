"""Small builders shared by the ingest tests."""

from __future__ import annotations

from policykg.ingest.models import PolicyDocument
from policykg.ingest.pipeline import ingest_text
from policykg.ingest.read import SourceText


def ingest_snippet(text: str, name: str = "snippet.txt") -> PolicyDocument:
    return ingest_text(SourceText(name=name, text=text, encoding="utf-8", sha256="0" * 64))
