"""Clean: drop layout leftovers, join PDF line wraps into paragraphs, and set aside non-policy text.

Every paragraph stays a MappedText, so whatever is extracted from it maps back to the original file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .models import NoiseBlock
from .numbering import NumberingState, parse_marker
from .text import Line, MappedText, fold, join_wrapped

# A line holding only a page number: "- 11 -", "— 12 —", "第 3 页", "3/12".
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
# Word export leftovers: "[bookmark: _Toc57970922]"
_WORD_TAG = re.compile(r"\[(?:bookmark|BOOKMARK|_Toc|_GoBack)[^\]\n]{0,80}\]")
_TERMINAL = "。！？；：!?;:"
_CLOSERS = "”’）)」』】"
# Newspaper layout: continuation markers and photo credits belong to other articles.
_CONTINUATION = re.compile(r"[(（]\s*(?:上接|下转|接|转)\s*第?\s*[0-9一二三四五六七八九十]+\s*版\s*[)）]")
_BRACKETED = r"(?:[^()（）]|[(（][^()（）]*[)）])*"  # one level of nesting: 各县（市、区）人民政府
# The labels of a responsibility note: 牵头单位 · 责任部门 · 牵头考核单位 · 配合单位 · 协办单位 · 责任人 …
# (shared with departments.py, which reads the roles from them).
RESPONSIBILITY_LABEL = (r"(?:(?:牵头|责任|配合|参与|协办|主办|协同|承办|考核|主责|实施|落实|督办|主管|具体|联系)"
                        r"{1,3}(?:单位|部门)|(?:牵头|主要|具体)?责任人)")
_ENDING_NOTE = re.compile(
    rf"[(（]{_BRACKETED}(?:牵头|负责|配合|{RESPONSIBILITY_LABEL}|完成|长期坚持|持续推进|[(（]牵头[)）]){_BRACKETED}[)）]$")
# The lead of a news item: "本报讯（记者 李明）…", "新华社北京3月5日电…", "据人民网报道，…"
_NEWS_LEAD = re.compile(r"^(?:本报讯|本报[\u4e00-\u9fff]{1,8}(?:讯|电)|新华社[\u4e00-\u9fff\d]{0,12}电|据[\u4e00-\u9fff]{2,8}(?:报道|消息))")
# A responsibility line of its own ("责任单位：省卫生健康委、省财政厅") closes the item above it.
_KEYED_RESPONSIBILITY = re.compile(rf"^{RESPONSIBILITY_LABEL}\s*[:：]")
# Lines that stand alone: a signing date, '（此件公开发布）'; and labels that open a paragraph.
_CLOSED_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[(（]此件[^()（）]{0,12}[)）]")
# Shared with pipeline.py: a labelled goal paragraph, and the clause that closes a document.
GOAL_LABEL = re.compile(r"^(主要目标|工作目标|总体目标|目标任务|发展目标|具体目标|目标)\s*[:：]")
CLOSING_CLAUSE = re.compile(r"^本(?:方案|办法|通知|意见|细则|规定|措施|计划)自.{0,12}(?:施行|实施|执行)")
_LABELLED_START = re.compile(rf"{GOAL_LABEL.pattern}|^本(?:方案|办法|通知|意见|细则|规定|措施|计划)自")
_PHOTO_CREDIT = re.compile(r"^(?:(?:通讯员|记者|摄影|本报记者)\s*[\u4e00-\u9fff、\s]{2,20}摄|[\u4e00-\u9fff]{2,4}\s*摄)$")


@dataclass(slots=True)
class Paragraph:
    text: MappedText
    first_line: int  # index of the first source line (for zone boundaries)

    @property
    def folded(self) -> str:
        return fold(self.text.text)


# Web page chrome around a document copied from a site: breadcrumbs, page info, print/close links, footer.
_WEB_CHROME = re.compile(
    r"^\s*(?:首页\s*[>＞»]|当前位置|您的位置|发布时间\s*[:：]|【(?:打印本页|关闭窗口|字号)|"
    r"主办\s*[:：].{0,40}(?:承办|ICP)|.{0,60}ICP备\d|版权所有|网站标识码|分享到)")
# A page footer that a converter left inside a sentence ('…一 — 1 — 般公共预算…'), between spaces.
_INLINE_PAGE_NUMBER = r"(?<=\s)[-—–－]{1,2}\s*\d{1,4}\s*[-—–－]{1,2}(?=\s)"
# Dropped from a line (the mapping keeps every offset true): Word tags, HTML space entities, inline footers.
_DROPPED = re.compile(rf"{_WORD_TAG.pattern}|&(?:nbsp|ensp|emsp|thinsp);|{_INLINE_PAGE_NUMBER}")

# A line this long is a whole text (or a large part) that lost its line breaks on conversion.
_RUN_ON = 600
# Inside such a line, a numbering marker after a sentence end or a gap opens a paragraph.
_RUN_ON_MARKER = re.compile(
    r"(?<=[\s。！？；!?;])\s*(?=(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|第[一二三四五六七八九十百]{1,4}[章节条部分]|\d{1,2}[.．﹒、](?!\d)|[（(]\d{1,2}[）)]|[\u2460-\u2473]))")
# A short numbered heading followed by a gap: '一、2023年工作回顾 2023 年是…' (the gap was its line break).
_RUN_ON_HEADING = re.compile(r"^\s*\S{1,6}[^。，,；;：:\s]{1,28}(?=\s+\S)")
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")


def is_web_chrome(text: str) -> bool:
    return bool(_WEB_CHROME.match(fold(text)))


def clean_line(line: Line) -> MappedText:
    """A source line without Word tags or HTML space entities; page-number and web-chrome lines
    become empty."""
    if _PAGE_NUMBER.match(fold(line.text)) or is_web_chrome(line.text):
        return MappedText()
    text = line.text
    out, pos = MappedText(), 0
    for m in _DROPPED.finditer(text):
        out.append(text[pos : m.start()], line.start + pos)
        pos = m.end()
    out.append(text[pos:], line.start + pos)
    return out.strip()


def split_run_on(lines: list[Line]) -> list[Line]:
    """Give back the breaks a converter removed: a very long line is cut before each numbering marker
    that follows a sentence end or a gap, after a short heading that opens a piece, and after every
    sentence, so that paragraphs, headings and measures can be found as in any other text."""
    out: list[Line] = []
    for line in lines:
        if len(line.text) < _RUN_ON:
            out.append(line)
            continue
        cuts = {0, len(line.text)}
        cuts.update(m.start() for m in _RUN_ON_MARKER.finditer(line.text))
        cuts.update(m.end() for m in _SENTENCE_END.finditer(line.text))
        for a in sorted(cuts):
            head = line.text[a : a + 48]  # a heading is short: never slice the rest of the line
            if parse_marker(fold(head.lstrip())):
                h = _RUN_ON_HEADING.match(head)
                if h:
                    cuts.add(a + h.end())
        bounds = sorted(cuts)
        for a, b in itertools.pairwise(bounds):
            piece = line.text[a:b]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                out.append(Line(piece[lead:].rstrip(), line.start + a + lead))
    return out


def ends_with_note(text: str) -> bool:
    """Does a paragraph close with a responsibility note ('…。（牵头单位：市教育局）')?"""
    return bool(_ENDING_NOTE.search(fold(text).rstrip()))


def _ends_paragraph(prev: str, nxt: str) -> bool:
    """Is the line break between two non-empty cleaned lines a paragraph break?"""
    p, n = fold(prev).rstrip(), fold(nxt).lstrip()
    if parse_marker(n) or _is_structural(n) or _is_structural(p):
        return True
    if _CONTINUATION.match(n) or _CONTINUATION.fullmatch(p) or _PHOTO_CREDIT.match(n) or _PHOTO_CREDIT.match(p):
        return True
    tail = p.rstrip(_CLOSERS)
    if tail and tail[-1] in _TERMINAL:
        return True
    if _ENDING_NOTE.search(p) or _KEYED_RESPONSIBILITY.match(p):  # a responsibility note closes its measure
        return True
    if _NEWS_LEAD.match(n) or _LABELLED_START.match(n) or _CLOSED_LINE.fullmatch(p):
        return True
    # A numbered heading on a line of its own ("（一）指导思想") ends where the line ends.
    marker = parse_marker(p)
    return bool(marker) and len(p) - marker.length <= 30 and not re.search(r"[。,;]", p)


def _is_structural(folded: str) -> bool:
    return bool(re.match(r"^(附件|附表|抄送|——|--)", folded))


def build_paragraphs(lines: list[Line], start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Join wrapped lines into paragraphs. Blank lines are not trusted as breaks: PDF text puts them
    between wrapped lines and inside sentences at page breaks; punctuation and numbering decide."""
    end = len(lines) if end is None else end
    paragraphs: list[Paragraph] = []
    parts: list[MappedText] = []
    first = start
    for i in range(start, end):
        cleaned = clean_line(lines[i])
        if not cleaned.text:
            continue
        if parts and _ends_paragraph(parts[-1].text, cleaned.text):
            paragraphs.append(Paragraph(join_wrapped(parts), first))
            parts = []
        if not parts:
            first = i
        parts.append(cleaned)
    if parts:
        paragraphs.append(Paragraph(join_wrapped(parts), first))
    return paragraphs


def separate_noise(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[NoiseBlock]]:
    """Set aside text interleaved from other articles (newspaper pages).

    An interruption starts at a continuation marker ("(上接第1版)"), a news lead ("本报讯"), a photo credit
    (with its caption just before it) or a headline introducing one; it lasts until the policy's own numbering resumes
    with a plausible next number. Numbered text is never dropped on a guess.
    """
    kept: list[Paragraph] = []
    noise: list[NoiseBlock] = []
    state = NumberingState()
    in_noise = False

    def drop(p: Paragraph, reason: str) -> None:
        noise.append(NoiseBlock(p.text.text, p.text.span(), reason))

    for i, p in enumerate(paragraphs):
        f = p.folded
        marker = parse_marker(f)
        if in_noise and marker and state.continues(marker) and not _CONTINUATION.search(f):
            in_noise = False
        if not in_noise and _starts_interruption(paragraphs, i):
            in_noise = True
            if _PHOTO_CREDIT.match(f) and kept and not parse_marker(kept[-1].folded):
                drop(kept.pop(), "photo caption")
        if in_noise:
            drop(p, "interleaved article")
            continue
        if marker:
            state.push(marker)
        kept.append(p)
    return kept, noise


def _starts_interruption(paragraphs: list[Paragraph], i: int) -> bool:
    f = paragraphs[i].folded
    if _CONTINUATION.search(f[:40]) or _PHOTO_CREDIT.match(f) or _NEWS_LEAD.match(f):
        return True
    # A headline: a short unpunctuated line directly followed by a continuation marker.
    nxt = paragraphs[i + 1].folded if i + 1 < len(paragraphs) else ""
    return len(f) <= 30 and f[-1:] not in _TERMINAL and bool(_CONTINUATION.match(nxt))
