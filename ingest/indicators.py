"""Indicator vocabulary: the same quantity worded differently in different cities lands on one name.

Each entry is a domain rule: a pattern over the words around a quantity (the phrase before the
comparator and the noun phrase after the unit) and the kind of unit it takes. Quantities no rule
knows keep a normalised phrase of their own, so they never merge with an unrelated indicator.
"""

from __future__ import annotations

import re

_RATE = {"%"}
_COUNT = {"个", "家", "所", "项", "支", "座"}
_PEOPLE = {"人", "人次"}
_MONEY = {"万元", "元", "亿元"}
_TIME = {"年", "月"}

# (canonical name, pattern, units it applies to). First match wins: specific before general.
_VOCABULARY: tuple[tuple[str, str, set[str] | None], ...] = (
    ("国家级双师型教师培养培训基地数", r"^国家级.{0,20}双师型.{0,10}基地", _COUNT),
    ("省级双师型教师培养培训基地数", r"^省级.{0,20}双师型.{0,10}基地", _COUNT),
    ("双师型教师培养培训基地数", r"双师型.{0,12}(培养培训|培训)基地", _COUNT),
    ("双师型教师比例", r"双师型|一体化.{0,3}教师", _RATE),
    ("兼职教师占专兼职教师总数比例", r"兼职教师占.{0,10}专兼职", _RATE),
    ("兼职教师占编制员额比例", r"编制员额|兼职教师", _RATE),
    ("高职招收中职毕业生比例", r"招收.{0,12}中(职|等职业).{0,8}毕业生", _RATE),
    ("中职毕业生升学比例", r"中职.{0,6}毕业生.{0,8}(升入|升学)", _RATE),
    ("中高职衔接培养比例", r"中高职衔接|中高职贯通", _RATE),
    ("教育附加费用于职业教育比例", r"教育(费)?附加.{0,10}用于职业教育", _RATE),
    ("投资额抵免教育费附加比例", r"投资额.{0,10}抵免", _RATE),
    ("职工教育经费用于一线职工比例", r"一线职工", _RATE),
    ("校企合作等净收入提取绩效工资比例", r"净收入", _RATE),
    ("技术服务收入结余提取劳动报酬比例", r"收入结余", _RATE),
    ("企业实习岗位占职工总数比例", r"职工总数|实习岗位", _RATE),
    ("本地企业实习生占比", r"实习生(人数|总数)", _RATE),
    ("实践教学课时占比", r"实践(性)?教学课时|实践课时", _RATE),
    ("1+X证书试点学生覆盖率", r"1\+X.{0,30}覆盖|职业技能等级证书.{0,12}覆盖", _RATE),
    ("高技能人才占技能人才比例", r"高技能人才占", _RATE),
    ("毕业生本地就业率", r"本地就业率", _RATE),
    ("毕业生专业对口就业率", r"对口就业率", _RATE),
    ("毕业生就业满意度", r"就业满意度", _RATE),
    ("毕业生就业率", r"就业率", _RATE),
    ("职普学位比", r"学位", {"%", "ratio"}),
    ("职普招生比", r"招生(计划)?数.{0,20}(招生|普通高中)", {"%", "ratio"}),
    ("职普在校生比", r"在校生数.{0,20}普通高中", {"%", "ratio"}),
    ("生师比", r"生师比|师生比", {"ratio"}),
    ("职业培训人次与在校生比", r"培训人次.{0,12}在校生", {"倍"}),
    ("年职业培训人次", r"培训人(次|数)", _PEOPLE),
    ("中职在校生数", r"在校生", _PEOPLE),
    ("中职专任教师数", r"专任教师", _PEOPLE),
    ("省市级产教融合型企业数", r"省、市级.{0,6}产教融合型企业", _COUNT),
    ("省级产教融合型企业数", r"省级.{0,8}产教融合型企业", _COUNT),
    ("市级产教融合型企业数", r"市级.{0,8}产教融合型企业", _COUNT),
    ("每所职业院校产教融合实习基地数", r"每所.{0,12}产教融合实习基地", _COUNT),
    ("市级产教融合实训基地数", r"产教融合(实训|实习)基地", _COUNT),
    ("县域共享性实训基地数", r"县域共享", _COUNT),
    ("省级教师教学创新团队数", r"^省级.{0,20}教学创新团队", _COUNT),
    ("市级教师教学创新团队数", r"教学创新团队", _COUNT),
    ("省级教学名师数", r"^省级教学名师", _PEOPLE),
    ("市级教学名师数", r"教学名师", _PEOPLE),
    ("市级骨干示范专业数", r"骨干示范专业|骨干专业", _COUNT),
    ("每所高职省级高水平专业群数", r"每所高职.{0,12}高水平专业", _COUNT),
    ("每所中职优质专业群数", r"每所中职.{0,12}优质专业", _COUNT),
    ("高水平专业群数", r"高水平专业(（群）|群|\(群\))", _COUNT),
    ("技工教育品牌专业数", r"品牌专业", _COUNT),
    ("1+X证书试点示范项目数", r"1\+X.{0,12}示范项目", _COUNT),
    ("三全育人综合改革试点学校数", r"三全育人", _COUNT),
    ("县域公办中职学校数", r"公办.{0,6}中(等职业|职)学校", _COUNT),
    ("示范性职教集团数", r"示范性职教集团", _COUNT),
    ("骨干职教集团数", r"骨干职教集团", _COUNT),
    ("名企名校合作项目数", r"名企名校", _COUNT),
    ("校企供需见面会次数", r"见面会", {"次"}),
    ("大湾区企业推介会次数", r"推介会", {"次"}),
    ("专业课教师招聘企业工作经历年限", r"企业工作经历", _TIME),
    ("教师全员轮训周期", r"轮训", _TIME),
    ("教师企业实践时间", r"教师.{0,16}(企业|实训基地).{0,6}实(践|训)", _TIME),
    ("学生本地企业实习时长", r"实习时间", _TIME),
    ("学生劳动教育集中时长", r"劳动教育", _TIME),
    ("产教融合型企业授牌周期", r"一授牌|授牌周期", _TIME),
    ("产教融合型企业考核周期", r"一考核|考核周期", _TIME),
    ("县级职业教育发展专项资金", r"县.{0,10}职业教育.{0,6}专项资金|县级职业教育.{0,6}专项资金", _MONEY),
    ("市级职业教育发展专项资金", r"职业教育.{0,6}专项资金", _MONEY),
    ("高职生均财政拨款", r"生均.{0,8}拨款", _MONEY),
    ("学徒培训补贴标准", r"学徒.{0,12}补贴", _MONEY),
    ("特岗教师经费保障标准", r"空编|特岗", _MONEY),
    ("技能大师工作室奖励金额", r"技能大师工作室", _MONEY),
)
_COMPILED = tuple((name, re.compile(p), units) for name, p, units in _VOCABULARY)
_FILLER = re.compile(
    r"^(到\d{4}年底?|至\d{4}年底?|\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前|起)?|全市|全省|全县|全区|市域内|区域内|力争|努力|确保|每年|年(?!均)|累计|新增|"
    r"建成|建设|培育|打造|遴选|支持|认定|获|争创|办好|重点|其中|达到|保持|实现|各|共|约|的)+"
)


def canonical_indicator(phrase: str, unit: str, per_unit_only: bool = False) -> str | None:
    """Vocabulary name for a quantity described by phrase (level qualifier first, e.g. '省级…').
    per_unit_only: only the per-institution rules (每所…), which span the whole clause."""
    for name, rx, units in _COMPILED:
        if per_unit_only and not name.startswith("每所"):
            continue
        if (units is None or unit in units) and rx.search(phrase):
            return name
    return None


def fallback_indicator(phrase: str, unit: str) -> str:
    """A stable name for a quantity the vocabulary does not know: its own noun phrase."""
    p = re.sub(r"[“”\"《》（）()\s]", "", phrase)
    p = _FILLER.sub("", p)
    p = re.sub(r"(达到|(?:提高|提升|增加|增长|扩大)(?:到|至)|不低于|不少于|至少|超过|突破|不超过|以上|以下|以内|压缩至|压缩到|缩短至|控制在|稳定在|保持在|累计|达|均|的|提高|提升|下降|降低|减少)+$", "", p)
    if not p:
        return f"未命名指标（{unit}）"
    from .targets import SUBJECT_BEFORE

    return quantity_name((p[-30:] if unit in SUBJECT_BEFORE else p[:30]).strip("、，,；;：:"), unit)


# Words that end the name of a quantity (…率, …比例, …数, …面积 …): a name ending so is left as it is.
_MEASURE_END = re.compile(
    r"(率|比例|比重|占比|比|数|量|额|金|时长|周期|面积|规模|增速|降幅|增幅|涨幅|收入|产值|增加值|总值|价格|指数|浓度|"
    r"里程|长度|能力|次数|标准|密度|水平|强度|能耗|值|时间|期限|年限|倍数|人次|户数|度|拨款|涨幅|经费|资金|基金|预算)$")
# The measure a unit's quantity is: '口袋公园 28 个' is 口袋公园数, '高标准农田 19.5 万亩' 高标准农田面积.
_UNIT_MEASURE = (
    ({"%"}, "比例"), ({"人", "名"}, "人数"), ({"人次"}, "人次"), ({"户", "万户"}, "户数"), ({"倍"}, "倍数"),
    ({"元", "万元", "亿元", "万亿元", "美元", "万美元", "亿美元"}, "额"),
    ({"亩", "万亩", "公顷", "平方米", "万平方米", "平方公里"}, "面积"), ({"公里", "万公里", "千米"}, "里程"),
    ({"吨", "万吨", "亿斤", "万斤", "万方", "立方米", "万立方米", "万标准箱", "标准箱", "标箱", "千瓦时", "万千瓦时",
      "亿千瓦时"}, "量"),
    ({"千瓦", "万千瓦", "P", "万吨/天"}, "规模"), ({"天", "月", "年", "小时", "分钟", "工作日", "学时"}, "时长"),
    ({"百分点"}, "变化"), ({"微克/立方米"}, "浓度"),
)
_LEADING_ACTION = re.compile(
    r"^(?:[和及且并与或、，,]|新(?=培育|引进|认定|创建)|今年|全年|年内|年度|度|争取|力争|确保|累计|同步|新建改扩建|新建改造|新改扩建|新改建|改扩建|新建|改造|"
    r"完成|实施|开展|创建|引进|引育|培育|组织|建成|打造|招引|编报|推动|推进|支持|认定|提供|落实|举办|办好)+")
_TRAILING_LEVEL = re.compile(r"(?:超|达|达到|完成|实现|分别|均|各|为|在|稳定在|保持在|控制在|新增)+$")
_GROWTH = re.compile(r"(?:增长|增速|增幅)$")
_FALL = re.compile(r"(?:下降|降低|减少)$")


def quantity_name(phrase: str, unit: str) -> str:
    """The name of the quantity a phrase describes, as a researcher compares it: '地区生产总值增长' →
    地区生产总值增速, '新建口袋公园' → 口袋公园数, '和恢复灌面' → 恢复灌面面积. Leading actions and
    conjunctions and trailing level words go; the unit's measure is added when the phrase names none."""
    name = _TRAILING_LEVEL.sub("", re.split(r"分别|[、，,](?=\d)", phrase)[0] or phrase)
    stripped = _LEADING_ACTION.sub("", name)
    if len(stripped) >= 2:
        name = stripped
    if unit in ("%", "百分点") and _GROWTH.search(name):
        return _GROWTH.sub("", name) + "增速" if len(_GROWTH.sub("", name)) >= 2 else name
    if unit in ("%", "百分点") and _FALL.search(name):
        return _FALL.sub("", name) + "降幅" if len(_FALL.sub("", name)) >= 2 else name
    if _MEASURE_END.search(name):
        return name
    return name + next((m for units, m in _UNIT_MEASURE if unit in units), "数")
