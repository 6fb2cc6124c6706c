#!/usr/bin/env python3
"""Ingest throughput: documents/s and MB/s on the seed corpus and on the corpus repeated ×N.

Warm figures: one untimed pass first (imports, gazetteer, regex compilation), then the best of
--repeat timed passes. jieba is not on the ingest path (it is loaded lazily by search/similarity).

    python bench/ingest.py [--corpus corpus] [--times 100] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from policykg.ingest.pipeline import corpus_files, ingest_corpus

ROOT = Path(__file__).resolve().parent.parent


def measure(folder: Path, repeat: int) -> dict[str, float]:
    files = corpus_files(folder)
    size = sum(f.stat().st_size for f in files)
    ingest_corpus(folder)  # warm-up
    best = min(_timed(folder) for _ in range(repeat))
    return {"documents": len(files), "megabytes": size / 1e6, "seconds": best,
            "docs_per_s": len(files) / best, "mb_per_s": size / 1e6 / best}


def _timed(folder: Path) -> float:
    t0 = time.perf_counter()
    corpus = ingest_corpus(folder)
    elapsed = time.perf_counter() - t0
    assert not corpus.failures, corpus.failures
    return elapsed


def replicate(folder: Path, times: int, into: Path) -> Path:
    for k in range(times):
        for f in corpus_files(folder):
            shutil.copyfile(f, into / f"{k:04d}_{f.name}")
    return into


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--times", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    results = {"seeds": measure(Path(a.corpus), a.repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        results[f"seeds_x{a.times}"] = measure(replicate(Path(a.corpus), a.times, Path(tmp)), 1)
    if a.json:
        print(json.dumps(results, indent=1))
    else:
        for name, r in results.items():
            print(f"{name:12s} {r['documents']:6d} docs {r['megabytes']:8.2f} MB  {r['seconds']:7.3f} s  "
                  f"{r['docs_per_s']:8.1f} docs/s  {r['mb_per_s']:6.2f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
