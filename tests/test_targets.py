import pytest
from policykg.ingest.targets import extract_targets
from policykg.ingest.text import MappedText


def targets(text: str, doc_year: int | None = 2021):
    return [c.target for c in extract_targets(MappedText.of(text, 0, len(text)), doc_year)]


def one(text: str, doc_year: int | None = 2021):
    (t,) = targets(text, doc_year)
    return t


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [("毕业生就业率达到 97%以上。", ">=", 97, "%"), ("认定企业不少于 2 家。", ">=", 2, "家"),
     ("兼职教师比例一般不超过 30%。", "<=", 30, "%"), ("新增专业布点数超过60%服务重点产业。", ">", 60, "%"),
     ("可提取最高不超过 60%的比例追加绩效工资。", "<=", 60, "%"), ("建成 2 个市级骨干示范专业。", "=", 2, "个"),
     ("实习时间不得低于 1 个月。", ">=", 1, "月"), ("至少要建成 1 所达标学校。", ">=", 1, "所")],
)
def test_targets_keep_comparator_value_and_unit(text, comparator, value, unit):
    t = one(text)
    assert (t.comparator, t.value, t.unit) == (comparator, value, unit)


def test_year_stated_in_the_sentence_is_the_target_year():
    t = one("到 2022 年，全市“双师型”教师占专业课教师总数的比例达到 50%以上。")
    assert (t.year, t.indicator) == (2022, "双师型教师比例")


def test_year_at_sentence_start_carries_forward_within_the_paragraph_but_never_backward():
    ts = targets("建成 3 个基地。到 2025 年，培育企业不少于 2 家。建成 1 个实训中心。")
    assert [t.year for t in ts] == [None, 2025, 2025]


def test_year_mid_sentence_does_not_carry_to_the_next_sentence():
    ts = targets("建立招聘制度，2021 年起专业课教师须具备 3 年以上企业工作经历。兼职教师不低于编制员额 20%比例。")
    assert [(t.value, t.year) for t in ts] == [(3, 2021), (20, None)]


def test_plan_period_and_horizon_wordings_give_a_year():
    assert one("到“十四五”末，“双师型”专业教师比例达到90%以上。").year == 2025
    assert one("力争3年内建成20家教师培养培训基地。", doc_year=2023).year == 2026


def test_recurring_quantities_have_no_target_year():
    t = one("到2022年，职业学校每年培训人次达到全日制在校生规模的2倍以上。".replace("到2022年，", ""))
    assert (t.recurring, t.year, t.unit) == ("yearly", None, "倍")


def test_ranges_ratios_and_chinese_numerals():
    r = one("每所高职院校重点办好 2 至 3 个省级高水平专业（群）。")
    assert (r.value, r.value_max, r.comparator) == (2, 3, ">=")
    ratio = one("学位数按不低于 4:6 比例配置。")
    assert (ratio.value, ratio.unit, ratio.comparator) == ("4:6", "ratio", ">=")
    assert one("生师比不低于20：1的配备标准。").value == "20:1"
    assert one("每个县市区重点办好一所公办中职学校。").value == 1
    assert one("保证实践性教学课时占总课时一半以上。").value == 50
    assert [(t.value, t.unit) for t in targets("实行“一年一考核，三年一授牌”。")] == [(1, "年"), (3, "年")]


def test_ten_thousands_are_converted_for_people():
    assert (one("每年培养紧缺岗位毕业生超过6万人。").value, one("全市年培训人数达到10万人次。").value) == (60000, 100000)


@pytest.mark.parametrize(
    "text",
    ["经 2020 年 12 月 9 日市政府第 66 次常务会议审议通过。", "开展 1+X 证书制度试点和“3+2”分段培养。",
     "根据文件（赣府发〔2020〕16 号）要求。", "获得省职业技能竞赛三等奖以上奖项的选手。", "力争3年内嫁接重组产业学院。",
     "用 5-10 年时间基本实现转变。", "6月17日，项目开工。"],
)
def test_dates_numbers_ordinals_and_model_names_are_not_targets(text):
    assert targets(text) == []


def test_evidence_and_span_point_at_the_quantity():
    text = "到 2025 年，认定市级产教融合型企业不少于 2 家。"
    t = one(text)
    assert text[t.span.start : t.span.end] == "2 家" and t.evidence.startswith("到 2025 年")
    assert t.indicator == "市级产教融合型企业数"


def test_level_qualifier_after_the_unit_selects_the_indicator():
    ts = targets("建设 1 个省级、2 个市级职业教育教师教学创新团队。")
    assert [t.indicator for t in ts] == ["省级教师教学创新团队数", "市级教师教学创新团队数"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("稳定能繁母猪存栏量2.8万头。", 2.8, "万头"), ("千兆宽带用户数达到20万户。", 20, "万户"),
     ("完成农村供水工程提质改造20处。", 20, "处"), ("淘汰老旧柴油货车200辆以上。", 200, "辆"),
     ("养老服务床位总数达到3.2万张。", 3.2, "万张"), ("全年执法检查不少于600家次。", 600, "家次")],
)
def test_units_of_other_domains(text, value, unit):
    t = one(text)
    assert (t.value, t.unit) == (value, unit)


def test_each_quantity_of_a_list_is_named_by_its_own_words():
    got = {t.indicator: t.value for t in targets("新培育县级以上农民合作社示范社20家、家庭农场示范场30家。")}
    assert got == {"县级以上农民合作社示范社数": 20, "家庭农场示范场数": 30}


def test_a_long_indicator_name_is_not_cut_mid_word():
    t = one("到2025年，数字经济核心产业增加值占GDP比重达到10%以上。")
    assert (t.indicator, t.comparator, t.year) == ("数字经济核心产业增加值占GDP比重", ">=", 2025)


def test_breaking_through_a_value_is_more_than_it():
    t = one("到2025年，数字经济核心产业营业收入突破1000亿元。")
    assert (t.comparator, t.value, t.unit, t.indicator) == (">", 1000, "亿元", "数字经济核心产业营业收入")


def test_a_service_radius_is_not_a_target():
    assert targets("建设社区15分钟健身圈，实现城市社区全覆盖。") == []
    assert targets("打造城乡“15分钟生活圈”。") == []


@pytest.mark.parametrize(
    ("text", "indicator", "comparator", "value", "unit"),
    [("学校体育场地开放比例提高到百分之八十。", "学校体育场地开放比例", ">=", 80, "%"),
     ("城乡居民体质合格人数比例提高到百分之九十二点五。", "城乡居民体质合格人数比例", ">=", 92.5, "%"),
     ("三年内新增一万个健身场地。", "健身场地数", "=", 10000, "个"),
     ("培训国家级社会体育指导员五百名以上。", "培训国家级社会体育指导员人数", ">=", 500, "人")],
)
def test_quantities_written_in_chinese_numerals(text, indicator, comparator, value, unit):
    t = one(text)
    assert (t.indicator, t.comparator, t.value, t.unit) == (indicator, comparator, value, unit)


def test_words_made_of_numerals_are_not_quantities():
    assert targets("建设一个中心、两个基地，落实“十四五”规划，千方百计稳就业。") == []


def test_a_share_stated_before_its_subject_is_named_by_what_follows():
    t = one("到2024年底，80%以上的县级医院达到医疗服务能力推荐标准。")
    assert (t.indicator, t.comparator, t.value, t.year) == ("县级医院达到医疗服务能力推荐标准", ">=", 80, 2024)


def test_money_followed_by_its_purpose_is_named_by_the_money():
    assert one("省级财政每年安排专项资金5亿元支持医共体建设。").indicator == "省级财政每年安排专项资金"
    assert one("每年安排不少于500万元职业教育专项经费。").indicator == "职业教育专项经费"


def test_more_units_and_approximate_list_items():
    assert [(t.value, t.unit) for t in targets("高新技术企业数量突破1.2万家，打造精品旅游线路10条以上，专利6件。")] == [
        (1.2, "万家"), (10, "条"), (6, "件")]
    got = {t.indicator: t.value for t in targets("建成省实验室10家左右、省级新型研发机构200家。")}
    assert got == {"省实验室数": 10, "省级新型研发机构数": 200}


def test_a_threshold_that_qualifies_a_group_is_not_a_target():
    assert targets("对年度研发投入增量超过500万元的企业给予支持。") == []


def test_a_past_year_naming_the_object_is_not_the_target_year():
    t = one("2023年底前完成2000年底前建成的老旧小区改造计划的40%。", doc_year=2023)
    assert (t.value, t.year) == (40, 2023)


def test_a_bare_growth_rate_belongs_to_the_quantity_just_named():
    got = [(t.indicator, t.value) for t in targets("到2026年，全市社会消费品零售总额突破2000亿元，年均增长8%左右。", 2024)]
    assert got == [("社会消费品零售总额", 2000), ("社会消费品零售总额年均增速", 8)]


def test_a_yearly_count_starting_in_a_year_has_no_target_year():
    t = one("2025年起每年组织汽车促消费活动不少于10场次。", 2024)
    assert (t.indicator, t.value, t.unit, t.year, t.recurring) == ("汽车促消费活动数", 10, "场次", None, "yearly")


@pytest.mark.parametrize(
    ("text", "indicator", "value", "unit"),
    [("本科上线率提高2个百分点。", "本科上线率", 2, "百分点"), ("教师培训不少于90学时。", "教师培训时长", 90, "学时"),
     ("农村公路总里程达到3.6万公里。", "农村公路总里程", 3.6, "万公里")],
)
def test_percentage_points_hours_and_lengths(text, indicator, value, unit):
    t = one(text)
    assert (t.indicator, t.value, t.unit) == (indicator, value, unit)


def test_a_status_report_is_not_a_target_but_a_future_cumulative_one_is():
    assert targets("截至2020年底，全市高速公路通车里程达到1556公里。", 2021) == []
    assert one("截至2025年底，全市累计建成充电桩5000个。", 2023).value == 5000
