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
from .templating import PageFormat, lang_of, render, respond

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


def planner_data(engine: QueryEngine, region: str, as_of: dt.date, lang: str = "zh") -> PlannerPage:
    rows: list[tuple[Responsibility, TimelineEntry | None]] = engine.department_tasks(region, as_of)
    summary = next((r for r in engine.regions(limit=1000).items if r.name == region), RegionSummary(name=region))
    tasks: list[PlannerTask] = []
    by_dept: dict[str, list[tuple[PlannerTask, TimelineEntry | None]]] = defaultdict(list)
    for r, e in rows:
        status = e.status if e is not None else "none"
        t = PlannerTask(department=r.department, function=r.function, role=labels.label(f"role.{r.role}", lang),
                        seq=r.seq, path=r.path, task=r.title, deadline=_deadline_text(e, lang),
                        status=labels.label(f"status.{status}", lang), overdue=status == "overdue",
                        lead=r.role == "lead", measure_id=r.measure_id)
        tasks.append(t)
        by_dept[r.department].append((t, e))  # by name: what the page shows
    departments = []
    for items in by_dept.values():
        dated = sorted(((o, t) for t, e in items if (o := _order(e)) is not None), key=lambda ot: ot[0])
        upcoming = next((t.deadline for _, t in dated if not t.overdue), None)
        first = items[0][0]
        departments.append(PlannerDepartment(
            name=first.department, function=first.function, lead_tasks=sum(t.lead for t, _ in items),
            co_tasks=sum(not t.lead for t, _ in items), earliest_deadline=dated[0][1].deadline if dated else None,
            next_deadline=upcoming, overdue=sum(t.overdue for t, _ in items)))
    departments.sort(key=lambda d: (-d.lead_tasks, -(d.lead_tasks + d.co_tasks), d.name))
    rank = {d.name: i for i, d in enumerate(departments)}
    tasks.sort(key=lambda t: (rank[t.department], not t.lead))  # stable: within a department, by task number
    return PlannerPage(region=region, level=summary.level, documents=summary.documents, as_of=as_of.isoformat(),
                       has_leads=any(t.lead for t in tasks), total=len(tasks), departments=departments,
                       periods=_periods(rows, lang), tasks=tasks)


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
    try:
        data = planner_data(e, name, day, lang)
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
                   paged="tasks", chart=_chart(data, lang), missing=None, suggestions=[])
