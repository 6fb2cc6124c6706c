"""The researcher's flow in a real headless Chromium: from the landing page to an indicator (table and
SVG chart), then two regions compared through the landing form; nothing external is loaded and hostile
document text never runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.api.app import create_app

from tests.browser import served
from tests.helpers import seeded_engine

pytestmark = pytest.mark.browser
XSS = Path(__file__).parent / "fixtures" / "xss"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    engine = seeded_engine(tmp_path_factory.mktemp("research_browser"), XSS)
    with served(create_app(lambda: engine)) as url:
        yield url


def watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def test_researcher_flow_indicator_then_compare(page, server, artifacts_dir):
    dialogs = watch_dialogs(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/")
    page.locator("#indicators a", has_text="双师型教师比例").first.click()
    page.wait_for_load_state()
    assert "/pages/indicators/" in page.url
    assert page.locator("h1").inner_text() == "双师型教师比例"
    assert page.locator("#targets tbody tr").count() >= 4
    assert page.locator("svg.chart rect.bar").count() >= 4
    box = page.locator("svg.chart").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 80
    assert "≥" in page.locator("#targets").inner_text()
    page.screenshot(path=str(artifacts_dir / "research_indicator.png"), full_page=True)

    page.goto(server + "/")
    page.fill("input[name=regions]", "樟树市,郴州市")
    page.locator("input[name=regions]").press("Enter")
    page.wait_for_load_state()
    assert "/pages/compare" in page.url
    headers = page.locator("#compare thead th").all_inner_texts()
    assert headers[1:] == ["樟树市", "郴州市"]
    row = page.locator("#compare tbody tr", has_text="双师型教师比例").first.inner_text()
    assert "≥50%（2022）" in row and "≥75%（2025）" in row
    assert page.locator("svg.chart rect.bar").count() >= 2
    page.screenshot(path=str(artifacts_dir / "research_compare.png"), full_page=True)
    assert dialogs == []
    assert not page.blocked_requests


def test_table_filter_and_sort_work(page, server):
    page.goto(server + "/pages/indicators")
    rows = page.locator("#indicators tbody tr")
    total = rows.count()
    page.fill('input.filter[data-table="indicators"]', "双师型")
    visible = page.evaluate("Array.from(document.querySelectorAll('#indicators tbody tr')).filter(r => !r.hidden).length")
    assert 1 <= visible < total
    assert not page.blocked_requests


def test_hostile_text_stays_text_on_every_research_page(page, server, artifacts_dir):
    dialogs = watch_dialogs(page)
    for path in ("/pages/search?q=督导", "/pages/search?q=script", "/pages/search?q=双师型&region=衡阳市",
                 "/pages/indicators/双师型教师比例", "/pages/compare?regions=衡阳市,郴州市", "/pages/baseline",
                 "/pages/indicators"):
        page.goto(server + path)
        assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0, path
        assert page.evaluate("document.querySelectorAll('main script').length") == 0, path
    page.goto(server + "/pages/search?q=督导")
    assert "<script>alert(3)</script>" in page.locator("ol.hits").inner_text()
    page.screenshot(path=str(artifacts_dir / "research_search_xss.png"), full_page=True)
    assert dialogs == []
    assert not page.blocked_requests
