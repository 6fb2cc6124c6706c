"""Typed results of the named queries: the contract the API, the CLI and the views render."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")
Value = int | float | str


class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]


class DocumentSummary(BaseModel):
    id: str
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    source: str | None = None
    region: str | None = None


class MeasureRef(BaseModel):
    id: str
    region: str | None
    document_id: str
    kind: str
    path: str | None = None
    seq: int | None = None
    title: str


class IndicatorSummary(BaseModel):
    name: str
    targets: int
    regions: list[str]
    units: list[str]


class TargetRow(BaseModel):
    indicator: str
    region: str | None
    region_level: str | None = None
    province: str | None = None
    comparator: str
    value: Value
    value_max: int | float | None = None
    unit: str
    year: int | None = None
    recurring: str | None = None
    evidence: str
    indicator_text: str | None = None
    document_id: str
    document_title: str | None = None
    source: str | None = None
    measure_id: str
    measure_kind: str
    measure_path: str | None = None
    measure_seq: int | None = None
    span_start: int
    span_end: int


class RegionSummary(BaseModel):
    name: str
    level: str | None = None
    province: str | None = None
    parent: str | None = None
    documents: int = 0
    measures: int = 0
    task_rows: int = 0
    targets: int = 0


class RegionDetail(RegionSummary):
    document_list: list[DocumentSummary] = Field(default_factory=list)
    indicators: list[str] = Field(default_factory=list)
    functions: dict[str, int] = Field(default_factory=dict)


class ComparisonCell(BaseModel):
    """One distinct commitment of a region on an indicator; `statements` counts how often its documents
    state it, and the first statement (by measure id) stands as the example."""

    comparator: str
    value: Value
    value_max: int | float | None = None
    unit: str
    year: int | None = None
    statements: int = 1
    measure_id: str
    evidence: str


class IndicatorComparison(BaseModel):
    indicator: str
    by_region: dict[str, list[ComparisonCell]]


class SharedMeasure(BaseModel):
    a: MeasureRef
    b: MeasureRef
    score: float


class Comparison(BaseModel):
    regions: list[str]
    indicators: list[IndicatorComparison]
    shared_measures: list[SharedMeasure]  # best first, at most `limit`
    shared_total: int
    unique_measures: dict[str, list[MeasureRef]]  # at most `limit` per region
    unique_totals: dict[str, int]


Relation = Literal["above", "equal", "below", "province_has_none", "not_comparable"]


class BaselineRow(BaseModel):
    indicator: str
    region: str
    province: str | None
    comparator: str
    value: Value
    unit: str
    year: int | None = None
    province_comparator: str | None = None
    province_value: Value | None = None
    province_unit: str | None = None
    province_year: int | None = None
    relation: Relation
    evidence: str
    province_evidence: str | None = None


class NetworkNode(BaseModel):
    id: str
    label: str
    kind: Literal["department", "function", "task"]
    function: str | None = None
    workload: int = 0
    title: str | None = None


class NetworkEdge(BaseModel):
    source: str
    target: str
    kind: Literal["lead", "co", "is_a"]


class DepartmentNetwork(BaseModel):
    region: str
    total_tasks: int
    truncated: bool  # the network shows the first max_tasks tasks; workloads count them all
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    functions: dict[str, int]  # canonical function → number of task rows it appears in


class FunctionWorkload(BaseModel):
    region: str
    function: str
    tasks: int
    lead: int


DeadlineStatus = Literal["overdue", "due", "upcoming", "ongoing", "none"]


class TimelineEntry(BaseModel):
    measure_id: str
    document_id: str
    kind: str
    seq: int | None = None
    path: str | None = None
    title: str
    raw: str | None = None
    year: int | None = None
    month: int | None = None
    deadline_kind: str
    status: DeadlineStatus
    departments: list[str] = Field(default_factory=list)


class PeriodCount(BaseModel):
    period: str  # "2022-12", "2022", "ongoing", "none"
    count: int


class Timeline(BaseModel):
    region: str
    as_of: str
    periods: list[PeriodCount]  # over all entries
    status: dict[str, int]  # over all entries
    total: int  # entries in all
    limit: int
    offset: int
    entries: list[TimelineEntry]  # this page


class SearchHit(BaseModel):
    measure: MeasureRef
    score: float
    snippet: str


class SimilarHit(BaseModel):
    measure: MeasureRef
    score: float


class SimilarityMatrix(BaseModel):
    regions: list[str]
    matrix: list[list[float]]


class CitationEdge(BaseModel):
    source_id: str
    source_title: str | None = None
    source_region: str | None = None
    region_chain: list[str] = Field(default_factory=list)
    cited_number: str
    cited_id: str
    cited_title: str | None = None
    cited_region: str | None = None
    stub: bool


class DepartmentRole(BaseModel):
    name: str
    function: str | None = None
    role: Literal["lead", "co"]


class DeadlineInfo(BaseModel):
    raw: str | None = None
    year: int | None = None
    month: int | None = None
    kind: str


class MeasureDetail(BaseModel):
    id: str
    kind: str
    path: str | None = None
    seq: int | None = None
    group: str | None = None
    subgroup: str | None = None
    title: str
    text: str
    span_start: int
    span_end: int
    document: DocumentSummary
    region: str | None = None
    parent_id: str | None = None
    restates: str | None = None
    departments: list[DepartmentRole] = Field(default_factory=list)
    deadline: DeadlineInfo | None = None
    targets: list[TargetRow] = Field(default_factory=list)
    original: str | None = None  # the document's text at the span, as the store keeps it (or the file's)
    page: int | None = None  # PDF: the page the measure starts on


class MeasureText(BaseModel):
    """What text queries (search, similarity) need of a measure."""

    ref: MeasureRef
    text: str


class TargetStatement(ComparisonCell):
    region: str
    indicator: str


class WorkloadCount(BaseModel):
    """Measures of one kind in which a function appears (and leads), per region."""

    region: str
    function: str
    kind: str
    tasks: int
    lead: int


class DeadlineCount(BaseModel):
    year: int | None = None
    month: int | None = None
    kind: str
    count: int


class Responsibility(BaseModel):
    """One (measure, department) assignment: the raw material of networks and workloads."""

    region: str
    measure_id: str
    measure_kind: str
    seq: int | None = None
    path: str | None = None
    title: str
    department_id: str
    department: str
    function: str | None
    role: Literal["lead", "co"]


class Assignment(Responsibility):
    """A responsibility with its measure's deadline: a row of the planner's department → task table."""

    raw: str | None = None  # the deadline as the document states it
    year: int | None = None
    month: int | None = None
    deadline_kind: str = "none"


class AssignmentLoad(BaseModel):
    """How many of a region's assignments one department holds in one role with one deadline: the planner's
    department summaries and the window of rows are computed from these, not from every row."""

    department: str
    function: str | None = None
    role: Literal["lead", "co"]
    year: int | None = None
    month: int | None = None
    kind: str = "none"
    raw: str | None = None  # the least of the stated deadlines in the group
    count: int


class NotFound(Exception):
    """An unknown name or id; carries close matches so the API can suggest them."""

    def __init__(self, what: str, name: str, suggestions: list[str]):
        super().__init__(f"unknown {what}: {name}")
        self.what, self.name, self.suggestions = what, name, suggestions


class SubgraphNode(BaseModel):
    label: str  # graph label: Region, Document, Measure, …
    key: str
    caption: str
    props: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    depth: int


class SubgraphEdge(BaseModel):
    type: str
    source: str  # "Label:key"
    target: str


class Subgraph(BaseModel):
    center: str
    depth: int
    nodes: list[SubgraphNode]  # nearest first, then by label and key
    edges: list[SubgraphEdge]
    truncated: bool
