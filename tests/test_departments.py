import pytest
from policykg.ingest.departments import (
    canonical_function,
    declares_first_as_lead,
    inline_departments,
    row_departments,
)


@pytest.mark.parametrize(
    ("name", "function"),
    [("市教体局", "教育"), ("教育局", "教育"), ("省教育厅", "教育"), ("市委教育工委", "教育"), ("市人社局", "人力资源和社会保障"),
     ("发改委", "发展和改革"), ("市政府金融办", "金融"), ("市政府办公室", "政府办公室"), ("各县（市、区）人民政府", "下级政府"),
     ("湖口县", "下级政府"), ("郴州高新区管委会", "开发区管委会"), ("团市委", "共青团"), ("市文旅广体局", "文化旅游"),
     ("九江职业技术学院", "职业院校"), ("联席会议成员单位", "联席会议/领导小组"), ("市委编办", "机构编制"),
     ("市住建局", "住房和城乡建设"), ("海关", "海关"), ("市贸促会", "贸促会")],
)
def test_department_names_map_to_a_canonical_function(name, function):
    assert canonical_function(name)[0] == function


def test_people_s_government_is_not_civil_affairs():
    assert canonical_function("都昌县人民政府")[0] == "下级政府"


def test_lead_column_with_spaces_and_responsible_column_with_mixed_separators():
    refs = row_departments("市人社局 市教育局", "市工信局、市发改委，各县市区人民政府")
    assert [(r.name, r.role) for r in refs] == [
        ("市人社局", "lead"), ("市教育局", "lead"), ("市工信局", "co"), ("市发改委", "co"), ("各县市区人民政府", "co")]


def test_a_unit_listed_as_lead_is_not_repeated_as_co():
    refs = row_departments("市教育局", "市教育局、市财政局")
    assert [(r.name, r.role) for r in refs] == [("市教育局", "lead"), ("市财政局", "co")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("加快建设。（牵头单位：市教育局；责任单位：市人社局、市财政局）", [("市教育局", "lead"), ("市人社局", "co"), ("市财政局", "co")]),
     ("扩大开放。（市商务局牵头，海关、市贸促会按职责分工配合）", [("市商务局", "lead"), ("海关", "co"), ("市贸促会", "co")]),
     ("优化审批。（市审批服务局负责）", [("市审批服务局", "lead")]),
     ("完善养老服务。（市民政局牵头，市财政局、市发展改革委按职责分工负责）",
      [("市民政局", "lead"), ("市财政局", "co"), ("市发展改革委", "co")]),
     ("完善养老服务。（市民政局、市财政局按职责分工负责）", [("市民政局", "lead"), ("市财政局", "lead")]),
     ("发展消费。（市商务局（牵头）、市财政局）", [("市商务局", "lead"), ("市财政局", "co")]),
     ("促进消费。（责任单位：市商务局；配合单位：市财政局、市市场监管局）",
      [("市商务局", "lead"), ("市财政局", "co"), ("市市场监管局", "co")]),
     ("完善制度。责任单位：区教育局，各街道办事处配合。", [("区教育局", "lead"), ("各街道办事处", "co")]),
     ("开展整治。（镇农业综合服务中心牵头，镇财政所、相关村配合）",
      [("镇农业综合服务中心", "lead"), ("镇财政所", "co"), ("相关村", "co")]),
     ("推进建设。（教育部牵头，国家发展改革委、财政部等按职责分工负责）",
      [("教育部", "lead"), ("国家发展改革委", "co"), ("财政部", "co")]),
     ("加强指导。（教育部会同有关部门负责）", [("教育部", "lead"), ("有关部门", "co")]),
     ("开展排查。（县应急管理局负责，各乡镇人民政府、县直有关单位配合）",
      [("县应急管理局", "lead"), ("各乡镇人民政府", "co"), ("县直有关单位", "co")]),
     ("支持学校（含技工院校）发展。", [])],
)
def test_inline_responsibility_markers(text, expected):
    assert [(r.name, r.role) for r in inline_departments(text)] == expected


def test_lists_declaring_the_first_unit_as_lead():
    assert declares_first_as_lead("注：责任单位中排在第一位的为牵头单位。")
    refs = row_departments(None, "市教育局、市财政局", first_is_lead=True)
    assert [r.role for r in refs] == ["lead", "co"]


def test_single_column_may_mark_its_lead():
    refs = row_departments(None, "市教育局（牵头）、市财政局")
    assert [(r.name, r.role) for r in refs] == [("市教育局", "lead"), ("市财政局", "co")]
    refs = row_departments(None, "市发改委牵头，市教育局、市人社局配合")
    assert [(r.name, r.role) for r in refs] == [("市发改委", "lead"), ("市教育局", "co"), ("市人社局", "co")]


def test_trailing_responsibility_line_after_a_measure():
    refs = inline_departments("完善职业教育督导评估办法。\n牵头单位：市教育局；责任单位：市财政局、市人社局")
    assert [(r.name, r.role) for r in refs] == [("市教育局", "lead"), ("市财政局", "co"), ("市人社局", "co")]


@pytest.mark.parametrize(
    ("name", "function"),
    [("省数据局", "数据管理"), ("县畜牧水产事务中心", "农业农村"), ("区交警大队", "公安"), ("市通信发展管理办公室", "通信和能源")],
)
def test_units_of_other_domains_get_their_function(name, function):
    assert canonical_function(name)[0] == function


def test_a_bureau_of_each_lower_government_keeps_its_function():
    assert canonical_function("各市（州）文化广电旅游局") == ("文化旅游", "government_department")
    assert canonical_function("各县（市、区）人民政府") == ("下级政府", "lower_government")
    assert canonical_function("县委办")[0] == "党委办公室"
    refs = inline_departments("加强保护。（厅资源开发处牵头，厅公共服务处、省博物院配合）")
    assert [(r.name, r.role) for r in refs] == [("厅资源开发处", "lead"), ("厅公共服务处", "co"), ("省博物院", "co")]
