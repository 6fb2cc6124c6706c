"""Attachments are part of the document: the text after '附件' lines, split off the body.

An attachment that is no grid may still hold the task list as numbered paragraphs, each closed by a
note with its deadline and unit ('（6月底完成，牵头考核单位：市X局）'), under group headings that may carry
score weights ('一、党建工作（25分）'). A roster (名单 / 名册 / 通讯录) lists people and places, not tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import Paragraph
from .numbering import parse_marker
from .segment import Section
from .text import fold

_ATTACHMENT_LINE = re.compile(r"^附件\s*(?P<n>\d*)\s*(?:[:：]\s*(?P<title>.*)|$)")
_ROSTER = re.compile(r"名单|名册|通讯录|联系表|联络员|花名册")
# A score weight after a heading: '（25分）' · '(10 分)'
_SCORE = re.compile(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]\s*$")


@dataclass(slots=True)
class Attachment:
    number: int
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def is_roster(self) -> bool:
        return bool(_ROSTER.search(self.title))


def split_attachments(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Attachment]]:
    """The body, and each attachment with its title: the text after '附件：X' or a bare '附件1'
    line (then the next short line is its title). A list of attachments at the end of the body
    ('附件：1．…清单 2．…名单') only names them."""
    body: list[Paragraph] = []
    attachments: list[Attachment] = []
    for p in paragraphs:
        f = fold(p.text.text).strip()
        m = _ATTACHMENT_LINE.match(f)
        if m and (body or attachments):
            title = (m.group("title") or "").strip()
            attachments.append(Attachment(int(m.group("n") or len(attachments) + 1), title))
            continue
        if attachments:
            current = attachments[-1]
            short = len(f) <= 60 and not re.search(r"[。；;]", f)
            if short and not current.title:
                current.title = f
            elif short and not current.paragraphs and parse_marker(f) and parse_marker(current.title):
                continue  # '附件：1．…清单 ⏎ 2．…名单': the names of the attachments, listed
            else:
                current.paragraphs.append(p)
        else:
            body.append(p)
    return body, attachments


def group_name(title: str) -> str:
    """A group heading without its score weight: '一、党建工作（25分）' → '党建工作'."""
    return _SCORE.sub("", title).strip() or title


def leaf_sections(sections: list[Section]) -> list[Section]:
    """The numbered paragraphs of an attachment that hold a task: sections without children."""
    return [s for s in sections if not s.children]
