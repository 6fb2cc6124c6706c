"""The researcher's pages: the indicator catalogue, one indicator across regions (table and bar chart),
regions side by side, the province baseline and full-text search. Each is one data function rendered as
HTML, JSON (`?format=json`) or CSV (`?format=csv`, every row)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRouter
from markupsafe import Markup, escape
from policykg.queries.engine import MAX_LIMIT, QueryEngine
from policykg.queries.models import ComparisonCell, NotFound, TargetRow
from policykg.visualize import labels
from policykg.visualize.charts import Bar, bar_chart, number

from .app_deps import E
from .render import all_pages as every
from .templating import PAGE_ROWS, PageFormat, lang_of, page_offset, pager_of, render, respond

router = APIRouter()
Fmt = Annotated[PageFormat, Query(description="html (default), json or csv (every row)")]
MIN_COMPARE, MAX_COMPARE = 2, 10
SEARCH_PAGE = 20
CHART_BARS = 60  # an indicator's chart draws at most this many bars; the table has every row


def _t(request: Request, key: str) -> str:
    return labels.label(key, lang_of(request))


def _amp(request: Request) -> str:
    return "&lang=en" if lang_of(request) == "en" else ""


def _colon(request: Request) -> str:
    return ": " if lang_of(request) == "en" else "："


def _lq(request: Request) -> str:
    return "?lang=en" if lang_of(request) == "en" else ""


def target_text(comparator: str, value: Any, unit: str, year: int | None, value_max: Any = None) -> str:
    """≥60%（2025）: how a target reads in a table cell or beside a bar."""
    v = f"{value}–{value_max}" if value_max is not None else f"{value}"
    return f"{labels.comparator(comparator)}{v}{unit}" + (f"（{year}）" if year else "")


def _error(request: Request, fmt: PageFormat, template: str, title: str, status: int, message: str,
           suggestions: list[str] | None = None, crumbs=(), **context: Any) -> Response:
    if fmt != "html":
        return JSONResponse(status_code=status, content={"detail": message, "suggestions": suggestions or []})
    return render(request, template, title, crumbs, formats=False, status_code=status, error=message,
                  suggestions=suggestions or [], **context)


def _unknown(request: Request, exc: NotFound) -> str:
    what = {"region": ("地区", "region"), "indicator": ("指标", "indicator")}.get(exc.what, (exc.what, exc.what))
    if lang_of(request) == "en":
        return f"Unknown {what[1]}: {exc.name}"
    return f"没有找到{what[0]}：{exc.name}"


# -- 1. indicators -------------------------------------------------------------------------------------------
@router.get("/pages/indicators", include_in_schema=False)
def indicators_page(request: Request, e: E, format: Fmt = "html") -> Response:
    items = every(lambda limit, offset: e.indicators(limit, offset))
    data = {"total": len(items), "items": items}
    return respond(request, format, data, lambda: items, "indicators", "indicators.html", _t(request, "indicators"),
                   [(_t(request, "indicators"), None)])


# -- 2. one indicator ----------------------------------------------------------------------------------------
@router.get("/pages/indicators/{name:path}", include_in_schema=False)
def indicator_page(name: str, request: Request, e: E, format: Fmt = "html") -> Response:
    crumbs = [(_t(request, "indicators"), "/pages/indicators" + _lq(request)), (name, None)]
    try:
        names = e.resolve_indicator(name)
        rows = every(lambda limit, offset: e.targets(name, None, limit, offset))
    except NotFound as exc:
        return _error(request, format, "indicator.html", name, 404, _unknown(request, exc), exc.suggestions, crumbs)
    data = {"indicator": name, "indicators": names, "total": len(rows), "items": rows}
    return respond(request, format, data, lambda: rows, f"targets-{name}", "indicator.html", name, crumbs,
                   chart=indicator_chart(rows, len(names) > 1), chart_cut=len(rows) > CHART_BARS)


def indicator_chart(rows: list[TargetRow], several: bool) -> Markup:
    units = {r.unit for r in rows}
    bars = [Bar(label=(r.region or "") + (f" · {r.indicator}" if several else ""), value=number(r.value) or 0,
                note=f"{r.region}：{r.evidence}",
                text=target_text(r.comparator, r.value, r.unit, r.year, r.value_max))
            for r in rows[:CHART_BARS] if number(r.value) is not None]
    return bar_chart(bars, unit=next(iter(units)) if len(units) == 1 else "", width=720,
                     title=rows[0].indicator if rows else "")


# -- 3. compare ----------------------------------------------------------------------------------------------
def split_regions(regions: str | list[str] | None) -> list[str]:
    """Names in order, each once, from a comma list (，too) or repeated parameters."""
    raw = regions if isinstance(regions, list) else [regions or ""]
    return list(dict.fromkeys(r.strip() for part in raw for r in part.replace("，", ",").replace("、", ",").split(",")
                              if r.strip()))


def _cell_rows(comparison) -> Iterator[dict[str, Any]]:
    for i in comparison.indicators:
        for region, cells in i.by_region.items():
            for c in cells:
                yield {"indicator": i.indicator, "region": region, **c.model_dump()}


@router.get("/pages/compare", include_in_schema=False)
def compare_page(request: Request, e: E, regions: Annotated[list[str] | None, Query()] = None,
                 format: Fmt = "html") -> Response:
    zh = lang_of(request) != "en"
    title = _t(request, "compare")
    known = [r.name for r in every(lambda limit, offset: e.regions(limit, offset)) if r.documents]
    chosen = split_regions(regions)
    names = set(e.backend.region_names())
    known += [r for r in chosen if r not in known and r in names]  # a region without documents, asked for
    ctx = {"known": known, "chosen": chosen, "min_regions": MIN_COMPARE, "max_regions": MAX_COMPARE}
    crumbs = [(title, None)]
    if not chosen and format == "html":
        return render(request, "compare.html", title, crumbs, formats=False, comparison=None, **ctx)
    if len(chosen) < MIN_COMPARE or len(chosen) > MAX_COMPARE:
        message = (f"请选择 {MIN_COMPARE}–{MAX_COMPARE} 个地区进行对比（当前 {len(chosen)} 个）。" if zh else
                   f"Choose {MIN_COMPARE} to {MAX_COMPARE} regions to compare ({len(chosen)} given).")
        return _error(request, format, "compare.html", title, 400, message, None, crumbs, comparison=None, **ctx)
    try:
        comparison = e.compare(chosen, MAX_LIMIT)
    except NotFound as exc:
        return _error(request, format, "compare.html", title, 404, _unknown(request, exc), exc.suggestions, crumbs,
                      comparison=None, **ctx)
    title = f"{title}{_colon(request)}{'、'.join(comparison.regions)}"
    return respond(request, format, comparison, lambda: list(_cell_rows(comparison)),
                   "compare-" + "-".join(comparison.regions), "compare.html", title, crumbs, comparison=comparison,
                   charts=compare_charts(comparison), cell=cell_text, **ctx)


def cell_text(c: ComparisonCell) -> str:
    return target_text(c.comparator, c.value, c.unit, c.year, c.value_max)


def compare_charts(comparison) -> list[tuple[str, Markup]]:
    """One small bar chart per indicator that two or more of the regions target with a number."""
    out = []
    for i in comparison.indicators:
        drawn = [(r, c) for r, cells in i.by_region.items() for c in cells if number(c.value) is not None]
        if len({r for r, _ in drawn}) < 2:
            continue
        units = {c.unit for _, c in drawn}
        bars = [Bar(r, number(c.value) or 0, f"{r}：{c.evidence}", cell_text(c)) for r, c in drawn]
        out.append((i.indicator, bar_chart(bars, next(iter(units)) if len(units) == 1 else "", width=460,
                                           title=i.indicator)))
    return out


# -- 4. province baseline ------------------------------------------------------------------------------------
@router.get("/pages/baseline", include_in_schema=False)
def baseline_page(request: Request, e: E, indicator: str | None = None, format: Fmt = "html") -> Response:
    title = _t(request, "baseline")
    crumbs = [(title, None)]
    # The page asks the store for its 200 rows only (16,800 rows at 1,000 documents); the CSV for all.
    offset = page_offset(request) if format != "csv" else 0
    try:
        page = e.baseline(indicator or None, PAGE_ROWS, offset)
    except NotFound as exc:
        return _error(request, format, "baseline.html", title, 404, _unknown(request, exc), exc.suggestions, crumbs,
                      indicator=indicator)
    data = {"indicator": indicator, "total": page.total, "offset": offset, "items": page.items}
    return respond(request, format, data, lambda: every(lambda n, o: e.baseline(indicator or None, n, o)),
                   f"baseline-{indicator or 'all'}", "baseline.html", title, crumbs,
                   pager=pager_of(request, offset, len(page.items), page.total), indicator=indicator,
                   target=target_text)


# -- 5. search -----------------------------------------------------------------------------------------------
def highlight(text: str, q: str) -> Markup:
    """The text escaped, with each occurrence of the query's words in <mark>: escape first, then mark."""
    terms = sorted({w for w in re.split(r"\s+", q.strip()) if w}, key=len, reverse=True)
    if not terms or not text:
        return Markup(escape(text or ""))
    pattern = re.compile("|".join(re.escape(w) for w in terms), re.IGNORECASE)
    out, at = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[at:m.start()]))
        out.append(Markup("<mark>") + escape(m.group(0)) + Markup("</mark>"))
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def _hit_row(e: QueryEngine, rank: int, hit) -> dict[str, Any]:
    m = hit.measure
    return {"rank": rank, "measure_id": m.id, "region": m.region, "document_id": m.document_id, "kind": m.kind,
            "path": m.path, "seq": m.seq, "title": m.title, "snippet": hit.snippet,
            "indicators": sorted({t.indicator for t in e.backend.targets(None, None, m.id)})}


@router.get("/pages/search", include_in_schema=False)
def search_page(request: Request, e: E, q: Annotated[str, Query(max_length=200)] = "", region: str | None = None,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0, format: Fmt = "html") -> Response:
    title = _t(request, "search") + (f"{_colon(request)}{q}" if q.strip() else "")
    crumbs = [(_t(request, "search"), None)]
    known = [r.name for r in every(lambda limit, offset: e.regions(limit, offset)) if r.documents]
    ctx = {"known": known, "q": q, "region": region or ""}
    if not q.strip():
        if format != "html":
            return JSONResponse({"q": q, "region": region, "total": 0, "limit": SEARCH_PAGE, "offset": 0, "items": []})
        return render(request, "search.html", title, crumbs, formats=False, data=None, **ctx)
    try:
        found = e.search(q, region or None, SEARCH_PAGE, offset)
    except NotFound as exc:
        return _error(request, format, "search.html", title, 404, _unknown(request, exc), exc.suggestions, crumbs,
                      data=None, **ctx)
    items = [_hit_row(e, offset + k + 1, h) for k, h in enumerate(found.items)]
    data = {"q": q, "region": region, "total": found.total, "limit": found.limit, "offset": offset, "items": items}

    def all_rows() -> list[dict[str, Any]]:
        hits = every(lambda limit, off: e.search(q, region or None, limit, off))
        return [_hit_row(e, k + 1, h) for k, h in enumerate(hits)]

    return respond(request, format, data, all_rows, f"search-{q}", "search.html", title, crumbs,
                   mark=lambda text: highlight(text, q), amp=_amp(request), page_size=SEARCH_PAGE, **ctx)
