"""Parallel extraction (`ingest --workers N`): documents extracted in worker processes, results taken in
order, so the records and the graph are those of one process."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

from policykg.graph.memory import MemoryStore
from policykg.ingest.export import corpus_to_json
from policykg.ingest.pipeline import MIN_PARALLEL, corpus_files, ingest_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for k in range(4):
        for f in corpus_files(CORPUS):
            shutil.copyfile(f, folder / f"{k}_{f.name}")
    (folder / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # a failure, in its place
    (folder / "破损.pdf").write_bytes(b"%PDF-1.4 not really")
    assert len(corpus_files(folder)) >= MIN_PARALLEL
    return folder


def test_two_workers_give_the_same_records_and_graph_as_one(tmp_path):
    folder = _folder(tmp_path)
    seen_workers: list[int] = []
    one = ingest_corpus(folder, workers=1)
    two = ingest_corpus(folder, progress=lambda _n: seen_workers.append(len(multiprocessing.active_children())),
                        workers=2)
    assert max(seen_workers) >= 2  # the documents really were extracted in worker processes
    assert corpus_to_json(two) == corpus_to_json(one)
    assert [(f.source, f.reason) for f in two.failures] == [(f.source, f.reason) for f in one.failures]
    assert len(one.failures) == 2 and len(one.documents) == 20
    graphs = []
    for name, corpus in (("one", one), ("two", two)):
        store = MemoryStore(tmp_path / name)
        store.load_corpus(corpus.documents)
        graphs.append(store.dump())
    assert graphs[0] == graphs[1]


def test_cli_ingest_with_workers_loads_the_same_store(tmp_path):
    from policykg.api.cli import main

    folder = _folder(tmp_path)
    assert main(["ingest", str(folder), "--data-dir", str(tmp_path / "a"), "--workers", "1"]) == 1  # 2 failures
    assert main(["ingest", str(folder), "--data-dir", str(tmp_path / "b"), "--workers", "2"]) == 1
    assert MemoryStore(tmp_path / "a").dump() == MemoryStore(tmp_path / "b").dump()
