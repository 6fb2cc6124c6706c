from tests.helpers import ingest_snippet

PLAN = ("一、主要目标\n到2025年，城市社区日间照料机构覆盖率达到100%。\n二、重点任务\n"
        "（一）完善社区服务。到2024年底，城市社区日间照料机构覆盖率达到100%。（市民政局牵头）\n"
        "（二）巩固成果。到2025年，城市社区日间照料机构覆盖率达到100%。\n")


def test_a_milestone_and_the_final_goal_at_the_same_level_are_two_targets():
    doc = ingest_snippet(PLAN)
    years = {m.path: [t.year for t in m.targets] for m in doc.measures}
    assert years["一"] == [2025] and years["二/（一）"] == [2024]


def test_a_target_restated_for_the_same_year_is_kept_once_on_its_first_statement():
    doc = ingest_snippet(PLAN)
    assert [t.year for m in doc.measures for t in m.targets] == [2025, 2024]


def test_rates_named_together_at_one_level_are_one_target_each():
    doc = ingest_snippet("一、重点任务\n（一）加强安全。到2024年，学校专职保安配备率、一键报警装置安装率、视频监控联网率均达到100%。\n")
    assert [(t.indicator, t.value, t.year) for m in doc.measures for t in m.targets] == [
        ("学校专职保安配备率", 100, 2024), ("一键报警装置安装率", 100, 2024), ("视频监控联网率", 100, 2024)]
