"""The researcher's pages (/pages/indicators, /pages/indicators/{name}, /pages/compare, /pages/baseline,
/pages/search): HTML with CSV and JSON links, CSV with every row, clear messages for bad input, English on
?lang=en, document text escaped."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import Markup
from policykg.api.app import create_app
from policykg.api.pages_research import highlight
from policykg.visualize.charts import Bar, bar_chart

from tests.helpers import seeded_engine

XSS = Path(__file__).parent / "fixtures" / "xss"
INDICATOR = "双师型教师比例"
PAGES = ["/pages/indicators", f"/pages/indicators/{quote(INDICATOR)}", "/pages/compare?regions=樟树市,郴州市",
         "/pages/baseline", "/pages/search?q=产教融合"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    engine = seeded_engine(tmp_path_factory.mktemp("research"), XSS)
    return TestClient(create_app(lambda: engine), base_url="http://127.0.0.1")


def csv_rows(client, url: str) -> list[dict[str, str]]:
    r = client.get(url + ("&" if "?" in url else "?") + "format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def json_of(client, url: str) -> dict:
    r = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert r.status_code == 200
    return r.json()


@pytest.mark.parametrize("url", PAGES)
def test_each_page_is_html_with_csv_and_json_links(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'class="format">CSV' in r.text and 'class="format">JSON' in r.text
    assert "format=csv" in r.text and "format=json" in r.text
    assert "<script>alert" not in r.text  # hostile text from the XSS fixture only ever appears escaped
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", r.text)  # nothing external


def test_indicators_list_links_every_indicator(client):
    page = client.get("/pages/indicators").text
    data = json_of(client, "/pages/indicators")
    assert data["total"] == len(data["items"]) == len(csv_rows(client, "/pages/indicators"))
    assert f'href="/pages/indicators/{quote(INDICATOR)}"' in page
    assert 'id="indicators"' in page and 'data-table="indicators"' in page


def test_indicator_page_table_chart_and_csv_has_every_row(client):
    url = f"/pages/indicators/{quote(INDICATOR)}"
    page = client.get(url).text
    data = json_of(client, url)
    rows = csv_rows(client, url)
    assert data["total"] == len(data["items"]) == len(rows) >= 4
    assert {r["地区"] for r in rows} >= {"樟树市", "郴州市", "江西省", "江阴市"}
    assert {r["比较"] for r in rows} <= {"≥", "≤", "＞", "＜", "＝", "至", "约"}  # as the page prints them
    table = re.search(r'<table class="data" id="targets">.*?</table>', page, re.S).group(0)
    assert table.count("<tr>") - 1 == data["total"]
    assert "≥" in table and "县级" in table and "地级" in table
    assert 'title="' in table  # evidence on hover
    chart = re.search(r'<svg class="chart".*?</svg>', page, re.S).group(0)
    assert chart.count('class="bar"') == data["total"]
    assert "≥75%（2025）" in chart and "<title>" in chart


def test_indicator_keyword_and_unknown_name(client):
    keyword = json_of(client, "/pages/indicators/双师型")
    assert INDICATOR in keyword["indicators"] and keyword["total"] == len(keyword["items"])
    r = client.get("/pages/indicators/没有这个指标")
    assert r.status_code == 404 and "没有找到指标" in r.text and r.headers["content-type"].startswith("text/html")


def test_compare_shows_both_regions_side_by_side(client):
    url = "/pages/compare?regions=樟树市,郴州市"
    page = client.get(url).text
    table = re.search(r'<table class="data" id="compare">.*?</table>', page, re.S).group(0)
    assert "<th>樟树市</th>" in table and "<th>郴州市</th>" in table
    row = re.search(rf"<tr><td><a [^>]*>{INDICATOR}</a></td>.*?</tr>", table, re.S).group(0)
    assert "≥50%（2022）" in row and "≥75%（2025）" in row
    assert row.index("≥50%") < row.index("≥75%")  # 樟树市's column first, as asked
    assert "相同措施" in page and "独有措施" in page and '<svg class="chart"' in page
    data = json_of(client, url)
    assert data["regions"] == ["樟树市", "郴州市"]
    cells = sum(len(c) for i in data["indicators"] for c in i["by_region"].values())
    assert len(csv_rows(client, url)) == cells


def test_compare_through_checkboxes(client):
    r = client.get("/pages/compare", params=[("regions", "樟树市"), ("regions", "郴州市")])
    assert r.status_code == 200 and "<th>郴州市</th>" in r.text
    form = client.get("/pages/compare").text
    assert 'type="checkbox" name="regions" value="樟树市"' in form


@pytest.mark.parametrize(("query", "status", "words"), [
    ("regions=樟树市", 400, "请选择 2–10 个地区"),
    ("regions=" + ",".join(f"地区{k}" for k in range(11)), 400, "请选择 2–10 个地区"),
    ("regions=樟树,郴州市", 404, "没有找到地区：樟树"),
])
def test_bad_compare_input_gives_a_chinese_message(client, query, status, words):
    r = client.get("/pages/compare?" + query)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert words in r.text and '"detail"' not in r.text
    if status == 404:
        assert "您是不是要找" in r.text and "樟树市" in r.text
    assert client.get("/pages/compare?" + query + "&format=json").status_code == status


def test_baseline_table(client):
    page = client.get("/pages/baseline").text
    data = json_of(client, "/pages/baseline")
    assert data["total"] == len(csv_rows(client, "/pages/baseline")) > 0
    table = re.search(r'<table class="data" id="baseline">.*?</table>', page, re.S).group(0)
    assert table.count("<tr>") - 1 == data["total"]
    assert "省级未设" in table or "高于省级" in table


def test_search_highlights_filters_and_csv_has_every_hit(client):
    url = "/pages/search?q=产教融合"
    page = client.get(url).text
    data = json_of(client, url)
    assert data["total"] > len(data["items"])  # more than one page, yet the CSV has them all
    assert len(csv_rows(client, url)) == data["total"]
    assert "<mark>产教融合</mark>" in page
    measure = re.search(r'href="(/views/node/[^"]+)"', page).group(1)
    assert client.get(measure).status_code == 200  # the hit links to the measure's node view
    assert "score" not in page.lower()
    assert '<select name="region">' in page
    only = json_of(client, url + "&region=樟树市")
    assert only["total"] < data["total"] and {h["region"] for h in only["items"]} == {"樟树市"}
    assert len(csv_rows(client, url + "&region=樟树市")) == only["total"]
    r = client.get(url + "&region=樟树")
    assert r.status_code == 404 and "没有找到地区" in r.text


def test_search_hostile_text_is_escaped_then_marked(client):
    page = client.get("/pages/search?q=督导").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_english_labels(client):
    assert "<th>Indicator</th>" in client.get("/pages/indicators?lang=en").text
    page = client.get(f"/pages/indicators/{quote(INDICATOR)}?lang=en").text
    assert "<th>Region</th>" in page and "county" in page and "<th>地区</th>" not in page
    assert "Shared measures" in client.get("/pages/compare?regions=樟树市,郴州市&lang=en").text
    assert "Province target" in client.get("/pages/baseline?lang=en").text
    assert "All regions" in client.get("/pages/search?q=产教融合&lang=en").text
    r = client.get("/pages/compare?regions=樟树市&lang=en")
    assert r.status_code == 400 and "Choose 2 to 10 regions" in r.text


def test_highlight_escapes_first():
    out = highlight("<b>产教融合</b> & 产教", "产教")
    assert isinstance(out, Markup)
    assert str(out) == "&lt;b&gt;<mark>产教</mark>融合&lt;/b&gt; &amp; <mark>产教</mark>"
    assert str(highlight("<i>x</i>", "<i>")) == "<mark>&lt;i&gt;</mark>x&lt;/i&gt;"


def test_bar_chart_escapes_and_skips_non_numbers():
    svg = bar_chart([Bar("<script>", 5, "a<b", "5%"), ("b", "1:1", "ratio"), ("c", 10, "n")], "%")
    assert svg.count('class="bar"') == 2
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&lt;b" in svg
    assert bar_chart([]) == ""
