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


# --- the graph views after user testing ----------------------------------------------------------------

def test_functions_get_distinct_fixed_colours_not_hashed(engine):
    from policykg.visualize.views import OTHER, PALETTE, function_colours

    view = build_view(engine, ViewRequest("departments", "郴州市"))
    by_function = {n.function: n.color for n in view.nodes if n.kind == "Department"}
    named = {f: c for f, c in by_function.items() if c != OTHER}
    assert len(named) >= min(len(PALETTE), len(by_function) - 1)
    assert len(set(named.values())) == len(named)  # no two functions share a colour
    assert len(set(PALETTE)) == len(PALETTE) >= 16
    assert function_colours(["教育", "财政", "机构编制"]) == {"教育": PALETTE[0], "财政": PALETTE[1],
                                                          "机构编制": PALETTE[2], "其他": OTHER}


def test_department_layout_clusters_by_function_and_is_the_same_every_time(engine):
    first = build_view(engine, ViewRequest("departments", "郴州市"))
    again = build_view(engine, ViewRequest("departments", "郴州市"))
    assert [(n.id, n.x, n.y) for n in first.nodes] == [(n.id, n.x, n.y) for n in again.nodes]
    assert first.seeded and all(n.x is not None for n in first.nodes if n.kind in ("Department", "Function"))
    depts = [n for n in first.nodes if n.kind == "Department"]
    assert all(n.fixed for n in depts)
    by_fn: dict[str, list] = {}
    for n in depts:
        by_fn.setdefault(n.function, []).append(n)
    big = next(ns for ns in by_fn.values() if len(ns) > 1)  # a function's departments sit together
    other = next(ns[0] for f, ns in by_fn.items() if ns[0].function != big[0].function)
    close = ((big[0].x - big[1].x) ** 2 + (big[0].y - big[1].y) ** 2) ** 0.5
    far = ((big[0].x - other.x) ** 2 + (big[0].y - other.y) ** 2) ** 0.5
    assert close < far
    from policykg.visualize.page import RANDOM_SEED

    for req in (ViewRequest("departments", "郴州市"), ViewRequest("region", "樟树市")):
        options = graph_data(build_page(engine, req))["options"]
        assert options["layout"]["randomSeed"] == RANDOM_SEED  # the same start, hence the same drawing
        assert isinstance(options["physics"]["stabilization"]["iterations"], int)


def test_lead_edges_are_labelled_and_a_network_without_leads_says_so(engine):
    chenzhou = build_view(engine, ViewRequest("departments", "郴州市"))
    assert {e.label for e in chenzhou.edges if e.width == 3} == {"牵头"}
    assert {e.label for e in chenzhou.edges if e.dashes and e.width == 1 and e.label} == {"配合"}
    assert not chenzhou.notes
    jiujiang = build_view(engine, ViewRequest("departments", "九江市"))
    assert not [e for e in jiujiang.edges if e.label == "牵头"]
    page = build_page(engine, ViewRequest("departments", "九江市"))
    assert 'id="no-lead"' in page and "本文件未区分牵头与配合单位" in page
    assert "本文件未区分牵头与配合单位" not in build_page(engine, ViewRequest("departments", "郴州市"))


def test_node_view_names_the_node_and_its_type_in_chinese(engine):
    dept = next(n for n in build_view(engine, ViewRequest("departments", "郴州市")).nodes if n.kind == "Department")
    view = build_view(engine, ViewRequest("node", dept.id))
    assert view.title == f"邻域：{dept.label}（部门）"
    assert "dept_" not in view.title
    assert {n.group for n in view.nodes} <= {"部门", "地区", "文件", "措施", "目标", "指标", "职能", "期限"}
    region = build_view(engine, ViewRequest("node", "九江市"))
    assert region.title == "邻域：九江市（地区）"


def test_region_view_links_every_department(engine):
    view = build_view(engine, ViewRequest("region", "郴州市"))
    touched = {x for e in view.edges for x in (e.source, e.target)}
    depts = [n for n in view.nodes if n.kind == "Department"]
    assert depts and all(n.id in touched for n in depts)


def test_box_labels_are_light_on_dark_boxes(engine):
    data = graph_data(build_page(engine, ViewRequest("region", "樟树市")))
    docs = [n for n in data["nodes"] if n["kind"] == "Document"]
    assert docs and all(n["font"]["color"] == "#ffffff" for n in docs)
    dots = [n for n in data["nodes"] if n["shape"] == "dot"]
    assert dots and all(n["font"]["color"] != "#ffffff" for n in dots)  # labels under dots stay dark on white


def test_served_page_has_home_csv_json_links_and_the_node_table(client):
    page = client.get("/views/departments/郴州市").text
    assert '<a href="/">首页</a>' in page
    assert "format=csv" in page and "format=json" in page
    data = graph_data(page)
    rows = re.findall(r'<tr id="row-(\d+)"', page)
    assert len(rows) == len(data["nodes"]) and data["meta"]["standalone"] is False
    assert data["meta"]["expand"] == "/views/node/"
    for label in ("查找", "全图", "放大", "缩小", "下载 PNG", "图例", "节点表", "类型", "名称", "属性"):
        assert label in page, label
    js = client.get("/views/departments/郴州市?format=json").json()
    assert len(js["nodes"]) == len(data["nodes"]) and js["edges"]
    csv_text = client.get("/views/departments/郴州市?format=csv").text
    assert csv_text.lstrip("\ufeff").startswith("id,type,caption,properties") and "部门" in csv_text
    en = client.get("/views/departments/郴州市?lang=en").text
    assert "Find a node by name" in en and ">Home</a>" in en and 'lang="en"' in en


def test_expansion_json_carries_store_refs_that_match_the_page(client):
    page = graph_data(client.get("/views/departments/郴州市").text)
    task = next(n for n in page["nodes"] if n["kind"] == "Measure")
    sub = client.get(f"/views/node/{task['key']}", params={"format": "json", "depth": 1}).json()
    refs = {n["ref"] for n in sub["nodes"]}
    assert task["ref"] in refs and any(n["kind"] == "Document" for n in sub["nodes"])
    assert {n["ref"] for n in page["nodes"] if n["ref"]} & (refs - {task["ref"]})  # its departments: merged, not doubled


def test_export_links_only_into_itself_and_fetches_nothing(client, engine):
    for params in ({"department": "郴州市"}, {"region": "樟树市"}, {"node": "九江市"}, {}):
        page = client.get("/export/subgraph.html", params=params).text
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert hrefs and all(h.startswith("#") for h in hrefs), [h for h in hrefs if not h.startswith("#")][:3]
        assert "/views/" not in page.split('<script type="application/json"')[0]
        data = graph_data(page)
        assert data["meta"]["standalone"] is True and data["meta"]["expand"] == ""
        assert len(re.findall(r'<tr id="row-', page)) == len(data["nodes"])
    cli_like = build_page(engine, ViewRequest("departments", "郴州市"))  # what `policykg export-html` writes
    assert graph_data(cli_like)["meta"]["standalone"] is True


def test_empty_view_says_so(engine):
    page = build_page(engine, ViewRequest("departments", "湖南省"))
    assert graph_data(page)["nodes"] == [] and "没有可显示的节点" in page
