"""Real input formats: Word files give the records of their text; what is not read is named, never skipped."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from policykg.ingest.pipeline import ingest_corpus
from policykg.ingest.read import sniff

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdocs"


def _targets(doc) -> list[tuple]:
    return sorted((m.kind, str(t.value), t.unit, t.indicator, t.year) for m in doc.measures for t in m.targets)


@pytest.mark.skipif(not (REAL / "docx").is_dir(), reason="shared real documents not beside the project")
def test_each_real_word_file_gives_the_document_of_its_text(tmp_path):
    words, texts = tmp_path / "docx", tmp_path / "txt"
    words.mkdir()
    texts.mkdir()
    for f in sorted((REAL / "docx").glob("*.docx")):
        shutil.copy(f, words / f.name)
        shutil.copy(REAL / "workreports" / f"{f.stem}.txt", texts / f"{f.stem}.txt")
    from_word = {Path(d.source).stem: d for d in ingest_corpus(words).documents}
    from_text = {Path(d.source).stem: d for d in ingest_corpus(texts).documents}
    assert len(from_word) == len(from_text) == 12
    for stem, w in from_word.items():
        t = from_text[stem]
        assert (w.meta.region, w.meta.region_level, w.meta.province) == (t.meta.region, t.meta.region_level,
                                                                         t.meta.province), stem
        assert [m.title for m in w.measures] == [m.title for m in t.measures], stem
        assert _targets(w) == _targets(t), stem


def _task_list_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("九江市推进职业教育改革任务清单")
    table = doc.add_table(rows=3, cols=5)
    for k, head in enumerate(("序号", "工作任务", "牵头单位", "配合单位", "完成时限")):
        table.cell(0, k).text = head
    rows = (("1", "建设10个产教融合实训基地。", "市教育局", "市人社局", "2025年底前"),
            ("2", "培育5家产教融合型企业。", "市发改委", "市工信局", ""))
    for r, values in enumerate(rows, start=1):
        for k, value in enumerate(values):
            table.cell(r, k).text = value
    co = table.cell(1, 3)
    co.add_paragraph("市财政局")  # a department cell wrapped over two paragraphs
    table.cell(1, 4).merge(table.cell(2, 4))  # one deadline cell merged down over both rows
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_a_word_task_list_is_read_from_its_table_cells(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "任务清单.docx").write_bytes(_task_list_docx())
    (doc,) = ingest_corpus(folder).documents
    rows = doc.task_rows
    assert [r.seq for r in rows] == [1, 2]
    first, second = rows
    assert {d.name for d in first.departments} == {"市教育局", "市人社局", "市财政局"}
    assert [d.name for d in first.departments if d.role == "lead"] == ["市教育局"]
    assert (first.deadline.year, second.deadline.year) == (2025, 2025)  # the merged cell holds for both rows
    assert [t.value for t in first.targets] == [10]


def test_files_that_are_not_read_are_named_with_the_reason_and_the_rest_ingested(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ROOT / "corpus" / sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[0], folder / "意见.txt")
    (folder / "扫描件.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "报表.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    run = subprocess.run([sys.executable, "-m", "policykg", "export", "--format", "json", str(folder)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert any("扫描件.pdf" in line and "PDF" in line for line in lines)
    assert any("旧版.doc" in line and ".docx" in line for line in lines)
    assert any("报表.xlsx" in line and "not a document type" in line for line in lines)
    assert [d["source"] for d in json.loads(run.stdout)["documents"]] == ["意见.txt"]


@pytest.mark.parametrize("data, suffix, kind", [
    (b"%PDF-1.4", ".txt", "pdf"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx", "doc"),
    (b"<!DOCTYPE html><html>", ".txt", "html"), ("一、总体要求".encode(), ".md", "text"),
])
def test_a_file_is_told_by_its_content_not_its_suffix(data, suffix, kind):
    assert sniff(data, suffix) == kind
