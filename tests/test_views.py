"""Network views: built from query results, offline (vis-network inlined, no external reference), text
escaped, node caps announced. Browser rendering is tested in test_views_browser.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from policykg.api.app import create_app
from policykg.visualize.build import ViewRequest, build_page, build_view

from tests.helpers import seeded_engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
XSS = Path(__file__).parent / "fixtures" / "xss"
# What makes a page reach out: an attribute or CSS pointing at another host.
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return seeded_engine(tmp_path_factory.mktemp("views"), XSS)


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(lambda: engine), base_url="http://127.0.0.1")


def graph_data(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(raw)


VIEWS = [ViewRequest("region", "樟树市"), ViewRequest("departments", "九江市"), ViewRequest("indicator", "双师型教师比例"),
         ViewRequest("citations"), ViewRequest("node", "九江市", depth=2)]


@pytest.mark.parametrize("req", VIEWS, ids=lambda r: r.kind)
def test_every_view_is_self_contained(engine, req):
    page = build_page(engine, req)
    assert not EXTERNAL.search(page), EXTERNAL.search(page).group(0)
    assert "vis.Network" in page and "vis-network" in page.lower()
    data = graph_data(page)
    assert data["nodes"] and len(data["nodes"]) == len(build_view(engine, req).nodes)


def test_department_view_colours_by_function_and_draws_leads_distinctly(engine):
    view = build_view(engine, ViewRequest("departments", "郴州市"))
    edges = view.edges
    leads = [e for e in edges if e.width == 3]
    co = [e for e in edges if e.dashes and e.width == 1]
    assert leads and co
    depts = [n for n in view.nodes if n.group not in ("任务", "职能")]
    assert len({n.color for n in depts}) > 3  # several functions, several colours
    assert any("牵头" in label for label, _, _ in view.legend)


def test_indicator_view_labels_each_regions_target_with_value_and_year(engine):
    labels = {n.label for n in build_view(engine, ViewRequest("indicator", "双师型教师比例")).nodes}
    assert {">=50%（2022）", ">=75%（2025）"} <= labels


def test_node_cap_truncates_with_a_visible_notice(engine):
    page = build_page(engine, ViewRequest("node", "九江市", depth=2, max_nodes=20))
    assert len(graph_data(page)["nodes"]) == 20
    assert 'id="truncated"' in page and "已截断" in page


def test_document_text_is_never_markup_or_script(engine):
    page = build_page(engine, ViewRequest("departments", "衡阳市"))
    assert "<script>alert" not in page and "<img src=x" not in page and "</script><script>" not in page
    labels = " ".join(n["label"] + n.get("tip", "") for n in graph_data(page)["nodes"])
    assert "<script>alert(1)</script>" in labels  # kept, as text


def test_api_serves_views_landing_and_downloadable_exports(client):
    assert "地区" in client.get("/").text and "樟树市" in client.get("/").text
    for path in ("/views/region/樟树市", "/views/departments/九江市", "/views/indicator/双师型教师比例",
                 "/views/citations", "/views/node/九江市?depth=1", "/views/search?q=产教融合"):
        resp = client.get(path)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html"), path
    resp = client.get("/export/subgraph.html", params={"department": "九江市", "max_nodes": 50})
    assert resp.status_code == 200 and "attachment" in resp.headers["content-disposition"]
    assert ".html" in resp.headers["content-disposition"]
    assert len(graph_data(resp.text)["nodes"]) == 50
    whole = client.get("/export/subgraph.html")  # nothing chosen: the citation network
    assert whole.status_code == 200 and "citations" in whole.headers["content-disposition"]
    assert client.get("/views/departments/九江").status_code == 404


def test_cli_writes_an_offline_file(tmp_path):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "policykg", "ingest", str(CORPUS), "--data-dir", str(data)],
                   check=True, capture_output=True, timeout=120)
    out = tmp_path / "net.html"
    done = subprocess.run([sys.executable, "-m", "policykg", "export-html", "--department", "九江市", "--data-dir",
                           str(data), "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert graph_data(page)["nodes"] and not EXTERNAL.search(page)
