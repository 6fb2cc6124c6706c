"""The seed corpus in both stores: same graph, idempotent re-ingest, per-document replacement, and a
killed loading process never leaves half a document behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from policykg.graph.memory import MemoryStore
from policykg.ingest.ids import document_id
from policykg.ingest.pipeline import ingest_corpus

from tests.test_graph_stores import canon, not_owned_by

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EDITED = "002_7fdab2a4388eb7e7.txt"
EDITED_ID = document_id("002_7fdab2a4388eb7e7.txt")


@pytest.fixture(scope="module")
def seed_docs():
    return ingest_corpus(CORPUS).documents


def edited_corpus(tmp_path: Path) -> Path:
    """A copy of the corpus where one document changed: a task row's unit and a target value."""
    folder = tmp_path / "edited"
    shutil.copytree(CORPUS, folder)
    path = folder / EDITED
    text = path.read_text(encoding="utf-8")
    text = text.replace("\t宣传部、市委教育工委\n", "\t市委宣传部、市委教育工委、市财政局\n", 1)
    text = text.replace("“双师型”专业教师比例达到90%", "“双师型”专业教师比例达到95%")
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.neo4j
def test_seed_corpus_gives_identical_graphs_in_both_stores(neo4j_store, seed_docs, tmp_path):
    neo4j_store.load_corpus(seed_docs)
    with MemoryStore(tmp_path) as embedded:
        embedded.load_corpus(seed_docs)
        assert neo4j_store.stats() == embedded.stats()
        assert canon(neo4j_store.dump()) == canon(embedded.dump())
    assert neo4j_store.stats().nodes["Measure"] == sum(len(d.measures) for d in seed_docs)


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
    else:
        with MemoryStore(tmp_path / "data") as embedded:
            yield embedded


def test_ingesting_the_corpus_twice_changes_nothing(store, seed_docs):
    store.load_corpus(seed_docs)
    first = canon(store.dump())
    store.load_corpus(ingest_corpus(CORPUS).documents)
    assert canon(store.dump()) == first


def test_reingesting_one_edited_document_replaces_only_its_subgraph(store, seed_docs, tmp_path):
    store.load_corpus(seed_docs)
    before = store.dump()
    edited = {d.id: d for d in ingest_corpus(edited_corpus(tmp_path)).documents}
    store.load_document(edited[EDITED_ID])
    after = store.dump()
    assert canon(not_owned_by(after, EDITED_ID)) == canon(not_owned_by(before, EDITED_ID))
    targets = [n["props"] for n in after["nodes"] if n["label"] == "Target" and n["props"]["doc"] == EDITED_ID]
    assert 95 in {t["value"] for t in targets}
    assert canon(after) != canon(before)


LOADER = """
import sys
from pathlib import Path
from policykg.graph.store import open_store
from policykg.ingest.pipeline import ingest_corpus
docs = ingest_corpus(Path(sys.argv[1])).documents
store = open_store(sys.argv[2], data_dir=sys.argv[3] if len(sys.argv) > 3 else None)
print("loading", flush=True)
for _ in range(50):
    for d in docs:
        store.load_document(d)
"""


def owned_signature(dump: dict, doc_id: str) -> str:
    nodes = [n for n in dump["nodes"] if n["props"].get("doc") == doc_id or n["key"] == doc_id]
    rels = [r for r in dump["relationships"] if r["props"].get("doc") == doc_id]
    return canon({"nodes": nodes, "relationships": rels})


def test_killed_loading_process_leaves_each_document_whole(store, seed_docs, tmp_path):
    """SIGKILL a process re-loading the edited corpus in a loop: every document is then either its old or
    its new version, never a mix, and the store opens."""
    store.load_corpus(seed_docs)
    old = store.dump()
    kind = "neo4j" if hasattr(store, "run") else "embedded"
    args = [sys.executable, "-c", LOADER, str(edited_corpus(tmp_path)), kind]
    if kind == "embedded":
        args.append(str(store.data_dir))
    env = {**os.environ}
    if kind == "neo4j":
        env["NEO4J_URI"] = store.location
    child = subprocess.Popen(args, stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout.readline().strip() == "loading"
    time.sleep(1.5)
    child.send_signal(signal.SIGKILL)
    child.wait()
    if kind == "embedded":
        store = MemoryStore(store.data_dir)
    now = store.dump()
    new_reference = MemoryStore(tmp_path / "ref")
    new_reference.load_corpus(ingest_corpus(tmp_path / "edited").documents)
    new = new_reference.dump()
    for doc in seed_docs:
        state = owned_signature(now, doc.id)
        assert state in (owned_signature(old, doc.id), owned_signature(new, doc.id)), doc.id
    json.dumps(now)


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykg", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


@pytest.mark.neo4j
def test_cli_ingest_and_stats_agree_across_stores(neo4j_store, tmp_path):
    env = {"NEO4J_URI": neo4j_store.location}
    for store in ("neo4j", "embedded"):
        out = cli("ingest", str(CORPUS), "--store", store, "--data-dir", str(tmp_path), env=env)
        assert out.returncode == 0, out.stderr
    stats = [json.loads(cli("stats", "--store", s, "--data-dir", str(tmp_path), "--json", env=env).stdout)
             for s in ("neo4j", "embedded")]
    assert stats[0] == stats[1] and stats[0]["total_nodes"] > 500


def test_unreachable_neo4j_is_one_line_exit_2_without_traceback():
    out = cli("stats", "--store", "neo4j", env={"NEO4J_URI": "bolt://127.0.0.1:9"})
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "bolt://127.0.0.1:9" in out.stderr and "Traceback" not in out.stderr
