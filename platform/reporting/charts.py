"""Accessible bar charts rendered on the server as SVG.

A chart is a picture of a table that is always printed beside it (the template's job): the SVG has
role="img", a <title> and a <desc> naming what it shows, and every bar carries its label and value as
text, so nothing is told by colour alone. A second series is drawn hatched and named in a text legend.
Hidden (suppressed) figures are drawn as no bar with the text given in `hidden_text`.

Sizing is by viewBox only, so the chart scales with the page. There are no style attributes (the
Content-Security-Policy forbids inline styles): colours are presentation attributes and classes
(`chart`, `chart-bar`, `chart-label`, `chart-value`) the theme may restyle.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_ids = itertools.count(1)

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 110
BAR_HEIGHT = 18
GAP = 8
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float | int | None, ...]  # one per series; None = hidden


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")  # Swedish decimal comma
    return f"{value:,}".replace(",", "\u00a0")  # thin grouping by no-break space


def bar_chart(*, title: str, description: str, bars: Sequence[Bar], series: Sequence[str] = ("",),
              hidden_text: str = "dold", chart_id: str | None = None) -> SafeString:
    """Horizontal bars, one group per row of the table, one bar per series."""
    uid = chart_id or f"chart-{next(_ids)}"
    n_series = max(1, len(series))
    legend_height = 22 if n_series > 1 else 0
    group_height = n_series * BAR_HEIGHT + GAP
    height = TOP + legend_height + max(1, len(bars)) * group_height + GAP
    numbers = [v for bar in bars for v in bar.values if isinstance(v, (int, float))]
    top = max(numbers, default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / top
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{uid}-title {uid}-desc" focusable="false">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="#1f4e79"/></pattern></defs>',
    ]
    fills = ["#1f4e79", f"url(#{uid}-hatch)"]
    if n_series > 1:
        x = LABEL_WIDTH
        for index, name in enumerate(series):
            out.append(f'<rect x="{x}" y="{TOP}" width="14" height="14" fill="{fills[index % 2]}" '
                       f'stroke="#1f4e79" class="chart-legend-key"/>')
            out.append(f'<text x="{x + 20}" y="{TOP + 12}" class="chart-legend" fill="#1a1a1a" '
                       f'font-size="13">{escape(name)}</text>')
            x += 30 + 8 * len(name)
    y = TOP + legend_height
    for bar in bars:
        out.append(f'<g class="chart-row"><text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" '
                   f'class="chart-label" fill="#1a1a1a" font-size="13">{escape(_short(bar.label))}</text>')
        for index in range(n_series):
            value = bar.values[index] if index < len(bar.values) else None
            by = y + index * BAR_HEIGHT
            name = f"{series[index]}: " if n_series > 1 and series[index] else ""
            if isinstance(value, (int, float)):
                width = max(0.0, value * scale)
                out.append(f'<rect x="{LABEL_WIDTH}" y="{by + 2}" width="{width:.1f}" height="{BAR_HEIGHT - 4}" '
                           f'fill="{fills[index % 2]}" stroke="#1f4e79" class="chart-bar chart-series-{index}"/>')
                out.append(f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{by + BAR_HEIGHT - 5}" class="chart-value" '
                           f'fill="#1a1a1a" font-size="12">{escape(name)}{_fmt(value)}</text>')
            else:
                out.append(f'<text x="{LABEL_WIDTH + 6}" y="{by + BAR_HEIGHT - 5}" class="chart-value chart-hidden" '
                           f'fill="#1a1a1a" font-size="12">{escape(name)}{escape(hidden_text)}</text>')
        out.append("</g>")
        y += group_height
    if not bars:
        out.append(f'<text x="{LABEL_WIDTH}" y="{y + BAR_HEIGHT - 4}" fill="#1a1a1a" font-size="13">–</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above went through escape()


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
