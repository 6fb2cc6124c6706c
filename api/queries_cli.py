"""`policykg query NAME …`: the API's queries as readable tables in the terminal (or JSON / CSV)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .render import flatten


@dataclass(frozen=True)
class QuerySpec:
    help: str
    args: tuple[tuple[str, dict[str, Any]], ...]
    run: Callable[[Any, argparse.Namespace], Any]  # (engine, args) -> result
    rows: Callable[[Any], list[Any]]  # result -> table rows
    columns: tuple[str, ...]


def _items(result: Any) -> list[Any]:
    return result.items if hasattr(result, "items") and not isinstance(result, dict) else result


def _split(text: str | None) -> list[str] | None:
    return [x.strip() for x in text.replace("，", ",").split(",") if x.strip()] if text else None


QUERIES: dict[str, QuerySpec] = {
    "indicators": QuerySpec("indicator catalogue", (), lambda e, a: e.indicators(a.limit, a.offset), _items,
                            ("name", "targets", "regions", "units")),
    "targets": QuerySpec(
        "which regions set a target on an indicator (name or keyword)",
        (("indicator", {"nargs": "?"}), ("--region", {})),
        lambda e, a: e.targets(a.indicator, a.region, a.limit, a.offset), _items,
        ("indicator", "region", "comparator", "value", "unit", "year", "evidence")),
    "compare": QuerySpec(
        "regions side by side, indicator by indicator", (("regions", {"help": "e.g. 樟树市,郴州市"}),),
        lambda e, a: e.compare(_split(a.regions) or []),
        lambda r: [{"indicator": i.indicator, **{reg: "；".join(f"{c.comparator}{c.value}{c.unit}"
                                                             + (f"({c.year})" if c.year else "") for c in cells)
                                                for reg, cells in i.by_region.items()}} for i in r.indicators],
        ()),
    "baseline": QuerySpec("city targets against their province's", (("indicator", {"nargs": "?"}),),
                          lambda e, a: e.baseline(a.indicator, a.limit, a.offset), _items,
                          ("indicator", "region", "value", "unit", "year", "province_value", "relation")),
    "regions": QuerySpec("regions with counts", (), lambda e, a: e.regions(a.limit, a.offset), _items,
                         ("name", "level", "province", "documents", "measures", "task_rows", "targets")),
    "departments": QuerySpec(
        "a region's departments with the tasks they lead (牵头) and share (配合), deadlines as of a date",
        (("region", {}), ("--as-of", {"help": "YYYY-MM-DD (default today): what counts as overdue"})),
        lambda e, a: _planner(e, a), lambda r: _department_rows(r),
        ("department", "function", "lead", "co", "overdue", "tasks")),
    "functions": QuerySpec("function workload across regions", (("--regions", {}),),
                           lambda e, a: e.function_workload(_split(a.regions), a.limit, a.offset), _items,
                           ("region", "function", "tasks", "lead")),
    "deadlines": QuerySpec("deadline timeline of a region", (("region", {}), ("--as-of", {})),
                           lambda e, a: e.deadlines(a.region, dt.date.fromisoformat(a.as_of) if a.as_of else None,
                                                     a.limit, a.offset),
                           lambda r: r.entries, ("seq", "path", "title", "raw", "year", "month", "status")),
    "search": QuerySpec("full-text search over measures", (("q", {}), ("--region", {})),
                        lambda e, a: e.search(a.q, a.region, a.limit, a.offset),
                        lambda r: [{"score": h.score, "region": h.measure.region, "title": h.measure.title,
                                    "snippet": h.snippet} for h in r.items], ("score", "region", "title", "snippet")),
    "similar": QuerySpec("similar measures in other regions", (("measure", {}), ("--k", {"type": int, "default": 10})),
                         lambda e, a: e.similar(a.measure, a.k),
                         lambda r: [{"score": h.score, "region": h.measure.region, "id": h.measure.id,
                                     "title": h.measure.title} for h in r], ("score", "region", "id", "title")),
    "similarity": QuerySpec("region × region similarity matrix", (), lambda e, a: e.similarity_matrix(),
                            lambda r: [{"region": a, **dict(zip(r.regions, row, strict=True))}
                                       for a, row in zip(r.regions, r.matrix, strict=True)], ()),
    "citations": QuerySpec("which documents cite which 文号", (), lambda e, a: e.citations(a.limit, a.offset), _items,
                           ("source_region", "source_title", "cited_number", "stub", "region_chain")),
    "measure": QuerySpec("one measure with its provenance", (("id", {}),), lambda e, a: e.measure(a.id),
                         lambda r: [r], ("id", "kind", "path", "seq", "title", "span_start", "span_end", "original")),
}


def _planner(engine, a: argparse.Namespace):
    from .pages_planner import planner_data

    result = planner_data(engine, a.region, dt.date.fromisoformat(a.as_of) if a.as_of else dt.date.today())
    shown = result.departments[max(0, a.offset): max(0, a.offset) + max(1, a.limit)]
    names = {d.name for d in shown}
    return result.model_copy(update={"departments": shown, "tasks": [t for t in result.tasks if t.department in names]})


def _department_rows(result) -> list[dict[str, Any]]:
    """One row per department: its counts, then its tasks, lead ones first (牵头：1 …；配合：7 …)."""
    tasks: dict[str, dict[bool, list[str]]] = {}
    for t in result.tasks:
        head = f"{t.seq} " if t.seq is not None else f"{t.path} " if t.path else ""
        late = "（已逾期）" if t.overdue else ""
        tasks.setdefault(t.department, {True: [], False: []})[t.lead].append(f"{head}{t.task}{late}")
    rows = []
    for d in result.departments:
        mine = tasks.get(d.name, {True: [], False: []})
        text = "  ".join(f"{label}：" + "；".join(items) for label, items in (("牵头", mine[True]), ("配合", mine[False]))
                         if items)
        rows.append({"department": d.name, "function": d.function, "lead": d.lead_tasks, "co": d.co_tasks,
                     "overdue": d.overdue, "tasks": text})
    return rows


def add_query_parser(sub: argparse._SubParsersAction,
                     common: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    q = sub.add_parser("query", help="run a named query: " + ", ".join(QUERIES))
    names = q.add_subparsers(dest="query", required=True)
    for name, spec in QUERIES.items():
        p = names.add_parser(name, help=spec.help)
        for flag, opts in spec.args:
            p.add_argument(flag, **opts)
        common(p)
        p.add_argument("--limit", type=int, default=100)
        p.add_argument("--offset", type=int, default=0)
        p.add_argument("--wide", action="store_true", help="print whole cells (default: fit the terminal, cut with …)")
        out = p.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help="print the full result as JSON")
        out.add_argument("--csv", metavar="FILE", help="write the table as CSV (UTF-8 with BOM)")
    return q


def run_query(engine, args: argparse.Namespace) -> int:
    spec = QUERIES[args.query]
    result = spec.run(engine, args)
    if args.json:
        data = result.model_dump() if isinstance(result, BaseModel) else [r.model_dump() for r in result]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    rows = [flatten(r) if isinstance(r, BaseModel) else r for r in spec.rows(result)]
    if args.csv:
        from .render import csv_response

        Path(args.csv).write_bytes(csv_response(rows, args.query).body)
        print(f"wrote {len(rows)} rows to {args.csv}", file=sys.stderr)
        return 0
    _print_table(rows, spec.columns, args.query, wide=getattr(args, "wide", False))
    return 0


SHORT = 12  # every column gets up to this many terminal cells before long ones get more


def _print_table(rows: list[dict[str, Any]], columns: tuple[str, ...], title: str, wide: bool = False) -> None:
    """A rich table that fits the terminal (80 columns when stdout is no terminal): short columns keep
    their width, long text shares what is left and is cut with …. Widths are terminal cells, so a CJK
    character counts 2. `wide`: whole cells, one line each, however long."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    cols = list(columns) or list(dict.fromkeys(k for r in rows for k in r))
    cells = [["" if r.get(c) is None else str(r.get(c)) for c in cols] for r in rows]
    natural = [max([cell_len(c), *(cell_len(row[i]) for row in cells)]) for i, c in enumerate(cols)]
    frame = 3 * len(cols) + 1  # rich's default box: a border and one space either side per column
    if wide:
        console = Console(width=max(80, sum(natural) + frame), soft_wrap=False)
        widths = natural
    else:
        tty = sys.stdout.isatty() or "COLUMNS" in os.environ
        console = Console(width=None if tty else 80)
        widths = _fit(natural, max(len(cols) * 4, console.width - frame))
    table = Table(title=f"{title} ({len(rows)})")
    for c, w in zip(cols, widths, strict=True):
        table.add_column(c, no_wrap=True, overflow="ellipsis", min_width=min(w, 4), max_width=w)
    for row in cells:
        table.add_row(*row)
    console.print(table)


def _fit(natural: list[int], room: int) -> list[int]:
    """Column widths within `room` cells: every column gets up to SHORT cells, then what is left goes to
    the longer ones in proportion to what they still need (never more than they need)."""
    if sum(natural) <= room:
        return list(natural)
    widths = [min(n, SHORT) for n in natural]
    left = room - sum(widths)
    if left < 0:  # even SHORT each does not fit: shrink every column alike
        return [max(4, w * room // sum(widths)) for w in widths]
    while left > 0:
        need = [n - w for n, w in zip(natural, widths, strict=True)]
        wanting = sum(need)
        if not wanting:
            break
        gave = 0
        for i, n in enumerate(need):
            share = min(n, left * n // wanting)
            widths[i] += share
            gave += share
        if not gave:  # rounding gave nothing: one cell to the neediest
            widths[max(range(len(need)), key=need.__getitem__)] += 1
            gave = 1
        left -= gave
    return widths
