"""PolicyDocument -> graph records. The small corpus below is also used by test_graph_stores.py."""

from __future__ import annotations

import pytest
from policykg.graph.mapping import (
    KEY_PROPERTY,
    REL_SCHEMA,
    DocumentGraph,
    MappingError,
    department_id,
    map_corpus,
    map_document,
    stub_document_id,
)
from policykg.ingest.models import (
    Deadline,
    DepartmentRef,
    DocumentMeta,
    Measure,
    PolicyDocument,
    Span,
    Target,
)

NATIONAL = "国发〔2019〕4号"  # cited by two documents, in none: one shared stub
PROVINCIAL = "湘政发〔2020〕3号"


def dept(name: str, function: str, role: str = "lead") -> DepartmentRef:
    return DepartmentRef(name=name, function=function, kind="government_department", role=role)


def target(indicator: str, value, year: int | None, start: int, unit: str = "%") -> Target:
    return Target(
        indicator=indicator,
        indicator_text=indicator,
        comparator=">=",
        value=value,
        unit=unit,
        year=year,
        evidence=f"{indicator}达到{value}{unit}",
        span=Span(start, start + 10),
    )


def zhangshu_plan() -> PolicyDocument:
    """County plan: two-level body, a task row restating a body measure, a ratio target."""
    meta = DocumentMeta(
        region="樟树市",
        region_level="county",
        province="江西省",
        parent_region="宜春市",
        issuer="樟树市人民政府",
        doc_number="樟府发〔2020〕13号",
        title="樟树市职业教育改革实施方案",
        issued_date="2020-12-17",
        cites=[NATIONAL, "郴政发〔2021〕5号", NATIONAL, "樟府发〔2020〕13号"],
    )
    measures = [
        Measure("m_zs_1", "body", "一", None, "巩固中等职业教育基础地位", "一、巩固……", Span(100, 400)),
        Measure(
            "m_zs_1_1",
            "body",
            "一/（一）",
            None,
            "优化布局",
            "（一）到2022年双师型教师比例达到50%，普职比4:6。",
            Span(120, 300),
            parent_id="m_zs_1",
            departments=[dept("市教体局", "教育")],
            deadline=Deadline("2022年12月", 2022, 12, "date"),
            targets=[target("双师型教师比例", 50, 2022, 130), target("普职比", "4:6", 2022, 150, unit="")],
        ),
        Measure(
            "m_zs_t1",
            "task",
            None,
            1,
            "优化布局",
            "优化中职学校布局",
            Span(900, 960),
            group="一、巩固中等职业教育基础地位",
            departments=[dept("市教体局", "教育"), dept("市财政局", "财政", "co")],
            deadline=Deadline("持续推进", None, None, "ongoing"),
            restates="m_zs_1_1",
        ),
    ]
    return PolicyDocument("doc_zs", "000_zs.txt", "sha-zs", "utf-8", meta, measures)


def chenzhou_plan() -> PolicyDocument:
    """Prefecture plan in another province; cites the same national document."""
    meta = DocumentMeta(
        region="郴州市",
        region_level="prefecture",
        province="湖南省",
        issuer="郴州市人民政府",
        doc_number="郴政发〔2021〕5号",
        title="郴州市职业教育实施方案",
        issued_date="2021-03-01",
        cites=[NATIONAL, PROVINCIAL],
    )
    measures = [
        Measure(
            "m_cz_1",
            "body",
            "一",
            None,
            "建设双师队伍",
            "到2025年双师型教师比例达到60.5%。",
            Span(50, 90),
            departments=[dept("市教育局", "教育")],
            deadline=Deadline("2022年12月", 2022, 12, "date"),
            targets=[target("双师型教师比例", 60.5, 2025, 60)],
        )
    ]
    return PolicyDocument("doc_cz", "001_cz.txt", "sha-cz", "utf-8", meta, measures)


def zhangshu_tasks(edited: bool = False) -> PolicyDocument:
    """Second 樟树市 document: shares 市教体局 with zhangshu_plan and cites it by number.

    edited=True is the re-ingested version: one text changed, 市人社局 dropped, 市发改委 added.
    """
    meta = DocumentMeta(
        region="樟树市",
        region_level="county",
        province="江西省",
        parent_region="宜春市",
        issuer="樟树市人民政府办公室",
        doc_number="樟府办字〔2021〕2号",
        title="樟树市职业教育任务清单",
        issued_date="2021-01-05",
        cites=["樟府发〔2020〕13号"],
    )
    first = Measure(
        "m_zc_t1",
        "task",
        None,
        1,
        "推进产教融合",
        "推进产教融合（修订）" if edited else "推进产教融合",
        Span(10, 40),
        departments=[dept("市教体局", "教育", "co")],
        deadline=Deadline("“十四五”期间", None, None, "period"),
    )
    if edited:
        second = Measure(
            "m_zc_t3",
            "task",
            None,
            3,
            "争取资金",
            "争取资金",
            Span(80, 99),
            departments=[dept("市发改委", "发改")],
        )
    else:
        second = Measure(
            "m_zc_t2",
            "task",
            None,
            2,
            "技能培训",
            "开展技能培训",
            Span(50, 70),
            departments=[dept("市人社局", "人社")],
        )
    return PolicyDocument("doc_zc", "002_zc.txt", "sha-zc", "utf-8", meta, [first, second])


def corpus() -> list[PolicyDocument]:
    return [zhangshu_plan(), chenzhou_plan(), zhangshu_tasks()]


def nodes_of(graph: DocumentGraph, label: str) -> dict[str, dict]:
    return {n.key: n.props for n in graph.nodes if n.label == label}


def rels_of(graph: DocumentGraph, rel_type: str) -> set[tuple[str, str]]:
    return {(r.start_key, r.end_key) for r in graph.rels if r.type == rel_type}


def test_county_region_chains_to_prefecture_then_province():
    g = map_document(zhangshu_plan())
    assert rels_of(g, "PART_OF") >= {("樟树市", "宜春市"), ("宜春市", "江西省")}
    assert ("樟树市", "江西省") not in rels_of(g, "PART_OF")
    regions = nodes_of(g, "Region")
    assert regions["樟树市"] == {"name": "樟树市", "level": "county", "province": "江西省"}
    assert regions["宜春市"]["level"] == "prefecture"
    assert regions["江西省"]["level"] == "province"
    assert rels_of(g, "ISSUED_BY") == {("doc_zs", "樟树市")}


def test_prefecture_region_is_part_of_its_province():
    g = map_document(chenzhou_plan())
    assert {(r.start_key, r.end_key) for r in g.rels if r.type == "PART_OF"} == {("郴州市", "湖南省")}


def test_citation_outside_corpus_becomes_stub_document():
    g = map_document(zhangshu_plan())
    stub = stub_document_id(NATIONAL)
    assert nodes_of(g, "Document")[stub] == {"id": stub, "doc_number": NATIONAL, "stub": True}
    cites = [r for r in g.rels if r.type == "CITES"]
    assert [r.props["number"] for r in cites] == [
        NATIONAL,
        "郴政发〔2021〕5号",
    ]  # deduplicated, no self-citation
    assert all(r.end_key.startswith("stub_") for r in cites)  # alone, nothing resolves


def test_citation_of_a_corpus_document_links_to_it():
    zs, _, zc = map_corpus(corpus())
    assert ("doc_zs", "doc_cz") in rels_of(zs, "CITES")
    assert rels_of(zc, "CITES") == {("doc_zc", "doc_zs")}
    assert stub_document_id("郴政发〔2021〕5号") not in nodes_of(zs, "Document")


def test_stub_id_depends_on_the_doc_number_only():
    assert stub_document_id(NATIONAL) == stub_document_id(NATIONAL) != stub_document_id(PROVINCIAL)


def test_measures_keep_hierarchy_and_restated_task_row():
    g = map_document(zhangshu_plan())
    assert ("m_zs_1_1", "m_zs_1") in rels_of(g, "PART_OF")
    assert rels_of(g, "RESTATES") == {("m_zs_t1", "m_zs_1_1")}
    assert rels_of(g, "IN") == {("m_zs_1", "doc_zs"), ("m_zs_1_1", "doc_zs"), ("m_zs_t1", "doc_zs")}
    task = nodes_of(g, "Measure")["m_zs_t1"]
    assert task["seq"] == 1 and task["group"] == "一、巩固中等职业教育基础地位" and "path" not in task


def test_lead_and_co_departments_become_led_by_and_assigned_to():
    g = map_document(zhangshu_plan())
    jiaoti, caizheng = department_id("樟树市", "市教体局"), department_id("樟树市", "市财政局")
    assert rels_of(g, "LED_BY") == {("m_zs_1_1", jiaoti), ("m_zs_t1", jiaoti)}
    assert rels_of(g, "ASSIGNED_TO") == {("m_zs_t1", caizheng)}
    assert rels_of(g, "IS_A") == {(jiaoti, "教育"), (caizheng, "财政")}
    assert nodes_of(g, "Department")[jiaoti] == {
        "id": jiaoti,
        "name": "市教体局",
        "region": "樟树市",
        "kind": "government_department",
    }


def test_same_department_name_in_two_documents_of_one_region_is_one_node():
    a, c = map_document(zhangshu_plan()), map_document(zhangshu_tasks())
    shared = department_id("樟树市", "市教体局")
    assert shared in nodes_of(a, "Department") and shared in nodes_of(c, "Department")
    assert department_id("郴州市", "市教体局") != shared


def test_targets_keep_value_as_given_with_sortable_value_num():
    targets = {t["indicator_text"]: t for t in nodes_of(map_document(zhangshu_plan()), "Target").values()}
    assert targets["双师型教师比例"]["value"] == 50 and targets["双师型教师比例"]["value_num"] == 50.0
    assert targets["普职比"]["value"] == "4:6" and "value_num" not in targets["普职比"]
    assert targets["双师型教师比例"]["comparator"] == ">=" and targets["双师型教师比例"]["year"] == 2022
    assert rels_of(map_document(zhangshu_plan()), "OF") == {(t["id"], name) for name, t in targets.items()}


def test_deadlines_are_shared_by_content_and_none_is_not_a_node():
    zs, cz = map_document(zhangshu_plan()), map_document(chenzhou_plan())
    assert set(nodes_of(zs, "Deadline")) & set(nodes_of(cz, "Deadline"))  # both 2022-12 date
    assert len(nodes_of(zs, "Deadline")) == 2  # date + ongoing; m_zs_1 has none
    due = [r for r in zs.rels if r.type == "DUE"]
    assert {r.start_key for r in due} == {"m_zs_1_1", "m_zs_t1"}
    assert {r.props.get("raw") for r in due} == {"2022年12月", "持续推进"}


def test_props_are_flat_scalars_without_none():
    for g in map_corpus(corpus()):
        for item in [*g.nodes, *g.rels]:
            for value in item.props.values():
                assert value is not None and isinstance(value, str | int | float | bool)


def test_every_relationship_is_in_the_schema_owned_and_between_emitted_nodes():
    for g in map(map_document, corpus()):  # alone: citations end at stubs it emits
        keys = {(n.label, n.key) for n in g.nodes}
        for n in g.nodes:
            assert n.props[KEY_PROPERTY[n.label]] == n.key
        for r in g.rels:
            assert (r.type, r.start_label, r.end_label) in REL_SCHEMA
            assert r.props["doc"] == g.doc_id
            assert r.start in keys and r.end in keys


def test_owned_nodes_carry_their_document():
    g = map_document(zhangshu_plan())
    assert {n.props["doc"] for n in g.nodes if n.label in ("Measure", "Target")} == {"doc_zs"}


def test_mapping_is_deterministic():
    assert map_document(zhangshu_plan()) == map_document(zhangshu_plan())


def test_parent_that_is_not_a_measure_of_the_document_is_rejected():
    doc = zhangshu_plan()
    doc.measures[1].parent_id = "m_elsewhere"
    with pytest.raises(MappingError, match="m_elsewhere"):
        map_document(doc)


def test_document_without_region_has_no_region_nodes():
    doc = chenzhou_plan()
    doc.meta.region = None
    g = map_document(doc)
    assert not nodes_of(g, "Region") and not rels_of(g, "ISSUED_BY")
