"""One entry point from "what the user asked for" to a finished page: used by the API and the CLI alike."""

from __future__ import annotations

from dataclasses import dataclass

from policykg.queries.engine import QueryEngine

from .page import GraphView, render_page
from .views import citation_view, department_view, indicator_view, neighbourhood_view, region_view

DEFAULT_MAX_NODES = 500


@dataclass(frozen=True, slots=True)
class ViewRequest:
    kind: str  # region | departments | indicator | citations | node
    name: str = ""
    depth: int = 1
    max_nodes: int = DEFAULT_MAX_NODES
    standalone: bool = True  # an export (links into the file, nothing fetched); served pages set False
    lang: str = "zh"

    def file_name(self) -> str:
        stem = f"policykg-{self.kind}" + (f"-{self.name}" if self.name else "")
        if self.kind == "node":
            stem += f"-depth{self.depth}"
        return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem) + ".html"


def build_view(engine: QueryEngine, req: ViewRequest) -> GraphView:
    if req.kind == "region":
        view = region_view(engine, req.name, req.max_nodes)
    elif req.kind == "departments":
        view = department_view(engine.department_network(req.name, max_tasks=req.max_nodes))
    elif req.kind == "indicator":
        view = indicator_view(engine, req.name)
    elif req.kind == "citations":
        view = citation_view(engine)
    elif req.kind == "node":
        view = neighbourhood_view(engine.neighbourhood(req.name, req.depth, req.max_nodes))
    else:
        raise ValueError(f"unknown view kind: {req.kind}")
    return view.truncate(req.max_nodes)


def build_page(engine: QueryEngine, req: ViewRequest, lang_switch: str = "") -> str:
    return render_page(build_view(engine, req), standalone=req.standalone, lang=req.lang, lang_switch=lang_switch)
