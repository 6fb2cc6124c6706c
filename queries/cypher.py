"""The graph reads of the named queries in parameterised Cypher, for the Neo4j store.

Every value is a parameter; no text from documents or requests is ever spliced into a query.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from .backend import deadline_info, timeline_key
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

FINGERPRINT = """
MATCH (d:Document) WHERE d.stub = false
WITH d ORDER BY d.id
RETURN collect([d.id, coalesce(d.sha256, '')]) AS docs
"""
NODE_COUNT = "MATCH (n) RETURN count(n) AS nodes"
REGIONS = """
MATCH (r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN r.name AS name, r.level AS level, r.province AS province, p.name AS parent
"""
REGION_COUNTS = """
MATCH (d:Document)-[:ISSUED_BY]->(r:Region)
OPTIONAL MATCH (m:Measure)-[:IN]->(d)
RETURN r.name AS region, count(DISTINCT d) AS documents, count(m) AS measures,
       sum(CASE m.kind WHEN 'task' THEN 1 ELSE 0 END) AS tasks
"""
REGION_TARGETS = """
MATCH (t:Target)<-[:SETS]-(:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(r:Region)
RETURN r.name AS region, count(t) AS targets
"""
DOCUMENTS = """
MATCH (d:Document) WHERE d.stub = false
OPTIONAL MATCH (d)-[:ISSUED_BY]->(r:Region)
WITH d, r WHERE $region IS NULL OR r.name = $region
RETURN d {.id, .title, .doc_number, .issuer, .issued_date, .source} AS d, r.name AS region
"""
INDICATORS = "MATCH (i:Indicator) RETURN i.name AS name"
REGION_INDICATORS = """
MATCH (i:Indicator)<-[:OF]-(:Target)<-[:SETS]-(:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(:Region {name: $region})
RETURN DISTINCT i.name AS name
"""
TARGET_STATEMENTS = """
MATCH (i:Indicator)<-[:OF]-(t:Target)<-[:SETS]-(m:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(r:Region)
WHERE r.name IN $regions
WITH r.name AS region, i.name AS indicator, t, m ORDER BY m.id, t.span_start
WITH region, indicator, t.comparator AS comparator, t.value AS value, t.value_max AS value_max, t.unit AS unit,
     t.year AS year, collect([m.id, t.evidence]) AS statements
RETURN region, indicator, comparator, value, value_max, unit, year, size(statements) AS n,
       statements[0][0] AS measure_id, statements[0][1] AS evidence
"""
WORKLOAD = """
MATCH (r:Region)<-[:ISSUED_BY]-(:Document)<-[:IN]-(m:Measure)-[rel:LED_BY|ASSIGNED_TO]->(:Department)
      -[:IS_A]->(f:Function)
WHERE $regions IS NULL OR r.name IN $regions
RETURN r.name AS region, f.name AS function, m.kind AS kind, count(DISTINCT m) AS tasks,
       count(DISTINCT CASE WHEN type(rel) = 'LED_BY' THEN m END) AS lead
"""
NETWORK = """
MATCH (m:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(:Region {name: $region})
WHERE EXISTS { (m)-[:LED_BY|ASSIGNED_TO]->(:Department) }
WITH m ORDER BY CASE m.kind WHEN 'task' THEN 0 ELSE 1 END, coalesce(m.seq, 0), coalesce(m.path, ''), m.id
WITH collect(m) AS ms
WITH ms[0..$max] AS kept, size(ms) AS total
UNWIND kept AS m
MATCH (m)-[rel:LED_BY|ASSIGNED_TO]->(dep:Department)
OPTIONAL MATCH (dep)-[:IS_A]->(f:Function)
RETURN total, m {.id, .kind, .seq, .path, .title} AS m, dep.id AS dep_id, dep.name AS dep, f.name AS function,
       type(rel) AS rel
"""
DEPARTMENT_LOAD = """
UNWIND $ids AS id
MATCH (m:Measure)-[:LED_BY|ASSIGNED_TO]->(dep:Department {id: id})
RETURN id, count(DISTINCT m) AS n
"""
DEADLINE_COUNTS = """
MATCH (m:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(:Region {name: $region})
OPTIONAL MATCH (m)-[:DUE]->(dl:Deadline)
WITH m, dl WHERE dl IS NOT NULL OR m.kind = 'task'
RETURN dl.year AS year, dl.month AS month, coalesce(dl.kind, 'none') AS kind, count(m) AS count
"""
ASSIGNMENT_LOAD = """
MATCH (m:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(:Region {name: $region})
MATCH (m)-[rel:LED_BY|ASSIGNED_TO]->(dep:Department)
OPTIONAL MATCH (dep)-[:IS_A]->(f:Function)
OPTIONAL MATCH (m)-[due:DUE]->(dl:Deadline)
RETURN dep.name AS department, min(f.name) AS function,
       CASE type(rel) WHEN 'LED_BY' THEN 'lead' ELSE 'co' END AS role, dl.year AS year, dl.month AS month,
       coalesce(dl.kind, 'none') AS kind, min(due.raw) AS raw, count(*) AS count
"""
ASSIGNED_DEADLINES = """
MATCH (m:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(:Region {name: $region})
WHERE EXISTS { (m)-[:LED_BY|ASSIGNED_TO]->(:Department) }
OPTIONAL MATCH (m)-[:DUE]->(dl:Deadline)
RETURN dl.year AS year, dl.month AS month, coalesce(dl.kind, 'none') AS kind, count(m) AS count
"""
ASSIGNMENTS = """
MATCH (m:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(:Region {name: $region})
MATCH (m)-[rel:LED_BY|ASSIGNED_TO]->(dep:Department {name: $department})
WITH m, rel, dep
ORDER BY CASE type(rel) WHEN 'LED_BY' THEN 0 ELSE 1 END, CASE m.kind WHEN 'task' THEN 0 ELSE 1 END,
         coalesce(m.seq, 0), coalesce(m.path, ''), m.id, dep.id
SKIP $offset LIMIT $limit
OPTIONAL MATCH (dep)-[:IS_A]->(f:Function)
OPTIONAL MATCH (m)-[due:DUE]->(dl:Deadline)
RETURN m {.id, .kind, .seq, .path, .title} AS m, dep.id AS dep_id, dep.name AS dep, f.name AS function,
       type(rel) AS rel, due.raw AS raw, dl.year AS year, dl.month AS month, coalesce(dl.kind, 'none') AS kind
"""
INDICATOR_SUMMARIES = """
MATCH (i:Indicator)<-[:OF]-(t:Target)<-[:SETS]-(:Measure)-[:IN]->(d:Document)
OPTIONAL MATCH (d)-[:ISSUED_BY]->(r:Region)
RETURN i.name AS name, count(t) AS targets, collect(DISTINCT r.name) AS regions, collect(DISTINCT t.unit) AS units
"""
TARGETS = """
MATCH (i:Indicator)<-[:OF]-(t:Target)<-[:SETS]-(m:Measure /*measure*/)-[:IN]->(d:Document)
WHERE $names IS NULL OR i.name IN $names
OPTIONAL MATCH (d)-[:ISSUED_BY]->(r:Region)
WITH i, t, m, d, r WHERE $regions IS NULL OR r.name IN $regions
RETURN i.name AS indicator, r.name AS region, r.level AS level, r.province AS province, properties(t) AS t,
       m {.id, .kind, .path, .seq} AS m, d {.id, .title, .source} AS d
"""
TARGETS_PAGE = """
MATCH (i:Indicator)<-[:OF]-(t:Target)<-[:SETS]-(m:Measure)-[:IN]->(d:Document)
WHERE $names IS NULL OR i.name IN $names
OPTIONAL MATCH (d)-[:ISSUED_BY]->(r:Region)
WITH i, t, m, d, r WHERE $regions IS NULL OR r.name IN $regions
WITH i, t, m, d, r
ORDER BY i.name, coalesce(r.name, ''), coalesce(t.year, 0), CASE WHEN t.value_num IS NULL THEN 1 ELSE 0 END,
         coalesce(t.value_num, 0.0), CASE WHEN t.value_num IS NULL THEN toString(t.value) ELSE '' END, m.id,
         t.span_start
SKIP $offset LIMIT $limit
RETURN i.name AS indicator, r.name AS region, r.level AS level, r.province AS province, properties(t) AS t,
       m {.id, .kind, .path, .seq} AS m, d {.id, .title, .source} AS d
"""
TARGET_COUNT = """
MATCH (i:Indicator)<-[:OF]-(:Target)<-[:SETS]-(:Measure)-[:IN]->(d:Document)
WHERE $names IS NULL OR i.name IN $names
OPTIONAL MATCH (d)-[:ISSUED_BY]->(r:Region)
WITH r WHERE $regions IS NULL OR r.name IN $regions
RETURN count(*) AS n
"""
CITY_TARGETS = """
MATCH (i:Indicator)<-[:OF]-(t:Target)<-[:SETS]-(m:Measure)-[:IN]->(d:Document)-[:ISSUED_BY]->(r:Region)
WHERE ($names IS NULL OR i.name IN $names) AND coalesce(r.level, '') <> 'province'
WITH i, t, m, d, r
ORDER BY i.name, r.name, coalesce(t.year, 0), CASE WHEN t.value_num IS NULL THEN 1 ELSE 0 END,
         coalesce(t.value_num, 0.0), CASE WHEN t.value_num IS NULL THEN toString(t.value) ELSE '' END, t.evidence
SKIP $offset LIMIT $limit
RETURN i.name AS indicator, r.name AS region, r.level AS level, r.province AS province, properties(t) AS t,
       m {.id, .kind, .path, .seq} AS m, d {.id, .title, .source} AS d
"""
CITY_TARGET_COUNT = """
MATCH (i:Indicator)<-[:OF]-(:Target)<-[:SETS]-(:Measure)-[:IN]->(:Document)-[:ISSUED_BY]->(r:Region)
WHERE ($names IS NULL OR i.name IN $names) AND coalesce(r.level, '') <> 'province'
RETURN count(*) AS n
"""
PROVINCE_TARGETS = """
MATCH (i:Indicator)<-[:OF]-(t:Target)<-[:SETS]-(m:Measure)-[:IN]->(d:Document)-[:ISSUED_BY]->(r:Region)
WHERE ($names IS NULL OR i.name IN $names) AND r.level = 'province'
RETURN i.name AS indicator, r.name AS region, r.level AS level, r.province AS province, properties(t) AS t,
       m {.id, .kind, .path, .seq} AS m, d {.id, .title, .source} AS d
"""
RESPONSIBILITIES = """
MATCH (m:Measure /*measure*/)-[rel:LED_BY|ASSIGNED_TO]->(dep:Department)
MATCH (m)-[:IN]->(:Document)-[:ISSUED_BY]->(r:Region)
WHERE $regions IS NULL OR r.name IN $regions
OPTIONAL MATCH (dep)-[:IS_A]->(f:Function)
RETURN r.name AS region, m {.id, .kind, .seq, .path, .title} AS m, dep.id AS dep_id, dep.name AS dep,
       f.name AS function, type(rel) AS rel
"""
DEADLINES = """
MATCH (m:Measure)-[:IN]->(d:Document)-[:ISSUED_BY]->(:Region {name: $region})
OPTIONAL MATCH (m)-[due:DUE]->(dl:Deadline)
WITH m, d, due, dl WHERE dl IS NOT NULL OR m.kind = 'task'
WITH m, d, due, dl
ORDER BY CASE WHEN dl.year IS NULL THEN CASE WHEN dl.kind = 'ongoing' THEN 1 ELSE 2 END ELSE 0 END,
         coalesce(dl.year, 0), coalesce(dl.month, 12), coalesce(m.seq, 0), coalesce(m.path, ''), m.id
SKIP $offset LIMIT $limit
OPTIONAL MATCH (m)-[:LED_BY|ASSIGNED_TO]->(dep:Department)
RETURN m {.id, .kind, .seq, .path, .title} AS m, d.id AS doc, due.raw AS raw, dl.year AS year,
       dl.month AS month, dl.kind AS kind, collect(dep.name) AS deps
"""
MEASURE_TEXTS = """
MATCH (m:Measure)-[:IN]->(d:Document)
OPTIONAL MATCH (d)-[:ISSUED_BY]->(r:Region)
WITH m, d, r WHERE $regions IS NULL OR r.name IN $regions
RETURN m {.id, .kind, .path, .seq, .title, .text} AS m, d.id AS doc, r.name AS region
"""
CITATIONS = """
MATCH (a:Document)-[c:CITES]->(b:Document)
OPTIONAL MATCH (a)-[:ISSUED_BY]->(ra:Region)
OPTIONAL MATCH (b)-[:ISSUED_BY]->(rb:Region)
RETURN a.id AS a, a.title AS a_title, ra.name AS a_region, c.number AS number, b.id AS b, b.title AS b_title,
       rb.name AS b_region, b.stub AS stub, b.doc_number AS b_number
"""
MEASURE = """
MATCH (m:Measure {id: $id})-[:IN]->(d:Document)
OPTIONAL MATCH (d)-[:ISSUED_BY]->(r:Region)
OPTIONAL MATCH (m)-[:PART_OF]->(p:Measure)
OPTIONAL MATCH (m)-[:RESTATES]->(s:Measure)
OPTIONAL MATCH (m)-[due:DUE]->(dl:Deadline)
RETURN properties(m) AS m, d {.id, .title, .doc_number, .issuer, .issued_date, .source} AS d, r.name AS region,
       p.id AS parent, s.id AS restates, due.raw AS raw, properties(dl) AS dl, d.text AS text
"""


# One measure's rows: the same queries with the measure's key at the marker, so the index finds it (a
# `$measure IS NULL OR m.id = $measure` filter would defeat the index and scan every row).
TARGETS_OF_MEASURE = TARGETS.replace("/*measure*/", "{id: $measure}")
RESPONSIBILITIES_OF_MEASURE = RESPONSIBILITIES.replace("/*measure*/", "{id: $measure}")
FINGERPRINT_TTL = 1.0


# label → key property, as graph/mapping.py defines them; labels are spliced from this table only
KEYS = {"Region": "name", "Document": "id", "Measure": "id", "Target": "id", "Indicator": "name",
        "Department": "id", "Function": "name", "Deadline": "id"}


class CypherBackend:
    def __init__(self, store) -> None:
        self.store = store
        self._fingerprint: tuple[float, str] | None = None

    def _run(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.run(query, params)

    def fingerprint(self) -> str:
        """Loaded documents (ids, content hashes) and node count; reused for a second, so a burst of
        requests pays for it once and a change made elsewhere shows within a second."""
        now = time.monotonic()
        if self._fingerprint and now - self._fingerprint[0] < FINGERPRINT_TTL:
            return self._fingerprint[1]
        value = self._compute_fingerprint()
        self._fingerprint = (now, value)
        return value

    def changed(self) -> None:
        """This process just wrote to the store: the next fingerprint is computed afresh, not reused."""
        self._fingerprint = None

    def _compute_fingerprint(self) -> str:
        docs = self._run(FINGERPRINT)[0]["docs"]
        nodes = self._run(NODE_COUNT)[0]["nodes"]
        digest = hashlib.sha1()
        for key, sha in docs:
            digest.update(f"{key}\x1f{sha}\x1e".encode())
        return f"{len(docs)}:{nodes}:{digest.hexdigest()}"

    def regions(self) -> list[RegionSummary]:
        counts = {r["region"]: r for r in self._run(REGION_COUNTS)}
        targets = {r["region"]: r["targets"] for r in self._run(REGION_TARGETS)}
        out = []
        for r in self._run(REGIONS):
            c = counts.get(r["name"], {})
            out.append(RegionSummary(name=r["name"], level=r["level"], province=r["province"], parent=r["parent"],
                                     documents=c.get("documents", 0), measures=c.get("measures", 0),
                                     task_rows=c.get("tasks", 0), targets=targets.get(r["name"], 0)))
        return out

    def region_names(self) -> list[str]:
        return [r["name"] for r in self._run("MATCH (r:Region) RETURN r.name AS name")]

    def documents(self, region: str | None = None) -> list[DocumentSummary]:
        return [DocumentSummary(**row["d"], region=row["region"]) for row in self._run(DOCUMENTS, region=region)]

    def indicator_names(self, region: str | None = None) -> list[str]:
        if region is None:
            return [r["name"] for r in self._run(INDICATORS)]
        return sorted(r["name"] for r in self._run(REGION_INDICATORS, region=region))

    def target_statements(self, regions: list[str]) -> list[TargetStatement]:
        return [TargetStatement(region=r["region"], indicator=r["indicator"], comparator=r["comparator"],
                                value=r["value"], value_max=r["value_max"], unit=r["unit"], year=r["year"],
                                statements=r["n"], measure_id=r["measure_id"], evidence=r["evidence"] or "")
                for r in self._run(TARGET_STATEMENTS, regions=regions)]

    def workload(self, regions: list[str] | None = None) -> list[WorkloadCount]:
        return [WorkloadCount(**r) for r in self._run(WORKLOAD, regions=regions)]

    def network(self, region: str, max_tasks: int) -> tuple[list[Responsibility], int, dict[str, int]]:
        rows = self._run(NETWORK, region=region, max=max_tasks)
        resp = [_responsibility(region, r) for r in rows]
        ids = sorted({r.department_id for r in resp})
        load = {r["id"]: r["n"] for r in self._run(DEPARTMENT_LOAD, ids=ids)}
        return resp, rows[0]["total"] if rows else 0, load

    def deadline_counts(self, region: str) -> list[DeadlineCount]:
        return [DeadlineCount(**r) for r in self._run(DEADLINE_COUNTS, region=region)]

    def assignment_load(self, region: str) -> tuple[list[AssignmentLoad], list[DeadlineCount]]:
        return ([AssignmentLoad(**r) for r in self._run(ASSIGNMENT_LOAD, region=region)],
                [DeadlineCount(**r) for r in self._run(ASSIGNED_DEADLINES, region=region)])

    def assignments(self, region: str, department: str, limit: int, offset: int) -> list[Assignment]:
        rows = self._run(ASSIGNMENTS, region=region, department=department, limit=limit, offset=offset)
        return [Assignment(**_responsibility(region, r).__dict__, raw=r["raw"], year=r["year"], month=r["month"],
                           deadline_kind=r["kind"]) for r in rows]

    def indicator_summaries(self) -> list[IndicatorSummary]:
        return [IndicatorSummary(name=r["name"], targets=r["targets"], regions=sorted(r["regions"]),
                                 units=sorted(r["units"])) for r in self._run(INDICATOR_SUMMARIES)]

    def targets(self, indicators: list[str] | None = None, regions: list[str] | None = None,
                measure_id: str | None = None) -> list[TargetRow]:
        query = TARGETS if measure_id is None else TARGETS_OF_MEASURE
        rows = self._run(query, names=indicators, regions=regions, measure=measure_id)
        return [_target_row(r) for r in rows]

    def targets_page(self, indicators: list[str] | None, regions: list[str] | None, limit: int,
                     offset: int) -> tuple[list[TargetRow], int]:
        rows = self._run(TARGETS_PAGE, names=indicators, regions=regions, limit=limit, offset=offset)
        total = self._run(TARGET_COUNT, names=indicators, regions=regions)[0]["n"]
        return [_target_row(r) for r in rows], total

    def city_targets(self, indicators: list[str] | None, limit: int, offset: int) -> tuple[list[TargetRow], int]:
        rows = self._run(CITY_TARGETS, names=indicators, limit=limit, offset=offset)
        total = self._run(CITY_TARGET_COUNT, names=indicators)[0]["n"]
        return [_target_row(r) for r in rows], total

    def province_targets(self, indicators: list[str] | None) -> list[TargetRow]:
        return [_target_row(r) for r in self._run(PROVINCE_TARGETS, names=indicators)]

    def responsibilities(self, regions: list[str] | None = None,
                         measure_id: str | None = None) -> list[Responsibility]:
        out = []
        query = RESPONSIBILITIES if measure_id is None else RESPONSIBILITIES_OF_MEASURE
        for r in self._run(query, regions=regions, measure=measure_id):
            out.append(_responsibility(r["region"], r))
        return out

    def deadline_page(self, region: str, limit: int, offset: int) -> list[TimelineEntry]:
        out = []
        for r in self._run(DEADLINES, region=region, limit=limit, offset=offset):
            m = r["m"]
            out.append(TimelineEntry(
                measure_id=m["id"], document_id=r["doc"], kind=m["kind"], seq=m.get("seq"), path=m.get("path"),
                title=m.get("title") or "", raw=r["raw"], year=r["year"], month=r["month"],
                deadline_kind=r["kind"] or "none", status="none", departments=r["deps"]))
        return sorted(out, key=timeline_key)

    def measure_texts(self, regions: list[str] | None = None) -> list[MeasureText]:
        out = []
        for r in self._run(MEASURE_TEXTS, regions=regions):
            m = r["m"]
            ref = MeasureRef(id=m["id"], region=r["region"], document_id=r["doc"], kind=m["kind"], path=m.get("path"),
                             seq=m.get("seq"), title=m.get("title") or "")
            out.append(MeasureText(ref=ref, text=m.get("text") or ""))
        return out

    def citations(self) -> list[CitationEdge]:
        return [CitationEdge(source_id=r["a"], source_title=r["a_title"], source_region=r["a_region"],
                             cited_number=r["number"] or r["b_number"] or "", cited_id=r["b"], cited_title=r["b_title"],
                             cited_region=r["b_region"], stub=bool(r["stub"]))
                for r in self._run(CITATIONS)]

    def locate(self, key: str) -> list[tuple[str, str]]:
        found = []
        for label, prop in KEYS.items():
            if self._run(f"MATCH (n:{label} {{{prop}: $key}}) RETURN count(n) AS n", key=key)[0]["n"]:
                found.append((label, key))
        return found

    def adjacent(self, nodes: list[tuple[str, str]]) -> list[tuple[tuple[str, str], str, tuple[str, str]]]:
        out = set()
        by_label: dict[str, list[str]] = {}
        for label, key in nodes:
            by_label.setdefault(label, []).append(key)
        for label, keys in by_label.items():
            prop = KEYS[label]
            rows = self._run(
                f"MATCH (n:{label}) WHERE n.{prop} IN $keys MATCH (n)-[r]-(m) "
                "WITH startNode(r) AS a, endNode(r) AS b, type(r) AS t "
                # the keys only: a whole node would carry a document's full text over the wire
                "RETURN labels(a)[0] AS sl, labels(b)[0] AS el, t, coalesce(a.id, a.name) AS s, "
                "coalesce(b.id, b.name) AS e", keys=keys)
            for r in rows:
                out.add(((r["sl"], r["s"]), r["t"], (r["el"], r["e"])))
        return list(out)

    def node_props(self, nodes: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        out = {}
        by_label: dict[str, list[str]] = {}
        for label, key in nodes:
            by_label.setdefault(label, []).append(key)
        for label, keys in by_label.items():
            prop = KEYS[label]
            query = f"MATCH (n:{label}) WHERE n.{prop} IN $keys RETURN n {{.*, text: null, pages: null}} AS p"
            for r in self._run(query, keys=keys):
                out[(label, r["p"][prop])] = r["p"]
        return out

    def measure(self, measure_id: str) -> MeasureDetail | None:
        rows = self._run(MEASURE, id=measure_id)
        if not rows:
            return None
        r = rows[0]
        m, dl = r["m"], r["dl"] or {}
        return MeasureDetail(
            id=m["id"], kind=m["kind"], path=m.get("path"), seq=m.get("seq"), group=m.get("group"),
            subgroup=m.get("subgroup"), title=m.get("title") or "", text=m.get("text") or "",
            span_start=m["span_start"], span_end=m["span_end"],
            document=DocumentSummary(**r["d"], region=r["region"]), region=r["region"], parent_id=r["parent"],
            restates=r["restates"], deadline=deadline_info(r["raw"], dl.get("year"), dl.get("month"), dl.get("kind")),
            page=m.get("page"), original=r["text"][m["span_start"] : m["span_end"]] if r["text"] else None)


def _responsibility(region: str, r: dict[str, Any]) -> Responsibility:
    m = r["m"]
    return Responsibility(region=region, measure_id=m["id"], measure_kind=m["kind"], seq=m.get("seq"),
                          path=m.get("path"), title=m.get("title") or "", department_id=r["dep_id"],
                          department=r["dep"], function=r["function"], role="lead" if r["rel"] == "LED_BY" else "co")


def _target_row(r: dict[str, Any]) -> TargetRow:
    t, m, d = r["t"], r["m"], r["d"]
    return TargetRow(
        indicator=r["indicator"], region=r["region"], region_level=r["level"], province=r["province"],
        comparator=t["comparator"], value=t["value"], value_max=t.get("value_max"), unit=t["unit"],
        year=t.get("year"), recurring=t.get("recurring"), evidence=t.get("evidence", ""),
        indicator_text=t.get("indicator_text"), document_id=d["id"], document_title=d.get("title"),
        source=d.get("source"), measure_id=m["id"], measure_kind=m["kind"], measure_path=m.get("path"),
        measure_seq=m.get("seq"), span_start=t["span_start"], span_end=t["span_end"])
