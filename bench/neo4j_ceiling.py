#!/usr/bin/env python3
"""How fast can this machine's Neo4j take our graph at all? The store's batched load next to the leanest
write of the very same nodes and relationships that Cypher over Bolt allows.

    python bench/neo4j_ceiling.py [--docs 1000] [--rounds 3] [--json]

The lean write keeps only what the graph needs to exist: every node CREATEd from positional rows with
literal property maps, every relationship CREATEd between two index-seeked endpoints with no property,
10,000 rows per statement, all in one transaction per stage. It skips what the store must do to replace
documents safely (deleting the old version, MERGE of shared nodes, `doc` on each relationship, citation
relinking, orphan removal), so it bounds from above what any batched loader of this graph can reach.
"two writers" runs the owned nodes and the relationships as two concurrent transactions (the shared
nodes first, alone). All rates are after one untimed warm-up round (JIT and query plans warm), as the
median and best of --rounds, in items (nodes + relationships) per second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import synth
from common import neo4j_uri
from load import _clear
from policykg.graph.mapping import KEY_PROPERTY, OWNED_LABELS, DocumentGraph, map_corpus
from policykg.graph.neo4j import Neo4jStore
from policykg.ingest.pipeline import ingest_corpus

CHUNK = 10_000
Statement = tuple[str, list[list]]


def lean_statements(graphs: list[DocumentGraph], part=lambda label, key: True) -> tuple[list, list]:
    """(node statements, relationship statements) for the nodes and relationships whose (start) node
    `part` selects; each node and relationship once."""
    nodes = {(n.label, n.key): n.props for g in graphs for n in g.nodes if part(n.label, n.key)}
    rels = {
        (r.type, r.start_label, r.start_key, r.end_label, r.end_key)
        for g in graphs
        for r in g.rels
        if part(r.start_label, r.start_key)
    }
    by_label: dict[str, list[dict]] = defaultdict(list)
    for (label, _), props in nodes.items():
        by_label[label].append(props)
    node_stmts = []
    for label, rows in sorted(by_label.items()):
        keys = sorted({k for p in rows for k in p})
        fields = ", ".join(f"{k}: r[{i}]" for i, k in enumerate(keys))
        node_stmts.append(
            (f"UNWIND $rows AS r CREATE (:{label} {{{fields}}})", [[p.get(k) for k in keys] for p in rows])
        )
    by_type: dict[tuple[str, str, str], list[list[str]]] = defaultdict(list)
    for t, sl, sk, el, ek in rels:
        by_type[(t, sl, el)].append([sk, ek])
    rel_stmts = [
        (
            f"UNWIND $rows AS r MATCH (a:{sl} {{{KEY_PROPERTY[sl]}: r[0]}}) "
            f"MATCH (b:{el} {{{KEY_PROPERTY[el]}: r[1]}}) CREATE (a)-[:{t}]->(b)",
            rows,
        )
        for (t, sl, el), rows in sorted(by_type.items())
    ]
    return node_stmts, rel_stmts


def write(store: Neo4jStore, statements: list[Statement]) -> None:
    def work(tx):
        for query, rows in statements:
            for i in range(0, len(rows), CHUNK):
                tx.run(query, rows=rows[i : i + CHUNK]).consume()

    with store._session() as session:
        session.execute_write(work)


def one_writer(store: Neo4jStore, graphs: list[DocumentGraph]) -> None:
    nodes, rels = lean_statements(graphs)
    write(store, nodes)
    write(store, rels)


def two_writers(store: Neo4jStore, graphs: list[DocumentGraph]) -> None:
    shared, _ = lean_statements(graphs, lambda label, key: label not in OWNED_LABELS)
    write(store, shared)
    halves = [
        lean_statements(graphs, lambda label, key, h=h: label in OWNED_LABELS and hash(key) % 2 == h)
        for h in (0, 1)
    ]
    for stage in (0, 1):  # owned nodes, then every relationship (all start at an owned node)
        threads = [threading.Thread(target=write, args=(store, half[stage])) for half in halves]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    rels_of_shared = lean_statements(graphs, lambda label, key: label not in OWNED_LABELS)[1]
    write(store, rels_of_shared)


def rate(store: Neo4jStore, load, rounds: int) -> dict:
    times = []
    for _ in range(rounds + 1):  # the first round warms up and is not counted
        _clear(store)
        t0 = time.perf_counter()
        load()
        times.append(time.perf_counter() - t0)
    stats = store.stats()
    items = stats.total_nodes + stats.total_relationships
    times = times[1:]
    return {
        "items": items,
        "median_items_per_s": round(items / statistics.median(times)),
        "best_items_per_s": round(items / min(times)),
        "seconds": [round(t, 2) for t in times],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        synth.generate(a.docs, 7, Path(tmp) / "docs")
        docs = ingest_corpus(Path(tmp) / "docs").documents
    graphs = map_corpus(docs)
    results = {}
    with neo4j_uri() as uri, Neo4jStore(uri) as store:
        results["store_batched_load"] = rate(store, lambda: store.load_corpus(docs), a.rounds)
        results["lean_one_writer"] = rate(store, lambda: one_writer(store, graphs), a.rounds)
        results["lean_two_writers"] = rate(store, lambda: two_writers(store, graphs), a.rounds)
        _clear(store)
    if a.json:
        print(json.dumps(results, indent=1))
        return 0
    for name, r in results.items():
        print(
            f"{name:20s} {r['items']:7d} items  median {r['median_items_per_s']:7d}/s  "
            f"best {r['best_items_per_s']:7d}/s  rounds {r['seconds']} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
