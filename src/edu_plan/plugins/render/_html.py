"""``html``: views as one self-contained page, readable on a phone and printable on A4, or as a fragment.

The page has no script and asks for nothing from outside: styles are inline, charts are
HTML and inline SVG (:mod:`._svg`), fonts are the reader's own, and a Content-Security-Policy
forbids anything else, so that even text that slipped past escaping could not load or run
anything.  Every piece of plan or report text is escaped.

Tables take the width they need: each text column has a minimum width from its text (a
column of unit names is never one character wide), and a table wider than the screen
scrolls sideways inside its box rather than squeezing.  An empty view says 无.

``HtmlRenderer(fragment=True)`` gives the same views as one ``<div class="edu-plan">`` to
embed in another page (a 督查督办 system's): no ``<html>``, no CSP, no global style — every
class starts with ``edu-plan-`` and every style rule is scoped under ``.edu-plan``
(``style=False`` leaves the rules out; :func:`stylesheet` gives them to serve as a file).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import attrs

from edu_plan._i18n import gettext as _
from edu_plan.plugins.render._common import display_width, document_title, title_lines
from edu_plan.plugins.render._safety import visible_controls
from edu_plan.plugins.render._svg import COLOURS, PREFIX, chart_svg
from edu_plan.views import Column, ColumnType, Light, View

__all__ = ["CSP", "HTML", "STYLE", "HtmlRenderer", "stylesheet"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
"""Nothing may be fetched or run; only the page's own inline styles apply."""

_W = ".edu-plan"
_MINIMA = (2, 3, 4, 6, 8, 12)
"""The minimum widths of text columns, in em (one Chinese character)."""

_SCOPED = (
    """
%W{color:#111827;background:#fff;line-height:1.55;font-size:15px;
font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
%W *{box-sizing:border-box}
%W h1{font-size:1.5rem;margin:.4em 0 .2em}
%W h2{font-size:1.2rem;margin:1.6em 0 .3em;padding-bottom:.2em;border-bottom:2px solid #2166ac}
%W .edu-plan-subtitle{color:#4b5563;margin:0 0 .6em}
%W nav ul{display:flex;flex-wrap:wrap;gap:.3em 1em;padding:0;list-style:none}
%W .edu-plan-table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
%W table{border-collapse:collapse;min-width:100%;font-size:.9rem}
%W th,%W td{border:1px solid #d1d5db;padding:4px 6px;vertical-align:top;text-align:left}
%W th{background:#eef2f7;position:sticky;top:0}
%W td.edu-plan-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
%W td.edu-plan-date{white-space:nowrap}
%W td.edu-plan-mark{text-align:center}
"""
    + "".join(f"%W .edu-plan-min-{n}{{display:block;min-width:{n}em}}\n" for n in _MINIMA)
    + """%W .edu-plan-light::before{content:"";display:inline-block;width:.8em;height:.8em;border-radius:50%;
margin-right:.3em;vertical-align:-.05em}
"""
    + "".join(f"%W .edu-plan-light-{light.value}::before{{background:{COLOURS[light]}}}\n" for light in Light)
    + """%W .edu-plan-empty{color:#4b5563;margin:.4em 0}
%W figure.edu-plan-chart{margin:1em 0;overflow-x:auto}
%W figure.edu-plan-chart figcaption{font-weight:bold;margin-bottom:.4em}
%W figure.edu-plan-chart>svg{max-width:100%;height:auto}
%W svg .edu-plan-axis{font-size:12px;fill:#374151}
%W svg .edu-plan-mark{font-size:12px}
%W ul.edu-plan-bars{list-style:none;padding:0;margin:0;display:grid;
grid-template-columns:minmax(8em,2fr) minmax(6em,3fr) minmax(8em,2fr);gap:4px 10px;align-items:center;font-size:.85rem}
%W ul.edu-plan-scores{grid-template-columns:minmax(6em,max-content) minmax(8em,1fr) max-content}
%W ul.edu-plan-bars li{display:contents}
%W ul.edu-plan-bars li.edu-plan-bar-group{display:block;grid-column:1/-1;font-weight:bold;margin-top:.4em}
%W ul.edu-plan-scores .edu-plan-bar-text{white-space:nowrap}
%W svg.edu-plan-bar{width:100%;height:12px;display:block}
%W .edu-plan-badge{display:inline-block;margin-left:.4em;padding:0 .35em;border-radius:3px;background:#c62828;
color:#fff;font-size:.8em;font-weight:bold;line-height:1.5}
%W ul.edu-plan-legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2em 1em;font-size:.85rem}
%W svg.edu-plan-swatch{width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
%W .edu-plan-notes{color:#4b5563;font-size:.85rem}
%W footer{margin-top:2em;color:#6b7280;font-size:.8rem}
@media (max-width:640px){%W{font-size:14px}
%W ul.edu-plan-bars,%W ul.edu-plan-scores{grid-template-columns:1fr}
%W ul.edu-plan-bars .edu-plan-bar-text{margin-bottom:.5em;color:#4b5563}}
@media print{%W{font-size:10.5pt}%W nav{display:none}
%W .edu-plan-table-wrap,%W figure.edu-plan-chart{overflow:visible}%W th{position:static}
%W section,%W figure.edu-plan-chart,%W tr{break-inside:avoid}%W h2{break-after:avoid}%W table{font-size:9pt}}
"""
).replace("%W", _W)

_PAGE = """
:root{color-scheme:light}
body{margin:0;background:#fff}
body>.edu-plan{padding:12px 16px 32px}
@page{size:A4 landscape;margin:12mm}
@media (max-width:640px){body>.edu-plan{padding:8px}}
@media print{body>.edu-plan{padding:0}}
"""

STYLE = _PAGE + _SCOPED
"""The whole page's style sheet: a few rules for the page itself, then the rules scoped under ``.edu-plan``."""


def stylesheet() -> str:
    """The rules of a fragment, every selector under ``.edu-plan``, for a host page to serve as a file."""
    return _SCOPED


_CLASSES = {ColumnType.INTEGER: "num", ColumnType.DECIMAL: "num", ColumnType.DATE: "date", ColumnType.MARK: "mark"}


def _e(text: str) -> str:
    return html.escape(visible_controls(text), quote=True)


def _multiline(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def _minimum(column: Column, texts: list[str]) -> int:
    """The least width of a text column in em: its text's own up to 4 em, 6 em for longer, 12 for prose."""
    natural = max([display_width(column.label), *(display_width(t) for t in texts)]) / 2
    if natural > 30:
        return 12
    if natural > 8:
        return 6
    return next(n for n in _MINIMA if n >= natural) if natural > 2 else 2


@attrs.frozen(kw_only=True)
class HtmlRenderer:
    """One page, or with ``fragment`` one ``<div>`` to embed; each view a section, its charts above its table."""

    name: str = "html"
    suffix: str = ".html"
    media_type: str = "text/html; charset=utf-8"
    fragment: bool = False
    """Render a ``<div class="edu-plan">`` without ``<html>``, CSP or global style, for embedding."""
    style: bool = True
    """With ``fragment``, put the scoped ``<style>`` inside the div (``False``: the host serves :func:`stylesheet`)."""

    def render(self, views: Sequence[View], *, title: str = "") -> str:
        """The whole page (or the fragment) as text."""
        heading = document_title(views, title)
        single = len(views) == 1 and heading == views[0].title
        body = [f"<header><h1>{_e(heading)}</h1>"]
        # The view that says most about the day: a report opens with plan views that have no period.
        dated = [v for v in views if v.document is not None and v.document.as_of is not None]
        subtitle = _subtitle((dated or list(views))[0]) if views else ""
        if subtitle and subtitle != heading:
            body.append(f'<p class="{PREFIX}subtitle">{_e(subtitle)}</p>')
        body.append("</header>")
        if len(views) > 1:
            links = "".join(f'<li><a href="#{PREFIX}view-{i}">{_e(v.title)}</a></li>' for i, v in enumerate(views, 1))
            contents = _("Contents")  # outside the f-string: Babel does not look inside one
            body.append(f'<nav aria-label="{_e(contents)}"><ul>{links}</ul></nav>')
        for number, view in enumerate(views, start=1):
            # The page's heading already is the one view's title: not printed twice.
            body.append(self._section(view, number, heading=not single))
        if self.fragment:
            style = f"<style>{_SCOPED}</style>\n" if self.style else ""
            return f'<div class="edu-plan">\n{style}' + "\n".join(body) + "\n</div>\n"
        made_by = _("Made by edu_plan")
        body.append(f"<footer>{_e(made_by)}</footer>")
        return (
            "<!DOCTYPE html>\n"
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(heading)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<div class=\"edu-plan\">\n"
            + "\n".join(body)
            + "\n</div>\n</body>\n</html>\n"
        )

    @staticmethod
    def _section(view: View, number: int, *, heading: bool = True) -> str:
        parts = [f'<section id="{PREFIX}view-{number}" data-view="{_e(view.name)}">']
        if heading:
            parts.append(f"<h2>{_e(view.title)}</h2>")
        parts.extend(chart_svg(chart) for chart in view.charts)
        if view.rows:
            parts.append(_table(view))
        else:
            none = _("None")
            parts.append(f'<p class="{PREFIX}empty">{_e(none)}</p>')
        if view.notes:
            parts.append("".join(f'<p class="{PREFIX}notes">{_e(n)}</p>' for n in view.notes))
        parts.append("</section>")
        return "\n".join(parts)


def _subtitle(view: View) -> str:
    """The line under the page's heading: the plan, 文号, period and 截至 date in words (or the view's subtitle)."""
    if view.document is None:
        return view.subtitle
    _heading, detail = title_lines(view)
    return "\u3000".join(p for p in (view.document.plan_title, detail) if p)


def _table(view: View) -> str:
    texts = view.shown_texts()
    head = []
    for i, column in enumerate(view.columns):
        label = _e(column.label)
        # Text columns get a minimum from their text; others from their header (序号 stays on one line).
        wraps = column.type in (ColumnType.TEXT, ColumnType.LIGHT)
        least = _minimum(column, [row[i] for row in texts] if wraps else [])
        label = f'<span class="{PREFIX}min-{least if wraps else min(least, 4)}">{label}</span>'
        head.append(f'<th scope="col">{label}</th>')
    rows = []
    for row, shown in zip(view.rows, texts, strict=True):
        cells = []
        for column, cell, text in zip(view.columns, row, shown, strict=True):
            classes = [_CLASSES.get(column.type, "")]
            if cell.light is not None:
                classes += ["light", f"light-{cell.light.value}"]
            attr = " ".join(PREFIX + c for c in classes if c)
            cells.append(f'<td class="{attr}">' if attr else "<td>")
            cells.append(f"{_multiline(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<div class="{PREFIX}table-wrap"><table><thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>"
    )


HTML = HtmlRenderer()
"""The ``html`` renderer."""
