#!/usr/bin/env python3
"""Every page of the web app, timed on the server at 1,000 documents (the seeds ×200) on the embedded store:
the time from request to the last byte of the answer, in process (no network), cache off and on.

    python bench/pages.py [--times 200] [--repeat 20] [--store embedded|neo4j] [--json]

Cache off: an engine without the result cache, so every request does its query (as
POLICYKG_QUERY_CACHE=0); cache on: the same store, an engine that answers repeats from memory. Pages that 404 are reported, not timed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from common import ROOT, replicate

PAGES = [
    "/", "/pages/indicators", "/pages/indicators/{indicator}", "/pages/compare?regions=樟树市,郴州市",
    "/pages/baseline", "/pages/search?q=产教融合", "/pages/search?q=产教融合&region=九江市", "/pages/regions",
    "/pages/regions/九江市/departments?as_of=2022-01-01", "/views/departments/九江市", "/views/region/樟树市",
    "/views/indicator/{indicator}", "/views/node/郴州市", "/views/citations", "/docs",
    "/pages/indicators/{indicator}?format=csv",
]
# Downloads of every row, not pages: reported beside them, measured the same way (20,400 targets, 9.7 MB)
EXPORTS = ["/targets?format=csv"]


def _timed(client, url: str, repeat: int) -> dict[str, float] | None:
    first = client.get(url)
    if first.status_code != 200:
        return {"status": first.status_code}
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "kib": len(r.content) // 1024}


def measure_pages(times: int, repeat: int, store_kind: str = "embedded") -> dict[str, dict]:
    """Each page's p50/p95 server time over `repeat` requests, cache off and on, at the seeds ×times, on the
    embedded store or on Neo4j ($NEO4J_URI, this checkout's server, else one started here)."""
    from policykg.ingest.pipeline import ingest_corpus

    with tempfile.TemporaryDirectory() as tmp:
        docs = ingest_corpus(replicate(ROOT / "corpus", times, Path(tmp) / "c")).documents
        if store_kind == "neo4j":
            from common import neo4j_uri
            from load import _clear
            from policykg.graph.neo4j import Neo4jStore

            with neo4j_uri() as uri, Neo4jStore(uri) as store:
                _clear(store)
                try:
                    store.load_corpus(docs)
                    return _pages_of(store, len(docs), repeat)
                finally:
                    _clear(store)
        from policykg.graph.memory import MemoryStore

        store = MemoryStore(Path(tmp) / "g")
        store.load_corpus(docs)
        return _pages_of(store, len(docs), repeat)


def _pages_of(store, documents: int, repeat: int) -> dict[str, dict]:
    from fastapi.testclient import TestClient
    from policykg.api.app import create_app
    from policykg.queries import engine as engine_module

    out: dict[str, dict] = {}
    indicator = quote("双师型教师比例")
    urls = [u.replace("{indicator}", indicator) for u in PAGES + EXPORTS]
    for cache in ("off", "on"):
        engine = engine_module.QueryEngine(store, ROOT / "corpus", cache_results=cache == "on")
        client = TestClient(create_app(lambda e=engine: e), base_url="http://127.0.0.1")
        for url in urls:
            out.setdefault(url, {})[cache] = _timed(client, url, repeat)
    out["_meta"] = {"documents": documents, "repeat": repeat, "store": type(store).__name__}
    return out


def print_pages(out: dict[str, dict]) -> None:
    meta = out["_meta"]
    print(f"{meta['documents']} documents on {meta.get('store', 'MemoryStore')}, {meta['repeat']} requests per page; "
          "server time in ms")
    print(f"{'page':58s} {'off p50':>8s} {'off p95':>8s} {'on p50':>8s} {'on p95':>8s} {'KiB':>6s}")
    for url, r in out.items():
        if url == "_meta":
            continue
        off, on = r["off"], r["on"]
        if url == EXPORTS[0]:
            print("downloads of every row (not pages):")
        if "status" in off:
            print(f"{url:58s} HTTP {off['status']}")
            continue
        print(f"{url:58s} {off['p50_ms']:8.1f} {off['p95_ms']:8.1f} {on['p50_ms']:8.1f} {on['p95_ms']:8.1f} {off['kib']:6d}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--times", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    a = ap.parse_args()
    out = measure_pages(a.times, a.repeat, a.store)
    if a.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print_pages(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
