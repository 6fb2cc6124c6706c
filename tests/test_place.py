"""Where a document belongs: its self-references and the gazetteer's hierarchy, not the place it
mentions most. Snippets are written for the tests."""

from policykg.ingest.gazetteer import gazetteer, short_name
from policykg.ingest.place import region_from_content


def placed(text):
    p = region_from_content(text)
    return (p.name, p.level, p.province, p.parent) if p else None


def test_the_reporting_government_places_a_work_report_not_the_partner_city_named_most():
    text = ("各位代表：现在，我代表市人民政府向大会报告工作。" + "主动对接上海，深度融入长三角，学习上海经验。" * 5
            + "常州经济稳中有进，武进区、新北区、金坛区和溧阳市协同发展，常州高新区提质增效。" * 2)
    assert placed(text) == ("常州市", "prefecture", "江苏省", None)


def test_a_district_reports_as_区_and_is_placed_under_its_city():
    text = ("我代表区人民政府向大会报告工作。黄山区坚持生态优先，" + "黄山风景区游客增长，黄山市支持黄山区发展。" * 3)
    assert placed(text) == ("黄山区", "county", "安徽省", "黄山市")


def test_an_autonomous_prefecture_named_short_is_found():
    text = "我代表州人民政府报告工作。黔东南州经济增长，全州人民团结奋斗。黔东南州旅游繁荣，凯里市、黎平县发展迅速。"
    assert placed(text)[:2] == ("黔东南苗族侗族自治州", "prefecture")
    assert short_name("黔东南苗族侗族自治州") == "黔东南" and short_name("广西壮族自治区") == "广西"


def test_a_municipality_is_a_province_level_region():
    text = "我代表市人民政府报告工作。天津主动服务北京，京津冀协同发展，" + "天津滨海新区、和平区、河西区加快发展，北京非首都功能疏解。" * 2
    assert placed(text)[:3] == ("天津市", "province", "天津市")


def test_a_county_level_city_written_short_is_placed_at_county_level():
    text = "我代表市人民政府报告工作。" + "天门经济增长，天门人民奋斗，武汉城市圈协同。" * 4
    assert placed(text)[:2] == ("天门市", "county")
    assert gazetteer()["中山市"][0].level == "prefecture"


def test_the_most_specific_self_reference_wins_over_the_province_a_city_ranks_in():
    text = "阿坝州坚持生态立州，全州经济增长，居全省第一，全省前列，全省领先，全州人民共同奋斗，阿坝州旅游兴旺。"
    assert placed(text)[:2] == ("阿坝藏族羌族自治州", "prefecture")


def test_a_notice_to_the_provinces_departments_is_the_provinces():
    text = "各市、县（区）人民政府，省政府各部门：为贯彻落实江西省委部署，现提出以下意见。南昌、赣州加快发展。"
    assert placed(text)[:2] == ("江西省", "province")


def test_a_national_report_has_no_region_and_a_text_naming_no_place_none():
    assert placed("我代表国务院，向大会报告政府工作。北京、上海、广东经济增长。") is None
    assert placed("各单位要加强管理，做好防控工作。") is None
