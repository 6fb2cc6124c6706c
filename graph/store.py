"""The storage protocol every backend implements, and the single place a backend is chosen.

Both backends hold the same graph for the same documents: `dump()` and `stats()` compare equal, which the
conformance tests check. Reads beyond `nodes()` go to the backend's native handle: `MemoryStore.graph`
(a networkx MultiDiGraph, nodes `(label, key)` with the props as attributes, edge keys = relationship
type) and `Neo4jStore.run(cypher, params, write=False)`; `queries/` has one implementation per backend.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from policykg.ingest.models import PolicyDocument

StoreKind = Literal["embedded", "neo4j"]
Progress = Callable[[int, int, str], None]  # (documents done, documents total, id of the last one)

DEFAULT_DATA_DIR = ".policykg"
DEFAULT_NEO4J_URI = "bolt://localhost:7687"


class StoreError(Exception):
    """The store cannot be used (unreachable server, bad credentials, unreadable file).

    The message is one line and names the URI or path; the CLI maps it to exit code 2.
    """


@dataclass(frozen=True, slots=True)
class Stats:
    nodes: dict[str, int]
    relationships: dict[str, int]
    total_nodes: int = field(init=False)
    total_relationships: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", dict(sorted((k, v) for k, v in self.nodes.items() if v)))
        object.__setattr__(
            self, "relationships", dict(sorted((k, v) for k, v in self.relationships.items() if v))
        )
        object.__setattr__(self, "total_nodes", sum(self.nodes.values()))
        object.__setattr__(self, "total_relationships", sum(self.relationships.values()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "relationships": self.relationships,
            "total_nodes": self.total_nodes,
            "total_relationships": self.total_relationships,
        }


@runtime_checkable
class GraphStore(Protocol):
    location: str  # path or URI, for messages

    def load_document(self, doc: PolicyDocument) -> None:
        """Replace that document's subgraph atomically: on any error the previous graph stays."""

    def load_corpus(self, docs: Iterable[PolicyDocument], progress: Progress | None = None) -> int:
        """Load documents in order; returns how many. Each document is replaced atomically."""

    def remove_document(self, doc_id: str) -> bool:
        """Remove the document's subgraph and orphaned shared nodes; False when it was not loaded."""

    def stats(self) -> Stats: ...

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """{"nodes": [{label, key, props}], "relationships": [{type, start: [label, key], end, props}]},
        sorted; JSON-able and byte-identical across backends for the same documents."""

    def nodes(self, label: str, **equals: Any) -> list[dict[str, Any]]:
        """Props of the `label` nodes whose properties equal `equals`, sorted by key.

        ValueError for a label outside the schema; an absent property never matches."""

    def close(self) -> None: ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(
    kind: StoreKind | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> GraphStore:
    """Open the backend named by `kind`, else $POLICYKG_STORE, else embedded.

    embedded: data_dir, else $POLICYKG_DATA_DIR, else ./.policykg.
    neo4j: uri/user/password, else $NEO4J_URI (bolt://localhost:7687), $NEO4J_USER (neo4j), $NEO4J_PASSWORD;
    no password means no authentication (the local server runs with auth disabled).
    """
    kind = kind or os.environ.get("POLICYKG_STORE") or "embedded"  # type: ignore[assignment]
    if kind == "embedded":
        from policykg.graph.memory import MemoryStore

        return MemoryStore(Path(data_dir or os.environ.get("POLICYKG_DATA_DIR") or DEFAULT_DATA_DIR))
    if kind == "neo4j":
        from policykg.graph.neo4j import Neo4jStore

        return Neo4jStore(
            uri or os.environ.get("NEO4J_URI") or DEFAULT_NEO4J_URI,
            user or os.environ.get("NEO4J_USER") or "neo4j",
            password if password is not None else os.environ.get("NEO4J_PASSWORD"),
        )
    raise StoreError(f"unknown store kind {kind!r} (POLICYKG_STORE / --store): use 'embedded' or 'neo4j'")


def canonical_dump(nodes: Iterable[dict[str, Any]], rels: Iterable[dict[str, Any]]) -> dict[str, list]:
    """Nodes sorted by (label, key), relationships by (type, start, end): equal across backends."""
    return {
        "nodes": sorted(nodes, key=lambda n: (n["label"], n["key"])),
        "relationships": sorted(rels, key=lambda r: (r["type"], *r["start"], *r["end"])),
    }
