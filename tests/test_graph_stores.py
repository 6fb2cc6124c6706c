"""Store conformance: every backend holds the same graph for the same documents, and changes it atomically.

The `store` fixture runs each conformance test on the embedded store and on a real Neo4j server
(tests/conftest.py). The reference for "what the graph should be" is the embedded store loaded in one go.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from policykg.graph.mapping import KEY_PROPERTY, department_id, stub_document_id
from policykg.graph.memory import MemoryStore
from policykg.graph.neo4j import Neo4jStore
from policykg.graph.store import GraphStore, StoreError, open_store
from policykg.ingest.models import Deadline, DocumentMeta, Measure, PolicyDocument, Span

from tests.test_graph_mapping import (
    NATIONAL,
    PROVINCIAL,
    chenzhou_plan,
    corpus,
    dept,
    zhangshu_plan,
    zhangshu_tasks,
)

BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]
JIAOTI = department_id("樟树市", "市教体局")
RENSHE = department_id("樟树市", "市人社局")
FAGAI = department_id("樟树市", "市发改委")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
    else:
        with open_store("embedded", data_dir=tmp_path / "data") as embedded:
            yield embedded


def reference_dump(tmp_path: Path, docs: list[PolicyDocument]) -> dict:
    with MemoryStore(Path(tempfile.mkdtemp(dir=tmp_path))) as reference:
        reference.load_corpus(docs)
        return reference.dump()


def canon(dump: dict) -> str:
    """Strict comparison: 50 and 50.0 differ in JSON, so int/float drift between backends shows."""
    return json.dumps(dump, sort_keys=True, ensure_ascii=False)


def keys(dump: dict, label: str) -> set[str]:
    return {n["key"] for n in dump["nodes"] if n["label"] == label}


def rels(dump: dict, rel_type: str) -> dict[tuple[str, str], dict]:
    return {(r["start"][1], r["end"][1]): r["props"] for r in dump["relationships"] if r["type"] == rel_type}


def not_owned_by(dump: dict, doc_id: str) -> list[dict]:
    """What replacing doc_id must leave alone: other documents' Documents, Measures, Targets and relationships."""
    owned_nodes = [
        n
        for n in dump["nodes"]
        if n["props"].get("doc") != doc_id
        and not (n["label"] == "Document" and n["key"] == doc_id)
        and n["label"] in ("Document", "Measure", "Target")
    ]
    return owned_nodes + [r for r in dump["relationships"] if r["props"].get("doc") not in (doc_id, None)]


def test_store_implements_the_protocol(store):
    assert isinstance(store, GraphStore)


def test_stats_count_nodes_by_label_and_relationships_by_type(store):
    store.load_corpus(corpus())
    stats = store.stats()
    assert stats.nodes == {
        "Deadline": 3,
        "Department": 4,
        "Document": 5,  # 3 loaded + 2 stubs (national, provincial)
        "Function": 3,
        "Indicator": 2,
        "Measure": 6,
        "Region": 5,
        "Target": 3,
    }
    assert stats.relationships == {
        "ASSIGNED_TO": 2,
        "CITES": 5,
        "DUE": 4,
        "IN": 6,
        "ISSUED_BY": 3,
        "IS_A": 4,
        "LED_BY": 4,
        "OF": 3,
        "PART_OF": 4,  # 3 between regions (asserted by two documents, held once) + 1 between measures
        "RESTATES": 1,
        "SETS": 3,
    }
    assert (stats.total_nodes, stats.total_relationships) == (31, 39)


def test_loading_twice_changes_nothing(store):
    store.load_corpus(corpus())
    first = canon(store.dump())
    store.load_corpus(corpus())
    store.load_document(zhangshu_plan())
    assert canon(store.dump()) == first


def test_replacing_an_edited_document_changes_only_its_subgraph(store, tmp_path):
    store.load_corpus(corpus())
    before = store.dump()
    store.load_document(zhangshu_tasks(edited=True))
    after = store.dump()
    assert canon(not_owned_by(after, "doc_zc")) == canon(not_owned_by(before, "doc_zc"))
    assert keys(before, "Department") - keys(after, "Department") == {RENSHE}  # only doc_zc used it
    assert keys(after, "Department") - keys(before, "Department") == {FAGAI}
    assert keys(before, "Function") ^ keys(after, "Function") == {"人社", "发改"}
    assert canon(after) == canon(
        reference_dump(tmp_path, [zhangshu_plan(), chenzhou_plan(), zhangshu_tasks(True)])
    )


def test_reloading_a_document_drops_what_its_new_version_lacks(store, tmp_path):
    # Kept measures are rewritten in place: a property, a target, a deadline and a parent link that the
    # new version no longer has must not survive, and the same corpus loaded fresh must look identical.
    store.load_corpus(corpus())
    plan = zhangshu_plan()
    kept = plan.measures[2]  # the task row: same id in both versions
    kept.group, kept.deadline, kept.restates = None, Deadline.none(), None
    plan.measures[1].targets = plan.measures[1].targets[:1]
    plan.measures[1].parent_id = None
    del plan.measures[0]  # the body heading disappears
    store.load_document(plan)
    task = store.nodes("Measure", id=kept.id)[0]
    assert "group" not in task
    assert store.nodes("Measure", id="m_zs_1") == []
    assert canon(store.dump()) == canon(reference_dump(tmp_path, [chenzhou_plan(), zhangshu_tasks(), plan]))


def test_load_order_does_not_change_the_graph(store, tmp_path):
    for doc in reversed(corpus()):  # citing documents first: their citations start on stubs
        store.load_document(doc)
    assert canon(store.dump()) == canon(reference_dump(tmp_path, corpus()))


def test_citation_moves_to_the_cited_document_and_back_to_a_stub(store):
    store.load_document(zhangshu_plan())
    stub = stub_document_id("郴政发〔2021〕5号")
    assert ("doc_zs", stub) in rels(store.dump(), "CITES")
    store.load_document(chenzhou_plan())
    dump = store.dump()
    assert rels(dump, "CITES")[("doc_zs", "doc_cz")] == {"doc": "doc_zs", "number": "郴政发〔2021〕5号"}
    assert stub not in keys(dump, "Document")
    assert store.remove_document("doc_cz")
    dump = store.dump()
    assert ("doc_zs", stub) in rels(dump, "CITES")
    assert keys(dump, "Region") == {"樟树市", "宜春市", "江西省"}


def test_removing_a_document_drops_only_orphaned_shared_nodes(store):
    store.load_corpus(corpus())
    assert store.remove_document("doc_zc")
    dump = store.dump()
    assert RENSHE not in keys(dump, "Department") and "人社" not in keys(dump, "Function")
    assert JIAOTI in keys(dump, "Department")  # still used by doc_zs
    assert rels(dump, "PART_OF")[("樟树市", "宜春市")] == {"docs": ["doc_zs"]}
    assert stub_document_id(PROVINCIAL) in keys(dump, "Document")
    assert not [r for r in dump["relationships"] if r["props"].get("doc") == "doc_zc"]
    assert store.remove_document("doc_zc") is False
    assert store.remove_document(stub_document_id(NATIONAL)) is False  # stubs are not loaded documents


def test_removing_a_cited_document_keeps_the_citation_on_a_stub(store):
    store.load_corpus(corpus())
    store.remove_document("doc_zs")
    dump = store.dump()
    assert ("doc_zc", stub_document_id("樟府发〔2020〕13号")) in rels(dump, "CITES")
    assert JIAOTI in keys(dump, "Department")  # doc_zc still assigns it
    assert department_id("樟树市", "市财政局") not in keys(dump, "Department")


def test_shared_relationships_list_every_document_asserting_them(store):
    store.load_corpus(corpus())
    dump = store.dump()
    assert rels(dump, "PART_OF")[("樟树市", "宜春市")] == {"docs": ["doc_zc", "doc_zs"]}
    assert rels(dump, "IS_A")[(JIAOTI, "教育")] == {"docs": ["doc_zc", "doc_zs"]}


def test_failure_mid_load_leaves_the_previous_graph_intact(store, monkeypatch):
    store.load_corpus(corpus())
    before = canon(store.dump())
    real = store._write_rels

    def write_then_fail(*args):
        real(*args)  # the new subgraph is fully written inside the transaction / working copy
        raise RuntimeError("injected failure")

    monkeypatch.setattr(store, "_write_rels", write_then_fail)
    with pytest.raises(RuntimeError, match="injected"):
        store.load_document(zhangshu_tasks(edited=True))
    with pytest.raises(RuntimeError, match="injected"):
        store.load_corpus([chenzhou_plan()])
    assert canon(store.dump()) == before
    if isinstance(store, MemoryStore):
        assert canon(MemoryStore(store.data_dir).dump()) == before  # and on disk


def test_text_that_looks_like_cypher_is_stored_verbatim(store):
    doc = zhangshu_plan()
    hostile = "x'}) DETACH DELETE n // `Region` $rows {doc: 1}"
    doc.measures[0].title = hostile
    doc.meta.title = '标题"}]->(n) RETURN n;'
    odd_department = "市教体局`:Region {name: 'x'}"
    doc.measures[1].departments[0] = dept(odd_department, "教育")
    store.load_document(doc)
    dump = store.dump()
    assert [d["name"] for d in store.nodes("Department", name=odd_department)] == [odd_department]
    assert store.nodes("Measure", id="m_zs_1")[0]["title"] == hostile
    assert store.nodes("Document", id="doc_zs")[0]["title"] == doc.meta.title
    assert {n["label"] for n in dump["nodes"]} <= set(KEY_PROPERTY)  # no label came from the text


def test_nodes_filters_on_property_values(store):
    store.load_corpus(corpus())
    names = [d["name"] for d in store.nodes("Department", region="樟树市")]
    assert sorted(names) == ["市人社局", "市教体局", "市财政局"]
    assert store.nodes("Region", level="county") == [
        {"name": "樟树市", "level": "county", "province": "江西省"}
    ]
    assert store.nodes("Region", level="county", province="湖南省") == []
    assert store.nodes("Measure", path="一/（一）")[0]["id"] == "m_zs_1_1"
    assert store.nodes("Measure", path=None) == []  # absent properties never match
    with pytest.raises(ValueError, match="Nope"):
        store.nodes("Nope")


def test_load_corpus_reports_progress_per_document(store):
    seen = []
    assert (
        store.load_corpus(corpus(), progress=lambda done, total, doc_id: seen.append((done, total, doc_id)))
        == 3
    )
    assert seen == [(1, 3, "doc_zs"), (2, 3, "doc_cz"), (3, 3, "doc_zc")]


# -- embedded only -----------------------------------------------------------------------------------
def test_embedded_graph_survives_reopening(tmp_path):
    with MemoryStore(tmp_path) as first:
        first.load_corpus(corpus())
        expected = canon(first.dump())
    saved = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert saved["format"] == "policykg.graph/1"
    assert canon(MemoryStore(tmp_path).dump()) == expected
    assert not list(tmp_path.glob("*.tmp"))


def test_unreadable_graph_file_is_a_store_error_naming_the_path(tmp_path):
    (tmp_path / "graph.json").write_text('{"nodes": [', encoding="utf-8")
    with pytest.raises(StoreError, match=str(tmp_path / "graph.json")):
        MemoryStore(tmp_path)


def test_open_store_takes_kind_and_data_dir_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", "embedded")
    monkeypatch.setenv("POLICYKG_DATA_DIR", str(tmp_path / "env-dir"))
    with open_store() as s:
        assert isinstance(s, MemoryStore) and s.data_dir == tmp_path / "env-dir"
    monkeypatch.setenv("POLICYKG_STORE", "sqlite")
    with pytest.raises(StoreError, match="sqlite"):
        open_store()


KILLED_SAVER = """
import sys
from policykg.graph.memory import MemoryStore
from policykg.ingest.models import Deadline, DocumentMeta, Measure, PolicyDocument, Span

text = "推进职业教育产教融合" * 100
docs = [
    PolicyDocument(f"big_{i}", f"{i}.txt", "", "utf-8", DocumentMeta(region="樟树市"),
                   [Measure(f"big_{i}_{j}", "body", str(j), None, "t", text, Span(0, 1)) for j in range(100)])
    for i in range(100)
]
store = MemoryStore(sys.argv[1])
print("saving", flush=True)
store.load_corpus(docs)
print("saved", flush=True)
"""


def test_killed_save_leaves_the_previous_file_loadable(tmp_path):
    with MemoryStore(tmp_path) as small:
        small.load_corpus(corpus())
        previous = canon(small.dump())
    graph_file = tmp_path / "graph.json"
    before = graph_file.stat()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "saving"
    deadline = time.monotonic() + 120
    # Kill at the first sign of writing: a new file in the directory or any change to graph.json.
    while time.monotonic() < deadline and child.poll() is None:
        names = [n for n in os.listdir(tmp_path) if not n.endswith(".lock")]
        now = graph_file.stat()
        if len(names) > 1 or (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, "the save finished before the kill; make the graph larger"
    assert list(tmp_path.glob(".graph.json.*.tmp")), "no temp file: the kill did not land mid-save"
    after = MemoryStore(tmp_path)
    assert canon(after.dump()) == previous
    after.remove_document(corpus()[0].id)  # the next writer clears what the killed one left
    assert not list(tmp_path.glob(".graph.json.*.tmp"))


# -- Neo4j only ---------------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_dump_and_stats_are_equal_across_backends(neo4j_store, tmp_path):
    docs = [*corpus(), zhangshu_tasks(edited=True)]  # includes one replacement
    neo4j_store.load_corpus(docs)
    with MemoryStore(tmp_path) as embedded:
        embedded.load_corpus(docs)
        assert canon(neo4j_store.dump()) == canon(embedded.dump())
        assert neo4j_store.stats() == embedded.stats()


@pytest.mark.neo4j
def test_naive_mode_writes_the_same_graph(neo4j_store, neo4j_server, tmp_path):
    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password, naive=True) as naive:
        naive.load_corpus(corpus())
        assert canon(naive.dump()) == canon(reference_dump(tmp_path, corpus()))


@pytest.mark.neo4j
def test_uniqueness_constraints_exist_on_every_key(neo4j_store):
    rows = neo4j_store.run("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties")
    unique = {(r["labelsOrTypes"][0], r["properties"][0]) for r in rows if r["type"] == "UNIQUENESS"}
    assert unique >= {
        ("Region", "name"),
        ("Document", "id"),
        ("Measure", "id"),
        ("Target", "id"),
        ("Indicator", "name"),
        ("Department", "id"),
        ("Function", "name"),
        ("Deadline", "id"),
    }


@pytest.mark.neo4j
def test_relationship_with_unknown_endpoint_is_refused_and_rolled_back(neo4j_store):
    doc = PolicyDocument(
        "d", "d.txt", "", "utf-8", DocumentMeta(), [Measure("m", "body", "一", None, "t", "t", Span(0, 1))]
    )
    real = neo4j_store._write_nodes
    neo4j_store._write_nodes = lambda tx, nodes, *rest: real(tx, [n for n in nodes if n.label != "Measure"], *rest)
    with pytest.raises(StoreError, match="unknown endpoints"):
        neo4j_store.load_document(doc)
    assert neo4j_store.stats().total_nodes == 0


@pytest.mark.neo4j
def test_server_notifications_do_not_reach_stderr(neo4j_store, caplog, capfd):
    # An unknown property key is what an empty database makes of our fixed queries (`stub` before the
    # first stub exists); the server would send a warning, which the driver logs to stderr.
    with caplog.at_level(logging.DEBUG, logger="neo4j.notifications"):
        rows = neo4j_store.run("MATCH (d:Document) WHERE d.never_written_key = 1 RETURN count(d) AS n")
    assert rows == [{"n": 0}]
    assert [r.getMessage() for r in caplog.records if r.name == "neo4j.notifications"] == []
    assert capfd.readouterr().err == ""


def test_unreachable_neo4j_is_a_one_line_store_error_naming_the_uri():
    with pytest.raises(StoreError) as err:
        open_store("neo4j", uri="bolt://127.0.0.1:9")
    assert "bolt://127.0.0.1:9" in str(err.value) and "\n" not in str(err.value)


def test_malformed_neo4j_uri_is_a_store_error_naming_it():
    with pytest.raises(StoreError, match="htp://nowhere"):
        open_store("neo4j", uri="htp://nowhere")


@pytest.mark.neo4j
def test_wrong_password_is_a_store_error_naming_the_uri(neo4j_auth_server, tmp_path):
    server = neo4j_auth_server  # a server with auth enabled, unlike neo4j_server
    with pytest.raises(StoreError) as err:
        open_store("neo4j", uri=server.uri, user="neo4j", password="wrong")
    assert server.uri in str(err.value) and "\n" not in str(err.value)

    with open_store("neo4j", uri=server.uri, user=server.user, password=server.password) as store:
        assert store.stats().total_nodes >= 0

    env = {k: v for k, v in os.environ.items() if k not in ("POLICYKG_STORE", "NEO4J_USER")}
    env.update(NEO4J_URI=server.uri, NEO4J_PASSWORD="wrong")
    cli = subprocess.run(
        [sys.executable, "-m", "policykg", "stats", "--store", "neo4j"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 2, cli.stderr
    assert "Traceback" not in cli.stderr
    lines = cli.stderr.splitlines()
    assert len(lines) == 1 and server.uri in lines[0], cli.stderr
