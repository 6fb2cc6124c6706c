"""Pages from Jinja2 templates (visualize/templates, autoescaped), each a data function rendered three ways:
HTML (`?format=html`, the default for /pages/…), JSON and CSV, with the links to the other two on the page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from policykg.visualize import labels

from .render import csv_response, flatten

VISUALIZE = Path(labels.__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=VISUALIZE / "templates")  # autoescape on for .html templates
STATIC = VISUALIZE / "static"
PageFormat = Literal["html", "json", "csv"]


def lang_of(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL (path and query) with some parameters changed; None drops one."""
    params = dict(request.query_params)
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def format_links(request: Request) -> list[tuple[str, str]]:
    return [("CSV", url_with(request, format="csv")), ("JSON", url_with(request, format="json"))]


def render(request: Request, template: str, title: str, crumbs: Sequence[tuple[str, str | None]] = (),
           formats: bool = True, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    ctx = {
        "request": request, "title": title, "crumbs": list(crumbs), "lang": lang,
        "lang_q": "?lang=en" if lang == "en" else "",
        "switch_url": url_with(request, lang=None if lang == "en" else "en"),
        "formats": format_links(request) if formats else [],
        "t": lambda key: labels.label(key, lang), "cmp": labels.comparator,
        "level": lambda name: labels.level(name, lang), **context,
    }
    return TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)


PAGE_ROWS = 200  # rows of a long table on one HTML page (CSV and JSON hold them all)


def respond(request: Request, fmt: PageFormat, data: Any, rows: Callable[[], Iterable[Any]], filename: str,
            template: str, title: str, crumbs: Sequence[tuple[str, str | None]] = (), paged: str | None = None,
            **context: Any) -> Response:
    """One data function, three renderings: `data` as JSON, `rows()` (every row, never a page of them)
    as CSV, the template as HTML. `paged` names the list in `data` that the HTML shows PAGE_ROWS at a
    time (`?offset=`), with links to the pages before and after: 27,000 task rows are no page to read."""
    if fmt == "json":
        return JSONResponse(jsonable_encoder(data))
    if fmt == "csv":
        lang = lang_of(request)
        return csv_response((labels.csv_row(flatten(r), lang) for r in rows()), filename)
    pager = context.pop("pager", None)
    if paged is not None:
        data, pager = _one_page(request, data, paged)
    return render(request, template, title, crumbs, data=data, pager=pager, **context)


def page_offset(request: Request) -> int:
    try:
        return max(0, min(int(request.query_params.get("offset", 0)), 10_000_000))
    except ValueError:
        return 0


def pager_of(request: Request, offset: int, shown: int, total: int) -> dict | None:
    """Links to the pages before and after a page of `shown` rows from `offset` (None: all on one page)."""
    if total <= shown and offset == 0:
        return None
    end = offset + shown
    return {"first": offset + 1 if shown else offset, "last": end, "total": total,
            "prev": url_with(request, offset=max(0, offset - PAGE_ROWS) or None) if offset else None,
            "next": url_with(request, offset=end) if end < total else None}


def _one_page(request: Request, data: Any, key: str) -> tuple[Any, dict | None]:
    items = data[key] if isinstance(data, dict) else getattr(data, key)
    if len(items) <= PAGE_ROWS:
        return data, None
    offset = min(page_offset(request), len(items) - 1)
    shown = items[offset : offset + PAGE_ROWS]
    data = {**data, key: shown} if isinstance(data, dict) else data.model_copy(update={key: shown})
    return data, pager_of(request, offset, len(shown), len(items))
