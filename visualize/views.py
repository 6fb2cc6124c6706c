"""Network views built from query results (never from the store): each returns a GraphView for page.py."""

from __future__ import annotations

import hashlib
import itertools
from urllib.parse import quote

from policykg.queries.engine import QueryEngine
from policykg.queries.models import DepartmentNetwork, Subgraph

from .page import GraphView, ViewEdge, ViewNode

PALETTE = ("#3b82f6", "#ef4444", "#10b981", "#f59e0b", "#8b5cf6", "#ec4899", "#14b8a6", "#f97316", "#6366f1",
           "#84cc16", "#06b6d4", "#a855f7", "#eab308", "#22c55e", "#e11d48", "#0ea5e9")
KIND_COLOURS = {"Region": "#1d4ed8", "Document": "#334155", "Measure": "#64748b", "Target": "#16a34a",
                "Indicator": "#15803d", "Department": "#ea580c", "Function": "#9333ea", "Deadline": "#dc2626"}
LEAD, CO = "#b91c1c", "#94a3b8"


def colour_for(name: str) -> str:
    """A stable colour per function name, the same in every view and every city."""
    return PALETTE[int(hashlib.md5(name.encode("utf-8")).hexdigest(), 16) % len(PALETTE)]


def node_link(key: str) -> str:
    return f"/views/node/{quote(key, safe='')}"


def department_view(net: DepartmentNetwork) -> GraphView:
    """Tasks and the departments that lead (thick red) or share (dashed grey) them; departments coloured
    by canonical function and sized by workload."""
    nodes: list[ViewNode] = []
    for n in net.nodes:
        if n.kind == "function":
            nodes.append(ViewNode(n.id, n.label, "职能", colour_for(n.label), [f"职能：{n.label}", f"任务数：{n.workload}"],
                                  size=14 + min(n.workload, 40) / 2, shape="square"))
        elif n.kind == "department":
            fn = n.function or "其他"
            nodes.append(ViewNode(n.id, n.label, fn, colour_for(fn), [f"部门：{n.label}", f"职能：{fn}",
                                                                       f"承担任务：{n.workload}"],
                                  size=10 + min(n.workload, 60) / 2, link=node_link(n.id)))
        else:
            nodes.append(ViewNode(n.id, n.label, "任务", "#cbd5e1", [n.title or n.label], size=7, shape="box",
                                  link=node_link(n.id)))
    edges = [ViewEdge(e.source, e.target, color=LEAD if e.kind == "lead" else CO,
                      width=3 if e.kind == "lead" else 1, dashes=e.kind == "co")
             for e in net.edges if e.kind != "is_a"]
    edges += [ViewEdge(e.source, e.target, color="#d8b4fe", dashes=True) for e in net.edges if e.kind == "is_a"]
    functions = sorted(net.functions, key=lambda f: -net.functions[f])
    legend = [("牵头（实线）", LEAD, "line"), ("配合（虚线）", CO, "line"), ("任务", "#cbd5e1", "box")]
    legend += [(f"{f}（{net.functions[f]}）", colour_for(f), "dot") for f in functions]
    notice = f"任务较多：显示前 {sum(1 for n in net.nodes if n.kind == 'task')} / {net.total_tasks} 项" if net.truncated else ""
    ordered = sorted(nodes, key=lambda n: (n.group == "任务", n.id))  # departments first survive truncation
    return GraphView(f"{net.region} 部门—任务网络", ordered, edges, legend,
                     f"{net.total_tasks} 项任务，{sum(1 for n in net.nodes if n.kind == 'department')} 个部门", notice)


def indicator_view(engine: QueryEngine, indicator: str) -> GraphView:
    """An indicator, each region's target on it (value and year), and the measure stating it."""
    rows = engine.targets(indicator, limit=1000).items
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    for name in sorted({r.indicator for r in rows}):
        nodes[f"indicator:{name}"] = ViewNode(f"indicator:{name}", name, "指标", KIND_COLOURS["Indicator"], [name],
                                              size=24, shape="square", link=node_link(name))
    for r in rows:
        region_id = f"region:{r.region}"
        nodes.setdefault(region_id, ViewNode(region_id, r.region or "?", "地区", KIND_COLOURS["Region"],
                                             [f"{r.region}（{r.province or ''}）"], size=18, link=node_link(r.region or "")))
        tid = f"target:{r.measure_id}:{r.span_start}"
        label = f"{r.comparator}{r.value}{r.unit}" + (f"（{r.year}）" if r.year else "")
        nodes[tid] = ViewNode(tid, label, "目标", KIND_COLOURS["Target"],
                              [f"{r.region}：{label}", f"依据：{r.evidence}", f"来源：{r.document_title or ''}（{r.source}）"],
                              size=12, link=node_link(r.measure_id))
        edges.append(ViewEdge(f"indicator:{r.indicator}", tid, label=r.region or ""))
        edges.append(ViewEdge(region_id, tid, color="#93c5fd", dashes=True))
    legend = [("指标", KIND_COLOURS["Indicator"], "square"), ("地区", KIND_COLOURS["Region"], "dot"),
              ("目标（数值与年份）", KIND_COLOURS["Target"], "dot")]
    regions = sorted({r.region for r in rows if r.region})
    return GraphView(f"指标对比：{indicator}", list(nodes.values()), edges, legend,
                     f"{len(rows)} 个目标，{len(regions)} 个地区：{'、'.join(regions)}")


def region_view(engine: QueryEngine, region: str) -> GraphView:
    """A region's documents, their measures, and the departments, targets and deadlines on them."""
    detail = engine.region(region)
    net = engine.department_network(region, max_tasks=300)
    targets = engine.targets(None, region, limit=1000).items
    timeline = engine.deadlines(region, limit=1000)
    nodes: dict[str, ViewNode] = {f"region:{region}": ViewNode(f"region:{region}", region, "地区", KIND_COLOURS["Region"],
                                                               [f"{region}（{detail.level or ''}）"], size=26)}
    edges: list[ViewEdge] = []
    for d in detail.document_list:
        nodes[d.id] = ViewNode(d.id, (d.title or d.id)[:24], "文件", KIND_COLOURS["Document"],
                               [d.title or "", d.doc_number or "", d.issued_date or "", d.source or ""],
                               size=20, shape="box", link=node_link(d.id))
        edges.append(ViewEdge(d.id, f"region:{region}", label="发布"))
    measure_doc = {e.measure_id: e.document_id for e in timeline.entries}
    measure_doc.update({t.measure_id: t.document_id for t in targets})

    def measure_node(mid: str, label: str, tip: str) -> None:
        if mid not in nodes:
            nodes[mid] = ViewNode(mid, label, "措施", KIND_COLOURS["Measure"], [tip], size=8, shape="box",
                                  link=node_link(mid))
            if mid in measure_doc:
                edges.append(ViewEdge(mid, measure_doc[mid], color="#cbd5e1"))

    for t in targets:
        measure_node(t.measure_id, t.measure_path or (str(t.measure_seq) if t.measure_seq else "措施"), t.evidence)
        tid = f"target:{t.measure_id}:{t.span_start}"
        label = f"{t.indicator} {t.comparator}{t.value}{t.unit}"
        nodes[tid] = ViewNode(tid, label[:22], "目标", KIND_COLOURS["Target"], [label, f"依据：{t.evidence}"], size=9)
        edges.append(ViewEdge(t.measure_id, tid, color=KIND_COLOURS["Target"]))
    for e in timeline.entries:
        if e.deadline_kind in ("date", "period"):
            measure_node(e.measure_id, e.path or str(e.seq or ""), e.title)
            did = f"deadline:{e.year}-{e.month or ''}"
            nodes.setdefault(did, ViewNode(did, f"{e.year}" + (f"-{e.month:02d}" if e.month else ""), "期限",
                                           KIND_COLOURS["Deadline"], [e.raw or ""], size=10, shape="diamond"))
            edges.append(ViewEdge(e.measure_id, did, color="#fca5a5"))
    for n in net.nodes:
        if n.kind == "department":
            nodes[n.id] = ViewNode(n.id, n.label, n.function or "其他", colour_for(n.function or "其他"),
                                   [n.label, f"职能：{n.function}", f"任务：{n.workload}"], size=10 + min(n.workload, 40) / 3,
                                   link=node_link(n.id))
    for e in net.edges:
        if e.kind in ("lead", "co") and e.target in nodes:
            edges.append(ViewEdge(e.source, e.target, color=LEAD if e.kind == "lead" else CO, dashes=e.kind == "co"))
    legend = [(label, KIND_COLOURS[k], shape) for label, k, shape in (
        ("地区", "Region", "dot"), ("文件", "Document", "box"), ("措施", "Measure", "box"), ("目标", "Target", "dot"),
        ("期限", "Deadline", "dot"), ("部门（按职能着色）", "Department", "dot"))]
    order = {"地区": 0, "文件": 1, "措施": 2, "目标": 3, "期限": 4}
    ordered = sorted(nodes.values(), key=lambda n: (order.get(n.group, 5), n.id))
    return GraphView(f"{region} 概览", ordered, edges, legend,
                     f"{len(detail.document_list)} 份文件，{detail.measures} 项措施，{detail.targets} 个目标")


def citation_view(engine: QueryEngine) -> GraphView:
    """Which documents cite which 文号; citing regions and their chain up to the province."""
    edges_in = engine.citations(limit=1000).items
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    for c in edges_in:
        nodes.setdefault(c.source_id, ViewNode(c.source_id, (c.source_title or c.source_id)[:20], "文件",
                                               KIND_COLOURS["Document"], [c.source_title or "", c.source_region or ""],
                                               size=18, shape="box", link=node_link(c.source_id)))
        nodes.setdefault(c.cited_id, ViewNode(c.cited_id, c.cited_number, "被引文号" if c.stub else "文件",
                                              "#94a3b8" if c.stub else KIND_COLOURS["Document"],
                                              [c.cited_number, c.cited_title or "（未收录）"], size=14, shape="box"))
        edges.append(ViewEdge(c.source_id, c.cited_id, label="引用"))
        chain = c.region_chain
        for a, b in itertools.pairwise(chain):
            nodes.setdefault(f"region:{a}", ViewNode(f"region:{a}", a, "地区", KIND_COLOURS["Region"], [a], size=14))
            nodes.setdefault(f"region:{b}", ViewNode(f"region:{b}", b, "地区", KIND_COLOURS["Region"], [b], size=14))
            edges.append(ViewEdge(f"region:{a}", f"region:{b}", color="#bfdbfe", dashes=True))
        if chain:
            nodes.setdefault(f"region:{chain[0]}", ViewNode(f"region:{chain[0]}", chain[0], "地区",
                                                            KIND_COLOURS["Region"], [chain[0]], size=14))
            edges.append(ViewEdge(c.source_id, f"region:{chain[0]}", color="#bfdbfe"))
    unique = {(e.source, e.target, e.label): e for e in edges}
    legend = [("文件", KIND_COLOURS["Document"], "box"), ("未收录的被引文号", "#94a3b8", "box"),
              ("地区（上级）", KIND_COLOURS["Region"], "dot")]
    return GraphView("引用网络", list(nodes.values()), list(unique.values()), legend, f"{len(edges_in)} 条引用")


def neighbourhood_view(sub: Subgraph) -> GraphView:
    nodes = [ViewNode(f"{n.label}:{n.key}", n.caption, n.label, KIND_COLOURS.get(n.label, "#64748b"),
                      [f"{n.label}：{n.caption}", *(f"{k}：{v}" for k, v in n.props.items() if v not in (None, ""))],
                      size=22 if n.depth == 0 else 12, shape="box" if n.label in ("Document", "Measure") else "dot",
                      link=node_link(n.key)) for n in sub.nodes]
    edges = [ViewEdge(e.source, e.target, label=e.type) for e in sub.edges]
    legend = [(label, colour, "dot") for label, colour in KIND_COLOURS.items()]
    notice = "已截断：达到节点上限" if sub.truncated else ""
    return GraphView(f"邻域：{sub.center}（{sub.depth} 跳）", nodes, edges, legend, f"{len(nodes)} 个节点", notice)
