"""Neo4j backend: the same graph and semantics as memory.py, written with parameterised, batched Cypher.

Labels, relationship types and key properties are spliced into query text only from the fixed schema in
mapping.py (`_cypher` checks it); every value, including document text, travels as a parameter. Each
document is replaced in one write transaction (delete its owned subgraph, write the new one with
`UNWIND $rows AS row MERGE ...`, relink citations, drop orphaned shared nodes), so a failure rolls back
to the previous state. `naive=True` sends one query per node or relationship instead of batches; it exists
only so the benchmark can measure what batching buys.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError
from policykg.graph.mapping import (
    KEY_PROPERTY,
    LABELS,
    OWNED_LABELS,
    REL_SCHEMA,
    REL_TYPES,
    SHARED_LABELS,
    DocumentGraph,
    Node,
    Rel,
    is_shared_rel,
    map_document,
    stub_document_id,
)
from policykg.graph.store import Progress, Stats, StoreError, canonical_dump
from policykg.ingest.models import PolicyDocument

BATCH_SIZE = 5000
# An outage must answer within 2 s (a 503), not after the driver's default 30 s of retries: connecting,
# waiting for a pooled connection and retrying a transaction are each bounded.
CONNECT_TIMEOUT = float(os.environ.get("POLICYKG_NEO4J_TIMEOUT", "1.5"))
RETRY_TIME = float(os.environ.get("POLICYKG_NEO4J_RETRY", "0.5"))

INDEXES = (
    "CREATE INDEX measure_doc IF NOT EXISTS FOR (n:Measure) ON (n.doc)",
    "CREATE INDEX target_doc IF NOT EXISTS FOR (n:Target) ON (n.doc)",
    "CREATE INDEX document_number IF NOT EXISTS FOR (n:Document) ON (n.doc_number)",
    "CREATE INDEX document_source IF NOT EXISTS FOR (n:Document) ON (n.source)",
    "CREATE INDEX cites_number IF NOT EXISTS FOR ()-[r:CITES]-() ON (r.number)",
)

INBOUND_CITATIONS = """
UNWIND $docs AS doc
MATCH (:Document)-[r:CITES]->(d:Document {id: doc})
WHERE d.stub = false AND NOT r.doc IN $docs
RETURN DISTINCT r.number AS number, doc
"""
# Re-point CITES {number} to row.target (a loaded Document, or the number's stub, created here if needed);
# row.holder, when set, limits the move to citations currently ending at that Document.
MOVE_CITATIONS = """
UNWIND $rows AS row
MATCH (a:Document)-[r:CITES {number: row.number}]->(h:Document)
WHERE h.id <> row.target AND (row.holder IS NULL OR h.id = row.holder)
MERGE (t:Document {id: row.target})
ON CREATE SET t.doc_number = row.number, t.stub = true
CREATE (a)-[moved:CITES]->(t)
SET moved = properties(r)
DELETE r
"""
CANONICAL_CITATIONS = """
UNWIND $numbers AS number
OPTIONAL MATCH (d:Document {doc_number: number}) WHERE d.stub = false
RETURN number, min(d.id) AS real
"""
# Shared relationships the document may have asserted, reached from its own nodes as mapping.py builds them.
# (Two statements rather than CALL { UNION }: its syntax changed within Neo4j 5 and users bring any 5.x.)
UNASSERT_TAIL = """
WITH r, collect(DISTINCT doc) AS gone
WHERE any(d IN gone WHERE d IN r.docs)
SET r.docs = [x IN r.docs WHERE NOT x IN gone]
WITH r WHERE size(r.docs) = 0
DELETE r
"""
UNASSERT_SHARED = (
    "UNWIND $docs AS doc "
    "MATCH (:Document {id: doc})-[:ISSUED_BY]->(:Region)-[:PART_OF*0..1]->(:Region)-[r:PART_OF]->(:Region)"
    + UNASSERT_TAIL,
    "UNWIND $docs AS doc "
    "MATCH (:Measure {doc: doc})-[:LED_BY|ASSIGNED_TO]->(:Department)-[r:IS_A]->(:Function)" + UNASSERT_TAIL,
)
# Replacing a document keeps its owned nodes whose key survives and rewrites them in place; only the
# relationships they start and the nodes the new version no longer has are deleted. (Deleting and
# re-creating a key within one transaction makes every later index seek on that label scan the
# transaction's changes: a reload of 1,000 documents took 5x as long as loading them fresh.)
EXISTING_DOCUMENTS = "UNWIND $docs AS doc MATCH (d:Document {id: doc}) WHERE d.stub = false RETURN doc"
DELETE_OWNED_RELS = (
    "UNWIND $docs AS doc MATCH (:Measure {doc: doc})-[r]->() DELETE r",
    "UNWIND $docs AS doc MATCH (:Target {doc: doc})-[r]->() DELETE r",
    "UNWIND $docs AS doc MATCH (d:Document {id: doc})-[r]->() WHERE d.stub = false DELETE r",
)
DELETE_DROPPED = (
    "UNWIND $rows AS row MATCH (n:Target {doc: row.doc}) WHERE NOT n.id IN row.keep DETACH DELETE n",
    "UNWIND $rows AS row MATCH (n:Measure {doc: row.doc}) WHERE NOT n.id IN row.keep DETACH DELETE n",
    "UNWIND $rows AS row MATCH (n:Document {id: row.doc}) WHERE n.stub = false AND NOT n.id IN row.keep "
    "DETACH DELETE n",
)
NODE_WRITES = {
    "create": "UNWIND $rows AS row CREATE (n:{label}) SET n = row.props",  # owned, new document
    "rewrite": "UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) SET n = row.props",  # owned, reloaded
    "merge": "UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) SET n += row.props",  # shared
}
REMOVE_ORPHANS = (
    f"MATCH (n:{'|'.join(sorted(SHARED_LABELS))}) WHERE NOT EXISTS {{ (n)--() }} DELETE n",
    "MATCH (n:Document {stub: true}) WHERE NOT EXISTS { (n)--() } DELETE n",
)
# The same file loaded before under another id (an earlier version's naming): replaced, not kept beside.
SUPERSEDED = (
    "UNWIND $rows AS row MATCH (d:Document {source: row.source}) WHERE d.stub = false AND d.id <> row.id "
    "RETURN DISTINCT d.id AS id"
)
DOCUMENT_EXISTS = "MATCH (d:Document {id: $doc}) WHERE d.stub = false RETURN count(d) AS n"
# Sorted insert of every asserting document keeps `docs` identical to the memory backend's sorted list
# (rows are aggregated per relationship first, so no two rows of one statement touch the same one).
SHARED_DOCS = (
    "SET r.docs = reduce(acc = coalesce(r.docs, []), doc IN row.docs | CASE WHEN doc IN acc THEN acc "
    "ELSE [x IN acc WHERE x < doc] + doc + [x IN acc WHERE x > doc] END)"
)
# A batched load writes several documents per transaction, up to these sizes: round trips, not rows,
# dominate the cost of small documents.
DOCS_PER_TX = 200
ITEMS_PER_TX = 40_000


def _cypher(template: str, **names: str) -> str:
    """Fill labels/types/keys into a query, refusing anything outside the fixed schema."""
    allowed = set(LABELS) | set(REL_TYPES) | set(KEY_PROPERTY.values())
    for name in names.values():
        if name not in allowed:
            raise ValueError(f"not part of the graph schema: {name!r}")
    return template.format(**names)


def _owner(node: Node) -> str | None:
    """The document an owned node belongs to (None for shared nodes, stub Documents included)."""
    if node.label not in OWNED_LABELS or node.props.get("stub"):
        return None
    return node.key if node.label == "Document" else str(node.props["doc"])


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class Neo4jStore:
    def __init__(self, uri: str, user: str = "neo4j", password: str | None = None, *, naive: bool = False):
        self.location = uri
        self.naive = naive
        self._schema_ready = False  # made by the first write: a read-only `stats` changes nothing
        self.batch_size = 1 if naive else BATCH_SIZE
        self.driver: Driver | None = None
        self._session_config: dict[str, str] = {}
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=(user, password) if password else None, connection_timeout=CONNECT_TIMEOUT,
                connection_acquisition_timeout=CONNECT_TIMEOUT, max_transaction_retry_time=RETRY_TIME,
            )
            self.driver.verify_connectivity()
            self._session_config = self._notifications_off()
        except (DriverError, Neo4jError, ValueError, OSError) as exc:
            self.close()
            raise StoreError(f"cannot use Neo4j at {uri}: {_one_line(exc)}") from exc

    def _create_schema(self) -> None:
        """Uniqueness constraints on every key (they also index the MERGEs) and the lookups we filter on."""
        with self._session() as session:
            for label, key in KEY_PROPERTY.items():
                session.run(
                    _cypher(
                        "CREATE CONSTRAINT {label}_{key}_unique IF NOT EXISTS "
                        "FOR (n:{label}) REQUIRE n.{key} IS UNIQUE",
                        label=label,
                        key=key,
                    )
                ).consume()
            for statement in INDEXES:
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()

    def _notifications_off(self) -> dict[str, str]:
        """Session settings that stop the server's notifications: our queries are fixed, so its hints
        (e.g. "property `stub` does not exist yet" on an empty database) would only be noise on
        stderr. Filters exist from Bolt 5.2 (Neo4j 5.7); older servers get the default."""
        if self.driver.get_server_info().protocol_version >= (5, 2):
            return {"notifications_min_severity": "OFF"}
        return {}

    def _session(self):
        if self.driver is None:
            raise StoreError(f"Neo4j store {self.location} is closed")
        return self.driver.session(**self._session_config)

    # -- protocol -------------------------------------------------------------------------------------
    def load_document(self, doc: PolicyDocument) -> None:
        self.load_corpus([doc])

    def load_corpus(self, docs: Iterable[PolicyDocument], progress: Progress | None = None) -> int:
        """Documents in order, several per transaction (naive mode: one each). A transaction replaces
        whole documents, so after any failure each document is entirely old or entirely new."""
        docs = list(docs)
        done = 0
        for batch in self._batches(docs):
            graphs = [map_document(d) for d in batch]
            sources = [{"id": d.id, "source": d.source} for d in batch]
            self._write(self._replace_tx, [d.id for d in batch], graphs, sources)
            for doc in batch:
                done += 1
                if progress:
                    progress(done, len(docs), doc.id)
        return len(docs)

    def _batches(self, docs: list[PolicyDocument]) -> Iterator[list[PolicyDocument]]:
        if self.naive:
            yield from ([d] for d in docs)
            return
        batch: list[PolicyDocument] = []
        items = 0
        seen: set[str] = set()
        for doc in docs:
            size = sum(1 + len(m.departments) + 2 * len(m.targets) for m in doc.measures) * 2
            if batch and (len(batch) >= DOCS_PER_TX or items + size > ITEMS_PER_TX or doc.id in seen):
                yield batch
                batch, items, seen = [], 0, set()
            batch.append(doc)
            seen.add(doc.id)
            items += size
        if batch:
            yield batch

    def remove_document(self, doc_id: str) -> bool:
        if not self.run(DOCUMENT_EXISTS, {"doc": doc_id})[0]["n"]:
            return False
        self._write(self._replace_tx, [doc_id], [])
        return True

    def stats(self) -> Stats:
        nodes = {
            label: self._count(_cypher("MATCH (n:{label}) RETURN count(n) AS n", label=label))
            for label in LABELS
        }
        rels = {t: self._count(_cypher("MATCH ()-[r:{t}]->() RETURN count(r) AS n", t=t)) for t in REL_TYPES}
        return Stats(nodes, rels)

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        nodes = []
        for label, key in KEY_PROPERTY.items():
            query = _cypher(
                "MATCH (n:{label}) RETURN n.{key} AS key, properties(n) AS props", label=label, key=key
            )
            nodes += [{"label": label, "key": row["key"], "props": row["props"]} for row in self.run(query)]
        rels = []
        for rel_type, start, end in sorted(REL_SCHEMA):
            query = _cypher(
                "MATCH (a:{start})-[r:{t}]->(b:{end}) RETURN a.{sk} AS s, b.{ek} AS e, properties(r) AS props",
                start=start,
                end=end,
                t=rel_type,
                sk=KEY_PROPERTY[start],
                ek=KEY_PROPERTY[end],
            )
            rels += [
                {"type": rel_type, "start": [start, row["s"]], "end": [end, row["e"]], "props": row["props"]}
                for row in self.run(query)
            ]
        return canonical_dump(nodes, rels)

    def nodes(self, label: str, **equals: Any) -> list[dict[str, Any]]:
        query = _cypher(
            "MATCH (n:{label}) WHERE all(k IN keys($equals) WHERE n[k] = $equals[k]) "
            "RETURN properties(n) AS props ORDER BY n.{key}",
            label=label,
            key=KEY_PROPERTY.get(label, ""),
        )
        return [row["props"] for row in self.run(query, {"equals": equals})]

    def run(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> list[dict]:
        """Run one parameterised query in its own transaction; rows as dicts. The read API for queries/."""
        try:
            with self._session() as session:
                execute = session.execute_write if write else session.execute_read
                return execute(lambda tx: tx.run(cypher, params or {}).data())
        except (DriverError, Neo4jError) as exc:
            raise StoreError(f"Neo4j at {self.location}: {_one_line(exc)}") from exc

    def close(self) -> None:
        if self.driver is not None:
            self.driver.close()
            self.driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one document, one transaction ----------------------------------------------------------------
    def _count(self, query: str) -> int:
        return self.run(query)[0]["n"]

    def _write(self, work, *args: Any) -> None:
        try:
            if not self._schema_ready:
                self._create_schema()
                self._schema_ready = True
            with self._session() as session:
                session.execute_write(work, *args)
        except (DriverError, Neo4jError) as exc:
            raise StoreError(f"Neo4j at {self.location}: {_one_line(exc)}") from exc

    def _replace_tx(self, tx: ManagedTransaction, doc_ids: list[str], graphs: list[DocumentGraph],
                    sources: list[dict[str, str]] | None = None) -> None:
        """Replace the documents' owned subgraphs with the new ones (none: a removal); a document of the
        same source file under another id goes in the same transaction."""
        if sources:
            stale = [row["id"] for row in tx.run(SUPERSEDED, rows=sources)]
            doc_ids = doc_ids + sorted(set(stale) - set(doc_ids))
        numbers = self._park_inbound_citations(tx, doc_ids)
        existing = {row["doc"] for row in tx.run(EXISTING_DOCUMENTS, docs=doc_ids)}
        nodes = [n for g in graphs for n in g.nodes]
        if existing:  # a document's owned nodes exist only with its Document: new ones have nothing to undo
            for statement in (*UNASSERT_SHARED, *DELETE_OWNED_RELS):
                tx.run(statement, docs=sorted(existing)).consume()
            keep: dict[str, list[str]] = defaultdict(list)
            for node in nodes:
                if (owner := _owner(node)) in existing:
                    keep[owner].append(node.key)
            for statement in DELETE_DROPPED:
                tx.run(statement, rows=[{"doc": d, "keep": keep.get(d, [])} for d in sorted(existing)]).consume()
        self._write_nodes(tx, nodes, existing)
        self._write_rels(tx, [r for g in graphs for r in g.rels])
        for g in graphs:
            numbers |= set(g.cites) | ({g.doc_number} if g.doc_number else set())
        self._relink_citations(tx, numbers)
        for statement in REMOVE_ORPHANS:
            tx.run(statement).consume()

    def _park_inbound_citations(self, tx: ManagedTransaction, doc_ids: list[str]) -> set[str]:
        """Point other documents' citations of these documents at stubs, so deleting them keeps them."""
        found = sorted({(row["number"], row["doc"]) for row in tx.run(INBOUND_CITATIONS, docs=doc_ids)})
        rows = [{"number": n, "target": stub_document_id(n), "holder": d} for n, d in found]
        tx.run(MOVE_CITATIONS, rows=rows).consume()
        return {n for n, _ in found}

    def _relink_citations(self, tx: ManagedTransaction, numbers: set[str]) -> None:
        """Every CITES with number N ends at the loaded document numbered N (smallest id), else at N's stub."""
        if not numbers:
            return
        canonical = tx.run(CANONICAL_CITATIONS, numbers=sorted(numbers)).data()
        rows = [
            {
                "number": row["number"],
                "target": row["real"] or stub_document_id(row["number"]),
                "holder": None,
            }
            for row in canonical
        ]
        tx.run(MOVE_CITATIONS, rows=rows).consume()

    def _write_nodes(self, tx: ManagedTransaction, nodes: list[Node], existing: set[str]) -> None:
        """Owned nodes of a new document are CREATEd, those of a reloaded one rewritten in place (their
        leftovers were deleted); shared ones MERGEd, props last-writer-wins as in the memory store. Rows are
        merged per key first: one row per node and statement."""
        by_write: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
        for node in nodes:
            owner = _owner(node)
            write = "merge" if owner is None else "rewrite" if self.naive or owner in existing else "create"
            row = by_write[(node.label, write)].setdefault(node.key, {"key": node.key, "props": {}})
            row["props"] = {**row["props"], **node.props}
        for (label, write), keyed in sorted(by_write.items()):
            query = _cypher(NODE_WRITES[write], label=label, key=KEY_PROPERTY[label])
            for chunk in _chunks(list(keyed.values()), self.batch_size):
                tx.run(query, rows=chunk).consume()

    def _write_rels(self, tx: ManagedTransaction, rels: list[Rel]) -> None:
        groups: dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        for rel in rels:
            group = groups[(rel.type, rel.start_label, rel.end_label)]
            if is_shared_rel(rel.type, rel.start_label, rel.end_label):
                row = group.setdefault((rel.start_key, rel.end_key), {"start": rel.start_key, "end": rel.end_key,
                                                                      "docs": []})
                row["docs"] = sorted({*row["docs"], rel.props["doc"]})
            else:
                group[(rel.start_key, rel.end_key, len(group))] = {"start": rel.start_key, "end": rel.end_key,
                                                                   "props": rel.props}
        for (rel_type, start, end), keyed in sorted(groups.items()):
            if (rel_type, start, end) not in REL_SCHEMA:
                raise ValueError(f"not part of the graph schema: ({start})-[:{rel_type}]->({end})")
            rows = list(keyed.values())
            match = "UNWIND $rows AS row MATCH (a:{start} {{{sk}: row.start}}) MATCH (b:{end} {{{ek}: row.end}}) "
            if is_shared_rel(rel_type, start, end):
                write = "MERGE (a)-[r:{t}]->(b) " + SHARED_DOCS
            elif self.naive:
                write = "MERGE (a)-[r:{t}]->(b) SET r += row.props"
            else:  # owned: its start node was just (re)created, so the relationship cannot exist yet
                write = "CREATE (a)-[r:{t}]->(b) SET r = row.props"
            query = _cypher(
                match + write + " RETURN count(*) AS n",
                start=start,
                end=end,
                t=rel_type,
                sk=KEY_PROPERTY[start],
                ek=KEY_PROPERTY[end],
            )
            for chunk in _chunks(rows, self.batch_size):
                written = tx.run(query, rows=chunk).single()["n"]
                if written != len(chunk):  # a MATCH found no endpoint: refuse, as memory.py does
                    raise StoreError(f"{self.location}: {rel_type} rows with unknown endpoints")
