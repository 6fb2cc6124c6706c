"""What each store answers natively: the graph reads every named query is built from.

One implementation per store: `MemoryBackend` walks the networkx graph, `CypherBackend` runs parameterised
Cypher. Both return the same typed rows (order aside: the engine sorts), which the parity test checks.
"""

from __future__ import annotations

from typing import Protocol

from .models import (
    Assignment,
    AssignmentLoad,
    CitationEdge,
    DeadlineCount,
    DeadlineInfo,
    DocumentSummary,
    IndicatorSummary,
    MeasureDetail,
    MeasureText,
    RegionSummary,
    Responsibility,
    TargetRow,
    TargetStatement,
    TimelineEntry,
    WorkloadCount,
)


def timeline_key(e: TimelineEntry) -> tuple:
    """Timeline order: dated (by year, month), then ongoing, then none; within, by number, path, id."""
    first = 0 if e.year is not None else 1 if e.deadline_kind == "ongoing" else 2
    return (first, e.year or 0, e.month or 12, e.seq or 0, e.path or "", e.measure_id)


def value_order(v: object) -> tuple[int, float, str]:
    """Numbers before text values (ratios such as '4:6'), numbers by size."""
    return (0, float(v), "") if isinstance(v, int | float) else (1, 0.0, str(v))


def listing_order(t: TargetRow) -> tuple:
    return (t.indicator, t.region or "", t.year or 0, value_order(t.value), t.measure_id, t.span_start)


def target_order(t: TargetRow) -> tuple:
    return (t.indicator, t.region or "", t.year or 0, value_order(t.value), t.evidence)


def network_key(r: Responsibility) -> tuple:
    return (r.measure_kind != "task", r.seq or 0, r.path or "", r.measure_id)


def assignment_key(r: Responsibility) -> tuple:
    return (r.role != "lead", *network_key(r), r.department_id)


class Backend(Protocol):
    def fingerprint(self) -> str:
        """Changes whenever the loaded documents change (cache key for derived indexes)."""

    def regions(self) -> list[RegionSummary]: ...

    def region_names(self) -> list[str]:
        """Cheap: just the names (regions() counts documents, measures and targets)."""

    def documents(self, region: str | None = None) -> list[DocumentSummary]: ...

    def indicator_names(self, region: str | None = None) -> list[str]: ...

    def target_statements(self, regions: list[str]) -> list[TargetStatement]:
        """Distinct (region, indicator, comparator, value, unit, year) commitments with how many statements
        make them; the example is the first statement by (measure id, span)."""

    def workload(self, regions: list[str] | None = None) -> list[WorkloadCount]:
        """Per region, function and measure kind: measures the function appears in, and leads."""

    def network(self, region: str, max_tasks: int) -> tuple[list[Responsibility], int, dict[str, int]]:
        """Responsibilities of the region's first max_tasks measures (task rows first, by number, path,
        id), how many measures have responsible units in all, and each shown department's measure count."""

    def deadline_counts(self, region: str) -> list[DeadlineCount]: ...

    def assignment_load(self, region: str) -> tuple[list[AssignmentLoad], list[DeadlineCount]]:
        """Assignments per (department name, role, deadline), raw = the least stated deadline, function =
        the least of the group's; and per deadline, the measures with at least one department."""

    def assignments(self, region: str, department: str, limit: int, offset: int) -> list[Assignment]:
        """A page of one department's (by name) assignments: lead first, then network order, department id."""

    def deadline_page(self, region: str, limit: int, offset: int) -> list[TimelineEntry]:
        """Timeline entries in timeline order (period, number, path, id), one page."""

    def indicator_summaries(self) -> list[IndicatorSummary]:
        """Every indicator with its number of targets, regions and units (lists sorted)."""

    def targets(self, indicators: list[str] | None = None, regions: list[str] | None = None,
                measure_id: str | None = None) -> list[TargetRow]: ...

    def targets_page(self, indicators: list[str] | None, regions: list[str] | None, limit: int,
                     offset: int) -> tuple[list[TargetRow], int]:
        """Targets in listing order (listing_order), one page; and the total."""

    def city_targets(self, indicators: list[str] | None, limit: int, offset: int) -> tuple[list[TargetRow], int]:
        """Targets of regions below province level, in baseline order (target_order), one page; and the total."""

    def province_targets(self, indicators: list[str] | None) -> list[TargetRow]: ...

    def responsibilities(self, regions: list[str] | None = None,
                         measure_id: str | None = None) -> list[Responsibility]: ...

    def measure_texts(self, regions: list[str] | None = None) -> list[MeasureText]: ...

    def citations(self) -> list[CitationEdge]:
        """Every CITES edge; region_chain is left to the engine."""

    def locate(self, key: str) -> list[tuple[str, str]]:
        """(label, key) of the nodes whose key is `key` (a measure id, region name, department id, …)."""

    def adjacent(self, nodes: list[tuple[str, str]]) -> list[tuple[tuple[str, str], str, tuple[str, str]]]:
        """Every relationship touching these nodes, as (start, type, end)."""

    def node_props(self, nodes: list[tuple[str, str]]) -> dict[tuple[str, str], dict]: ...

    def measure(self, measure_id: str) -> MeasureDetail | None:
        """The measure with document, region, parent, restated measure and deadline (departments and
        targets are added by the engine from the other reads)."""


def backend_for(store) -> Backend:
    """The backend of a store: the one place that knows which store classes exist."""
    from policykg.graph.memory import MemoryStore

    if isinstance(store, MemoryStore):
        from .memory import MemoryBackend

        return MemoryBackend(store)
    from .cypher import CypherBackend

    return CypherBackend(store)


def deadline_info(raw: str | None, year: int | None, month: int | None, kind: str | None) -> DeadlineInfo | None:
    return DeadlineInfo(raw=raw, year=year, month=month, kind=kind) if kind else None
