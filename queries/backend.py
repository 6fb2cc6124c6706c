"""What each store answers natively: the graph reads every named query is built from.

One implementation per store: `MemoryBackend` walks the networkx graph, `CypherBackend` runs parameterised
Cypher. Both return the same typed rows (order aside: the engine sorts), which the parity test checks.
"""

from __future__ import annotations

from typing import Protocol

from .models import (
    CitationEdge,
    DeadlineInfo,
    DocumentSummary,
    IndicatorSummary,
    MeasureDetail,
    MeasureText,
    RegionSummary,
    Responsibility,
    TargetRow,
    TimelineEntry,
)


class Backend(Protocol):
    def fingerprint(self) -> str:
        """Changes whenever the loaded documents change (cache key for derived indexes)."""

    def regions(self) -> list[RegionSummary]: ...

    def documents(self, region: str | None = None) -> list[DocumentSummary]: ...

    def indicator_names(self) -> list[str]: ...

    def indicator_summaries(self) -> list[IndicatorSummary]:
        """Every indicator with its number of targets, regions and units (lists sorted)."""

    def targets(self, indicators: list[str] | None = None, regions: list[str] | None = None,
                measure_id: str | None = None) -> list[TargetRow]: ...

    def responsibilities(self, regions: list[str] | None = None,
                         measure_id: str | None = None) -> list[Responsibility]: ...

    def deadlines(self, region: str) -> list[TimelineEntry]:
        """Task rows, and other measures that have a deadline; status is left to the engine."""

    def measure_texts(self, regions: list[str] | None = None) -> list[MeasureText]: ...

    def citations(self) -> list[CitationEdge]:
        """Every CITES edge; region_chain is left to the engine."""

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
