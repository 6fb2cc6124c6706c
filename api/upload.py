"""POST /documents: add policy documents to the running store (only under `policykg serve --allow-upload`).

The body is parsed as it streams in (python-multipart's parser, no framework buffering): each file is
counted against its cap while it arrives and spooled to an anonymous temporary file (memory up to 1 MB,
then the system temp dir; removed when closed, never the corpus folder), the whole request against its
own cap. File names are labels only (the document's `source`), never paths: a name that looks like one is
refused. The type is told by content (`ingest.read.sniff`), and must agree with the name's suffix.

Nothing is half-written: every file is extracted first, then the documents that succeeded are loaded in
one store call, under the app's write lock (two uploads never interleave). A file uploaded again under
the same name replaces its earlier version (the stores replace by id and by source).

Status: 200 when at least one file was loaded (each file's own result in `results`); when none was, the
status all files share (400 name, 413 size, 415 type, 422 not extractable), else 422. Whole-request
refusals: 403 uploads off or a cross-site form, 413 request too large, 415 not multipart, 400 malformed.
"""

from __future__ import annotations

import asyncio
import html
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MB = 20
MAX_FILES = 50  # files in one request
REQUEST_FILES_OF_MAX_SIZE = 5  # the whole request may hold this many files of the per-file cap
EXTRACTIONS = 2  # uploads extracted at once
_SPOOL_IN_MEMORY = 1 * MB
_FIELD = "files"

# What each suffix may hold, by content (sniff): a .docx that is a PNG, a zip or text is refused.
_EXPECTED = {".docx": {"docx"}, ".pdf": {"pdf"}, ".doc": {"doc", "docx"}, ".ofd": {"ofd"},
             ".html": {"html"}, ".htm": {"html"}, ".txt": {"text", "html"}, ".md": {"text", "html"}}
_KIND_NAMES = {"docx": "a Word file (.docx)", "pdf": "a PDF", "doc": "a Word 97 file (.doc)", "ofd": "an OFD file",
               "zip": "a zip archive", "html": "a web page", "text": "plain text"}
# Content sniff() has no kind for (it would call them text): named here, refused before any decoding.
_FOREIGN = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
            (b"GIF89a", "a GIF image"), (b"\x7fELF", "a Linux program (ELF)"), (b"\x1f\x8b", "a gzip archive"),
            (b"Rar!\x1a\x07", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
            (b"RIFF", "audio or video (RIFF)"), (b"\x00\x00\x00\x18ftyp", "a video"),
            (b"\x00\x00\x00\x20ftyp", "a video"))
_LABEL_ZH = {400: "文件名无效", 403: "未允许", 413: "文件过大", 415: "文件类型不符", 422: "无法读取"}


class UploadedDocument(BaseModel):
    id: str
    title: str | None
    region: str | None
    region_level: str | None
    measures: int = Field(description="body and goal measures (task rows are counted apart)")
    task_rows: int
    targets: int
    indicators: list[str] = Field(description="the indicators its targets set, in document order")
    replaced: bool = Field(description="a document of this file name was loaded before and is replaced")


class FileResult(BaseModel):
    file: str = Field(description="the file name as sent: a label (the document's source), never a path")
    ok: bool
    status: int = Field(description="200, or why this file was refused: 400 name, 413 size, 415 type, 422 content")
    document: UploadedDocument | None = None
    error: str | None = None


class UploadReport(BaseModel):
    detail: str | None = Field(None, description="set when nothing was loaded")
    loaded: int = 0
    failed: int = 0
    results: list[FileResult] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class UploadSettings:
    allowed: bool = False
    max_file_bytes: int = DEFAULT_MAX_UPLOAD_MB * MB
    max_request_bytes: int = DEFAULT_MAX_UPLOAD_MB * MB * REQUEST_FILES_OF_MAX_SIZE
    max_files: int = MAX_FILES
    write_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)
    # Extraction is CPU-bound and on hostile input slow: a few at a time, the others wait without holding
    # a worker thread, so queries keep theirs.
    extracting: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(EXTRACTIONS), compare=False)

    @classmethod
    def of(cls, allowed: bool, max_upload_mb: float) -> UploadSettings:
        per_file = max(1, int(max_upload_mb * MB))
        return cls(allowed, per_file, per_file * REQUEST_FILES_OF_MAX_SIZE + MB)


class UploadRefused(Exception):
    def __init__(self, status: int, detail: str, detail_zh: str):
        super().__init__(detail)
        self.status, self.detail, self.detail_zh = status, detail, detail_zh


@dataclass
class _Part:
    field_name: str
    name: str | None  # None: not a file part (a plain form field), ignored
    status: int = 200
    error: str | None = None
    error_zh: str | None = None
    spool: Any = None  # SpooledTemporaryFile while the file is being received
    size: int = 0
    complete: bool = False
    document: UploadedDocument | None = None

    def refuse(self, status: int, error: str, error_zh: str) -> None:
        self.status, self.error, self.error_zh = status, error, error_zh
        self.discard()

    def discard(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def result(self) -> FileResult:
        return FileResult(file=self.name or "", ok=self.error is None, status=self.status,
                          document=self.document, error=self.error)


# -- the endpoint ---------------------------------------------------------------------------------------
async def upload_documents(request: Request) -> Response:
    settings: UploadSettings = request.app.state.upload
    html_wanted = _wants_html(request)
    parts: list[_Part] = []
    try:
        if not settings.allowed:
            raise UploadRefused(403, "uploads are off on this server: start it with `policykg serve --allow-upload`",
                                "此服务器未开启上传：请以 policykg serve --allow-upload 启动")
        if _cross_site(request):
            raise UploadRefused(403, "cross-site upload refused: post from this server's own page",
                                "拒绝来自其他网站的上传：请在本站首页提交")
        parts = await _receive(request, settings)
        files = [p for p in parts if p.name is not None and p.field_name == _FIELD]
        if not files:
            raise UploadRefused(400, f"no files: send them as multipart/form-data field `{_FIELD}`",
                                "没有收到文件")
        async with settings.extracting:
            await run_in_threadpool(_ingest_and_load, request, files)
    except UploadRefused as exc:
        report = UploadReport(detail=exc.detail)
        return _answer(exc.status, report, html_wanted, exc.detail_zh)
    finally:
        for p in parts:
            p.discard()
    report = UploadReport(loaded=sum(p.error is None for p in files), failed=sum(p.error is not None for p in files),
                          results=[p.result() for p in files])
    if report.loaded:
        return _answer(200, report, html_wanted, None, files)
    statuses = {p.status for p in files}
    report.detail = "no file was loaded: " + "; ".join(f"{p.name}: {p.error}" for p in files)
    return _answer(statuses.pop() if len(statuses) == 1 else 422, report, html_wanted, "没有文件被添加", files)


def _wants_html(request: Request) -> bool:
    """A browser's form post (Accept: text/html,…) gets a results page; API clients get JSON."""
    accept = request.headers.get("accept", "").lower()
    return "text/html" in accept and "application/json" not in accept


def _cross_site(request: Request) -> bool:
    """A page of another site may post a form here (no CORS preflight for multipart): refused. Browsers
    say where a request comes from in Sec-Fetch-Site; older ones only in Origin, which the pages'
    `Referrer-Policy: no-referrer` makes "null" even on this site (refused then: nothing tells it apart).
    Clients that send neither (curl, scripts) are no browser a page could drive."""
    site = request.headers.get("sec-fetch-site")
    if site:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:
        return True
    return origin == "null" or netloc.lower() != request.headers.get("host", "").lower()


# -- receiving: streamed, capped, spooled -----------------------------------------------------------------
async def _receive(request: Request, settings: UploadSettings) -> list[_Part]:
    ctype, params = parse_options_header(request.headers.get("content-type"))
    if ctype != b"multipart/form-data":
        raise UploadRefused(415, f"send the files as multipart/form-data (field `{_FIELD}`), not "
                            f"{ctype.decode('latin-1') or 'no content type'}", "请以 multipart/form-data 表单上传")
    boundary = params.get(b"boundary")
    if not boundary or len(boundary) > 200:
        raise UploadRefused(400, "multipart/form-data without a (valid) boundary", "上传请求格式错误")
    declared = request.headers.get("content-length", "")
    too_big = UploadRefused(413, f"request larger than {settings.max_request_bytes // MB} MB: send fewer files at "
                            "a time", f"请求超过 {settings.max_request_bytes // MB} MB：请分批上传")
    if declared.isdigit() and int(declared) > settings.max_request_bytes:
        raise too_big
    receiver = _Receiver(settings)
    try:
        parser = MultipartParser(boundary, receiver.callbacks())
    except (FormParserError, ValueError) as exc:
        raise UploadRefused(400, f"malformed multipart body: {exc}", "上传请求格式错误") from exc
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > settings.max_request_bytes:
                raise too_big
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        receiver.close()
        raise UploadRefused(400, f"malformed multipart body: {exc}", "上传请求格式错误") from exc
    except BaseException:
        receiver.close()
        raise
    if not receiver.ended or any(not p.complete for p in receiver.parts):
        receiver.close()
        raise UploadRefused(400, "the multipart body ends before its closing boundary", "上传请求不完整")
    return receiver.parts


class _Receiver:
    """python-multipart callbacks: headers of each part, its data counted and spooled."""

    def __init__(self, settings: UploadSettings):
        self.settings = settings
        self.parts: list[_Part] = []
        self.ended = False
        self._header = [b"", b""]
        self._disposition = b""
        self._current: _Part | None = None
        self._files = 0
        self._names: set[str] = set()

    def callbacks(self) -> dict[str, Any]:
        return {"on_part_begin": self._begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._data,
                "on_part_end": self._end, "on_end": self._done}

    def close(self) -> None:
        for p in self.parts:
            p.discard()

    def _begin(self) -> None:
        self._disposition = b""
        self._header = [b"", b""]
        self._current = None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header[0] += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._header[1] += data[start:end]

    def _header_end(self) -> None:
        if self._header[0].strip().lower() == b"content-disposition":
            self._disposition = self._header[1]
        self._header = [b"", b""]

    def _headers_finished(self) -> None:
        params = _disposition_params(_decode(self._disposition))
        raw_name = params.get("filename")
        part = _Part(field_name=params.get("name", ""), name=None if raw_name is None else "")
        self.parts.append(part)
        self._current = part
        if raw_name is None or part.field_name != _FIELD:
            return
        self._files += 1
        if self._files > self.settings.max_files:
            raise UploadRefused(413, f"more than {self.settings.max_files} files in one request",
                                f"一次最多上传 {self.settings.max_files} 个文件")
        part.name, problem = _label(raw_name)
        if problem:
            part.refuse(400, f"file name {problem}; the name is only a label, give the file's own name",
                        "文件名" + _NAME_PROBLEMS_ZH.get(problem, "无效"))
            return
        key = unicodedata.normalize("NFC", part.name)
        if key in self._names:
            part.refuse(400, "the same file name twice in one request", "同一请求中文件名重复")
            return
        self._names.add(key)
        from policykg.ingest.read import DOCUMENT_SUFFIXES

        suffix = PurePosixPath(part.name).suffix.lower()
        if suffix not in DOCUMENT_SUFFIXES:
            shown = suffix or "no suffix"
            part.refuse(415, f"not a document type read here ({shown}); documents are "
                        f"{', '.join(sorted(DOCUMENT_SUFFIXES))}", f"不支持的文件类型（{shown}）")
            return
        part.spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115 (closed by discard)

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._current
        if part is None or part.spool is None:
            return  # a refused file or a plain field: its bytes only count toward the request cap
        part.size += end - start
        if part.size > self.settings.max_file_bytes:
            cap = self.settings.max_file_bytes / MB
            part.refuse(413, f"larger than {cap:g} MB (the per-file cap, `--max-upload-mb`)",
                        f"超过每个文件 {cap:g} MB 的上限")
            return
        part.spool.write(data[start:end])

    def _end(self) -> None:
        if self._current is not None:
            self._current.complete = True
        self._current = None

    def _done(self) -> None:
        self.ended = True


def _decode(raw: bytes) -> str:
    """Header bytes: browsers send file names as UTF-8; anything else is shown as it came."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


_PARAM = re.compile(r';\s*([A-Za-z0-9_.*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _disposition_params(disposition: str) -> dict[str, str]:
    """Content-Disposition parameters exactly as sent, quotes removed, escapes kept: python-multipart's
    own parse drops a Windows path to its last component, which would hide `C:\\x.txt`. The RFC 5987
    `filename*` form is ignored (RFC 7578 forbids it in multipart/form-data)."""
    params: dict[str, str] = {}
    for key, value in _PARAM.findall(";" + disposition.partition(";")[2]):
        value = value.strip()
        if "*" not in key and key.lower() not in params:
            params[key.lower()] = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    return params


_NAME_PROBLEMS_ZH = {"is empty": "为空", "contains a path separator (/ or \\)": "含路径分隔符（/ 或 \\）",
                     "contains '..'": "含“..”", "contains a control character": "含控制字符",
                     "contains ':'": "含冒号“:”", "is longer than 255 bytes": "超过 255 字节"}


def _label(raw: str) -> tuple[str, str | None]:
    """The file name as a label, and what is wrong with it (None: nothing). The HTML form encoding writes
    `"`, CR and LF as %22, %0D, %0A; a backslash in the raw value is an escape or a Windows path: refused."""
    name = raw.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
    if "/" in name or "\\" in name:
        name = name.replace("\\\\", "\\")  # shown as typed: clients that escape send C:\\x.txt
        return name, "contains a path separator (/ or \\)"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in name):
        return name, "contains a control character"
    if not name.strip():
        return name, "is empty"
    if ".." in name:
        return name, "contains '..'"
    if ":" in name:
        return name, "contains ':'"
    if len(name.encode("utf-8", "surrogatepass")) > 255:
        return name, "is longer than 255 bytes"
    return name, None


# -- extracting and loading ---------------------------------------------------------------------------
def _ingest_and_load(request: Request, files: list[_Part]) -> None:
    """Extract every received file (each one alone, so one failure touches no other), then load the
    documents that succeeded in one store call under the write lock."""
    from policykg.ingest.pipeline import ingest_sources
    from policykg.ingest.read import sniff

    from .app_deps import get_engine

    documents = []
    for part in files:
        if part.spool is None:
            continue
        part.spool.seek(0)
        data = part.spool.read()
        part.discard()
        suffix = PurePosixPath(part.name or "").suffix.lower()
        kind = sniff(data, suffix)
        foreign = next((what for magic, what in _FOREIGN if data.startswith(magic)), None)
        if foreign is None and data[:2] == b"MZ" and b"\x00" in data[2:64]:
            foreign = "a Windows program"
        expected = _EXPECTED.get(suffix)
        if foreign or (expected and kind not in expected):
            what = foreign or _KIND_NAMES.get(kind, kind)
            part.refuse(415, f"its content is {what}, not what the name says ({suffix})",
                        f"内容是{_ZH_KIND.get(what, what)}，与扩展名 {suffix} 不符")
            continue
        corpus = ingest_sources([(part.name or "", lambda data=data: data)])
        if corpus.failures:
            reason = corpus.failures[0].reason
            status = 415 if kind in ("doc", "ofd") else 422
            part.refuse(status, reason, "无法从中提取文件内容")
            continue
        documents.append((part, corpus.documents[0]))
    if not documents:
        return
    engine = get_engine(request)
    store = engine.store
    settings: UploadSettings = request.app.state.upload
    with settings.write_lock:
        before = {d.source for d in (doc for _, doc in documents)
                  if any(not n.get("stub") for n in store.nodes("Document", source=d.source))}
        store.load_corpus([doc for _, doc in documents])
        changed = getattr(engine.backend, "changed", None)
        if changed:  # a backend that reuses its fingerprint for a while: computed afresh now
            changed()
    for part, doc in documents:
        part.document = _summary(doc, doc.source in before)


_ZH_KIND = {"a PNG image": "PNG 图片", "a JPEG image": "JPEG 图片", "a GIF image": "GIF 图片",
            "a Windows program": "Windows 程序", "a Linux program (ELF)": "Linux 程序", "a zip archive": "zip 压缩包",
            "a Word file (.docx)": "Word 文件（.docx）", "a PDF": "PDF", "plain text": "纯文本", "a web page": "网页",
            "a Word 97 file (.doc)": "Word 97 文件（.doc）", "an OFD file": "OFD 文件"}


def _summary(doc, replaced: bool) -> UploadedDocument:
    indicators = list(dict.fromkeys(t.indicator for t in doc.targets()))
    return UploadedDocument(id=doc.id, title=doc.meta.title, region=doc.meta.region,
                            region_level=doc.meta.region_level,
                            measures=sum(m.kind != "task" for m in doc.measures), task_rows=len(doc.task_rows),
                            targets=len(doc.targets()), indicators=indicators, replaced=replaced)


# -- answers ----------------------------------------------------------------------------------------------
def _answer(status: int, report: UploadReport, html_wanted: bool, headline_zh: str | None,
            files: list[_Part] | None = None) -> Response:
    if not html_wanted:
        return JSONResponse(status_code=status, content=report.model_dump())
    from .pages import _shell

    rows = "".join(_html_row(p) for p in files or [])
    table = (f"<table><tr><th>文件</th><th>结果</th><th>说明</th><th>查看</th></tr>{rows}</table>" if rows else "")
    lead = f'<p class="fail">{html.escape(headline_zh)}</p>' if headline_zh else ""
    counts = f"<p>成功 {report.loaded} 个，失败 {report.failed} 个</p>" if files else ""
    body = f'<h1>添加文件：结果</h1>{lead}{counts}{table}<p><a href="/">返回首页</a></p>'
    return HTMLResponse(_shell("添加文件：结果", body), status_code=status)


def _html_row(part: _Part) -> str:
    name = html.escape(part.name or "")
    if part.error is not None:
        label = _LABEL_ZH.get(part.status, "失败")
        reason = html.escape(part.error_zh or "") + (f'<div class="meta">{html.escape(part.error)}</div>')
        return f'<tr><td>{name}</td><td class="fail">失败</td><td>{label}：{reason}</td><td></td></tr>'
    d = part.document
    assert d is not None
    facts = [f"《{html.escape(d.title)}》" if d.title else "（无标题）",
             f"地区 {html.escape(d.region)}" if d.region else "地区未识别",
             f"措施 {d.measures} 条", f"任务 {d.task_rows} 项", f"目标 {d.targets} 个"]
    if d.replaced:
        facts.append("已替换同名文件的先前版本")
    links = [f'<a href="/views/node/{quote(d.id, safe="")}">文件图谱</a>']
    if d.region:
        links.insert(0, f'<a href="/views/region/{quote(d.region, safe="")}">地区概览</a>')
        links.append(f'<a href="/targets?region={quote(d.region)}">目标（JSON）</a>')
    links += [f'<a href="/views/indicator/{quote(i, safe="")}">指标：{html.escape(i)}</a>' for i in d.indicators]
    return (f'<tr><td>{name}</td><td class="ok">成功</td><td>{" · ".join(facts)}</td>'
            f'<td>{" · ".join(links)}</td></tr>')


OPENAPI_REQUEST = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": [_FIELD],
            "properties": {_FIELD: {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"},
                                    "description": "documents (.txt .md .docx .pdf .html .htm), by content"}}}}},
    }
}
OPENAPI_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "at least one file loaded; each file's result in `results`",
          "content": {"text/html": {"schema": {"type": "string"}}}},
    **{code: {"model": UploadReport, "description": text, "content": {"text/html": {"schema": {"type": "string"}}}}
       for code, text in ((400, "malformed request, or no file loaded and every name was refused"),
                          (403, "uploads are off (`policykg serve --allow-upload`), or a cross-site post"),
                          (413, "the request is too large, or no file loaded and every file was over the cap"),
                          (415, "not multipart/form-data, or no file loaded and every file's type was refused"),
                          (422, "no file was loaded (reasons per file)"))},
}
