#!/usr/bin/env python3
"""Load throughput: nodes+relationships per second into Neo4j, batched (UNWIND) vs one query per item,
and the embedded store's load time; on the seed corpus repeated ×N.

    python bench/load.py [--times 100] [--naive-times 10] [--json]

The naive (one query per item) load runs on the corpus ×naive-times to keep the run short; both rates
are items per second, so the ratio compares like with like. Items = nodes + relationships written
(as counted by the store's stats after the load).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import ROOT, neo4j_uri, replicate
from policykg.graph.memory import MemoryStore
from policykg.graph.neo4j import Neo4jStore
from policykg.ingest.pipeline import ingest_corpus


def items(store) -> int:
    s = store.stats()
    return s.total_nodes + s.total_relationships


def neo4j_rate(uri: str, docs, naive: bool, warm: bool = True) -> dict[str, float]:
    """Items/s of one load into an empty database; with warm, after an untimed identical load (JIT and
    query plans warm, as in a long-running server)."""
    with Neo4jStore(uri, naive=naive) as store:
        if warm:
            _clear(store)
            store.load_corpus(docs)
        _clear(store)
        t0 = time.perf_counter()
        store.load_corpus(docs)
        elapsed = time.perf_counter() - t0
        n = items(store)
    return {"documents": len(docs), "items": n, "seconds": elapsed, "items_per_s": n / elapsed}


def _clear(store: Neo4jStore) -> None:
    while store.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n", write=True)[0]["n"]:
        pass


def embedded_load(docs) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = MemoryStore(Path(tmp))
        t0 = time.perf_counter()
        store.load_corpus(docs)
        elapsed = time.perf_counter() - t0
        n = items(store)
        t1 = time.perf_counter()
        MemoryStore(Path(tmp))  # reopen from disk
        reopen = time.perf_counter() - t1
    return {"documents": len(docs), "items": n, "seconds": elapsed, "items_per_s": n / elapsed, "reopen_s": reopen}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--times", type=int, default=100)
    ap.add_argument("--naive-times", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = ingest_corpus(replicate(Path(a.corpus), a.times, Path(tmp) / "big")).documents
        small = big[: len(big) * a.naive_times // a.times]
    results = {"embedded": embedded_load(big)}
    with neo4j_uri() as uri:
        results["neo4j_batched_cold"] = neo4j_rate(uri, big, naive=False, warm=False)
        results["neo4j_batched"] = neo4j_rate(uri, big, naive=False)
        results["neo4j_naive"] = neo4j_rate(uri, small, naive=True)
        results["neo4j_batched_small"] = neo4j_rate(uri, small, naive=False)
    results["batched_vs_naive"] = results["neo4j_batched"]["items_per_s"] / results["neo4j_naive"]["items_per_s"]
    if a.json:
        print(json.dumps(results, indent=1))
        return 0
    for name, r in results.items():
        if isinstance(r, dict):
            print(f"{name:20s} {r['documents']:5d} docs {r['items']:8d} items {r['seconds']:8.2f} s "
                  f"{r['items_per_s']:10.0f} items/s")
    print(f"batched vs naive: {results['batched_vs_naive']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
