"""The synthetic benchmark corpus: generation is deterministic, and the pipeline reads its task lists."""

import importlib.util
import json
from pathlib import Path

import pytest
from policykg.ingest.export import corpus_to_json
from policykg.ingest.pipeline import ingest_corpus

SYNTH = Path(__file__).resolve().parent.parent / "bench" / "synth.py"


@pytest.fixture(scope="module")
def synth():
    spec = importlib.util.spec_from_file_location("bench_synth", SYNTH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_files(synth, tmp_path):
    synth.generate(12, 3, tmp_path / "a")
    synth.generate(12, 3, tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(a) == 13 and a == b
    synth.generate(12, 4, tmp_path / "c")
    assert _files(tmp_path / "c") != a


def test_truth_describes_every_document(synth, tmp_path):
    truth = json.loads(synth.generate(40, 11, tmp_path).read_text(encoding="utf-8"))
    docs = truth["documents"]
    assert [d["source"] for d in docs] == [f"doc_{i:05d}.txt" for i in range(1, 41)]
    assert {d["layout"] for d in docs} == set(synth.LAYOUTS)
    assert {d["region_level"] for d in docs} <= {"county", "prefecture", "province"}
    for d in docs:
        assert (tmp_path / d["source"]).is_file()
        assert d["targets"] and d["body_paths"]
        assert bool(d["task_rows"]) == (d["layout"] != "inline")
        assert bool(d["inline"]) == (d["layout"] == "inline")


def test_pipeline_reads_task_rows_and_departments(synth, tmp_path):
    truth = json.loads(synth.generate(20, 7, tmp_path).read_text(encoding="utf-8"))
    corpus = ingest_corpus(tmp_path)
    assert not corpus.failures
    result = synth.score(corpus_to_json(corpus), truth)
    assert result["exported"] == 20
    assert result["task_rows"]["f1"] >= 0.98
    assert result["departments"]["f1"] >= 0.98
    assert result["lead"]["f1"] >= 0.98


def test_score_of_an_empty_export_is_zero(synth, tmp_path):
    truth = json.loads(synth.generate(5, 1, tmp_path).read_text(encoding="utf-8"))
    result = synth.score({"documents": []}, truth)
    assert result["task_rows"]["f1"] == 0 and result["departments"]["f1"] == 0 and result["targets"]["recall"] == 0
