"""Hostile text in a plan comes out inert in every format, and output paths never leave their folder."""

from __future__ import annotations

import csv
import io
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from edu_plan import Plan, datasets
from edu_plan.cli import main
from edu_plan.cli._render import output_path
from edu_plan.errors import RenderError
from edu_plan.plugins.render import CSV, HTML, JSON, MARKDOWN, TABLE, XLSX, contained_path
from edu_plan.views import View, build

SCRIPT = "<script>alert('x')</script>"
FORMULA = "=cmd|' /C calc'!A0"
ESCAPE = "\x1b[2J清屏"


@pytest.fixture(scope="module")
def hostile() -> Plan:
    """The Helan plan with a script tag in task 1's title, a formula as a unit name, an escape in a target."""
    plan = datasets.load("helan")
    section = plan.sections[0]
    task = section.tasks[0]
    target = attrs.evolve(task.targets[0], metric=f"{ESCAPE}{SCRIPT}")
    task = attrs.evolve(task, title=SCRIPT, targets=(target,))
    units = tuple(attrs.evolve(u, name=FORMULA) if u.id == "education-sports" else u for u in plan.units)
    return attrs.evolve(plan, units=units, sections=(attrs.evolve(section, tasks=(task, *section.tasks[1:])),
                                                     *plan.sections[1:]))


@pytest.fixture(scope="module")
def hostile_views(hostile: Plan) -> tuple[View, ...]:
    return (*build("responsibilities", hostile), *build("workload", hostile), *build("ledger", hostile))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href") and not (v or "").startswith("#")]


class TestHtml:
    def test_script_is_text(self, hostile_views: tuple[View, ...]) -> None:
        """No <script> element comes out of the page; the title shows as &lt;script&gt; text instead."""
        page = HTML.render(hostile_views)
        parser = _Elements()
        parser.feed(page)
        assert "script" not in parser.tags
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page

    def test_no_outside_reference_and_a_strict_policy(self, hostile_views: tuple[View, ...]) -> None:
        """The page links to nothing outside itself and forbids loading or running anything by CSP."""
        page = HTML.render(hostile_views)
        parser = _Elements()
        parser.feed(page)
        assert [] == parser.links
        assert "default-src 'none'" in page

    def test_escape_sequence_is_shown_not_sent(self, hostile_views: tuple[View, ...]) -> None:
        """The terminal escape character is written as the visible text \\x1b."""
        page = HTML.render(hostile_views)
        assert "\x1b" not in page
        assert "\\x1b[2J清屏" in page


class TestSpreadsheets:
    def test_csv_formula_is_text(self, hostile_views: tuple[View, ...]) -> None:
        """In CSV the unit name =cmd|… starts with ' so Excel shows it and runs nothing; no cell starts a formula."""
        text = CSV.render(hostile_views[:1]).removeprefix("\ufeff")
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        assert "'" + FORMULA in cells
        assert [] == [c for c in cells if c[:1] in ("=", "+", "-", "@")]

    def test_xlsx_formula_is_a_string_cell(self, hostile_views: tuple[View, ...]) -> None:
        """In Excel no cell is a formula; the unit name is the string '=cmd|… in every sheet."""
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(XLSX.render(hostile_views)))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        book.close()
        assert [] == [c.coordinate for c in cells if c.data_type == "f"]
        assert "'" + FORMULA in {c.value for c in cells}


class TestText:
    def test_markdown_shows_markup(self, hostile_views: tuple[View, ...]) -> None:
        """In Markdown the script tag is entity-escaped (Markdown passes raw HTML through) and | cannot split a cell."""
        text = MARKDOWN.render(hostile_views)
        assert "<script" not in text
        assert "=cmd\\|' /C calc'!A0" in text

    def test_table_sends_no_escape_character(self, hostile_views: tuple[View, ...]) -> None:
        """The terminal table shows \\x1b instead of sending the escape that would clear the screen."""
        text = TABLE.render(hostile_views)
        assert "\x1b" not in text

    def test_json_keeps_the_exact_text(self, hostile_views: tuple[View, ...]) -> None:
        """JSON is data for programs: the hostile title comes back exactly, as a string."""
        data = json.loads(JSON.render(hostile_views[:1]))
        assert SCRIPT == data["rows"][0]["task"]
        assert FORMULA == data["rows"][0]["lead"]


class TestPaths:
    def test_dot_dot_is_refused(self, tmp_path: Path) -> None:
        """A name with .. is refused before anything is written."""
        with pytest.raises(RenderError, match=r"'\.\.' is not allowed"):
            contained_path(tmp_path, "../escape.html")

    def test_symlink_pointing_out_is_refused(self, tmp_path: Path) -> None:
        """A folder symlink inside the folder that points outside it is refused, naming where it leads."""
        inside, outside = tmp_path / "inside", tmp_path / "outside"
        inside.mkdir()
        outside.mkdir()
        (inside / "link").symlink_to(outside, target_is_directory=True)
        with pytest.raises(RenderError, match="outside the folder"):
            contained_path(inside, "link/report.html")

    def test_file_symlink_pointing_out_is_refused(self, tmp_path: Path) -> None:
        """An existing file that is a symlink to a file elsewhere is not written through."""
        (tmp_path / "inside").mkdir()
        (tmp_path / "secret.txt").write_text("keep", encoding="utf-8")
        (tmp_path / "inside" / "report.csv").symlink_to(tmp_path / "secret.txt")
        with pytest.raises(RenderError, match="outside the folder"):
            output_path("report.csv", cwd=tmp_path / "inside")

    def test_plain_names_are_inside(self, tmp_path: Path) -> None:
        """A plain relative name, in a sub-folder too, resolves inside the folder."""
        (tmp_path / "out").mkdir()
        assert tmp_path.resolve() / "out" / "r.html" == output_path("out/r.html", cwd=tmp_path)

    def test_command_line_refuses_and_writes_nothing(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """edu-plan render -o ../x.csv exits 1 with the reason and creates no file."""
        work = tmp_path / "work"
        work.mkdir()
        cwd = Path.cwd()
        os.chdir(work)
        try:
            status = main(["render", "helan", "--view", "targets", "--format", "csv", "-o", "../x.csv"])
        finally:
            os.chdir(cwd)
        assert 1 == status
        assert "'..' is not allowed" in capsys.readouterr().err
        assert [] == list(tmp_path.glob("x.csv"))
