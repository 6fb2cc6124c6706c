"""The landing page's 添加文件 form in a real headless Chromium: a Word file chosen in the form is loaded into
the running server, the results page says so in Chinese, and its target shows on the indicator view."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest
from policykg.api.app import create_app

from tests.browser import served
from tests.helpers import seeded_engine
from tests.test_upload import NAME, PNG, policy_docx

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return seeded_engine(tmp_path_factory.mktemp("upload-browser"))


@pytest.fixture(scope="module")
def server(engine):
    with served(create_app(lambda: engine, allow_upload=True)) as url:
        yield url


def rendered_labels(page) -> list[str]:
    """Polled from here: the pages' CSP refuses the eval() of wait_for_function."""
    deadline = time.monotonic() + 30
    while not page.evaluate("!!(window.policykg && document.body.dataset.ready === '1')"):
        assert time.monotonic() < deadline, "the network did not finish drawing within 30 s"
        time.sleep(0.1)
    return page.evaluate("window.policykg.nodes.get().map(n => n.label)")


def test_a_word_file_added_from_the_landing_page_shows_its_target(page, server, tmp_path, artifacts_dir):
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    (tmp_path / NAME).write_bytes(policy_docx(60))
    (tmp_path / "照片.docx").write_bytes(PNG)

    page.goto(server + "/")
    form = page.locator("form#upload")
    assert form.locator("input[type=file][multiple]").get_attribute("accept") == ".txt,.md,.docx,.pdf,.html,.htm"
    assert "萍乡市" not in page.content()
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "upload_landing.png"))
    page.set_input_files("form#upload input[name=files]", [str(tmp_path / NAME), str(tmp_path / "照片.docx")])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    assert page.url == server + "/documents"
    assert "成功 1 个，失败 1 个" in page.inner_text("body")
    ok_row = page.locator("tr", has_text=NAME)
    assert ok_row.locator("td.ok").inner_text() == "成功"
    assert "地区 萍乡市" in ok_row.inner_text() and "目标 1 个" in ok_row.inner_text()
    bad_row = page.locator("tr", has_text="照片.docx")
    assert bad_row.locator("td.fail").inner_text() == "失败" and "文件类型不符" in bad_row.inner_text()
    page.screenshot(path=str(artifacts_dir / "upload_results.png"), full_page=True)

    with page.expect_navigation():
        ok_row.locator("a", has_text="指标：双师型教师比例").click()
    assert page.url == server + "/views/indicator/" + quote("双师型教师比例", safe="")
    labels = rendered_labels(page)
    assert "萍乡市" in labels and ">=60%（2025）" in labels
    page.screenshot(path=str(artifacts_dir / "upload_indicator.png"))
    assert (artifacts_dir / "upload_indicator.png").stat().st_size > 10_000

    page.goto(server + "/targets?indicator=" + quote("双师型") + "&region=" + quote("萍乡市"))
    rows = json.loads(page.inner_text("body"))["items"]
    assert [(r["region"], r["value"], r["year"], r["source"]) for r in rows] == [("萍乡市", 60, 2025, NAME)]
    page.goto(server + "/")
    assert "萍乡市" in page.inner_text("body")  # the landing page lists the new region
    assert not refused, refused
    assert not page.blocked_requests
