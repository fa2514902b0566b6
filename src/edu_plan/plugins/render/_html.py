"""``html``: views as one self-contained page, readable on a phone and printable on A4.

The page has no script and asks for nothing from outside: styles are inline, charts
are inline SVG (:mod:`._svg`), fonts are the reader's own, and a Content-Security-Policy
forbids anything else, so that even text that slipped past escaping could not load or
run anything.  Every piece of plan or report text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import attrs

from edu_plan.plugins.render._common import document_title
from edu_plan.plugins.render._safety import visible_controls
from edu_plan.plugins.render._svg import COLOURS, chart_svg
from edu_plan.views import ColumnType, Light, View

__all__ = ["HTML", "HtmlRenderer"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
"""Nothing may be fetched or run; only the page's own inline styles apply."""

_LIGHT_CSS = "".join(f".light-{light.value}::before{{background:{COLOURS[light]}}}" for light in Light)

STYLE = (
    """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:12px 16px 32px;color:#111827;background:#fff;
font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;
font-size:15px;line-height:1.55}
h1{font-size:1.5rem;margin:.4em 0 .2em}
h2{font-size:1.2rem;margin:1.6em 0 .3em;padding-bottom:.2em;border-bottom:2px solid #2166ac}
.subtitle{color:#4b5563;margin:0 0 .6em}
nav ul{display:flex;flex-wrap:wrap;gap:.3em 1em;padding:0;list-style:none}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d1d5db;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eef2f7;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.date{white-space:nowrap}
td.mark{text-align:center}
.light::before{content:"";display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.3em;
vertical-align:-.05em}
"""
    + _LIGHT_CSS
    + """
figure.chart{margin:1em 0;overflow-x:auto}
figure.chart figcaption{font-weight:bold;margin-bottom:.4em}
figure.chart svg{max-width:100%;height:auto}
svg .axis,svg .value{font-size:12px;fill:#374151}
svg .group{font-size:13px;font-weight:bold;fill:#111827}
svg .mark{font-size:12px}
ul.progress{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:minmax(8em,2fr) 3fr minmax(8em,2fr);
gap:4px 10px;align-items:center;font-size:.85rem}
ul.progress li{display:contents}
ul.progress svg.bar{width:100%;height:12px}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2em 1em;font-size:.85rem}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em;border:1px solid #9ca3af}
.notes{color:#4b5563;font-size:.85rem}
footer{margin-top:2em;color:#6b7280;font-size:.8rem}
@media (max-width:640px){body{font-size:14px;padding:8px}
ul.progress{grid-template-columns:1fr}ul.progress .bar-text{margin-bottom:.5em;color:#4b5563}}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}nav{display:none}
.table-wrap,figure.chart{overflow:visible}th{position:static}
section,figure.chart,tr{break-inside:avoid}h2{break-after:avoid}table{font-size:9pt}}
"""
)
"""The page's whole style sheet."""

_CLASSES = {ColumnType.INTEGER: "num", ColumnType.DECIMAL: "num", ColumnType.DATE: "date", ColumnType.MARK: "mark"}


def _e(text: str) -> str:
    return html.escape(visible_controls(text), quote=True)


def _multiline(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


@attrs.frozen(kw_only=True)
class HtmlRenderer:
    """One page; each view a section with its charts above its table."""

    name: str = "html"
    suffix: str = ".html"
    media_type: str = "text/html; charset=utf-8"

    def render(self, views: Sequence[View], *, title: str = "") -> str:
        """The whole page as text."""
        heading = document_title(views, title)
        body = [f"<header><h1>{_e(heading)}</h1>"]
        subtitles = list(dict.fromkeys(v.subtitle for v in views if v.subtitle))
        if subtitles and subtitles[0] != heading:
            body.append(f'<p class="subtitle">{_e(subtitles[0])}</p>')
        body.append("</header>")
        if len(views) > 1:
            links = "".join(f'<li><a href="#view-{i}">{_e(v.title)}</a></li>' for i, v in enumerate(views, start=1))
            body.append(f'<nav aria-label="目录"><ul>{links}</ul></nav>')
        for number, view in enumerate(views, start=1):
            body.append(self._section(view, number))
        body.append("<footer>由 edu_plan 生成</footer>")
        return (
            "<!DOCTYPE html>\n"
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(heading)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + "\n</body>\n</html>\n"
        )

    @staticmethod
    def _section(view: View, number: int) -> str:
        parts = [f'<section id="view-{number}" data-view="{_e(view.name)}">', f"<h2>{_e(view.title)}</h2>"]
        parts.extend(chart_svg(chart) for chart in view.charts)
        head = "".join(f'<th scope="col">{_e(c.label)}</th>' for c in view.columns)
        rows = []
        for row in view.rows:
            cells = []
            for column, cell in zip(view.columns, row, strict=True):
                classes = [_CLASSES.get(column.type, "")]
                if cell.light is not None:
                    classes += ["light", f"light-{cell.light.value}"]
                attr = " ".join(c for c in classes if c)
                cells.append(f'<td class="{attr}">' if attr else "<td>")
                cells.append(f"{_multiline(cell.text)}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        parts.append(
            f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>"
        )
        if view.notes:
            parts.append("".join(f'<p class="notes">{_e(n)}</p>' for n in view.notes))
        parts.append("</section>")
        return "\n".join(parts)


HTML = HtmlRenderer()
"""The ``html`` renderer."""
