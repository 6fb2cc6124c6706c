"""The planner's pages: regions, and one region's departments with their lead/co tasks, deadlines and
what is overdue as of a date, as HTML, JSON and CSV (every task row)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from policykg.api.app import create_app

from tests.helpers import seeded_engine

JJ = "/pages/regions/九江市/departments"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return seeded_engine(tmp_path_factory.mktemp("planner"))


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(lambda: engine), base_url="http://127.0.0.1")


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _rows(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return re.findall(r"<tr[^>]*>.*?</tr>", body, re.S)


def test_regions_page_lists_regions_with_level_and_links(client):
    r = client.get("/pages/regions")
    assert r.status_code == 200
    assert "九江市" in r.text and "地级" in r.text and "县级" in r.text and "省级" in r.text
    assert '/pages/regions/%E4%B9%9D%E6%B1%9F%E5%B8%82/departments' in r.text
    data = client.get("/pages/regions?format=json").json()
    assert data["total"] == len(data["items"]) == len(_csv(client.get("/pages/regions?format=csv")))


def test_jiujiang_lists_departments_with_lead_and_co_counts(client, engine):
    r = client.get(JJ + "?as_of=2022-01-01")
    assert r.status_code == 200
    assert "牵头任务" in r.text and "配合任务" in r.text
    assert '<input type="date" id="as_of" name="as_of" value="2022-01-01"' in r.text
    data = client.get(JJ + "?as_of=2022-01-01&format=json").json()
    depts = {d["name"]: d for d in data["departments"]}
    responsibilities = engine.backend.responsibilities(["九江市"])
    edu = [x for x in responsibilities if x.department == "市教育局"]
    assert depts["市教育局"]["function"] == "教育"
    assert depts["市教育局"]["lead_tasks"] + depts["市教育局"]["co_tasks"] == len(edu) > 10
    assert depts["市教育局"]["lead_tasks"] == sum(x.role == "lead" for x in edu)
    assert sum(d["lead_tasks"] + d["co_tasks"] for d in depts.values()) == data["total"] == len(responsibilities)
    rows = _rows(r.text, "planner-departments")
    assert len(rows) == len(depts)
    assert "/views/departments/%E4%B9%9D%E6%B1%9F%E5%B8%82" in r.text
    assert "<svg" in r.text and "overdue-bar" in r.text  # the timeline, server-side


def test_as_of_marks_2021_deadlines_overdue_and_not_2022(client):
    data = client.get(JJ + "?as_of=2022-01-01&format=json").json()
    by_year = {"2021": set(), "2022": set()}
    for t in data["tasks"]:
        year = (t["deadline"] or "")[:4]
        if year in by_year:
            by_year[year].add(t["status"])
    assert by_year["2021"] == {"已逾期"}
    assert by_year["2022"] and "已逾期" not in by_year["2022"]
    assert all(t["status"] != "overdue" for t in data["tasks"])
    html = client.get(JJ + "?as_of=2022-01-01").text
    tasks = _rows(html, "planner-tasks")
    late = [row for row in tasks if '<td class="status overdue">已逾期</td>' in row]
    assert late and all("2021" in row for row in late)
    assert not any("2021" in row for row in tasks if row not in late)
    assert ">overdue<" not in html
    # as of early 2021 nothing is overdue yet; as of 2023 everything dated is
    early = client.get(JJ + "?as_of=2020-06-01&format=json").json()
    assert not any(t["overdue"] for t in early["tasks"])
    late_all = client.get(JJ + "?as_of=2023-02-01&format=json").json()
    assert all(t["overdue"] for t in late_all["tasks"] if t["deadline"])


def test_csv_has_every_task_row(client):
    data = client.get(JJ + "?as_of=2022-01-01&format=json").json()
    rows = _csv(client.get(JJ + "?as_of=2022-01-01&format=csv"))
    assert len(rows) == data["total"] == len(data["tasks"]) > 100
    assert {"部门", "职能", "角色", "任务", "期限", "状态"} <= set(rows[0])  # column names for people
    assert {r["状态"] for r in rows} <= {"已逾期", "未到期", "未到期（当期）", "持续推进", "无期限"}
    english = _csv(client.get(JJ + "?as_of=2022-01-01&format=csv&lang=en"))
    assert len(english) == len(rows) and {"department", "function", "role", "task", "deadline"} <= set(english[0])


def test_region_without_leads_shows_the_notice(client, engine):
    # 九江市's and 樟树市's task lists have a single 责任部门 column: no LED_BY at all
    for region in ("九江市", "樟树市"):
        assert not any(r.role == "lead" for r in engine.backend.responsibilities([region]))
        r = client.get(f"/pages/regions/{region}/departments")
        assert 'class="notice" id="no-leads"' in r.text
        assert "未区分牵头单位与配合单位" in r.text
    # 郴州市's list names 牵头部门: no notice, and its leads are counted and marked
    r = client.get("/pages/regions/郴州市/departments")
    assert "未区分牵头单位与配合单位" not in r.text
    data = client.get("/pages/regions/郴州市/departments?format=json").json()
    assert data["has_leads"] and any(d["lead_tasks"] for d in data["departments"])
    assert '<td class="lead">牵头</td>' in r.text


def test_unknown_region_is_a_404_page_in_chinese_with_suggestions(client):
    r = client.get("/pages/regions/九江/departments")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "未找到该地区" in r.text and "您是不是要找" in r.text
    assert "/pages/regions/%E4%B9%9D%E6%B1%9F%E5%B8%82/departments" in r.text
    j = client.get("/pages/regions/九江/departments?format=json")
    assert j.status_code == 404 and "九江市" in j.json()["suggestions"]


def test_english(client):
    r = client.get(JJ + "?as_of=2022-01-01&lang=en")
    assert r.status_code == 200 and '<html lang="en">' in r.text
    assert "Lead tasks" in r.text and "Overdue" in r.text and "do not distinguish lead" in r.text
    assert '<input type="hidden" name="lang" value="en">' in r.text
    assert "已逾期" not in r.text.split("<main>", 1)[1].split("<table", 1)[1]
    data = client.get(JJ + "?as_of=2022-01-01&lang=en&format=json").json()
    assert {t["status"] for t in data["tasks"]} <= {"overdue", "due this period", "not yet due", "ongoing",
                                                    "no deadline"}
    assert "Unknown region" in client.get("/pages/regions/nowhere/departments?lang=en").text


def test_default_date_is_today(client):
    import datetime as dt

    r = client.get(JJ)
    assert f'value="{dt.date.today().isoformat()}"' in r.text


def test_a_long_task_table_is_shown_a_page_at_a_time_and_the_csv_holds_every_row(tmp_path):
    import shutil
    from pathlib import Path

    from fastapi.testclient import TestClient
    from policykg.api.app import create_app

    from tests.helpers import seeded_engine

    seed = next(p for p in (Path(__file__).parent.parent / "corpus").glob("*.txt") if "序号" in p.read_text()[:200])
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(seed, extra / "copy_of_the_task_list.txt")  # the same region's list twice: 268 task rows
    engine = seeded_engine(tmp_path / "data", extra)
    client = TestClient(create_app(lambda: engine), base_url="http://127.0.0.1")
    region = client.get(JJ + "?format=json").json()
    total = region["total"]
    assert total > 200
    first = client.get(JJ)
    assert f"第 1–200 行，共 {total} 行" in first.text and "offset=200" in first.text
    second = client.get(JJ + "?offset=200")
    assert f"第 201–{total} 行，共 {total} 行" in second.text and 'rel="prev"' in second.text
    assert first.text.count("<tr") > second.text.count("<tr")
    assert len(_csv(client.get(JJ + "?format=csv"))) == total


def test_windows_of_the_task_table_join_up_to_every_row_in_order(engine):
    import datetime as dt

    from policykg.api.pages_planner import planner_data

    day = dt.date(2022, 1, 1)
    whole = planner_data(engine, "九江市", day)
    assert len(whole.tasks) == whole.total > 60
    pieces = [planner_data(engine, "九江市", day, window=(a, a + 17)).tasks for a in range(0, whole.total, 17)]
    assert [t for p in pieces for t in p] == whole.tasks  # windows cut across departments
    ranks = [d.name for d in whole.departments]
    assert [ranks.index(t.department) for t in whole.tasks] == sorted(ranks.index(t.department) for t in whole.tasks)
    for d in whole.departments:  # each department's rows: those it leads first
        leads = [t.lead for t in whole.tasks if t.department == d.name]
        assert leads == sorted(leads, reverse=True) and sum(leads) == d.lead_tasks
