"""The evaluation/export JSON of the design card, written straight from the ingest records."""

from __future__ import annotations

from typing import Any

from .models import Deadline, DepartmentRef, Measure, PolicyCorpus, PolicyDocument, Target


def corpus_to_json(corpus: PolicyCorpus) -> dict[str, Any]:
    return {"documents": [document_to_json(d) for d in corpus.documents]}


def document_to_json(doc: PolicyDocument) -> dict[str, Any]:
    m = doc.meta
    return {
        "id": doc.id,
        "source": doc.source,
        "encoding": doc.encoding,
        "sha256": doc.sha256,
        "region": m.region,
        "region_level": m.region_level,
        "province": m.province,
        "parent_region": m.parent_region,
        "issuer": m.issuer,
        "doc_number": m.doc_number,
        "title": m.title,
        "issued_date": m.issued_date,
        "cites": list(m.cites),
        "measures": [measure_to_json(x) for x in doc.measures],
        "noise": [{"text": n.text, "span": n.span.as_list(), "reason": n.reason} for n in doc.noise],
    }


def measure_to_json(m: Measure) -> dict[str, Any]:
    return {
        "id": m.id,
        "kind": m.kind,
        "path": m.path,
        "seq": m.seq,
        "group": m.group,
        "subgroup": m.subgroup,
        "title": m.title,
        "text": m.text,
        "span": m.span.as_list(),
        "parent": m.parent_id,
        "restates": m.restates,
        "page": m.page,
        "departments": [department_to_json(d) for d in m.departments],
        "deadline": deadline_to_json(m.deadline),
        "targets": [target_to_json(t) for t in m.targets],
    }


def department_to_json(d: DepartmentRef) -> dict[str, Any]:
    return {"name": d.name, "function": d.function, "kind": d.kind, "role": d.role}


def deadline_to_json(d: Deadline) -> dict[str, Any]:
    out: dict[str, Any] = {"raw": d.raw, "year": d.year, "month": d.month, "kind": d.kind}
    if d.ongoing:
        out["ongoing"] = True
    return out


def target_to_json(t: Target) -> dict[str, Any]:
    out = {
        "indicator": t.indicator,
        "indicator_text": t.indicator_text,
        "comparator": t.comparator,
        "value": t.value,
        "unit": t.unit,
        "year": t.year,
        "evidence": t.evidence,
        "span": t.span.as_list(),
    }
    if t.value_max is not None:
        out["value_max"] = t.value_max
    if t.recurring:
        out["recurring"] = t.recurring
    return out
