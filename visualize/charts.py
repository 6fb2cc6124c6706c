"""Server-side SVG charts: plain markup drawn here, no script and no external request. Every piece of
document text (labels, notes) is escaped before it goes into the markup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW = 26  # px per bar
TOP = 8
LABEL_W = 150
TEXT_W = 150


@dataclass(frozen=True)
class Bar:
    label: str  # drawn left of the bar (a region)
    value: float  # the bar's length
    note: str = ""  # the <title> tooltip (the evidence)
    text: str = ""  # drawn right of the bar; the value and unit when empty


def number(value: object) -> float | None:
    """A target value as a number for drawing: numbers as they are, anything else (1:1, text) None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.rstrip("%％"))
        except ValueError:
            return None
    return None


def _fmt(v: float) -> str:
    return f"{v:g}"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart(rows: Iterable[Bar | Sequence], unit: str = "", width: int = 640, title: str = "") -> Markup:
    """A horizontal bar chart: one bar per row, labelled on the left, its value (or `text`) on the right,
    the note as the bar's tooltip. Rows are Bar or (label, value, note[, text]) tuples; rows whose value
    is not a number are left out. Empty when nothing can be drawn."""
    bars: list[Bar] = []
    for r in rows:
        b = r if isinstance(r, Bar) else Bar(*r)
        v = number(b.value)
        if v is not None:
            bars.append(Bar(b.label, v, b.note, b.text))
    if not bars:
        return Markup("")
    lo = min(0.0, *(b.value for b in bars))
    hi = max(0.0, *(b.value for b in bars))
    span = (hi - lo) or 1.0
    label_w = min(LABEL_W, 16 + 13 * max(len(_clip(b.label, 12)) for b in bars))  # CJK glyphs ~13 px at 12 px
    plot = max(80, width - label_w - TEXT_W)
    zero = label_w + (0 - lo) / span * plot
    height = TOP * 2 + ROW * len(bars)
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for k, b in enumerate(bars):
        y = TOP + k * ROW
        x0 = label_w + (min(b.value, 0) - lo) / span * plot
        w = max(1.0, abs(b.value) / span * plot)
        text = b.text or f"{_fmt(b.value)}{unit}"
        note = b.note or f"{b.label} {text}"
        parts.append(
            f'<g class="row"><text x="{label_w - 6}" y="{y + ROW / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(_clip(b.label, 12))}</text>"
            f'<rect class="bar" x="{x0:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}" rx="2">'
            f"<title>{escape(note)}</title></rect>"
            f'<text class="value" x="{x0 + w + 6:.1f}" y="{y + ROW / 2 + 4:.1f}">{escape(_clip(text, 24))}</text></g>')
    parts.append(f'<line x1="{zero:.1f}" y1="{TOP}" x2="{zero:.1f}" y2="{height - TOP}" stroke="#9aa5b1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
