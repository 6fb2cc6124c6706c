"""Structure of real texts: run-on files, texts without numbering, goal paragraphs, noted paragraphs,
attachments. Snippets are written for the tests in the genre's wording."""

from policykg.ingest.clean import split_run_on
from policykg.ingest.numbering import parse_marker
from policykg.ingest.text import fold, split_lines

from .helpers import ingest_snippet


def _by_path(doc):
    return {m.path: m for m in doc.measures if m.kind in ("body", "goal")}


def test_every_dot_like_separator_folds_to_one_numbering():
    for text in ("1﹒加强领导", "1．加强领导", "1.加强领导", "1、加强领导", "1․加强领导"):
        m = parse_marker(fold(text))
        assert m is not None and (m.scheme, m.number, m.label) == ("arabic", 1, "1"), text
    assert parse_marker(fold("2）完善机制")).number == 2


def test_a_text_on_one_line_is_split_at_its_headings_and_sentences():
    line = ("各位代表： 现在，我代表市人民政府向大会报告工作，请予审议。 一、2023年工作回顾 2023 年是发展史上"
            "具有里程碑意义的一年，全市地区生产总值增长6.4%。 二、2024年工作安排 （一）聚力加快产业升级。"
            "实施工业倍增计划，新培育专精特新企业50家。 （二）聚力深化创新驱动。研发投入强度达到2.6%。") * 6
    lines = split_run_on(split_lines(line))
    assert len(lines) > 20 and all(line[piece.start : piece.end] == piece.text for piece in lines)
    doc = ingest_snippet(line)
    titles = [(m.path, m.title) for m in doc.measures if m.kind == "body"]
    assert ("一", "2023年工作回顾") in titles and ("二/（一）", "聚力加快产业升级") in titles


def test_a_page_footer_inside_a_sentence_is_dropped_with_offsets_kept():
    text = ("一、主要任务 全市一 — 1 — 般公共预算收入增长7.2%，固定资产投资增长7.2%，持续推进项目建设。" * 12)
    doc = ingest_snippet(text)
    m = doc.measures[0]
    assert "— 1 —" not in m.text and "一般公共预算" in m.text.replace(" ", "")
    assert text[m.span.start : m.span.end].startswith("一、主要任务")


def test_a_text_without_headings_gives_one_measure_per_paragraph():
    text = ("各市、县（区）人民政府，省政府各部门：\n"
            "为进一步优化营商环境，现提出以下意见。\n"
            "各地要结合实际，制定出台专门的权责清单，厘清事权关系。\n"
            "省财政对符合条件的园区一次性给予1亿元的资金扶持，支持园区结对共建。\n"
            "各地、各部门要充分认识重大意义，构建长效工作机制。\n"
            "2020年3月6日\n（此件主动公开）\n")
    doc = ingest_snippet(text)
    starts = [m.text[:6] for m in doc.measures]
    assert starts == ["各地要结合实", "省财政对符合", "各地、各部门"]
    assert [m.path for m in doc.measures] == ["第1段", "第2段", "第3段"]


def test_a_goals_paragraph_before_the_first_heading_is_kept():
    text = ("到2025年，全市高新技术企业达到500家，研发经费投入强度达到3%。\n"
            "一、重点任务\n（一）培育创新主体。实施高企倍增计划。\n")
    goal = _by_path(ingest_snippet(text))["目标"]
    assert goal.kind == "goal" and {t.value for t in goal.targets} == {500, 3}


def test_each_unnumbered_paragraph_closing_with_a_note_is_its_own_measure():
    text = ("一、支持企业研发\n"
            "对新认定的高新技术企业给予20万元奖励。（责任单位：市科技局、市财政局）\n"
            "对研发投入增长的企业按增量给予补助。（牵头单位：市科技局；配合单位：市税务局）\n")
    paths = _by_path(ingest_snippet(text))
    first, second = paths["一/第1段"], paths["一/第2段"]
    assert [d.name for d in first.departments] == ["市科技局", "市财政局"]
    assert [(d.name, d.role) for d in second.departments] == [("市科技局", "lead"), ("市税务局", "co")]
    assert paths["一"].departments == []


ATTACHED = ("关于印发2024年重点工作任务的通知\n"
            "现将《2024年重点工作任务》印发给你们，请认真贯彻落实。\n"
            "某某市人民政府办公室\n2024年2月1日\n"
            "附件1\n2024年重点工作任务\n"
            "一、党建工作（25分）\n"
            "1．深入开展主题教育，健全长效机制。（6月底完成，牵头考核单位：市委组织部）\n"
            "2．推进基层党组织标准化建设。（12月底前完成，牵头考核单位：市委组织部，配合单位：各县区）\n"
            "二、经济发展（40分）\n"
            "3．全年新签约亿元以上项目50个。（持续推进，牵头考核单位：市投资促进局）\n"
            "附件2\n各县区联络员名单\n"
            "1．张三，县政府办，电话12345678。\n")


def test_an_attachment_of_numbered_paragraphs_is_a_task_list_under_its_groups():
    tasks = ingest_snippet(ATTACHED).task_rows
    assert [(t.seq, t.group) for t in tasks] == [(1, "党建工作"), (2, "党建工作"), (3, "经济发展")]
    assert [(d.name, d.role) for d in tasks[1].departments] == [("市委组织部", "lead"), ("各县区", "co")]
    assert (tasks[0].deadline.year, tasks[0].deadline.month) == (2024, 6)
    assert tasks[2].deadline.kind == "ongoing"


def test_score_weights_of_groups_are_not_targets_and_a_roster_is_noise():
    doc = ingest_snippet(ATTACHED)
    assert all(t.unit != "分" for t in doc.targets())
    assert not any("张三" in m.text for m in doc.measures)
    assert any("张三" in n.text and n.reason == "roster attachment" for n in doc.noise)
