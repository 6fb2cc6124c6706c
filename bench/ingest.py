#!/usr/bin/env python3
"""Ingest throughput: documents/s and MB/s on the seed corpus and on the corpus repeated ×N.

Warm figures: one untimed pass first (imports, gazetteer, regex compilation), then the best of
--repeat timed passes. jieba is not on the ingest path (it is loaded lazily by search/similarity).

    python bench/ingest.py [--corpus corpus] [--times 100] [--repeat 3] [--real DIR …] [--json]

--real (default: ../shared/realdocs/workreports and jiangxi2020 when present) also times the real
documents in a fresh process, one pass, and reports that process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
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


def _real_pass(folders: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            for f in corpus_files(Path(folder)):
                shutil.copyfile(f, Path(tmp) / f.name)
        files = corpus_files(Path(tmp))
        t0 = time.perf_counter()
        corpus = ingest_corpus(Path(tmp))
        elapsed = time.perf_counter() - t0
    return {"documents": len(files), "failures": len(corpus.failures), "seconds": elapsed,
            "docs_per_s": len(files) / elapsed, "measures": sum(len(d.measures) for d in corpus.documents),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure_real(folders: list[str]) -> dict[str, float]:
    """One pass over real documents in a fresh process, so its peak RSS is the ingest's own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        out = pool.apply(_real_pass, (folders,))
    out["megabytes"] = sum(f.stat().st_size for folder in folders for f in corpus_files(Path(folder))) / 1e6
    out["mb_per_s"] = out["megabytes"] / out["seconds"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--times", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    shared = ROOT.parent / "shared" / "realdocs"
    ap.add_argument("--real", nargs="*", default=[str(shared / d) for d in ("workreports", "jiangxi2020")
                                                  if (shared / d).is_dir()])
    a = ap.parse_args()
    results = {"seeds": measure(Path(a.corpus), a.repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        results[f"seeds_x{a.times}"] = measure(replicate(Path(a.corpus), a.times, Path(tmp)), 1)
    if a.real:
        results["real"] = measure_real(a.real)
    if a.json:
        print(json.dumps(results, indent=1))
    else:
        for name, r in results.items():
            rss = f"  peak RSS {r['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in r else ""
            print(f"{name:12s} {r['documents']:6d} docs {r['megabytes']:8.2f} MB  {r['seconds']:7.3f} s  "
                  f"{r['docs_per_s']:8.1f} docs/s  {r['mb_per_s']:6.2f} MB/s{rss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
