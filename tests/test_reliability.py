"""Reliability and security: nothing lost, nothing read from outside the corpus, no hostile cell or Host.

Real components only: real files, real processes writing one data dir at once, the real app over HTTP.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from policykg.api.app import create_app
from policykg.graph.memory import MemoryStore
from policykg.graph.store import StoreError
from policykg.ingest.ids import document_id
from policykg.ingest.pipeline import ingest_corpus
from policykg.queries.engine import QueryEngine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLACES = "樟树九江江阴郴州南昌赣州吉安上饶抚州宜春萍乡新余鹰潭景德镇长沙株洲湘潭衡阳邵阳岳阳常德益阳娄底怀化永州"
BODY = "各县（市、区）人民政府：\n一、总体要求\n（一）到2025年，全市职业院校达到{n}所。\n"


def _chinese_names(n: int) -> list[str]:
    return [f"{PLACES[i % len(PLACES)]}{PLACES[(i * 7) % len(PLACES)]}职业教育实施意见第{'一二三四五六七八九十'[i % 10]}稿{i // 10}号.txt"
            .replace(str(i // 10), "零一二三四五六七八九"[i // 10]) for i in range(n)]


def test_fifty_files_named_only_in_chinese_are_all_kept(tmp_path):
    names = _chinese_names(50)
    assert len(set(names)) == 50 and not any(c.isascii() and c.isalnum() for n in names for c in Path(n).stem)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, name in enumerate(names):
        (folder / name).write_text(BODY.format(n=i + 1), encoding="utf-8")
    corpus = ingest_corpus(folder)
    assert not corpus.failures and len({d.id for d in corpus.documents}) == 50
    with MemoryStore(tmp_path / "data") as store:
        store.load_corpus(corpus.documents)
        assert store.stats().nodes["Document"] == 50
        assert sorted(d["source"] for d in store.nodes("Document")) == sorted(names)


def test_the_two_seed_names_of_the_bug_report_and_look_alikes_get_ids_of_their_own():
    names = ["九江市任务清单.txt", "郴州市职业教育实施意见.txt", "x a.txt", "x?a.txt", "x_a.txt", "ａ.txt", "a.txt"]
    ids = [document_id(n) for n in names]
    assert len(set(ids)) == len(names)
    assert document_id("九江市任务清单.txt") == ids[0]  # stable
    assert ids[0].startswith("doc_九江市任务清单_")


def test_reloading_a_file_stored_under_an_old_id_replaces_it(tmp_path):
    doc = ingest_corpus(CORPUS).documents[0]
    with MemoryStore(tmp_path) as store:
        old = type(doc)(**{**{f: getattr(doc, f) for f in doc.__dataclass_fields__}, "id": "doc_000_old_naming"})
        store.load_corpus([old])
        store.load_corpus([doc])
        assert [d["id"] for d in store.nodes("Document") if not d.get("stub")] == [doc.id]


INGEST = "from policykg.api.cli import main; import sys; sys.exit(main(sys.argv[1:]))"


def _ingest_process(folder: Path, data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", INGEST, "ingest", str(folder), "--data-dir", str(data_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_concurrent_ingests_into_one_data_dir_lose_nothing(tmp_path):
    seeds = sorted(CORPUS.glob("*.txt"))
    halves = [tmp_path / "a", tmp_path / "b"]
    for folder, files in zip(halves, (seeds[:2], seeds[2:]), strict=True):
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
    lost = []
    for attempt in range(10):
        data = tmp_path / f"data{attempt}"
        procs = [_ingest_process(folder, data) for folder in halves]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        kept = len([d for d in MemoryStore(data).nodes("Document") if not d.get("stub")])
        lost.append(len(seeds) - kept)
    assert lost == [0] * 10


def test_a_running_server_sees_another_process_ingest_within_two_seconds(tmp_path):
    seeds = sorted(CORPUS.glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, files in ((first, seeds[:1]), (second, seeds[1:2])):
        folder.mkdir()
        shutil.copy(files[0], folder / files[0].name)
    data = tmp_path / "data"
    with MemoryStore(data) as store:
        store.load_corpus(ingest_corpus(first).documents)
    client = TestClient(create_app(lambda: QueryEngine(MemoryStore(data), CORPUS)), base_url="http://127.0.0.1")
    before = client.get("/regions").json()["total"]
    p = _ingest_process(second, data)
    assert p.wait(timeout=120) == 0
    done = time.monotonic()
    while client.get("/regions").json()["total"] <= before and time.monotonic() - done < 2.0:
        time.sleep(0.05)
    assert client.get("/regions").json()["total"] > before, "the server did not see the new document within 2 s"


def test_a_waiting_writer_fails_clearly_when_the_lock_stays_held(tmp_path, monkeypatch):
    import policykg.graph.memory as memory
    from filelock import FileLock

    monkeypatch.setattr(memory, "LOCK_TIMEOUT", 0.2)
    tmp_path.mkdir(exist_ok=True)
    holder = FileLock(str(tmp_path / "graph.json.lock"))
    held, release = threading.Event(), threading.Event()

    def hold():
        with holder:
            held.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        with pytest.raises(StoreError, match="being written by another policykg process"):
            MemoryStore(tmp_path).load_corpus(ingest_corpus(CORPUS).documents[:1])
    finally:
        release.set()
        t.join()


# -- a store is no trust boundary ------------------------------------------------------------------------
def _poisoned_client(tmp_path: Path, source: str) -> tuple[TestClient, str]:
    doc = ingest_corpus(CORPUS).documents[0]
    store = MemoryStore(tmp_path / "data")
    store.load_corpus([doc])
    graph_file = tmp_path / "data" / "graph.json"
    data = json.loads(graph_file.read_text(encoding="utf-8"))
    for n in data["nodes"]:
        if n["label"] == "Document" and n["key"] == doc.id:
            n["props"]["source"] = source
            n["props"].pop("text", None)  # as a store written before texts were kept: the file is the fallback
    graph_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    engine = QueryEngine(MemoryStore(tmp_path / "data"), CORPUS)
    return TestClient(create_app(lambda: engine), base_url="http://127.0.0.1"), doc.measures[0].id


@pytest.mark.parametrize("source", ["/etc/passwd", "../pyproject.toml", "../../../../etc/hostname", "a/../../README.md"])
def test_provenance_never_reads_outside_the_corpus_folder(tmp_path, source):
    client, measure_id = _poisoned_client(tmp_path, source)
    body = client.get(f"/measures/{measure_id}")
    assert body.status_code == 200
    assert body.json()["original"] is None
    assert "root:" not in body.text and "[project]" not in body.text


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "恶意.txt").write_text("一、=HYPERLINK(\"http://evil.example\",\"点击\")\n推进职业教育达到50%。\n"
                                    "二、@SUM(1+1)\n加强产教融合。\n", encoding="utf-8")
    store = MemoryStore(tmp_path / "data")
    store.load_corpus(ingest_corpus(folder).documents)
    client = TestClient(create_app(lambda: QueryEngine(store, folder)), base_url="http://127.0.0.1")
    csv = client.get("/search", params={"q": "HYPERLINK", "format": "csv"}).text + \
        client.get("/search", params={"q": "SUM", "format": "csv"}).text
    cells = [c.strip('"') for line in csv.splitlines() for c in line.split(",")]
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'@SUM") for c in cells), csv
    assert not any(c.startswith(("=", "@", "+")) for c in cells)


@pytest.fixture(scope="module")
def seeded_client(tmp_path_factory):
    store = MemoryStore(tmp_path_factory.mktemp("hardened"))
    store.load_corpus(ingest_corpus(CORPUS).documents)
    return TestClient(create_app(lambda: QueryEngine(store, CORPUS)), base_url="http://127.0.0.1")


def test_every_response_carries_security_headers_and_pages_a_csp(seeded_client):
    for path in ("/", "/regions", "/healthz"):
        r = seeded_client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    page = seeded_client.get("/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_a_foreign_host_header_is_refused(seeded_client):
    assert seeded_client.get("/regions", headers={"host": "evil.example"}).status_code == 400
    assert seeded_client.get("/regions", headers={"host": "localhost:8000"}).status_code == 200


def test_huge_offsets_and_repeated_names_are_answered_not_failed(seeded_client):
    assert seeded_client.get("/regions", params={"offset": 2**63}).status_code == 422
    r = seeded_client.get("/functions", params={"regions": ",".join(["樟树市"] * 1000)})
    assert r.status_code == 200


@pytest.mark.parametrize("damage", [
    lambda d: d["relationships"].append({"type": "ISSUED_BY", "start": ["Document", "nope"],
                                          "end": ["Region", "nowhere"], "props": {}}),
    lambda d: d["nodes"][0].__setitem__("props", ["not", "a", "mapping"]),
    lambda d: d["nodes"][0].__setitem__("label", "Alien"),
])
def test_a_graph_file_that_parses_but_is_inconsistent_fails_at_open_with_its_reason(tmp_path, damage):
    with MemoryStore(tmp_path) as store:
        store.load_corpus(ingest_corpus(CORPUS).documents[:1])
    path = tmp_path / "graph.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    damage(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(StoreError, match=r"cannot read graph file .*re-ingest"):
        MemoryStore(tmp_path)


def test_serve_on_a_corrupt_store_stops_with_one_clear_line(tmp_path):
    (tmp_path / "graph.json").write_text('{"format": "policykg.graph/1", "nodes": [], "relationships": 5}')
    run = subprocess.run([sys.executable, "-c", INGEST, "stats", "--data-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=60, env={**os.environ})
    assert run.returncode != 0 and "cannot read graph file" in run.stderr and "Traceback" not in run.stderr


def test_a_name_holding_a_slash_is_reachable_by_its_path_routes(tmp_path):
    from urllib.parse import quote

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "斜杠.txt").write_text("一、总体要求\n（一）到2025年，A/B类企业占比达到30%。\n", encoding="utf-8")
    store = MemoryStore(tmp_path / "data")
    store.load_corpus(ingest_corpus(folder).documents)
    client = TestClient(create_app(lambda: QueryEngine(store, folder)), base_url="http://127.0.0.1")
    (name,) = [i["name"] for i in client.get("/indicators").json()["items"]]
    assert "/" in name
    for path in (f"/indicators/{quote(name, safe='')}/targets", f"/views/indicator/{quote(name, safe='')}"):
        assert client.get(path).status_code == 200, path


def test_the_result_cache_is_bounded_by_bytes_not_entries(seeded_client, monkeypatch, tmp_path):
    import policykg.queries.engine as engine_module

    monkeypatch.setattr(engine_module, "CACHE_BYTES", 1024 * 1024)
    store = MemoryStore(tmp_path)
    store.load_corpus(ingest_corpus(CORPUS).documents)
    engine = QueryEngine(store, CORPUS, cache_results=True)
    ids = [m.id for d in ingest_corpus(CORPUS).documents for m in d.measures][:150]
    for mid in ids:
        engine.neighbourhood(mid, depth=2, max_nodes=200)
    assert 0 < engine._cached_bytes <= 1024 * 1024
    assert len(engine._results) < len(ids)
    assert engine.regions() is engine.regions()  # small answers are still served from the cache
