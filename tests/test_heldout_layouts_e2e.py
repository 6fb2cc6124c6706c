"""End to end on four documents of other domains and layouts, written for these tests (no seed shows
them): a provincial health notice with a '责任单位：' line after each item and a news item interleaved,
a district ecology task list in tab cells with category lines and a '主要目标：' paragraph, a county
rural-revitalisation table in markdown with category rows, and a city elderly-care plan hard-wrapped
from a PDF with '（X牵头，Y按职责分工负责）' notes."""

import re
from pathlib import Path

import pytest
from policykg.ingest.pipeline import ingest_file

FIXTURES = Path(__file__).parent / "fixtures" / "heldout"


@pytest.fixture(scope="module")
def docs():
    return {p.stem: ingest_file(p) for p in sorted(FIXTURES.glob("*.txt"))}


def measure(doc, key):
    return next(m for m in doc.measures if key in (m.path, m.seq))


def roles(m):
    return [(d.name, d.role) for d in m.departments]


def test_metadata_of_each_level(docs):
    got = {k: (d.meta.region, d.meta.region_level, d.meta.parent_region) for k, d in docs.items()}
    assert got == {
        "health_notice_province": ("湖南省", "province", None),
        "ecology_tasklist_district": ("拱墅区", "county", "杭州市"),
        "rural_tasktable_county": ("桂阳县", "county", "郴州市"),
        "elderly_care_pdf_city": ("洛阳市", "prefecture", None),
    }
    assert docs["health_notice_province"].meta.title == "关于加快推进紧密型县域医疗卫生共同体建设的通知"


def test_news_item_is_noise_and_responsibility_lines_stay_with_their_item(docs):
    doc = docs["health_notice_province"]
    assert [n.text[:3] for n in doc.noise] == ["本报讯"]
    assert all("本报讯" not in m.text and "本报讯" not in d.name for m in doc.measures for d in m.departments)
    m = measure(doc, "二/（四）")
    assert roles(m) == [("省医保局", "co"), ("省财政厅", "co"), ("省卫生健康委", "co")]
    assert measure(doc, "一").kind == "goal"
    fifth = measure(doc, "二/（五）")
    assert (fifth.deadline.year, fifth.deadline.month) == (2024, 6)  # '2024年6月底前，建成…'


def test_tab_list_with_category_lines_and_a_goal_paragraph(docs):
    doc = docs["ecology_tasklist_district"]
    goal = doc.measures[0]
    assert (goal.kind, goal.path) == ("goal", "主要目标")
    assert ("PM2.5平均浓度", "<=", 28, "微克/立方米", 2023) in [
        (t.indicator, t.comparator, t.value, t.unit, t.year) for t in goal.targets]
    tasks = [m for m in doc.measures if m.kind == "task"]
    assert [m.seq for m in tasks] == list(range(1, 13))
    assert [m.group for m in tasks[:5]] == ["大气污染防治"] * 4 + ["水污染防治"]
    first = tasks[0]
    assert first.title == "推进工业废气深度治理"
    assert roles(first)[0] == ("区生态环境分局", "lead")
    assert first.deadline.raw == "2023年10月前"
    assert tasks[9].deadline.kind == "ongoing"  # 每季度开展一次


def test_markdown_table_with_category_rows_and_varied_deadlines(docs):
    tasks = [m for m in docs["rural_tasktable_county"].measures if m.kind == "task"]
    assert len(tasks) == 14 and tasks[0].group == "确保粮食安全和重要农产品稳定供给"
    assert tasks[0].title == "稳定粮食生产"
    deadlines = {m.seq: (m.deadline.year, m.deadline.month, m.deadline.kind) for m in tasks}
    assert deadlines[3] == (None, None, "ongoing")  # 每季度
    assert deadlines[6] == (2024, 12, "date")  # 年内完成, in a 2024 plan
    assert deadlines[9] == (2023, 9, "date")  # 2023年9月30日前
    nine = {t.indicator: t.value for t in measure(docs["rural_tasktable_county"], 9).targets}
    assert nine == {"县级以上农民合作社示范社数": 20, "家庭农场示范场数": 30}


def test_pdf_wrapped_plan_with_lead_and_co_responsible_units(docs):
    doc = docs["elderly_care_pdf_city"]
    m = measure(doc, "二/（一）")
    assert roles(m)[0] == ("市民政局", "lead") and all(r == "co" for _, r in roles(m)[1:])
    goal = measure(doc, "一")
    assert ("养老服务床位总数", ">=", 3.2, "万张", 2025) in [
        (t.indicator, t.comparator, t.value, t.unit, t.year) for t in goal.targets]
    assert "本方案自印发之日起施行" not in doc.measures[-1].text


def test_every_span_points_at_the_source_text(docs):
    for name, doc in docs.items():
        raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
        for m in doc.measures:
            src = re.sub(r"\s+", "", raw[m.span.start : m.span.end])
            assert re.sub(r"\s+", "", m.text)[:10] in src, (name, m.path or m.seq)
            for t in m.targets:
                assert re.search(r"[\d０-９一二三四五六七八九十百千万半]", raw[t.span.start : t.span.end]), (name, t)
