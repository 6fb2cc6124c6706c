from policykg.ingest.clean import build_paragraphs
from policykg.ingest.numbering import parse_marker
from policykg.ingest.segment import segment, split_title
from policykg.ingest.text import MappedText, fold, split_lines


def sections_of(text: str):
    return segment(build_paragraphs(split_lines(text)))[0]


def test_numbering_schemes_of_the_genre_are_recognised():
    cases = {"一、总体要求": ("chapter", 1), "（十一）落实政策": ("paren_cn", 11), "(十)创建园区": ("paren_cn", 10),
             "1.巩固地位": ("arabic", 1), "12．加强建设": ("arabic", 12), "3、推进": ("arabic", 3),
             "（2）完善": ("paren_num", 2), "②建立": ("circled", 2), "第三条 职责": ("article:条", 3)}
    for text, (scheme, number) in cases.items():
        m = parse_marker(fold(text))
        assert m is not None and (m.scheme, m.number) == (scheme, number), text


def test_numbers_that_are_quantities_or_dates_are_not_markers():
    for text in ("1.5倍以上", "2022年全市完成", "50%以上的学校"):
        m = parse_marker(fold(text))
        assert m is None or text.startswith("2022"), text
    assert sections_of("2022年全市完成达标。\n") == []


def test_paths_follow_the_hierarchy_and_arabic_items_may_sit_directly_under_a_chapter():
    text = "二、主要任务\n（一）完善体系\n1.巩固基础。内容一。\n2.推进发展。内容二。\n三、组织实施\n3.加强领导。内容三。\n"
    paths = [s.path for s in sections_of(text)]
    assert paths == ["二", "二/（一）", "二/（一）/1", "二/（一）/2", "三", "三/3"]


def test_title_is_the_heading_sentence_and_text_the_rest():
    title, rest = split_title(MappedText.of("巩固中等职业教育基础地位。大力推动中等职业学校提质扩容。", 0, 28))
    assert title == "巩固中等职业教育基础地位" and rest.text.startswith("大力推动")


def test_heading_without_sentence_keeps_its_paragraphs_as_text():
    (s,) = sections_of("（一）健全体系\n加强统筹，完善布局。\n")
    assert s.title == "健全体系" and s.full_text().text == "加强统筹，完善布局。"


def test_framing_sections_are_goals_not_measures():
    secs = sections_of("一、总体要求\n（一）指导思想\n坚持改革。\n二、主要任务\n（一）完善体系。加强建设。\n")
    assert [(s.path, s.framing) for s in secs] == [("一", True), ("一/（一）", True), ("二", False), ("二/（一）", False)]


def test_a_goal_heading_with_a_verb_is_still_framing():
    from tests.helpers import ingest_snippet

    doc = ingest_snippet("一、明确工作目标\n到2025年，县域内就诊率达到90%以上。\n二、重点任务\n（一）推进改革。加快建设。\n")
    assert [(m.path, m.kind) for m in doc.measures] == [("一", "goal"), ("二", "body"), ("二/（一）", "body")]


def test_a_labelled_goal_paragraph_above_a_task_list_is_a_goal_with_its_targets():
    from tests.helpers import ingest_snippet

    text = ("某区人民政府办公室\n2023年3月15日\n（此件公开发布）\n某区2023年污染防治攻坚任务清单\n"
            "主要目标：到2023年底，全区PM2.5平均浓度控制在28微克/立方米以下，空气质量优良天数比例达到90%以上。\n"
            "序号\t任务名称\t工作措施\t责任单位\t完成时间\n1\t推进治理\t完成15家企业治理。\t区生态环境分局\t2023年10月前\n")
    doc = ingest_snippet(text)
    goal = doc.measures[0]
    assert (goal.kind, goal.path) == ("goal", "主要目标")
    assert goal.text.startswith("主要目标：到2023年底")
    assert [(t.value, t.unit, t.comparator, t.year) for t in goal.targets] == [
        (28, "微克/立方米", "<=", 2023), (90, "%", ">=", 2023)]
    assert [m.kind for m in doc.measures[1:]] == ["task"]


def test_the_closing_clause_is_not_part_of_the_last_measure():
    from tests.helpers import ingest_snippet

    doc = ingest_snippet("一、重点任务\n（一）加强督导。每年开展一次评估。\n本方案自印发之日起施行，有效期至2025年12月31日。\n")
    assert doc.measures[-1].text == "每年开展一次评估。"


def test_the_distribution_block_is_not_part_of_the_last_measure():
    from tests.helpers import ingest_snippet

    doc = ingest_snippet("一、重点任务\n（一）加强督导。每年开展一次评估。\n联系人：李明，联系电话：0731-1234567\n"
                         "抄送：县委各部门。\n县人民政府办公室 2023年4月20日印发\n")
    assert doc.measures[-1].text == "每年开展一次评估。"


def test_the_body_goes_on_after_a_table_set_in_its_middle():
    from tests.helpers import ingest_snippet

    text = ("一、总体要求\n（一）主要目标。到2025年，主要指标如下。\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n"
            "| --- | --- | --- | --- |\n| 1 | 建设平台。 | 省科技厅 | 2024年 |\n二、重点任务\n（一）加快建设。推进平台建设。\n")
    doc = ingest_snippet(text)
    assert [m.path for m in doc.measures if m.kind != "task"] == ["一", "一/（一）", "二", "二/（一）"]
    assert [m.seq for m in doc.measures if m.kind == "task"] == [1]


def test_an_annual_plan_dates_the_targets_that_state_no_year():
    from tests.helpers import ingest_snippet

    doc = ingest_snippet("某县2024年乡村振兴重点工作方案\n一、重点任务\n（一）稳定生产。粮食播种面积稳定在80万亩以上。\n")
    assert [t.year for m in doc.measures for t in m.targets] == [2024]
    doc = ingest_snippet("某县乡村振兴三年行动方案（2024—2026年）\n一、重点任务\n（一）稳定生产。粮食播种面积稳定在80万亩以上。\n")
    assert [t.year for m in doc.measures for t in m.targets] == [None]


def test_a_heading_ends_at_its_full_stop_when_an_item_number_runs_on_after_it():
    text = "加强师资建设。1.实施教师素质提高计划，培训教师3.5万人次。"
    title, rest = split_title(MappedText.of(text, 0, len(text)))
    assert title == "加强师资建设"
    assert rest is not None and rest.text.startswith("1.实施")
