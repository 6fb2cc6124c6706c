"""Real input formats: Word files give the records of their text; what is not read is named, never skipped."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from policykg.ingest.export import corpus_to_json
from policykg.ingest.pipeline import ingest_corpus
from policykg.ingest.read import sniff

from tests import render

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdocs"
EVAL = ROOT.parent / "shared" / "eval"
needs_cjk_font = pytest.mark.skipif(not render.CJK_FONT.is_file(), reason="Debian's fonts-noto-cjk not installed")


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


def _scanned_pdf() -> bytes:
    """A page that is only a picture of text, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 400), 255)
    font = ImageFont.truetype(str(render.CJK_FONT), 48, index=2)
    ImageDraw.Draw(image).text((80, 120), "到2025年，建成10个实训基地。", font=font, fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


@needs_cjk_font
def test_files_that_are_not_read_are_named_with_the_reason_and_the_rest_ingested(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ROOT / "corpus" / sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[0], folder / "意见.txt")
    (folder / "扫描件.pdf").write_bytes(_scanned_pdf())
    (folder / "损坏.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "损坏.docx").write_bytes(_task_list_docx()[:900])  # cut short: the zip's directory is gone
    (folder / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "版式.ofd").write_bytes(_zip({"OFD.xml": b"<ofd:OFD/>"}))
    (folder / "报表.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    env = {**os.environ, "POLICYKG_OCR": "0", "PATH": os.environ["PATH"]}
    run = subprocess.run([sys.executable, "-m", "policykg", "export", "--format", "json", str(folder)],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 6, lines
    said = {line.split(":")[1].strip(): line for line in lines}
    assert "needs OCR" in said["扫描件.pdf"] and ("--ocr" in said["扫描件.pdf"] or "tesseract" in said["扫描件.pdf"])
    assert "damaged PDF" in said["损坏.pdf"]
    assert "damaged Word file" in said["损坏.docx"]
    assert ".docx" in said["旧版.doc"]
    assert "OFD" in said["版式.ofd"] and "PDF" in said["版式.ofd"]
    assert "not a document type" in said["报表.xlsx"]
    assert [d["source"] for d in json.loads(run.stdout)["documents"]] == ["意见.txt"]


def _zip(files: dict[str, bytes]) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@needs_cjk_font
@pytest.mark.skipif(not shutil.which("tesseract"), reason="OCR is optional: Debian's tesseract-ocr not installed")
def test_a_scanned_pdf_is_read_by_ocr_when_asked(monkeypatch):
    from policykg.ingest.read import read_bytes

    monkeypatch.setenv("POLICYKG_OCR", "1")
    src = read_bytes("扫描件.pdf", _scanned_pdf())
    assert "实训基地" in src.text and "2025" in src.text
    assert src.pages == (0,)


@pytest.mark.parametrize("data, suffix, kind", [
    (b"%PDF-1.4", ".txt", "pdf"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx", "doc"),
    (b"<!DOCTYPE html><html>", ".txt", "html"), ("一、总体要求".encode(), ".md", "text"),
])
def test_a_file_is_told_by_its_content_not_its_suffix(data, suffix, kind):
    assert sniff(data, suffix) == kind


# -- the seeds as published: Word, PDF, a web page --------------------------------------------------------
FORMATS = ("docx", "pdf", "html")


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory) -> dict[str, dict]:
    """score.py's figures for the seeds as .txt and as each format written from them."""
    scores = {}
    for fmt in ("txt", *FORMATS):
        folder = tmp_path_factory.mktemp(fmt)
        for f in sorted((ROOT / "corpus").glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            out = folder / f"{f.stem}.{fmt}"
            if fmt == "txt":
                out.write_text(text, encoding="utf-8")
            elif fmt == "docx":
                out.write_bytes(render.to_docx(text))
            elif fmt == "pdf":
                out.write_bytes(render.to_pdf(text, header="职业教育政策文件汇编"))
            else:
                out.write_bytes(render.to_html(text, title=text.strip().splitlines()[0].strip()))
        corpus = ingest_corpus(folder)
        assert not corpus.failures, corpus.failures
        export = corpus_to_json(corpus)
        for doc in export["documents"]:  # gold knows the documents by their .txt names
            doc["source"] = f"{Path(doc['source']).stem}.txt"
        path = folder / "export.json"
        path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([sys.executable, str(EVAL / "score.py"), str(path), "--json"],
                             capture_output=True, text=True, timeout=300, check=True)
        scores[fmt] = json.loads(run.stdout)
    return scores


@needs_cjk_font
@pytest.mark.skipif(not (EVAL / "score.py").is_file(), reason="shared evaluation not beside the project")
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_seeds_as_published_give_the_records_of_their_text(seed_scores, fmt):
    text, other = seed_scores["txt"], seed_scores[fmt]
    metrics = [k for k, v in text.items() if isinstance(v, int | float) and not k.startswith("provenance")]
    assert len(metrics) >= 15
    off = {k: (text[k], other.get(k)) for k in metrics if other.get(k) is None or abs(other[k] - text[k]) > 0.02}
    assert not off, off


@needs_cjk_font
def test_a_pdf_task_list_is_read_from_its_ruled_table(tmp_path):
    """The text dump of this table is ambiguous (a department cell wrapped over lines, a group cell printed
    once for two rows); the ruled table's cells are not."""
    text = ("附件\n重点任务清单\n| 序号 | 重点工作 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|---|\n"
            "| 1 | 产教融合 | 建设10个产教融合实训基地。 | 市教育局 | 市人社局、市财政局、市发展和改革委员会 | 2025年底前 |\n"
            "| 2 | 产教融合 | 培育5家产教融合型企业。 | 市发改委 | 市工信局 | 2024年 |\n")
    (tmp_path / "清单.pdf").write_bytes(render.to_pdf(text))
    (doc,) = ingest_corpus(tmp_path).documents
    first, second = doc.task_rows
    assert (first.group, second.group) == ("产教融合", "产教融合")  # the merged cell holds for both rows
    assert [d.name for d in first.departments if d.role == "co"] == ["市人社局", "市财政局", "市发展和改革委员会"]
    assert [d.name for d in second.departments] == ["市发改委", "市工信局"]
    assert (first.deadline.year, second.deadline.year) == (2025, 2024)
    assert [t.value for t in first.targets] == [10]
    assert first.page == second.page == 1


@needs_cjk_font
def test_pdf_pages_are_kept_and_running_heads_and_page_numbers_dropped(tmp_path):
    paragraphs = [f"（{k}）第{k}项措施。到2025年，全市建成{k}个实训基地，培训技能人才{k}万人次。" * 3
                  for k in range(1, 41)]
    data = render.to_pdf("关于推进职业教育改革的实施意见\n" + "\n".join(paragraphs), header="某某市人民政府文件")
    from policykg.ingest.read import read_bytes

    src = read_bytes("意见.pdf", data)
    assert len(src.pages) >= 3
    assert "某某市人民政府文件" not in src.text and "— 2 —" not in src.text
    lines = [ln for ln in src.text.splitlines() if ln.strip()]
    assert len(lines) == 41  # each paragraph one line again: its wraps, within a page or over a break, joined
    assert lines[1:] == paragraphs
    second = src.pages[1]
    assert src.page_at(second) == 2 and src.page_at(second - 1) == 1


@needs_cjk_font
def test_a_pdf_measure_shows_its_passage_and_page_from_the_store_and_the_file_hash_is_kept(tmp_path):
    """Spans index the extracted text, which the store keeps: the passage needs no file at hand."""
    import hashlib

    from policykg.graph.memory import MemoryStore
    from policykg.queries.engine import QueryEngine

    folder = tmp_path / "corpus"
    folder.mkdir()
    paragraphs = [f"（{k}）推进第{k}批实训基地建设，到2025年建成{k}个省级高水平实训基地。" * 4 for k in range(1, 31)]
    data = render.to_pdf("某某市职业教育实施方案\n" + "\n".join(paragraphs))
    (folder / "方案.pdf").write_bytes(data)
    (doc,) = ingest_corpus(folder).documents
    (folder / "方案.pdf").unlink()  # gone from disk: the store alone answers
    store = MemoryStore(tmp_path / "data")
    store.load_corpus([doc])
    engine = QueryEngine(store, folder)
    last = doc.measures[-1]
    detail = engine.measure(last.id)
    assert detail.page == last.page and detail.page >= 2
    assert detail.original == doc.text[last.span.start : last.span.end] and "实训基地" in detail.original
    (node,) = store.nodes("Document")
    assert node["sha256"] == hashlib.sha256(data).hexdigest() and node["format"] == "pdf"
