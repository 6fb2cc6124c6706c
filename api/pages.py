"""HTML routes: the landing page, network views and standalone exports. Pages are built by visualize/
from query results; everything shown from documents is escaped."""

from __future__ import annotations

import csv
import html
import io
import os
import threading
from dataclasses import replace
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from policykg.graph.trim import release_freed_memory
from policykg.visualize.build import DEFAULT_MAX_NODES, ViewRequest, build_page, build_view
from policykg.visualize.page import graph_json, node_rows

from .app_deps import E
from .render import attachment
from .templating import render

router = APIRouter()
MaxNodes = Annotated[int, Query(ge=1, le=5000, description="node cap; a notice says when it cut")]
Depth = Annotated[int, Query(ge=0, le=4)]


# Building a page of thousands of nodes holds tens of MB while it runs; a flood of 32 at once took the
# server past 1.8 GB. One at a time by default (POLICYKG_VIEW_BUILDS), the rest wait their turn.
_BUILDS = threading.BoundedSemaphore(int(os.environ.get("POLICYKG_VIEW_BUILDS", "1")))


def _built(engine, req: ViewRequest, lang_switch: str = "") -> str:
    with _BUILDS:
        try:
            return build_page(engine, req, lang_switch)
        finally:
            release_freed_memory()


ViewFormat = Annotated[Literal["html", "json", "csv"], Query(description="html page, or the view's nodes and edges "
                                                                         "as JSON, or its node table as CSV")]
Lang = Annotated[Literal["zh", "en"], Query()]


def _page(engine, req: ViewRequest, request: Request, format: str = "html") -> Response:
    """A served graph page (links to other views, expand by double-click), or the view as JSON/CSV."""
    if format in ("json", "csv"):
        with _BUILDS:
            try:
                view = build_view(engine, req)
                if format == "json":
                    return JSONResponse(graph_json(view, req.lang))
                out = io.StringIO()
                writer = csv.writer(out)
                writer.writerow(["id", "type", "caption", "properties"])
                writer.writerows(node_rows(view, req.lang))
                return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8")
            finally:
                release_freed_memory()
    other = "zh" if req.lang == "en" else "en"
    switch = quote(request.url.path) + "?" + urlencode({**request.query_params, "lang": other})
    return HTMLResponse(_built(engine, replace(req, standalone=False), switch))


@router.get("/views/region/{name:path}", response_class=HTMLResponse)
def region_page(name: str, e: E, request: Request, max_nodes: MaxNodes = DEFAULT_MAX_NODES, format: ViewFormat = "html",
                lang: Lang = "zh"):
    return _page(e, ViewRequest("region", name, max_nodes=max_nodes, lang=lang), request, format)


@router.get("/views/departments/{name:path}", response_class=HTMLResponse)
def departments_page(name: str, e: E, request: Request, max_nodes: MaxNodes = DEFAULT_MAX_NODES,
                     format: ViewFormat = "html", lang: Lang = "zh"):
    return _page(e, ViewRequest("departments", name, max_nodes=max_nodes, lang=lang), request, format)


@router.get("/views/indicator/{name:path}", response_class=HTMLResponse)
def indicator_page(name: str, e: E, request: Request, max_nodes: MaxNodes = DEFAULT_MAX_NODES,
                   format: ViewFormat = "html", lang: Lang = "zh"):
    return _page(e, ViewRequest("indicator", name, max_nodes=max_nodes, lang=lang), request, format)


@router.get("/views/citations", response_class=HTMLResponse)
def citations_page(e: E, request: Request, max_nodes: MaxNodes = DEFAULT_MAX_NODES, format: ViewFormat = "html",
                   lang: Lang = "zh"):
    return _page(e, ViewRequest("citations", max_nodes=max_nodes, lang=lang), request, format)


@router.get("/views/node/{key:path}", response_class=HTMLResponse)
def node_page(key: str, e: E, request: Request, depth: Depth = 1, max_nodes: MaxNodes = DEFAULT_MAX_NODES,
              format: ViewFormat = "html", lang: Lang = "zh"):
    """Any node's neighbourhood; `?format=json` is what a graph page's double-click expansion reads."""
    return _page(e, ViewRequest("node", key, depth, max_nodes, lang=lang), request, format)


@router.get("/export/subgraph.html", response_class=HTMLResponse)
def export_subgraph(e: E, region: str | None = None, indicator: str | None = None, department: str | None = None,
                    node: str | None = None, citations: bool = False, depth: Depth = 1,
                    max_nodes: MaxNodes = DEFAULT_MAX_NODES, lang: Lang = "zh") -> Response:
    """A standalone, offline HTML file of one subgraph: the first given of node, department, indicator,
    region (in that order), else the citation network (`citations=true`, or nothing given). OpenAPI cannot
    state "exactly one of" over query parameters, so the choice is an order, not an error. The file links
    only into itself (the node table), fetches nothing, and so has no double-click expansion."""
    chosen = [(k, v) for k, v in (("node", node), ("departments", department), ("indicator", indicator),
                                  ("region", region)) if v]
    kind, name = chosen[0] if chosen else ("citations", "")
    req = ViewRequest(kind, name or "", depth, max_nodes, standalone=True, lang=lang)
    body = _built(e, req)
    return Response(body, media_type="text/html; charset=utf-8", headers={"Content-Disposition": attachment(req.file_name())})


@router.get("/views/search", response_class=HTMLResponse)
def search_page(e: E, q: Annotated[str, Query(min_length=1, max_length=200)], region: str | None = None):
    hits = e.search(q, region, limit=50).items
    items = "".join(
        f'<li><a href="/views/node/{quote(h.measure.id, safe="")}">{html.escape(h.measure.title)}</a> '
        f'<span class="meta">{html.escape(h.measure.region or "")} · {h.score}</span>'
        f"<div>{html.escape(h.snippet)}</div></li>" for h in hits)
    body = f"<h1>搜索：{html.escape(q)}</h1><p>{len(hits)} 条结果</p><ol>{items}</ol>"
    return HTMLResponse(_shell(f"搜索：{q}", body))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def landing(e: E, request: Request):
    regions = [r for r in e.regions(limit=1000).items if r.documents]
    indicators = e.indicators(limit=1000).items
    return render(request, "landing.html", "PolicyGraph 政策知识图谱", formats=False, regions=regions,
                  indicators=indicators, upload_form=Markup(_upload_form(request)))


ACCEPTED = ".txt,.md,.docx,.pdf,.html,.htm"


def _upload_form(request: Request) -> str:
    """The 添加文件 form, only when the server allows uploads: a plain multipart post to /documents, which
    answers a browser with an HTML results page (no script needed)."""
    upload = request.app.state.upload
    if not upload.allowed:
        return ""
    return f"""
<h2>添加文件</h2>
<form id="upload" action="/documents" method="post" enctype="multipart/form-data">
<input type="file" name="files" multiple accept="{ACCEPTED}" required>
<button type="submit">添加文件</button></form>
<p class="meta">支持 .txt、.md、.docx、.pdf、.html；每个文件不超过 {upload.max_file_bytes / 1048576:g} MB；
同名文件会替换先前的版本。</p>"""


def _shell(title: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1f2933}}
table{{border-collapse:collapse;margin-bottom:16px}}td,th{{border:1px solid #e4e7eb;padding:4px 8px;font-size:14px}}
form{{margin:8px 0}}input{{width:280px;padding:4px}}.meta{{color:#52606d;font-size:12px}}
.ok{{color:#1a7f37;font-weight:bold;white-space:nowrap}}.fail{{color:#b42318;font-weight:bold;white-space:nowrap}}</style></head>
<body>{body}</body></html>"""
