"""The interface's words, in Chinese first and English by switch (?lang=en): one table, no label in code."""

from __future__ import annotations

LANGS = ("zh", "en")

_LABELS: dict[str, tuple[str, str]] = {
    "app": ("PolicyGraph 政策知识图谱", "PolicyGraph"),
    "home": ("首页", "Home"),
    "indicators": ("指标", "Indicators"),
    "indicator": ("指标", "Indicator"),
    "compare": ("对比", "Compare"),
    "baseline": ("省级基准", "Province baseline"),
    "regions": ("地区", "Regions"),
    "region": ("地区", "Region"),
    "departments": ("部门", "Departments"),
    "department": ("部门", "Department"),
    "search": ("搜索", "Search"),
    "citations": ("引用网络", "Citations"),
    "api_docs": ("API 文档", "API docs"),
    "documents": ("文件", "Documents"),
    "tasks": ("任务", "Tasks"),
    "targets": ("目标", "Targets"),
    "value": ("目标值", "Value"),
    "year": ("年份", "Year"),
    "unit": ("单位", "Unit"),
    "evidence": ("原文", "Evidence"),
    "level": ("级别", "Level"),
    "function": ("职能", "Function"),
    "lead": ("牵头", "Lead"),
    "co": ("配合", "Co-responsible"),
    "deadline": ("期限", "Deadline"),
    "overdue": ("已逾期", "Overdue"),
    "ongoing": ("持续推进", "Ongoing"),
    "as_of": ("截至日期", "As of"),
    "filter": ("筛选", "Filter"),
    "download": ("下载", "Download"),
    "rows": ("行", "rows"),
    "no_rows": ("没有数据", "Nothing here"),
    "language": ("English", "中文"),
    "level.province": ("省级", "province"),
    "level.prefecture": ("地级", "prefecture"),
    "level.county": ("县级", "county"),
    "role.lead": ("牵头", "lead"),
    "role.co": ("配合", "co"),
}

COMPARATORS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝", "range": "至", "~": "约"}


def label(key: str, lang: str = "zh") -> str:
    zh, en = _LABELS.get(key, (key, key))
    return en if lang == "en" else zh


def comparator(op: str | None) -> str:
    return COMPARATORS.get(op or "", op or "")


def level(name: str | None, lang: str = "zh") -> str:
    return label(f"level.{name}", lang) if name else ""
