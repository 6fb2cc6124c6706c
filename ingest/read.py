"""Decode a policy file: detect its encoding (never guess silently) and reject what is not text."""

from __future__ import annotations

import codecs
import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

# BOMs are decisive: checked before any statistical detection.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ReadError(ValueError):
    """A file that cannot become a policy document; the message names the reason."""


@dataclass(frozen=True, slots=True)
class SourceText:
    name: str
    text: str  # decoded (or extracted from Word/PDF/HTML), otherwise untouched: spans point into this string
    encoding: str  # the text encoding, or the format the text was extracted from (docx, pdf, html)
    sha256: str  # of the original file's bytes
    pages: tuple[int, ...] = ()  # PDF: the offset in text where each page starts
    title_hint: str | None = None  # a web page's own <title>/meta title
    date_hint: str | None = None  # a web page's own publish date, YYYY-MM-DD

    def page_at(self, offset: int) -> int | None:
        """1-based page of a character offset; None when the source has no pages."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, offset))


# File kinds told by their first bytes (a suffix can lie) that are not read: each gets a line saying what to do.
_NOT_READ = {
    "doc": "Word 97 (.doc) or another OLE file is not read: save it as .docx in Word or WPS, or run "
           "'libreoffice --headless --convert-to docx FILE'",
    "ofd": "OFD is not read: export it as PDF from an OFD reader (数科OFD, 福昕OFD), then add the PDF",
    "zip": "a zip archive, not a document: unpack it and add the documents inside",
}
# What a corpus folder may hold; any other file is reported, never silently skipped.
DOCUMENT_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".doc", ".ofd", ".html", ".htm"}


def sniff(data: bytes, suffix: str = "") -> str:
    """docx | pdf | doc | ofd | zip | html | text, by content first, the suffix only for text formats."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if "word/document.xml" in names:
            return "docx"
        if any(n.lower() == "ofd.xml" for n in names):
            return "ofd"
        if not names and suffix.lower() in (".docx", ".ofd"):  # a package cut short: say what it was meant to be
            return suffix.lower()[1:]
        return "zip"
    head = data[:512].lstrip().lower()
    if suffix.lower() in (".html", ".htm") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _zip_names(data: bytes) -> set[str]:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return set(z.namelist())
    except zipfile.BadZipFile:
        return set()


def read_source(path: Path) -> SourceText:
    return read_bytes(path.name, path.read_bytes())


def read_bytes(name: str, data: bytes) -> SourceText:
    """One reader per kind of content; `name` is only a label (and tells .html from .txt)."""
    kind = sniff(data, Path(name).suffix)
    digest = hashlib.sha256(data).hexdigest()
    if kind == "docx":
        from .docx_text import docx_text

        try:
            text = docx_text(data)
        except Exception as exc:  # python-docx raises many kinds on a damaged package; all mean the same
            raise ReadError(f"damaged Word file ({type(exc).__name__}: {exc})") from exc
        text = _check_text(text, "docx")
        return SourceText(name=name, text=text, encoding="docx", sha256=digest)
    if kind == "pdf":
        from .pdf_text import pdf_text

        pdf = pdf_text(data)
        return SourceText(name=name, text=_check_text(pdf.text, "pdf"), encoding="pdf", sha256=digest,
                          pages=pdf.pages)
    if kind == "html":
        from .html_text import html_text

        page = html_text(data)
        return SourceText(name=name, text=_check_text(page.text, "html"), encoding="html", sha256=digest,
                          title_hint=page.title, date_hint=page.published)
    if kind == "text":
        text, encoding = decode_bytes(data)
        return SourceText(name=name, text=text, encoding=encoding, sha256=digest)
    raise ReadError(_NOT_READ[kind])


def decode_bytes(data: bytes) -> tuple[str, str]:
    if not data:
        raise ReadError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _check_text(data.decode(enc), enc), enc
    utf16 = _bomless_utf16(data)
    if utf16:
        return _check_text(data.decode(utf16), utf16), utf16
    if b"\x00" in data[:4096]:
        raise ReadError("binary file (NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("gb18030",):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_cjk_text(text):
            return _check_text(text, enc), enc
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ReadError("binary file or unknown encoding, not text")
    return _check_text(data.decode(best.encoding, errors="strict"), best.encoding), best.encoding


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: NULs sit on one byte parity only (ASCII, newlines), and the whole file
    decodes to mostly CJK or printable text. Binary data fails one of the two."""
    head = data[:4000]
    if len(head) < 4 or len(data) % 2 or b"\x00" not in head:
        return None
    even_nul, odd_nul = head[0::2].count(0), head[1::2].count(0)
    candidates = ["utf-16-le"] if odd_nul > even_nul else ["utf-16-be"]
    if min(even_nul, odd_nul) * 3 > max(even_nul, odd_nul):
        return None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:4000]
        printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
        if printable >= 0.95 * len(sample) and ("\n" in sample or _looks_like_cjk_text(sample)):
            return enc
    return None


def _looks_like_cjk_text(text: str) -> bool:
    sample = text[:20_000]
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    return cjk >= max(1, len(sample.strip()) // 5)


def _check_text(text: str, encoding: str) -> str:
    if not text.strip():
        raise ReadError("blank file (only whitespace)")
    sample = text[:20_000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > len(sample) * 0.01 + 2:
        raise ReadError(f"binary content (control characters) when decoded as {encoding}")
    if "\ufffd" in sample and sample.count("\ufffd") > len(sample) * 0.01:
        raise ReadError(f"undecodable bytes when read as {encoding}")
    return text
