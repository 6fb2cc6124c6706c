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
