"""Typed records produced by the ingest pipeline: the only thing later stages see of a document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

MeasureKind = Literal["body", "task", "goal"]
DeadlineKind = Literal["date", "ongoing", "period", "none"]
Role = Literal["lead", "co"]
RegionLevel = Literal["province", "prefecture", "county"]


def stable_id(prefix: str, *parts: object) -> str:
    """Content-derived id: the same inputs always give the same id (idempotent re-ingest)."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}_{digest}"


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into the decoded original file."""

    start: int
    end: int

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class DepartmentRef:
    name: str  # as printed (after un-wrapping)
    function: str  # canonical function, e.g. 教育
    kind: str  # government_department | party_organ | lower_government | school | mass_organization | other
    role: Role


@dataclass(frozen=True, slots=True)
class Deadline:
    raw: str | None
    year: int | None
    month: int | None
    kind: DeadlineKind
    ongoing: bool = False  # a milestone that goes on after it: '9月底取得阶段性成效并持续推进'

    @staticmethod
    def none() -> Deadline:
        return Deadline(raw=None, year=None, month=None, kind="none")


@dataclass(slots=True)
class Target:
    indicator: str  # canonical name from the vocabulary, or a normalised phrase when none matches
    indicator_text: str  # as worded in the document
    comparator: str  # >= | > | = | <= | <
    value: float | int | str  # ratios stay strings, e.g. "4:6"
    unit: str
    year: int | None
    evidence: str
    span: Span
    value_max: float | int | None = None
    recurring: str | None = None  # "yearly" for 每年 / 年培训 / X万元/年


@dataclass(slots=True)
class Measure:
    id: str
    kind: MeasureKind
    path: str | None  # body: 二/（一）/1 ; task: None
    seq: int | None  # task rows: the printed 序号
    title: str
    text: str
    span: Span
    parent_id: str | None = None
    group: str | None = None
    subgroup: str | None = None
    departments: list[DepartmentRef] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline.none)
    targets: list[Target] = field(default_factory=list)
    restates: str | None = None  # id of the body measure a task row restates
    page: int | None = None  # PDF: the page the measure starts on


@dataclass(frozen=True, slots=True)
class NoiseBlock:
    text: str
    span: Span
    reason: str


@dataclass(slots=True)
class DocumentMeta:
    region: str | None = None
    region_level: RegionLevel | None = None
    province: str | None = None
    parent_region: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    title: str | None = None
    issued_date: str | None = None  # ISO date, or YYYY-MM
    cites: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PolicyDocument:
    id: str
    source: str  # file name
    sha256: str
    encoding: str
    meta: DocumentMeta
    measures: list[Measure] = field(default_factory=list)
    noise: list[NoiseBlock] = field(default_factory=list)
    text: str = ""  # the text the spans index: the file's, or what was extracted from Word/PDF/HTML
    pages: tuple[int, ...] = ()  # PDF: offset in text where each page starts

    @property
    def task_rows(self) -> list[Measure]:
        return [m for m in self.measures if m.kind == "task"]

    @property
    def body_measures(self) -> list[Measure]:
        return [m for m in self.measures if m.kind == "body"]

    def targets(self) -> list[Target]:
        return [t for m in self.measures for t in m.targets]


@dataclass(frozen=True, slots=True)
class IngestFailure:
    source: str
    reason: str


@dataclass(slots=True)
class PolicyCorpus:
    documents: list[PolicyDocument] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)
