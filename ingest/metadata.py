"""Document metadata: issuer, number, title, date, cited numbers, and the issuing region.

The region comes from the issuer or the title; a bare attachment without a header is placed by the
places it names and by the level of the units it assigns (市教育局 and 各县（市、区） = a prefecture).
"""

from __future__ import annotations

import re

from .clean import is_web_chrome
from .models import DocumentMeta
from .numbering import parse_marker
from .place import place_of
from .text import Line, fold, fold_alnum, squash

_DOC_NUMBER = re.compile(r"(?P<org>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［【(（]\s*(?P<y>\d{4})\s*[〕\]］】)）]\s*(?P<n>\d{1,4})\s*号")
# A date on its own line, bracketed or not ('（2022年9月15日）' under a party-and-government 意见's number)
_DATE_LINE = re.compile(r"^\(?(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?P<print>印发|发布|印)?\)?$")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_CN_DATE_LINE = re.compile(r"^[（(]?(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日[)）]?$")
_ORG_END = re.compile(r"(人民政府|办公室|办公厅|委员会|政府|局|厅|委|部)$")
_TITLE_IN_NOTICE = re.compile(r"(?:关于印发|印发了|联合印发|转发)\s*《(?P<t>[^》]{4,80})》")


def extract_metadata(lines: list[Line], preamble: str, body_text: str) -> DocumentMeta:
    page = [line for line in lines[:60] if line.text.strip() and not is_web_chrome(line.text)]
    head = [squash(_join_issuers(line.text)) for line in page]
    meta = DocumentMeta()
    meta.doc_number = _doc_number(head)
    meta.issuer = _issuer(head, preamble)
    meta.issued_date = _issued_date([squash(line.text) for line in lines if line.text.strip()])
    # The title keeps its printed characters (full-width brackets), only layout spaces go.
    title = _title([re.sub(r"\s+", "", line.text) for line in page], preamble)
    meta.title = fold_alnum(title) if title else None
    meta.cites = _cites(preamble, meta.doc_number)
    place = place_of(meta.issuer, meta.title, body_text)
    if place:
        meta.region, meta.region_level, meta.province = place.name, place.level, place.province  # type: ignore[assignment]
        meta.parent_region = place.parent if place.level == "county" else None
    return meta


def normalise_doc_number(m: re.Match[str]) -> str:
    # A red header line run into the number ("…人民政府文件樟府发〔2020〕13号") is not its prefix.
    org = re.split(r"文件|印发|通知|意见|方案", m.group("org"))[-1]
    return f"{org}〔{m.group('y')}〕{m.group('n')}号"


def _doc_number(head: list[str]) -> str | None:
    for line in head[:15]:
        m = _DOC_NUMBER.fullmatch(line)
        if m:
            return normalise_doc_number(m)
    return None


_JOINT_ISSUER_GAP = re.compile(
    r"(?<=委|府|厅|局|室|会)[ \t\u3000]+(?=[\u4e00-\u9fff]{2,20}(?:委|政府|厅|局|办公室|办公厅|委员会)(?:[ \t\u3000]|$))")


def _join_issuers(line: str) -> str:
    """'中共江西省委　江西省人民政府': two issuers set apart by a space, written as the corpus joins them."""
    return _JOINT_ISSUER_GAP.sub("、", line.strip())


def _issuer(head: list[str], preamble: str) -> str | None:
    for line in head[:5]:
        m = re.fullmatch(r"(?P<org>.{4,30}?)文件", line)
        if m:
            return m.group("org")
    for i, line in enumerate(head[:-1]):
        if _ORG_END.search(line) and len(line) <= 30 and any(_is_date(x) for x in head[i + 1 : i + 3]):
            return line
    m = re.search(r"(?:^|[,，。])(?:近日|日前|近期)?[,，]?(?P<org>[^,，。《]{4,60}?)(?:联合)?印发了《", fold(preamble))
    if m:
        return m.group("org").strip()
    for line in head[:12]:
        m = re.match(r"(?P<org>.{4,30}?)关于印发", line)
        if m and _ORG_END.search(m.group("org")):
            return m.group("org")
    for i, line in enumerate(head[:-1]):
        if _ORG_END.search(line) and len(line) <= 20 and head[i + 1].startswith("关于"):
            return line
    return None


def _is_date(line: str) -> bool:
    return bool(_DATE_LINE.match(fold(line)) or _CN_DATE_LINE.match(line))


def _issued_date(lines: list[str]) -> str | None:
    signed = printed = None
    for line in lines:
        f = fold(line)
        m = _DATE_LINE.match(f)
        if not m:
            cm = _CN_DATE_LINE.match(line)
            if cm:
                y = "".join(_CN_DIGITS.get(c, c) for c in cm.group("y"))
                from .numbering import cn_to_int

                iso = f"{y}-{cn_to_int(cm.group('m')):02d}-{cn_to_int(cm.group('d')):02d}"
                signed = signed or iso
            continue
        iso = f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
        if m.group("print"):
            printed = printed or iso
        else:
            signed = signed or iso
    return signed or printed


def _title(head: list[str], preamble: str) -> str | None:
    joined = "".join(head[:15])
    m = re.search(r"关于印发《?(?P<t>[^《》]{4,80}?)》?的通知", joined)
    if m:
        return m.group("t")
    for text in (*head[:15], preamble[:600]):
        m = _TITLE_IN_NOTICE.search(text)
        if m:
            return re.sub(r"\s+", "", m.group("t"))
    for i, line in enumerate(head[:15]):  # a notice's own title: '关于加快推进…建设的通知', maybe wrapped once
        f = fold(line)
        for cand in (f, f + fold(head[i + 1]) if i + 1 < len(head) else f):
            if re.fullmatch(r"关于.{4,80}(?:的(?:通知|意见|决定|通报|批复|函)|方案|办法|规定|细则|规划|计划)", cand):
                return line if cand == f else line + head[i + 1]
    for line in head:
        f = fold(line)
        if len(f) < 4 or len(f) > 60 or f[-1] in "。;:,，" or f.startswith("附件") or f.endswith("文件"):
            continue
        if _DOC_NUMBER.fullmatch(f) or _is_date(f) or re.match(r"^[(（]", f) or parse_marker(f):
            continue  # a numbered heading ('一、2023年工作回顾') is no document's title
        if _ORG_END.search(f) and len(f) <= 20:  # the issuer's name above the title
            continue
        return line
    return None


def _cites(preamble: str, own: str | None) -> list[str]:
    out: list[str] = []
    for m in _DOC_NUMBER.finditer(squash(preamble)):
        number = normalise_doc_number(m)
        if number != own and number not in out:
            out.append(number)
    return out


def infer_doc_year(issued_date: str | None, text: str) -> int | None:
    if issued_date:
        return int(issued_date[:4])
    years = [int(m.group(1)) for m in re.finditer(r"(?<![到至前])((?:19|20)\d{2})(?=\s*年|[\u4e00-\u9fff])", fold(text))]
    return max(years) if years else None
