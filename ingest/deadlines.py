"""Deadline wordings of the genre → (year, month, kind).

date:    2022 年 12 月 · 2021年 · 2022年底前 · 2022年上半年 · 5月底完成 (year from the document)
         年内 · 年底前 · 上半年 · 三季度末 (no year written: the document's year)
ongoing: 持续推进 · 长期坚持 · 常态化 · 每年 · 每季度 · 每月
period:  “十四五”期间 / 末 → end of the plan period · 2021—2025年 → its last year
"""

from __future__ import annotations

import re

from .models import Deadline
from .text import fold

_FIVE_YEAR_PLANS = {"十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}
_ONGOING = re.compile(r"持续|长期|常态|每年|每半年|每季度?|每月|每周|逐年|按年度|按季度?|按月|定期|经常性|动态")
# The current year without a number: 年内完成 · 年底前 · 本年度 · 上半年 · 第三季度 / 三季度末
_THIS_YEAR = re.compile(
    r"^(?:本|今|当)?(?:年内|年底|年末|年度内?|上半年|下半年)|^(?:本年)?第?([一二三四1-4])季度|^(?P<term>春季|秋季)(?:学期|开学)")
_MONTH_RANGE = re.compile(
    r"(?P<y1>\d{4})\s*年\s*\d{1,2}\s*月\s*[-—–~～至到]\s*(?:(?P<y2>\d{4})\s*年\s*)?(?P<m2>\d{1,2})\s*月")
_RANGE = re.compile(r"(\d{4})\s*年?\s*[-—–~～至到]\s*(\d{4})\s*年?")
_YEAR_MONTH = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月)?\s*年?(底|末|前|上半年|下半年|第?[一二三四1-4]季度)?")
_MONTH_ONLY = re.compile(r"(\d{1,2})\s*月\s*(底|末|前|中旬|上旬|下旬)?")
_QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


def parse_deadline(raw: str | None, doc_year: int | None = None) -> Deadline:
    if raw is None or not raw.strip():
        return Deadline.none()
    shown = re.sub(r"(?<=[\d年月])\s+|\s+(?=[年月\d])", "", raw.strip())
    f = fold(shown)
    for plan, end_year in _FIVE_YEAR_PLANS.items():
        if plan in f:
            return Deadline(shown, end_year, 12, "period")
    m = _RANGE.search(f)
    if m and int(m.group(2)) > int(m.group(1)):
        return Deadline(shown, int(m.group(2)), 12, "period")
    if re.search(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?\s*(?:起|开始)", f) and not re.search(r"前|底|完成", f):
        return Deadline(shown, None, None, "ongoing")  # '2025年起': from then on, not by then
    m = _MONTH_RANGE.search(f)
    if m:  # '2024年3月至2024年12月' · '2024年3月—6月': due at the end
        return Deadline(shown, int(m.group("y2") or m.group("y1")), int(m.group("m2")), "date")
    m = _YEAR_MONTH.search(f)
    if m:
        year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
        tail = m.group(3) or ""
        if month is None and tail in ("底", "末"):
            month = 12
        elif month is None and tail == "上半年":
            month = 6
        elif month is None and tail == "下半年":
            month = 12
        elif month is None and tail.endswith("季度"):
            month = _QUARTER_END.get(tail.lstrip("第")[0])
        return Deadline(shown, year, month, "date")
    if _ONGOING.search(f):
        return Deadline(shown, None, None, "ongoing")
    m = _THIS_YEAR.match(f)
    if m:
        if m.group("term"):  # 春季开学前 · 秋季开学前
            return Deadline(shown, doc_year, 2 if m.group("term") == "春季" else 9, "date")
        month = _QUARTER_END[m.group(1)] if m.group(1) else 6 if f.lstrip("本今当").startswith("上半年") else 12
        return Deadline(shown, doc_year, month, "date")
    m = _MONTH_ONLY.search(f)
    if m and 1 <= int(m.group(1)) <= 12:
        return Deadline(shown, doc_year, int(m.group(1)), "date")
    return Deadline(shown, None, None, "none")


_INLINE_DEADLINE = re.compile(
    r"(?:于|在|到|至)?(?P<d>\d{4}\s*年\s*(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|第?[一二三四1-4]季度)?\s*(?:底|末)?(?:前|以前)?"
    r"|(?<![年\d])\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|末)|(?:春季|秋季)(?:学期|开学)|(?<![\d一二两三四五六七八九十几])(?:本|今)?年(?:底|内|度内?)|(?:本年)?第?[一二三四1-4]季度(?:末)?"
    r"|[“\"]?十[三四五六]五[”\"]?(?:期间|末))"
    r"\s*(?:前|以前)?\s*(?:完成|完工|建成|出台|实现|落实|到位|投用|投入使用|上线|见效|取得[\u4e00-\u9fff]{0,6}(?:成效|进展|突破))"
)
_ONGOING_WORDS = r"长期坚持|持续推进|常态化推进|常态化开展|长期推进|持续开展|长期开展|持续优化|持续实施|按进度推进|长期执行"
# Ongoing at the end of the measure, or anywhere inside a bracketed note: （持续推进，牵头单位：…）
_INLINE_ONGOING = re.compile(
    rf"({_ONGOING_WORDS})[)）]?\s*$|[（(][^（）()]*?({_ONGOING_WORDS})[^（）()]*[）)]")
# A dated goal or end: '确保2020年3月初…达到' · '延期至2020年6月30日' · '执行期…至2020年12月底'
_DATED_END = re.compile(
    r"(?:确保|力争|争取|延期至|延长至|顺延至|(?<![截])至)\s*"
    r"(?P<d>\d{4}\s*年\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|末|初|上旬|中旬|下旬)?)")
# A labelled time limit inside a responsibility note: （责任单位：…；完成时限：2023年12月底前）
_LABELLED = re.compile(r"(?:完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|时限)\s*[:：]\s*(?P<d>[^；;。，,）)\n]{2,30})")
# A dated limit: '2024年6月底前，建成…' · '2023年9月30日前报送' · '…，2025年前' (a bare year needs the clause to end)
_DATED_LIMIT = re.compile(
    r"(?P<d>\d{4}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?\s*(?:底|末)?|底|末)\s*(?:前|以前)"
    r"|\d{4}\s*年\s*(?:前|以前)(?=[，,。；;）)]|$))")


def inline_deadline(text: str, doc_year: int | None = None) -> Deadline:
    """A deadline written inside a measure ('2022年底前完成', '5月底完成', '（长期坚持）')."""
    f = fold(text)
    ongoing = _INLINE_ONGOING.search(f)
    m = _LABELLED.search(f) or _INLINE_DEADLINE.search(f) or _DATED_LIMIT.search(f) or _DATED_END.search(f)
    if m:
        d = parse_deadline(text[m.start("d") : m.end("d")], doc_year)
        if ongoing and d.kind == "date":  # a milestone, then on: '9月底取得阶段性成效并持续推进'
            return Deadline(d.raw, d.year, d.month, d.kind, ongoing=True)
        return d
    if ongoing:
        return Deadline(ongoing.group(1) or ongoing.group(2), None, None, "ongoing")
    return Deadline.none()
