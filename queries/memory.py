"""The graph reads of the named queries, walking the embedded store's networkx graph.

An index of the graph (documents by region, measures by document, …) is built once per graph object:
the store adopts a new graph object on every change, so identity is a safe cache key.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from policykg.graph.trim import freeze_long_lived

from .backend import assignment_key, deadline_info, listing_order, network_key, target_order, timeline_key
from .models import (
    Assignment,
    AssignmentLoad,
    CitationEdge,
    DeadlineCount,
    DocumentSummary,
    IndicatorSummary,
    MeasureDetail,
    MeasureRef,
    MeasureText,
    RegionSummary,
    Responsibility,
    TargetRow,
    TargetStatement,
    TimelineEntry,
    WorkloadCount,
)

Node = tuple[str, str]
KEY_LABELS = ("Region", "Document", "Measure", "Target", "Indicator", "Department", "Function", "Deadline")


@dataclass
class _Index:
    graph_id: int
    fingerprint: str
    target_rows: list[TargetRow] | None = None  # every target, built on first use
    built: dict[str, Any] = field(default_factory=dict)  # other whole-graph reads, built on first use
    region_of_doc: dict[str, str | None] = field(default_factory=dict)
    docs_of_region: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    measures_of_doc: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    parent_region: dict[str, str] = field(default_factory=dict)


class MemoryBackend:
    def __init__(self, store) -> None:
        self.store = store
        self._index: _Index | None = None

    @property
    def g(self) -> nx.MultiDiGraph:
        return self.store.graph

    def _ix(self) -> _Index:
        g = self.g
        if self._index is None or self._index.graph_id != id(g):
            self._index = _build_index(g)
            freeze_long_lived()
        return self._index

    def fingerprint(self) -> str:
        return self._ix().fingerprint

    # -- reads ------------------------------------------------------------------------------------------
    def regions(self) -> list[RegionSummary]:
        return list(self._built("regions", self._all_regions))

    def region_names(self) -> list[str]:
        return self._built("region_names", lambda: [key for label, key in self.g.nodes if label == "Region"])

    def _all_regions(self) -> list[RegionSummary]:
        ix, g = self._ix(), self.g
        out = []
        for (label, name), props in g.nodes(data=True):
            if label != "Region":
                continue
            docs = ix.docs_of_region.get(name, [])
            measures = [m for d in docs for m in ix.measures_of_doc.get(d, [])]
            targets = sum(1 for m in measures for _ in _out(g, ("Measure", m), "SETS"))
            out.append(RegionSummary(
                name=name, level=props.get("level"), province=props.get("province"),
                parent=ix.parent_region.get(name), documents=len(docs), measures=len(measures),
                task_rows=sum(1 for m in measures if g.nodes[("Measure", m)].get("kind") == "task"),
                targets=targets))
        return out

    def documents(self, region: str | None = None) -> list[DocumentSummary]:
        ix, g = self._ix(), self.g
        ids = ix.docs_of_region.get(region, []) if region else list(ix.region_of_doc)
        return [_document(g.nodes[("Document", d)], ix.region_of_doc.get(d)) for d in ids]

    def indicator_names(self, region: str | None = None) -> list[str]:
        if region is None:
            return [key for label, key in self.g.nodes if label == "Indicator"]
        return sorted({r.indicator for r in self._targets_by_region().get(region, [])})

    def target_statements(self, regions: list[str]) -> list[TargetStatement]:
        return _of_regions(self._built("statements", self._all_statements), regions)

    def _all_statements(self) -> dict[str | None, list[TargetStatement]]:
        groups: dict[tuple, list[TargetRow]] = defaultdict(list)
        for r in self._all_targets():
            groups[(r.region, r.indicator, r.comparator, r.value, r.value_max, r.unit, r.year)].append(r)
        out: dict[str | None, list[TargetStatement]] = defaultdict(list)
        for (region, indicator, comparator, value, value_max, unit, year), rows in groups.items():
            first = min(rows, key=lambda r: (r.measure_id, r.span_start))
            out[region].append(TargetStatement(
                region=region, indicator=indicator, comparator=comparator, value=value, value_max=value_max,
                unit=unit, year=year, statements=len(rows), measure_id=first.measure_id, evidence=first.evidence))
        return dict(out)

    def workload(self, regions: list[str] | None = None) -> list[WorkloadCount]:
        return _of_regions(self._built("workload", self._all_workloads), regions)

    def _all_workloads(self) -> dict[str, list[WorkloadCount]]:
        measures: dict[tuple[str, str, str], dict[str, bool]] = defaultdict(dict)
        for r in self.responsibilities():
            if r.function:
                seen = measures[(r.region, r.function, r.measure_kind)]
                seen[r.measure_id] = seen.get(r.measure_id, False) or r.role == "lead"
        out: dict[str, list[WorkloadCount]] = defaultdict(list)
        for (reg, f, k), ms in measures.items():
            out[reg].append(WorkloadCount(region=reg, function=f, kind=k, tasks=len(ms), lead=sum(ms.values())))
        return dict(out)

    def network(self, region: str, max_tasks: int) -> tuple[list[Responsibility], int, dict[str, int]]:
        rows = self._region_rows().get(region, [])
        starts, load = self._built("network", self._network_index).get(region, ([], {}))
        shown = rows[: starts[max_tasks]] if max_tasks < len(starts) else rows
        return shown, len(starts), {d: load[d] for d in {r.department_id for r in shown}}

    def _network_index(self) -> dict[str, tuple[list[int], dict[str, int]]]:
        """Per region: where each measure's rows start in network order, and each department's measures."""
        out = {}
        for region, rows in self._region_rows().items():
            starts = [i for i, r in enumerate(rows) if i == 0 or rows[i - 1].measure_id != r.measure_id]
            load: dict[str, set[str]] = defaultdict(set)
            for r in rows:
                load[r.department_id].add(r.measure_id)
            out[region] = (starts, {d: len(ms) for d, ms in load.items()})
        return out

    def assignment_load(self, region: str) -> tuple[list[AssignmentLoad], list[DeadlineCount]]:
        return self._built("assignment_load", self._all_assignment_loads).get(region, ([], []))

    def _all_assignment_loads(self) -> dict[str, tuple[list[AssignmentLoad], list[DeadlineCount]]]:
        out = {}
        for region, by_dept in self._assignments().items():
            loads: dict[tuple, list] = {}
            per_deadline: dict[tuple, set[str]] = defaultdict(set)
            for name, rows in by_dept.items():
                for a in rows:
                    key = (name, a.role, a.year, a.month, a.deadline_kind)
                    acc = loads.setdefault(key, [None, None, 0])  # function, raw, count
                    acc[0] = min(filter(None, (acc[0], a.function)), default=None)
                    acc[1] = min(filter(None, (acc[1], a.raw)), default=None)
                    acc[2] += 1
                    per_deadline[(a.year, a.month, a.deadline_kind)].add(a.measure_id)
            out[region] = (
                [AssignmentLoad(department=n, function=f, role=role, year=y, month=m, kind=k, raw=raw, count=c)
                 for (n, role, y, m, k), (f, raw, c) in loads.items()],
                [DeadlineCount(year=y, month=m, kind=k, count=len(ms)) for (y, m, k), ms in per_deadline.items()])
        return out

    def assignments(self, region: str, department: str, limit: int, offset: int) -> list[Assignment]:
        return self._assignments().get(region, {}).get(department, [])[offset : offset + limit]

    def _assignments(self) -> dict[str, dict[str, list[Assignment]]]:
        """Region → department name → its assignments with their deadlines, in assignment order."""
        def build() -> dict[str, dict[str, list[Assignment]]]:
            g, out = self.g, {}
            for region, rows in self._region_rows().items():
                by_dept: dict[str, list[Assignment]] = defaultdict(list)
                for r in sorted(rows, key=assignment_key):
                    due = next(iter(_out_data(g, ("Measure", r.measure_id), "DUE")), None)
                    dl = g.nodes[due[0]] if due else {}
                    # model_construct: the fields are already valid; 60,000 validations would cost a second
                    by_dept[r.department].append(Assignment.model_construct(
                        **r.__dict__, raw=due[1].get("raw") if due else None, year=dl.get("year"),
                        month=dl.get("month"), deadline_kind=dl.get("kind", "none")))
                out[region] = dict(by_dept)
            return out
        return self._built("assignments", build)

    def deadline_counts(self, region: str) -> list[DeadlineCount]:
        def build() -> dict[str, list[DeadlineCount]]:
            out = {}
            for reg in self._ix().docs_of_region:
                counts: dict[tuple, int] = defaultdict(int)
                for e in self._deadlines_of(reg):
                    counts[(e.year, e.month, e.deadline_kind)] += 1
                out[reg] = [DeadlineCount(year=y, month=m, kind=k, count=n) for (y, m, k), n in counts.items()]
            return out
        return self._built("deadline_counts", build).get(region, [])

    def deadline_page(self, region: str, limit: int, offset: int) -> list[TimelineEntry]:
        return self._deadlines_of(region)[offset : offset + limit]

    def indicator_summaries(self) -> list[IndicatorSummary]:
        groups: dict[str, list[TargetRow]] = defaultdict(list)
        for row in self._all_targets():
            groups[row.indicator].append(row)
        return [IndicatorSummary(name=name, targets=len(rows), regions=sorted({r.region for r in rows if r.region}),
                                 units=sorted({r.unit for r in rows})) for name, rows in groups.items()]

    def targets(self, indicators: list[str] | None = None, regions: list[str] | None = None,
                measure_id: str | None = None) -> list[TargetRow]:
        names = set(indicators) if indicators is not None else None
        # One measure's or a few regions' targets from an index, not a scan of every target (20,000 at
        # 1,000 documents); all of them in listing order, so a page needs no sort
        if measure_id is not None:
            rows = self._by_measure("targets", self._all_targets).get(measure_id, [])
            rows = [r for r in rows if regions is None or r.region in regions]
        elif regions is not None:
            rows = self._region_targets(regions)
            rows = sorted(rows, key=listing_order) if len(set(regions)) > 1 else rows
        else:
            rows = self._listed_targets()
        return list(rows) if names is None else [r for r in rows if r.indicator in names]

    def _listed_targets(self) -> list[TargetRow]:
        return self._built("targets_listed", lambda: sorted(self._all_targets(), key=listing_order))

    def _region_targets(self, regions: list[str]) -> list[TargetRow]:
        return _of_regions(self._targets_by_region(), regions)

    def _targets_by_region(self) -> dict[str | None, list[TargetRow]]:
        def build() -> dict[str | None, list[TargetRow]]:
            out: dict[str | None, list[TargetRow]] = defaultdict(list)
            for r in self._listed_targets():
                out[r.region].append(r)
            return dict(out)
        return self._built("targets_by_region", build)

    def targets_page(self, indicators: list[str] | None, regions: list[str] | None, limit: int,
                     offset: int) -> tuple[list[TargetRow], int]:
        rows = self.targets(indicators, regions)  # in listing order
        return rows[offset : offset + limit], len(rows)

    def city_targets(self, indicators: list[str] | None, limit: int, offset: int) -> tuple[list[TargetRow], int]:
        rows = self._leveled_targets(indicators, province=False)
        return rows[offset : offset + limit], len(rows)

    def province_targets(self, indicators: list[str] | None) -> list[TargetRow]:
        return self._leveled_targets(indicators, province=True)

    def _leveled_targets(self, indicators: list[str] | None, province: bool) -> list[TargetRow]:
        """Targets of placed documents, of the province level or of any other, in baseline order."""
        def build() -> dict[bool, list[TargetRow]]:
            placed = sorted((r for r in self._all_targets() if r.region), key=target_order)
            return {p: [r for r in placed if (r.region_level == "province") == p] for p in (True, False)}
        rows = self._built("leveled_targets", build)[province]
        names = set(indicators) if indicators is not None else None
        return rows if names is None else [r for r in rows if r.indicator in names]

    def _all_targets(self) -> list[TargetRow]:
        ix, g = self._ix(), self.g
        if ix.target_rows is not None:
            return ix.target_rows
        rows = []
        for (label, tid), t in g.nodes(data=True):
            if label != "Target":
                continue
            indicator = next((k for _, (lab, k) in _out(g, ("Target", tid), "OF") if lab == "Indicator"), None)
            if indicator is None:
                continue
            mid = next(k for (lab, k), _ in _in(g, ("Target", tid), "SETS") if lab == "Measure")
            m = g.nodes[("Measure", mid)]
            reg = ix.region_of_doc.get(m["doc"])
            rp = g.nodes[("Region", reg)] if reg else {}
            rows.append(_target_row(indicator, reg, rp, t, m, g.nodes[("Document", m["doc"])]))
        ix.target_rows = rows
        return rows

    def responsibilities(self, regions: list[str] | None = None,
                         measure_id: str | None = None) -> list[Responsibility]:
        if measure_id is not None:
            rows = self._by_measure("responsibilities", self.responsibilities).get(measure_id, [])
            return [r for r in rows if regions is None or r.region in regions]
        return _of_regions(self._region_rows(), regions)

    def _region_rows(self) -> dict[str, list[Responsibility]]:
        """Every responsibility by region, in network order (then lead first, then department)."""
        def build() -> dict[str, list[Responsibility]]:
            out: dict[str, list[Responsibility]] = defaultdict(list)
            for r in sorted(self._all_responsibilities(), key=lambda r: (*network_key(r), r.role != "lead",
                                                                          r.department_id)):
                out[r.region].append(r)
            return dict(out)
        return self._built("responsibilities", build)

    def _by_measure(self, name: str, rows) -> dict[str, list]:
        """Rows of one kind grouped by their measure, built once per loaded graph like the rows themselves."""
        def build() -> dict[str, list]:
            out: dict[str, list] = {}
            for r in rows():
                out.setdefault(r.measure_id, []).append(r)
            return out
        return self._built(f"{name}_by_measure", build)

    def _built(self, name: str, build):
        ix = self._ix()
        if name not in ix.built:
            ix.built[name] = build()
            freeze_long_lived()  # an index lives as long as the graph it was built from
        return ix.built[name]

    def _all_responsibilities(self) -> list[Responsibility]:
        ix, g = self._ix(), self.g
        out = []
        for (label, mid), m in g.nodes(data=True):
            if label != "Measure":
                continue
            reg = ix.region_of_doc.get(m["doc"])
            if reg is None:
                continue
            for rel_type, dep in _out(g, ("Measure", mid), "LED_BY", "ASSIGNED_TO"):
                d = g.nodes[dep]
                function = next((k for _, (lab, k) in _out(g, dep, "IS_A")), None)
                out.append(Responsibility(
                    region=reg, measure_id=mid, measure_kind=m["kind"], seq=m.get("seq"), path=m.get("path"),
                    title=m.get("title", ""), department_id=dep[1], department=d["name"], function=function,
                    role="lead" if rel_type == "LED_BY" else "co"))
        return out

    def _deadlines_of(self, region: str) -> list[TimelineEntry]:
        """Timeline entries of every region, built in one walk of the graph and kept in timeline order."""
        by_region = self._built("deadlines", lambda: {r: sorted(self._deadlines(r), key=timeline_key)
                                                      for r in self._ix().docs_of_region})
        return by_region.get(region, [])

    def _deadlines(self, region: str) -> list[TimelineEntry]:
        ix, g = self._ix(), self.g
        out = []
        for doc in ix.docs_of_region.get(region, []):
            for mid in ix.measures_of_doc.get(doc, []):
                m = g.nodes[("Measure", mid)]
                due = next(iter(_out_data(g, ("Measure", mid), "DUE")), None)
                if due is None and m["kind"] != "task":
                    continue
                dl = g.nodes[due[0]] if due else {}
                deps = [g.nodes[d]["name"] for _, d in _out(g, ("Measure", mid), "LED_BY", "ASSIGNED_TO")]
                out.append(TimelineEntry(
                    measure_id=mid, document_id=doc, kind=m["kind"], seq=m.get("seq"), path=m.get("path"),
                    title=m.get("title", ""), raw=due[1].get("raw") if due else None, year=dl.get("year"),
                    month=dl.get("month"), deadline_kind=dl.get("kind", "none"), status="none", departments=deps))
        return out

    def measure_texts(self, regions: list[str] | None = None) -> list[MeasureText]:
        wanted = set(regions) if regions is not None else None
        return [m for m in self._built("texts", self._all_texts) if wanted is None or m.ref.region in wanted]

    def _all_texts(self) -> list[MeasureText]:
        ix, g = self._ix(), self.g
        return [MeasureText(ref=_ref(mid, m, ix.region_of_doc.get(m["doc"])), text=m.get("text", ""))
                for (label, mid), m in g.nodes(data=True) if label == "Measure"]

    def citations(self) -> list[CitationEdge]:
        return list(self._built("citations", self._all_citations))

    def _all_citations(self) -> list[CitationEdge]:
        ix, g = self._ix(), self.g
        out = []
        for u, v, rel_type, props in g.edges(keys=True, data=True):
            if rel_type != "CITES":
                continue
            a, b = g.nodes[u], g.nodes[v]
            out.append(CitationEdge(
                source_id=u[1], source_title=a.get("title"), source_region=ix.region_of_doc.get(u[1]),
                cited_number=props.get("number", b.get("doc_number", "")), cited_id=v[1], cited_title=b.get("title"),
                cited_region=ix.region_of_doc.get(v[1]), stub=bool(b.get("stub"))))
        return out

    def locate(self, key: str) -> list[tuple[str, str]]:
        return [(label, key) for label in KEY_LABELS if (label, key) in self.g]

    def adjacent(self, nodes: list[tuple[str, str]]) -> list[tuple[tuple[str, str], str, tuple[str, str]]]:
        g, out = self.g, set()
        for n in nodes:
            if n in g:
                out.update((n, k, v) for _, v, k in g.out_edges(n, keys=True))
                out.update((u, k, n) for u, _, k in g.in_edges(n, keys=True))
        return list(out)

    def node_props(self, nodes: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        return {n: dict(self.g.nodes[n]) for n in nodes if n in self.g}

    def measure(self, measure_id: str) -> MeasureDetail | None:
        ix, g = self._ix(), self.g
        node = ("Measure", measure_id)
        if node not in g:
            return None
        m = g.nodes[node]
        reg = ix.region_of_doc.get(m["doc"])
        parent = next((k for _, (_, k) in _out(g, node, "PART_OF")), None)
        restates = next((k for _, (_, k) in _out(g, node, "RESTATES")), None)
        due = next(iter(_out_data(g, node, "DUE")), None)
        dl = g.nodes[due[0]] if due else {}
        return MeasureDetail(
            id=measure_id, kind=m["kind"], path=m.get("path"), seq=m.get("seq"), group=m.get("group"),
            subgroup=m.get("subgroup"), title=m.get("title", ""), text=m.get("text", ""),
            span_start=m["span_start"], span_end=m["span_end"],
            document=_document(g.nodes[("Document", m["doc"])], reg), region=reg, parent_id=parent,
            restates=restates, page=m.get("page"), original=_passage(g.nodes[("Document", m["doc"])], m),
            deadline=deadline_info(due[1].get("raw") if due else None, dl.get("year"), dl.get("month"), dl.get("kind")))


# -- helpers -----------------------------------------------------------------------------------------------
def _of_regions(per_region: dict, regions: list[str] | None) -> list:
    """The rows of an index by region, for the regions asked (each once, in order), or of every region."""
    return [row for reg in (per_region if regions is None else dict.fromkeys(regions)) for row in per_region.get(reg, [])]


def _passage(doc: dict[str, Any], m: dict[str, Any]) -> str | None:
    text = doc.get("text")
    return text[m["span_start"] : m["span_end"]] if text else None


def _out(g: nx.MultiDiGraph, node: Node, *types: str) -> list[tuple[str, Node]]:
    return [(k, v) for _, v, k in g.out_edges(node, keys=True) if k in types]


def _out_data(g: nx.MultiDiGraph, node: Node, rel_type: str) -> list[tuple[Node, dict[str, Any]]]:
    return [(v, d) for _, v, k, d in g.out_edges(node, keys=True, data=True) if k == rel_type]


def _in(g: nx.MultiDiGraph, node: Node, rel_type: str) -> list[tuple[Node, dict[str, Any]]]:
    return [(u, d) for u, _, k, d in g.in_edges(node, keys=True, data=True) if k == rel_type]


def _build_index(g: nx.MultiDiGraph) -> _Index:
    docs = sorted((key, props) for (label, key), props in g.nodes(data=True)
                  if label == "Document" and not props.get("stub"))
    digest = hashlib.sha1()
    for key, props in docs:
        digest.update(f"{key}\x1f{props.get('sha256', '')}\x1e".encode())
    ix = _Index(graph_id=id(g), fingerprint=f"{len(docs)}:{g.number_of_nodes()}:{digest.hexdigest()}")
    for key, _ in docs:
        region = next((k for _, (_, k) in _out(g, ("Document", key), "ISSUED_BY")), None)
        ix.region_of_doc[key] = region
        if region:
            ix.docs_of_region[region].append(key)
    for (label, key), props in g.nodes(data=True):
        if label == "Measure":
            ix.measures_of_doc[props["doc"]].append(key)
        elif label == "Region":
            parent = next((k for _, (_, k) in _out(g, (label, key), "PART_OF")), None)
            if parent:
                ix.parent_region[key] = parent
    return ix


def _document(props: dict[str, Any], region: str | None) -> DocumentSummary:
    return DocumentSummary(id=props["id"], title=props.get("title"), doc_number=props.get("doc_number"),
                           issuer=props.get("issuer"), issued_date=props.get("issued_date"),
                           source=props.get("source"), region=region)


def _ref(mid: str, m: dict[str, Any], region: str | None) -> MeasureRef:
    return MeasureRef(id=mid, region=region, document_id=m["doc"], kind=m["kind"], path=m.get("path"),
                      seq=m.get("seq"), title=m.get("title", ""))


def _target_row(indicator: str, region: str | None, rp: dict[str, Any], t: dict[str, Any], m: dict[str, Any],
                doc: dict[str, Any]) -> TargetRow:
    return TargetRow(
        indicator=indicator, region=region, region_level=rp.get("level"), province=rp.get("province"),
        comparator=t["comparator"], value=t["value"], value_max=t.get("value_max"), unit=t["unit"],
        year=t.get("year"), recurring=t.get("recurring"), evidence=t.get("evidence", ""),
        indicator_text=t.get("indicator_text"), document_id=doc["id"], document_title=doc.get("title"),
        source=doc.get("source"), measure_id=m["id"], measure_kind=m["kind"], measure_path=m.get("path"),
        measure_seq=m.get("seq"), span_start=t["span_start"], span_end=t["span_end"])
