"""Print-ready Excel: the page set-up read back with openpyxl, and the pages LibreOffice prints from it.

The LibreOffice tests convert the workbooks to PDF (``soffice --headless --convert-to pdf`` with a
private profile) and read the pages with poppler (``pdfinfo``, ``pdftotext``, ``pdftoppm``).  They
skip, saying why, when those are missing, unless EDU_PLAN_REQUIRE_OFFICE=1 (CI), then they fail.
With EDU_PLAN_UPDATE_GALLERY=1 the first printed page of the 责任清单 is copied to docs/gallery/.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from edu_plan import Period, datasets, serialization
from edu_plan._i18n import use_language
from edu_plan.plugins.render import XLSX
from edu_plan.plugins.render._xlsx import column_widths, fit_to_height, page_width_units
from edu_plan.progress import load_progress
from edu_plan.views import Cell, Column, ColumnType, Document, View, assess, build

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
HELAN = ROOT / "examples" / "helan"


def _sheet(data: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).active


@pytest.fixture(scope="module")
def responsibilities() -> bytes:
    """The Helan plan's 责任清单 (22 tasks) as a workbook, in Chinese."""
    with use_language("zh"):
        return XLSX.render(build("responsibilities", datasets.load("helan")))


@pytest.fixture(scope="module")
def report_views() -> tuple[View, ...]:
    """Every view of the Helan example scored for 2024 with its scheme (示例数据，非真实数据), in Chinese."""
    plan = datasets.load("helan")
    with use_language("zh"):
        progress = load_progress(HELAN / "progress-2023-2024.csv", plan=plan)
        scheme = serialization.loads((HELAN / "scheme.toml").read_text(encoding="utf-8"), "toml")
        assessment = assess(plan, progress, period=Period.parse("2024"), scheme=scheme)
        return build("report", plan, progress=progress, assessment=assessment)


class TestPageSetUp:
    def test_a4_landscape_one_page_wide(self, responsibilities: bytes) -> None:
        """A4 (paper size 9), landscape, fitted to one page wide; high: the 22 tasks with their own wording and
        timing (完成时限 such as "2027年12月31日；每学期") fill two pages and a short third, so the sheet is fitted to
        one page fewer (2) rather than left free (0)."""
        sheet = _sheet(responsibilities)
        setup = sheet.page_setup
        assert ("landscape", 9, 1, 2) == (setup.orientation, int(setup.paperSize), setup.fitToWidth,
                                          setup.fitToHeight)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage

    def test_header_row_repeated_on_every_page(self, responsibilities: bytes) -> None:
        """Row 3, the column headers under the two title rows, is the print title row."""
        assert "$3:$3" == _sheet(responsibilities).print_title_rows

    def test_margins(self, responsibilities: bytes) -> None:
        """Margins in inches: 0.5 left and right, 0.6 top and bottom, header and footer 0.3."""
        m = _sheet(responsibilities).page_margins
        assert (0.5, 0.5, 0.6, 0.6, 0.3, 0.3) == (m.left, m.right, m.top, m.bottom, m.header, m.footer)

    def test_page_numbers_in_the_footer(self, responsibilities: bytes) -> None:
        """The footer reads 第 &P 页 共 &N 页 (&P the page, &N the count)."""
        assert "第 &P 页 共 &N 页" == _sheet(responsibilities).oddFooter.center.text

    def test_title_rows(self, responsibilities: bytes) -> None:
        """Row 1 is the plan's title and the view's, row 2 the 文号, each merged across the 7 columns."""
        sheet = _sheet(responsibilities)
        assert "贺兰县教育质量提升行动实施方案责任清单" == sheet["A1"].value
        assert "贺党教发〔2023〕1号" == sheet["A2"].value
        assert {"A1:G1", "A2:G2"} <= {str(r) for r in sheet.merged_cells.ranges}
        assert sheet["A1"].font.b

    def test_period_and_as_of_in_words(self, report_views: tuple[View, ...]) -> None:
        """A scored view's second title row has the period and the 截至 day in words: 2024年, 截至2024年12月31日."""
        (scorecards,) = [v for v in report_views if v.name == "scorecards"]
        with use_language("zh"):
            sheet = _sheet(XLSX.render([scorecards]))
        assert "贺党教发〔2023〕1号\u30002024年\u3000截至2024年12月31日" == sheet["A2"].value

    def test_every_table_cell_bordered_and_text_wrapped(self, responsibilities: bytes) -> None:
        """Rows 3 to 25 (header and 22 tasks) × 7 columns all have four thin borders; text cells wrap."""
        sheet = _sheet(responsibilities)
        for row in sheet.iter_rows(min_row=3, max_row=25, max_col=7):
            for cell in row:
                sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
                assert ["thin"] * 4 == [s.style for s in sides], cell.coordinate
        assert all(sheet.cell(row=r, column=2).alignment.wrap_text for r in range(4, 26))
        assert None is sheet["A26"].value  # nothing below the 22nd task

    def test_frozen_under_the_header(self, responsibilities: bytes) -> None:
        """The pane is frozen below row 3, the header row."""
        assert "A4" == _sheet(responsibilities).freeze_panes

    def test_dates_shown_in_chinese(self, responsibilities: bytes) -> None:
        """完成时限 is a real date shown as 2027年12月31日 by its number format."""
        cell = _sheet(responsibilities)["G4"]
        assert (2027, 12, 31) == (cell.value.year, cell.value.month, cell.value.day)
        assert 'yyyy"年"m"月"d"日"' == cell.number_format

    def test_same_views_same_bytes(self, report_views: tuple[View, ...]) -> None:
        """The whole report, title rows and page set-up included, gives the same bytes twice."""
        with use_language("zh"):
            assert XLSX.render(report_views) == XLSX.render(report_views)

    def test_formula_in_a_title_stays_text(self) -> None:
        """A plan title starting with = is stored as the text '=… in the title row, not as a formula."""
        view = View(name="v", title="表", columns=(Column(key="a", label="甲"),), rows=((Cell(value="x"),),),
                    document=Document(plan_id="p", plan_title="=cmd|' /C calc'!A0"))
        cell = _sheet(XLSX.render([view]))["A1"]
        assert ("'=cmd|' /C calc'!A0 表", "s") == (cell.value, cell.data_type)

    def test_empty_view_says_none(self, chinese: None) -> None:
        """A view with no rows has 无 in the row under its header, not a bare header."""
        view = View(name="v", title="进度滞后单位", columns=(Column(key="a", label="单位"),), rows=())
        sheet = _sheet(XLSX.render([view]))
        assert ("进度滞后单位", "单位", "无") == (sheet["A1"].value, sheet["A2"].value, sheet["A3"].value)


class TestFitting:
    def test_short_text_keeps_its_width(self) -> None:
        """序号 (header 4 columns wide, values 1) is 4 + 1 = 5 wide; 县教体局 (8 columns) is 8 + 1 = 9."""
        columns = (Column(key="n", label="序号", type=ColumnType.INTEGER), Column(key="u", label="单位"))
        assert [5, 9] == column_widths(columns, [["1", "县教体局"], ["2", "团县委"]], budget=100)

    def test_long_text_grows_to_its_length_when_the_page_allows(self) -> None:
        """Ten Chinese characters (20 columns) get 20 + 1 = 21 on a page 100 wide: one line."""
        assert [21] == column_widths((Column(key="t", label="说明"),), [["甲" * 10]], budget=100)

    def test_long_text_takes_what_the_page_leaves(self) -> None:
        """Beside a 5-wide number, 300 columns of text get the whole rest of a 60-wide page: 55."""
        columns = (Column(key="n", label="序号", type=ColumnType.INTEGER), Column(key="t", label="说明"))
        widths = column_widths(columns, [["1", "甲" * 150]], budget=60)
        assert [5, 55] == widths

    def test_long_table_same_widths_as_its_rows(self) -> None:
        """1000 identical rows (past the 300 the search samples) get the widths one such row gets."""
        columns = (Column(key="u", label="单位"), Column(key="t", label="说明"))
        row = ["县教体局、县财政局、县人社局", "甲" * 120]
        assert column_widths(columns, [row], budget=80) == column_widths(columns, [row] * 1000, budget=80)

    def test_page_width(self) -> None:
        """297 mm less 2 × 12.7 mm of margins = 271.6 mm, at 1.98 mm a unit = 137.17 → 137, less 1 = 136."""
        assert 136 == page_width_units()

    def test_last_page_full_enough_stays(self) -> None:
        """Page height (210 mm − 1.2 in) = 508.9 pt.  Title 30 + 20, header 20, rows of 18: 24 rows on page 1
        (70 + 432 = 502); 40 rows leave 16 on page 2 (288 pt, 57 %): as many pages as it takes, 0."""
        assert 0 == fit_to_height([30, 20], 20, [18] * 40)

    def test_nearly_empty_last_page_is_avoided(self) -> None:
        """27 rows leave 3 on page 2 (54 pt, 11 % < 20 %): fitted to 1 page high."""
        assert 1 == fit_to_height([30, 20], 20, [18] * 27)

    def test_one_page_stays_zero(self) -> None:
        """10 rows fit on the first page: 0."""
        assert 0 == fit_to_height([30, 20], 20, [18] * 10)


# -- printed through LibreOffice -------------------------------------------------------------------


def _office_or_skip() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [name for name, found in (("soffice", soffice), ("pdfinfo", shutil.which("pdfinfo")),
                                        ("pdftotext", shutil.which("pdftotext")),
                                        ("pdftoppm", shutil.which("pdftoppm"))) if not found]
    if not missing and soffice:
        return soffice
    why = f"{', '.join(missing)} not found (apt-get install libreoffice-calc poppler-utils)"
    if os.environ.get("EDU_PLAN_REQUIRE_OFFICE") == "1":
        pytest.fail(f"EDU_PLAN_REQUIRE_OFFICE=1 but {why}")
    pytest.skip(f"{why}; set EDU_PLAN_REQUIRE_OFFICE=1 to fail")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, responsibilities: bytes,
            report_views: tuple[View, ...]) -> dict[str, Path]:
    """The 责任清单 and the whole report, printed to PDF by LibreOffice (one run, a private profile)."""
    soffice = _office_or_skip()
    folder = tmp_path_factory.mktemp("print")
    (folder / "responsibilities.xlsx").write_bytes(responsibilities)
    with use_language("zh"):
        (folder / "report.xlsx").write_bytes(XLSX.render(report_views))
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(folder / "responsibilities.xlsx"), str(folder / "report.xlsx")],
        check=True, capture_output=True, timeout=300,
    )
    return {"responsibilities": folder / "responsibilities.pdf", "report": folder / "report.pdf", "folder": folder}


def _pages(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points, from pdfinfo."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", out)]


def _text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


class TestPrinted:
    def test_responsibility_list_on_two_landscape_a4_pages(self, printed: dict[str, Path]) -> None:
        """The 22-task 责任清单 prints on at most 2 pages, each A4 landscape: 841.89 × 595.3 pt."""
        pages = _pages(printed["responsibilities"])
        assert 1 <= len(pages) <= 2
        assert all(round(w) == 842 and round(h) == 595 for w, h in pages)

    def test_title_on_the_first_page(self, printed: dict[str, Path]) -> None:
        """Page 1 shows the plan's title with the view's and the 文号."""
        text = _text(printed["responsibilities"], 1)
        assert "贺兰县教育质量提升行动实施方案责任清单" in text.replace(" ", "")
        assert "贺党教发〔2023〕1号" in text

    def test_headers_repeated_on_the_last_page(self, printed: dict[str, Path]) -> None:
        """The last page starts again with the column headers 重点任务 … 主要目标, and is numbered 第 N 页 共 N 页."""
        pdf = printed["responsibilities"]
        count = len(_pages(pdf))
        text = _text(pdf, count)
        assert {"重点任务", "牵头单位", "主要目标", "完成时限"} <= set(text.split())
        assert f"第{count}页共{count}页" in text.replace(" ", "")  # pdftotext spaces the footer its own way

    def test_last_task_printed(self, printed: dict[str, Path]) -> None:
        """Task 22 (深化平安校园建设) is on the last page: no row is lost."""
        pdf = printed["responsibilities"]
        assert "深化平安校园建设" in _text(pdf, len(_pages(pdf)))

    def test_report_prints_landscape_and_sensibly(self, printed: dict[str, Path]) -> None:
        """Every page of the report (8 sheets, the 246 score lines among them) is A4 landscape, in at most
        40 pages (measured 33: 18 of them the score lines; before this layout it took 32 portrait pages
        without the score lines, its columns cut off)."""
        pages = _pages(printed["report"])
        assert all(round(w) == 842 and round(h) == 595 for w, h in pages)
        assert len(pages) <= 40

    def test_page_image(self, printed: dict[str, Path]) -> None:
        """The first printed page renders to a PNG (pdftoppm); EDU_PLAN_UPDATE_GALLERY=1 copies it to the gallery."""
        folder = printed["folder"]
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", "-singlefile",
                        str(printed["responsibilities"]), str(folder / "xlsx-responsibilities")], check=True)
        image = folder / "xlsx-responsibilities.png"
        assert image.stat().st_size > 10_000
        if os.environ.get("EDU_PLAN_UPDATE_GALLERY") == "1":
            shutil.copyfile(image, GALLERY / image.name)
        assert (GALLERY / image.name).exists()

