"""The named queries: the researcher's and the planner's questions, answered from either store.

Each query reads the graph through its store's backend (networkx walk or Cypher), then shapes, sorts and
pages the typed rows here, once for both stores, so the answers are identical whichever store is behind.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np
from policykg.graph.trim import freeze_long_lived, release_freed_memory
from pydantic_core import PydanticSerializationError, to_json
from rapidfuzz import process

from .backend import Backend, backend_for, value_order
from .models import (
    Assignment,
    AssignmentLoad,
    BaselineRow,
    CitationEdge,
    Comparison,
    ComparisonCell,
    DeadlineCount,
    DepartmentNetwork,
    DepartmentRole,
    FunctionWorkload,
    IndicatorComparison,
    IndicatorSummary,
    MeasureDetail,
    NetworkEdge,
    NetworkNode,
    NotFound,
    Page,
    PeriodCount,
    RegionDetail,
    RegionSummary,
    SearchHit,
    SharedMeasure,
    SimilarHit,
    SimilarityMatrix,
    Subgraph,
    SubgraphEdge,
    SubgraphNode,
    TargetRow,
    Timeline,
    TimelineEntry,
)
from .text import TextIndex, full_text, snippet

T = TypeVar("T")
R = TypeVar("R")
SHARED_MIN = 0.35
MATRIX_REGIONS = 20  # cosine above which two cities' measures are taken to say the same thing
MAX_LIMIT = 1000


def page(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return Page[T](total=len(items), limit=limit, offset=offset, items=list(items[offset : offset + limit]))


def suggest(name: str, choices: Sequence[str], n: int = 5) -> list[str]:
    """Close matches, best first (substring matches before fuzzy ones)."""
    contains = [c for c in choices if name and (name in c or c in name)]
    fuzzy = [c for c, score, _ in process.extract(name, list(choices), limit=n) if score >= 40]
    return list(dict.fromkeys(contains + fuzzy))[:n]




def cached(method: Callable[..., R]) -> Callable[..., R]:
    """Memoise a query's result until the graph changes (the store's fingerprint moves on). Results are
    shared, read-only values; turn the cache off with POLICYKG_QUERY_CACHE=0."""

    @functools.wraps(method)
    def wrapper(self: QueryEngine, *args, **kwargs) -> R:
        if not self.cache_results:
            return method(self, *args, **kwargs)
        key = (method.__name__, _freeze(args), _freeze(kwargs))
        fingerprint = self.backend.fingerprint()
        with self._lock:
            hit = self._results.get(key)
            if hit is not None and hit[0] == fingerprint:
                self._results.move_to_end(key)
                return hit[1]
        result = method(self, *args, **kwargs)
        self._remember(key, fingerprint, result)
        return result

    return wrapper


# The result cache is bounded by the size of what it holds (its JSON size), not by
# a count of entries: 1,024 node views of 5,000 nodes each took RSS from 1 GB to 1.85 GB.
CACHE_BYTES = int(float(os.environ.get("POLICYKG_CACHE_MB", "16")) * 1024 * 1024)


def _freeze(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


class QueryEngine:
    def __init__(self, store, corpus_dir: Path | None = None, cache_results: bool | None = None) -> None:
        self.store = store
        self.backend: Backend = backend_for(store)
        self.corpus_dir = corpus_dir
        if cache_results is None:
            cache_results = os.environ.get("POLICYKG_QUERY_CACHE", "1") not in ("0", "false", "no")
        self.cache_results = cache_results
        # key → (fingerprint, result, size); least recently used first, bounded by CACHE_BYTES in all
        self._results: OrderedDict[tuple, tuple[str, object, int]] = OrderedDict()
        self._cached_bytes = 0
        self._text: tuple[str, TextIndex] | None = None
        self._matches: dict[tuple[str, bytes, bytes], dict[int, tuple[int, float]]] = {}
        self._matrix: dict[tuple[str, str, tuple[str, ...]], SimilarityMatrix] = {}  # region × region, per graph
        self._lock = threading.Lock()

    # -- 1. indicator catalogue ----------------------------------------------------------------------
    @cached
    def indicators(self, limit: int = 100, offset: int = 0) -> Page[IndicatorSummary]:
        items = self.backend.indicator_summaries()
        items.sort(key=lambda i: (-len(i.regions), -i.targets, i.name))
        return page(items, limit, offset)

    # -- 2. targets by indicator ---------------------------------------------------------------------
    def resolve_indicator(self, name: str) -> list[str]:
        """Exact name, else every indicator whose name contains the keyword (双师型 → 双师型教师比例, …)."""
        names = self.backend.indicator_names()
        key = name.strip()
        if key in names:
            return [key]
        matched = sorted(n for n in names if key and key in n)
        if not matched:
            raise NotFound("indicator", name, suggest(key, names))
        return matched

    @cached
    def targets(self, indicator: str | None = None, region: str | None = None, limit: int = 100,
                offset: int = 0) -> Page[TargetRow]:
        names = self.resolve_indicator(indicator) if indicator else None
        if region:
            self.resolve_region(region)
        limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
        rows, total = self.backend.targets_page(names, [region] if region else None, limit, offset)
        return Page[TargetRow](total=total, limit=limit, offset=offset, items=rows)

    # -- regions ---------------------------------------------------------------------------------------
    @cached
    def regions(self, limit: int = 100, offset: int = 0) -> Page[RegionSummary]:
        items = sorted(self.backend.regions(), key=lambda r: (-r.documents, r.name))
        return page(items, limit, offset)

    def resolve_region(self, name: str) -> str:
        names = self.backend.region_names()
        if name in names:
            return name
        raise NotFound("region", name, suggest(name, sorted(names)))

    @cached
    def region(self, name: str) -> RegionDetail:
        self.resolve_region(name)
        summary = next(r for r in self.backend.regions() if r.name == name)
        docs = sorted(self.backend.documents(name), key=lambda d: d.id)
        return RegionDetail(**summary.model_dump(), document_list=docs, indicators=self.backend.indicator_names(name),
                            functions=self._workload([name]).get(name, {}))

    # -- 3. region comparison --------------------------------------------------------------------------
    @cached
    def compare(self, regions: list[str], limit: int = 100) -> Comparison:
        """Indicators side by side (all), shared and unique measures (first `limit` of each, with totals)."""
        regions = list(dict.fromkeys(r.strip() for r in regions if r.strip()))
        for r in regions:
            self.resolve_region(r)
        by_indicator: dict[str, dict[str, list[ComparisonCell]]] = defaultdict(lambda: {r: [] for r in regions})
        for st in self.backend.target_statements(regions):
            by_indicator[st.indicator][st.region].append(ComparisonCell(**st.model_dump(exclude={"region", "indicator"})))
        order = lambda x: (x.year or 0, value_order(x.value), x.unit, x.comparator, x.measure_id)  # noqa: E731
        indicators = [IndicatorComparison(indicator=name, by_region={r: sorted(c, key=order) for r, c in cells.items()})
                      for name, cells in by_indicator.items()]
        indicators.sort(key=lambda i: (-sum(bool(c) for c in i.by_region.values()), i.indicator))
        limit = max(1, min(limit, MAX_LIMIT))
        shared, shared_total, matched = self._shared_measures(regions, limit)
        ix = self.text_index()
        unique = {r: [k for k in ix.leaves_of.get(r, []) if ix.ids[k] not in matched] for r in regions}
        return Comparison(regions=regions, indicators=indicators, shared_measures=shared, shared_total=shared_total,
                          unique_measures={r: [ix.measures[k].ref for k in u[:limit]] for r, u in unique.items()},
                          unique_totals={r: len(u) for r, u in unique.items()})

    def _shared_measures(self, regions: list[str], limit: int) -> tuple[list[SharedMeasure], int, set[str]]:
        """Pairs of measures of two regions that say the same thing (best match per measure, cosine ≥
        SHARED_MIN): the best `limit`, the total, and every measure id that has a match."""
        ix = self.text_index()
        slots = self._rows(ix, regions, leaves_only=True)
        pairs: dict[tuple[int, int], float] = {}
        for a, b in itertools.combinations(regions, 2):
            for k, (j, score) in self._best_matches(ix, slots[a], slots[b]).items():
                if score >= SHARED_MIN:
                    pairs[(k, j)] = score
        ids = ix.ids
        ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], ids[kv[0][0]], ids[kv[0][1]]))
        top = [SharedMeasure(a=ix.measures[k].ref, b=ix.measures[j].ref, score=round(s, 4))
               for (k, j), s in ranked[:limit]]
        matched = {ids[k] for k, _ in pairs} | {ids[j] for _, j in pairs}
        return top, len(ranked), matched

    # -- 4. province baseline --------------------------------------------------------------------------
    @cached
    def baseline(self, indicator: str | None = None, limit: int = 100, offset: int = 0) -> Page[BaselineRow]:
        """Each city's target against its province's target on the same indicator (same unit and nearest
        year preferred). The store pages the city targets; the few provincial ones come whole."""
        names = self.resolve_indicator(indicator) if indicator else None
        limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
        rows, total = self.backend.city_targets(names, limit, offset)
        provincial: dict[tuple[str, str], list[TargetRow]] = defaultdict(list)
        for t in self.backend.province_targets(names):
            provincial[(t.region or "", t.indicator)].append(t)
        items = []
        for t in rows:
            ref = _closest(provincial.get((t.province or "", t.indicator), []), t)
            items.append(BaselineRow(
                indicator=t.indicator, region=t.region or "", province=t.province, comparator=t.comparator,
                value=t.value, unit=t.unit, year=t.year, relation=_relation(t, ref), evidence=t.evidence,
                province_comparator=ref.comparator if ref else None, province_value=ref.value if ref else None,
                province_unit=ref.unit if ref else None, province_year=ref.year if ref else None,
                province_evidence=ref.evidence if ref else None))
        return Page[BaselineRow](total=total, limit=limit, offset=offset, items=items)

    # -- 5. department–task network --------------------------------------------------------------------
    @cached
    def department_network(self, region: str, max_tasks: int = 500) -> DepartmentNetwork:
        """Departments, their functions and the tasks they lead or share. Workloads count every task; the
        network itself shows the first max_tasks tasks (by number), and says so."""
        self.resolve_region(region)
        workload = self._workload([region]).get(region, {})
        resp, total, dept_load = self.backend.network(region, max(1, max_tasks))
        nodes: dict[str, NetworkNode] = {}
        edges: set[tuple[str, str, str]] = set()
        for r in resp:
            nodes.setdefault(r.measure_id, NetworkNode(id=r.measure_id, label=_task_label(r.seq, r.path, r.title),
                                                       kind="task", title=r.title))
            nodes.setdefault(r.department_id, NetworkNode(id=r.department_id, label=r.department, kind="department",
                                                          function=r.function, workload=dept_load.get(r.department_id, 0)))
            edges.add((r.department_id, r.measure_id, r.role))
            if r.function:
                fid = f"function:{r.function}"
                nodes.setdefault(fid, NetworkNode(id=fid, label=r.function, kind="function", function=r.function,
                                                  workload=workload.get(r.function, 0)))
                edges.add((r.department_id, fid, "is_a"))
        shown = sum(1 for n in nodes.values() if n.kind == "task")
        return DepartmentNetwork(
            region=region, total_tasks=total, truncated=total > shown,
            nodes=sorted(nodes.values(), key=lambda n: (n.kind, n.id)),
            edges=[NetworkEdge(source=s, target=t, kind=k) for s, t, k in sorted(edges)],  # type: ignore[arg-type]
            functions=dict(sorted(workload.items(), key=lambda kv: (-kv[1], kv[0]))))

    def _workload(self, regions: list[str] | None) -> dict[str, dict[str, int]]:
        return self._workloads(regions)[0]

    def _workloads(self, regions: list[str] | None) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        """Per region: function → number of task rows it appears in, and → number it leads (one backend call
        for both). A region without a task list counts its body measures instead, so inline responsibility
        notes count too."""
        counts = self.backend.workload(regions)
        has_tasks = {c.region for c in counts if c.kind == "task"}
        tasks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        leads: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for c in counts:
            if c.kind == "task" or c.region not in has_tasks:
                tasks[c.region][c.function] += c.tasks
                leads[c.region][c.function] += c.lead
        return {r: dict(fs) for r, fs in tasks.items()}, {r: dict(fs) for r, fs in leads.items()}

    # -- 6. function workload across regions -------------------------------------------------------------
    @cached
    def function_workload(self, regions: list[str] | None = None, limit: int = 100,
                          offset: int = 0) -> Page[FunctionWorkload]:
        for r in regions or []:
            self.resolve_region(r)
        load, leads = self._workloads(regions or None)
        rows = [FunctionWorkload(region=reg, function=f, tasks=n, lead=leads.get(reg, {}).get(f, 0))
                for reg, fs in load.items() for f, n in fs.items()]
        rows.sort(key=lambda w: (w.region, -w.tasks, w.function))
        return page(rows, limit, offset)

    # -- 7. deadline timeline ----------------------------------------------------------------------------
    def deadlines(self, region: str, as_of: dt.date | None = None, limit: int = 200, offset: int = 0) -> Timeline:
        return self._deadlines(region, as_of or dt.date.today(), limit, offset)

    @cached
    def _deadlines(self, region: str, as_of: dt.date, limit: int, offset: int) -> Timeline:
        self.resolve_region(region)
        limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
        counts = self.backend.deadline_counts(region)
        periods: Counter[str] = Counter()
        status: Counter[str] = Counter()
        for c in counts:
            probe = TimelineEntry(measure_id="", document_id="", kind="", title="", year=c.year, month=c.month,
                                  deadline_kind=c.kind, status="none")
            periods[_period(probe)] += c.count
            status[_status(probe, as_of)] += c.count
        ordered = sorted(periods, key=lambda p: (p in ("ongoing", "none"), p == "none", p))
        # model_construct: the entry is already valid; model_copy costs 8 ms per 1,000 entries
        shown = [TimelineEntry.model_construct(**{**e.__dict__, "status": _status(e, as_of),
                                                  "departments": sorted(set(e.departments))})
                 for e in self.backend.deadline_page(region, limit, offset)]
        return Timeline(region=region, as_of=as_of.isoformat(), entries=shown, total=sum(periods.values()),
                        limit=limit, offset=offset, periods=[PeriodCount(period=p, count=periods[p]) for p in ordered],
                        status=dict(sorted(status.items())))

    # -- 8. full-text search -------------------------------------------------------------------------
    def search(self, q: str, region: str | None = None, limit: int = 20, offset: int = 0) -> Page[SearchHit]:
        if region:
            self.resolve_region(region)
        ix = self.text_index()
        allowed = self._rows(ix, [region])[region] if region else None
        limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
        ranked, total = ix.search(q, allowed, top=offset + limit)
        hits = [SearchHit(measure=ix.measures[k].ref, score=round(s, 4), snippet=snippet(full_text(ix.measures[k]), q))
                for k, s in ranked[offset:]]  # snippets for the page only
        return Page[SearchHit](total=total, limit=limit, offset=offset, items=hits)

    # -- 9. similar measures -------------------------------------------------------------------------
    def similar(self, measure_id: str, k: int = 10, other_regions: bool = True) -> list[SimilarHit]:
        ix = self.text_index()
        row = ix.position.get(measure_id)
        if row is None:
            raise NotFound("measure", measure_id, [])
        allowed = ix.rows_outside_region(row) if other_regions else None
        k = max(1, min(k, 100))
        return [SimilarHit(measure=ix.measures[j].ref, score=round(s, 4)) for j, s in ix.similar(row, allowed, k)]

    def similarity_matrix(self, regions: list[str] | None = None, top: int = MATRIX_REGIONS) -> SimilarityMatrix:
        """Region × region: the mean best-match cosine of each region's measures in the other, averaged
        both ways. Without a list, the `top` regions with the most measures (a matrix of every county of
        a country is neither readable nor cheap)."""
        ix = self.text_index()
        if regions:
            known = set(self.backend.region_names())
            for r in regions:
                if r not in known:
                    self.resolve_region(r)  # raises NotFound with suggestions
            names = list(dict.fromkeys(regions))
        else:
            sizes = {r: len(rows) for r, rows in ix.leaves_of.items() if r}
            names = sorted(sorted(sizes, key=lambda r: (-sizes[r], r))[:top])
        key = (ix.fingerprint, "matrix", tuple(names))
        if key in self._matrix:
            return self._matrix[key]
        slots = self._rows(ix, names, leaves_only=True)
        best: dict[tuple[str, str], float] = {}
        for a, b in itertools.permutations(names, 2):
            matches = self._best_matches(ix, slots[a], slots[b])
            scores = [matches[int(k)][1] if int(k) in matches else 0.0 for k in slots[a]]
            best[(a, b)] = sum(scores) / len(scores) if scores else 0.0
        matrix = [[1.0 if a == b else round((best[(a, b)] + best[(b, a)]) / 2, 4) for b in names] for a in names]
        result = SimilarityMatrix(regions=names, matrix=matrix)
        if len(self._matrix) > 32:
            self._matrix.clear()
        self._matrix[key] = result
        return result

    @staticmethod
    def _rows(ix: TextIndex, regions: list[str], leaves_only: bool = False) -> dict[str, np.ndarray]:
        """Rows of the text index per region (only measures that act, body and task, with leaves_only)."""
        table = ix.leaves_of if leaves_only else ix.rows_of
        return {r: table.get(r, np.zeros(0, dtype=np.int64)) for r in regions}

    def _best_matches(self, ix: TextIndex, sources: np.ndarray, targets: np.ndarray) -> dict[int, tuple[int, float]]:
        """Most similar target of each source, cached per graph fingerprint."""
        key = (ix.fingerprint, sources.tobytes(), targets.tobytes())
        with self._lock:
            if key in self._matches:
                return self._matches[key]
        found = ix.best_matches(sources, targets)
        with self._lock:
            if len(self._matches) > 256:
                self._matches.clear()
            self._matches[key] = found
        return found

    # -- 10. citation network ----------------------------------------------------------------------------
    @cached
    def citations(self, limit: int = 100, offset: int = 0) -> Page[CitationEdge]:
        parents = {r.name: r.parent or (r.province if r.province != r.name else None) for r in self.backend.regions()}
        edges = sorted(self.backend.citations(), key=lambda c: (c.source_id, c.cited_number, c.cited_id))
        window = page(edges, limit, offset)
        out = []
        for c in window.items:
            chain, seen = [], set()
            node = c.source_region
            while node and node not in seen:
                chain.append(node)
                seen.add(node)
                node = parents.get(node)
            out.append(c.model_copy(update={"region_chain": chain}))
        return Page[CitationEdge](total=window.total, limit=window.limit, offset=window.offset, items=out)

    # -- 12. neighbourhood of any node ----------------------------------------------------------------
    @cached
    def neighbourhood(self, key: str, depth: int = 1, max_nodes: int = 500) -> Subgraph:
        """Nodes within `depth` hops of the node keyed `key` (either direction), nearest first; at most
        max_nodes, and says when it stopped early."""
        start = self.backend.locate(key)
        if not start:
            raise NotFound("node", key, suggest(key, self.backend.region_names() + self.backend.indicator_names()))
        depth, max_nodes = max(0, min(depth, 4)), max(1, max_nodes)
        seen: dict[tuple[str, str], int] = {start[0]: 0}
        frontier, truncated = [start[0]], False
        rels: set[tuple[tuple[str, str], str, tuple[str, str]]] = set()
        for hop in range(1, depth + 1):
            found = self.backend.adjacent(frontier)
            rels.update(found)
            nxt = sorted({n for s, _, e in found for n in (s, e) if n not in seen})
            room = max_nodes - len(seen)
            if len(nxt) > room:
                nxt, truncated = nxt[:room], True
            for n in nxt:
                seen[n] = hop
            frontier = nxt
            if not frontier or truncated:
                break
        props = self.backend.node_props(list(seen))
        nodes = [SubgraphNode(label=label, key=k, depth=d, caption=_caption(label, k, props.get((label, k), {})),
                              props={p: v for p, v in props.get((label, k), {}).items()
                                     if isinstance(v, str | int | float | bool) and p not in ("text", "sha256")})
                 for (label, k), d in sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))]
        edges = [SubgraphEdge(type=t, source=src, target=dst) for t, src, dst in sorted(
            {(t, f"{s[0]}:{s[1]}", f"{e[0]}:{e[1]}") for s, t, e in rels if s in seen and e in seen})]
        return Subgraph(center=f"{start[0][0]}:{start[0][1]}", depth=depth, nodes=nodes, edges=edges,
                        truncated=truncated)

    # -- 11. measure provenance ----------------------------------------------------------------------
    def _remember(self, key: tuple, fingerprint: str, result: object) -> None:
        try:
            size = len(to_json(result))  # what the answer weighs as JSON: a fair, cheap proxy for its memory
        except (PydanticSerializationError, TypeError, ValueError):
            return
        if size > CACHE_BYTES // 32:
            return  # a few huge answers (5,000-node neighbourhoods) would push out everything else
        with self._lock:
            old = self._results.pop(key, None)
            self._cached_bytes -= old[2] if old else 0
            self._results[key] = (fingerprint, result, size)
            self._cached_bytes += size
            while self._cached_bytes > CACHE_BYTES and self._results:
                _, (_, _, dropped) = self._results.popitem(last=False)
                self._cached_bytes -= dropped

    def measure(self, measure_id: str) -> MeasureDetail:
        detail = self.backend.measure(measure_id)
        if detail is None:
            raise NotFound("measure", measure_id, [])
        roles = sorted({(r.department, r.function, r.role) for r in self.backend.responsibilities(None, measure_id)},
                       key=lambda x: (x[2] != "lead", x[0]))
        targets = sorted(self.backend.targets(None, None, measure_id), key=lambda t: t.span_start)
        return detail.model_copy(update={
            "departments": [DepartmentRole(name=n, function=f, role=r) for n, f, r in roles],  # type: ignore[arg-type]
            "targets": targets, "original": detail.original or self._original(detail)})

    def _original(self, detail: MeasureDetail) -> str | None:
        path = self._corpus_file(detail.document.source)
        if path is None:
            return None
        from policykg.ingest.read import ReadError, read_source

        try:
            return read_source(path).text[detail.span_start : detail.span_end]
        except (OSError, ReadError):
            return None

    def _corpus_file(self, source: str | None) -> Path | None:
        """The corpus file a document came from, only if it lies inside the corpus folder: the store is
        no trust boundary (a store holding source='/etc/passwd' or '../x' must not serve that file)."""
        if self.corpus_dir is None or not source or "\x00" in source:
            return None
        root = self.corpus_dir.resolve()
        try:
            path = (root / source).resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        return path if path.parent == root and path.is_file() else None

    # -- shared text index -------------------------------------------------------------------------------
    def text_index(self) -> TextIndex:
        fp = self.backend.fingerprint()
        with self._lock:
            if self._text is None or self._text[0] != fp:
                self._text = (fp, TextIndex.build(self.backend.measure_texts(), fp))
                freeze_long_lived()
                release_freed_memory()  # the build's temporaries (term lists, COO copies) are gone
            return self._text[1]

    # -- 13. a region's departments and their tasks, for the planner's page ------------------------------
    @cached
    def department_load(self, region: str) -> tuple[list[AssignmentLoad], list[DeadlineCount]]:
        """The region's assignments counted per (department, role, deadline), and its assigned measures
        (those with at least one department) counted per deadline: what the planner's summaries need,
        without reading every row (1,000 documents give a region 26,800)."""
        self.resolve_region(region)
        return self.backend.assignment_load(region)

    @cached
    def department_assignments(self, region: str, department: str, limit: int = MAX_LIMIT,
                               offset: int = 0) -> list[Assignment]:
        """One department's assignments in the region: those it leads first, then in network order."""
        self.resolve_region(region)
        return self.backend.assignments(region, department, max(1, min(limit, MAX_LIMIT)), max(0, offset))


# -- helpers ----------------------------------------------------------------------------------------------
def _caption(label: str, key: str, props: dict) -> str:
    if label == "Measure":
        head = f"{props['seq']}. " if props.get("seq") is not None else f"{props.get('path') or ''} "
        return (head + str(props.get("title", ""))).strip()[:40]
    if label == "Target":
        return f"{props.get('comparator', '')}{props.get('value', '')}{props.get('unit', '')}" + (
            f"（{props['year']}）" if props.get("year") else "")
    if label == "Deadline":
        if props.get("kind") == "ongoing":
            return "持续推进"
        return "-".join(str(props[p]) for p in ("year", "month") if props.get(p))
    if label == "Document":
        return str(props.get("title") or props.get("doc_number") or key)[:40]
    if label == "Department":
        return str(props.get("name", key))
    return key


def _closest(candidates: list[TargetRow], t: TargetRow) -> TargetRow | None:
    """The province's target on the same indicator: same unit first, then the nearest year."""
    same = [c for c in candidates if c.unit == t.unit] or candidates
    return min(same, key=lambda c: (abs((c.year or 0) - (t.year or 0)), c.measure_id), default=None)


def _relation(t: TargetRow, ref: TargetRow | None) -> str:
    if ref is None:
        return "province_has_none"
    a, b = _number(t.value), _number(ref.value)
    if a is None or b is None or t.unit != ref.unit:
        return "not_comparable"
    return "above" if a > b else "below" if a < b else "equal"


def _number(v: object) -> float | None:
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str) and ":" in v:
        x, _, y = v.partition(":")
        try:
            return float(x) / (float(x) + float(y))
        except (ValueError, ZeroDivisionError):
            return None
    return None


def _task_label(seq: int | None, path: str | None, title: str) -> str:
    head = f"{seq}. " if seq is not None else f"{path} " if path else ""
    return head + (title[:18] + "…" if len(title) > 18 else title)


def _period(e: TimelineEntry) -> str:
    if e.deadline_kind in ("ongoing", "none") or e.year is None:
        return e.deadline_kind if e.deadline_kind in ("ongoing", "none") else "none"
    return f"{e.year}-{e.month:02d}" if e.month else str(e.year)


def _status(e: TimelineEntry, as_of: dt.date) -> str:
    return deadline_status(e.year, e.month, e.deadline_kind, as_of)


def deadline_status(year: int | None, month: int | None, kind: str, as_of: dt.date) -> str:
    """overdue / due / upcoming as of the date; ongoing and none for undated work."""
    if kind == "ongoing":
        return "ongoing"
    if year is None:
        return "none"
    end = dt.date(year, month or 12, 1)
    if as_of.year * 12 + as_of.month > end.year * 12 + end.month:
        return "overdue"
    if (as_of.year, as_of.month) == (end.year, end.month) or (month is None and as_of.year == year):
        return "due"
    return "upcoming"
