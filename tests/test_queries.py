"""The named queries on the seed corpus: the answers users ask for, identical on both stores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from policykg.graph.memory import MemoryStore
from policykg.ingest.pipeline import ingest_corpus
from policykg.queries.engine import QueryEngine
from policykg.queries.models import NotFound

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD_COUNTS = ROOT.parent / "shared" / "eval" / "gold" / "department_counts.json"


@pytest.fixture(scope="module")
def docs():
    return ingest_corpus(CORPUS).documents


@pytest.fixture(scope="module")
def embedded(docs, tmp_path_factory):
    store = MemoryStore(tmp_path_factory.mktemp("q"))
    store.load_corpus(docs)
    return QueryEngine(store, CORPUS)


def named_queries(engine: QueryEngine, measure_id: str) -> dict[str, object]:
    """Every named query with representative parameters, as plain JSON-able data."""
    calls = {
        "indicators": lambda: engine.indicators(limit=1000),
        "targets_keyword": lambda: engine.targets("双师型"),
        "targets_region": lambda: engine.targets(None, "郴州市", limit=1000),
        "compare": lambda: engine.compare(["樟树市", "郴州市", "江阴市"]),
        "baseline": lambda: engine.baseline(limit=1000),
        "regions": lambda: engine.regions(),
        "region": lambda: engine.region("樟树市"),
        "network": lambda: engine.department_network("九江市"),
        "workload": lambda: engine.function_workload(limit=1000),
        "deadlines": lambda: engine.deadlines("樟树市", dt.date(2021, 12, 15), limit=1000),
        "search": lambda: engine.search("产教融合型企业", limit=50),
        "similar": lambda: engine.similar(measure_id, 10),
        "matrix": lambda: engine.similarity_matrix(),
        "citations": lambda: engine.citations(limit=1000),
        "measure": lambda: engine.measure(measure_id),
        "neighbourhood": lambda: engine.neighbourhood("九江市", 2, 200),
        "neighbourhood_measure": lambda: engine.neighbourhood(measure_id, 2, 500),
        "department_load": lambda: [sorted((x.model_dump() for x in part), key=str)
                                    for part in engine.department_load("九江市")],
        "department_assignments": lambda: [engine.department_assignments("九江市", name, 5, 2)
                                           for name in ("市教育局", "市人社局", "各县（市、区）人民政府")],
    }
    out = {}
    for name, call in calls.items():
        result = call()
        out[name] = json.loads(json.dumps(
            result.model_dump() if hasattr(result, "model_dump") else _plain(result),
            ensure_ascii=False, sort_keys=True))
    return out


def _plain(result: object) -> object:
    if isinstance(result, list | tuple):
        return [_plain(r) for r in result]
    return result.model_dump() if hasattr(result, "model_dump") else result


def a_measure_id(engine: QueryEngine) -> str:
    return engine.search("双师型教师").items[0].measure.id


@pytest.mark.neo4j
def test_every_query_gives_identical_results_on_both_stores(embedded, neo4j_store, docs):
    neo4j_store.load_corpus(docs)
    on_neo4j = QueryEngine(neo4j_store, CORPUS)
    mid = a_measure_id(embedded)
    left, right = named_queries(embedded, mid), named_queries(on_neo4j, mid)
    for name in left:
        assert left[name] == right[name], name


def test_which_cities_set_a_target_on_double_qualified_teachers(embedded):
    rows = [r for r in embedded.targets("双师型").items if r.indicator == "双师型教师比例"]
    got = {r.region: (r.value, r.unit) for r in rows}
    assert got == {"樟树市": (50, "%"), "江阴市": (90, "%"), "江西省": (60, "%"), "郴州市": (75, "%")}
    assert all(r.evidence and "双师型" in r.evidence and r.document_id and r.measure_id for r in rows)


def test_targets_cite_their_source_span(embedded):
    for r in embedded.targets("双师型教师比例").items:
        text = (CORPUS / r.source).read_text(encoding="utf-8")
        assert text[r.span_start : r.span_end].replace(" ", "").startswith(str(r.value))


@pytest.mark.skipif(not GOLD_COUNTS.exists(), reason="evaluation kit not beside the project")
def test_department_workloads_match_the_annotated_counts(embedded):
    gold = json.loads(GOLD_COUNTS.read_text(encoding="utf-8"))
    for region, counts in gold.items():
        assert embedded.department_network(region).functions == counts, region


def test_unknown_names_suggest_close_matches(embedded):
    with pytest.raises(NotFound) as exc:
        embedded.department_network("九江")
    assert "九江市" in exc.value.suggestions
    with pytest.raises(NotFound) as exc:
        embedded.targets("双师型老师比例")
    assert "双师型教师比例" in exc.value.suggestions


def test_province_baseline_relates_city_targets_to_the_province(embedded):
    rows = {(b.region, b.indicator): b for b in embedded.baseline("双师型教师比例").items}
    assert rows[("樟树市", "双师型教师比例")].relation == "below"  # 50% vs 江西省 60%
    assert rows[("郴州市", "双师型教师比例")].relation == "province_has_none"


def test_deadline_timeline_marks_what_is_overdue(embedded):
    t = embedded.deadlines("樟树市", dt.date(2022, 1, 1))
    by_seq = {e.seq: e for e in t.entries if e.kind == "task"}
    assert by_seq[28].status == "overdue" and by_seq[2].status == "upcoming" and by_seq[1].status == "ongoing"
    assert sum(p.count for p in t.periods) == t.total == len(t.entries)


def test_search_ranks_measures_about_the_query_first(embedded):
    hits = embedded.search("学徒制").items
    assert hits and all("学徒" in h.snippet for h in hits[:3])


def test_similar_measures_come_from_other_cities(embedded):
    mid = a_measure_id(embedded)
    me = embedded.measure(mid)
    sims = embedded.similar(mid, 5)
    assert sims and all(s.measure.region != me.region for s in sims)
    assert sims == sorted(sims, key=lambda s: -s.score)


def test_citations_climb_the_region_hierarchy(embedded):
    chains = {c.cited_number: c.region_chain for c in embedded.citations().items}
    assert chains["赣府发〔2020〕16号"] == ["樟树市", "宜春市", "江西省"]


def test_measure_provenance_returns_the_original_text(embedded):
    detail = embedded.measure(a_measure_id(embedded))
    assert detail.original and detail.original.replace("\n", "").replace(" ", "")[:6] in detail.text.replace(" ", "")


def test_pages_report_the_total(embedded):
    first = embedded.targets(None, None, limit=5, offset=0)
    second = embedded.targets(None, None, limit=5, offset=5)
    assert first.total == second.total > 10 and len(first.items) == 5
    assert {r.measure_id + str(r.span_start) for r in first.items}.isdisjoint(
        {r.measure_id + str(r.span_start) for r in second.items})


def test_cached_answers_follow_a_reloaded_document(tmp_path):
    store = MemoryStore(tmp_path / "g")
    store.load_corpus(ingest_corpus(CORPUS).documents)
    engine = QueryEngine(store, CORPUS, cache_results=True)
    before = {r.region: r.value for r in engine.targets("双师型教师比例").items}
    edited = tmp_path / "edited"
    edited.mkdir()
    source = CORPUS / "004_69a4cc308164096c.txt"
    (edited / source.name).write_text(source.read_text(encoding="utf-8").replace("平均达到 75%", "平均达到 80%"),
                                      encoding="utf-8")
    store.load_document(ingest_corpus(edited).documents[0])
    after = {r.region: r.value for r in engine.targets("双师型教师比例").items}
    assert before["郴州市"] == 75 and after["郴州市"] == 80
