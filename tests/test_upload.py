"""Adding documents to a running server (POST /documents, the landing page's 添加文件 form) and from the
command line (`policykg ingest PATH…`): what is accepted is loaded, what is refused changes nothing."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from policykg.api.app import LOCAL_HOSTS, create_app
from policykg.api.cli import main
from policykg.graph.memory import MemoryStore
from policykg.ingest.pipeline import ingest_sources
from policykg.queries.engine import QueryEngine

BASE = "http://127.0.0.1"
NAME = "萍乡市职业教育提质培优行动方案.docx"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def policy_docx(share: int = 60, city: str = "萍乡市") -> bytes:
    """A small Word notice of a city government with one numbered, quantified goal."""
    doc = Document()
    for text in (f"江西省{city}人民政府办公室关于印发{city}职业教育提质培优行动方案的通知",
                 "各县（区）人民政府，市政府各部门：",
                 "一、主要目标",
                 f"（一）到2025年，全市双师型教师比例达到{share}%以上。",
                 "二、重点任务",
                 "（二）建设5个产教融合实训基地。（牵头单位：市教育局；责任单位：市人社局）"):
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def notice_txt(city: str = "新余市", count: int = 8) -> bytes:
    return (f"{city}人民政府关于推进职业教育发展的实施意见\n各县（区）人民政府：\n一、总体要求\n"
            f"（一）到2025年，全市职业院校达到{count}所。\n").encode()


def make_client(tmp_path: Path, **options) -> tuple[TestClient, MemoryStore, QueryEngine]:
    store = MemoryStore(tmp_path / "data")
    engine = QueryEngine(store)
    return TestClient(create_app(lambda: engine, **options), base_url=BASE), store, engine


@pytest.fixture
def upload(tmp_path):
    return make_client(tmp_path, allow_upload=True)


def post(client: TestClient, *files: tuple[str, bytes], **kwargs):
    return client.post("/documents", files=[("files", (name, data)) for name, data in files], **kwargs)


def raw_post(client: TestClient, *parts: tuple[bytes, bytes], boundary: bytes = b"policykgXbound", **kwargs):
    """A multipart body written byte for byte: (filename parameter as sent, data)."""
    body = b"".join(b"--" + boundary + b'\r\nContent-Disposition: form-data; name="files"; filename="' + name
                    + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + data + b"\r\n" for name, data in parts)
    body += b"--" + boundary + b"--\r\n"
    headers = {"content-type": "multipart/form-data; boundary=" + boundary.decode(), **kwargs.pop("headers", {})}
    return client.post("/documents", content=body, headers=headers, **kwargs)


def graph_of(store: MemoryStore) -> dict:
    return store.dump()


# -- accepted -------------------------------------------------------------------------------------------
def test_an_uploaded_word_file_is_loaded_and_its_target_answered_at_once(upload):
    client, store, _ = upload
    assert client.get("/targets", params={"indicator": "双师型"}).status_code == 404  # cached: none yet
    fingerprint = client.get("/healthz").json()["fingerprint"]
    resp = post(client, (NAME, policy_docx()))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["loaded"], body["failed"], body["detail"]) == (1, 0, None)
    result = body["results"][0]
    assert (result["file"], result["ok"], result["status"], result["error"]) == (NAME, True, 200, None)
    doc = result["document"]
    assert doc["region"] == "萍乡市" and doc["region_level"] == "prefecture" and doc["title"] == "萍乡市职业教育提质培优行动方案"
    assert doc["targets"] >= 1 and doc["measures"] >= 2 and "双师型教师比例" in doc["indicators"]
    assert doc["replaced"] is False and doc["id"].startswith("doc_萍乡市职业教育提质培优行动方案_")

    assert client.get("/healthz").json()["fingerprint"] != fingerprint  # the result cache moved on
    rows = client.get("/targets", params={"indicator": "双师型"}).json()["items"]
    assert [(r["region"], r["value"], r["unit"], r["year"], r["source"]) for r in rows] == [
        ("萍乡市", 60, "%", 2025, NAME)]
    by_name = client.get("/indicators/双师型教师比例/targets").json()["items"]
    assert [(r["region"], r["value"]) for r in by_name] == [("萍乡市", 60)]
    assert "萍乡市" in {r["name"] for r in client.get("/regions").json()["items"]}
    assert store.nodes("Document", source=NAME)[0]["id"] == doc["id"]


def test_a_name_uploaded_again_replaces_its_earlier_version(upload, tmp_path):
    client, store, _ = upload
    assert post(client, (NAME, policy_docx(60))).status_code == 200
    counts = store.stats().nodes
    second = policy_docx(75)  # built once: a .docx records when it was saved
    resp = post(client, (NAME, second))
    assert resp.status_code == 200 and resp.json()["results"][0]["document"]["replaced"] is True
    assert store.stats().nodes == counts  # same shape: nothing kept beside the old version
    assert len([d for d in store.nodes("Document") if not d.get("stub")]) == 1
    rows = client.get("/targets", params={"indicator": "双师型教师比例"}).json()["items"]
    assert [(r["region"], r["value"]) for r in rows] == [("萍乡市", 75)]
    fresh = MemoryStore(tmp_path / "fresh")  # exactly the graph of loading only the new version
    fresh.load_corpus(ingest_sources([(NAME, lambda: second)]).documents)
    assert store.dump() == fresh.dump()


def test_several_files_in_one_request_each_get_their_result(upload):
    client, store, _ = upload
    resp = post(client, (NAME, policy_docx()), ("新余.txt", notice_txt()), ("photo.docx", PNG))
    assert resp.status_code == 200
    body = resp.json()
    assert (body["loaded"], body["failed"]) == (2, 1)
    assert [(r["file"], r["ok"], r["status"]) for r in body["results"]] == [
        (NAME, True, 200), ("新余.txt", True, 200), ("photo.docx", False, 415)]
    assert {d["source"] for d in store.nodes("Document") if not d.get("stub")} == {NAME, "新余.txt"}


def test_two_uploads_at_once_are_written_one_after_the_other(upload, monkeypatch):
    client, store, _ = upload
    active, most = [0], [0]
    load = store.load_corpus

    def slow_load(docs, progress=None):
        active[0] += 1
        most[0] = max(most[0], active[0])
        time.sleep(0.3)
        try:
            return load(docs, progress)
        finally:
            active[0] -= 1

    monkeypatch.setattr(store, "load_corpus", slow_load)
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda n=n: statuses.append(post(client, (f"{n}.txt", notice_txt(n, 5))).status_code))
               for n in ("新余市", "萍乡市")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert statuses == [200, 200] and most[0] == 1
    assert len([d for d in store.nodes("Document") if not d.get("stub")]) == 2


# -- refused: nothing changes ---------------------------------------------------------------------------
def test_a_file_over_the_cap_is_413_and_the_graph_unchanged(tmp_path):
    client, store, _ = make_client(tmp_path, allow_upload=True, max_upload_mb=0.01)  # 10 KB; the docx is ~36 KB
    assert post(client, ("small.txt", notice_txt())).status_code == 200
    before = graph_of(store)
    resp = post(client, (NAME, policy_docx()))
    assert resp.status_code == 413, resp.text
    assert resp.json()["results"][0]["status"] == 413 and "MB" in resp.json()["results"][0]["error"]
    assert graph_of(store) == before


def test_the_default_cap_is_20_mb_and_counted_while_streaming(upload):
    client, store, _ = upload
    before = graph_of(store)

    def chunks():  # no Content-Length: the cap is counted as the bytes arrive
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
        for _ in range(21):  # 21 MiB
            yield b"x" * (1024 * 1024)
        yield b"\r\n--b--\r\n"

    resp = client.post("/documents", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert resp.status_code == 413 and "larger than 20 MB" in resp.json()["results"][0]["error"]
    assert graph_of(store) == before


def test_a_request_over_the_whole_request_cap_is_413_before_it_is_read(tmp_path):
    client, store, _ = make_client(tmp_path, allow_upload=True, max_upload_mb=0.01)
    before = graph_of(store)
    files = [(f"{k}.txt", b"x" * 9000) for k in range(8)]  # each under the per-file cap, together over 5x + 1 MB
    files += [(f"pad{k}.txt", b"y" * 9000) for k in range(120)]
    resp = post(client, *files)
    assert resp.status_code == 413 and "request larger than" in resp.json()["detail"]
    assert resp.json()["results"] == []
    assert graph_of(store) == before


def test_a_chunked_request_is_cut_off_at_the_whole_request_cap(tmp_path):
    client, store, _ = make_client(tmp_path, allow_upload=True, max_upload_mb=0.01)

    def chunks():  # no Content-Length; each part under the per-file cap, 1.6 MB in all (the cap: 1.05 MB)
        for _ in range(200):
            yield b'--b\r\nContent-Disposition: form-data; name="other"\r\n\r\n' + b"z" * 8000 + b"\r\n"
        yield b"--b--\r\n"

    resp = client.post("/documents", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert resp.status_code == 413 and "request larger than" in resp.json()["detail"]
    assert not store.nodes("Document")


def test_more_files_than_one_request_takes_is_413(upload):
    client, store, _ = upload
    resp = post(client, *[(f"{k}.txt", notice_txt()) for k in range(51)])
    assert resp.status_code == 413 and "more than 50 files" in resp.json()["detail"]
    assert not store.nodes("Document")


@pytest.mark.parametrize(("name", "data", "says"), [
    ("x.docx", PNG, "PNG image"),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "not a document type"),
    ("notes.docx", "到2025年，全市职业院校达到8所。".encode(), "plain text"),
    ("archive.docx", None, "zip archive"),
    ("picture.txt", PNG, "PNG image"),
    ("noext", b"abc", "no suffix"),
])
def test_a_type_told_by_content_that_the_name_does_not_match_is_415(upload, name, data, says):
    client, store, _ = upload
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("readme.txt", "hello")
        data = buf.getvalue()
    before = graph_of(store)
    resp = post(client, (name, data))
    assert resp.status_code == 415, resp.text
    assert says in resp.json()["results"][0]["error"]
    assert graph_of(store) == before


def test_a_file_that_cannot_be_extracted_is_422_and_changes_nothing(upload):
    client, store, _ = upload
    assert post(client, ("新余.txt", notice_txt())).status_code == 200
    before = graph_of(store)
    for name, data in (("blank.txt", b"   \n\n"), ("broken.docx", policy_docx()[:2000])):
        resp = post(client, (name, data))
        assert resp.status_code in (415, 422), (name, resp.text)
        assert resp.json()["results"][0]["ok"] is False
    resp = post(client, ("blank.txt", b"   \n\n"))
    assert resp.status_code == 422 and "blank" in resp.json()["results"][0]["error"]
    assert graph_of(store) == before


@pytest.mark.parametrize("raw_name", [b"../a.txt", b"a/b.txt", b"C:\\x.txt", b"C:\\\\x.txt", b"..\\a.txt",
                                      b"/etc/passwd.txt", b"", b"   ", b"..", b"a..txt", b"a\x07.txt",
                                      b"a%0A.txt", b"C:x.txt", b"\xe2\x80\xaetxt.exe.txt"])
def test_a_file_name_that_is_or_hides_a_path_is_400_and_nothing_is_written(upload, tmp_path, raw_name):
    client, store, _ = upload
    before, files_before = graph_of(store), sorted(tmp_path.rglob("*"))
    resp = raw_post(client, (raw_name, notice_txt()))
    assert resp.status_code == 400, resp.text
    assert resp.json()["results"][0]["status"] == 400 and "file name" in resp.json()["results"][0]["error"]
    assert graph_of(store) == before
    assert sorted(tmp_path.rglob("*")) == files_before  # no file written anywhere near, nor beside the store
    assert not (tmp_path.parent / "a.txt").exists()


def test_httpx_style_windows_path_is_refused_too(upload):
    client, store, _ = upload
    resp = post(client, ("C:\\x.txt", notice_txt()))
    assert resp.status_code == 400 and resp.json()["results"][0]["file"] == "C:\\x.txt"
    assert not store.nodes("Document")


def test_the_same_name_twice_in_one_request_is_refused_for_the_second(upload):
    client, store, _ = upload
    resp = post(client, ("新余.txt", notice_txt(count=8)), ("新余.txt", notice_txt(count=9)))
    assert resp.status_code == 200
    assert [r["status"] for r in resp.json()["results"]] == [200, 400]
    rows = client.get("/targets").json()["items"]
    assert [r["value"] for r in rows] == [8]
    assert len(store.nodes("Document")) == 1


@pytest.mark.parametrize(("content", "headers", "status"), [
    (b"files=a.txt", {"content-type": "application/x-www-form-urlencoded"}, 415),
    (b'{"files": []}', {"content-type": "application/json"}, 415),
    (b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\nabc",
     {"content-type": "multipart/form-data; boundary=b"}, 400),  # ends before its closing boundary
    (b"--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nabc\r\n--b--\r\n",
     {"content-type": "multipart/form-data; boundary=b"}, 400),  # no files
    (b"garbage", {"content-type": "multipart/form-data"}, 400),  # no boundary
    (b"garbage without any boundary", {"content-type": "multipart/form-data; boundary=b"}, 400),
])
def test_a_request_that_is_no_upload_is_refused_whole(upload, content, headers, status):
    client, store, _ = upload
    before = graph_of(store)
    resp = client.post("/documents", content=content, headers=headers)
    assert resp.status_code == status, resp.text
    assert resp.json()["detail"] and resp.json()["loaded"] == 0
    assert graph_of(store) == before


def test_a_cross_site_form_post_is_refused(upload):
    client, store, _ = upload
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"},
                    {"sec-fetch-site": "same-site"}, {"origin": "null"}):
        resp = post(client, ("新余.txt", notice_txt()), headers=headers)
        assert resp.status_code == 403 and "cross-site" in resp.json()["detail"], headers
    assert not store.nodes("Document")
    same = post(client, ("新余.txt", notice_txt()), headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert same.status_code == 200  # Chromium's own form post under the pages' no-referrer policy
    assert post(client, ("宜春.txt", notice_txt("宜春市")), headers={"origin": BASE}).status_code == 200


def test_uploads_are_off_unless_allowed_and_the_page_shows_no_form(tmp_path):
    client, store, _ = make_client(tmp_path)
    resp = post(client, (NAME, policy_docx()))
    assert resp.status_code == 403 and "--allow-upload" in resp.json()["detail"]
    assert not store.nodes("Document")
    assert "添加文件" not in client.get("/").text and 'type="file"' not in client.get("/").text
    page = client.post("/documents", files=[("files", (NAME, policy_docx()))], headers={"accept": "text/html"})
    assert page.status_code == 403 and "未开启上传" in page.text


# -- the page -------------------------------------------------------------------------------------------
def test_the_landing_page_form_posts_to_documents_and_gets_a_chinese_results_page(upload):
    client, _, _ = upload
    landing = client.get("/").text
    assert "<h2>添加文件</h2>" in landing and 'action="/documents"' in landing
    assert 'enctype="multipart/form-data"' in landing and 'name="files" multiple' in landing
    assert 'accept=".txt,.md,.docx,.pdf,.html,.htm"' in landing
    resp = post(client, (NAME, policy_docx()), ("x.docx", PNG),
                headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    assert "script-src" in resp.headers["content-security-policy"]
    text = resp.text
    assert "成功 1 个，失败 1 个" in text and ">成功<" in text and ">失败<" in text
    assert "文件类型不符" in text and "PNG" in text
    assert 'href="/views/region/%E8%90%8D%E4%B9%A1%E5%B8%82"' in text  # 萍乡市
    assert "/views/indicator/%E5%8F%8C%E5%B8%88%E5%9E%8B%E6%95%99%E5%B8%88%E6%AF%94%E4%BE%8B" in text  # 双师型教师比例
    assert "<script" not in text


def test_names_are_escaped_on_the_results_page(upload):
    client, _, _ = upload
    resp = post(client, ("<img src=x onerror=alert(1)>.txt", notice_txt()), headers={"accept": "text/html"})
    assert resp.status_code == 200
    assert "<img src=x" not in resp.text and "&lt;img src=x onerror=alert(1)&gt;.txt" in resp.text


# -- the schema -----------------------------------------------------------------------------------------
def test_generated_upload_requests_get_documented_answers_when_uploads_are_on(tmp_path):
    """schemathesis over POST /documents with uploads allowed (test_schema_fuzz covers it switched off).
    Positive-data acceptance is left out: random bytes the schema allows are rightly refused (415/422)."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    store = MemoryStore(tmp_path / "fuzz")
    app = create_app(lambda: QueryEngine(store), (*LOCAL_HOSTS, "testserver"), allow_upload=True)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = next(r.ok() for r in schema.get_all_operations() if r.ok().path == "/documents")
    seen: list[int] = []

    @settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        seen.append(case.call_and_validate(excluded_checks=[positive_data_acceptance]).status_code)

    run()
    assert len(seen) >= 30 and all(s < 500 for s in seen)


# -- the command line -----------------------------------------------------------------------------------
def test_cli_ingest_takes_files_and_folders_and_names_each_failure(tmp_path, capsys):
    (tmp_path / "a.docx").write_bytes(policy_docx())
    (tmp_path / "b.txt").write_bytes(notice_txt("新余市"))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "c.txt").write_bytes(notice_txt("宜春市", 6))
    (folder / "bad.docx").write_bytes(PNG)
    data = tmp_path / "data"
    code = main(["ingest", str(tmp_path / "a.docx"), str(tmp_path / "b.txt"), str(folder) + "/",
                 "--data-dir", str(data)])
    assert code == 1
    failures = [line for line in capsys.readouterr().err.splitlines() if line.startswith("policykg: ")]
    assert len(failures) == 1 and failures[0].startswith("policykg: bad.docx: ")
    sources = {d["source"] for d in MemoryStore(data).nodes("Document") if not d.get("stub")}
    assert sources == {"a.docx", "b.txt", "c.txt"}


def test_cli_ingest_reports_a_missing_path_and_replaces_a_file_loaded_before(tmp_path, capsys):
    data = tmp_path / "data"
    (tmp_path / "a.docx").write_bytes(policy_docx(60))
    assert main(["ingest", str(tmp_path / "a.docx"), "--data-dir", str(data)]) == 0
    (tmp_path / "a.docx").write_bytes(policy_docx(80))
    assert main(["ingest", str(tmp_path / "a.docx"), str(tmp_path / "nope.txt"), "--data-dir", str(data)]) == 1
    failures = [line for line in capsys.readouterr().err.splitlines() if line.startswith("policykg: ")]
    assert failures == [f"policykg: {tmp_path / 'nope.txt'}: no such file or directory"]
    store = MemoryStore(data)
    assert len([d for d in store.nodes("Document") if not d.get("stub")]) == 1
    assert [t["value"] for t in store.nodes("Target")] == [80]


def test_cli_ingest_of_one_folder_and_export_work_as_before(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "b.txt").write_bytes(notice_txt())
    assert main(["ingest", str(folder), "--data-dir", str(tmp_path / "data")]) == 0
    assert main(["export", "--format", "json", str(folder)]) == 0
    assert '"source": "b.txt"' in capsys.readouterr().out


def test_serve_has_the_upload_flags():
    from policykg.api.cli import build_parser

    args = build_parser().parse_args(["serve", "--allow-upload", "--max-upload-mb", "5"])
    assert args.allow_upload is True and args.max_upload_mb == 5
    assert build_parser().parse_args(["serve"]).allow_upload is False
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--max-upload-mb", "0"])


# -- Neo4j ----------------------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_upload_into_neo4j_replaces_by_name_and_answers_the_new_value_at_once(neo4j_store, monkeypatch):
    import policykg.queries.cypher as cypher

    monkeypatch.setattr(cypher, "FINGERPRINT_TTL", 600.0)  # the backend would reuse its fingerprint all test long
    engine = QueryEngine(neo4j_store)
    client = TestClient(create_app(lambda: engine, allow_upload=True), base_url=BASE)
    assert post(client, (NAME, policy_docx(60))).status_code == 200
    assert [r["value"] for r in client.get("/targets", params={"indicator": "双师型教师比例"}).json()["items"]] == [60]
    counts = neo4j_store.stats().nodes
    assert post(client, (NAME, policy_docx(70))).json()["results"][0]["document"]["replaced"] is True
    # the upload itself made the backend compute its fingerprint afresh: no stale cached answer
    assert [r["value"] for r in client.get("/targets", params={"indicator": "双师型教师比例"}).json()["items"]] == [70]
    assert neo4j_store.stats().nodes == counts
    before = neo4j_store.dump()
    assert post(client, ("x.docx", PNG)).status_code == 415
    assert neo4j_store.dump() == before
