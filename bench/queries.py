#!/usr/bin/env python3
"""API latency: p50/p95 per endpoint on both stores, for the seed corpus and the corpus ×N.

Requests go through the FastAPI app in-process (routing, the query, JSON rendering). Each endpoint is
called with rotating parameters (indicators, regions, search words, measures), after one untimed call
that builds the per-graph text index; the cold figure of that first call is reported too.

    python bench/queries.py [--times 100] [--requests 30] [--stores embedded,neo4j] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from itertools import cycle
from pathlib import Path

from common import ROOT, neo4j_uri, replicate
from fastapi.testclient import TestClient
from policykg.api.app import create_app
from policykg.graph.memory import MemoryStore
from policykg.graph.neo4j import Neo4jStore
from policykg.ingest.pipeline import ingest_corpus
from policykg.queries.engine import QueryEngine

INDICATORS = ["双师型", "双师型教师比例", "教育附加费用于职业教育比例", "产教融合型企业", "就业率"]
REGIONS = ["樟树市", "九江市", "江阴市", "郴州市", "江西省"]
WORDS = ["产教融合", "双师型教师", "学徒制", "实训基地", "专项资金", "职业技能等级证书"]


def endpoints(client: TestClient) -> dict[str, list[str]]:
    measures = [h["measure"]["id"] for h in client.get("/search", params={"q": "职业教育", "limit": 10}).json()["items"]]
    return {
        "/indicators": ["/indicators"],
        "/targets": [f"/targets?indicator={i}" for i in INDICATORS],
        "/compare": [f"/compare?regions={a},{b}" for a, b in zip(REGIONS, REGIONS[1:] + REGIONS[:1], strict=True)],
        "/baseline": [f"/baseline?indicator={i}" for i in INDICATORS[:2]] + ["/baseline"],
        "/regions": ["/regions"],
        "/regions/{name}": [f"/regions/{r}" for r in REGIONS],
        "/regions/{name}/departments": [f"/regions/{r}/departments" for r in REGIONS],
        "/functions": ["/functions", "/functions?regions=樟树市,九江市"],
        "/deadlines": [f"/deadlines?region={r}&as_of=2022-01-01" for r in REGIONS],
        "/search": [f"/search?q={w}" for w in WORDS],
        "/measures/{id}": [f"/measures/{m}" for m in measures],
        "/similar": [f"/similar?measure={m}" for m in measures],
        "/similarity": ["/similarity"],
        "/citations": ["/citations"],
    }


def measure(client: TestClient, requests: int) -> dict[str, dict[str, float]]:
    out = {}
    for name, urls in endpoints(client).items():
        t0 = time.perf_counter()
        assert client.get(urls[0]).status_code == 200, urls[0]
        cold = (time.perf_counter() - t0) * 1000
        times = []
        for _, url in zip(range(requests), cycle(urls), strict=False):
            t0 = time.perf_counter()
            resp = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert resp.status_code == 200, (url, resp.status_code)
        times.sort()
        out[name] = {"first_ms": round(cold, 1), "p50_ms": round(statistics.median(times), 1),
                     "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)}
    return out


def run(store, docs, requests: int, cache: bool) -> dict[str, dict[str, float]]:
    store.load_corpus(docs)
    engine = QueryEngine(store, ROOT / "corpus", cache_results=cache)
    client = TestClient(create_app(lambda: engine), base_url="http://127.0.0.1")
    t0 = time.perf_counter()
    engine.text_index()
    index_ms = (time.perf_counter() - t0) * 1000
    result = measure(client, requests)
    result["_text_index_build"] = {"first_ms": round(index_ms, 1), "p50_ms": 0.0, "p95_ms": 0.0}
    return result


def clear(store: Neo4jStore) -> None:
    while store.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n", write=True)[0]["n"]:
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--times", type=int, default=100)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--stores", default="embedded,neo4j")
    ap.add_argument("--cache", choices=["on", "off", "both"], default="both",
                    help="the engine's result cache (answers kept until the graph changes)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    stores = a.stores.split(",")
    modes = {"on": [True], "off": [False], "both": [False, True]}[a.cache]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {"x1": ingest_corpus(ROOT / "corpus").documents,
                   f"x{a.times}": ingest_corpus(replicate(ROOT / "corpus", a.times, Path(tmp) / "big")).documents}
        for scale, docs in corpora.items():
            for cache in modes if "embedded" in stores else []:
                label = f"embedded_{scale}_cache_{'on' if cache else 'off'}"
                results[label] = run(MemoryStore(Path(tmp) / f"mem_{scale}_{cache}"), docs, a.requests, cache)
        if "neo4j" in stores:
            with neo4j_uri() as uri, Neo4jStore(uri) as store:
                for scale, docs in corpora.items():
                    for cache in modes:
                        clear(store)
                        label = f"neo4j_{scale}_cache_{'on' if cache else 'off'}"
                        results[label] = run(store, docs, a.requests, cache)
    if a.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
        return 0
    for setup, rows in results.items():
        print(f"\n{setup}: endpoint  p50 ms  p95 ms  first ms")
        for name, r in rows.items():
            print(f"  {name:30s} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['first_ms']:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
