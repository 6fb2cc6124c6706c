"""End to end on a layout no seed shows: a plan with no task list, responsibility and deadlines written
inline after each measure (a business-environment plan of another province, written for this test)."""

from pathlib import Path

import pytest
from policykg.ingest.pipeline import ingest_file

FIXTURE = Path(__file__).parent / "fixtures" / "inline_responsibility_plan.txt"


@pytest.fixture(scope="module")
def doc():
    return ingest_file(FIXTURE)


def by_path(doc, path):
    return next(m for m in doc.measures if m.path == path)


def test_metadata_of_a_general_office_notice(doc):
    m = doc.meta
    assert (m.region, m.region_level, m.province) == ("绍兴市", "prefecture", "浙江省")
    assert (m.doc_number, m.issued_date, m.cites) == ("绍政办发〔2022〕18号", "2022-03-15", ["浙政发〔2021〕8号"])


def test_inline_lead_and_cooperating_units_with_a_deadline_in_the_same_bracket(doc):
    m = by_path(doc, "二/（一）/1")
    assert [(d.name, d.role) for d in m.departments] == [("市市场监管局", "lead"), ("市公安局", "co"), ("市税务局", "co")]
    assert (m.deadline.year, m.deadline.month, m.deadline.kind) == (2022, 6, "date")


def test_sole_responsible_unit_and_keyed_line(doc):
    assert [(d.name, d.role) for d in by_path(doc, "二/（一）/2").departments] == [("市住建局", "lead")]
    m3 = by_path(doc, "二/（二）/3")
    assert m3.departments[0].name == "市大数据局" and m3.departments[0].role == "lead"
    assert all(d.role == "co" for d in m3.departments[1:])


def test_ongoing_deadline_and_customs_as_cooperating_unit(doc):
    m = by_path(doc, "二/（二）/4")
    assert m.deadline.kind == "ongoing"
    assert ("海关", "co") in [(d.name, d.role) for d in m.departments]


def test_durations_compressed_to_a_ceiling_are_at_most_targets(doc):
    t = by_path(doc, "二/（二）/4").targets[0]
    assert (t.comparator, t.value, t.unit) == ("<=", 35, "小时")
    t1 = by_path(doc, "二/（一）/1").targets[0]
    assert (t1.comparator, t1.value, t1.unit, t1.year) == ("<=", 1, "工作日", 2022)


def test_goal_section_targets_take_the_goal_year(doc):
    goal = by_path(doc, "一")
    assert goal.kind == "goal" and {t.year for t in goal.targets} == {2024}


COUNTY = Path(__file__).parent / "fixtures" / "agriculture_county_plan.txt"


def test_county_plan_of_another_domain_with_leads_marked_in_one_column():
    doc = ingest_file(COUNTY)
    assert (doc.meta.region, doc.meta.region_level, doc.meta.parent_region) == ("长沙县", "county", "长沙市")
    assert doc.meta.title == "长沙县加快发展现代农业三年行动计划（2023—2025年）"
    rows = {m.seq: m for m in doc.task_rows}
    assert [(d.name, d.role) for d in rows[1].departments] == [("县商务局", "lead"), ("县农业农村局", "co")]
    assert (rows[2].deadline.year, rows[2].deadline.month) == (2025, 12) and rows[3].deadline.kind == "ongoing"
    jointly = next(m for m in doc.measures if m.path == "二/（一）/2")
    assert [(d.name, d.role) for d in jointly.departments] == [("县农业农村局", "lead"), ("县财政局", "lead")]


def test_units_of_other_domains_and_no_borrowed_education_indicator():
    doc = ingest_file(COUNTY)
    targets = [t for m in doc.measures for t in m.targets]
    assert ("万亩", 45) in {(t.unit, t.value) for t in targets}
    fund = next(t for t in targets if t.unit == "亿元" and t.value == 1)
    assert "职业教育" not in fund.indicator and fund.recurring == "yearly"
