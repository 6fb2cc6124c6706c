from tests.helpers import ingest_snippet

PLAN = """某省科技创新三年行动方案
一、总体要求
（一）主要目标。到2025年，主要指标见下表。
| 指标名称 | 单位 | 2022年基期值 | 2025年目标值 | 属性 |
| --- | --- | --- | --- | --- |
| 研发经费投入强度 | % | 2.3 | 2.8 | 预期性 |
| 技术合同成交额 | 亿元 | 2600 | >4000 | 预期性 |
| 高新技术产业增加值占比（%） |  | 23 | ≥27 | 预期性 |
二、重点任务
（一）建设创新平台。建成省实验室10家。
"""


def targets_of(doc, path):
    m = next(m for m in doc.measures if m.path == path)
    return [(t.indicator, t.comparator, t.value, t.unit, t.year) for t in m.targets]


def test_an_indicator_table_gives_its_section_the_target_column_at_its_year():
    doc = ingest_snippet(PLAN)
    assert targets_of(doc, "一/（一）") == [
        ("研发经费投入强度", "=", 2.8, "%", 2025),
        ("技术合同成交额", ">", 4000, "亿元", 2025),
        ("高新技术产业增加值占比", ">=", 27, "%", 2025),
    ]
    assert [m.path for m in doc.measures][-2:] == ["二", "二/（一）"]  # the body goes on after the table


def test_the_value_span_points_at_its_cell():
    doc = ingest_snippet(PLAN)
    t = next(t for m in doc.measures for t in m.targets if t.indicator == "技术合同成交额")
    assert PLAN[t.span.start : t.span.end] == ">4000"


def test_an_indicator_table_in_an_attachment_becomes_a_goal_of_its_own():
    text = ("一、重点任务\n（一）建设平台。加快建设。\n附件\n主要指标\n| 指标 | 单位 | 2025年 |\n| --- | --- | --- |\n"
            "| 县域内就诊率 | % | 90 |\n")
    doc = ingest_snippet(text)
    goal = doc.measures[-1]
    assert (goal.kind, goal.path) == ("goal", "主要指标")
    assert [(t.indicator, t.value, t.unit, t.year) for t in goal.targets] == [("县域内就诊率", 90, "%", 2025)]
