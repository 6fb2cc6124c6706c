"""Text with a map back to original offsets, and the character-level rules every stage shares."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .models import Span

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold 1:1 to half-width, so a folded
# copy keeps every offset: regexes run on the folded copy, output keeps the printed characters.
# Every other dot-like separator of numbering ('1﹒' small full stop, '1․' one-dot leader, '1｡') folds to '.'.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x00A0: 0x20} | {
    0xFE52: 0x2E, 0x2024: 0x2E, 0xFF61: 0x2E}


_NEEDS_FOLD = re.compile("[\uff01-\uff5e\u3000\u00a0\ufe52\u2024\uff61]")


def fold(s: str) -> str:
    # translate() walks every character through a dict; most strings need nothing, so look first.
    if not _NEEDS_FOLD.search(s):
        return s
    return _fold_cached(s) if len(s) < 4096 else s.translate(_FOLD)


@lru_cache(maxsize=16384)  # the stages fold the same lines and paragraphs again and again
def _fold_cached(s: str) -> str:
    return s.translate(_FOLD)


_ALNUM = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)}


def fold_alnum(s: str) -> str:
    """Display form: full-width digits and Latin letters made half-width, Chinese punctuation kept
    ('计划（２０２１—２０２５年）' → '计划（2021—2025年）')."""
    return s.translate(_ALNUM)


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def squash(s: str) -> str:
    """Comparison form: folded, no whitespace."""
    return re.sub(r"\s+", "", fold(s))


_CJK = "\u3400-\u9fff\uf900-\ufaff"
_WRAP_GAP = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}0-9])|(?<=[0-9.%])[ \u3000]+(?=[{_CJK}])")


@dataclass(slots=True)
class MappedText:
    """A string built from pieces of an original text; every character maps back to its origin.

    Pieces are stored as (text_start, orig_start, length) runs, so mapping costs a bisect and a
    multi-megabyte line costs one run, not one integer per character.
    """

    text: str = ""
    _runs: list[tuple[int, int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, original: str, start: int, end: int) -> MappedText:
        m = cls()
        m.append(original[start:end], start)
        return m

    def append(self, piece: str, orig_start: int) -> None:
        if piece:
            self._runs.append((len(self.text), orig_start, len(piece)))
            self.text += piece

    def extend(self, other: MappedText) -> None:
        base = len(self.text)
        self._runs.extend((base + t, o, n) for t, o, n in other._runs)
        self.text += other.text

    def origin(self, i: int) -> int:
        """Original offset of character i (clamped to the nearest mapped character)."""
        if not self._runs:
            return 0
        i = max(0, min(i, len(self.text) - 1))
        k = bisect.bisect_right(self._runs, (i, float("inf"), 0)) - 1
        t, o, n = self._runs[max(k, 0)]
        return o + min(i - t, n - 1)

    def span(self, start: int = 0, end: int | None = None) -> Span:
        end = len(self.text) if end is None else end
        if end <= start:
            o = self.origin(start)
            return Span(o, o)
        return Span(self.origin(start), self.origin(end - 1) + 1)

    def slice(self, start: int, end: int | None = None) -> MappedText:
        end = len(self.text) if end is None else end
        out = MappedText()
        for t, o, n in self._runs:
            lo, hi = max(t, start), min(t + n, end)
            if lo < hi:
                out.append(self.text[lo:hi], o + (lo - t))
        return out

    def strip(self, chars: str | None = None) -> MappedText:
        s = self.text
        lead = len(s) - len(s.lstrip(chars))
        trail = len(s.rstrip(chars))
        return self.slice(lead, max(lead, trail))

    def between(self, span: Span) -> str:
        """The text of the characters whose origins lie in span (the inverse of span())."""
        i, j = self._index_of(span.start), self._index_of(span.end - 1)
        return self.text[i : j + 1] if i is not None and j is not None else ""

    def _index_of(self, origin: int) -> int | None:
        return next((t + origin - o for t, o, n in self._runs if o <= origin < o + n), None)

    def without_wrap_gaps(self) -> MappedText:
        """The text without the spaces a PDF wrap left inside a phrase or a number: a run of blanks
        with a CJK character on one side and a CJK character or a digit on the other
        ('突破100亿 元' · '新增学位1.3万 个' · '开 发区'); spaces between Latin words stay."""
        if " " not in self.text:
            return self
        out, pos = MappedText(), 0
        for m in _WRAP_GAP.finditer(self.text):
            out.extend(self.slice(pos, m.start()))
            pos = m.end()
        out.extend(self.slice(pos))
        return out

    def __len__(self) -> int:
        return len(self.text)


def join_wrapped(parts: Iterable[MappedText]) -> MappedText:
    """Join the lines of one paragraph: a wrap between CJK characters leaves no trace; a space is kept
    only between two Latin letters or digits (words of English that were wrapped)."""
    out = MappedText()
    for part in parts:
        p = part.strip()
        if not p.text:
            continue
        if out.text and _wrap_keeps_space(out.text[-1], p.text[0]):
            out.append(" ", p.origin(0))
        out.extend(p)
    return out


def join_lines(lines: Iterable[str]) -> str:
    """join_wrapped for plain strings: the lines of a table cell or of a PDF paragraph."""
    out = ""
    for line in lines:
        line = line.strip()
        if line:
            out += (" " if out and _wrap_keeps_space(out[-1], line[0]) else "") + line
    return out


def _wrap_keeps_space(before: str, after: str) -> bool:
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    start: int  # offset of text[0] in the original

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def mapped(self) -> MappedText:
        m = MappedText()
        m.append(self.text, self.start)
        return m


_NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for m in _NEWLINE.finditer(text):
        lines.append(Line(text[pos : m.start()], pos))
        pos = m.end()
    lines.append(Line(text[pos:], pos))
    return lines
