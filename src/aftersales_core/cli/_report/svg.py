"""Inline SVG charts for the HTML report: drawn here, no JavaScript, no network.

Each chart is one ``<svg>`` element with a ``<title>`` (read by screen readers), a
``data-chart`` name, and one mark per data point carrying its value in
``data-value`` and a ``<title>`` tooltip, so the numbers can be read (and tested)
from the page itself.

Examples:
    >>> svg = bar_chart("demo", "Two bars", [Bar("a", 1.0, "1"), Bar("b", 3.0, "3")],
    ...                 low=0, high=4)
    >>> svg.count('class="bar"'), 'data-chart="demo"' in svg
    (2, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import NamedTuple

__all__ = ["Bar", "Point", "Series", "bar_chart", "line_chart"]

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 28, 56


class Bar(NamedTuple):
    """One bar: its label, its value (``None``: no data), the text above it, an interval."""

    label: str
    value: float | None
    text: str
    low: float | None = None
    high: float | None = None
    tip: str = ""


class Point(NamedTuple):
    """One point of a line: its x label, its value (``None``: a gap) and a tooltip."""

    label: str
    value: float | None
    tip: str = ""


class Series(NamedTuple):
    """A named line of points, drawn in the CSS class ``css``."""

    name: str
    css: str
    points: Sequence[Point]


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(name: str, title: str, body: list[str]) -> str:
    ident = f"chart-{name}"
    return "\n".join(
        [
            f'<svg class="chart" data-chart="{escape(name)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{ident}">',
            f'<title id="{ident}">{escape(title)}</title>',
            *body,
            "</svg>",
        ]
    )


def _scale(low: float, high: float) -> tuple[float, float]:
    """Pixels per unit and the y of ``low``."""
    span = high - low or 1.0
    return (HEIGHT - TOP - BOTTOM) / span, HEIGHT - BOTTOM


def _axis(low: float, high: float, ticks: int, suffix: str) -> list[str]:
    per, base = _scale(low, high)
    lines = []
    for i in range(ticks + 1):
        value = low + (high - low) * i / ticks
        y = base - (value - low) * per
        lines.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_num(value) + suffix)}</text>"
        )
    return lines


def bar_chart(
    name: str,
    title: str,
    bars: Sequence[Bar],
    *,
    low: float,
    high: float,
    suffix: str = "",
    ticks: int = 4,
) -> str:
    """Vertical bars from zero (or from ``low`` when zero is off the scale), with intervals."""
    per, base = _scale(low, high)
    zero = base - (min(max(0.0, low), high) - low) * per
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(bars))
    body = _axis(low, high, ticks, suffix)
    for i, bar in enumerate(bars):
        x = LEFT + i * slot + slot * 0.2
        width = slot * 0.6
        centre = x + width / 2
        label_y = HEIGHT - BOTTOM + 16
        body.append(
            f'<text class="label" x="{centre:.1f}" y="{label_y}" text-anchor="middle">'
            f"{escape(bar.label)}</text>"
        )
        if bar.value is None:
            continue
        y = base - (bar.value - low) * per
        top, height = min(y, zero), abs(zero - y)
        tip = escape(bar.tip or f"{bar.label}: {bar.text}")
        body.append(
            f'<rect class="bar" data-label="{escape(bar.label)}" data-value="{bar.value!r}" '
            f'x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{max(height, 0.5):.1f}">'
            f"<title>{tip}</title></rect>"
        )
        mark_y = y
        if bar.low is not None and bar.high is not None:
            y1, y2 = base - (bar.low - low) * per, base - (bar.high - low) * per
            mark_y = min(y, y2)
            body.append(
                f'<path class="interval" d="M{centre:.1f},{y1:.1f}V{y2:.1f}'
                f'M{centre - 6:.1f},{y1:.1f}h12M{centre - 6:.1f},{y2:.1f}h12"/>'
            )
        body.append(
            f'<text class="value" x="{centre:.1f}" y="{max(mark_y - 5, 12):.1f}" '
            f'text-anchor="middle">{escape(bar.text)}</text>'
        )
    body.append(
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}"/>'
    )
    return _frame(name, title, body)


def line_chart(
    name: str,
    title: str,
    series: Sequence[Series],
    *,
    low: float = 0.0,
    high: float = 100.0,
    suffix: str = "%",
    every: int = 4,
) -> str:
    """Lines over shared x labels (every ``every``-th label shown), with a legend."""
    per, base = _scale(low, high)
    count = max((len(s.points) for s in series), default=0)
    step = (WIDTH - LEFT - RIGHT) / max(1, count - 1)
    body = _axis(low, high, 4, suffix)
    for i, point in enumerate(series[0].points if series else ()):
        if i % every == 0:
            x = LEFT + i * step
            body.append(
                f'<text class="label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle">{escape(point.label)}</text>'
            )
    for n, line in enumerate(series):
        path, marks, pen_up = [], [], True
        for i, point in enumerate(line.points):
            if point.value is None:
                pen_up = True  # no data that week: a gap, not a line through it
                continue
            x, y = LEFT + i * step, base - (point.value - low) * per
            path.append(f"{'M' if pen_up else 'L'}{x:.1f},{y:.1f}")
            pen_up = False
            marks.append(
                f'<circle class="point {line.css}" data-series="{escape(line.name)}" '
                f'data-label="{escape(point.label)}" data-value="{point.value!r}" '
                f'cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(point.tip)}</title></circle>'
            )
        if path:
            body.append(f'<path class="line {line.css}" d="{"".join(path)}"/>')
        body.extend(marks)
        legend_x = LEFT + 8 + n * 180
        body.append(
            f'<rect class="swatch {line.css}" x="{legend_x}" y="{HEIGHT - 18}" width="14" height="4"/>'
            f'<text class="legend" x="{legend_x + 20}" y="{HEIGHT - 13}">{escape(line.name)}</text>'
        )
    return _frame(name, title, body)
