"""Accessible bar charts rendered on the server as SVG.

A chart is a picture of a table that is always printed beside it (the template's job): the SVG has
role="img", a <title> and a <desc> naming what it shows, and every bar carries its label and value as
text, so nothing is told by colour alone. A second series is drawn hatched, a third dotted, a fourth as an
outline, each named in a text legend (or, with series_beside, beside its bar).
Hidden (suppressed) figures are drawn as no bar with the text given in `hidden_text`.

Sizing is by viewBox only, so the chart scales with the page. There are no style attributes (the
Content-Security-Policy forbids inline styles): colours are presentation attributes and classes
(`chart`, `chart-bar`, `chart-label`, `chart-value`) the theme may restyle.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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


def _fmt(value, decimals: int | None = None) -> str:
    if isinstance(value, float):
        if decimals == 0:  # half up, as the templates' floatformat beside the chart rounds
            return _fmt(int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
        return f"{value:.{1 if decimals is None else decimals}f}".replace(".", ",")  # Swedish decimal comma
    return f"{value:,}".replace(",", "\u00a0")  # thin grouping by no-break space


def _fills(uid: str) -> list[str]:
    """Solid, hatched, dotted, outlined: told apart without colour; the names are in text anyway."""
    return ["#1f4e79", f"url(#{uid}-hatch)", f"url(#{uid}-dots)", "#ffffff"]


def bar_chart(*, title: str, description: str, bars: Sequence[Bar], series: Sequence[str] = ("",),
              hidden_text: str = "dold", chart_id: str | None = None, max_value: float | None = None,
              decimals: int | None = None, series_beside: bool = False, width: int = WIDTH) -> SafeString:
    """Horizontal bars, one group per row of the table, one bar per series.

    max_value fixes the scale (a 0–100 score) instead of the largest value; decimals rounds floats.
    series_beside: each group's label is a heading above its bars and each bar's series name stands
    beside it (no legend), for several series of short names (T0, T1, Kommunen …)."""
    uid = chart_id or f"chart-{next(_ids)}"
    n_series = max(1, len(series))
    beside = series_beside and n_series > 1
    legend_height = 22 if n_series > 1 and not beside else 0
    heading_height = 22 if beside else 0
    label_width = min(LABEL_WIDTH, width // 4 + 10) if beside else LABEL_WIDTH
    value_width = 50 if beside else VALUE_WIDTH
    group_height = heading_height + n_series * BAR_HEIGHT + GAP
    height = TOP + legend_height + max(1, len(bars)) * group_height + GAP
    numbers = [v for bar in bars for v in bar.values if isinstance(v, (int, float))]
    top = max_value or max(numbers, default=0) or 1
    scale = (width - label_width - value_width) / top
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{uid}-title {uid}-desc" focusable="false">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"></rect>'
        f'<rect width="3" height="6" fill="#1f4e79"></rect></pattern>'
        f'<pattern id="{uid}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#ffffff"></rect><circle cx="2.5" cy="2.5" r="1.4" fill="#1f4e79">'
        f'</circle></pattern></defs>',
    ]
    fills = _fills(uid)
    if legend_height:
        x = label_width
        for index, name in enumerate(series):
            out.append(f'<rect x="{x}" y="{TOP}" width="14" height="14" fill="{fills[index % len(fills)]}" '
                       f'stroke="#1f4e79" class="chart-legend-key"></rect>')
            out.append(f'<text x="{x + 20}" y="{TOP + 12}" class="chart-legend" fill="#1a1a1a" '
                       f'font-size="13">{escape(name)}</text>')
            x += 30 + 8 * len(name)
    y = TOP + legend_height
    for bar in bars:
        if beside:
            out.append(f'<g class="chart-row"><text x="0" y="{y + 16}" class="chart-label chart-heading" '
                       f'fill="#1a1a1a" font-size="13" font-weight="bold">{escape(bar.label)}</text>')
        else:
            out.append(f'<g class="chart-row"><text x="{label_width - 8}" y="{y + BAR_HEIGHT - 4}" '
                       f'text-anchor="end" class="chart-label" fill="#1a1a1a" font-size="13">'
                       f'{escape(_short(bar.label))}</text>')
        for index in range(n_series):
            value = bar.values[index] if index < len(bar.values) else None
            by = y + heading_height + index * BAR_HEIGHT
            name = f"{series[index]}: " if n_series > 1 and series[index] and not beside else ""
            if beside:
                out.append(f'<text x="{label_width - 8}" y="{by + BAR_HEIGHT - 5}" text-anchor="end" '
                           f'class="chart-series-name" fill="#1a1a1a" font-size="12">{escape(series[index])}</text>')
            if isinstance(value, (int, float)):
                bar_width = max(0.0, value * scale)
                out.append(f'<rect x="{label_width}" y="{by + 2}" width="{bar_width:.1f}" height="{BAR_HEIGHT - 4}" '
                           f'fill="{fills[index % len(fills)]}" stroke="#1f4e79" '
                           f'class="chart-bar chart-series-{index}"></rect>')
                out.append(f'<text x="{label_width + bar_width + 6:.1f}" y="{by + BAR_HEIGHT - 5}" '
                           f'class="chart-value" fill="#1a1a1a" font-size="12">{escape(name)}'
                           f'{_fmt(value, decimals)}</text>')
            else:
                out.append(f'<text x="{label_width + 6}" y="{by + BAR_HEIGHT - 5}" class="chart-value chart-hidden" '
                           f'fill="#1a1a1a" font-size="12">{escape(name)}{escape(hidden_text)}</text>')
        out.append("</g>")
        y += group_height
    if not bars:
        out.append(f'<text x="{label_width}" y="{y + BAR_HEIGHT - 4}" fill="#1a1a1a" font-size="13">–</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above went through escape()


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
