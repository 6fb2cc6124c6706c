"""Standalone HTML for a network view: pyvis assembles the vis-network data and options; the page is our
own template, with vis-network's JavaScript and CSS (and our static/graph.js) inlined, so a saved file
works with no network at all.

Document text never becomes markup or script: the graph travels as JSON inside a
`<script type="application/json">` block with `<`, `>`, `&` escaped, tooltips are built as DOM text
nodes, and every string placed in the HTML itself goes through html.escape.

Two modes: served (`standalone=False`: links to other views, CSV/JSON links, double-click expands a node
from the server) and standalone (the default, for exports: every link points into the file, nothing is
fetched).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from pyvis.network import Network

from .labels import label as _label

VIS_VERSION = "vis-9.1.2"
RANDOM_SEED = 20240601
STATIC = Path(__file__).parent / "static"
KINDS = ("Department", "Region", "Document", "Measure", "Target", "Indicator", "Function", "Deadline")
INSIDE_LABEL = {"box", "ellipse", "circle", "database", "text"}  # shapes that draw their label inside


def kind_label(kind: str, lang: str = "zh") -> str:
    """部门 / 地区 / 文件 / 措施 / 目标 / 指标 / 职能 / 期限 for a graph label."""
    return _label(f"kind.{kind}", lang) if kind in KINDS else kind


@dataclass(frozen=True, slots=True)
class ViewNode:
    id: str
    label: str
    group: str  # legend category
    color: str
    tooltip: list[str] = field(default_factory=list)  # plain-text lines
    size: float = 12.0
    shape: str = "dot"
    link: str | None = None  # a page about this node (same server)
    kind: str = ""  # graph label: Department, Region, … ("" when the node is no store node)
    key: str = ""  # the store key (neighbourhood expansion asks the server for kind:key)
    function: str | None = None  # canonical function (legend filter)
    x: float | None = None
    y: float | None = None
    fixed: bool = False  # stays where the builder put it (x/y); physics moves only the others

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}" if self.kind and self.key else ""

    @property
    def tags(self) -> list[str]:
        tags = [f"group:{self.group}"] + ([f"kind:{self.kind}"] if self.kind else [])
        return tags + ([f"fn:{self.function}"] if self.function else [])


@dataclass(frozen=True, slots=True)
class ViewEdge:
    source: str
    target: str
    label: str = ""
    color: str = "#9aa5b1"
    width: float = 1.0
    dashes: bool = False


class LegendEntry(tuple):
    """(label, colour, shape), plus the tag a click on it hides or shows ("" for line styles)."""

    filter: str

    def __new__(cls, label: str, colour: str, shape: str, filter: str = "") -> LegendEntry:
        self = super().__new__(cls, (label, colour, shape))
        self.filter = filter
        return self


@dataclass(slots=True)
class GraphView:
    title: str
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # (label, colour, shape)
    subtitle: str = ""
    notice: str = ""  # shown prominently, e.g. when the graph was truncated
    total_nodes: int | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (element id, text): further notices
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, href) on the same server
    seeded: bool = False  # nodes carry x/y: a short physics run only tidies them

    def truncate(self, max_nodes: int) -> GraphView:
        """Keep the first max_nodes nodes (builders list the important ones first) and their edges."""
        if len(self.nodes) <= max_nodes:
            return self
        kept = self.nodes[:max_nodes]
        ids = {n.id for n in kept}
        edges = [e for e in self.edges if e.source in ids and e.target in ids]
        notice = f"已截断：显示 {len(kept)} / {len(self.nodes)} 个节点（max_nodes={max_nodes}）"
        return GraphView(self.title, kept, edges, self.legend, self.subtitle, notice, len(self.nodes), self.notes,
                         self.links, self.seeded)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / VIS_VERSION
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, str]:
    return (STATIC / "graph.js").read_text(encoding="utf-8"), (STATIC / "graph.css").read_text(encoding="utf-8")


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no '</script>', no HTML-significant characters, no line separators."""
    text = json.dumps(data, ensure_ascii=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _dark(colour: str) -> bool:
    c = colour.lstrip("#")
    if len(c) != 6:
        return False
    r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 150


def physics_options(view: GraphView, nodes: int) -> dict:
    """A fixed number of iterations (fewer for big graphs, fewer still when the builder placed the nodes):
    from the same start (randomSeed) the same graph always settles to the same positions."""
    iterations = 120 if view.seeded else (250 if nodes <= 200 else 100 if nodes <= 600 else 60)
    return {"solver": "forceAtlas2Based", "stabilization": {"iterations": iterations, "updateInterval": 50, "fit": True},
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "centralGravity": 0.005,
                                 "avoidOverlap": 0.2 if nodes <= 200 else 0},
            "adaptiveTimestep": True}


def network_data(view: GraphView, lang: str = "zh") -> tuple[list[dict], list[dict], dict]:
    """Nodes, edges and options as vis-network takes them, assembled by pyvis."""
    net = Network(directed=True, cdn_resources="in_line")
    for i, n in enumerate(view.nodes):
        extra: dict = {}
        if n.x is not None and n.y is not None:
            extra.update(x=round(n.x, 1), y=round(n.y, 1))
            if n.fixed:
                extra["fixed"] = True
        inside = n.shape in INSIDE_LABEL
        font = {"color": "#ffffff" if inside and _dark(n.color) else "#1f2933"}
        net.add_node(n.id, label=n.label, color=n.color, size=n.size, shape=n.shape, category=n.group,
                     tip="\n".join(n.tooltip), link=n.link or "", kind=n.kind, kindLabel=kind_label(n.kind, lang),
                     ref=n.ref, key=n.key, tags=n.tags, row=i, font=font, **extra)
    for e in view.edges:
        net.add_edge(e.source, e.target, label=e.label, color=e.color, width=e.width, dashes=e.dashes)
    options = {
        "layout": {"randomSeed": RANDOM_SEED, "improvedLayout": len(view.nodes) <= 150},
        "physics": physics_options(view, len(view.nodes)),
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": 13, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"}},
        "edges": {"smooth": {"type": "continuous"}, "font": {"size": 10, "align": "middle", "color": "#52606d",
                                                             "strokeWidth": 3, "strokeColor": "#ffffff"}},
    }
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges, options


def graph_json(view: GraphView, lang: str = "zh") -> dict:
    """The view as JSON (what `?format=json` answers and double-click expansion reads)."""
    nodes, edges, _ = network_data(view, lang)
    return {"title": view.title, "subtitle": view.subtitle, "notice": view.notice, "nodes": nodes, "edges": edges}


def node_rows(view: GraphView, lang: str = "zh") -> list[tuple[str, str, str, str]]:
    """(id, type, caption, properties) per node: the table beside the graph and `?format=csv`."""
    return [(n.id, kind_label(n.kind, lang) if n.kind else n.group, n.label, "；".join(t for t in n.tooltip[1:] if t))
            for n in view.nodes]


_UI = ("home", "graph.search", "graph.search_hint", "graph.fit", "graph.zoom_in", "graph.zoom_out", "graph.png",
       "graph.csv", "graph.json", "graph.table", "graph.type", "graph.caption", "graph.props", "graph.legend",
       "graph.layout", "graph.done", "graph.nodes", "graph.empty", "graph.not_found", "graph.expand_hint",
       "graph.expand_off", "graph.expanding", "graph.expanded", "graph.open", "graph.legend_hint", "graph.visible",
       "graph.table_csv", "language")


def render_page(view: GraphView, standalone: bool = True, lang: str = "zh", lang_switch: str = "") -> str:
    js, css = _vis_assets()
    own_js, own_css = _own_assets()
    t = {k: _label(k, lang) for k in _UI}
    nodes, edges, options = network_data(view, lang)
    meta = {"standalone": standalone, "expand": "" if standalone else "/views/node/", "lang": lang,
            "t": {k.removeprefix("graph."): v for k, v in t.items()}}
    data = _script_json({"nodes": nodes, "edges": edges, "options": options, "meta": meta})
    legend = "".join(
        f'<li{_legend_attrs(entry)}><span class="swatch {html.escape(shape)}" style="background:{html.escape(colour)}">'
        f"</span>{html.escape(label)}</li>" for entry in view.legend for label, colour, shape in [entry])
    notices = f'<div class="notice" id="truncated">{html.escape(view.notice)}</div>' if view.notice else ""
    notices += "".join(f'<div class="notice" id="{html.escape(i)}">{html.escape(text)}</div>' for i, text in view.notes)
    if not view.nodes:
        notices += f'<div class="notice" id="empty-notice">{html.escape(t["graph.empty"])}</div>'
    nav = ""
    if not standalone:
        items = [(t["home"], "/"), *view.links]
        if lang_switch:
            items.append((t["language"], lang_switch))
        nav = "<nav>" + " · ".join(f'<a href="{html.escape(href)}">{html.escape(text)}</a>' for text, href in items) + "</nav>"
    rows = "".join(
        f'<tr id="row-{i}" data-i="{i}"><td>{html.escape(kind)}</td><td><a href="#row-{i}" class="focus" data-i="{i}">'
        f"{html.escape(caption)}</a>{_detail_link(view.nodes[i], standalone, t)}</td>"
        f"<td>{html.escape(props[:160])}</td></tr>"
        for i, (_, kind, caption, props) in enumerate(node_rows(view, lang)))
    return _TEMPLATE.format(
        title=html.escape(view.title), subtitle=html.escape(view.subtitle), legend=legend, notice=notices, nav=nav,
        vis_css=css, own_css=own_css, vis_js=js.replace("</script", "<\\/script"),
        own_js=own_js.replace("</script", "<\\/script"), data=data, count=len(view.nodes),
        total=view.total_nodes if view.total_nodes is not None else len(view.nodes), rows=rows,
        mode="standalone" if standalone else "served",
        icon="" if standalone else '<link rel="icon" href="data:,">\n',  # no /favicon.ico request
        lang="en" if lang == "en" else "zh-CN",
        status=html.escape(t["graph.empty"] if not view.nodes else t["graph.layout"]),
        **{k.replace(".", "_"): html.escape(v) for k, v in t.items()})


def _legend_attrs(entry: tuple) -> str:
    tag = getattr(entry, "filter", "")
    return f' class="filter" data-filter="{html.escape(tag)}" tabindex="0"' if tag else ""


def _detail_link(node: ViewNode, standalone: bool, t: dict) -> str:
    if standalone or not node.link:
        return ""
    return f' <a class="detail" href="{html.escape(node.link)}" title="{html.escape(t["graph.open"])}">↗</a>'


def view_url(kind: str, name: str) -> str:
    return f"/views/{kind}/{quote(name, safe='')}" if name else f"/views/{kind}"


_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{icon}<style>{vis_css}</style>
<style>{own_css}</style>
</head>
<body data-nodes="{count}" data-total-nodes="{total}" data-mode="{mode}">
<header><h1>{title}</h1><p>{subtitle}</p>{nav}</header>
{notice}
<main>
<div id="graph"></div>
<aside>
<div class="tools">
<input id="search" type="search" placeholder="{graph_search_hint}" aria-label="{graph_search}">
<button type="button" id="search-go">{graph_search}</button>
<button type="button" id="fit">{graph_fit}</button><button type="button" id="zoom-in">{graph_zoom_in}</button>
<button type="button" id="zoom-out">{graph_zoom_out}</button><button type="button" id="png">{graph_png}</button>
<button type="button" id="table-csv">{graph_table_csv}</button>
</div>
<div id="status">{status}</div><div id="selected"></div>
<strong>{graph_legend}</strong> <span class="hint">{graph_legend_hint}</span><ul id="legend">{legend}</ul>
<strong>{graph_table}</strong>
<table id="node-table" class="data"><thead><tr><th>{graph_type}</th><th>{graph_caption}</th><th>{graph_props}</th></tr>
</thead><tbody>{rows}</tbody></table>
</aside>
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>{vis_js}</script>
<script>{own_js}</script>
</body>
</html>
"""
