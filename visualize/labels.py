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
    "kind.Department": ("部门", "Department"),
    "kind.Region": ("地区", "Region"),
    "kind.Document": ("文件", "Document"),
    "kind.Measure": ("措施", "Measure"),
    "kind.Target": ("目标", "Target"),
    "kind.Indicator": ("指标", "Indicator"),
    "kind.Function": ("职能", "Function"),
    "kind.Deadline": ("期限", "Deadline"),
    "graph.search": ("查找", "Find"),
    "graph.search_hint": ("按名称查找节点", "Find a node by name"),
    "graph.fit": ("全图", "Fit"),
    "graph.zoom_in": ("放大", "Zoom in"),
    "graph.zoom_out": ("缩小", "Zoom out"),
    "graph.png": ("下载 PNG", "Download PNG"),
    "graph.csv": ("CSV", "CSV"),
    "graph.json": ("JSON", "JSON"),
    "graph.table": ("节点表", "Nodes"),
    "graph.type": ("类型", "Type"),
    "graph.caption": ("名称", "Name"),
    "graph.props": ("属性", "Properties"),
    "graph.legend": ("图例", "Legend"),
    "graph.legend_hint": ("（点击隐藏/显示）", "(click to hide/show)"),
    "graph.layout": ("布局计算中…", "Laying out…"),
    "graph.done": ("布局完成", "Layout done"),
    "graph.nodes": ("个节点", "nodes"),
    "graph.visible": ("可见", "visible"),
    "graph.empty": ("没有可显示的节点", "No nodes to show"),
    "graph.not_found": ("未找到节点", "No node found"),
    "graph.expand_hint": ("双击节点展开其相邻节点", "Double-click a node to expand its neighbours"),
    "graph.expand_off": ("导出文件中不能展开节点", "Expanding is off in an exported file"),
    "graph.expanding": ("正在展开…", "Expanding…"),
    "graph.expanded": ("已展开，新增", "Expanded, added"),
    "graph.open": ("打开节点页", "Open node page"),
    "graph.table_csv": ("下载节点表 CSV", "Download node table CSV"),
    "graph.no_lead": ("本文件未区分牵头与配合单位", "This document does not tell lead from co-responsible units"),
    "graph.lead_edge": ("牵头", "lead"),
    "graph.co_edge": ("配合", "co"),
    "status.overdue": ("已逾期", "overdue"),
    "status.due": ("未到期（当期）", "due this period"),
    "status.upcoming": ("未到期", "not yet due"),
    "status.ongoing": ("持续推进", "ongoing"),
    "status.none": ("无期限", "no deadline"),
    "status": ("状态", "Status"),
    "planner": ("部门任务与期限", "Departments, tasks and deadlines"),
    "lead_tasks": ("牵头任务", "Lead tasks"),
    "co_tasks": ("配合任务", "Co tasks"),
    "earliest_deadline": ("最早期限", "Earliest deadline"),
    "next_deadline": ("下一期限", "Next deadline"),
    "overdue_count": ("已逾期任务", "Overdue tasks"),
    "task": ("任务", "Task"),
    "role": ("分工", "Role"),
    "show": ("查看", "Show"),
    "timeline": ("期限分布", "Deadlines over time"),
    "dept_network": ("部门网络图", "Department network"),
    "no_leads": ("本地区文件未区分牵头单位与配合单位：所列单位均为责任单位，下表计入“配合”。",
                 "This region's documents do not distinguish lead from co-responsible units: every unit listed "
                 "is counted as co-responsible."),
    "unknown_region": ("未找到该地区", "Unknown region"),
    # research pages (indicators, compare, baseline, search)
    "indicators_count": ("个指标", "indicators"),
    "all_indicators": ("全部指标", "All indicators"),
    "matched_indicators": ("匹配的指标", "Matching indicators"),
    "network_view": ("网络视图", "network view"),
    "chart": ("图表", "Chart"),
    "chart_cut": ("图表只画前 60 条；表格列出全部。", "The chart draws the first 60; the table lists all."),
    "comparator": ("比较", "Comparator"),
    "source": ("出处", "source"),
    "target": ("目标", "Target"),
    "province": ("省份", "Province"),
    "province_target": ("省级目标", "Province target"),
    "relation": ("对比结果", "Relation"),
    "relation.above": ("高于省级", "above province"),
    "relation.equal": ("与省级持平", "equal to province"),
    "relation.below": ("低于省级", "below province"),
    "relation.province_has_none": ("省级未设", "province sets none"),
    "relation.not_comparable": ("不可比", "not comparable"),
    "baseline_about": ("各市县目标与所在省份同一指标目标的对比", "Each city's target against its province's on the same indicator"),
    "choose_regions": ("选择地区", "Choose regions"),
    "did_you_mean": ("您是不是要找：", "Did you mean:"),
    "shared_indicators": ("共同指标", "Shared indicators"),
    "shared_measures": ("相同措施", "Shared measures"),
    "unique_measures": ("独有措施", "Unique measures"),
    "measure": ("措施", "Measure"),
    "more_rows": ("仅列出部分；完整数据见 CSV/JSON。", "Partial list; CSV/JSON have all."),
    "results": ("条结果", "results"),
    "all_regions": ("全部地区", "All regions"),
    "search_hint": ("搜索措施，如：产教融合", "search measures, e.g. 产教融合"),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "kind.body": ("正文", "body"),
    "kind.task": ("任务", "task"),
    "kind.goal": ("目标", "goal"),
}

COMPARATORS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝", "range": "至", "~": "约"}


def label(key: str, lang: str = "zh") -> str:
    zh, en = _LABELS.get(key, (key, key))
    return en if lang == "en" else zh


def comparator(op: str | None) -> str:
    return COMPARATORS.get(op or "", op or "")


def level(name: str | None, lang: str = "zh") -> str:
    return label(f"level.{name}", lang) if name else ""


# Column names of the pages' CSV downloads in the Chinese interface (the API's CSV keeps its field names).
CSV_HEADERS = {
    "indicator": "指标", "region": "地区", "region_level": "级别", "level": "级别", "province": "省份",
    "comparator": "比较", "value": "目标值", "value_max": "上限", "unit": "单位", "year": "年份",
    "recurring": "每年", "evidence": "原文", "indicator_text": "原文指标", "document_id": "文件编号",
    "document_title": "文件标题", "source": "来源文件", "measure_id": "措施编号", "measure_kind": "措施类型",
    "measure_path": "条目", "measure_seq": "序号", "span_start": "起始位置", "span_end": "结束位置",
    "department": "部门", "function": "职能", "role": "角色", "seq": "序号", "path": "条目", "task": "任务",
    "deadline": "期限", "status": "状态", "rank": "排名", "kind": "类型", "title": "标题", "snippet": "摘要",
    "indicators": "指标", "name": "名称", "targets": "目标数", "regions": "地区", "documents": "文件数",
    "task_rows": "任务数", "units": "单位",
}


def csv_row(row: dict, lang: str = "zh") -> dict:
    """A CSV row for people: Chinese column names, ≥/≤ and 地级/县级 in the Chinese interface."""
    if lang == "en":
        return row
    out = {}
    for key, value in row.items():
        if key == "comparator":
            value = comparator(value)
        elif key in ("region_level", "level") and isinstance(value, str):
            value = level(value) or value
        out[CSV_HEADERS.get(key, key)] = value
    return out
