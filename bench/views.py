#!/usr/bin/env python3
"""View pages: time to build and write a 100-, 500- and 2,000-node network page (pyvis data assembly,
the offline template with vis-network inlined, the file write), and the page size.

Nodes come from a real department network of the corpus ×N (departments and tasks), cut to size.

    python bench/views.py [--sizes 100,500,2000] [--repeat 5] [--pages-times 200] [--no-pages] [--json]

Then (unless --no-pages) every page of the web app, timed on the server at the seeds ×200 = 1,000
documents, cache off and on (bench/pages.py; goal: under 100 ms each). The 500-node graph's settle time in
Chromium is measured by tests/test_views_browser.py (tests/artifacts/settle_500.json; goal: under 3 s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, replicate
from pages import measure_pages, print_pages
from policykg.graph.memory import MemoryStore
from policykg.ingest.pipeline import ingest_corpus
from policykg.queries.engine import QueryEngine
from policykg.visualize.page import render_page
from policykg.visualize.views import department_view


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,500,2000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--pages-times", type=int, default=200, help="corpus copies for the page timings")
    ap.add_argument("--no-pages", dest="pages", action="store_false")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        docs = ingest_corpus(replicate(ROOT / "corpus", 60, Path(tmp) / "c")).documents
        store = MemoryStore(Path(tmp) / "g")
        store.load_corpus(docs)
        engine = QueryEngine(store)
        full = department_view(engine.department_network("九江市", max_tasks=5000))
        render_page(full.truncate(10))  # warm: template, vis-network asset read once
        for n in sizes:
            view = full.truncate(n)
            times = []
            for _ in range(a.repeat):
                t0 = time.perf_counter()
                page = render_page(view)
                (Path(tmp) / f"v{n}.html").write_text(page, encoding="utf-8")
                times.append(time.perf_counter() - t0)
            results[n] = {"nodes": len(view.nodes), "edges": len(view.edges), "median_s": round(statistics.median(times), 4),
                          "max_s": round(max(times), 4), "kib": len(page.encode("utf-8")) // 1024}
    pages = measure_pages(a.pages_times, a.repeat * 4) if a.pages else {}
    if a.json:
        print(json.dumps({"graphs": results, "pages": pages}, ensure_ascii=False, indent=1))
    else:
        for n, r in results.items():
            print(f"{n:5d} nodes ({r['nodes']} kept, {r['edges']} edges): {r['median_s'] * 1000:7.1f} ms median, "
                  f"{r['max_s'] * 1000:7.1f} ms max, {r['kib']} KiB")
        if pages:
            print_pages(pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
