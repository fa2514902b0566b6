"""The ``spreadsheet`` importer: a 责任清单 in .xlsx (written by openpyxl here) or .csv."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from edu_plan import Role, default_registry
from edu_plan.errors import PlanImportError
from edu_plan.plugins.importers import SPREADSHEET, import_rows

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "主要目标", "完成时限"]
ROWS = [
    ["1", "学前教育更加普及普惠", "县教体局", "县发改局、财政局、自然资源局", "新增幼儿园10所，新增学位3600个",
     "2027年底"],
    ["2", "完善师能提升机制", "县教体局", "县财政局、人社局", "每年选派10名校（园）长开展挂职锻炼", "长期坚持"],
    ["3", "全力维护校园政治安全", "县委宣传部、县教体局", "县委统战部（民宗局）、网信办", "", ""],
]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


class TestCsv:
    def test_rows_become_tasks(self, tmp_path: Path) -> None:
        """Each row is a task with its units (several in a cell, prefix distributed) and its targets."""
        result = SPREADSHEET.import_plan(_csv(tmp_path / "清单.csv", [HEADER, *ROWS]))
        plan = result.plan
        assert plan is not None
        assert [1, 2, 3] == [t.number for t in plan.tasks]
        assert [("县教体局", Role.LEAD), ("县发改局", Role.COOPERATING), ("县财政局", Role.COOPERATING),
                ("县自然资源局", Role.COOPERATING)] == [(plan.unit(r.unit).name, r.role)
                                                       for r in plan.task(1).responsibilities]
        assert [(Decimal(10), pendulum.Date(2027, 12, 31)), (Decimal(3600), pendulum.Date(2027, 12, 31))] == [
            (t.quantity, t.deadline) for t in plan.task(1).targets]
        assert "每年" == plan.task(2).targets[0].recurrence.describe()  # type: ignore[union-attr]
        assert ["县委统战部", "县委网信办"] == [plan.unit(r.unit).name for r in plan.task(3).responsibilities[2:]]
        assert result.ok

    def test_header_below_a_title_row(self, tmp_path: Path) -> None:
        """A title row above the header names the plan; the header is found by its Chinese column names."""
        rows = [["贺兰县教育质量提升行动责任清单", "", "", "", "", ""], [], HEADER, *ROWS]
        result = SPREADSHEET.import_plan(_csv(tmp_path / "list.csv", rows))
        assert result.plan is not None
        assert "贺兰县教育质量提升行动责任清单" == result.plan.title

    def test_other_column_names(self) -> None:
        """工作任务 / 责任单位 / 目标 are read like 重点任务 / 牵头单位 / 主要目标."""
        rows = [["编号", "工作任务", "责任单位", "目标"], ["1", "平安校园", "县教体局", "每年开展一次隐患排查"]]
        result = import_rows(rows)
        assert result.plan is not None
        assert [Role.RESPONSIBLE] == [r.role for r in result.plan.task(1).responsibilities]

    def test_no_header(self, tmp_path: Path) -> None:
        """A sheet without a recognisable header is an error that names the columns it needs."""
        with pytest.raises(PlanImportError, match="no header row"):
            SPREADSHEET.import_plan(_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]]))


class TestXlsx:
    def test_merged_cells(self, tmp_path: Path) -> None:
        """A section cell merged over two rows gives both tasks the section; merged task cells are one task."""
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["重点任务责任清单"] * 1)
        sheet.merge_cells("A1:G1")
        sheet.append(["板块", *HEADER])
        sheet.append(["全面落实立德树人根本任务", *ROWS[0]])
        sheet.append([None, *ROWS[1]])
        sheet.append(["统筹教育发展和安全", *ROWS[2]])
        sheet.merge_cells("A3:A4")
        path = tmp_path / "清单.xlsx"
        book.save(path)
        result = SPREADSHEET.import_plan(path)
        plan = result.plan
        assert plan is not None
        assert [("全面落实立德树人根本任务", [1, 2]), ("统筹教育发展和安全", [3])] == [
            (s.title, [t.number for t in s.tasks]) for s in plan.sections]
        assert "重点任务责任清单" == plan.title

    def test_registered(self) -> None:
        """The importer is found through its entry point, like a third party's."""
        assert SPREADSHEET is default_registry().importer("spreadsheet")
