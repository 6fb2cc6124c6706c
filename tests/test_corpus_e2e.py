"""End to end over the shipped corpus: structure of each seed layout, and provenance of everything."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from policykg.ingest.export import corpus_to_json
from policykg.ingest.pipeline import ingest_corpus
from policykg.ingest.text import squash

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def corpus():
    return ingest_corpus(CORPUS)


@pytest.fixture(scope="module")
def by_source(corpus):
    return {d.source: d for d in corpus.documents}


# (layout, task rows, numbered body leaves): counts printed in each document.
EXPECTED = {
    "000_1f92fe144c66891c.txt": ("PDF-flattened list", 33, 22),
    "001_70db61f56b48e6c4.txt": ("tab cells with merged groups", 50, 0),
    "002_7fdab2a4388eb7e7.txt": ("tab cells, wrapped group cells", 31, 18),
    "003_89395c0dfdd45323.txt": ("newspaper page, no list", 0, 13),
    "004_69a4cc308164096c.txt": ("markdown tables, lead column", 15, 18),
}


def test_every_seed_is_ingested_without_failure(corpus):
    assert not corpus.failures
    assert sorted(d.source for d in corpus.documents) == sorted(EXPECTED)


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_row_and_measure_counts_per_layout(by_source, source):
    _, rows, leaves = EXPECTED[source]
    doc = by_source[source]
    assert [m.seq for m in doc.task_rows] == list(range(1, rows + 1))
    body = doc.body_measures
    body_leaves = [m for m in body if not any(c.parent_id == m.id for c in body)]
    assert len(body_leaves) == leaves


def test_every_span_maps_back_to_the_original_text(corpus):
    for doc in corpus.documents:
        original = (CORPUS / doc.source).read_text(encoding="utf-8")
        for m in doc.measures:
            window = squash(original[m.span.start : m.span.end])
            assert squash(m.text)[:8] in window, (doc.source, m.id)
            for t in m.targets:
                assert squash(original[t.span.start : t.span.end]) in squash(t.evidence)
        for n in doc.noise:
            assert squash(n.text)[:10] in squash(original[n.span.start : n.span.end])


def test_newspaper_filler_is_dropped_and_never_leaks_into_measures(by_source):
    doc = by_source["003_89395c0dfdd45323.txt"]
    assert doc.noise
    measure_text = " ".join(m.title + m.text for m in doc.measures)
    for n in doc.noise:
        assert squash(n.text)[:12] not in squash(measure_text)


def test_every_task_row_has_departments_and_the_lead_column_is_respected(by_source):
    for doc in by_source.values():
        for row in doc.task_rows:
            assert row.departments, (doc.source, row.seq)
    row4 = by_source["004_69a4cc308164096c.txt"].task_rows[3]
    assert [d.name for d in row4.departments if d.role == "lead"] == ["市人社局", "市教育局"]


def test_shared_targets_land_on_one_indicator_across_cities(corpus):
    regions = {d.meta.region for d in corpus.documents for t in d.targets() if t.indicator == "双师型教师比例"}
    assert {"樟树市", "江阴市", "江西省", "郴州市"} <= regions


def test_task_rows_link_to_the_body_measure_they_restate(by_source):
    doc = by_source["002_7fdab2a4388eb7e7.txt"]
    linked = [r for r in doc.task_rows if r.restates]
    assert len(linked) >= len(doc.task_rows) // 2
    assert all(r.restates in {m.id for m in doc.body_measures} for r in linked)


def test_reingest_gives_identical_records_and_ids(corpus):
    again = ingest_corpus(CORPUS)
    assert corpus_to_json(again) == corpus_to_json(corpus)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykg", *args], capture_output=True, text=True, timeout=120)


def test_export_command_writes_the_design_format():
    out = run_cli("export", "--format", "json", str(CORPUS))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["documents"]) == 5
    m = data["documents"][0]["measures"][0]
    assert {"id", "kind", "path", "seq", "title", "text", "span", "departments", "deadline", "targets"} <= set(m)


def test_bad_files_are_reported_one_line_each_and_the_rest_still_processed(tmp_path: Path):
    good = (CORPUS / "004_69a4cc308164096c.txt").read_text(encoding="utf-8")
    (tmp_path / "a_gb18030.txt").write_bytes(good.encode("gb18030"))
    (tmp_path / "b_utf16.txt").write_bytes(good.encode("utf-16"))
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_blank.txt").write_bytes(b" \n\n\t")
    (tmp_path / "e_binary.txt").write_bytes(bytes(range(256)) * 16)
    out = run_cli("export", "--format", "json", str(tmp_path))
    assert out.returncode == 1
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 3 and all("Traceback" not in e for e in errors)
    assert any("c_empty.txt" in e and "empty" in e for e in errors)
    assert any("d_blank.txt" in e and "blank" in e for e in errors)
    assert any("e_binary.txt" in e and "binary" in e for e in errors)
    docs = json.loads(out.stdout)["documents"]
    assert [d["source"] for d in docs] == ["a_gb18030.txt", "b_utf16.txt"]
    strip = lambda d: [(m["kind"], m["path"], m["seq"], m["text"], m["span"]) for m in d["measures"]]  # noqa: E731
    assert strip(docs[0]) == strip(docs[1])


def test_multi_megabyte_single_line_file_neither_hangs_nor_crashes(tmp_path: Path):
    line = (CORPUS / "000_1f92fe144c66891c.txt").read_text(encoding="utf-8").replace("\n", "")
    (tmp_path / "huge.txt").write_text((line * 80)[:3_000_000], encoding="utf-8")
    out = run_cli("export", "--format", "json", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents"][0]["source"] == "huge.txt"
