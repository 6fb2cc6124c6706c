"""The government work report (政府工作报告): a review of last year, then this year's goals and tasks.

The review states results, not targets ('2023年地区生产总值增长5.8%'); the goals are for the report's
year, the year after its review. A report speaks as the government ('我代表市人民政府…报告工作').
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .text import fold

_REPORT = re.compile(r"我代表[^。]{0,24}?(?:人民政府|国务院)[^。]{0,12}报告|政府工作报告|^\s*(?:一、)?20\d\d\s*年工作回顾")
# Where the plan begins: '二、2024年工作安排' · '2024年政府工作的总体要求' · '今年主要预期目标' · '今后五年'
_PLAN = re.compile(
    r"(?P<y>20\d\d)\s*年(?:政府)?(?:的)?(?:工作(?:安排|任务|建议|思路|目标|重点|总体要求|的总体要求)|主要(?:预期)?目标|"
    r"经济社会发展(?:的)?(?:主要)?(?:预期)?目标|重点工作|工作重点)"
    r"|今年(?:政府工作|经济社会发展|的?主要预期目标|的?工作|主要目标)|今后五年|未来五年|做好(?:今年|20\d\d\s*年)")
_YEAR = re.compile(r"(20\d\d)\s*年")
_REVIEW_YEAR = re.compile(r"(20\d\d)\s*年(?:是|[，,]|工作回顾|以来|，?我们)")


@dataclass(frozen=True, slots=True)
class ReportFrame:
    year: int | None  # the report's year: its goals are for it
    plan_start: int  # offset where the review ends and the plan begins


def report_frame(text: str) -> ReportFrame | None:
    """The frame of a work report, or None for any other document."""
    f = fold(text)
    if not _REPORT.search(f[:5000].lstrip()):
        return None
    plan = _PLAN.search(f, 200)
    start = plan.start() if plan else 0
    if plan and plan.group("y"):
        return ReportFrame(int(plan.group("y")), start)
    opening = _REVIEW_YEAR.search(f[:start] if start else f)
    if opening:  # '2023年，在…领导下' · '刚刚过去的2023年' · '一、2023年工作回顾': the review's year
        return ReportFrame(int(opening.group(1)) + 1, start)
    review_years = Counter(int(y) for y in _YEAR.findall(f[:start] if start else f))
    return ReportFrame(review_years.most_common(1)[0][0] + 1 if review_years else None, start)
