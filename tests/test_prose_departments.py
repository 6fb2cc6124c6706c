"""Responsibility in every wording: notes with any 单位/部门/责任人 label, and prose actors."""

import pytest
from policykg.ingest.departments import inline_departments
from policykg.ingest.prose_departments import prose_departments


def roles(refs):
    return [(r.name, r.role) for r in refs]


@pytest.mark.parametrize(("note", "expected"), [
    ("（6月底完成，牵头考核单位：市发改委）", [("市发改委", "lead")]),
    ("（协办单位：市公安局）", [("市公安局", "co")]),
    ("（牵头单位：市住建局，2024年底前完成）", [("市住建局", "lead")]),
    ("（责任单位：市科技局；配合单位：市财政局）", [("市科技局", "lead"), ("市财政局", "co")]),
    ("（责任单位：市科技局、市财政局）", [("市科技局", "co"), ("市财政局", "co")]),
])
def test_notes_with_any_unit_label_give_roles_and_leave_the_deadline_out(note, expected):
    assert roles(inline_departments("推进项目建设。" + note)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("由市教育局牵头，会同市财政局、市人社局制定办法。", [("市教育局", "lead"), ("市财政局", "co"), ("市人社局", "co")]),
    ("市教育局会同市财政局负责资金监管。", [("市教育局", "lead"), ("市财政局", "co")]),
    ("市交通局负责农村公路建设。", [("市交通局", "lead")]),
    ("各地要结合实际，制定权责清单。", [("各地", "co")]),
    ("各地和各有关部门要按照原则下放权限，由有关部门提供上门服务。", [("各地", "co"), ("各有关部门", "co")]),
    ("各设区市要做好牵头统筹，各地要结合实际。", [("各设区市", "lead"), ("各地", "co")]),
    ("省商务厅、省发展改革委要会同有关部门加强督促检查。", [("省商务厅", "lead"), ("省发展改革委", "lead")]),
    ("积极培育园区，省财政对符合条件的园区一次性给予资金扶持。", [("省财政", "co")]),
    ("所需资金由各地因地制宜确定。", []),
    ("由各地因地制宜确定。", [("各地", "co")]),
    ("委托各设区市和省直管试点县（市）市场监管部门办理。",
     [("各设区市市场监管部门", "co"), ("省直管试点县（市）市场监管部门", "co")]),
    ("中、高风险地区要采取有效防控措施。", [("中风险地区", "co"), ("高风险地区", "co")]),
])
def test_prose_names_the_actor_at_the_head_of_a_clause(text, expected):
    assert roles(prose_departments(text)) == expected


def test_a_unit_that_leads_one_clause_and_assists_in_another_leads_the_measure():
    text = "市科技局要加强指导。由市科技局牵头，会同市财政局制定细则。"
    assert roles(prose_departments(text)) == [("市科技局", "lead"), ("市财政局", "co")]


@pytest.mark.parametrize("text", [
    "国家级开发区要成立专业开发运营公司。",  # the zones a policy reforms are its subject
    "支持省计量院对体温计实行免费检测。",  # 支持 X makes X an object
    "指导各地做好防控。",
    "我们要坚持稳中求进。",
    "金融机构要简化流程。",
    "全市上下要凝心聚力。",
])
def test_objects_people_firms_and_zones_are_not_actors(text):
    assert prose_departments(text) == []


def test_a_note_beats_prose_in_a_measure():
    from .helpers import ingest_snippet

    doc = ingest_snippet("一、重点任务\n（一）推进改革。各地要加强统筹。（牵头单位：市发改委）\n")
    assert roles(doc.measures[-1].departments) == [("市发改委", "lead")]


@pytest.mark.parametrize("text", [
    "聚焦民之所需，办好实事。",
    "今年市政府要办好十件民生实事。",
    "提高财政资金使用效益。",
    "着力增强政府公信力。",
    "力促抽水蓄能电站开工。",
    "市委五届三次全会要求加快发展。",
])
def test_a_clause_head_that_is_no_unit_name_gives_no_actor(text):
    assert prose_departments(text) == []


def test_a_district_named_in_full_acts_for_its_government():
    assert roles(prose_departments("和平区要加快老城更新，河西区要建设金融街。")) == [("和平区", "co"), ("河西区", "co")]
