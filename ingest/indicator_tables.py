"""Indicator tables → targets: the 主要指标 table of a plan (指标名称 | 单位 | 2022年基期值 | 2025年目标值 | 属性).

A row names an indicator, its unit (a column of its own, or '（%）' after the name) and the value to
reach by the year its column header states. Markdown rows and tab-separated rows are read; each value
keeps the span of its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .indicators import canonical_indicator, fallback_indicator
from .models import Target
from .tables import row_cells
from .text import Line, MappedText, fold

_NAME = re.compile(r"^(?:主要)?指标(?:名称|内容)?$|^(?:指标|名称)$")
_UNIT = re.compile(r"^(?:计量)?单位$")
_YEAR = re.compile(r"(20\d{2})\s*年?")
_GOAL_WORDS = re.compile(r"目标|预期|规划|力争")
_VALUE = re.compile(r"(?P<cmp>[≥≤><]|不低于|不少于|不高于|不超过)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|‰)?\s*(?P<tail>以上|以下|左右)?")
_UNIT_IN_NAME = re.compile(r"[（(](?P<unit>[^（）()]{1,8})[）)]$")
_CMP = {"≥": ">=", "不低于": ">=", "不少于": ">=", "以上": ">=", ">": ">", "≤": "<=", "不高于": "<=", "不超过": "<=",
        "以下": "<=", "<": "<"}


@dataclass(slots=True)
class IndicatorRow:
    target: Target
    offset: int  # where the row starts in the source text


def indicator_rows(lines: list[Line]) -> list[IndicatorRow]:
    """Targets of every indicator table in the document, in order."""
    out: list[IndicatorRow] = []
    columns: _Columns | None = None
    for line in lines:
        cells = row_cells(line)
        if not cells:
            columns = None
            continue
        names = [re.sub(r"\s+", "", fold(c.text)) for c in cells]
        if all(re.fullmatch(r":?-{2,}:?|", n) for n in names):
            continue  # markdown separator
        header = _Columns.of(names)
        if header:
            columns = header
            continue
        if columns:
            row = columns.row(cells, line)
            if row:
                out.append(row)
    return out


@dataclass(slots=True)
class _Columns:
    name: int
    value: int
    year: int
    unit: int | None

    @staticmethod
    def of(names: list[str]) -> _Columns | None:
        name = next((i for i, n in enumerate(names) if _NAME.match(n)), None)
        dated = [(i, int(m.group(1)), bool(_GOAL_WORDS.search(n))) for i, n in enumerate(names)
                 if (m := _YEAR.search(n))]
        if name is None or not dated:
            return None
        value, year, _ = max(dated, key=lambda d: (d[2], d[1]))  # the goal column, else the latest year
        unit = next((i for i, n in enumerate(names) if _UNIT.match(n)), None)
        return _Columns(name, value, year, unit)

    def row(self, cells: list[MappedText], line: Line) -> IndicatorRow | None:
        if max(self.name, self.value, self.unit or 0) >= len(cells):
            return None
        name = re.sub(r"\s+", "", cells[self.name].text)
        cell = cells[self.value]
        m = _VALUE.fullmatch(fold(cell.text).strip())
        if not name or not m:
            return None
        in_name = _UNIT_IN_NAME.search(name)
        unit = m.group("unit") or (cells[self.unit].text.strip() if self.unit is not None else "") or (
            in_name.group("unit") if in_name else "")
        name = name[: in_name.start()] if in_name else name
        value = float(m.group("num"))
        target = Target(
            indicator=canonical_indicator(name, unit) or fallback_indicator(name, unit), indicator_text=name,
            comparator=_CMP.get(m.group("cmp") or m.group("tail") or "", "="),
            value=int(value) if value.is_integer() else value, unit=unit, year=self.year,
            evidence=" | ".join(c.text.strip() for c in cells), span=cell.strip().span())
        return IndicatorRow(target, line.start)
