"""The planner's pages: the regions, and one region's departments with the tasks they lead or share,
their deadlines and what is overdue as of a date. Each page is one data function rendered as HTML, JSON
(`?format=json`) or CSV (`?format=csv`, every task row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Query, Request
from policykg.queries.engine import QueryEngine
from policykg.queries.models import NotFound, RegionSummary, Responsibility, TimelineEntry
from policykg.visualize import labels
from policykg.visualize.timeline import PeriodBar, timeline_svg
from pydantic import BaseModel

from .app_deps import E
from .templating import PAGE_ROWS, PageFormat, lang_of, page_offset, pager_of, render, respond

router = APIRouter()
FormatQ = Annotated[PageFormat, Query(description="html (default), json or csv")]


class PlannerTask(BaseModel):
    """One (department, task) assignment: a CSV row."""

    department: str
    function: str | None = None
    role: str  # 牵头 / 配合 (in the page's language)
    seq: int | None = None
    path: str | None = None
    task: str
    deadline: str | None = None  # as the document states it, else year-month
    status: str  # 已逾期 / 未到期 / 持续推进 / 无期限 (in the page's language)
    overdue: bool
    lead: bool
    measure_id: str


class PlannerDepartment(BaseModel):
    name: str
    function: str | None = None
    lead_tasks: int
    co_tasks: int
    earliest_deadline: str | None = None
    next_deadline: str | None = None  # the first deadline not yet passed as of the date
    overdue: int


class PlannerPeriod(BaseModel):
    period: str
    tasks: int  # distinct tasks due in the period
    overdue: int


class PlannerPage(BaseModel):
    region: str
    level: str | None = None
    documents: int = 0
    as_of: str
    has_leads: bool  # False: the documents name no lead unit (no LED_BY), every unit is counted as co
    total: int  # task rows (department × task) in all; the CSV has this many rows
    departments: list[PlannerDepartment]
    periods: list[PlannerPeriod]
    tasks: list[PlannerTask]


def _deadline_text(e: TimelineEntry | None, lang: str) -> str | None:
    if e is None:
        return None
    if e.deadline_kind == "ongoing":
        return e.raw or labels.label("status.ongoing", lang)
    if e.year is None:
        return e.raw
    return e.raw or (f"{e.year}-{e.month:02d}" if e.month else str(e.year))


def _order(e: TimelineEntry | None) -> tuple[int, int] | None:
    return (e.year, e.month or 12) if e is not None and e.year is not None else None


def planner_data(engine: QueryEngine, region: str, as_of: dt.date, lang: str = "zh",
                 window: tuple[int, int] | None = None) -> PlannerPage:
    """The planner's page of a region. Departments are summed over every task; `window` (start, end) keeps
    only those task rows as models (a page of them), since 1,000 documents give a region 26,800 rows."""
    rows: list[tuple[Responsibility, TimelineEntry | None]] = engine.department_tasks(region, as_of)
    summary = next((r for r in engine.regions(limit=1000).items if r.name == region), RegionSummary(name=region))
    by_dept: dict[str, list[tuple[Responsibility, TimelineEntry | None]]] = defaultdict(list)
    for r, e in rows:
        by_dept[r.department].append((r, e))  # by name: what the page shows
    departments = [_department(items, lang) for items in by_dept.values()]
    departments.sort(key=lambda d: (-d.lead_tasks, -(d.lead_tasks + d.co_tasks), d.name))
    rank = {d.name: i for i, d in enumerate(departments)}
    ordered = sorted(rows, key=lambda re_: (rank[re_[0].department], re_[0].role != "lead"))  # stable
    start, end = window or (0, len(ordered))
    tasks = [_task(r, e, lang) for r, e in ordered[start:end]]
    return PlannerPage(region=region, level=summary.level, documents=summary.documents, as_of=as_of.isoformat(),
                       has_leads=any(r.role == "lead" for r, _ in rows), total=len(rows), departments=departments,
                       periods=_periods(rows, lang), tasks=tasks)


def _status_of(e: TimelineEntry | None) -> str:
    return e.status if e is not None else "none"


def _task(r: Responsibility, e: TimelineEntry | None, lang: str) -> PlannerTask:
    status = _status_of(e)
    return PlannerTask(department=r.department, function=r.function, role=labels.label(f"role.{r.role}", lang),
                       seq=r.seq, path=r.path, task=r.title, deadline=_deadline_text(e, lang),
                       status=labels.label(f"status.{status}", lang), overdue=status == "overdue",
                       lead=r.role == "lead", measure_id=r.measure_id)


def _department(items: list[tuple[Responsibility, TimelineEntry | None]], lang: str) -> PlannerDepartment:
    dated = sorted(((o, e) for _, e in items if (o := _order(e)) is not None), key=lambda oe: oe[0])
    upcoming = next((e for _, e in dated if _status_of(e) != "overdue"), None)
    first = items[0][0]
    lead = sum(r.role == "lead" for r, _ in items)
    return PlannerDepartment(
        name=first.department, function=first.function, lead_tasks=lead, co_tasks=len(items) - lead,
        earliest_deadline=_deadline_text(dated[0][1], lang) if dated else None,
        next_deadline=_deadline_text(upcoming, lang), overdue=sum(_status_of(e) == "overdue" for _, e in items))


def _periods(rows: list[tuple[Responsibility, TimelineEntry | None]], lang: str) -> list[PlannerPeriod]:
    """Distinct tasks per deadline year, then ongoing, then none (each task once, whatever its units)."""
    seen: dict[str, TimelineEntry | None] = {}
    for r, e in rows:
        seen.setdefault(r.measure_id, e)
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for e in seen.values():
        if e is not None and e.year is not None:
            key: tuple = (0, e.year, str(e.year))
        elif e is not None and e.deadline_kind == "ongoing":
            key = (1, 0, labels.label("status.ongoing", lang))
        else:
            key = (2, 0, labels.label("status.none", lang))
        counts[key][0] += 1
        counts[key][1] += e is not None and e.status == "overdue"
    return [PlannerPeriod(period=k[2], tasks=n, overdue=late) for k, (n, late) in sorted(counts.items())]


def _chart(data: PlannerPage, lang: str):
    t = lambda key: labels.label(key, lang)  # noqa: E731
    bars = [PeriodBar(p.period, p.tasks, p.overdue, dated=p.period.isdigit()) for p in data.periods]
    return timeline_svg(bars, t("status.overdue"), t("status.upcoming"),
                        f"{t('status.ongoing')} / {t('status.none')}", t("timeline"))


@router.get("/pages/regions", include_in_schema=False)
def regions_page(request: Request, e: E, format: FormatQ = "html"):
    lang = lang_of(request)
    items = e.regions(limit=1000).items
    return respond(request, format, {"total": len(items), "items": items}, lambda: items, "regions", "regions.html",
                   labels.label("regions", lang), [(labels.label("regions", lang), None)], regions=items)


@router.get("/pages/regions/{name:path}/departments", include_in_schema=False)
def departments_page(request: Request, name: str, e: E, as_of: dt.date | None = None, format: FormatQ = "html"):
    lang = lang_of(request)
    lang_q = "?lang=en" if lang == "en" else ""
    crumbs = [(labels.label("regions", lang), f"/pages/regions{lang_q}")]
    day = as_of or dt.date.today()
    offset = page_offset(request) if format == "html" else 0
    try:  # the HTML page builds its 200 task rows only; CSV and JSON get every row
        data = planner_data(e, name, day, lang, (offset, offset + PAGE_ROWS) if format == "html" else None)
    except NotFound as exc:
        if format != "html":
            raise
        return render(request, "departments.html", f"{labels.label('unknown_region', lang)}：{name}",
                      [*crumbs, (name, None)], formats=False, status_code=404, missing=name,
                      suggestions=exc.suggestions, data=None)
    title = f"{name} · {labels.label('planner', lang)}"
    return respond(request, format, data, lambda: [t.model_dump(exclude={"lead", "overdue"})
                                                   for t in data.tasks],
                   f"planner-{name}-{data.as_of}", "departments.html", title, [*crumbs, (name, None)],
                   pager=pager_of(request, offset, len(data.tasks), data.total), chart=_chart(data, lang),
                   missing=None, suggestions=[])
