"""The ``spreadsheet`` importer: a responsibility list (责任清单) in .xlsx (openpyxl, extra ``[xlsx]``) or .csv.

The header row is found by its Chinese column names (序号, 重点任务 / 工作任务, 牵头单位,
配合单位 / 责任单位, 目标 / 主要目标, 完成时限); merged cells give their value to every
cell they cover; a cell may name several units (县发改局、财政局).
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from edu_plan._i18n import gettext as _
from edu_plan._import import ImportResult
from edu_plan._reading import check_zip, csv_rows, read_text
from edu_plan._registry import Registry
from edu_plan.errors import PlanImportError
from edu_plan.plugins.importers._build import PlanBuilder
from edu_plan.plugins.importers._table import COLUMNS, find_table, rows_into_tasks

__all__ = ["SPREADSHEET", "SpreadsheetImporter", "import_rows", "read_rows"]


def read_rows(path: str | PathLike[str]) -> tuple[list[list[object]], str]:
    """The rows of the first sheet that holds a 责任清单 (merged cells filled in), and the sheet's title row."""
    file = Path(path)
    if not file.is_file():
        raise PlanImportError(_("{file}: no such file; give the path of the 责任清单 (.xlsx or .csv)").format(
            file=file))
    suffix = file.suffix.lower()
    if suffix == ".csv":
        text = read_text(file)
        rows: list[list[object]] = [list(r) for _, r in csv_rows(text, source=str(file))]
        return rows, ""
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(file)
    raise PlanImportError(_("{file}: the spreadsheet importer reads .xlsx and .csv (got {value!r})").format(
                              file=file, value=suffix or 'no suffix'))


def _xlsx_rows(file: Path) -> tuple[list[list[object]], str]:
    try:
        import openpyxl
    except ImportError:
        raise PlanImportError(_("{file}: reading .xlsx needs openpyxl; install it with pip install "
                                "'edu-plan[xlsx]'").format(
                                  file=file)
                              ) from None
    check_zip(file)
    try:
        book = openpyxl.load_workbook(file, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises zipfile, KeyError, InvalidFileException…
        raise PlanImportError(_("{file}: not a readable .xlsx file ({name}: {exc})").format(
                                  file=file, name=type(exc).__name__, exc=exc)) from None
    first: list[list[object]] | None = None
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        # A merged cell keeps its value in its top-left cell only; give it to every cell it covers.
        for merged in sheet.merged_cells.ranges:
            value = sheet.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                        rows[r - 1][c - 1] = value
        first = first if first is not None else rows
        if find_table(rows) is not None:
            return rows, str(sheet.title)
    return first or [], ""


def import_rows(rows: list[list[object]], *, source: str = "<rows>", title: str = "",
                plan_id: str | None = None, registry: Registry | None = None) -> ImportResult:
    """Import a plan from the rows of a 责任清单 (what the ``spreadsheet`` importer does with a file)."""
    table = find_table(rows)
    if table is None:
        names = "、".join(COLUMNS["task"][:2] + COLUMNS["lead"][:1] + COLUMNS["cooperating"][:1])
        raise PlanImportError(_("{source}: no header row found in the first ten rows; the 责任清单 needs a row naming "
                                "its columns, with at least a task column and a unit column ({names})").format(
                                  source=source, names=names))
    builder = PlanBuilder(source=source, importer="spreadsheet", plan_id=plan_id, registry=registry)
    # A title row above the header (贺兰县教育质量提升行动责任清单) names the plan.
    for row in rows[:10]:
        values = [str(c).strip() for c in row if c is not None and str(c).strip()]
        if values and len(set(values)) == 1 and ("清单" in values[0] or "方案" in values[0]):
            builder.title = values[0]
            break
    builder.title = builder.title or title
    rows_into_tasks(builder, table)
    if not table:
        builder.note(_("the header row was found but no task row under it"))
    return builder.finish()


class SpreadsheetImporter:
    """The ``spreadsheet`` importer: a 责任清单 in .xlsx or .csv."""

    name = "spreadsheet"
    suffixes = frozenset({".xlsx", ".xlsm", ".csv"})

    def import_plan(self, source: str | PathLike[str], *, plan_id: str | None = None) -> ImportResult:
        """Import the 责任清单 in the file ``source``."""
        rows, title = read_rows(source)
        return import_rows(rows, source=str(source), title=title, plan_id=plan_id)


SPREADSHEET = SpreadsheetImporter()
"""The ``spreadsheet`` importer, as registered under ``edu_plan.importers``."""
