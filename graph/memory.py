"""Embedded backend: a networkx MultiDiGraph persisted as one JSON file under the data dir.

Graph shape: node id `(label, key)`, node attributes = the node's props; edge key = relationship type (a
pair of nodes holds at most one relationship of each type), edge attributes = its props.

Why JSON and not pickle: loading a pickle runs code from the file and ties it to networkx internals; the
JSON file is the canonical, sorted dump (the same structure `dump()` returns), so it is safe to open,
diffable, readable by other tools and stable across library versions. It is a few times slower to write,
which is irrelevant at the corpus sizes this tool serves (tens of MB at most).

Writers of one data dir take its lock (`graph.json.lock`, the filelock package): a change re-reads the file
if another process wrote it since, so two ingests at once both land, one after the other. Readers (a
server) see another process's changes: the file's identity (inode, size, mtime) is checked at most every
half second and the graph re-read when it moved on.

Every change is made on a copy of the graph, written to a temp file in the same directory, fsynced and
moved over the old file with os.replace, and only then adopted: a crash or error at any point leaves the
previous file and the in-memory graph as they were. Lists in attributes (`docs`) are replaced, never
mutated, because `MultiDiGraph.copy()` copies attribute dicts shallowly.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from filelock import FileLock, Timeout
from policykg.graph.mapping import (
    KEY_PROPERTY,
    DocumentGraph,
    Node,
    Rel,
    is_shared_node,
    is_shared_rel,
    map_document,
    stub_document,
    stub_document_id,
)
from policykg.graph.store import Progress, Stats, StoreError, canonical_dump
from policykg.graph.trim import freeze_long_lived, release_freed_memory
from policykg.ingest.models import PolicyDocument

FILE_NAME = "graph.json"
FORMAT = "policykg.graph/1"

NodeId = tuple[str, str]
LOCK_TIMEOUT = float(os.environ.get("POLICYKG_LOCK_TIMEOUT", "300"))  # a writer waits this long for another
_RECHECK = 0.5  # seconds between looks at the file for another process's changes


class MemoryStore:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / FILE_NAME
        self.location = str(self.path)
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(f"data dir {self.data_dir} exists and is not a directory")
        self._lock = FileLock(str(self.data_dir / f"{FILE_NAME}.lock"))
        self._identity = self._file_identity()
        self._graph: nx.MultiDiGraph = self._read()
        freeze_long_lived(collect=True)
        release_freed_memory()  # the parsed JSON is gone; its arenas go back to the system
        self._checked = time.monotonic()

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph as the file holds it now (re-read when another process changed the file)."""
        now = time.monotonic()
        if now - self._checked >= _RECHECK:
            self._checked = now
            if self._file_identity() != self._identity:
                self._reload()
        return self._graph

    def _file_identity(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns

    def _reload(self) -> None:
        identity = self._file_identity()
        self._graph, self._identity = self._read(), identity
        freeze_long_lived(collect=True)
        release_freed_memory()

    # -- protocol -------------------------------------------------------------------------------------
    def load_document(self, doc: PolicyDocument) -> None:
        self.load_corpus([doc])

    def load_corpus(self, docs: Iterable[PolicyDocument], progress: Progress | None = None) -> int:
        docs = list(docs)

        def change(g: nx.MultiDiGraph) -> set[str]:
            numbers: set[str] = set()
            by_source = _documents_by_source(g)
            for i, doc in enumerate(docs, 1):
                for old in by_source.get(doc.source, []):  # the same file under an id of an earlier version
                    if old != doc.id:
                        numbers |= self._replace(g, old, None)
                numbers |= self._replace(g, doc.id, map_document(doc))
                if progress:
                    progress(i, len(docs), doc.id)
            return numbers

        self._commit(change)  # one save for the whole corpus: all documents or none
        return len(docs)

    def remove_document(self, doc_id: str) -> bool:
        if not _is_real_document(self.graph, doc_id):
            return False
        self._commit(lambda g: self._replace(g, doc_id, None))
        return True

    def stats(self) -> Stats:
        nodes = Counter(label for label, _ in self.graph.nodes)
        rels = Counter(rel_type for _, _, rel_type in self.graph.edges(keys=True))
        return Stats(dict(nodes), dict(rels))

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        return _dump(self.graph)

    def nodes(self, label: str, **equals: Any) -> list[dict[str, Any]]:
        if label not in KEY_PROPERTY:
            raise ValueError(f"not part of the graph schema: {label!r}")
        found = [
            (key, dict(props))
            for (lab, key), props in self.graph.nodes(data=True)
            if lab == label and all(k in props and props[k] == v for k, v in equals.items())
        ]
        return [props for _, props in sorted(found, key=lambda kp: kp[0])]

    def close(self) -> None:
        pass

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one document, on a working copy ---------------------------------------------------------------
    def _commit(self, change: Callable[[nx.MultiDiGraph], set[str]]) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with self._lock.acquire(timeout=LOCK_TIMEOUT):
                self._remove_stale_temp_files()
                if self._file_identity() != self._identity:  # another process wrote since we read
                    self._reload()
                work = self._graph.copy()
                numbers = change(work)
                _relink_citations(work, numbers)
                _remove_orphans(work)
                self._save(work)
                self._graph, self._identity = work, self._file_identity()
            freeze_long_lived(collect=True)
        except Timeout as exc:
            raise StoreError(f"{self.path} is being written by another policykg process (its lock "
                             f"{self._lock.lock_file} was held for {LOCK_TIMEOUT:.0f} s); try again when it is done") from exc
        except OSError as exc:
            raise StoreError(f"cannot lock {self.data_dir}: {exc}") from exc

    def _remove_stale_temp_files(self) -> None:
        """A writer killed mid-save leaves its temp file; under the lock no other writer is at work."""
        for tmp in self.data_dir.glob(f".{FILE_NAME}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _replace(self, g: nx.MultiDiGraph, doc_id: str, new: DocumentGraph | None) -> set[str]:
        """Swap doc_id's owned subgraph for `new`; returns the doc numbers whose CITES need relinking."""
        numbers = _park_inbound_citations(g, doc_id)
        _unassert_shared_rels(g, doc_id)
        _delete_owned(g, doc_id)
        if new is not None:
            self._write_nodes(g, new.nodes)
            self._write_rels(g, new.rels)
            numbers |= set(new.cites) | ({new.doc_number} if new.doc_number else set())
        return numbers

    def _write_nodes(self, g: nx.MultiDiGraph, nodes: list[Node]) -> None:
        for node in nodes:
            nid = (node.label, node.key)
            if nid in g:
                g.nodes[nid].update(node.props)
            else:
                g.add_node(nid, **node.props)

    def _write_rels(self, g: nx.MultiDiGraph, rels: list[Rel]) -> None:
        for rel in rels:
            u, v = rel.start, rel.end
            if u not in g or v not in g:
                raise StoreError(f"{self.location}: {rel.type} between unknown nodes {u} -> {v}")
            if is_shared_rel(rel.type, rel.start_label, rel.end_label):
                current = g.get_edge_data(u, v, rel.type)
                docs = set(current["docs"]) if current else set()
                g.add_edge(u, v, key=rel.type, docs=sorted(docs | {str(rel.props["doc"])}))
            else:
                g.add_edge(u, v, key=rel.type, **rel.props)

    # -- file ------------------------------------------------------------------------------------------
    def _read(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        if not self.path.exists():
            return g
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
            for n in data["nodes"]:
                g.add_node(_checked_node(n), **_checked_props(n))
            for r in data["relationships"]:
                start, end = tuple(r["start"]), tuple(r["end"])
                if start not in g or end not in g or not isinstance(r["type"], str):
                    raise ValueError(f"relationship {r['type']!r} {list(start)} -> {list(end)} ends at no node")
                g.add_edge(start, end, key=r["type"], **_checked_props(r))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"cannot read graph file {self.path}: {exc} (re-ingest into a fresh --data-dir, "
                             "or delete the file to start empty)") from exc
        return g

    def _save(self, g: nx.MultiDiGraph) -> None:
        payload = json.dumps({"format": FORMAT, **_dump(g)}, ensure_ascii=False, separators=(",", ":"))
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(self.path, payload.encode("utf-8"))
        except OSError as exc:
            raise StoreError(f"cannot write graph file {self.path}: {exc}") from exc


def _atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same directory (same filesystem), fsync, os.replace, fsync the directory."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# -- graph operations (shared semantics with the Cypher in neo4j.py) ------------------------------------
def _checked_node(n: dict[str, Any]) -> NodeId:
    """A graph file that parses but does not hold this store's graph fails here, with the reason, not
    later in every query."""
    label, key = n["label"], n["key"]
    if label not in KEY_PROPERTY or not isinstance(key, str):
        raise ValueError(f"node {label!r} {key!r}: unknown label or non-text key")
    return label, key


def _checked_props(item: dict[str, Any]) -> dict[str, Any]:
    props = item["props"]
    if not isinstance(props, dict) or not all(isinstance(v, str | int | float | bool | list | None)
                                              for v in props.values()):
        raise ValueError(f"properties of {item.get('label') or item.get('type')!r} are not a flat mapping")
    return props


def _documents_by_source(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for (label, key), props in g.nodes(data=True):
        if label == "Document" and not props.get("stub") and props.get("source"):
            found.setdefault(props["source"], []).append(key)
    return found


def _dump(g: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    nodes = ({"label": n[0], "key": n[1], "props": dict(p)} for n, p in g.nodes(data=True))
    rels = (
        {"type": t, "start": list(u), "end": list(v), "props": dict(p)}
        for u, v, t, p in g.edges(keys=True, data=True)
    )
    return canonical_dump(nodes, rels)


def _is_real_document(g: nx.MultiDiGraph, doc_id: str) -> bool:
    node = ("Document", doc_id)
    return node in g and not g.nodes[node].get("stub")


def _move_edge(g: nx.MultiDiGraph, u: NodeId, old: NodeId, new: NodeId, key: str) -> None:
    props = g.get_edge_data(u, old, key)
    g.remove_edge(u, old, key)
    g.add_edge(u, new, key=key, **props)


def _park_inbound_citations(g: nx.MultiDiGraph, doc_id: str) -> set[str]:
    """Point other documents' citations of doc_id at its stub, so deleting doc_id keeps them."""
    node = ("Document", doc_id)
    if not _is_real_document(g, doc_id):
        return set()
    numbers: set[str] = set()
    for u, _, key, props in list(g.in_edges(node, keys=True, data=True)):
        if key == "CITES" and props.get("doc") != doc_id:
            number = str(props["number"])
            stub = stub_document(number)
            if (stub.label, stub.key) not in g:
                g.add_node((stub.label, stub.key), **stub.props)
            _move_edge(g, u, node, (stub.label, stub.key), key)
            numbers.add(number)
    return numbers


def _unassert_shared_rels(g: nx.MultiDiGraph, doc_id: str) -> None:
    """Drop doc_id from the `docs` of the shared relationships it asserted; delete those left empty."""
    for u, v, key in _shared_rel_candidates(g, doc_id):
        docs = g.edges[u, v, key]["docs"]
        if doc_id in docs:
            remaining = [d for d in docs if d != doc_id]
            if remaining:
                g.edges[u, v, key]["docs"] = remaining
            else:
                g.remove_edge(u, v, key)


def _shared_rel_candidates(g: nx.MultiDiGraph, doc_id: str) -> set[tuple[NodeId, NodeId, str]]:
    """Shared relationships doc_id may have asserted, reached from its own nodes (mapping.py builds
    them only there): IS_A of its measures' departments, PART_OF from its region and that region's parent."""
    node = ("Document", doc_id)
    if not _is_real_document(g, doc_id):
        return set()
    found: set[tuple[NodeId, NodeId, str]] = set()
    regions = {v for _, v, k in g.out_edges(node, keys=True) if k == "ISSUED_BY"}
    regions |= {p for r in regions for _, p, k in g.out_edges(r, keys=True) if k == "PART_OF"}
    for r in regions:
        found |= {(r, p, k) for _, p, k in g.out_edges(r, keys=True) if k == "PART_OF"}
    for measure in _measures(g, node):
        for _, dep, k in g.out_edges(measure, keys=True):
            if k in ("LED_BY", "ASSIGNED_TO"):
                found |= {(dep, f, k2) for _, f, k2 in g.out_edges(dep, keys=True) if k2 == "IS_A"}
    return found


def _measures(g: nx.MultiDiGraph, doc_node: NodeId) -> list[NodeId]:
    return [u for u, _, k in g.in_edges(doc_node, keys=True) if k == "IN" and u[0] == "Measure"]


def _delete_owned(g: nx.MultiDiGraph, doc_id: str) -> None:
    node = ("Document", doc_id)
    if not _is_real_document(g, doc_id):
        return
    measures = _measures(g, node)
    targets = [v for m in measures for _, v, k in g.out_edges(m, keys=True) if k == "SETS"]
    g.remove_nodes_from([node, *measures, *targets])


def _relink_citations(g: nx.MultiDiGraph, numbers: set[str]) -> None:
    """Every CITES with number N ends at the loaded document numbered N (smallest id), else at N's stub."""
    if not numbers:
        return
    real: dict[str, list[str]] = {}
    for (label, key), props in g.nodes(data=True):
        if label == "Document" and not props.get("stub") and props.get("doc_number") in numbers:
            real.setdefault(props["doc_number"], []).append(key)
    for number in sorted(numbers):
        holders = [("Document", k) for k in sorted(real.get(number, []))]
        target = holders[0] if holders else ("Document", stub_document_id(number))
        for holder in [("Document", stub_document_id(number)), *holders]:
            if holder == target or holder not in g:
                continue
            for u, _, key, props in list(g.in_edges(holder, keys=True, data=True)):
                if key == "CITES" and props.get("number") == number:
                    if target not in g:
                        stub = stub_document(number)
                        g.add_node(target, **stub.props)
                    _move_edge(g, u, holder, target, key)


def _remove_orphans(g: nx.MultiDiGraph) -> None:
    g.remove_nodes_from(
        [n for n, props in g.nodes(data=True) if g.degree(n) == 0 and is_shared_node(n[0], props)]
    )
