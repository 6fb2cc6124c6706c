#!/usr/bin/env python3
"""Ingest throughput: documents/s and MB/s on the seed corpus and on the corpus repeated ×N.

Warm figures: one untimed pass first (imports, gazetteer, regex compilation), then the best of
--repeat timed passes. jieba is not on the ingest path (it is loaded lazily by search/similarity).

    python bench/ingest.py [--corpus corpus] [--times 100] [--repeat 3] [--real DIR …] [--json]

--real (default: ../shared/realdocs/workreports and jiangxi2020 when present) also times the real
documents in a fresh process, one pass, and reports that process's peak RSS.

--formats (default on; --no-formats to skip) writes the seeds as Word, PDF and web pages (as the tests do,
with fpdf2 and Debian's fonts-noto-cjk) and times reading them (documents/s; pages/s for PDF) and
ingesting them, and reading one PDF of 50 pages or more.

--workers 1,2 (default; --workers '' to skip) ingests the seeds ×--worker-times (200 = 1,000 documents) with
each number of worker processes, reports the speed-up over one and checks that the export is identical.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from policykg.ingest.pipeline import corpus_files, ingest_corpus
from policykg.ingest.read import read_bytes

ROOT = Path(__file__).resolve().parent.parent


def measure(folder: Path, repeat: int) -> dict[str, float]:
    files = corpus_files(folder)
    size = sum(f.stat().st_size for f in files)
    ingest_corpus(folder)  # warm-up
    best = min(_timed(folder) for _ in range(repeat))
    return {"documents": len(files), "megabytes": size / 1e6, "seconds": best,
            "docs_per_s": len(files) / best, "mb_per_s": size / 1e6 / best}


def measure_workers(corpus: Path, times: int, counts: list[int]) -> dict[str, object]:
    """Ingest of the seeds ×times with each number of workers: seconds, speed-up over the first, same output."""
    from policykg.ingest.export import corpus_to_json

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = replicate(corpus, times, Path(tmp))
        first = None
        for n in counts:
            t0 = time.perf_counter()
            result = ingest_corpus(folder, workers=n)
            seconds = time.perf_counter() - t0
            exported = json.dumps(corpus_to_json(result), ensure_ascii=False, sort_keys=True)
            first = first or (seconds, exported)
            out[f"workers_{n}"] = {"documents": len(result.documents), "seconds": round(seconds, 2),
                                   "docs_per_s": round(len(result.documents) / seconds, 1),
                                   "speedup": round(first[0] / seconds, 2), "identical": exported == first[1]}
            del result, exported  # each run starts with the heap the first had: the collector walks it all
            gc.collect()
    return out


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


def measure_formats(corpus: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Reading (extraction alone) and ingesting the seeds written as .docx, .pdf and .html."""
    sys.path.insert(0, str(ROOT))
    from tests import render  # the tests' writer: real Word tables, ruled PDF tables, a government page

    texts = {f.stem: f.read_text(encoding="utf-8") for f in corpus_files(corpus)}
    writers = {"docx": render.to_docx, "pdf": lambda t: render.to_pdf(t, header="政策文件"),
               "html": lambda t: render.to_html(t, title=t.strip().splitlines()[0].strip())}
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, write in writers.items():
            folder = Path(tmp) / fmt
            folder.mkdir()
            files = {f"{stem}.{fmt}": write(text) for stem, text in texts.items()}
            for name, data in files.items():
                (folder / name).write_bytes(data)
            read = min(_timed_read(files) for _ in range(repeat))
            pages = sum(len(read_bytes(n, d).pages) for n, d in files.items())
            ingest = min(_timed(folder) for _ in range(repeat))
            out[fmt] = {"documents": len(files), "megabytes": sum(map(len, files.values())) / 1e6,
                        "read_seconds": read, "read_docs_per_s": len(files) / read,
                        "ingest_seconds": ingest, "ingest_docs_per_s": len(files) / ingest}
            if pages:
                out[fmt] |= {"pages": pages, "read_pages_per_s": pages / read}
        data = _bound(sorted((Path(tmp) / "pdf").glob("*.pdf")), 50)  # the seeds' PDFs bound into one
        read_bytes("long.pdf", data)  # warm
        t0 = time.perf_counter()
        for _ in range(repeat):
            n = len(read_bytes("long.pdf", data).pages)
        seconds = (time.perf_counter() - t0) / repeat
        out["pdf_long"] = {"documents": 1, "pages": n, "megabytes": len(data) / 1e6, "read_seconds": seconds,
                           "read_pages_per_s": n / seconds}
    return out


def _bound(pdfs: list[Path], pages: int) -> bytes:
    """One PDF of the first `pages` pages of the given PDFs, over and over (a compilation of documents)."""
    import io

    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        for path in pdfs:
            src = pdfium.PdfDocument(path)
            out.import_pages(src, list(range(min(len(src), pages - len(out)))))
            if len(out) >= pages:
                break
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _timed_read(files: dict[str, bytes]) -> float:
    t0 = time.perf_counter()
    for name, data in files.items():
        read_bytes(name, data)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--times", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-formats", dest="formats", action="store_false", help="skip the Word/PDF/HTML figures")
    shared = ROOT.parent / "shared" / "realdocs"
    ap.add_argument("--real", nargs="*", default=[str(shared / d) for d in ("workreports", "jiangxi2020")
                                                  if (shared / d).is_dir()])
    ap.add_argument("--workers", default="1,2", help="worker counts to compare ('' to skip)")
    ap.add_argument("--worker-times", type=int, default=200)
    a = ap.parse_args()
    workers = measure_workers(Path(a.corpus), a.worker_times, [int(x) for x in a.workers.split(",")]) \
        if a.workers else {}
    results = {"seeds": measure(Path(a.corpus), a.repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        results[f"seeds_x{a.times}"] = measure(replicate(Path(a.corpus), a.times, Path(tmp)), 1)
    if a.real:
        results["real"] = measure_real(a.real)
    formats = measure_formats(Path(a.corpus), a.repeat) if a.formats else {}
    if a.json:
        print(json.dumps(results | {"formats": formats, "workers": workers}, indent=1))
    else:
        for fmt, r in formats.items():
            pages = f"  {r['pages']:4d} pages {r['read_pages_per_s']:7.1f} pages/s" if "pages" in r else ""
            ingest = f"  ingest {r['ingest_docs_per_s']:6.1f} docs/s" if "ingest_seconds" in r else ""
            print(f"{fmt:12s} {r['documents']:6d} docs {r['megabytes']:8.2f} MB  read {r['read_seconds']:7.3f} s"
                  f" {r['read_docs_per_s'] if 'read_docs_per_s' in r else 1 / r['read_seconds']:7.1f} docs/s"
                  f"{pages}{ingest}")
        for k, v in workers.items():
            print(f"{k:12s} {v['documents']:6d} docs  {v['seconds']:7.2f} s  {v['docs_per_s']:8.1f} docs/s  "
                  f"×{v['speedup']:.2f} vs {next(iter(workers))}  identical output: {v['identical']}")
        for name, r in results.items():
            rss = f"  peak RSS {r['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in r else ""
            print(f"{name:12s} {r['documents']:6d} docs {r['megabytes']:8.2f} MB  {r['seconds']:7.3f} s  "
                  f"{r['docs_per_s']:8.1f} docs/s  {r['mb_per_s']:6.2f} MB/s{rss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
