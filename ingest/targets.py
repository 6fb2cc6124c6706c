"""Quantitative targets: indicator, comparator, value, unit and target year, with evidence and span.

A target is a number with a unit that a sentence commits to (达到 50%以上, 不少于 2 家, 建成 1 个…).
Dates, document numbers, ordinals, model names (1+X, 3+2) and time horizons (3年内) are not targets.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import cn2an

from .indicators import canonical_indicator, fallback_indicator, quantity_name
from .models import Target
from .text import MappedText, fold

_UNITS = (r"万人次|人次|万人|万名|万亿元|万元|亿元|亿美元|万美元|美元|元|个工作日|工作日|个小时|小时|分钟|天|个月|%|个百分点|百分点|"
          r"倍|个|家次|家|所|人|名|万场次|场次|场(?![馆所景地站])|次|项|支|座|学时|列|万公里|部(?![门署分队位委])|"
          r"万标准箱|标准箱|标箱|亿斤|万斤|万亩|亩|公顷|万吨/天|万吨|吨|平方公里|公里|千米|平方米|万平方米|万立方米|立方米|"
          r"万方(?![便面案向式法])|微克/立方米|微克|亿千瓦时|万千瓦时|千瓦时|万千瓦|千瓦|P(?![A-Za-z])|万株|株|"
          r"万头|头|万只|只|万户|户|处|万辆|辆|万张|张|万套|套|万台|台|万家|万个|万所|条|件|间|年")
_NUM = r"\d+(?:\.\d+)?"
# Numbers written in Chinese: 百分之八十 · 百分之九十二点五 · 一万个 · 五百名 (two characters at least, so
# that 一个/两所 stay words unless a rule below takes them)
_CN_DIGITS = "[零一二两三四五六七八九十百千万亿点]"
_MENTION = re.compile(
    rf"(?P<ratio>(?<![\d.:])\d{{1,3}}\s*:\s*\d{{1,3}}(?![\d:]))"
    rf"|(?P<num>(?<![\d.+\-—–/])(?:{_NUM}))(?:\s*(?:-|—|–|~|～|至|到)\s*(?P<max>{_NUM}))?\s*(?P<unit>{_UNITS})"
    rf"|(?P<pct>百分之(?P<pctnum>{_CN_DIGITS}+))"
    rf"|(?P<cnbig>(?<![{_CN_DIGITS[1:-1]}]){_CN_DIGITS}{{2,8}})(?P<cnbigunit>{_UNITS})"
    rf"|(?P<cn>[一两二三四五六七八九十])(?P<cnunit>所|个月|年(?=一)|倍)"
    r"|(?P<half>一半)(?=以上|以下)"
    rf"|每立方米(?P<perm3>{_NUM})\s*微克"  # 'PM2.5浓度控制在每立方米45微克'
)
_QUANTITY_END = re.compile(rf"{_NUM}\s*(?:{_UNITS})(?:以上|及以上|以下|以内|左右)?$")
_CN_VALUE = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_GE = re.compile(r"(不低于|不少于|至少|不得低于|不得少于|达到|保持|超出|(?:提高|提升|增加|增长|扩大)(?:到|至))")
# The verb between an indicator and its value ('…比例达到 50%'), stripped from the indicator's phrase.
_LEVEL_VERB = re.compile(
    r"(达到|(?:提高|提升|增加|增长|扩大)(?:到|至)|不低于|不少于|至少|超过|不超过|不得超过|最高不超过|保持|控制在|为)\s*$")
_GT = re.compile(r"(?<![不得])超过|突破")
_LE = re.compile(r"(不超过|不得超过|最高不超过|不高于|不得高于|以下|以内|控制在|最长|压缩至|压缩到|缩短至|缩短到)")
_BEFORE_WINDOW = 14

# '2023年度6个和美乡村' names a cohort by its year, not the year a goal is due.
_YEAR_PHRASE = re.compile(
    r"(?:到|至|截至|于|在)?\s*(?P<y>20\d{2})\s*年(?!度(?!目标|任务|计划|工作))(?:底|末)?(?:前)?(?:起|以前)?"
    r"|[“\"]?(?P<plan>十[三四五六]五)[”\"]?(?:末|期间|时期)"
    r"|(?P<within>\d{1,2}|[一二三四五])\s*年内"
)
_PLAN_END = {"十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}
_RECURRING = re.compile(r"(每年|每人每年|年培训|年均|/年|每学年|年度)")
_RECURRING_OTHER = {"quarterly": re.compile(r"每季度|每季"), "monthly": re.compile(r"每月|/月"),
                    "weekly": re.compile(r"每周")}
# Quantities named by what precedes them (rates, durations): …比例达到 50% / 压缩至 1 个工作日以内.
SUBJECT_BEFORE = {"%", "ratio", "倍", "百分点", "工作日", "小时", "分钟", "天", "月", "年"}
_SENTENCE_END = "。！？；!?;"


@dataclass(slots=True)
class Candidate:
    target: Target
    explicit_year: bool
    start: int  # offset in the paragraph, for ordering


def extract_targets(paragraph: MappedText, doc_year: int | None) -> list[Candidate]:
    """Targets in one paragraph, in order. A year phrase opening a sentence carries forward to the
    later sentences of the same paragraph, never backward and never into the next paragraph."""
    printed, paragraph = paragraph, paragraph.without_wrap_gaps()
    f = fold(paragraph.text)
    out: list[Candidate] = []
    carry: int | None = None
    for s_start, s_end in _sentences(f):
        sentence = f[s_start:s_end]
        achieved = _ACHIEVED.match(sentence.lstrip())
        if achieved and not (achieved.group("y") and doc_year and int(achieved.group("y")) > doc_year):
            continue  # '截至2020年底，…通车里程达到1556公里': a status report, not a target
        lead_year = _leading_year(sentence, doc_year)
        if lead_year is not None:
            carry = lead_year
        previous: Candidate | None = None
        found: list[Candidate] = []
        for m in _MENTION.finditer(sentence):
            cand = _candidate(paragraph, printed, f, s_start, s_end, m, doc_year, carry)
            if cand:
                if previous and _GROWTH_ONLY.fullmatch(cand.target.indicator_text or cand.target.indicator):
                    # '零售总额突破2000亿元，年均增长8%': the growth of the quantity just named
                    cand.target.indicator = quantity_name(
                        previous.target.indicator + (cand.target.indicator_text or "增长"), cand.target.unit)
                elif previous and len(cand.target.indicator) <= 2:
                    # '粮食播种面积稳定在11.8万亩、产量保持在1亿斤': a bare measure of the same thing
                    cand.target.indicator = previous.target.indicator[:2] + cand.target.indicator
                found.append(cand)
                previous = cand
        _respectively(sentence, s_start, found)
        out += [each for cand in found for each in _each_subject(cand)]
    return out


_LIST_SEP = re.compile(r"(?<=[^、，,])(?:、|和|及|与)(?=[^、，,])")
_SHARED_TAIL = re.compile(r"(人均可支配收入|可支配收入|增加值|平均浓度|浓度|投资|产值|收入|总量|面积|产量|比例|比重|率)$")


_LEAD_IN = re.compile(r"^(?:力争|确保|争取|全年|今年|其中)+")


def _without_lead_in(subject: str) -> str:
    return _LEAD_IN.sub("", subject)


def _clause_end_at(sentence: str, pos: int) -> int:
    """Where the clause holding pos ends: the next comma, semicolon or full stop, else the sentence's end."""
    ends = [i for i in (sentence.find(c, pos) for c in ",，;；。") if i >= 0]
    return min(ends) if ends else len(sentence)


def _names_of(subject: str) -> list[str]:
    """'A、B和C' → [A, B, C]; a measure named once for all ('城镇和农村常住居民人均可支配收入',
    'PM2.5、二氧化硫平均浓度', '一、二、三产增加值') is given to each."""
    names = [n for n in _LIST_SEP.split(re.sub(r"[“”\"]", "", subject)) if n]
    if len(names) < 2:
        return names
    tail = _SHARED_TAIL.search(names[-1])
    if tail and not any(_SHARED_TAIL.search(n) for n in names[:-1]):
        head = names[-1][: tail.start()]
        joint = head[1:] if all(len(n) == 1 for n in names[:-1]) and len(head) == 2 else ""  # 一、二、三产
        names = [n + joint + tail.group() for n in names[:-1]] + names[-1:]
    return names


def _respectively(sentence: str, s_start: int, found: list[Candidate]) -> None:
    """'A、B分别增长7%、9%' (or 'A和B稳定在426万亩、183万吨') gives each value to its own quantity, in
    order; values that cannot be told apart share the subject's name rather than none."""
    for start, end, subject, verb_at in _value_lists(sentence, s_start, found):
        mine = [c for c in found if start <= c.start - s_start < end]
        if len(mine) < 2:
            continue
        verb = _LEVEL_VERB.sub("", re.sub(r"\d.*$", "", sentence[verb_at : mine[0].start - s_start]))
        names = _names_of(subject)
        if len(names) != len(mine):
            names = [subject] * len(mine)
        names = [n if len(n) > 2 else names[0][:2] + n for n in names]  # 粮食播种面积和产量
        for cand, name in zip(mine, names, strict=True):
            t = cand.target
            t.indicator = canonical_indicator(name + verb, t.unit) or fallback_indicator(name + verb, t.unit)


def _value_lists(sentence: str, s_start: int, found: list[Candidate]) -> list[tuple[int, int, str, int]]:
    """(start, end, subject, verb start) of each list of values: after a '分别', or a named quantity
    followed in its clause by values that name nothing ('…面积和产量稳定在426万亩、183万吨')."""
    lists = []
    for m in re.finditer("分别", sentence):
        start = max(sentence.rfind(c, 0, m.start()) for c in "，,；;：:") + 1
        subject = _without_lead_in(sentence[start : m.start()])
        lists.append((m.end(), _clause_end_at(sentence, m.end()), subject, m.end()))
    for i, first in enumerate(found[:-1]):
        if "分别" in first.target.indicator_text or first.target.indicator.startswith("未命名") \
                or not found[i + 1].target.indicator.startswith("未命名"):
            continue
        a = first.start - s_start
        subject = _without_lead_in(first.target.indicator_text.split("…")[0])
        subject = re.sub(r"(?:稳定|保持|控制|达到|完成|实现)\S{0,2}$", "", subject)
        lists.append((a, _clause_end_at(sentence, a), subject, a))
    return lists


def _each_subject(cand: Candidate) -> list[Candidate]:
    """'配备率、安装率、联网率均达到100%' · '绿色工厂和智能工厂各1家': one target per quantity named,
    all at the same level."""
    t = cand.target
    pre = t.indicator_text.split("…")[0]
    each = re.search(r"^(?P<subject>.+?)(?:各|均)(?P<verb>(?:新增|增长|下降|建成|建设|完成|实现|打造|培育|创建|引进|超|达)?)$",
                     _LEVEL_VERB.sub("", pre))
    if not each:
        return [cand]
    names = _names_of(_without_lead_in(each.group("subject")))
    if len(names) < 2:
        return [cand]
    verb = each.group("verb")
    return [Candidate(dataclasses.replace(t, indicator=canonical_indicator(n + verb, t.unit)
                                          or fallback_indicator(n + verb, t.unit)), cand.explicit_year, cand.start)
            for n in names]


_ACHIEVED = re.compile(r"(?:截至|截止|截止到)\s*(?:目前|去年|(?P<y>\d{4})\s*年)")
_GROWTH_ONLY = re.compile(r"(?:年均|同比|年)?(?:增长|增速|增幅|提高|下降)(?:率)?")


_MAX_SENTENCE = 600
_SENTENCE_END_RX = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")


def _sentences(f: str) -> list[tuple[int, int]]:
    """Sentence spans; a run-on "sentence" longer than any real one is cut at commas (or hard), so a
    file that is one multi-megabyte line costs linear time."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RX.finditer(f):
        spans += _cut_run_on(f, start, m.end())
        start = m.end()
    if start < len(f):
        spans += _cut_run_on(f, start, len(f))
    return spans


def _cut_run_on(f: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= _MAX_SENTENCE:
        return [(start, end)]
    spans = []
    for i in range(start, end):
        if (i - start >= _MAX_SENTENCE and f[i] in ",，、 ") or i - start >= 2 * _MAX_SENTENCE:
            spans.append((start, i + 1))
            start = i + 1
    if start < end:
        spans.append((start, end))
    return spans


def _leading_year(sentence: str, doc_year: int | None) -> int | None:
    s = sentence.lstrip()
    m = _YEAR_PHRASE.match(s) or (re.match(r"^(?:力争|争取|计划)", s) and _YEAR_PHRASE.search(s[:8]))
    return _year_value(m, doc_year) if m else None


def _year_value(m: re.Match[str], doc_year: int | None) -> int | None:
    if m.group("y"):
        year = int(m.group("y"))
        # Targets look ahead: '改造2000年底前建成的老旧小区' names housing by its age, not a target year.
        return None if doc_year and year < doc_year - 1 else year
    if m.group("plan"):
        return _PLAN_END.get(m.group("plan"))
    if m.group("within") and doc_year:
        w = m.group("within")
        return doc_year + (int(w) if w.isdigit() else _CN_VALUE[w])
    return None


def _candidate(paragraph: MappedText, printed: MappedText, f: str, s_start: int, s_end: int, m: re.Match[str],
               doc_year: int | None, carry: int | None) -> Candidate | None:
    sentence = f[s_start:s_end]
    a, b = m.start(), m.end()
    parsed = _value_unit(m)
    if parsed is None:
        return None
    value, value_max, unit = parsed
    before, after = sentence[max(0, a - 30) : a], sentence[b : b + 12]
    if _excluded(sentence, a, b, unit, value, before, after) or _not_a_goal(sentence, a, b, unit):
        return None
    comparator = _comparator(sentence, a, b, value_max)
    clause_start = _clause_start(sentence, a)
    clause_end = _clause_end(sentence, b)
    pre = sentence[clause_start:a]
    post = sentence[b:clause_end]
    recurring = _recurrence(sentence[clause_start:clause_end], after)
    year, explicit = _target_year(sentence, a, doc_year, carry, recurring)
    phrase = _indicator_phrase(pre, post, unit)
    context = sentence[max(0, a - 50) : min(len(sentence), b + 30)]
    indicator = _vocabulary_name(pre, post, context, unit) or fallback_indicator(_subject(pre, post, unit), unit)
    ev_start, ev_end = _evidence_window(sentence, clause_start, clause_end)
    evidence = printed.between(paragraph.span(s_start + ev_start, s_start + ev_end)).strip()  # as printed
    span = paragraph.span(s_start + a, s_start + b)
    target = Target(indicator=indicator, indicator_text=phrase, comparator=comparator, value=value, unit=unit,
                    year=year, evidence=evidence, span=span, value_max=value_max, recurring=recurring)
    return Candidate(target, explicit, s_start + a)


def _recurrence(clause: str, after: str) -> str | None:
    if _RECURRING.search(clause) or after.startswith("/年"):
        return "yearly"
    return next((name for name, rx in _RECURRING_OTHER.items() if rx.search(clause)), None)


def _value_unit(m: re.Match[str]) -> tuple[float | int | str, float | int | None, str] | None:
    if m.group("ratio"):
        x, y = (int(v) for v in re.split(r"\s*:\s*", m.group("ratio")))
        return f"{x}:{y}", None, "ratio"
    if m.group("half"):
        return 50, None, "%"
    if m.group("perm3"):
        return _number(m.group("perm3")), None, "微克/立方米"
    if m.group("pct") or m.group("cnbig"):
        try:
            value = _number(str(cn2an.cn2an(m.group("pctnum") or m.group("cnbig"), "smart")))
        except ValueError:
            return None
        unit = "%" if m.group("pct") else {"名": "人", "个月": "月"}.get(m.group("cnbigunit"), m.group("cnbigunit"))
        return value, None, unit
    if m.group("cn"):
        unit = {"所": "所", "个月": "月", "年": "年", "倍": "倍"}[m.group("cnunit")]
        return _CN_VALUE[m.group("cn")], None, unit
    value = _number(m.group("num"))
    vmax = _number(m.group("max")) if m.group("max") else None
    unit = m.group("unit")
    if unit in ("万人", "万人次", "万名"):
        value, vmax = _scale(value, 10_000), _scale(vmax, 10_000) if vmax is not None else None
        unit = unit[1:]
    unit = {"名": "人", "微克": "微克/立方米", "个月": "月", "个工作日": "工作日", "个小时": "小时", "个百分点": "百分点"}.get(unit, unit)
    return value, vmax, unit


def _number(s: str) -> float | int:
    v = float(s)
    return int(v) if v.is_integer() else v


def _scale(v: float | int, k: int) -> float | int:
    return _number(str(v * k))


def _excluded(sentence: str, a: int, b: int, unit: str, value: object, before: str, after: str) -> bool:
    if unit == "年" and ((isinstance(value, (int, float)) and value >= 1900) or re.match(r"^(内|时间|来|后|前|间|左右)", after)):
        return True
    if unit == "年" and not (re.match(r"^(以上|一|及以上|为一)", after) or _LE.search(before[-8:]) or _GE.search(before[-6:])):
        return True
    if re.search(r"第\s*$", before) or re.match(r"^\s*(等奖|级|号|版|届|期|批|轮|条|款|章|节)", after):
        return True
    if re.match(r"^\s*[+＋]", after) or re.search(r"[+＋]\s*$", before):
        return True  # 1+X, 3+2: model names
    if re.search(r"[〔\[]\s*$", before) or re.match(r"^\s*[〕\]]", after):
        return True
    if re.match(r"^\s*(?:以上|以下)?的\s*(?:企业|项目|单位|机构|学校|个人)", after):
        return True  # a threshold ('投入增量超过500万元的企业')
    if unit in ("分钟", "小时") and re.match(r"^\s*[\u4e00-\u9fff]{0,4}圈", after):
        return True  # '15分钟健身圈' names a service radius, not a quantity to reach
    if unit == "次" and re.match(r"^(常务|全体|会议)", after):
        return True
    if unit in ("个", "家", "所") and re.match(r"^(方面|环节|层次|阶段|关键|中心|基地建设试点城市)", after):
        return True
    return bool(re.match(r"^\s*[月日]", after))


_MONEY = frozenset({"元", "万元", "亿元", "万亿元", "美元", "万美元", "亿美元"})
# Amounts that can describe what is counted ('10亿元及以上项目80个', '50户以上木质房屋', '3人制篮球场').
_MAGNITUDES = _MONEY | {"户", "万户", "吨", "万吨", "亩", "万亩", "平方米", "万平方米", "千瓦", "万千瓦", "人"}
_CAPACITIES = frozenset({"吨", "万吨", "千瓦", "万千瓦"})
_DURATIONS = frozenset({"天", "月", "小时", "分钟", "工作日"})
_CJK_RUN = "[\u4e00-\u9fff]"
# What a sentence does with an amount it only uses: grants, loans, tax rates, fees.
# A standard ('补贴标准…5000元以上') is a level the policy sets and stays a target.
_SUPPORT = re.compile(r"^(?!.*标准).*(?:给予|奖励|奖补|补助|补贴|资助|贴息|贷款额度|减按|一次性)")
_CAP = re.compile(r"最高(?:不超过)?\s*$")
_FEE = re.compile(r"[费价](?:格|款)?(?:分别)?(?:由|从)")
_ACTION = re.compile(r"建设|建成|实施|完成|新增|用于|支持|带动|投入|引进|培育|打造|改造|安排|设立|撬动|拉动|吸引")
_PROGRAMME = re.compile(r"^\s*(?:措施|举措|政策|民生实事|民心工程|实事|工作要点|要点|硬招|意见)")
_CONJUNCTION_ONLY = re.compile(r"^[和与及或]$")


def _not_a_goal(sentence: str, a: int, b: int, unit: str) -> bool:
    """Numbers a goal sentence uses without setting them: what qualifies the thing counted, a plant's
    capacity, a grant or fee, a programme's name or count, a relative time, the old value of a change."""
    before, after = sentence[max(0, a - 30) : a], sentence[b : b + 40]
    clause = _clause_around(sentence, a, b)
    if unit in _MAGNITUDES and _qualifies(sentence, a, b):
        return True
    if unit in _CAPACITIES and (re.match(rf"^(?!以上|及以上|左右|以内|以下|[和及与或])(?:{_CJK_RUN})", after)
                                or re.search(r"年产(?:能)?\s*$", before)):
        return True  # '120万吨乙烯' · '年产30万吨钡盐': what a plant is, not a goal
    if ((unit in _MONEY or unit == "%") and _SUPPORT.search(clause)) or (unit in _MONEY and _CAP.search(before)):
        return True  # '贷款额度最高不超过15万元' · '分别给予200万元、100万元一次性补助' · '可减按50%计入'
    if unit in _MONEY and _FEE.search(clause):
        return True  # '注册费由2.44万元下降至1.708万元': a fee, not a goal
    if _inside_quotation(before, after) or (unit in ("条", "项", "件") and _PROGRAMME.match(after)):
        return True  # '“金融15条”' · '“1公里充电服务圈”' · '落实40条措施' · '实施50项民生实事'
    if unit in _DURATIONS and (re.search(r"后的?\s*$|×\s*$", before)
                               or re.match(r"^\s*[“\"]?(?:不打烊|畅通|在线|值守)", after)
                               or (re.match(r"^\s*的(?!目标)[\u4e00-\u9fff]", after) and not re.search(r"为期\s*$", before))):
        return True  # '疫情解除后3个月' · '7×24小时' · '365天“不打烊”' · '停留180天的人才签证'
    return bool(re.search(r"(?:由|从)(?:现行的?|原来的?)?\s*$", before)
                and re.search(r"(?:下降|降低|降|提高|提升|增加|增长|调整)(?:至|到|为)", sentence[b : b + 40]))


def _clause_around(sentence: str, a: int, b: int) -> str:
    start = max(sentence.rfind(c, 0, a) for c in "，,。；;") + 1
    return sentence[start : _clause_end_at(sentence, b)]


def _qualifies(sentence: str, a: int, b: int) -> bool:
    """Does the amount at a..b describe the thing a count in the same clause counts?
    '10亿元及以上项目80个' · '20万元以上的村达900个' · '完成超230个50户以上木质房屋…' · '1万元的脱贫人口'."""
    after = sentence[b : b + 40]
    if re.match(r"^\s*(?:以上|及以上)?的(?!目标|任务|标准)[\u4e00-\u9fff]", after):
        return True
    if re.match(r"^\s*(?:以上|及以上)(?!年度|目标|任务|水平|大关|规模)[\u4e00-\u9fff]", after) and \
            re.search(r"\d\s*[个户家所项座处]\s*$", sentence[max(0, a - 40) : a]):
        return True
    gap = re.match(rf"^\s*(?:以上|及以上)?((?:{_CJK_RUN}){{1,20}}?)(?=\d)", after)
    if not gap:
        return False
    words = gap.group(1)
    if _CONJUNCTION_ONLY.match(words):  # '100亿元或10亿美元项目4个': as the amount after the conjunction
        nxt = _MENTION.match(sentence, b + gap.end())
        return bool(nxt) and nxt.group("unit") in _MAGNITUDES and _qualifies(sentence, nxt.start(), nxt.end())
    return not _ACTION.search(words)


def _inside_quotation(before: str, after: str) -> bool:
    """A number inside a short quotation names something ('“6个100万”工程'), it sets nothing."""
    opened = before.rfind("“")
    if opened < 0 or "”" in before[opened:] or len(before) - opened > 12:
        return False
    closed = after.find("”")  # a quoted slogan of clauses ('“一年一考核，三年一授牌”') still sets its numbers
    return 0 <= closed <= 12 and not re.search("[，,]", before[opened:] + after[:closed])


def _comparator(sentence: str, a: int, b: int, value_max: object) -> str:
    if value_max is not None:
        return ">="
    after = sentence[b : b + 6]
    before = sentence[max(0, a - _BEFORE_WINDOW) : a]
    before = re.split(r"[,，、;；]", before)[-1] if re.search(r"[,，;；]", before) else before
    if re.match(r"^\s*(以上|及以上)", after):
        return ">="
    if re.match(r"^\s*(以下|以内)", after):
        return "<="
    if _LE.search(before):
        return "<="
    if _GT.search(before):
        return ">"
    if _GE.search(before):
        return ">="
    return "="


def _clause_start(sentence: str, a: int) -> int:
    cut = max(sentence.rfind(c, 0, a) for c in ",，;；:：")
    # A list of quantities, '示范社20家、家庭农场示范场30家': each names the words after the previous one.
    comma = sentence.rfind("、", cut + 1, a)
    if comma > 0 and _QUANTITY_END.search(sentence[cut + 1 : comma]):
        return comma + 1
    return cut + 1


def _clause_end(sentence: str, b: int) -> int:
    end = _clause_end_at(sentence, b)
    tail = re.match(r"(?:左右|以上|及以上|以下|以内)?、", sentence[b : b + 4])
    return min(end, b + tail.end() - 1) if tail else end  # with a tail, the next quantity of a list starts there


def _target_year(sentence: str, a: int, doc_year: int | None, carry: int | None,
                 recurring: str | None) -> tuple[int | None, bool]:
    """A year stated earlier in the same sentence wins; else the paragraph's carried year. Recurring
    quantities (每年…) have no target year unless the sentence states one."""
    best = None
    for m in _YEAR_PHRASE.finditer(sentence[:a]):
        y = _year_value(m, doc_year)
        if recurring and m.group().endswith("起"):
            continue  # '2025年起每年组织…10场次': when the yearly count starts, not a target year
        if y is not None:
            best = y
    if best is not None:
        return best, True
    if recurring:
        return None, False
    return carry, carry is not None


def _vocabulary_name(pre: str, post: str, context: str, unit: str) -> str | None:
    """Counts name their object after the unit (建成 2 个…基地), rates before it (…比例达到 50%);
    the words nearest the number decide, the rest of the sentence only when they say nothing."""
    nearest = (pre, post) if unit in SUBJECT_BEFORE else (post.lstrip("的"), pre)
    per_unit = canonical_indicator(pre + post, unit, per_unit_only=True)  # 每所院校 … 2 个 … 基地
    if per_unit:
        return per_unit
    for phrase in (*nearest, context):
        name = canonical_indicator(phrase, unit)
        if name:
            return name
    return None


def _indicator_phrase(pre: str, post: str, unit: str) -> str:
    pre = _LEVEL_VERB.sub("", pre.strip())
    if unit in SUBJECT_BEFORE:
        return pre.strip() or post.strip()
    return (pre.strip() + "…" + post.strip().lstrip("的")) if post.strip() else pre.strip()


_PURPOSE = re.compile(r"^\s*(?:的)?(?:支持|用于|专项用于|扶持|奖励|补助|补贴)")


def _subject(pre: str, post: str, unit: str) -> str:
    post = re.sub(r"^[（(][^）)]{0,4}[）)]", "", post)  # '住房1000套（间）'
    stated_before = _LEVEL_VERB.sub("", pre).strip()
    if unit in SUBJECT_BEFORE and not stated_before:  # '80%以上的县级医院达到推荐标准'
        return re.sub(r"^(以上|及以上|以下|以内)?的?", "", post.strip())
    if unit in ("元", "万元", "亿元") and _PURPOSE.match(post) and stated_before:
        return pre  # '安排专项资金5亿元支持医共体建设': the money, not its purpose
    if unit in SUBJECT_BEFORE or not re.sub(r"^(以上|以下|以内|及以上|左右|的)+", "", post.strip()):
        return _LEVEL_VERB.sub("", pre)
    return re.sub(r"^(以上|及以上|左右|的)+", "", post.strip())


def _evidence_window(sentence: str, clause_start: int, clause_end: int) -> tuple[int, int]:
    """The sentence, or for a long one the clause with its neighbours, without the final mark."""
    end = len(sentence.rstrip("。！？；!?; "))
    if end <= 120:
        return 0, end
    start = max(sentence.rfind(c, 0, max(0, clause_start - 1)) for c in ",，;；")
    return start + 1, min(end, clause_end)
