"""PolicyDocument -> typed node and relationship records (pure; no store knows about documents).

Ownership drives how the stores replace a document: every relationship carries `doc`, the id of the
document that asserted it. Nodes are either *owned* (the Document itself, its Measures and Targets, which
also carry `doc`) and replaced with the document, or *shared* (Region, Indicator, Function, Department,
Deadline and stub Documents), merged by key and removed only when nothing points at them any more.
Relationships between two shared nodes (Region PART_OF Region, Department IS_A Function) are shared too:
the stores keep one of each with a sorted `docs` list instead of one parallel copy per document.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from policykg.ingest.models import DocumentMeta, Measure, PolicyDocument, Target, stable_id

Scalar = str | int | float | bool

# label -> the property that is its key (uniqueness constraint in Neo4j, node id part in networkx)
KEY_PROPERTY: dict[str, str] = {
    "Region": "name",
    "Document": "id",
    "Measure": "id",
    "Target": "id",
    "Indicator": "name",
    "Department": "id",
    "Function": "name",
    "Deadline": "id",
}
LABELS = tuple(KEY_PROPERTY)
SHARED_LABELS = frozenset({"Region", "Indicator", "Function", "Department", "Deadline"})
OWNED_LABELS = frozenset({"Document", "Measure", "Target"})  # Documents with stub=true are shared
# (type, start label, end label): the only relationships the graph may hold
REL_SCHEMA = frozenset(
    {
        ("PART_OF", "Region", "Region"),
        ("ISSUED_BY", "Document", "Region"),
        ("CITES", "Document", "Document"),
        ("IN", "Measure", "Document"),
        ("PART_OF", "Measure", "Measure"),
        ("RESTATES", "Measure", "Measure"),
        ("SETS", "Measure", "Target"),
        ("OF", "Target", "Indicator"),
        ("LED_BY", "Measure", "Department"),
        ("ASSIGNED_TO", "Measure", "Department"),
        ("IS_A", "Department", "Function"),
        ("DUE", "Measure", "Deadline"),
    }
)
SHARED_RELS = frozenset({("PART_OF", "Region", "Region"), ("IS_A", "Department", "Function")})
REL_TYPES = tuple(sorted({t for t, _, _ in REL_SCHEMA}))
ROLE_REL = {"lead": "LED_BY", "co": "ASSIGNED_TO"}


class MappingError(ValueError):
    """The document breaks the ingest contract (e.g. a parent_id that names no measure of it)."""


@dataclass(slots=True)
class Node:
    label: str
    key: str
    props: dict[str, Scalar]


@dataclass(slots=True)
class Rel:
    type: str
    start_label: str
    start_key: str
    end_label: str
    end_key: str
    props: dict[str, Scalar]

    @property
    def start(self) -> tuple[str, str]:
        return (self.start_label, self.start_key)

    @property
    def end(self) -> tuple[str, str]:
        return (self.end_label, self.end_key)


@dataclass(slots=True)
class DocumentGraph:
    """One document's records: what a store writes when it (re)loads that document."""

    doc_id: str
    doc_number: str | None
    cites: list[str]  # cited doc numbers, deduplicated, without the document's own number
    nodes: list[Node] = field(default_factory=list)
    rels: list[Rel] = field(default_factory=list)


def is_shared_node(label: str, props: Mapping[str, object]) -> bool:
    return label in SHARED_LABELS or (label == "Document" and bool(props.get("stub")))


def is_shared_rel(rel_type: str, start_label: str, end_label: str) -> bool:
    return (rel_type, start_label, end_label) in SHARED_RELS


def stub_document_id(doc_number: str) -> str:
    """Id of the placeholder Document for a cited number that no loaded document carries."""
    return stable_id("stub", doc_number)


def stub_document(doc_number: str) -> Node:
    sid = stub_document_id(doc_number)
    return Node("Document", sid, {"id": sid, "doc_number": doc_number, "stub": True})


def department_id(region: str | None, name: str) -> str:
    return stable_id("dept", region or "", name)


def deadline_id(year: int | None, month: int | None, kind: str) -> str:
    return stable_id("deadline", year, month, kind)


def target_id(measure_id: str, target: Target) -> str:
    return stable_id(
        "target", measure_id, target.span.start, target.span.end, target.indicator, target.value, target.year
    )


def value_num(value: object) -> float | None:
    """Sortable number for a target value; None for ratios such as "4:6"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def clean(props: Mapping[str, object]) -> dict[str, Scalar]:
    """Drop None: Neo4j cannot store it, so neither backend keeps it and dumps compare equal."""
    return {k: v for k, v in props.items() if v is not None}


def canonical_citations(docs: Iterable[PolicyDocument]) -> dict[str, str]:
    """doc number -> id of the corpus document it names (smallest id when several share a number)."""
    best: dict[str, str] = {}
    for doc in docs:
        number = doc.meta.doc_number
        if number and (number not in best or doc.id < best[number]):
            best[number] = doc.id
    return best


def map_corpus(docs: Iterable[PolicyDocument]) -> list[DocumentGraph]:
    """Map every document, linking citations to corpus documents where one carries the number."""
    docs = list(docs)
    resolved = canonical_citations(docs)
    return [map_document(doc, resolved) for doc in docs]


def map_document(doc: PolicyDocument, resolved: Mapping[str, str] | None = None) -> DocumentGraph:
    """Records for one document. Citations absent from `resolved` point at stub Documents."""
    builder = _Builder(doc)
    builder.add_document(resolved or {})
    for measure in doc.measures:
        builder.add_measure(measure)
    return builder.result()


class _Builder:
    def __init__(self, doc: PolicyDocument):
        self.doc = doc
        self.nodes: dict[tuple[str, str], Node] = {}
        self.rels: dict[tuple[str, str, str, str, str], Rel] = {}
        self.measure_ids = {m.id for m in doc.measures}
        self.cites = [n for n in dict.fromkeys(doc.meta.cites) if n and n != doc.meta.doc_number]

    def result(self) -> DocumentGraph:
        return DocumentGraph(
            self.doc.id,
            self.doc.meta.doc_number,
            self.cites,
            list(self.nodes.values()),
            list(self.rels.values()),
        )

    def node(self, label: str, key: str, props: Mapping[str, object]) -> None:
        current = self.nodes.get((label, key))
        merged = {**(current.props if current else {}), **clean(props)}
        self.nodes[(label, key)] = Node(label, key, merged)

    def rel(self, rel_type: str, start: tuple[str, str], end: tuple[str, str], **props: object) -> None:
        if start == end:
            return
        key = (rel_type, *start, *end)
        self.rels.setdefault(key, Rel(rel_type, *start, *end, clean({"doc": self.doc.id, **props})))

    def add_document(self, resolved: Mapping[str, str]) -> None:
        doc, meta = self.doc, self.doc.meta
        self.node(
            "Document",
            doc.id,
            {
                "id": doc.id,
                "title": meta.title,
                "doc_number": meta.doc_number,
                "issuer": meta.issuer,
                "issued_date": meta.issued_date,
                "source": doc.source,
                "sha256": doc.sha256,  # of the original file
                "format": doc.encoding if doc.encoding in ("docx", "pdf", "html") else "text",
                "text": doc.text or None,  # what the spans index
                "pages": list(doc.pages) or None,
                "stub": False,
            },
        )
        self.add_regions(meta)
        for number in self.cites:
            target = resolved.get(number)
            if target is None or target == doc.id:
                stub = stub_document(number)
                self.node(stub.label, stub.key, stub.props)
                target = stub.key
            self.rel("CITES", ("Document", doc.id), ("Document", target), number=number)

    def add_regions(self, meta: DocumentMeta) -> None:
        """Issuing region, then county -> prefecture (parent_region) -> province."""
        if not meta.region:
            return
        chain: list[tuple[str, str | None]] = [(meta.region, meta.region_level)]
        parent = meta.parent_region
        if meta.region_level in ("county", None) and parent and parent not in (meta.region, meta.province):
            chain.append((parent, "prefecture" if meta.region_level == "county" else None))
        if meta.province and meta.province != meta.region:
            chain.append((meta.province, "province"))
        for name, level in chain:
            self.node("Region", name, {"name": name, "level": level, "province": meta.province})
        self.rel("ISSUED_BY", ("Document", self.doc.id), ("Region", meta.region))
        for (child, _), (parent_name, _) in itertools.pairwise(chain):
            self.rel("PART_OF", ("Region", child), ("Region", parent_name))

    def add_measure(self, m: Measure) -> None:
        me = ("Measure", m.id)
        self.node(
            "Measure",
            m.id,
            {
                "id": m.id,
                "doc": self.doc.id,
                "kind": m.kind,
                "path": m.path,
                "seq": m.seq,
                "title": m.title,
                "text": m.text,
                "span_start": m.span.start,
                "span_end": m.span.end,
                "group": m.group,
                "subgroup": m.subgroup,
                "page": m.page,
            },
        )
        self.rel("IN", me, ("Document", self.doc.id))
        for rel_type, other in (("PART_OF", m.parent_id), ("RESTATES", m.restates)):
            if other is None:
                continue
            if other not in self.measure_ids:
                raise MappingError(
                    f"{self.doc.source}: measure {m.id} {rel_type} {other}, which is not a measure of it"
                )
            self.rel(rel_type, me, ("Measure", other))
        for target in m.targets:
            self.add_target(m.id, target)
        for dep in m.departments:
            self.add_department(me, dep.name, dep.function, dep.kind, dep.role)
        self.add_deadline(me, m)

    def add_target(self, measure_id: str, t: Target) -> None:
        tid = target_id(measure_id, t)
        self.node(
            "Target",
            tid,
            {
                "id": tid,
                "doc": self.doc.id,
                "value": t.value,
                "value_num": value_num(t.value),
                "value_max": t.value_max,
                "unit": t.unit,
                "comparator": t.comparator,
                "year": t.year,
                "evidence": t.evidence,
                "indicator_text": t.indicator_text,
                "span_start": t.span.start,
                "span_end": t.span.end,
                "recurring": t.recurring,
            },
        )
        self.rel("SETS", ("Measure", measure_id), ("Target", tid))
        if t.indicator:
            self.node("Indicator", t.indicator, {"name": t.indicator})
            self.rel("OF", ("Target", tid), ("Indicator", t.indicator))

    def add_department(
        self, measure: tuple[str, str], name: str, function: str, kind: str, role: str
    ) -> None:
        region = self.doc.meta.region
        did = department_id(region, name)
        self.node("Department", did, {"id": did, "name": name, "region": region, "kind": kind})
        self.rel(ROLE_REL[role], measure, ("Department", did))
        if function:
            self.node("Function", function, {"name": function})
            self.rel("IS_A", ("Department", did), ("Function", function))

    def add_deadline(self, measure: tuple[str, str], m: Measure) -> None:
        d = m.deadline
        if d.kind == "none":
            return
        did = deadline_id(d.year, d.month, d.kind)
        self.node("Deadline", did, {"id": did, "year": d.year, "month": d.month, "kind": d.kind})
        self.rel("DUE", measure, ("Deadline", did), raw=d.raw, **({"ongoing": True} if d.ongoing else {}))
