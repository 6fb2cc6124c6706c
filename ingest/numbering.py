"""The numbering schemes of Chinese official documents: 一、 / （一） / 1. 1． 1、 / （1） / ① / 第一条."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

_CN = "零〇一二三四五六七八九十百两"
# Patterns run on width-folded text (see text.fold): （ -> (, ． -> ., ： -> :
_SCHEMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(rf"^第(?P<n>[{_CN}]+|\d+)(?P<unit>[章节条])\s*")),
    ("chapter", re.compile(rf"^(?P<n>[{_CN}]+)\s*[、.]\s*")),
    ("paren_cn", re.compile(rf"^\((?P<n>[{_CN}]+)\)\s*")),
    ("arabic", re.compile(r"^(?P<n>\d{1,3})\s*(?:[.、](?!\d)|\.(?=\s))\s*")),
    ("paren_num", re.compile(r"^\((?P<n>\d{1,3})\)\s*")),
    ("num_paren", re.compile(r"^(?P<n>\d{1,2})\)\s*")),
    ("circled", re.compile(r"^(?P<n>[\u2460-\u2473])\s*")),
)


@dataclass(frozen=True, slots=True)
class Marker:
    scheme: str  # chapter | paren_cn | arabic | paren_num | circled | article:条 ...
    number: int
    label: str  # printed label, as used in paths: 二 / （一） / 1
    length: int  # characters the marker occupies, including following spaces


@lru_cache(maxsize=4096)  # a handful of numerals recur thousands of times; cn2an is slow per call
def cn_to_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    try:
        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError):
        return None


def parse_marker(folded: str) -> Marker | None:
    """The numbering marker at the start of a (width-folded) paragraph, if any."""
    for scheme, rx in _SCHEMES:
        m = rx.match(folded)
        if not m:
            continue
        raw = m.group("n")
        if scheme == "circled":
            return Marker(scheme, ord(raw) - 0x2460 + 1, raw, m.end())
        n = cn_to_int(raw)
        if n is None or n == 0:
            return None
        if scheme == "article":
            return Marker(f"article:{m.group('unit')}", n, f"第{raw}{m.group('unit')}", m.end())
        if scheme == "chapter" and len(folded) > m.end() and folded[m.end() - 1] == "." \
                and folded[m.end()].isdigit():
            return None
        label = {"paren_cn": f"（{raw}）", "paren_num": f"（{raw}）", "num_paren": f"{raw}）"}.get(scheme, raw)
        return Marker(scheme, n, label, m.end())
    return None


class NumberingState:
    """Tracks open numbering levels so a marker can be judged a plausible continuation.

    Levels open in the order their schemes are first met (chapter, then （一）, then 1. ...), as
    official documents do; a scheme seen again closes every deeper level.
    """

    def __init__(self) -> None:
        self.stack: list[Marker] = []
        self.last: dict[str, int] = {}  # numbering of 1. 2. 3. may run on across sections

    def push(self, marker: Marker) -> list[Marker]:
        self.last[marker.scheme] = marker.number
        for i, open_marker in enumerate(self.stack):
            if open_marker.scheme == marker.scheme:
                del self.stack[i:]
                break
        self.stack.append(marker)
        return list(self.stack)

    def continues(self, marker: Marker) -> bool:
        """True when the marker is the next sibling of an open level, or the first child of the
        deepest one: what a policy text resuming after an interruption would print."""
        for open_marker in self.stack:
            if open_marker.scheme == marker.scheme:
                return marker.number == open_marker.number + 1
        return marker.number in (1, self.last.get(marker.scheme, 0) + 1)
