"""``xlsx``: views as an Excel workbook, one sheet per view (needs the ``[xlsx]`` extra, openpyxl).

Header rows are frozen, columns are as wide as their text (a Chinese character counts
twice), numbers and dates are real numbers and dates, and text that would start a
formula is stored as text with a leading ``'``.  The workbook's timestamps are fixed
so the same views give the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from wcwidth import wcswidth

from edu_plan.errors import RenderError
from edu_plan.plugins.render._safety import neutralise_formula, visible_controls
from edu_plan.views import Cell, ColumnType, Light, View

__all__ = ["XLSX", "XlsxRenderer", "sheet_title"]

_FIXED_TIME = _dt.datetime(2000, 1, 1)  # a constant stamp, not a moment: no zone
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FILLS = {Light.GREEN: "C6EFCE", Light.YELLOW: "FFEB9C", Light.ORANGE: "FCD5B4", Light.RED: "FFC7CE",
          Light.GREY: "E7E6E6"}


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


def _display_width(text: str) -> int:
    width = max((wcswidth(line) for line in text.split("\n")), default=0)
    return max(width, len(text.split("\n")[0])) if width < 0 else width


@attrs.frozen(kw_only=True)
class XlsxRenderer:
    """One sheet per view; text columns wider than ``max_width`` wrap."""

    name: str = "xlsx"
    suffix: str = ".xlsx"
    media_type: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    max_width: int = 60

    def render(self, views: Sequence[View], *, title: str = "") -> bytes:
        """The workbook's bytes."""
        try:
            from openpyxl import Workbook
            from openpyxl.styles import Alignment, Font, PatternFill
            from openpyxl.utils import get_column_letter
        except ImportError:
            raise RenderError(
                "the xlsx format needs openpyxl; install it with: pip install 'edu-plan[xlsx]'"
            ) from None
        if not views:
            raise RenderError("the xlsx format needs at least one view (got none)")
        workbook = Workbook()
        workbook.remove(workbook.active)
        workbook.properties.title = title or None
        workbook.properties.creator = "edu_plan"
        workbook.properties.created = _FIXED_TIME
        taken: set[str] = set()
        bold = Font(bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        for view in views:
            sheet = workbook.create_sheet(sheet_title(view.title, taken))
            widths = [_display_width(h) for h in view.headers]
            for col, header in enumerate(view.headers, start=1):
                cell = sheet.cell(row=1, column=col)
                _set_text(cell, header)
                cell.font = bold
            for r, row in enumerate(view.rows, start=2):
                for col, (column, value) in enumerate(zip(view.columns, row, strict=True), start=1):
                    cell = sheet.cell(row=r, column=col)
                    _set_value(cell, value)
                    if column.type is ColumnType.DATE and value.value is not None:
                        cell.number_format = "yyyy-mm-dd"
                    if value.light is not None:
                        cell.fill = PatternFill("solid", fgColor=_FILLS[value.light])
                    if "\n" in value.text or _display_width(value.text) > self.max_width:
                        cell.alignment = wrap
                    widths[col - 1] = max(widths[col - 1], _display_width(value.text))
            for col, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(col)].width = min(width, self.max_width) + 2
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
        buffer = io.BytesIO()
        workbook.save(buffer)
        return _reproducible(buffer.getvalue())


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


def _reproducible(data: bytes) -> bytes:
    """The same workbook with fixed timestamps inside and on every zip entry."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


XLSX = XlsxRenderer()
"""The ``xlsx`` renderer."""
