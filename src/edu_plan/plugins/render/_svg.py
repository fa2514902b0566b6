"""The HTML report's charts, drawn by our own code as HTML and inline SVG: no script, font or server.

Every label goes through :func:`html.escape`.  Bars are lists whose labels and values are
HTML text (they wrap or widen as the text needs, never clipped), each bar a tiny SVG that
stretches to the width left; the light grid and the heat map are SVG drawings, their text
widths estimated from terminal columns (a Chinese character counts twice, about one em).
Colours are SVG attributes, never style attributes, so a page that forbids inline styles
(a host embedding a fragment) still shows them.  Class names start with ``edu-plan-``.
"""

from __future__ import annotations

import html
from decimal import ROUND_HALF_UP, Decimal

from wcwidth import wcswidth

from edu_plan._i18n import gettext as _
from edu_plan.plugins.render._safety import visible_controls
from edu_plan.views import Bar, BarChart, Chart, HeatMap, Light, LightGrid, ProgressBars, cell_text

__all__ = ["COLOURS", "GRADE_COLOURS", "PREFIX", "VETO_COLOUR", "chart_svg", "grade_colour"]

PREFIX = "edu-plan-"
"""The start of every class name the HTML renderer writes, so that an embedding page's styles never clash."""

COLOURS = {
    Light.GREEN: "#2e7d32",
    Light.YELLOW: "#f2a900",
    Light.ORANGE: "#e8590c",
    Light.RED: "#c62828",
    Light.GREY: "#9e9e9e",
}
"""Traffic-light colours; yellow is darkened so it prints visibly on white paper."""

GRADE_COLOURS = ("#2e7d32", "#2166ac", "#f2a900", "#c62828")
"""Grade colours, best first: 优秀 green, 良好 blue, 合格 amber, 不合格 red (and any grade below)."""
VETO_COLOUR = "#9e9e9e"
"""A vetoed unit's bar: grey, hatched, with a 否决 badge."""

_HEAT = {0: "#f3f4f6", 1: "#9ecae1", 2: "#2166ac"}
_FONT = 12
_UNGRADED = "#2166ac"


def _e(text: str) -> str:
    return html.escape(visible_controls(text), quote=True)


def _c(*names: str) -> str:
    return " ".join(PREFIX + name for name in names)


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


def grade_colour(grade: str, grades: tuple[str, ...]) -> str:
    """The colour of ``grade`` by its place among ``grades`` (best first); blue when the chart is not graded."""
    if grade not in grades:
        return _UNGRADED
    return GRADE_COLOURS[min(grades.index(grade), len(GRADE_COLOURS) - 1)]


def chart_svg(chart: Chart) -> str:
    """The figure (``<figure class="edu-plan-chart" data-chart=…>``) for ``chart``."""
    if isinstance(chart, ProgressBars):
        body, kind = _progress(chart), "progress"
    elif isinstance(chart, LightGrid):
        body, kind = _lights(chart), "lights"
    elif isinstance(chart, BarChart):
        body, kind = _bars(chart), "bars"
    else:
        body, kind = _heat(chart), "heatmap"
    return (
        f'<figure class="{_c("chart")}" data-chart="{kind}">'
        f"<figcaption>{_e(chart.title)}</figcaption>{body}</figure>"
    )


def _bar_svg(bar: Bar, colour: str, *, hatched: bool = False) -> str:
    # The bar stretches to its grid cell (preserveAspectRatio none): 100 units long, 10 high.
    width = _n(bar.share * 100)
    hatch = ""
    if hatched:
        # Diagonal strokes inside the filled length (no pattern: an id could clash in an embedding page).
        strokes = "".join(f"M{x} 10L{x + 5} 0" for x in range(0, int(bar.share * 100) - 4, 4))
        if strokes:
            hatch = f'<path d="{strokes}" stroke="#4b5563" stroke-width="1" vector-effect="non-scaling-stroke"/>'
    return (
        f'<svg class="{_c("bar")}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{_e(bar.label)}: {_e(bar.text)}">'
        f'<rect width="100" height="10" fill="#e5e7eb"/>'
        f'<rect width="{width}" height="10" fill="{colour}"/>{hatch}</svg>'
    )


def _progress(chart: ProgressBars) -> str:
    # One list item per target: the label wraps as HTML text (readable on a phone),
    # the bar itself is a tiny SVG that stretches to the width available.
    items = []
    for bar in chart.bars:
        items.append(
            f'<li><span class="{_c("bar-label")}">{_e(bar.label)}</span>'
            + _bar_svg(bar, COLOURS[bar.light or Light.GREY])
            + f'<span class="{_c("bar-text")}">{_e(bar.text)}</span></li>'
        )
    return f'<ul class="{_c("bars")}">{"".join(items)}</ul>'


def _bars(chart: BarChart) -> str:
    # Scores by peer group: a heading row per group, then label | bar | "57.64 不合格" per unit.
    # The value keeps one line and its column is as wide as the widest value: never clipped.
    items = []
    for group in chart.groups:
        items.append(f'<li class="{_c("bar-group")}">{_e(group.label)}</li>')
        for bar in group.bars:
            if bar.vetoed:
                colour = VETO_COLOUR
            elif bar.light is not None and not chart.grades:
                colour = COLOURS[bar.light]
            else:
                colour = grade_colour(bar.grade, chart.grades)
            veto = _("veto")  # outside the f-string: Babel does not look inside one
            badge = f'<span class="{_c("badge")}">{_e(veto)}</span>' if bar.vetoed else ""
            grade = f' data-grade="{_e(bar.grade)}"' if bar.grade else ""
            items.append(
                f'<li{grade}{" data-vetoed" if bar.vetoed else ""}>'
                f'<span class="{_c("bar-label")}">{_e(bar.label)}</span>'
                + _bar_svg(bar, colour, hatched=bar.vetoed)
                + f'<span class="{_c("bar-text")}">{_e(bar.text)}{badge}</span></li>'
            )
    legend = ""
    if chart.grades:
        entries = [(_swatch(grade_colour(g, chart.grades)), g) for g in chart.grades]
        if any(bar.vetoed for group in chart.groups for bar in group.bars):
            entries.append((_swatch(VETO_COLOUR, hatched=True), _("vetoed")))
        legend = _legend(entries)
    return f'<ul class="{_c("bars", "scores")}">{"".join(items)}</ul>{legend}'


def _lights(chart: LightGrid) -> str:
    cell, left, top = 26, max([_text_width(r) for r in chart.rows] + [40]) + 8, 24
    width, height = left + cell * len(chart.columns) + 4, top + cell * len(chart.rows) + 4
    parts = [_svg_open(width, height, chart.title)]
    for j, column in enumerate(chart.columns):
        x = left + cell * j + cell // 2
        parts.append(f'<text x="{x}" y="16" text-anchor="middle" class="{_c("axis")}">{_e(column)}</text>')
    for i, row in enumerate(chart.rows):
        y = top + cell * i + cell // 2
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" class="{_c("axis")}">{_e(row)}</text>')
        for j, light in enumerate(chart.lights[i]):
            if light is None:
                continue
            x = left + cell * j + cell // 2
            tip = chart.tips[i][j] if chart.tips else light.label
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="9" fill="{COLOURS[light]}" class="{_c("light-" + light.value)}">'
                f"<title>{_e(tip)}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts) + _legend([(_swatch(COLOURS[light]), light.label) for light in Light])


def _heat(chart: HeatMap) -> str:
    cw, ch = 22, 20
    left = min(max([_text_width(r) for r in chart.rows] + [40]) + 8, 200)
    top = 22
    width, height = left + cw * len(chart.columns) + 4, top + ch * len(chart.rows) + 4
    parts = [_svg_open(width, height, chart.title)]
    for j, column in enumerate(chart.columns):
        parts.append(
            f'<text x="{left + cw * j + cw // 2}" y="15" text-anchor="middle" class="{_c("axis")}">{_e(column)}</text>'
        )
    for i, row in enumerate(chart.rows):
        y = top + ch * i
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" class="{_c("axis")}">'
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
                    f'<text x="{x + cw // 2}" y="{y + 14}" text-anchor="middle" fill="{ink}" class="{_c("mark")}">'
                    f"{_e(mark)}</text>"
                )
    parts.append("</svg>")
    legend = [(_swatch(_HEAT.get(value, _HEAT[2])), label) for value, label in chart.legend]
    return "".join(parts) + _legend(legend)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(title)}">'
    )


def _swatch(colour: str, *, hatched: bool = False) -> str:
    hatch = '<path d="M0 12L12 0M-3 3L3 -3M9 15L15 9" stroke="#4b5563" stroke-width="1.5"/>' if hatched else ""
    return (
        f'<svg class="{_c("swatch")}" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">'
        f'<rect width="12" height="12" fill="{colour}" stroke="#9ca3af"/>{hatch}</svg>'
    )


def _legend(entries: list[tuple[str, str]]) -> str:
    items = "".join(f"<li>{swatch}{_e(label)}</li>" for swatch, label in entries)
    return f'<ul class="{_c("legend")}">{items}</ul>'
