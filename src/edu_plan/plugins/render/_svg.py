"""The HTML report's charts, drawn as inline SVG by our own code: no script, font or server.

Every label goes through :func:`html.escape`; widths of text are estimated from
terminal columns (a Chinese character counts twice, about one em), which is close
enough to lay out labels without measuring fonts.
"""

from __future__ import annotations

import html
from decimal import ROUND_HALF_UP, Decimal

from wcwidth import wcswidth

from edu_plan.plugins.render._safety import visible_controls
from edu_plan.views import BarChart, Chart, HeatMap, Light, LightGrid, ProgressBars, cell_text

__all__ = ["COLOURS", "chart_svg"]

COLOURS = {
    Light.GREEN: "#2e7d32",
    Light.YELLOW: "#f2a900",
    Light.ORANGE: "#e8590c",
    Light.RED: "#c62828",
    Light.GREY: "#9e9e9e",
}
"""Traffic-light colours; yellow is darkened so it prints visibly on white paper."""

_HEAT = {0: "#f3f4f6", 1: "#9ecae1", 2: "#2166ac"}
_FONT = 12


def _e(text: str) -> str:
    return html.escape(visible_controls(text), quote=True)


def _text_width(text: str, size: int = _FONT) -> int:
    columns = wcswidth(text)
    return (columns if columns >= 0 else len(text) * 2) * size // 2 + 2


def _clip(text: str, width: int, size: int = _FONT) -> str:
    """``text`` cut to fit ``width`` pixels, with an ellipsis when cut."""
    if _text_width(text, size) <= width:
        return text
    out = ""
    for char in text:
        if _text_width(out + char + "…", size) > width:
            break
        out += char
    return out + "…"


def _n(value: Decimal | int) -> str:
    """A coordinate with at most one decimal, written the same way every time."""
    return cell_text(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def chart_svg(chart: Chart) -> str:
    """The figure (``<figure class="chart" data-chart=…>``) for ``chart``."""
    if isinstance(chart, ProgressBars):
        body, kind = _progress(chart), "progress"
    elif isinstance(chart, LightGrid):
        body, kind = _lights(chart), "lights"
    elif isinstance(chart, BarChart):
        body, kind = _bars(chart), "bars"
    else:
        body, kind = _heat(chart), "heatmap"
    return (
        f'<figure class="chart" data-chart="{kind}">'
        f"<figcaption>{_e(chart.title)}</figcaption>{body}</figure>"
    )


def _progress(chart: ProgressBars) -> str:
    # One list item per target: the label wraps as HTML text (readable on a phone),
    # the bar itself is a tiny SVG that stretches to the width available.
    items = []
    for bar in chart.bars:
        colour = COLOURS[bar.light or Light.GREY]
        width = _n(bar.share * 100)
        items.append(
            f'<li><span class="bar-label">{_e(bar.label)}</span>'
            f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
            f'aria-label="{_e(bar.label)}: {_e(bar.text)}">'
            f'<rect width="100" height="10" fill="#e5e7eb"/>'
            f'<rect width="{width}" height="10" fill="{colour}"/></svg>'
            f'<span class="bar-text">{_e(bar.text)}</span></li>'
        )
    return f'<ul class="progress">{"".join(items)}</ul>'


def _lights(chart: LightGrid) -> str:
    cell, left, top = 26, max([_text_width(r) for r in chart.rows] + [40]) + 8, 24
    width, height = left + cell * len(chart.columns) + 4, top + cell * len(chart.rows) + 4
    parts = [_svg_open(width, height, chart.title)]
    for j, column in enumerate(chart.columns):
        x = left + cell * j + cell // 2
        parts.append(f'<text x="{x}" y="16" text-anchor="middle" class="axis">{_e(column)}</text>')
    for i, row in enumerate(chart.rows):
        y = top + cell * i + cell // 2
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" class="axis">{_e(row)}</text>')
        for j, light in enumerate(chart.lights[i]):
            if light is None:
                continue
            x = left + cell * j + cell // 2
            tip = chart.tips[i][j] if chart.tips else light.label
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="9" fill="{COLOURS[light]}" class="light-{light.value}">'
                f"<title>{_e(tip)}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts) + _legend([(COLOURS[light], light.label) for light in Light])


def _bars(chart: BarChart) -> str:
    labels = [bar.label for group in chart.groups for bar in group.bars]
    left = min(max([_text_width(label) for label in labels] + [60]) + 10, 180)
    area, row, head = 360, 22, 24
    rows = sum(len(g.bars) for g in chart.groups)
    width, height = left + area + 70, head * len(chart.groups) + row * rows + 6
    parts = [_svg_open(width, height, chart.title)]
    y = 0
    for group in chart.groups:
        parts.append(f'<text x="4" y="{y + 17}" class="group">{_e(group.label)}</text>')
        y += head
        for bar in group.bars:
            length = _n(bar.share * area)
            colour = COLOURS[bar.light] if bar.light is not None else "#2166ac"
            parts.append(
                f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" class="axis">'
                f"<title>{_e(bar.label)}</title>{_e(_clip(bar.label, left - 10))}</text>"
                f'<rect x="{left}" y="{y + 4}" width="{area}" height="14" fill="#e5e7eb"/>'
                f'<rect x="{left}" y="{y + 4}" width="{length}" height="14" fill="{colour}"/>'
                f'<text x="{left + area + 6}" y="{y + 15}" class="value">{_e(bar.text)}</text>'
            )
            y += row
    parts.append("</svg>")
    return "".join(parts)


def _heat(chart: HeatMap) -> str:
    cw, ch = 22, 20
    left = min(max([_text_width(r) for r in chart.rows] + [40]) + 8, 200)
    top = 22
    width, height = left + cw * len(chart.columns) + 4, top + ch * len(chart.rows) + 4
    parts = [_svg_open(width, height, chart.title)]
    for j, column in enumerate(chart.columns):
        parts.append(
            f'<text x="{left + cw * j + cw // 2}" y="15" text-anchor="middle" class="axis">{_e(column)}</text>'
        )
    for i, row in enumerate(chart.rows):
        y = top + ch * i
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" class="axis">'
            f"<title>{_e(row)}</title>{_e(_clip(row, left - 10))}</text>"
        )
        for j, value in enumerate(chart.values[i]):
            x = left + cw * j
            fill = _HEAT.get(value, _HEAT[2])
            mark = chart.marks[i][j] if chart.marks else ""
            parts.append(f'<rect x="{x}" y="{y}" width="{cw - 1}" height="{ch - 1}" fill="{fill}"/>')
            if mark:
                ink = "#ffffff" if value >= 2 else "#111827"
                parts.append(
                    f'<text x="{x + cw // 2}" y="{y + 14}" text-anchor="middle" fill="{ink}" class="mark">'
                    f"{_e(mark)}</text>"
                )
    parts.append("</svg>")
    legend = [(_HEAT.get(value, _HEAT[2]), label) for value, label in chart.legend]
    return "".join(parts) + _legend(legend)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(title)}">'
    )


def _legend(entries: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><span class="swatch" style="background:{c}"></span>{_e(label)}</li>' for c, label in entries)
    return f'<ul class="legend">{items}</ul>'
