"""The FastAPI service: every named query as JSON, tabular ones also as CSV (`?format=csv`).

Routes hold no query logic: they call the QueryEngine and hand its typed result to a renderer. The engine
is a dependency, so tests and the CLI choose the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Literal

import fastapi_offline
from fastapi import FastAPI, Query, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from policykg.graph.store import StoreError
from policykg.queries.engine import MAX_LIMIT, QueryEngine
from policykg.queries.models import (
    BaselineRow,
    CitationEdge,
    Comparison,
    DepartmentNetwork,
    FunctionWorkload,
    IndicatorSummary,
    MeasureDetail,
    NotFound,
    Page,
    RegionDetail,
    RegionSummary,
    SearchHit,
    SimilarHit,
    SimilarityMatrix,
    TargetRow,
    Timeline,
)
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .app_deps import E
from .pages import router as pages_router
from .pages_planner import router as planner_router
from .pages_research import router as research_router
from .render import csv_response, every_row
from .templating import STATIC
from .upload import (
    DEFAULT_MAX_UPLOAD_MB,
    OPENAPI_REQUEST,
    OPENAPI_RESPONSES,
    UploadReport,
    UploadSettings,
    upload_documents,
)

log = logging.getLogger("policykg.api")
Format = Literal["json", "csv"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
FormatQ = Annotated[Format, Query(description="json (default) or csv (UTF-8 with BOM, opens in Excel)")]
Name = Annotated[str, Query(min_length=1, max_length=200)]


def _regions(regions: str) -> list[str]:
    """Names in order, each once (3,000 repeats of one name are one query, not 3,000)."""
    return list(dict.fromkeys(r.strip() for r in regions.replace("，", ",").split(",") if r.strip()))


# The hosts a server on the loopback answers to: a page on another site that rebinds its DNS name to
# 127.0.0.1 sends its own Host and is refused (TrustedHostMiddleware), so it cannot read this server.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
# Pages are self-contained (vis-network and their scripts inlined, the rest from /static), /docs included:
# Swagger UI and ReDoc are served from the fastapi-offline package, never a CDN.
_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'")
DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"


def _harden(app: FastAPI, allowed_hosts: Sequence[str]) -> None:
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(_HEADERS)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Content-Security-Policy"] = _CSP
        return response


def create_app(engine_factory: Callable[[], QueryEngine], allowed_hosts: Sequence[str] = LOCAL_HOSTS,
               allow_upload: bool = False, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB) -> FastAPI:
    """allowed_hosts: the Host names the server answers to (`policykg serve --host` adds its own).
    allow_upload: POST /documents adds documents to the store (`policykg serve --allow-upload`), each file
    at most max_upload_mb; off, it answers 403 and the landing page shows no upload form."""
    app = FastAPI(title="PolicyGraph", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Cross-city comparison of Chinese policy documents: targets, departments, deadlines.")
    _harden(app, allowed_hosts)
    app.state.engine_factory = engine_factory
    app.state.engine = None
    app.state.upload = UploadSettings.of(allow_upload, max_upload_mb)

    @app.exception_handler(NotFound)
    def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc), "suggestions": exc.suggestions})

    @app.exception_handler(StoreError)
    def store_down(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": f"graph store unavailable: {exc}"})

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(status_code=500, content={"detail": f"internal error ({type(exc).__name__})"})

    @app.get("/healthz")
    def health(e: E) -> dict[str, object]:
        return {"ok": True, "store": e.store.location, "fingerprint": e.backend.fingerprint()}

    @app.get("/indicators", response_model=Page[IndicatorSummary])
    def indicators(request: Request, e: E, limit: Limit = 100, offset: Offset = 0, format: FormatQ = "json"):
        if format == "csv":
            return csv_response(every_row(e.indicators, request, limit, offset), "indicators")
        return e.indicators(limit, offset)

    @app.get("/indicators/{name:path}/targets", response_model=Page[TargetRow])
    def indicator_targets(request: Request, name: str, e: E, region: str | None = None, limit: Limit = 100,
                          offset: Offset = 0, format: FormatQ = "json"):
        if format == "csv":
            rows = every_row(lambda n, o: e.targets(name, region, n, o), request, limit, offset)
            return csv_response(rows, f"targets-{name}")
        return e.targets(name, region, limit, offset)

    @app.get("/targets", response_model=Page[TargetRow])
    def targets(request: Request, e: E, indicator: Name | None = None, region: Name | None = None,
                limit: Limit = 100, offset: Offset = 0, format: FormatQ = "json"):
        if format == "csv":
            rows = every_row(lambda n, o: e.targets(indicator, region, n, o), request, limit, offset)
            return csv_response(rows, f"targets-{indicator or 'all'}")
        return e.targets(indicator, region, limit, offset)

    @app.get("/compare", response_model=Comparison)
    def compare(e: E, regions: Annotated[str, Query(min_length=1, description="comma-separated, e.g. 樟树市,郴州市")],
                limit: Limit = 100, format: FormatQ = "json"):
        result = e.compare(_regions(regions), limit)
        if format == "csv":
            rows = [{"indicator": i.indicator, "region": r, **c.model_dump()}
                    for i in result.indicators for r, cells in i.by_region.items() for c in cells]
            return csv_response(rows, "compare-" + "-".join(result.regions))
        return result

    @app.get("/baseline", response_model=Page[BaselineRow])
    def baseline(request: Request, e: E, indicator: Name | None = None, limit: Limit = 100, offset: Offset = 0,
                 format: FormatQ = "json"):
        if format == "csv":
            rows = every_row(lambda n, o: e.baseline(indicator, n, o), request, limit, offset)
            return csv_response(rows, f"baseline-{indicator or 'all'}")
        return e.baseline(indicator, limit, offset)

    @app.get("/regions", response_model=Page[RegionSummary])
    def regions(request: Request, e: E, limit: Limit = 100, offset: Offset = 0, format: FormatQ = "json"):
        if format == "csv":
            return csv_response(every_row(e.regions, request, limit, offset), "regions")
        return e.regions(limit, offset)

    @app.get("/regions/{name:path}/departments", response_model=DepartmentNetwork)
    def departments(name: str, e: E, max_tasks: Annotated[int, Query(ge=1, le=5000)] = 500,
                    format: FormatQ = "json"):
        result = e.department_network(name, max_tasks)
        if format == "csv":
            rows = [{"function": f, "tasks": n} for f, n in result.functions.items()]
            return csv_response(rows, f"departments-{name}")
        return result

    @app.get("/regions/{name:path}", response_model=RegionDetail)
    def region(name: str, e: E):
        return e.region(name)

    @app.get("/functions", response_model=Page[FunctionWorkload])
    def functions(request: Request, e: E, regions: str | None = None, limit: Limit = 100, offset: Offset = 0,
                  format: FormatQ = "json"):
        names = _regions(regions) if regions else None
        if format == "csv":
            rows = every_row(lambda n, o: e.function_workload(names, n, o), request, limit, offset)
            return csv_response(rows, "functions")
        return e.function_workload(names, limit, offset)

    @app.get("/deadlines", response_model=Timeline)
    def deadlines(request: Request, e: E, region: Name, as_of: dt.date | None = None, limit: Limit = 200, offset: Offset = 0,
                  format: FormatQ = "json"):
        if format == "csv":
            rows = every_row(lambda n, o: e.deadlines(region, as_of, n, o), request, limit, offset, "entries")
            return csv_response(rows, f"deadlines-{region}")
        return e.deadlines(region, as_of, limit, offset)

    @app.get("/search", response_model=Page[SearchHit])
    def search(request: Request, e: E, q: Annotated[str, Query(min_length=1, max_length=200)], region: Name | None = None,
               limit: Limit = 20, offset: Offset = 0, format: FormatQ = "json"):
        if format == "csv":
            return csv_response(every_row(lambda n, o: e.search(q, region, n, o), request, limit, offset), f"search-{q}")
        return e.search(q, region, limit, offset)

    @app.get("/measures/{measure_id}", response_model=MeasureDetail)
    def measure(measure_id: str, e: E):
        return e.measure(measure_id)

    @app.get("/similar", response_model=list[SimilarHit])
    def similar(e: E, measure: Name, k: Annotated[int, Query(ge=1, le=100)] = 10, all_regions: bool = False,
                format: FormatQ = "json"):
        result = e.similar(measure, k, other_regions=not all_regions)
        return csv_response(result, f"similar-{measure}") if format == "csv" else result

    @app.get("/similarity", response_model=SimilarityMatrix)
    def similarity(e: E, regions: str | None = None, format: FormatQ = "json"):
        result = e.similarity_matrix(_regions(regions) if regions else None)
        if format == "csv":
            rows = [{"region": a, **dict(zip(result.regions, row, strict=True))}
                    for a, row in zip(result.regions, result.matrix, strict=True)]
            return csv_response(rows, "similarity")
        return result

    @app.get("/citations", response_model=Page[CitationEdge])
    def citations(request: Request, e: E, limit: Limit = 100, offset: Offset = 0, format: FormatQ = "json"):
        if format == "csv":
            return csv_response(every_row(e.citations, request, limit, offset), "citations")
        return e.citations(limit, offset)

    app.add_api_route(
        "/documents", upload_documents, methods=["POST"], response_model=UploadReport, responses=OPENAPI_RESPONSES,
        openapi_extra=OPENAPI_REQUEST, summary="Add documents (multipart field `files`)",
        description="Only when the server runs with `policykg serve --allow-upload` (else 403). Each file is "
        "extracted first, then the documents that succeeded are loaded; one that fails changes nothing. A file "
        "name is a label (the document's source), never a path; uploading a name again replaces that document. "
        "200 when at least one file was loaded, with each file's result; when none was, the status the files "
        "share (400 name, 413 over the per-file cap, 415 type by content, 422 not extractable), else 422. "
        "A browser form post (Accept: text/html) gets an HTML results page.")
    app.include_router(pages_router)
    app.include_router(planner_router)
    app.include_router(research_router)
    app.mount("/static/docs", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _offline_docs(app)
    _document_responses(app)
    return app


_ERROR = {"type": "object", "required": ["detail"],
          "properties": {"detail": {"type": "string"}, "suggestions": {"type": "array", "items": {"type": "string"}}}}


def _offline_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="PolicyGraph API",
                                   swagger_js_url="/static/docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static/docs/swagger-ui.css",
                                   swagger_favicon_url="/static/docs/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url or "/openapi.json", title="PolicyGraph API",
                              redoc_js_url="/static/docs/redoc.standalone.js",
                              redoc_favicon_url="/static/docs/favicon.png", with_google_fonts=False)


def _document_responses(app: FastAPI) -> None:
    """OpenAPI says what every route can answer: CSV where `format` is offered, 404 with suggestions,
    503 when the store is down (and 422 as FastAPI documents it)."""

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for operations in schema["paths"].values():
            for op in operations.values():
                responses = op.setdefault("responses", {})
                if any(p["name"] == "format" for p in op.get("parameters", [])):
                    ok = responses.setdefault("200", {"description": "OK"})
                    content = ok.setdefault("content", {})
                    content["text/csv"] = {"schema": {"type": "string"}}
                    if "text/html" in content:  # a page: its data as JSON too (?format=json)
                        content.setdefault("application/json", {"schema": {"type": "object"}})
                responses.setdefault("404", {"description": "no such name (with suggestions)",
                                             "content": {"application/json": {"schema": _ERROR}}})
                responses.setdefault("503", {"description": "the graph store is unavailable",
                                             "content": {"application/json": {"schema": _ERROR}}})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
