"""The planner's flow in a real headless Chromium: open a region's departments page, pick a date, see
what is overdue as of it and which tasks a department leads; nothing leaves the machine."""

from __future__ import annotations

import pytest

from tests.browser import served_engine
from tests.helpers import seeded_engine

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served_engine(seeded_engine(tmp_path_factory.mktemp("planner-browser"))) as url:
        yield url


def test_planner_sets_a_date_and_sees_overdue_tasks(page, server, artifacts_dir):
    page.goto(server + "/pages/regions/九江市/departments")
    page.fill('input[type="date"][name="as_of"]', "2022-01-01")
    with page.expect_navigation():
        page.click('#as-of button[type="submit"]')
    assert "as_of=2022-01-01" in page.url
    assert page.input_value('input[name="as_of"]') == "2022-01-01"
    overdue = page.locator("#planner-tasks td.overdue")
    assert overdue.count() > 0 and overdue.first.is_visible()
    assert overdue.first.inner_text() == "已逾期"
    late_rows = page.locator("#planner-tasks tr.overdue-row")
    assert all("2021" in late_rows.nth(i).inner_text() for i in range(late_rows.count()))
    assert page.locator("#no-leads").is_visible()  # 九江市's list has one 责任部门 column: no lead named
    assert page.locator("svg.timeline rect.overdue-bar").count() == 1  # the 2021 bar
    # the filter box narrows the task table to one department (table.js, no eval)
    page.fill('input.filter[data-table="planner-tasks"]', "市教育局")
    visible = page.locator("#planner-tasks tbody tr:visible")
    assert visible.count() == 33
    page.fill('input.filter[data-table="planner-tasks"]', "")
    page.screenshot(path=str(artifacts_dir / "planner_jiujiang.png"), full_page=True)
    assert (artifacts_dir / "planner_jiujiang.png").stat().st_size > 10_000
    assert not page.blocked_requests


def test_planner_sees_a_departments_lead_tasks(page, server, artifacts_dir):
    page.goto(server + "/pages/regions")
    page.click("#region-list >> text=郴州市")
    assert "/pages/regions/" in page.url and page.locator("h1").inner_text().startswith("郴州市")
    assert page.locator("#no-leads").count() == 0
    first = page.locator("#planner-departments tbody tr").first
    assert first.locator("td").nth(0).inner_text() == "市教育局"
    assert int(first.locator("td").nth(2).inner_text()) > 0  # lead tasks
    first.locator("a").first.click()
    leads = page.locator("#planner-tasks tr.lead:has-text('市教育局')")
    assert leads.count() == int(first.locator("td").nth(2).inner_text())
    assert leads.first.locator("td.lead").inner_text() == "牵头"
    page.screenshot(path=str(artifacts_dir / "planner_chenzhou.png"), full_page=True)
    assert not page.blocked_requests
