"""Standalone HTML for a network view: pyvis assembles the vis-network data and options; the page is our
own template, with vis-network's JavaScript and CSS inlined, so a saved file works with no network at all.

Document text never becomes markup or script: the graph travels as JSON inside a
`<script type="application/json">` block with `<`, `>`, `&` escaped, tooltips are built as DOM text
nodes, and every string placed in the HTML itself goes through html.escape.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyvis.network import Network

VIS_VERSION = "vis-9.1.2"


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


@dataclass(frozen=True, slots=True)
class ViewEdge:
    source: str
    target: str
    label: str = ""
    color: str = "#9aa5b1"
    width: float = 1.0
    dashes: bool = False


@dataclass(slots=True)
class GraphView:
    title: str
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # (label, colour, shape)
    subtitle: str = ""
    notice: str = ""  # shown prominently, e.g. when the graph was truncated
    total_nodes: int | None = None

    def truncate(self, max_nodes: int) -> GraphView:
        """Keep the first max_nodes nodes (builders list the important ones first) and their edges."""
        if len(self.nodes) <= max_nodes:
            return self
        kept = self.nodes[:max_nodes]
        ids = {n.id for n in kept}
        edges = [e for e in self.edges if e.source in ids and e.target in ids]
        notice = f"已截断：显示 {len(kept)} / {len(self.nodes)} 个节点（max_nodes={max_nodes}）"
        return GraphView(self.title, kept, edges, self.legend, self.subtitle, notice, len(self.nodes))


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / VIS_VERSION
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no '</script>', no HTML-significant characters, no line separators."""
    text = json.dumps(data, ensure_ascii=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def network_data(view: GraphView) -> tuple[list[dict], list[dict], dict]:
    """Nodes, edges and options as vis-network takes them, assembled by pyvis."""
    net = Network(directed=True, cdn_resources="in_line")
    for n in view.nodes:
        net.add_node(n.id, label=n.label, color=n.color, size=n.size, shape=n.shape, category=n.group,
                     tip="\n".join(n.tooltip), link=n.link or "")
    for e in view.edges:
        net.add_edge(e.source, e.target, label=e.label, color=e.color, width=e.width, dashes=e.dashes)
    options = {
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300, "fit": True},
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": 13, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"}},
        "edges": {"smooth": {"type": "continuous"}, "font": {"size": 10, "align": "middle"}},
    }
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges, options


def render_page(view: GraphView) -> str:
    js, css = _vis_assets()
    nodes, edges, options = network_data(view)
    data = _script_json({"nodes": nodes, "edges": edges, "options": options})
    legend = "".join(
        f'<li><span class="swatch {html.escape(shape)}" style="background:{html.escape(colour)}"></span>'
        f"{html.escape(label)}</li>" for label, colour, shape in view.legend)
    notice = f'<div class="notice" id="truncated">{html.escape(view.notice)}</div>' if view.notice else ""
    return _TEMPLATE.format(
        title=html.escape(view.title), subtitle=html.escape(view.subtitle), legend=legend, notice=notice,
        vis_css=css, vis_js=js.replace("</script", "<\\/script"), data=data, count=len(view.nodes),
        total=view.total_nodes if view.total_nodes is not None else len(view.nodes))


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>
body {{ margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1f2933; }}
header {{ padding: 10px 16px; border-bottom: 1px solid #e4e7eb; }}
header h1 {{ font-size: 18px; margin: 0; }}
header p {{ margin: 4px 0 0; color: #52606d; font-size: 13px; }}
.notice {{ background: #fff3c4; border: 1px solid #f0b429; padding: 6px 16px; font-size: 13px; }}
#graph {{ position: absolute; top: 70px; bottom: 0; left: 0; right: 230px; }}
aside {{ position: absolute; top: 70px; right: 0; width: 220px; padding: 8px; font-size: 13px;
        border-left: 1px solid #e4e7eb; overflow: auto; bottom: 0; }}
aside ul {{ list-style: none; padding: 0; margin: 0 0 12px; }}
aside li {{ margin: 4px 0; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: middle;
          border-radius: 50%; }}
.swatch.box, .swatch.square {{ border-radius: 2px; }}
.swatch.line {{ height: 3px; border-radius: 0; }}
.tip {{ max-width: 360px; white-space: pre-wrap; font-size: 12px; }}
</style>
</head>
<body data-nodes="{count}" data-total-nodes="{total}">
<header><h1>{title}</h1><p>{subtitle}</p></header>
{notice}
<div id="graph"></div>
<aside><strong>图例</strong><ul>{legend}</ul>
<div id="status">布局计算中…</div><div id="selected"></div></aside>
<script type="application/json" id="graph-data">{data}</script>
<script>{vis_js}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  data.nodes.forEach(function (n) {{
    if (n.tip) {{ var d = document.createElement("div"); d.className = "tip"; d.innerText = n.tip; n.title = d; }}
    delete n.tip;
  }});
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, data.options);
  network.once("stabilizationIterationsDone", function () {{
    network.setOptions({{physics: false}});
    document.getElementById("status").innerText = "布局完成：" + nodes.length + " 个节点";
    document.body.dataset.ready = "1";
  }});
  network.on("doubleClick", function (p) {{
    if (!p.nodes.length) return;
    var n = nodes.get(p.nodes[0]);
    if (n.link) window.location.href = n.link;
  }});
  network.on("click", function (p) {{
    var box = document.getElementById("selected");
    box.innerText = p.nodes.length ? nodes.get(p.nodes[0]).label : "";
  }});
  window.policykg = {{network: network, nodes: nodes, edges: edges}};
}})();
</script>
</body>
</html>
"""
