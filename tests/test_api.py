"""The HTTP API through FastAPI's test client, and once through a real uvicorn process."""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from policykg.api.app import create_app
from policykg.graph.memory import MemoryStore
from policykg.graph.neo4j import Neo4jStore
from policykg.ingest.pipeline import ingest_corpus
from policykg.queries.engine import QueryEngine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
HOSTILE = ["'; MATCH (n) DETACH DELETE n //", '"})-[r]-() DELETE r //', "<script>alert(1)</script>", "\\u0000", "市%'"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = MemoryStore(tmp_path_factory.mktemp("api"))
    store.load_corpus(ingest_corpus(CORPUS).documents)
    engine = QueryEngine(store, CORPUS)
    return TestClient(create_app(lambda: engine), base_url="http://127.0.0.1")


def test_targets_by_keyword_answer_which_cities_and_cite_evidence(client):
    body = client.get("/targets", params={"indicator": "双师型"}).json()
    rows = [r for r in body["items"] if r["indicator"] == "双师型教师比例"]
    assert {(r["region"], r["value"]) for r in rows} == {("樟树市", 50), ("江阴市", 90), ("江西省", 60), ("郴州市", 75)}
    assert all(r["evidence"] and r["document_id"] and r["measure_id"] for r in rows)
    assert body["total"] == len(body["items"]) and body["limit"] == 100 and body["offset"] == 0


def test_csv_has_a_bom_and_chinese_intact_for_excel(client):
    resp = client.get("/targets", params={"indicator": "双师型教师比例", "format": "csv"})
    assert resp.headers["content-type"].startswith("text/csv")
    assert resp.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert {r["region"] for r in rows} == {"樟树市", "江阴市", "江西省", "郴州市"}
    assert "attachment" in resp.headers["content-disposition"]


@pytest.mark.parametrize("path", ["/indicators", "/regions", "/functions", "/baseline", "/citations",
                                  "/search?q=产教融合", "/deadlines?region=樟树市", "/compare?regions=樟树市,郴州市",
                                  "/regions/九江市/departments", "/similarity"])
def test_every_tabular_endpoint_has_a_csv_rendering(client, path):
    sep = "&" if "?" in path else "?"
    resp = client.get(f"{path}{sep}format=csv")
    assert resp.status_code == 200 and resp.content.startswith("\ufeff".encode())
    assert len(resp.content.decode("utf-8-sig").splitlines()) >= 2


def test_department_network_of_a_region(client):
    body = client.get("/regions/九江市/departments").json()
    assert body["functions"]["教育"] == 33 and body["functions"]["人力资源和社会保障"] == 29
    kinds = {n["kind"] for n in body["nodes"]}
    assert kinds == {"department", "function", "task"}
    ids = {n["id"] for n in body["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])


def test_unknown_region_is_404_with_close_matches(client):
    resp = client.get("/regions/九江/departments")
    assert resp.status_code == 404 and "九江市" in resp.json()["suggestions"]
    resp = client.get("/targets", params={"indicator": "双师型老师比例"})
    assert resp.status_code == 404 and "双师型教师比例" in resp.json()["suggestions"]


@pytest.mark.parametrize("query", ["/targets?limit=0", "/targets?limit=100000", "/targets?offset=-1",
                                   "/deadlines?region=樟树市&as_of=2022-13-40", "/search", "/compare",
                                   "/similar?measure=x&k=0", "/targets?format=xml"])
def test_bad_parameters_are_422(client, query):
    assert client.get(query).status_code == 422


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_are_plain_values(client, hostile):
    before = client.get("/regions").json()["total"]
    for path, params in [("/targets", {"indicator": hostile}), ("/targets", {"region": hostile}),
                         ("/search", {"q": hostile}), ("/deadlines", {"region": hostile}),
                         ("/compare", {"regions": hostile})]:
        assert client.get(path, params=params).status_code in (200, 404, 422)
    assert client.get(f"/measures/{hostile}").status_code in (404, 422)
    assert client.get("/regions").json()["total"] == before


def test_pagination_bounds_lists(client):
    first = client.get("/targets", params={"limit": 7}).json()
    second = client.get("/targets", params={"limit": 7, "offset": 7}).json()
    assert len(first["items"]) == 7 and first["total"] == second["total"] > 14
    assert first["items"][0] != second["items"][0]


def test_measure_provenance_and_similar(client):
    hit = client.get("/search", params={"q": "双师型教师", "limit": 1}).json()["items"][0]
    detail = client.get(f"/measures/{hit['measure']['id']}").json()
    assert detail["original"] and detail["span_end"] > detail["span_start"]
    sims = client.get("/similar", params={"measure": detail["id"], "k": 3}).json()
    assert len(sims) == 3 and all(s["measure"]["region"] != detail["region"] for s in sims)


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/indicators", "/targets", "/compare", "/baseline", "/regions/{name}/departments", "/deadlines",
              "/search", "/measures/{measure_id}", "/similar", "/citations", "/functions"):
        assert p in paths


@pytest.mark.neo4j
def test_store_down_is_503_with_a_clear_message(neo4j_server, tmp_path):
    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    engine = QueryEngine(store)
    app_client = TestClient(create_app(lambda: engine), base_url="http://127.0.0.1")
    store.close()  # the server is gone as far as this app is concerned
    resp = app_client.get("/regions")
    assert resp.status_code == 503 and "unavailable" in resp.json()["detail"]
    assert "Traceback" not in resp.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_ingests_an_empty_store_and_answers_over_http(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "policykg", "serve", "--data-dir", str(tmp_path), "--port", str(port),
         "--corpus", str(CORPUS)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "POLICYKG_STORE": "embedded"})
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.terminate()
                    raise AssertionError(proc.communicate(timeout=10)[1].decode()) from None
                time.sleep(0.3)
        url = f"{base}/targets?indicator=" + urllib.parse.quote("双师型教师比例")
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read().decode()
        assert "郴州市" in body and "75" in body
        assert (tmp_path / "graph.json").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("url, key", [
    ("/targets", "total"), ("/search?q=产教融合", "total"), ("/indicators", "total"), ("/baseline", "total"),
    ("/deadlines?region=九江市", "total"), ("/functions", "total"), ("/regions", "total"),
])
def test_a_csv_download_holds_every_row_the_json_counts(client, url, key):
    import csv
    import io

    total = client.get(url).json()[key]
    sep = "&" if "?" in url else "?"
    rows = list(csv.reader(io.StringIO(client.get(f"{url}{sep}format=csv").text.lstrip("\ufeff"))))
    assert len(rows) - 1 == total
    assert total > 20 or url in ("/regions",)  # more than a default page would have held for most
    paged = list(csv.reader(io.StringIO(client.get(f"{url}{sep}format=csv&limit=3").text.lstrip("\ufeff"))))
    assert len(paged) - 1 == min(3, total)  # an explicit page is honoured
