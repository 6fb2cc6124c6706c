"""Reliability on the real Neo4j server: an outage is a quick 503 and recovery needs no restart; a file
loaded before under an old id is replaced in the same transaction."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from policykg.api.app import create_app
from policykg.graph.store import open_store
from policykg.ingest.pipeline import ingest_corpus
from policykg.queries.engine import QueryEngine

from .tcp_proxy import TcpProxy

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
pytestmark = pytest.mark.neo4j


def _endpoints(measure_id: str) -> list[str]:
    return ["/healthz", "/indicators", "/indicators/双师型教师比例/targets", "/targets?indicator=双师型",
            "/compare?regions=樟树市,郴州市", "/baseline", "/regions", "/regions/樟树市", "/regions/九江市/departments",
            "/functions", "/deadlines?region=九江市", "/search?q=产教融合", f"/measures/{measure_id}",
            f"/similar?measure={measure_id}", "/similarity", "/citations", "/", "/views/region/樟树市",
            "/views/departments/九江市", "/views/indicator/双师型教师比例", "/views/citations",
            "/views/search?q=产教融合", "/export/subgraph.html?region=樟树市"]


def test_an_outage_answers_503_within_two_seconds_and_the_next_request_after_it_succeeds(neo4j_server, neo4j_store):
    docs = ingest_corpus(CORPUS).documents
    neo4j_store.load_corpus(docs)
    bolt = urlparse(neo4j_server.uri)
    proxy = TcpProxy((bolt.hostname, bolt.port))
    proxy.start()
    store = open_store("neo4j", uri=f"bolt://127.0.0.1:{proxy.port}", user=neo4j_server.user,
                       password=neo4j_server.password)
    client = TestClient(create_app(lambda: QueryEngine(store, CORPUS)), base_url="http://127.0.0.1")
    try:
        paths = _endpoints(docs[0].measures[0].id)
        up = {p: client.get(p).status_code for p in paths}
        assert set(up.values()) == {200}, up
        proxy.stop()
        time.sleep(1.1)  # past the second for which the graph's fingerprint is reused
        slow, codes = {}, {}
        for p in paths:
            t0 = time.monotonic()
            codes[p] = client.get(p).status_code
            slow[p] = round(time.monotonic() - t0, 2)
        assert set(codes.values()) == {503}, codes
        assert max(slow.values()) < 2.0, slow
        proxy.start()
        assert client.get("/regions").status_code == 200
        assert client.get("/healthz").json()["ok"] is True
    finally:
        proxy.stop()
        store.close()


def test_a_file_loaded_under_an_old_id_is_replaced_not_kept_beside(neo4j_store):
    doc = ingest_corpus(CORPUS).documents[0]
    old = type(doc)(**{**{f: getattr(doc, f) for f in doc.__dataclass_fields__}, "id": "doc_000_old_naming"})
    neo4j_store.load_corpus([old])
    neo4j_store.load_corpus([doc])
    assert [d["id"] for d in neo4j_store.nodes("Document") if not d.get("stub")] == [doc.id]
