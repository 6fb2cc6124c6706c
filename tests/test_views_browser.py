"""The views in a real headless Chromium: pages render a network with the subgraph's node count, an
exported file works from disk with no network, and hostile document text stays text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from policykg.api.app import create_app
from policykg.visualize.build import ViewRequest, build_view

from tests.browser import served
from tests.helpers import seeded_engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
XSS = Path(__file__).parent / "fixtures" / "xss"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return seeded_engine(tmp_path_factory.mktemp("browser"), XSS)


@pytest.fixture(scope="module")
def server(engine):
    with served(create_app(lambda: engine)) as url:
        yield url


def rendered_nodes(page) -> int:
    # Polled from here: wait_for_function evaluates its predicate with eval() inside the page, which the
    # pages' Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    deadline = time.monotonic() + 30
    while not page.evaluate("!!(window.policykg && document.body.dataset.ready === '1')"):
        assert time.monotonic() < deadline, "the network did not finish drawing within 30 s"
        time.sleep(0.1)
    return page.evaluate("window.policykg.nodes.length")


def test_landing_page_lists_regions_and_links_views(page, server, artifacts_dir):
    page.goto(server + "/")
    assert "PolicyGraph" in page.title()
    assert page.locator("text=部门网络").count() >= 4
    page.screenshot(path=str(artifacts_dir / "landing.png"), full_page=True)
    assert not page.blocked_requests


def test_department_network_renders_every_node_of_the_subgraph(page, server, engine, artifacts_dir):
    expected = len(build_view(engine, ViewRequest("departments", "九江市")).nodes)
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(server + "/views/departments/九江市")
    assert rendered_nodes(page) == expected
    assert not refused, refused  # the page draws under its own CSP: nothing it needs is refused
    assert page.evaluate("window.policykg.edges.length") > expected // 2
    page.screenshot(path=str(artifacts_dir / "departments_jiujiang.png"))
    assert (artifacts_dir / "departments_jiujiang.png").stat().st_size > 10_000
    assert not page.blocked_requests


def test_exported_file_renders_offline_from_disk(page, server, engine, artifacts_dir, tmp_path):
    import urllib.request

    with urllib.request.urlopen(server + "/export/subgraph.html?indicator=" + urllib.parse.quote("双师型教师比例")) as r:
        (tmp_path / "export.html").write_bytes(r.read())
    expected = len(build_view(engine, ViewRequest("indicator", "双师型教师比例")).nodes)
    page.goto((tmp_path / "export.html").as_uri())
    assert rendered_nodes(page) == expected
    page.screenshot(path=str(artifacts_dir / "export_indicator.png"))
    assert not page.blocked_requests  # nothing left the page: vis-network is inline


def test_truncated_view_says_so(page, server):
    page.goto(server + "/views/node/九江市?depth=2&max_nodes=25")
    assert rendered_nodes(page) == 25
    assert "已截断" in page.locator("#truncated").inner_text()


def test_script_in_a_task_shows_as_text_and_never_runs(page, server, artifacts_dir):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/views/departments/衡阳市", "/views/node/衡阳市?depth=2", "/views/search?q=督导"):
        page.goto(server + path)
        if "search" not in path:
            rendered_nodes(page)
            labels = page.evaluate("window.policykg.nodes.get().map(n => n.label + ' ' + (n.title ? n.title.innerText : ''))")
            assert any("<script>alert(1)</script>" in label for label in labels), path
        assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    page.hover("#graph") if page.locator("#graph").count() else None
    page.screenshot(path=str(artifacts_dir / "xss_as_text.png"))
    assert dialogs == []


# --- exploring a graph: search, legend filters, expand in place, PNG, determinism, exports, speed --------

def wait_ready(page, timeout: float = 30) -> float:
    """Seconds until the page says its layout is done (polled: the CSP forbids wait_for_function's eval)."""
    start = time.monotonic()
    while not page.evaluate("!!(window.policykg && document.body.dataset.ready === '1')"):
        assert time.monotonic() - start < timeout, f"the network did not finish drawing within {timeout} s"
        time.sleep(0.05)
    return time.monotonic() - start


def visible(page) -> int:
    return page.evaluate("window.policykg.visibleCount()")


def test_department_view_search_filter_expand_and_png(page, server, artifacts_dir):
    page.set_viewport_size({"width": 1500, "height": 900})
    page.goto(server + "/views/departments/郴州市")
    wait_ready(page)
    assert page.locator("header nav a[href='/']").count() == 1  # back to the landing page
    assert page.locator("header nav a[href*='format=csv']").count() == 1
    assert page.locator("header nav a[href*='format=json']").count() == 1
    table_rows = page.locator("#node-table tbody tr").count()
    assert table_rows == page.evaluate("window.policykg.nodes.length")
    page.screenshot(path=str(artifacts_dir / "graph_departments.png"))

    # search: the box finds a department by its name and selects it
    name = page.evaluate("window.policykg.nodes.get().filter(n => n.kind === 'Department')[0].label")
    page.fill("#search", name)
    page.press("#search", "Enter")
    chosen = page.evaluate("window.policykg.network.getSelectedNodes()")
    assert len(chosen) == 1 and page.evaluate(f"window.policykg.nodes.get({chosen[0]!r}).label") == name
    assert name in page.locator("#selected").inner_text()

    # legend: click 任务 to hide every task, click again to bring them back
    before = visible(page)
    tasks = page.evaluate("window.policykg.nodes.get().filter(n => n.kind === 'Measure').length")
    page.click("#legend li[data-filter='kind:Measure']")
    assert visible(page) == before - tasks and tasks > 0
    assert "off" in page.get_attribute("#legend li[data-filter='kind:Measure']", "class")
    page.click("#legend li[data-filter='kind:Measure']")
    assert visible(page) == before
    fn_entry = page.locator("#legend li[data-filter^='fn:']").first
    fn_entry.click()
    assert visible(page) < before
    fn_entry.click()

    # expand: double-click a task on the canvas; its document and the rest come from the server
    task = page.evaluate("window.policykg.nodes.get().filter(n => n.kind === 'Measure')[0].id")
    page.evaluate("window.policykg.network.fit({animation: false})")
    page.evaluate("id => window.policykg.network.focus(id, {scale: 1.5, animation: false})", task)
    xy = page.evaluate("id => window.policykg.network.canvasToDOM(window.policykg.network.getPositions([id])[id])", task)
    box = page.locator("#graph").bounding_box()
    count = page.evaluate("window.policykg.nodes.length")
    page.mouse.dblclick(box["x"] + xy["x"], box["y"] + xy["y"])
    deadline = time.monotonic() + 10
    while page.evaluate("document.body.dataset.expanded") != "1":
        assert time.monotonic() < deadline, "double-click did not expand the node"
        time.sleep(0.05)
    grown = page.evaluate("window.policykg.nodes.length")
    assert grown > count
    assert page.evaluate("window.policykg.nodes.get().some(n => n.kind === 'Document')")
    assert page.locator("#node-table tbody tr").count() == grown  # new nodes join the table too
    page.screenshot(path=str(artifacts_dir / "graph_node_expanded.png"))

    # PNG download: the canvas as a real PNG file
    with page.expect_download() as dl:
        page.click("#png")
    png = Path(dl.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    assert not page.blocked_requests


def test_export_from_file_links_only_into_itself(browser, server, tmp_path, artifacts_dir):
    import urllib.parse
    import urllib.request

    with urllib.request.urlopen(server + "/export/subgraph.html?department=" + urllib.parse.quote("郴州市")) as r:
        (tmp_path / "export.html").write_bytes(r.read())
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    try:
        page.goto((tmp_path / "export.html").as_uri())
        wait_ready(page)
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("#") for h in hrefs), [h for h in hrefs if not h.startswith("#")]
        rows = page.locator("#node-table tbody tr")
        assert rows.count() == page.evaluate("window.policykg.nodes.length") > 0
        assert page.locator("#node-table thead").inner_text().split() == ["类型", "名称", "属性"]
        # a row's link focuses its node, and the file's anchors land on rows of the file
        first = page.locator("#node-table a.focus").first
        target = first.get_attribute("href")
        first.click()
        assert page.evaluate("location.hash") == target and page.locator(target).count() == 1
        assert page.evaluate("window.policykg.network.getSelectedNodes().length") == 1
        # expansion is off in an export: a double-click fetches nothing
        added = page.evaluate("window.policykg.expand(window.policykg.nodes.getIds()[0])")
        assert added == 0 and "导出文件中不能展开" in page.locator("#status").inner_text()
        page.click("#fit")
        page.screenshot(path=str(artifacts_dir / "graph_export_file.png"))
    finally:
        context.close()
    assert requests and not [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert not [u for u in requests if u.startswith("http")]


def test_same_graph_draws_the_same_twice(browser, server):
    positions = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        page = context.new_page()
        try:
            page.goto(server + "/views/departments/郴州市")
            wait_ready(page)
            positions.append(page.evaluate("window.policykg.network.getPositions()"))
        finally:
            context.close()
    assert positions[0] and positions[0] == positions[1]


def test_empty_view_says_so_instead_of_spinning(page, server):
    page.goto(server + "/views/departments/湖南省")
    wait_ready(page, timeout=20)
    assert page.evaluate("window.policykg.nodes.length") == 0
    assert "没有可显示的节点" in page.locator("#graph").inner_text()
    assert "没有可显示的节点" in page.locator("#status").inner_text()
    page.goto(server + "/views/region/湖南省")  # a province with no documents: one node, drawn, not spinning
    wait_ready(page, timeout=20)
    assert "布局计算中" not in page.locator("#status").inner_text()


def test_a_500_node_graph_settles_and_its_time_is_recorded(page, tmp_path, artifacts_dir):
    """The settle time is a figure for the note and bench, not a pass mark: a loaded machine would fail a
    timed test. It is written to tests/artifacts/settle_500.json; the goal is under 3 s."""
    from policykg.visualize.page import GraphView, ViewEdge, ViewNode, render_page

    nodes = [ViewNode(f"n{i}", f"节点{i}", "措施" if i % 5 else "部门", "#64748b" if i % 5 else "#ea580c",
                      [f"节点{i}"], shape="box" if i % 5 else "dot", kind="Measure" if i % 5 else "Department",
                      key=f"n{i}") for i in range(500)]
    edges = [ViewEdge(f"n{i}", f"n{(i // 5) * 5}") for i in range(500) if i % 5]
    edges += [ViewEdge(f"n{i}", f"n{(i * 7 + 5) % 500}") for i in range(0, 500, 3)]
    (tmp_path / "big.html").write_text(render_page(GraphView("500", nodes, edges)), encoding="utf-8")
    page.goto((tmp_path / "big.html").as_uri())
    waited = wait_ready(page)
    settle_ms = int(page.evaluate("document.body.dataset.settleMs"))  # from navigation start
    layout_ms = int(page.evaluate("document.body.dataset.layoutMs"))  # from the graph script's start
    print(f"\n500-node graph ({len(edges)} edges): settled {settle_ms} ms after navigation start "
          f"(layout {layout_ms} ms; {waited * 1000:.0f} ms more after the load event)")
    assert page.evaluate("window.policykg.nodes.length") == 500
    assert settle_ms > 0 and layout_ms > 0  # the page measured its own layout
    import json

    (artifacts_dir / "settle_500.json").write_text(json.dumps(
        {"nodes": 500, "edges": len(edges), "settle_ms": settle_ms, "layout_ms": layout_ms}), encoding="utf-8")
