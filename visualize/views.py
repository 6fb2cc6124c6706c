"""Network views built from query results (never from the store): each returns a GraphView for page.py."""

from __future__ import annotations

import hashlib
import itertools
import math
from urllib.parse import quote

from policykg.queries.engine import QueryEngine
from policykg.queries.models import DepartmentNetwork, Subgraph

from .labels import level as level_label
from .page import GraphView, LegendEntry, ViewEdge, ViewNode, kind_label, view_url

# Twenty distinct colours, handed out in a stable order (functions by workload, then name), never hashed:
# within one view no two functions share a colour; beyond the table the rest are grey ("其他" always is).
PALETTE = ("#e6194b", "#4363d8", "#3cb44b", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#800000",
           "#469990", "#bfef45", "#000075", "#808000", "#ffe119", "#fabed4", "#2f4f4f", "#dcbeff", "#ffd8b1",
           "#aaffc3", "#c71585")  # after Trubetskoy's 20 distinct colours, grey kept for 其他
OTHER = "#9ca3af"
KIND_COLOURS = {"Region": "#1d4ed8", "Document": "#334155", "Measure": "#64748b", "Target": "#16a34a",
                "Indicator": "#15803d", "Department": "#ea580c", "Function": "#9333ea", "Deadline": "#dc2626"}
LEAD, CO = "#b91c1c", "#94a3b8"
TASK = "#cbd5e1"
SEED = 20240601  # the department layout's only source of variation: the same graph always draws the same


def function_colours(functions: list[str]) -> dict[str, str]:
    """Colour per function, in the given (stable) order; 其他 and those past the palette are grey."""
    named = [f for f in functions if f != "其他"]
    out = {f: PALETTE[i] if i < len(PALETTE) else OTHER for i, f in enumerate(named)}
    out["其他"] = OTHER
    return out


def node_link(key: str) -> str:
    return f"/views/node/{quote(key, safe='')}"


def _jitter(key: str) -> float:
    """A fixed number in [0, 1) per key (seeded, so it is the same on every run and machine)."""
    return int(hashlib.md5(f"{SEED}:{key}".encode()).hexdigest()[:8], 16) / 0x100000000


def _cluster_layout(functions: list[str], members: dict[str, list[str]], tasks: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Fixed positions: one cluster per function on a circle (largest first, from twelve o'clock), its
    departments on a ring round the function's centre, each task just outside its lead department."""
    pos: dict[str, tuple[float, float]] = {}
    rings = {f: 0.0 if len(members.get(f, [])) <= 1 else 40 + 12 * len(members[f]) for f in functions}
    widths = {f: 2 * rings[f] + 150 for f in functions}  # the arc each cluster takes on the big circle
    radius = 0.0 if len(functions) <= 1 else max(220.0, sum(widths.values()) / (2 * math.pi))
    centres, arc = {}, 0.0
    for f in functions:
        a = (arc + widths[f] / 2) / max(radius, 1.0) - math.pi / 2
        arc += widths[f]
        centres[f] = (radius * math.cos(a), radius * math.sin(a))
        out = rings[f] + 70  # the function just outside its departments
        pos[f"function:{f}"] = (centres[f][0] + out * math.cos(a), centres[f][1] + out * math.sin(a))
        depts = members.get(f, [])
        for j, d in enumerate(depts):
            b = 2 * math.pi * j / max(1, len(depts)) + a + math.pi
            pos[d] = (centres[f][0] + rings[f] * math.cos(b), centres[f][1] + rings[f] * math.sin(b))
    placed: dict[str, int] = {}
    for t, d in sorted(tasks.items()):
        if d not in pos:
            continue
        n = placed[d] = placed.get(d, 0) + 1
        dx, dy = pos[d][0], pos[d][1]
        fx, fy = next((centres[f] for f in functions if d in members.get(f, [])), (0.0, 0.0))
        base = math.atan2(dy - fy, dx - fx) if (dx, dy) != (fx, fy) else 0.0
        a = base + (n % 7 - 3) * 0.35 + (_jitter(t) - 0.5) * 0.2
        r = 55 + 16 * (n // 7)
        pos[t] = (dx + r * math.cos(a), dy + r * math.sin(a))
    return pos


def department_view(net: DepartmentNetwork) -> GraphView:
    """Tasks and the departments that lead (thick red, 牵头) or share (dashed grey, 配合) them; departments
    clustered and coloured by canonical function, sized by workload."""
    present = {n.function or "其他" for n in net.nodes if n.kind == "department"}
    functions = [f for f in net.functions if f in present] + sorted(present - set(net.functions))
    functions = [f for f in functions if f != "其他"] + (["其他"] if "其他" in present else [])
    colours = function_colours(functions)
    members: dict[str, list[str]] = {}
    for n in sorted((n for n in net.nodes if n.kind == "department"), key=lambda n: (-n.workload, n.id)):
        members.setdefault(n.function or "其他", []).append(n.id)
    lead_of: dict[str, str] = {}
    for e in net.edges:
        if e.kind == "lead":
            lead_of.setdefault(e.target, e.source)
    for e in net.edges:
        if e.kind == "co":
            lead_of.setdefault(e.target, e.source)
    pos = _cluster_layout(functions, members, lead_of)
    nodes: list[ViewNode] = []
    for n in net.nodes:
        x, y = pos.get(n.id, (None, None))
        if n.kind == "function":
            nodes.append(ViewNode(n.id, n.label, "职能", colours.get(n.label, OTHER),
                                  [f"职能：{n.label}", f"任务数：{n.workload}"], size=14 + min(n.workload, 40) / 2,
                                  shape="square", kind="Function", key=n.label, function=n.label, x=x, y=y,
                                  fixed=x is not None))
        elif n.kind == "department":
            fn = n.function or "其他"
            nodes.append(ViewNode(n.id, n.label, fn, colours.get(fn, OTHER),
                                  [f"部门：{n.label}", f"职能：{fn}", f"承担任务：{n.workload}"],
                                  size=10 + min(n.workload, 60) / 2, link=node_link(n.id), kind="Department", key=n.id,
                                  function=fn, x=x, y=y, fixed=x is not None))
        else:
            nodes.append(ViewNode(n.id, n.label, "任务", TASK, [n.title or n.label], size=7, shape="box",
                                  link=node_link(n.id), kind="Measure", key=n.id, x=x, y=y))
    edges = [ViewEdge(e.source, e.target, label="牵头" if e.kind == "lead" else "配合",
                      color=LEAD if e.kind == "lead" else CO, width=3 if e.kind == "lead" else 1, dashes=e.kind == "co")
             for e in net.edges if e.kind != "is_a"]
    edges += [ViewEdge(e.source, e.target, color="#e9d5ff", dashes=True) for e in net.edges if e.kind == "is_a"]
    leads = sum(1 for e in net.edges if e.kind == "lead")
    legend: list = [LegendEntry(f"牵头（红色粗实线，{leads}）", LEAD, "line"),
                    LegendEntry(f"配合（灰色虚线，{sum(1 for e in net.edges if e.kind == 'co')}）", CO, "dash"),
                    LegendEntry("任务", TASK, "box", "kind:Measure"), LegendEntry("职能节点", OTHER, "square", "kind:Function")]
    legend += [LegendEntry(f"{f}（{len(members.get(f, []))} 个部门" + (f"，{net.functions[f]} 项）" if net.functions.get(f)
                                                                   else "）"), colours[f], "dot", f"fn:{f}")
               for f in functions]
    notice = f"任务较多：显示前 {sum(1 for n in net.nodes if n.kind == 'task')} / {net.total_tasks} 项" if net.truncated else ""
    notes = [] if leads or not net.edges else [("no-lead", "本文件未区分牵头与配合单位：所有单位均按“配合”绘制")]
    ordered = sorted(nodes, key=lambda n: (n.group == "任务", n.id))  # departments first survive truncation
    return GraphView(f"{net.region} 部门—任务网络", ordered, edges, legend,
                     f"{net.total_tasks} 项任务，{sum(1 for n in net.nodes if n.kind == 'department')} 个部门，"
                     f"{len(functions)} 类职能", notice, notes=notes, seeded=True,
                     links=[("地区概览", view_url("region", net.region)),
                            ("CSV", view_url("departments", net.region) + "?format=csv"),
                            ("JSON", view_url("departments", net.region) + "?format=json"),
                            ("导出 HTML", f"/export/subgraph.html?department={quote(net.region, safe='')}")])


def _kind_legend(kinds: list[str], shapes: dict[str, str] | None = None) -> list:
    shapes = shapes or {}
    return [LegendEntry(kind_label(k), KIND_COLOURS[k], shapes.get(k, "dot"), f"kind:{k}") for k in kinds]


def indicator_view(engine: QueryEngine, indicator: str) -> GraphView:
    """An indicator, each region's target on it (value and year), and the measure stating it."""
    rows = engine.targets(indicator, limit=1000).items
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    for name in sorted({r.indicator for r in rows}):
        nodes[f"indicator:{name}"] = ViewNode(f"indicator:{name}", name, "指标", KIND_COLOURS["Indicator"], [name],
                                              size=24, shape="square", link=node_link(name), kind="Indicator", key=name)
    for r in rows:
        region_id = f"region:{r.region}"
        nodes.setdefault(region_id, ViewNode(region_id, r.region or "?", "地区", KIND_COLOURS["Region"],
                                             [f"{r.region}（{r.province or ''}）"], size=18, link=node_link(r.region or ""),
                                             kind="Region", key=r.region or ""))
        tid = f"target:{r.measure_id}:{r.span_start}"
        label = f"{r.comparator}{r.value}{r.unit}" + (f"（{r.year}）" if r.year else "")
        nodes[tid] = ViewNode(tid, label, "目标", KIND_COLOURS["Target"],
                              [f"{r.region}：{label}", f"依据：{r.evidence}", f"来源：{r.document_title or ''}（{r.source}）"],
                              size=12, link=node_link(r.measure_id), kind="Target")
        edges.append(ViewEdge(f"indicator:{r.indicator}", tid, label=r.region or ""))
        edges.append(ViewEdge(region_id, tid, color="#93c5fd", dashes=True))
    legend = _kind_legend(["Indicator", "Region", "Target"], {"Indicator": "square"})
    legend[2] = LegendEntry("目标（数值与年份）", KIND_COLOURS["Target"], "dot", "kind:Target")
    regions = sorted({r.region for r in rows if r.region})
    return GraphView(f"指标对比：{indicator}", list(nodes.values()), edges, legend,
                     f"{len(rows)} 个目标，{len(regions)} 个地区：{'、'.join(regions)}",
                     links=[("CSV", view_url("indicator", indicator) + "?format=csv"),
                            ("JSON", view_url("indicator", indicator) + "?format=json"),
                            ("导出 HTML", f"/export/subgraph.html?indicator={quote(indicator, safe='')}")])


def region_view(engine: QueryEngine, region: str, max_nodes: int = 1000) -> GraphView:
    """A region's documents, their measures, and the departments, targets and deadlines on them. Each
    target and dated entry adds a node, so no more than max_nodes of each are read."""
    detail = engine.region(region)
    net = engine.department_network(region, max_tasks=min(300, max_nodes))
    targets = engine.targets(None, region, limit=max_nodes).items
    timeline = engine.deadlines(region, limit=max_nodes)
    rid = f"region:{region}"
    nodes: dict[str, ViewNode] = {rid: ViewNode(rid, region, "地区", KIND_COLOURS["Region"],
                                                [f"{region}（{detail.level or ''}）"], size=26, kind="Region", key=region)}
    edges: list[ViewEdge] = []
    for d in detail.document_list:
        nodes[d.id] = ViewNode(d.id, (d.title or d.id)[:24], "文件", KIND_COLOURS["Document"],
                               [d.title or "", d.doc_number or "", d.issued_date or "", d.source or ""],
                               size=20, shape="box", link=node_link(d.id), kind="Document", key=d.id)
        edges.append(ViewEdge(d.id, rid, label="发布"))
    measure_doc = {e.measure_id: e.document_id for e in timeline.entries}
    measure_doc.update({t.measure_id: t.document_id for t in targets})

    def measure_node(mid: str, label: str, tip: str) -> None:
        if mid not in nodes:
            nodes[mid] = ViewNode(mid, label, "措施", KIND_COLOURS["Measure"], [label, tip], size=8, shape="box",
                                  link=node_link(mid), kind="Measure", key=mid)
            if mid in measure_doc:
                edges.append(ViewEdge(mid, measure_doc[mid], color="#cbd5e1"))

    for t in targets:
        measure_node(t.measure_id, t.measure_path or (str(t.measure_seq) if t.measure_seq else "措施"), t.evidence)
        tid = f"target:{t.measure_id}:{t.span_start}"
        label = f"{t.indicator} {t.comparator}{t.value}{t.unit}"
        nodes[tid] = ViewNode(tid, label[:22], "目标", KIND_COLOURS["Target"], [label, f"依据：{t.evidence}"], size=9,
                              kind="Target")
        edges.append(ViewEdge(t.measure_id, tid, color=KIND_COLOURS["Target"]))
    for e in timeline.entries:
        if e.deadline_kind in ("date", "period"):
            measure_node(e.measure_id, e.path or str(e.seq or ""), e.title)
            did = f"deadline:{e.year}-{e.month or ''}"
            nodes.setdefault(did, ViewNode(did, f"{e.year}" + (f"-{e.month:02d}" if e.month else ""), "期限",
                                           KIND_COLOURS["Deadline"], [e.raw or ""], size=10, shape="diamond",
                                           kind="Deadline"))
            edges.append(ViewEdge(e.measure_id, did, color="#fca5a5"))
    present = {n.function or "其他" for n in net.nodes if n.kind == "department"}
    functions = [f for f in net.functions if f in present and f != "其他"] + sorted(present - set(net.functions) - {"其他"})
    colours = function_colours(functions)
    for n in net.nodes:
        if n.kind == "department":
            fn = n.function or "其他"
            nodes[n.id] = ViewNode(n.id, n.label, fn, colours.get(fn, OTHER),
                                   [n.label, f"职能：{fn}", f"任务：{n.workload}"], size=10 + min(n.workload, 40) / 3,
                                   link=node_link(n.id), kind="Department", key=n.id, function=fn)
    linked: set[str] = set()
    for e in net.edges:
        if e.kind in ("lead", "co") and e.target in nodes:
            linked.add(e.source)
            edges.append(ViewEdge(e.source, e.target, label="牵头" if e.kind == "lead" else "配合",
                                  color=LEAD if e.kind == "lead" else CO, width=3 if e.kind == "lead" else 1,
                                  dashes=e.kind == "co"))
    for n in net.nodes:  # a department whose tasks are not drawn still belongs to the region: say how much
        if n.kind == "department" and n.id not in linked:
            edges.append(ViewEdge(n.id, rid, label=f"任务 {n.workload}", color="#fdba74", dashes=True))
    present_kinds = {n.kind for n in nodes.values()}
    legend = _kind_legend([k for k in ("Region", "Document", "Measure", "Target", "Deadline") if k in present_kinds],
                          {"Document": "box", "Measure": "box", "Deadline": "diamond"})
    if "Department" in present_kinds:
        legend += [LegendEntry("部门（按职能着色）", KIND_COLOURS["Department"], "dot", "kind:Department")]
    legend += [LegendEntry(f"{f}（{net.functions.get(f, 0)}）", colours[f], "dot", f"fn:{f}") for f in functions]
    order = {"地区": 0, "文件": 1, "措施": 2, "目标": 3, "期限": 4}
    ordered = sorted(nodes.values(), key=lambda n: (order.get(n.group, 5), n.id))
    notes = [] if detail.document_list else [("no-documents", f"{region} 尚无收录的文件")]
    return GraphView(f"{region} 概览", ordered, edges, legend,
                     f"{len(detail.document_list)} 份文件，{detail.measures} 项措施，{detail.targets} 个目标", notes=notes,
                     links=[("部门网络", view_url("departments", region)),
                            ("CSV", view_url("region", region) + "?format=csv"),
                            ("JSON", view_url("region", region) + "?format=json"),
                            ("导出 HTML", f"/export/subgraph.html?region={quote(region, safe='')}")])


def citation_view(engine: QueryEngine) -> GraphView:
    """Which documents cite which 文号; citing regions and their chain up to the province."""
    edges_in = engine.citations(limit=1000).items
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    chained: set[tuple[str, str]] = set()

    def region_node(name: str) -> None:
        if f"region:{name}" not in nodes:  # built once: a chain is walked for each of 1,000 citations
            nodes[f"region:{name}"] = ViewNode(f"region:{name}", name, "地区", KIND_COLOURS["Region"], [name],
                                               size=14, link=node_link(name), kind="Region", key=name)

    for c in edges_in:
        if c.source_id not in nodes:
            nodes[c.source_id] = ViewNode(c.source_id, (c.source_title or c.source_id)[:20], "文件",
                                          KIND_COLOURS["Document"], [c.source_title or "", c.source_region or ""],
                                          size=18, shape="box", link=node_link(c.source_id), kind="Document",
                                          key=c.source_id)
        if c.cited_id not in nodes:
            nodes[c.cited_id] = ViewNode(c.cited_id, c.cited_number, "被引文号" if c.stub else "文件",
                                         "#94a3b8" if c.stub else KIND_COLOURS["Document"],
                                         [c.cited_number, c.cited_title or "（未收录）"], size=14, shape="box",
                                         kind="Document", key=c.cited_id)
        edges.append(ViewEdge(c.source_id, c.cited_id, label="引用"))
        chain = c.region_chain
        for a, b in itertools.pairwise(chain):
            region_node(a)
            region_node(b)
            if (a, b) not in chained:
                chained.add((a, b))
                edges.append(ViewEdge(f"region:{a}", f"region:{b}", color="#bfdbfe", dashes=True))
        if chain:
            region_node(chain[0])
            edges.append(ViewEdge(c.source_id, f"region:{chain[0]}", color="#bfdbfe"))
    unique = {(e.source, e.target, e.label): e for e in edges}
    legend = [LegendEntry("文件", KIND_COLOURS["Document"], "box", "group:文件"),
              LegendEntry("未收录的被引文号", "#94a3b8", "box", "group:被引文号"),
              LegendEntry("地区（上级）", KIND_COLOURS["Region"], "dot", "kind:Region")]
    return GraphView("引用网络", list(nodes.values()), list(unique.values()), legend, f"{len(edges_in)} 条引用",
                     links=[("CSV", "/views/citations?format=csv"), ("JSON", "/views/citations?format=json"),
                            ("导出 HTML", "/export/subgraph.html?citations=true")])


# store properties as the interface names them; values of a few are translated too
_PROP = {"name": "名称", "level": "级别", "province": "省份", "id": "编号", "title": "标题", "source": "来源文件",
         "format": "格式", "doc_number": "文号", "issued_date": "发布日期", "issuer": "发文机关", "seq": "序号",
         "path": "层级编号", "value": "目标值", "unit": "单位", "year": "年份", "month": "月份", "comparator": "比较",
         "kind": "类别", "function": "职能", "raw": "原文", "evidence": "依据", "indicator": "指标", "number": "文号",
         "doc": "所属文件", "region": "地区", "stub": "未收录", "parent": "上级", "depth": "层级", "span_start": "起始位置",
         "span_end": "结束位置", "role": "角色", "category": "类别", "aliases": "别名", "ongoing": "持续推进"}


def _props(props: dict) -> list[str]:
    out = []
    for k, v in props.items():
        if v in (None, "") or v is False:
            continue
        if k == "level" and isinstance(v, str):
            v = level_label(v) or v
        if v is True:
            v = "是"
        out.append(f"{_PROP.get(k, k)}：{v}")
    return out


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


_SHAPES = {"Document": "box", "Measure": "box", "Function": "square", "Deadline": "diamond", "Indicator": "square"}


def neighbourhood_view(sub: Subgraph) -> GraphView:
    """Any node and what lies within `depth` hops; the title names the node by its caption and type."""
    nodes = [ViewNode(f"{n.label}:{n.key}", _short(n.caption), kind_label(n.label), KIND_COLOURS.get(n.label, "#64748b"),
                      [f"{kind_label(n.label)}：{n.caption}", *_props(n.props)],
                      size=22 if n.depth == 0 else 12, shape=_SHAPES.get(n.label, "dot"),
                      link=node_link(n.key), kind=n.label, key=n.key) for n in sub.nodes]
    edges = [ViewEdge(e.source, e.target, label=_REL.get(e.type, e.type),
                      color=LEAD if e.type == "LED_BY" else (CO if e.type == "ASSIGNED_TO" else "#9aa5b1"),
                      width=3 if e.type == "LED_BY" else 1, dashes=e.type == "ASSIGNED_TO") for e in sub.edges]
    kinds = sorted({n.label for n in sub.nodes if n.label in KIND_COLOURS}, key=list(KIND_COLOURS).index)
    legend = _kind_legend(kinds, _SHAPES)
    notice = "已截断：达到节点上限" if sub.truncated else ""
    centre = next((n for n in sub.nodes if f"{n.label}:{n.key}" == sub.center), None)
    name = f"{centre.caption}（{kind_label(centre.label)}）" if centre else sub.center
    key = centre.key if centre else sub.center
    return GraphView(f"邻域：{name}", nodes, edges, legend, f"{sub.depth} 跳 · {len(nodes)} 个节点", notice,
                     links=[("CSV", node_link(key) + f"?depth={sub.depth}&format=csv"),
                            ("JSON", node_link(key) + f"?depth={sub.depth}&format=json"),
                            ("导出 HTML", f"/export/subgraph.html?node={quote(key, safe='')}&depth={sub.depth}")])


# relationship types as the interface names them (unknown types are shown as stored)
_REL = {"LED_BY": "牵头", "ASSIGNED_TO": "配合", "SETS": "设定", "ISSUED_BY": "发布", "IN": "属于", "PART_OF": "属于",
        "OF": "指标", "DUE": "期限", "IS_A": "职能", "CITES": "引用", "RESTATES": "转述"}
