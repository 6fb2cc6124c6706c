"""Targets are goals: what a goal sentence only uses (qualifiers, grants, fees, names) is no target;
lists give each value to its own quantity; indicator names read as quantities."""

import pytest
from policykg.ingest.indicators import quantity_name
from policykg.ingest.targets import extract_targets
from policykg.ingest.text import MappedText

from .helpers import ingest_snippet


def targets(sentence: str, year: int = 2024):
    return [c.target for c in extract_targets(MappedText.of(sentence, 0, len(sentence)), year)]


def values(sentence: str) -> list[tuple[float | int | str, str]]:
    return [(t.value, t.unit) for t in targets(sentence)]


@pytest.mark.parametrize("sentence, kept", [
    ("力争全年签约落地10亿元及以上项目80个。", [(80, "个")]),
    ("力争集体经济年收入20万元以上的村达900个。", [(900, "个")]),
    ("新增经营性收入500万元以上村31个。", [(31, "个")]),
    ("招引总投资超100亿元或10亿美元项目4个以上。", [(4, "个")]),
    ("完成超230个50户以上木质房屋连片村寨常高压给水管网建设。", [(230, "个")]),
    ("建成社区健身路径或3人制篮球场20个。", [(20, "个")]),
    ("建设50万亩以上高标准农田。", [(50, "万亩")]),  # the farmland itself is the goal
    ("设立50亿元科创母基金。", [(50, "亿元")]),
])
def test_an_amount_that_qualifies_what_is_counted_is_no_target(sentence, kept):
    assert values(sentence) == kept


@pytest.mark.parametrize("sentence", [
    "推动南港120万吨乙烯投产。",
    "加快推进年产30万吨钡盐系列产品精细化工项目。",
    "从事个人创业的，贷款额度最高不超过15万元。",
    "经认定为国家级、省级孵化示范基地的分别给予200万元、100万元一次性补助。",
    "符合税收政策相关规定的，可减按50%计入科技人员工资。",
    "药品再注册费由2.44万元下降至1.708万元。",
    "深入实施“合成生物10条”。",
    "打造中心城区“1公里充电服务圈”。",
    "狠抓工作要点40条措施落实。",
    "高质量实施50项民生实事。",
    "有效期顺延至疫情解除后3个月。",
    "做优7×24小时不打烊服务。",
    "积极支持其办理每次停留180天的人才签证。",
])
def test_numbers_a_sentence_only_uses_are_no_targets(sentence):
    assert values(sentence) == []


def test_a_standard_and_a_quoted_slogan_of_clauses_still_set_targets():
    assert values("学徒每人每年的补贴标准原则上5000元以上。") == [(5000, "元")]
    assert values("实行“一年一考核，三年一授牌”。") == [(1, "年"), (3, "年")]
    assert values("比例由50%提高到60%。") == [(60, "%")]


def test_respectively_gives_each_value_to_its_own_quantity():
    got = [(t.indicator, t.value) for t in targets("城镇和农村常住居民人均可支配收入分别增长7％左右和9％左右。")]
    assert got == [("城镇人均可支配收入增速", 7), ("农村常住居民人均可支配收入增速", 9)]
    got = [(t.indicator, t.value, t.unit) for t in targets("PM2.5、二氧化硫平均浓度分别控制在每立方米45微克、60微克以内。")]
    assert got == [("PM2.5平均浓度", 45, "微克/立方米"), ("二氧化硫平均浓度", 60, "微克/立方米")]
    got = [t.indicator for t in targets("其中一、二、三产增加值分别增长4％、8％、6％左右。")]
    assert got == ["一产增加值增速", "二产增加值增速", "三产增加值增速"]


def test_a_named_list_without_respectively_pairs_names_and_values_in_order():
    got = [(t.indicator, t.value) for t in targets("确保粮食播种面积和产量稳定在426万亩、183万吨以上。")]
    assert got == [("粮食播种面积", 426), ("粮食产量", 183)]


def test_each_and_all_give_the_value_to_every_quantity_named():
    assert [(t.indicator, t.value) for t in targets("绿色工厂和智能工厂各1家。")] == [("绿色工厂数", 1), ("智能工厂数", 1)]
    got = [t.indicator for t in targets("开发区工业投资和规上工业总产值均增长12%以上。")]
    assert got == ["开发区工业投资增速", "规上工业总产值增速"]
    assert len(targets("PM2.5平均浓度下降5%。")) == 1  # 平均 is no 均


def test_the_same_value_twice_in_a_sentence_is_two_targets():
    doc = ingest_snippet("各位代表：\n我代表市人民政府报告工作。\n二、2024年工作安排\n"
                         "今年的主要预期目标是：地区生产总值增长7%、固定资产投资增长7%、城镇居民人均可支配收入增长7%。\n")
    assert sorted(t.indicator for t in doc.targets() if t.value == 7) == \
        ["固定资产投资增速", "地区生产总值增速", "城镇居民人均可支配收入增速"]


def test_a_year_naming_a_cohort_is_no_target_year():
    assert [t.year for t in targets("扎实推进2023年度6个和美乡村省级中心村建设，特色化打造4个精品示范村。")] == [None, None]


def test_pdf_wrap_gaps_inside_numbers_and_units_are_closed_but_evidence_is_as_printed():
    (t,) = targets("力争全年技术合同成交额突破100亿 元。")
    assert (t.value, t.unit, t.comparator) == (100, "亿元", ">") and t.evidence == "力争全年技术合同成交额突破100亿 元"


@pytest.mark.parametrize("sentence, unit", [
    ("集装箱吞吐量突破2300万标准箱。", "万标准箱"), ("确保粮食总产量47亿斤以上。", "亿斤"), ("新建算力规模100P。", "P"),
    ("外商直接投资1亿美元以上。", "亿美元"), ("举办系列活动3场以上。", "场"), ("增设既有住宅电梯300部。", "部"),
    ("咬定产业规模超1万亿元目标。", "万亿元"), ("实施清淤200万方。", "万方")])
def test_the_units_of_any_domain(sentence, unit):
    assert [t.unit for t in targets(sentence)] == [unit]


def test_ten_thousand_people_are_counted_as_people():
    assert values("力争新引进人才3万名以上。") == [(30000, "人")]


@pytest.mark.parametrize("phrase, unit, name", [
    ("地区生产总值增长", "%", "地区生产总值增速"), ("新建口袋公园", "个", "口袋公园数"),
    ("和恢复灌面", "万亩", "恢复灌面面积"), ("城镇新增就业", "人", "城镇新增就业人数"),
    ("新改建燃气管网", "公里", "燃气管网里程"), ("双师型教师比例", "%", "双师型教师比例"),
    ("居民消费价格涨幅", "%", "居民消费价格涨幅"), ("城建攻坚项目投资分别完成", "亿元", "城建攻坚项目投资额"),
])
def test_indicator_names_read_as_quantities(phrase, unit, name):
    assert quantity_name(phrase, unit) == name
