"""Body segmentation: the numbering hierarchy (一、 / （一） / 1. / （1）) becomes measures with a path,
a title (the heading sentence) and the full text up to the next marker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import GOAL_LABEL, Paragraph, ends_with_note
from .numbering import Marker, NumberingState, parse_marker
from .text import MappedText, fold, join_wrapped

# Framing sections state goals and principles rather than measures; they are kept as kind "goal"
# so their targets still count while the measure list stays what the document asks to be done.
_FRAMING = re.compile(
    r"^(?:明确|确定)?(总体要求|指导思想|基本原则|工作原则|总体目标|主要目标|具体目标|目标要求|改革目标|工作目标|发展目标|"
    r"总体思路|目标任务|工作思路|总体目标和基本原则|指导思想和目标|目标)$"
)
_TITLE_MAX = 60


@dataclass(slots=True)
class Section:
    path: str
    labels: list[str]
    marker: Marker
    heading: MappedText  # the paragraph holding the marker, marker removed
    title: str
    body: list[MappedText] = field(default_factory=list)  # text after the title
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    framing: bool = False
    source: MappedText | None = None  # the whole heading paragraph, marker included

    def full_text(self) -> MappedText:
        return join_paragraphs(self.body)

    def span_text(self) -> MappedText:
        out = MappedText()
        out.extend(self.source or self.heading)
        for b in self.body:
            out.extend(b)
        return out


def join_paragraphs(paragraphs: list[MappedText]) -> MappedText:
    out = MappedText()
    for k, p in enumerate(paragraphs):
        if k:
            out.append("\n", p.origin(0))
        out.extend(p)
    return out


def split_title(text: MappedText) -> tuple[str, MappedText | None]:
    """Heading sentence and the rest: '巩固中等职业教育基础地位。大力推动…' → (title, rest)."""
    f = fold(text.text)
    # A full stop ends the heading; an ASCII '.' only when it is no decimal point ('3.5') and no item
    # number ('。1.实施…', a list run on after the heading).
    m = re.search(r"。|(?<!\d)\.(?!\d)", f)
    if m and 2 <= m.start() <= _TITLE_MAX and not re.search(r"[,;，；]", f[: m.start()]):
        rest = text.slice(m.end()).strip()
        return text.text[: m.start()].strip(), rest if rest.text else None
    if len(f) <= _TITLE_MAX and not re.search(r"[。;]", f):
        return text.text.strip(), None
    # No heading sentence: the first clause stands in as the title, the whole paragraph is text.
    clause = re.split(r"[,，;；。]", text.text, maxsplit=1)[0]
    return clause.strip()[:_TITLE_MAX], text


def segment(paragraphs: list[Paragraph]) -> tuple[list[Section], list[MappedText]]:
    """Sections in document order, and the preamble (paragraphs before the first marker)."""
    sections: list[Section] = []
    preamble: list[MappedText] = []
    state = NumberingState()
    current: Section | None = None
    for p in paragraphs:
        marker = parse_marker(p.folded)
        if marker is None or _is_false_marker(p.folded, marker):
            (current.body if current else preamble).append(p.text)
            continue
        stack = state.push(marker)
        heading = p.text.slice(marker.length).strip()
        title, rest = split_title(heading)
        parent = _parent_for(sections, stack)
        labels = [m.label for m in stack]
        current = Section("/".join(labels), labels, marker, heading, title, [rest] if rest else [], parent,
                          source=p.text)
        current.framing = bool(_FRAMING.match(re.sub(r"\s+", "", title))) or bool(parent and parent.framing)
        if parent:
            parent.children.append(current)
        sections.append(current)
    return _split_noted_paragraphs(sections), preamble


def _split_noted_paragraphs(sections: list[Section]) -> list[Section]:
    """若干措施-style texts: under one heading, several unnumbered paragraphs each closing with its own
    responsibility note ('…。（责任单位：市科技局）'). Each is a measure of its own, a child of the heading."""
    out: list[Section] = []
    for s in sections:
        out.append(s)
        noted = [b for b in s.body if ends_with_note(b.text)]
        if len(noted) < 2:
            continue
        s.body = [b for b in s.body if b not in noted]
        for k, b in enumerate(noted, 1):
            label = f"第{k}段"
            title, rest = split_title(b)
            child = Section(f"{s.path}/{label}", [*s.labels, label], Marker("paragraph", k, label, 0), b, title,
                            [rest] if rest else [], s, framing=s.framing, source=b)
            s.children.append(child)
            out.append(child)
    return out


# Paragraphs that frame a text without numbering rather than state a measure: the salutation
# ('各市、县（区）人民政府，省政府各部门：'), the lead-in ('…提出以下意见。'), contacts, signature and date.
_NOT_A_MEASURE = re.compile(
    r"^[^。]{0,60}[:：]$|(?:如下|以下(?:意见|措施|举措|通知|要求|几点|实施意见))[。:：]?$|印发给你们"
    r"|^(?:联\s*系\s*人|联系电话|电话|传真|电子邮箱|邮箱|地址|回函地址|邮编|稿源|来源|通讯员|记者|附件|抄送|相关文章)\s*[:：]"
    r"|^[\d\s年月日]+$|^[(（]此件[^)）]*[)）]$|^第\s*\d+\s*号$"
)


def paragraph_sections(paragraphs: list[Paragraph]) -> list[Section]:
    """A text without any numbering: each paragraph that states something is a measure of its own,
    numbered by its place ('第3段')."""
    sections: list[Section] = []
    for p in paragraphs:
        f = re.sub(r"\s+", "", p.folded)
        if len(f) < 12 or _NOT_A_MEASURE.search(f) or not re.search(r"[。；;，,！!]", f) or GOAL_LABEL.match(f):
            continue
        label = f"第{len(sections) + 1}段"
        marker = Marker("paragraph", len(sections) + 1, label, 0)
        title, rest = split_title(p.text)
        sections.append(Section(label, [label], marker, p.text, title, [rest] if rest else [], source=p.text))
    return sections


def _parent_for(sections: list[Section], stack: list[Marker]) -> Section | None:
    want = "/".join(m.label for m in stack[:-1])
    for s in reversed(sections):
        if s.path == want:
            return s
    return None


def _is_false_marker(folded: str, marker: Marker) -> bool:
    """'2022年…' or '1+X' never start a measure; a bare number followed by a unit is a quantity."""
    rest = folded[marker.length :]
    return not rest or bool(re.match(r"^[%年月日个家所人万亿元倍次]", rest))


def section_text(section: Section) -> MappedText:
    """Text of a measure: what follows its heading sentence (the heading itself when nothing does)."""
    body = section.full_text()
    return body if body.text.strip() else join_wrapped([section.heading])
