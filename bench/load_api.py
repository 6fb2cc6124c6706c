#!/usr/bin/env python3
"""A bounded load run against a real server on the loopback: `policykg serve` in its own process, driven
by 1, 8 and 32 keep-alive clients over HTTP, then a flood of distinct node views (depth 4, 5,000 nodes:
the requests that filled the old entry-counted cache). Reports throughput, p50/p95/p99, errors and the
server's RSS (sampled from /proc) for each store.

    python bench/load_api.py [--times 200] [--seconds 8] [--flood 15] [--stores embedded,neo4j] [--json]

The seeds ×200 are the 1,000-document graph of the goals; the whole run stays under a minute per store.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from common import ROOT, neo4j_uri, replicate

MIXED = ["/indicators", "/targets?indicator=双师型", "/compare?regions=樟树市,郴州市", "/baseline", "/regions",
         "/regions/樟树市", "/regions/九江市/departments", "/functions", "/deadlines?region=九江市",
         "/search?q=产教融合", "/citations", "/", "/views/region/樟树市"]
LEVELS = (1, 8, 32)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return kb / 1024


class Server:
    """`policykg serve` on the loaded store, in a process of its own (its RSS is the one measured)."""

    def __init__(self, store: str, data_dir: Path, corpus: Path, env: dict[str, str]) -> None:
        self.port = _free_port()
        cmd = [sys.executable, "-c", "from policykg.api.cli import main; import sys; sys.exit(main(sys.argv[1:]))",
               "serve", "--store", store, "--data-dir", str(data_dir), "--corpus", str(corpus), "--port", str(self.port)]
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in stop(); a file, not a pipe nobody reads
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=self.log, text=True)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if _get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"bench: server exited: {self.log.read()[-500:]}")
        raise SystemExit("bench: server did not answer within 300 s")

    def stop(self) -> None:
        self.proc.terminate()  # uvicorn finishes the requests in flight first; the flood's can be long
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _get(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, int]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", quote(path, safe="/?=&,:"), headers={"Host": "127.0.0.1"})
        resp = conn.getresponse()
        return resp.status, len(resp.read())
    finally:
        if own:
            conn.close()


def drive(port: int, pid: int, clients: int, seconds: float, paths: list[str]) -> dict[str, float]:
    """`clients` threads, each on its own keep-alive connection, for `seconds`; RSS sampled meanwhile."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    rss = [_rss_mb(pid)]

    def client(seed: int) -> None:
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop:
            path = rnd.choice(paths)
            t0 = time.perf_counter()
            try:
                status, _ = _get(port, path, conn)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(ms)
                errors[0] += status != 200
        conn.close()

    def sample() -> None:
        while time.monotonic() < stop:
            rss.append(_rss_mb(pid))
            time.sleep(0.25)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)] + [threading.Thread(target=sample)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [latencies[0]] * 99
    return {"clients": clients, "requests": len(latencies), "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "errors": errors[0], "rss_peak_mb": round(max(rss), 1)}


def node_keys(port: int, n: int) -> list[str]:
    keys: list[str] = []
    offset = 0
    while len(keys) < n:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", quote(f"/search?q=职业教育&limit=100&offset={offset}", safe="/?=&"),
                     headers={"Host": "127.0.0.1"})
        items = json.loads(conn.getresponse().read())["items"]
        conn.close()
        if not items:
            break
        keys += [h["measure"]["id"] for h in items]
        offset += 100
    return keys[:n]


def run_store(store: str, folder: Path, seconds: float, flood: float, env: dict[str, str]) -> dict[str, object]:
    from policykg.graph.store import open_store
    from policykg.ingest.pipeline import ingest_corpus

    docs = ingest_corpus(folder).documents
    with tempfile.TemporaryDirectory() as data:
        with open_store(store, data_dir=data) as s:
            if store == "neo4j":
                while s.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n", write=True)[0]["n"]:
                    pass  # in slices: one transaction over a large graph exceeds the server's memory pool
            s.load_corpus(docs)
        server = Server(store, Path(data), folder, env)
        try:
            pid = server.proc.pid
            out: dict[str, object] = {"documents": len(docs), "rss_start_mb": round(_rss_mb(pid), 1)}
            out["mixed"] = [drive(server.port, pid, c, seconds, MIXED) for c in LEVELS]
            keys = node_keys(server.port, 2000)
            views = [f"/views/node/{k}?depth=4&max_nodes=5000" for k in keys]
            out["node_flood"] = drive(server.port, pid, 32, flood, views) | {"distinct_views": len(views)}
        finally:
            server.stop()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=int, default=200, help="the seeds ×N (default 200: 1,000 documents)")
    ap.add_argument("--seconds", type=float, default=8.0, help="per client level")
    ap.add_argument("--flood", type=float, default=15.0, help="seconds of node-view flood")
    ap.add_argument("--stores", default="embedded,neo4j")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = replicate(ROOT / "corpus", a.times, Path(tmp) / "corpus")
        for store in a.stores.split(","):
            env = dict(os.environ)
            if store == "neo4j":
                with neo4j_uri() as uri:
                    env["NEO4J_URI"] = os.environ["NEO4J_URI"] = uri
                    results[store] = run_store(store, folder, a.seconds, a.flood, env)
            else:
                results[store] = run_store(store, folder, a.seconds, a.flood, env)
            if not a.json:
                report(store, results[store])
    if a.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


def report(store: str, r: dict) -> None:
    print(f"{store}: {r['documents']} documents, server RSS at start {r['rss_start_mb']} MB")
    print(f"  {'load':12s} {'clients':>7s} {'req':>6s} {'req/s':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
          f"{'errors':>6s} {'RSS MB':>7s}")
    for name, row in [*(("mixed", m) for m in r["mixed"]), ("node flood", r["node_flood"])]:
        print(f"  {name:12s} {row['clients']:7d} {row['requests']:6d} {row['rps']:7.1f} {row['p50_ms']:8.1f} "
              f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f} {row['errors']:6d} {row['rss_peak_mb']:7.1f}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
