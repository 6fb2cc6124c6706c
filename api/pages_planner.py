"""The planner's pages: the regions, and one region's departments with the tasks they lead or share,
their deadlines and what is overdue as of a date. Each page is one data function rendered as HTML, JSON
(`?format=json`) or CSV (`?format=csv`, every task row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Query, Request
from policykg.queries.engine import MAX_LIMIT, QueryEngine, deadline_status
from policykg.queries.models import Assignment, AssignmentLoad, DeadlineCount, NotFound, RegionSummary
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


def _deadline_text(raw: str | None, year: int | None, month: int | None, kind: str, lang: str) -> str | None:
    if kind == "ongoing":
        return raw or labels.label("status.ongoing", lang)
    if year is None:
        return raw
    return raw or (f"{year}-{month:02d}" if month else str(year))


def planner_data(engine: QueryEngine, region: str, as_of: dt.date, lang: str = "zh",
                 window: tuple[int, int] | None = None) -> PlannerPage:
    """The planner's page of a region. Departments are summed from the store's per-(department, role,
    deadline) counts; `window` (start, end) reads only those task rows (a page of them), since 1,000
    documents give a region 26,800 rows."""
    loads, assigned = engine.department_load(region)
    summary = next((r for r in engine.regions(limit=1000).items if r.name == region), RegionSummary(name=region))
    by_dept: dict[str, list[AssignmentLoad]] = defaultdict(list)
    for load in loads:
        by_dept[load.department].append(load)  # by name: what the page shows
    departments = [_department(name, items, as_of, lang) for name, items in by_dept.items()]
    departments.sort(key=lambda d: (-d.lead_tasks, -(d.lead_tasks + d.co_tasks), d.name))
    total = sum(load.count for load in loads)
    start, end = window or (0, total)
    tasks: list[PlannerTask] = []
    first = 0  # the department's first row in the page's order
    for d in departments:
        rows = d.lead_tasks + d.co_tasks
        lo, hi = max(start - first, 0), min(end - first, rows)
        for at in range(lo, hi, MAX_LIMIT):
            tasks += [_task(a, as_of, lang) for a in engine.department_assignments(region, d.name, min(MAX_LIMIT, hi - at), at)]
        first += rows
        if first >= end:
            break
    return PlannerPage(region=region, level=summary.level, documents=summary.documents, as_of=as_of.isoformat(),
                       has_leads=any(load.role == "lead" for load in loads), total=total, departments=departments,
                       periods=_periods(assigned, as_of, lang), tasks=tasks)


def _task(a: Assignment, as_of: dt.date, lang: str) -> PlannerTask:
    status = deadline_status(a.year, a.month, a.deadline_kind, as_of)
    return PlannerTask(department=a.department, function=a.function, role=labels.label(f"role.{a.role}", lang),
                       seq=a.seq, path=a.path, task=a.title,
                       deadline=_deadline_text(a.raw, a.year, a.month, a.deadline_kind, lang),
                       status=labels.label(f"status.{status}", lang), overdue=status == "overdue",
                       lead=a.role == "lead", measure_id=a.measure_id)


def _department(name: str, items: list[AssignmentLoad], as_of: dt.date, lang: str) -> PlannerDepartment:
    dated = sorted((x for x in items if x.year is not None), key=lambda x: (x.year, x.month or 12, x.raw or ""))
    status = {id(x): deadline_status(x.year, x.month, x.kind, as_of) for x in items}
    upcoming = next((x for x in dated if status[id(x)] != "overdue"), None)
    text = lambda x: _deadline_text(x.raw, x.year, x.month, x.kind, lang) if x else None  # noqa: E731
    lead = sum(x.count for x in items if x.role == "lead")
    return PlannerDepartment(
        name=name, function=min(filter(None, (x.function for x in items)), default=None), lead_tasks=lead,
        co_tasks=sum(x.count for x in items) - lead, earliest_deadline=text(dated[0] if dated else None),
        next_deadline=text(upcoming), overdue=sum(x.count for x in items if status[id(x)] == "overdue"))


def _periods(assigned: list[DeadlineCount], as_of: dt.date, lang: str) -> list[PlannerPeriod]:
    """Distinct tasks per deadline year, then ongoing, then none (each task once, whatever its units)."""
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for c in assigned:
        if c.year is not None:
            key: tuple = (0, c.year, str(c.year))
        elif c.kind == "ongoing":
            key = (1, 0, labels.label("status.ongoing", lang))
        else:
            key = (2, 0, labels.label("status.none", lang))
        counts[key][0] += c.count
        counts[key][1] += c.count if deadline_status(c.year, c.month, c.kind, as_of) == "overdue" else 0
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
