"""``xlsx``: views as an Excel workbook ready to print, one sheet per view (the ``[xlsx]`` extra, openpyxl).

Each sheet opens with its title rows (the plan's title and the view's, then the 文号, the
period and the 截至 date in words, from the view's :class:`~edu_plan.views.Document`), then
the table: bordered cells, wrapped text, a frozen header row that is repeated at the top of
every printed page, on A4 landscape fitted to one page wide, numbered 第 N 页 共 M 页 in the
footer.  Column widths are chosen so the rows need as few lines as the page width allows (a
Chinese character counts twice; long text wraps).

Numbers and dates are real numbers and dates, and text that would start a formula is
stored as text with a leading ``'``.  The workbook's timestamps are fixed so the same views
give the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._office import FIXED_TIME, reproducible_package
from edu_plan.errors import RenderError
from edu_plan.plugins.render._common import display_width, title_lines
from edu_plan.plugins.render._safety import neutralise_formula, visible_controls
from edu_plan.views import Cell, Column, ColumnType, Light, View

__all__ = ["XLSX", "XlsxRenderer", "column_widths", "fit_to_height", "page_width_units", "sheet_title"]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FILLS = {Light.GREEN: "C6EFCE", Light.YELLOW: "FFEB9C", Light.ORANGE: "FCD5B4", Light.RED: "FFC7CE",
          Light.GREY: "E7E6E6"}
_HEADER_FILL = "E7ECF3"
_BODY_FONT, _TITLE_FONT = "宋体", "黑体"  # the usual faces of a printed Chinese table; Office and LibreOffice map them
_BODY_SIZE, _TITLE_SIZE, _DETAIL_SIZE = 10.5, 16, 10.5  # 五号 body, 三号 heading
_LINE_POINTS = 15  # the height of a line of 五号 text (Noto/Source Han CJK: 1.45 em), for the row heights
_WRAPPED = (ColumnType.TEXT, ColumnType.LIGHT)
"""Columns whose text wraps; numbers, dates and marks keep one line."""
_FIT_ROWS = 300
"""The most rows the width search looks at."""
_SHORT_TEXT = 13
"""A text column starts this wide, six Chinese characters and the padding (县市场监管局 on one line), or narrower."""
_A4_MM = (210, 297)  # height and width of A4 landscape
_UNIT_MM = 1.98
_NEARLY_EMPTY = 0.2
_MARGIN_IN = (0.5, 0.5, 0.6, 0.6, 0.3, 0.3)  # left, right, top, bottom, header, footer (inches)


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = _BAD_SHEET_CHARS.sub("_", visible_controls(title)).strip("'") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def page_width_units() -> int:
    """How many column-width units fit across A4 landscape between the side margins.

    A unit is the width of a digit of the default font: Excel prints it 7 px (1.85 mm) wide,
    LibreOffice 1.98 mm; the narrower page of the two is taken, less one unit to spare.
    """
    printable = _A4_MM[1] - (_MARGIN_IN[0] + _MARGIN_IN[1]) * 25.4
    return int(printable / _UNIT_MM) - 1


def fit_to_height(first: Sequence[float], header: float, rows: Sequence[float], scale: float = 1.0) -> int:
    """The ``fitToHeight`` of a sheet: 0 (as many pages as it takes), or one page less when the last is nearly empty.

    ``first`` are the heights (points) of the title rows on the first page, ``header`` that of the
    header row printed at the top of every page, ``rows`` those of the table's rows and notes,
    ``scale`` the shrink that fitting the width already gives.  Rows are laid on pages of A4
    landscape's printable height as a spreadsheet prints them (a row is never split); when the last
    page would hold less than a fifth of a page, the sheet is fitted to one page fewer: a little
    smaller, not a page with three rows on it.
    """
    capacity = (_A4_MM[0] / 25.4 - _MARGIN_IN[2] - _MARGIN_IN[3]) * 72 / scale
    pages, used = 1, sum(first) + header
    for height in rows:
        if used + height > capacity and used > header:
            pages, used = pages + 1, header
        used += height
    return pages - 1 if pages > 1 and used - header < capacity * _NEARLY_EMPTY else 0


def _lines(widths: Sequence[int], width: int) -> int:
    """The lines a cell whose lines are ``widths`` columns wide needs in a column ``width`` units wide."""
    inner = max(1, width - 1)
    return sum(max(1, math.ceil(w / inner)) for w in widths)


def column_widths(columns: Sequence[Column], texts: Sequence[Sequence[str]], budget: int,
                  max_width: int = 80) -> list[int]:
    """Column widths (in Excel's units) for a table of ``texts`` under ``columns`` on a page ``budget`` wide.

    Numbers, dates and marks get the width of their widest value (their header wraps beyond
    four Chinese characters).  Text columns start at their natural width up to six Chinese
    characters (a unit's name stays on one line); the rest of the page is then handed out a few units at a
    time to the column where it saves the most lines, and what saves none to the column with the
    most text beyond its width, never wider than its longest line or ``max_width``.  The same
    table always gets the same widths.
    """
    header = [[display_width(line) for line in column.label.split("\n")] for column in columns]
    cells = [[[display_width(line) for line in row[i].split("\n")] for row in texts] for i in range(len(columns))]
    widths: list[int] = []
    caps: list[int] = []
    for i, column in enumerate(columns):
        longest = max([0, *(w for cell in cells[i] for w in cell)])
        if column.type in _WRAPPED:
            natural = min(max(longest, *header[i]) + 1, max_width)
            widths.append(min(natural, _SHORT_TEXT))
            caps.append(natural)
        else:
            widths.append(max(longest, min(max(header[i]), 8)) + 1)
            caps.append(widths[-1])
    # The header counts as a row: it is printed at the top of every page.
    # A long table is fitted on rows spread evenly through it (the same ones every time): the widths
    # barely change past a few hundred rows, and the search would take seconds.
    chosen = range(len(texts)) if len(texts) <= _FIT_ROWS else \
        sorted({r * (len(texts) - 1) // (_FIT_ROWS - 1) for r in range(_FIT_ROWS)})
    rows = [header, *([cells[i][r] for i in range(len(columns))] for r in chosen)]
    lines = [[_lines(cell, widths[i]) for i, cell in enumerate(row)] for row in rows]
    spare = budget - sum(widths)
    while spare > 0:
        best: tuple[float, int, int] | None = None
        for i in range(len(columns)):
            if widths[i] >= caps[i]:
                continue
            others = [max([0, *(n for j, n in enumerate(row) if j != i)]) for row in lines]
            now = sum(max(o, row[i]) for o, row in zip(others, lines, strict=True))
            for step in (1, 2, 3, 4, 6, 8, 12, 16):
                if step > spare or widths[i] + step > caps[i]:
                    break
                after = sum(max(o, _lines(row[i], widths[i] + step)) for o, row in zip(others, rows, strict=True))
                gain = (now - after) / step
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, i, step)
        if best is None:
            break
        _gain, i, step = best
        widths[i] += step
        spare -= step
        for row_lines, row in zip(lines, rows, strict=True):
            row_lines[i] = _lines(row[i], widths[i])
    # What saves no line still widens the table to the page, one unit at a time to the column with most room.
    while spare > 0:
        room = [(caps[i] - widths[i], -i) for i in range(len(columns)) if widths[i] < caps[i]]
        if not room:
            break
        i = -max(room)[1]
        widths[i] += 1
        spare -= 1
    return widths


@attrs.frozen(kw_only=True)
class XlsxRenderer:
    """One print-ready sheet per view; text columns wrap, none wider than ``max_width`` units."""

    name: str = "xlsx"
    suffix: str = ".xlsx"
    media_type: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    max_width: int = 80

    def render(self, views: Sequence[View], *, title: str = "") -> bytes:
        """The workbook's bytes."""
        try:
            from openpyxl import Workbook
        except ImportError:
            raise RenderError(
                _("the xlsx format needs openpyxl; install it with: pip install 'edu-plan[xlsx]'")
            ) from None
        if not views:
            raise RenderError(_("the xlsx format needs at least one view (got none)"))
        workbook = Workbook()
        workbook.remove(workbook.active)
        workbook.properties.title = title or None
        workbook.properties.creator = "edu_plan"
        workbook.properties.created = FIXED_TIME
        taken: set[str] = set()
        for view in views:
            self._sheet(workbook.create_sheet(sheet_title(view.title, taken)), view)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return reproducible_package(buffer.getvalue())

    def _sheet(self, sheet: Any, view: View) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.page import PageMargins

        ncols = len(view.columns)
        last = get_column_letter(ncols)
        thin = Side(style="thin", color="000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        body = Font(name=_BODY_FONT, size=_BODY_SIZE)
        texts = [[_shown(column, cell) for column, cell in zip(view.columns, row, strict=True)] for row in view.rows]
        widths = column_widths(view.columns, texts, page_width_units(), self.max_width)
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width

        # The title rows: merged across the table, heights set (Excel does not fit merged rows).
        heading, detail = title_lines(view)
        row = 1
        for text, font, height in ((heading, Font(name=_TITLE_FONT, size=_TITLE_SIZE, bold=True), 30),
                                   (detail, Font(name=_BODY_FONT, size=_DETAIL_SIZE), 20)):
            if not text:
                continue
            cell = sheet.cell(row=row, column=1)
            _set_text(cell, text)
            cell.font = font
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            lines = _lines([display_width(text)], sum(widths)) if ncols else 1
            sheet.row_dimensions[row].height = height * lines
            if ncols > 1:
                sheet.merge_cells(f"A{row}:{last}{row}")
            row += 1
        header_row = row

        header_font = Font(name=_BODY_FONT, size=_BODY_SIZE, bold=True)
        header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
        centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for col, label in enumerate(view.headers, start=1):
            cell = sheet.cell(row=header_row, column=col)
            _set_text(cell, label)
            cell.font, cell.fill, cell.border, cell.alignment = header_font, header_fill, border, centred
        header_lines = max([_lines([display_width(h)], w) for h, w in zip(view.headers, widths, strict=True)] or [1])
        sheet.row_dimensions[header_row].height = _LINE_POINTS * header_lines + 5
        alignments = {
            ColumnType.MARK: Alignment(horizontal="center", vertical="top"),
            ColumnType.DATE: Alignment(horizontal="center", vertical="top"),
        }
        wrapped = Alignment(vertical="top", wrap_text=True)
        numeric = Alignment(vertical="top")
        date_format = _("yyyy-mm-dd")
        for r, cells in enumerate(view.rows, start=header_row + 1):
            for col, (column, value) in enumerate(zip(view.columns, cells, strict=True), start=1):
                cell = sheet.cell(row=r, column=col)
                _set_value(cell, value)
                cell.font, cell.border = body, border
                cell.alignment = alignments.get(column.type, wrapped if column.type in _WRAPPED else numeric)
                if column.type is ColumnType.DATE and isinstance(value.value, pendulum.Date):
                    cell.number_format = date_format
                elif column.type is ColumnType.PERCENT and isinstance(value.value, Decimal):
                    cell.number_format = "0.00%"  # the share stays a number; Excel shows 80.30%
                if value.light is not None:
                    cell.fill = PatternFill("solid", fgColor=_FILLS[value.light])
            # Neither Excel nor LibreOffice fits a row to wrapped text when it opens a file: set the height.
            lines = max(_lines([display_width(line) for line in text.split("\n")], width)
                        for text, width in zip(texts[r - header_row - 1], widths, strict=True))
            sheet.row_dimensions[r].height = _LINE_POINTS * lines + 3
        end = header_row + len(view.rows)
        if not view.rows and ncols:
            # An empty view says so, rather than leaving a header over nothing.
            end += 1
            cell = sheet.cell(row=end, column=1)
            _set_text(cell, _("None"))
            cell.font, cell.alignment = body, Alignment(horizontal="center", vertical="top")
            for col in range(1, ncols + 1):
                sheet.cell(row=end, column=col).border = border
            if ncols > 1:
                sheet.merge_cells(f"A{end}:{last}{end}")
        for n, note in enumerate(view.notes, start=end + 1):
            cell = sheet.cell(row=n, column=1)
            _set_text(cell, note)
            cell.font, cell.alignment = body, Alignment(vertical="top", wrap_text=True)
            sheet.row_dimensions[n].height = _LINE_POINTS * _lines([display_width(note)], sum(widths)) + 4
            if ncols > 1:
                sheet.merge_cells(f"A{n}:{last}{n}")

        sheet.freeze_panes = f"A{header_row + 1}"
        if view.rows:
            sheet.auto_filter.ref = f"A{header_row}:{last}{end}"
        sheet.print_title_rows = f"{header_row}:{header_row}"
        setup = sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.fitToWidth = 1
        last_row = end + len(view.notes)
        heights = [sheet.row_dimensions[r].height or _LINE_POINTS for r in range(1, last_row + 1)]
        scale = min(1.0, page_width_units() / max(1, sum(widths)))
        setup.fitToHeight = fit_to_height(heights[: header_row - 1], heights[header_row - 1], heights[header_row:],
                                          scale)
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        left, right, top, bottom, head, foot = _MARGIN_IN
        sheet.page_margins = PageMargins(left=left, right=right, top=top, bottom=bottom, header=head, footer=foot)
        # &P and &N are the page number and count; a literal & in the translation would be doubled.
        sheet.oddFooter.center.text = _("Page &P of &N")
        sheet.oddFooter.center.size = 9


def _shown(column: Column, cell: Cell) -> str:
    """The text a cell shows in the sheet, for fitting widths: dates in words, as their number format shows them."""
    if isinstance(cell.value, pendulum.Date | Decimal):
        return cell.shown(column)
    return visible_controls(cell.text)


def _set_text(cell: Any, text: str) -> None:
    # XML cannot hold most control characters; show them as \x1b rather than fail or drop them.
    cell.value = neutralise_formula(visible_controls(text))
    # openpyxl reads any string starting with "=" as a formula; this one is data.
    cell.data_type = "s"


def _set_value(cell: Any, value: Cell) -> None:
    v = value.value
    if v is None:
        return
    if isinstance(v, str):
        _set_text(cell, v)
    elif isinstance(v, pendulum.Date):
        cell.value = _dt.date(v.year, v.month, v.day)
    elif isinstance(v, (int, Decimal)):
        cell.value = v
    else:  # pragma: no cover - CellValue has no other member
        _set_text(cell, str(v))



XLSX = XlsxRenderer()
"""The ``xlsx`` renderer."""
