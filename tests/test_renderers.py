"""Renderers: golden outputs of the Helan plan, read-back of CSV, JSON and Excel, and the registry."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from tests.strategies import views

from edu_plan import Plan, Registry, datasets, default_registry
from edu_plan.errors import RenderError
from edu_plan.plugins.render import CSV, HTML, JSON, MARKDOWN, TABLE, XLSX, neutralise_formula, visible_controls
from edu_plan.protocols import Renderer, required_members
from edu_plan.views import ColumnType, View, build

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_VIEWS = ("responsibilities", "workload", "targets")
GOLDEN_FORMATS = {"table": TABLE, "markdown": MARKDOWN, "csv": CSV, "json": JSON}
# Set EDU_PLAN_UPDATE_GOLDEN=1 to write the golden files again after a deliberate change; review the diff.
UPDATE = os.environ.get("EDU_PLAN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def helan() -> Plan:
    return datasets.load("helan")


def _golden(name: str, data: str) -> None:
    path = GOLDEN / name
    raw = data.encode("utf-8")
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(raw)
    assert path.read_bytes() == raw, f"{name} differs from the golden file; rerun with EDU_PLAN_UPDATE_GOLDEN=1"


class TestGolden:
    @pytest.mark.parametrize("view_name", GOLDEN_VIEWS)
    @pytest.mark.parametrize("fmt", sorted(GOLDEN_FORMATS))
    def test_helan_view_matches_golden_file(self, helan: Plan, view_name: str, fmt: str) -> None:
        """The Helan plan's view in this format, in Chinese (the default), is byte for byte the reviewed golden file."""
        renderer = GOLDEN_FORMATS[fmt]
        _golden(f"helan-{view_name}{renderer.suffix}", renderer.render(build(view_name, helan, lang="zh")))

    @pytest.mark.parametrize("view_name", GOLDEN_VIEWS)
    def test_helan_view_in_english_matches_golden_file(self, helan: Plan, view_name: str) -> None:
        """The same view in English (``--lang en``), as a table, is byte for byte its golden file (``*.en.txt``)."""
        _golden(f"helan-{view_name}.en{TABLE.suffix}", TABLE.render(build(view_name, helan, lang="en")))

    def test_table_columns_line_up_for_chinese(self, helan: Plan) -> None:
        """Every line of the table is the same width in terminal columns, counting a Chinese character as two."""
        from wcwidth import wcswidth

        text = TABLE.render(build("responsibilities", helan, lang="zh"))
        grid = [line for line in text.splitlines() if line[:1] in "┌├│└"]
        assert 1 == len({wcswidth(line) for line in grid})


class TestCsv:
    def test_bom_then_header(self, helan: Plan) -> None:
        """The file starts with the UTF-8 BOM so Excel reads Chinese, then the attachment's headers."""
        text = CSV.render(build("responsibilities", helan, lang="zh"))
        assert text.startswith("\ufeff序号,重点任务,牵头单位,配合单位,责任单位,主要目标,完成时限\r\n")

    def test_several_views_are_refused(self, helan: Plan) -> None:
        """CSV holds one table: two views raise a RenderError that says what to use instead."""
        both = (*build("targets", helan), *build("workload", helan))
        with pytest.raises(RenderError, match=r"exactly one view \(got 2: List of targets and indicators, Division "
                                              r"of tasks among units\).*xlsx or html"):
            CSV.render(both)

    @given(views())
    def test_reads_back_as_the_neutralised_texts(self, view: View) -> None:
        """Parsed back, the CSV gives the headers and the cells' texts, text cells formula-neutralised."""
        rows = list(csv.reader(io.StringIO(CSV.render([view]).removeprefix("\ufeff"), newline="")))
        expected = [[neutralise_formula(h) for h in view.headers]]
        expected += [[neutralise_formula(c.text) if isinstance(c.value, str) else c.text for c in row]
                     for row in view.rows]
        assert expected == rows


class TestJson:
    @given(views())
    def test_reads_back_as_the_typed_values(self, view: View) -> None:
        """Read back, every row holds each cell's value: decimals exact, dates ISO, lights by name."""
        data = json.loads(JSON.render([view]), parse_float=Decimal)
        assert [c.key for c in view.columns] == [c["key"] for c in data["columns"]]
        for row, record in zip(view.rows, data["rows"], strict=True):
            for column, cell in zip(view.columns, row, strict=True):
                got = record[column.key]
                if column.type is ColumnType.LIGHT:
                    assert (cell.light.value if cell.light else None) == got["light"]
                    got = got["value"]
                assert (cell.value.isoformat() if column.type is ColumnType.DATE and cell.value else cell.value) == got

    def test_several_views_under_a_title(self, helan: Plan) -> None:
        """Several views come as {"title", "views": [...]}, in the order given."""
        data = json.loads(JSON.render([*build("targets", helan), *build("workload", helan)], title="贺兰"))
        assert ("贺兰", ["targets", "workload"]) == (data["title"], [v["view"] for v in data["views"]])

    def test_charts_are_included(self, helan: Plan) -> None:
        """The workload view's heat map is in the JSON with its type, rows and values."""
        (chart,) = json.loads(JSON.render(build("workload", helan)))["charts"]
        assert ("HeatMap", "县教体局", 2) == (chart["type"], chart["rows"][0], chart["values"][0][0])


def _xlsx_rows(data: bytes, shown: list[View]) -> dict[str, list[list[Any]]]:
    """Each sheet's table (header row and rows, under the title rows) over the shape of its view.

    The header is the row above the frozen pane; Excel does not store trailing empty cells.
    """
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    try:
        tables = {}
        for sheet, view in zip(book.worksheets, shown, strict=True):
            header = int(sheet.freeze_panes[1:]) - 1
            tables[sheet.title] = [
                list(r)
                for r in sheet.iter_rows(min_row=header, max_row=header + len(view.rows), max_col=len(view.columns),
                                         values_only=True)
            ]
        return tables
    finally:
        book.close()


def _expected_xlsx(view: View) -> list[list[Any]]:
    rows: list[list[Any]] = [[neutralise_formula(visible_controls(h)) for h in view.headers]]
    for row in view.rows:
        values: list[Any] = []
        for cell in row:
            v = cell.value
            if isinstance(v, str):
                values.append(neutralise_formula(visible_controls(v)) if v else None)
            elif isinstance(v, dt.date):
                values.append(dt.datetime(v.year, v.month, v.day))
            else:
                values.append(v)
        rows.append(values)
    return rows


def _as_decimal(rows: list[list[Any]]) -> list[list[Any]]:
    # openpyxl reads numbers back as int or float; compare them exactly as decimals of their shortest repr.
    return [[Decimal(repr(v)) if isinstance(v, float) else v for v in row] for row in rows]


class TestXlsx:
    def test_one_sheet_per_view_with_the_same_cells(self, helan: Plan) -> None:
        """Read back with openpyxl, each view is a sheet holding exactly its cells, numbers and dates typed."""
        chosen = [*build("responsibilities", helan, lang="zh"), *build("targets", helan, lang="zh"),
                  *build("workload", helan, lang="zh")]
        sheets = _xlsx_rows(XLSX.render(chosen), chosen)
        assert ["责任清单", "目标指标清单", "单位任务分工矩阵"] == list(sheets)
        for view in chosen:
            assert _expected_xlsx(view) == _as_decimal(sheets[view.title])

    def test_header_frozen_under_the_title_rows(self, helan: Plan) -> None:
        """The header row (row 3, under the plan's title and its 文号) is frozen: the pane starts at A4."""
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(XLSX.render(build("responsibilities", helan)))).active
        assert "A4" == sheet.freeze_panes

    def test_same_views_same_bytes(self, helan: Plan) -> None:
        """Rendering twice gives identical bytes: no clock in the workbook or its zip entries."""
        views_ = build("targets", helan)
        assert XLSX.render(views_) == XLSX.render(views_)

    @settings(max_examples=15)
    @given(views())
    def test_reads_back_for_any_view(self, view: View) -> None:
        """Any view, hostile text included, reads back from its sheet cell for cell."""
        (rows,) = _xlsx_rows(XLSX.render([view]), [view]).values()
        assert _expected_xlsx(view) == _as_decimal(rows)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self._in = True
            self.cells.append("")
        elif tag == "br" and self._in:
            self.cells[-1] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.cells[-1] += data


class TestHtml:
    @given(views())
    def test_cells_read_back_as_their_text(self, view: View) -> None:
        """Parsed as HTML, the table cells hold exactly the texts people read (View.shown_texts: a date in words):
        nothing was taken as markup."""
        parser = _Text()
        parser.feed(HTML.render([view]))
        assert [visible_controls(text) for row in view.shown_texts() for text in row] == parser.cells

    def test_same_views_same_bytes(self, helan: Plan) -> None:
        """The page has no date or random id in it: the same views give the same text."""
        chosen = build("workload", helan)
        assert HTML.render(chosen) == HTML.render(chosen)


class TestRegistry:
    @pytest.mark.parametrize("name", ["csv", "html", "json", "markdown", "table", "xlsx"])
    def test_built_ins_are_found_through_entry_points(self, name: str) -> None:
        """Each built-in renderer loads from its entry point and implements the Renderer protocol."""
        renderer = Registry().renderer(name)
        assert name == renderer.name
        assert isinstance(renderer, Renderer)
        assert all(hasattr(renderer, member) for member in required_members(Renderer))

    def test_default_registry_lists_them(self) -> None:
        """The process-wide registry names the six built-in formats."""
        names = set(default_registry().names("edu_plan.renderers"))
        assert {"csv", "html", "json", "markdown", "table", "xlsx"} <= names
