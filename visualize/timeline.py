"""A deadline timeline drawn on the server as inline SVG: one stacked bar per period (year, then 持续推进
and 无期限), the overdue part in red. No script, no font or file fetched: it renders offline and under
the pages' Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

OVERDUE = "#b42318"
OPEN = "#3b82f6"
UNDATED = "#9aa5b1"


@dataclass(frozen=True)
class PeriodBar:
    label: str  # "2021", "持续推进", …
    total: int
    overdue: int = 0
    dated: bool = True  # False: ongoing / no deadline (drawn grey)


def timeline_svg(bars: Sequence[PeriodBar], overdue_label: str = "已逾期", open_label: str = "未到期",
                 undated_label: str = "持续推进 / 无期限", title: str = "期限分布") -> Markup:
    """The chart as safe markup (every label escaped); an empty string when there is nothing to draw."""
    if not bars:
        return Markup("")
    bar_w, gap, left, top, plot_h, bottom = 56, 28, 36, 30, 160, 44
    width = left + len(bars) * (bar_w + gap) + gap
    width = max(width, 360)
    height = top + plot_h + bottom
    peak = max(b.total for b in bars) or 1
    scale = plot_h / peak
    base = top + plot_h
    parts = [f'<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{left}" y1="{base}" x2="{width - 8}" y2="{base}" stroke="#7b8794"/>']
    for i, b in enumerate(bars):
        x = left + gap + i * (bar_w + gap)
        late = min(b.overdue, b.total)
        rest = b.total - late
        h_rest, h_late = rest * scale, late * scale
        y = base
        tip = f"{b.label}: {b.total}" + (f"（{overdue_label} {late}）" if late else "")
        parts.append(f'<g class="period" data-period="{escape(b.label)}"><title>{escape(tip)}</title>')
        if late:
            y -= h_late
            parts.append(f'<rect class="overdue-bar" x="{x}" y="{y:.1f}" width="{bar_w}" height="{h_late:.1f}" '
                         f'fill="{OVERDUE}"/>')
        if rest:
            y -= h_rest
            parts.append(f'<rect class="open-bar" x="{x}" y="{y:.1f}" width="{bar_w}" height="{h_rest:.1f}" '
                         f'fill="{OPEN if b.dated else UNDATED}"/>')
        parts.append(f'<text x="{x + bar_w / 2}" y="{y - 5:.1f}" text-anchor="middle">{b.total}</text>')
        parts.append(f'<text x="{x + bar_w / 2}" y="{base + 18}" text-anchor="middle">{escape(b.label)}</text>')
        parts.append("</g>")
    # legend
    lx, ly = left, height - 12
    for colour, text in ((OVERDUE, overdue_label), (OPEN, open_label), (UNDATED, undated_label)):
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{lx + 16}" y="{ly}">{escape(text)}</text>')
        lx += 16 + 14 * len(text) + 18
    parts.append("</svg>")
    return Markup("".join(parts))
