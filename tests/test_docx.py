"""The ``docx`` renderer: the 通报 and the 整改通知 as Word documents in the layout of GB/T 9704-2012.

Most tests read the document back with python-docx (page set-up, fonts, tables, words); the
``TestOffice`` ones convert it to PDF with LibreOffice and look at the pages with poppler, as a
reader would print them (skipped, saying why, without ``soffice``; CI sets EDU_PLAN_REQUIRE_OFFICE=1
so that a missing LibreOffice fails instead).

Lengths: Word keeps page lengths in twips (1/1440 inch), python-docx reads them back in EMU
(1 twip = 635 EMU, 1 mm = 36 000 EMU), so 1 mm = 1440 / 25.4 = 56.693 twips.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from tests.strategies import views

from edu_plan import Period, Plan, datasets, default_registry
from edu_plan._i18n import use_language
from edu_plan.cli import main
from edu_plan.errors import RenderError
from edu_plan.plugins.render import DOCX, DocxRenderer, visible_controls
from edu_plan.progress import load_progress
from edu_plan.protocols import Renderer
from edu_plan.views import Cell, Column, ColumnType, Document, View, build

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402 - after the importorskip that guards it
from docx.shared import Pt, Twips  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
EXAMPLE = ROOT / "examples" / "helan"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def helan() -> Plan:
    return datasets.load("helan")


def _helan_views(helan: Plan, name: str) -> tuple[View, ...]:
    """The Helan example's 2024 views, in Chinese (examples/helan/progress-2023-2024.csv and scheme.toml)."""
    progress = load_progress(EXAMPLE / "progress-2023-2024.csv", plan=helan)
    with use_language("zh"):
        return build(name, helan, progress=progress, period=Period.parse("2024"), scheme=EXAMPLE / "scheme.toml")


@pytest.fixture(scope="module")
def bulletin_views(helan: Plan) -> tuple[View, ...]:
    return _helan_views(helan, "bulletin")


@pytest.fixture(scope="module")
def rectification_views(helan: Plan) -> tuple[View, ...]:
    return _helan_views(helan, "rectifications")


@pytest.fixture(scope="module")
def bulletin_bytes(bulletin_views: tuple[View, ...]) -> bytes:
    with use_language("zh"):
        return DOCX.render(bulletin_views)


@pytest.fixture(scope="module")
def bulletin(bulletin_bytes: bytes) -> Any:
    return docx.Document(io.BytesIO(bulletin_bytes))


def _document(name: str = "rectifications", rows: tuple[tuple[Cell, ...], ...] | None = None) -> View:
    """A small 整改清单 written by hand: two orders (常信乡, 县教体局) and one finding not yet ordered."""
    columns = (
        Column(key="number", label="序号", type=ColumnType.INTEGER),
        Column(key="unit", label="单位"),
        Column(key="finding", label="问题"),
        Column(key="issued", label="下达日期", type=ColumnType.DATE),
        Column(key="due", label="整改期限", type=ColumnType.DATE),
    )
    day, due = pendulum.Date(2027, 12, 31), pendulum.Date(2028, 1, 14)
    if rows is None:
        rows = (
            (Cell(value=1), Cell(value="常信乡"), Cell(value="迟报进展"), Cell(value=day), Cell(value=due)),
            (Cell(value=2), Cell(value="县教体局"), Cell(value="目标未完成"), Cell(value=day), Cell(value=due)),
            (Cell(value=3), Cell(value="县财政局"), Cell(value="尚未下达"), Cell(), Cell()),
        )
    document = Document(plan_id="p", plan_title="贺兰县教育质量提升行动实施方案", doc_number="贺教发〔2024〕12号",
                        issuer="贺兰县教育体育局", period=Period.parse("2027"), as_of=day, issued=day)
    return View(name=name, title="整改清单", columns=columns, rows=rows, document=document)


def _texts(document: Any) -> list[str]:
    """Every paragraph's text, in the body and in the table cells, in document order."""
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, document).text for p in document.element.body.iter(f"{W}p")]


def _paragraphs(document: Any, style: str) -> list[Any]:
    return [p for p in document.paragraphs if p.style.name == style]


def _east_asia(style: Any) -> str:
    return str(style.element.rPr.rFonts.get(qn("w:eastAsia")))


class TestPage:
    def test_a4_with_the_margins_of_the_standard(self, bulletin: Any) -> None:
        """A4 is 210 × 297 mm = 11906 × 16838 twips (210 × 56.693 = 11905.5, 297 × 56.693 = 16837.8); the margins
        37 / 35 / 28 / 26 mm are 2098 / 1984 / 1587 / 1474 twips (2097.6, 1984.3, 1587.4, 1474.0 rounded)."""
        section = bulletin.sections[0]
        assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
        assert (section.top_margin, section.bottom_margin) == (Twips(2098), Twips(1984))
        assert (section.left_margin, section.right_margin) == (Twips(1587), Twips(1474))
        assert round(section.page_width.mm) == 210
        assert round(section.top_margin.mm) == 37

    def test_28_characters_by_22_lines(self, bulletin: Any) -> None:
        """The text block is 16838 − 2098 − 1984 = 12756 twips high: 22 lines of 579 twips (22 × 579 = 12738 fit,
        23 × 579 = 13317 do not). It is 11906 − 1587 − 1474 = 8845 twips = 442.25 pt wide: 28 characters of
        15.795 pt; Word's pitch is 16 pt + charSpace / 4096 pt, and −842 gives 15.7944 pt (28 × 15.7944 = 442.24
        ≤ 442.25; −841 would give 442.251 and only 27)."""
        grid = bulletin.sections[0]._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars"
        assert grid.get(qn("w:linePitch")) == "579"
        assert grid.get(qn("w:charSpace")) == "-842"

    def test_body_lines_are_the_grids_pitch(self, bulletin: Any) -> None:
        """Body paragraphs are exactly 579 twips apart (28.95 pt), whatever the font's own line height."""
        body = bulletin.styles["GW Body"].paragraph_format
        assert body.line_spacing == Twips(579)
        assert body.line_spacing_rule == docx.enum.text.WD_LINE_SPACING.EXACTLY

    def test_page_numbers_at_the_outside_edge(self, bulletin: Any) -> None:
        """"— 1 —" with a PAGE field, 4号 (14 pt) 宋体: right on odd pages, left on even ones (w:evenAndOddHeaders)."""
        section = bulletin.sections[0]
        odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
        assert bulletin.settings.odd_and_even_pages_header_footer
        assert (odd.alignment, even.alignment) == (docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT,
                                                   docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT)
        for footer in (odd, even):
            assert footer.text == "— 1 —"
            assert [i.text.strip() for i in footer._p.iter(f"{W}instrText")] == ["PAGE"]
        style = bulletin.styles["GW Page Number"]
        assert style.font.size == Pt(14)
        assert _east_asia(style) == "宋体"


class TestFonts:
    def test_title_is_2hao_xiaobiaosong(self, bulletin: Any) -> None:
        """The title is 2号 = 22 pt in 方正小标宋简体, named as the east-Asian font."""
        (title,) = _paragraphs(bulletin, "GW Title")
        style = title.style
        assert style.font.size == Pt(22)
        assert _east_asia(style) == "方正小标宋简体"

    def test_body_is_3hao_fangsong(self, bulletin: Any) -> None:
        """Body text is 3号 = 16 pt 仿宋_GB2312, in the document defaults too (what any unstyled text falls back to)."""
        assert bulletin.styles["GW Body"].font.size == Pt(16)
        assert _east_asia(bulletin.styles["Normal"]) == "仿宋_GB2312"
        defaults = bulletin.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
        assert defaults.find(qn("w:sz")).get(qn("w:val")) == "32"  # half-points

    def test_first_level_headings_are_heiti(self, bulletin: Any) -> None:
        """The 通报's sections are numbered 一、 二、 in 黑体 (GB/T 9704, 7.3.3)."""
        headings = _paragraphs(bulletin, "GW Heading 1")
        assert [h.text for h in headings] == ["一、进展情况通报", "二、进度滞后单位"]
        assert _east_asia(headings[0].style) == "黑体"

    def test_font_table_names_each_fonts_replacement(self, bulletin_bytes: bytes) -> None:
        """Where 仿宋_GB2312 or 方正小标宋简体 is missing, the font table names 仿宋 and 华文中宋 (w:altName)."""
        with zipfile.ZipFile(io.BytesIO(bulletin_bytes)) as package:
            table = package.read("word/fontTable.xml").decode()
        assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table
        assert '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in table
        assert "Cambria" not in table


class TestTables:
    def test_header_row_repeats_and_header_never_splits(self, bulletin: Any, bulletin_views: tuple[View, ...]) -> None:
        """Each table's first row is marked w:tblHeader (repeated on every page) and w:cantSplit."""
        assert len(bulletin.tables) == len(bulletin_views)
        for table in bulletin.tables:
            rows = table._tbl.tr_lst
            assert rows[0].trPr.find(qn("w:tblHeader")) is not None
            assert rows[0].trPr.find(qn("w:cantSplit")) is not None
            assert all(r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])

    def test_short_rows_stay_whole_and_a_tall_row_may_split(self) -> None:
        """Two rows of a two-column table: "短" (one line) is w:cantSplit; 900 characters of 说明 take far more than
        8 lines in any width a 28-character line allows (900 / 28 > 32), so that row may break across pages rather
        than leave the page before it empty."""
        view = View(name="t", title="表", columns=(Column(key="a", label="甲"), Column(key="b", label="乙")),
                    rows=((Cell(value="1"), Cell(value="短")), (Cell(value="2"), Cell(value="说" * 900))))
        table = docx.Document(io.BytesIO(DOCX.render([view]))).tables[0]
        _header, short, tall = table._tbl.tr_lst
        assert short.trPr.find(qn("w:cantSplit")) is not None
        assert tall.trPr.find(qn("w:cantSplit")) is None

    def test_borders_on_every_side(self, bulletin: Any) -> None:
        """Single black lines around and between the cells."""
        borders = bulletin.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.tag.removeprefix(W): b.get(qn("w:val")) for b in borders} == dict.fromkeys(
            ("top", "left", "bottom", "right", "insideH", "insideV"), "single")

    def test_cells_hold_the_views_labels_and_words(self, bulletin: Any, bulletin_views: tuple[View, ...]) -> None:
        """The header is the view's own labels; a 完成时限 of 2027-12-31 reads 2027年12月31日."""
        first = bulletin.tables[0]
        assert [c.text for c in first.rows[0].cells] == list(bulletin_views[0].headers)
        row = [c.text for c in first.rows[1].cells]
        assert row[:2] == ["1", "T01-1"]
        assert "2027年12月31日" in row

    def test_table_fills_the_text_block(self, bulletin: Any) -> None:
        """The columns add up to the text block's 8845 twips (156 mm)."""
        for table in bulletin.tables:
            widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(f"{W}gridCol")]
            assert sum(widths) == 8845


class TestWords:
    def test_bulletin_cites_the_plan_with_its_doc_number(self, bulletin: Any) -> None:
        """The plan is cited as 《标题》（文号）, the period and the 截至 day in words (GB/T 9704, 7.3.3)."""
        texts = _texts(bulletin)
        assert texts[texts.index("各责任单位：") + 1] == (
            "根据《贺兰县教育质量提升行动实施方案》（贺党教发〔2023〕1号）要求，"
            "现将2024年工作进展情况（截至2024年12月31日）通报如下。")

    def test_title_is_the_plan_then_period_and_view(self, bulletin: Any) -> None:
        """Two lines: the plan's title, then 2024年 and the view's own title."""
        (title,) = _paragraphs(bulletin, "GW Title")
        assert title.text == "贺兰县教育质量提升行动实施方案\n2024年进展情况通报"

    def test_signature_is_the_issuer_and_the_date_in_words(self, bulletin: Any) -> None:
        """The issuer over 2024年12月31日, the date 4 characters (4 × 315 = 1260 twips) in from the right."""
        texts = _texts(bulletin)
        assert ("中共贺兰县委教育工作领导小组", "2024年12月31日") in itertools.pairwise(texts)
        date = next(p for p in bulletin.paragraphs if p.text == "2024年12月31日")
        assert date.paragraph_format.right_indent == Twips(1260)

    def test_imprint_line(self, bulletin: Any) -> None:
        """The 版记 ends the 通报: one character in (a full-width space), the issuer, then the date, 印发."""
        assert _texts(bulletin)[-1] == "\u3000中共贺兰县委教育工作领导小组\t2024年12月31日印发"

    def test_own_doc_number_in_the_letterhead(self, chinese: None) -> None:
        """A document's own 发文字号 is printed two lines under the red issuer (GB/T 9704, 7.2.4), then two blank
        lines and the title (7.3.1); the plan's 文号 is cited in the text."""
        document = docx.Document(io.BytesIO(DocxRenderer(doc_number="贺教发〔2025〕3号").render([_document()])))
        texts = _texts(document)
        assert texts[:7] == ["贺兰县教育体育局", "", "", "贺教发〔2025〕3号", "", "", "整改通知"]
        assert any("《贺兰县教育质量提升行动实施方案》（贺教发〔2024〕12号）" in t for t in texts)
        mark = document.paragraphs[0]
        assert mark.style.font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)

    def test_copy_to_line(self, chinese: None, bulletin_views: tuple[View, ...]) -> None:
        """``copy_to`` names the 抄送 line above the 印发 line."""
        document = docx.Document(io.BytesIO(DocxRenderer(copy_to=("县政府办", "县委办")).render(bulletin_views)))
        assert _texts(document)[-2:] == ["\u3000抄送：县政府办、县委办。",
                                         "\u3000中共贺兰县委教育工作领导小组\t2024年12月31日印发"]

    def test_title_given_heads_the_first_document(self, chinese: None, bulletin_views: tuple[View, ...]) -> None:
        """A title of one's own replaces the first document's composed heading; the next keeps its own."""
        both = [*bulletin_views, _document()]
        document = docx.Document(io.BytesIO(DOCX.render(both, title="关于2024年教育质量提升行动进展情况的通报")))
        assert [p.text for p in _paragraphs(document, "GW Title")] == [
            "关于2024年教育质量提升行动进展情况的通报", "整改通知", "整改通知"]

    def test_english_on_request(self, bulletin_views: tuple[View, ...]) -> None:
        """In English (the tests' default language) the form words are English, the plan's words stay."""
        texts = _texts(docx.Document(io.BytesIO(DOCX.render(bulletin_views))))
        assert "To all responsible units:" in texts
        cited = "In accordance with “贺兰县教育质量提升行动实施方案” (贺党教发〔2023〕1号)"
        assert any(t.startswith(cited) for t in texts)


class TestOtherViews:
    def test_responsibility_list_is_a_titled_table(self, helan: Plan, chinese: None) -> None:
        """The 责任清单: plan and view title, the plan's 文号 in brackets (楷体), then its 22 tasks under the header."""
        document = docx.Document(io.BytesIO(DOCX.render(build("responsibilities", helan))))
        assert [p.text for p in _paragraphs(document, "GW Title")] == ["贺兰县教育质量提升行动实施方案\n责任清单"]
        source = next(p for p in document.paragraphs if p.text == "（贺党教发〔2023〕1号）")
        assert source.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
        (table,) = document.tables
        assert len(table.rows) == 1 + 22
        assert table.rows[0].cells[0].text == "序号"

    def test_scorecards_name_the_period_and_the_day(self, helan: Plan) -> None:
        """The scorecards' heading says 2024年; the line under it gives the 文号 and 截至2024年12月31日."""
        views = _helan_views(helan, "scorecards")
        with use_language("zh"):
            document = docx.Document(io.BytesIO(DOCX.render(views)))
        assert _paragraphs(document, "GW Title")[0].text == "贺兰县教育质量提升行动实施方案\n2024年考核得分与排名"
        assert "（贺党教发〔2023〕1号　截至2024年12月31日）" in _texts(document)


class TestNotices:
    def test_one_notice_per_order(self, chinese: None) -> None:
        """Three rows, two with an issue date: two files, named by number and unit; the third has no notice."""
        files = DOCX.render_each([_document()])
        assert [f.name for f in files] == ["整改通知-01-常信乡.docx", "整改通知-02-县教体局.docx"]
        texts = _texts(docx.Document(io.BytesIO(files[1].data)))
        assert "整改通知" in texts
        assert "县教体局：" in texts
        assert "请于2028年1月14日前完成整改，并将整改情况书面报送贺兰县教育体育局。" in texts

    def test_all_in_one_file_each_from_page_one(self, chinese: None) -> None:
        """In one file, each notice is a section of its own that starts on a new page numbered 1."""
        document = docx.Document(io.BytesIO(DOCX.render([_document()])))
        assert len(document.sections) == 2
        second = document.sections[1]._sectPr
        assert second.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert second.find(qn("w:type")) is None  # a section on a new page (the default, nextPage)
        addressed = {"常信乡：", "县教体局：", "县财政局："}
        assert [t for t in _texts(document) if t in addressed] == ["常信乡：", "县教体局："]

    def test_details_table_uses_the_views_labels(self, chinese: None) -> None:
        """The order's details read 问题 / 下达日期 / 整改期限 (the view's labels), the dates in words."""
        (first, _) = DOCX.render_each([_document()])
        (table,) = docx.Document(io.BytesIO(first.data)).tables
        assert [[c.text for c in r.cells] for r in table.rows] == [
            ["问题", "迟报进展"], ["下达日期", "2027年12月31日"], ["整改期限", "2028年1月14日"]]

    def test_helan_orders(self, rectification_views: tuple[View, ...], helan: Plan) -> None:
        """The Helan example's 2024 scoring issued 15 orders (of its 20 rows): 15 notices."""
        (view,) = rectification_views
        issued = [r for r in view.records() if r["issued"] is not None]
        assert (len(issued), len(view.rows)) == (15, 20)
        assert len(DOCX.render_each(rectification_views)) == 15

    def test_no_order_no_file(self, chinese: None) -> None:
        """A 整改清单 without orders gives no file; in one document it is its title and table."""
        view = _document(rows=())
        assert DOCX.render_each([view]) == ()
        assert "整改清单" in _texts(docx.Document(io.BytesIO(DOCX.render([view]))))[0]

    def test_order_of_a_bare_view(self, chinese: None) -> None:
        """A view with only unit and issue date still gives a notice (its one detail: 下达日期)."""
        columns = (Column(key="unit", label="单位"), Column(key="issued", label="下达日期", type=ColumnType.DATE))
        view = View(name="rectifications", title="整改清单", columns=columns,
                    rows=((Cell(value="常信乡"), Cell(value=pendulum.Date(2027, 12, 31))),))
        (notice,) = DOCX.render_each([view])
        texts = _texts(docx.Document(io.BytesIO(notice.data)))
        assert texts[:2] == ["整改通知", ""]
        assert "常信乡：" in texts
        assert "2027年12月31日" in texts

    def test_each_is_for_rectifications_only(self, bulletin_views: tuple[View, ...]) -> None:
        """One file per notice of a bulletin is refused, saying which views were given."""
        with pytest.raises(RenderError, match=r"rectifications view only \(got bulletin, behind\)"):
            DOCX.render_each(bulletin_views)


class TestBytes:
    def test_same_views_same_bytes(self, bulletin_views: tuple[View, ...], bulletin_bytes: bytes) -> None:
        """Rendered twice, the document is byte for byte the same."""
        with use_language("zh"):
            assert DOCX.render(bulletin_views) == bulletin_bytes

    def test_fixed_dates(self, bulletin_bytes: bytes) -> None:
        """Every zip entry is dated 1980-01-01 00:00 and the properties say 2000-01-01, not today."""
        with zipfile.ZipFile(io.BytesIO(bulletin_bytes)) as package:
            assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = package.read("docProps/core.xml").decode()
            assert package.namelist()[0] == "[Content_Types].xml"
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2000-01-01T00:00:00Z"] * 2
        assert "docProps/thumbnail.jpeg" not in zipfile.ZipFile(io.BytesIO(bulletin_bytes)).namelist()


class TestHostile:
    def test_control_characters_are_shown_not_obeyed(self, chinese: None) -> None:
        """An escape sequence, a NUL and a lone surrogate become visible text; XML-looking text stays text."""
        hostile = "\x1b[31m危险\x00<w:t>\ud800"
        row = (Cell(value=1), Cell(value=hostile), Cell(value="问题"), Cell(value=pendulum.Date(2027, 12, 31)),
               Cell(value=pendulum.Date(2028, 1, 14)))
        files = DOCX.render_each([_document(rows=(row,))])
        texts = _texts(docx.Document(io.BytesIO(files[0].data)))
        assert "\\x1b[31m危险\\x00<w:t>\\ud800：" in texts
        assert files[0].name == "整改通知-01-x1b_31m危险_x00_w_t_ud800.docx"

    def test_file_names_stay_in_their_folder(self, chinese: None) -> None:
        """A unit called ../../etc/passwd names a file, not a path."""
        row = (Cell(value=1), Cell(value="../../etc/passwd"), Cell(value="问题"),
               Cell(value=pendulum.Date(2027, 12, 31)), Cell(value=pendulum.Date(2028, 1, 14)))
        (notice,) = DOCX.render_each([_document(rows=(row,))])
        assert "/" not in notice.name
        assert ".." not in notice.name

    @settings(max_examples=25, deadline=None)
    @given(views())
    def test_any_view_reads_back(self, view: View) -> None:
        """Any view, hostile text included, gives a document whose table cells are its cells, controls shown."""
        document = docx.Document(io.BytesIO(DOCX.render([view])))
        if not view.rows:
            return
        (table,) = document.tables
        assert [c.text for c in table.rows[0].cells] == [visible_controls(h) for h in view.headers]
        assert len(table.rows) == len(view.rows) + 1


class TestRegistry:
    def test_found_through_its_entry_point(self) -> None:
        """``docx`` loads from the edu_plan.renderers entry point and implements the Renderer protocol."""
        renderer = default_registry().renderer("docx")
        assert isinstance(renderer, Renderer)
        assert (renderer.name, renderer.suffix) == ("docx", ".docx")

    def test_no_view(self) -> None:
        with pytest.raises(RenderError, match="at least one view"):
            DOCX.render([])


class TestCli:
    ARGS = ("--progress", str(EXAMPLE / "progress-2023-2024.csv"), "--scheme", str(EXAMPLE / "scheme.toml"),
            "--period", "2024")

    def test_bulletin_to_a_chinese_file_name(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             chinese: None) -> None:
        """``edu-plan render helan --view bulletin --format docx -o 通报.docx`` writes the Word 通报."""
        monkeypatch.chdir(tmp_path)
        assert 0 == main(["render", "helan", "--view", "bulletin", "--format", "docx", "-o", "通报.docx", *self.ARGS])
        document = docx.Document(str(tmp_path / "通报.docx"))
        assert _paragraphs(document, "GW Title")[0].text.endswith("2024年进展情况通报")

    def test_notices_each_into_a_folder(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        chinese: None) -> None:
        """``--notices each -o 通知`` writes the 15 notices of the Helan example into the folder 通知."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "通知").mkdir()
        assert 0 == main(["render", "helan", "--view", "rectifications", "--format", "docx", "--notices", "each",
                          "-o", "通知", *self.ARGS])
        names = sorted(p.name for p in (tmp_path / "通知").iterdir())
        assert len(names) == 15
        assert names[0] == "整改通知-01-常信乡.docx"

    def test_notices_each_needs_a_folder(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
        """Without an existing folder the command refuses, saying so."""
        monkeypatch.chdir(tmp_path)
        assert 1 == main(["render", "helan", "--view", "rectifications", "--format", "docx", "--notices", "each",
                          "-o", "nowhere", *self.ARGS])
        assert "writes into a folder" in capsys.readouterr().err

    def test_notices_each_needs_docx(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
        """``--notices each`` with a format that writes one file is refused."""
        monkeypatch.chdir(tmp_path)
        assert 1 == main(["render", "helan", "--view", "rectifications", "--format", "xlsx", "--notices", "each",
                          "-o", ".", *self.ARGS])
        assert "such as docx (got xlsx)" in capsys.readouterr().err


# -- through LibreOffice ------------------------------------------------------------------------------


def _office_or_skip() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [tool for tool in ("pdfinfo", "pdftoppm", "pdftotext") if shutil.which(tool) is None]
    if soffice is not None and not missing:
        return soffice
    reason = ("no LibreOffice (soffice; apt-get install libreoffice-writer)" if soffice is None
              else f"no {', '.join(missing)} (apt-get install poppler-utils)")
    if os.environ.get("EDU_PLAN_REQUIRE_OFFICE") == "1":
        pytest.fail(f"EDU_PLAN_REQUIRE_OFFICE=1 but there is {reason}")
    pytest.skip(f"{reason}; set EDU_PLAN_REQUIRE_OFFICE=1 to fail instead")


# Debian has none of the standard's fonts; fontconfig would draw them all in Noto Sans CJK. A reader's machine
# has 仿宋_GB2312 and 方正小标宋简体; these aliases stand the closest free faces in for them (a Song face for
# 仿宋, 小标宋, 楷体 and 宋体, a Hei face for 黑体) so that the pictures look as the printed page will. They
# change the conversion only: the document names the standard's fonts (TestFonts).
_FONT_ALIASES = {"仿宋_GB2312": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
                 "楷体_GB2312": "Noto Serif CJK SC", "宋体": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC"}


def _pdf(soffice: str, folder: Path, *files: Path) -> None:
    """``files`` as PDF in ``folder``, with a LibreOffice profile of this run's own (parallel runs don't clash)."""
    profile = folder / "office-profile"
    fonts = folder / "fonts.conf"
    aliases = "".join(f"<alias binding=\"same\"><family>{name}</family><prefer><family>{face}</family></prefer></alias>"
                      for name, face in _FONT_ALIASES.items())
    fonts.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                     f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>',
                     encoding="utf-8")
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=300,
                   env={**os.environ, "FONTCONFIG_FILE": str(fonts)})


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, bulletin_bytes: bytes,
            rectification_views: tuple[View, ...]) -> dict[str, Path]:
    """The Helan 通报, its 15 notices in one file, one notice alone and a page of 仿宋 text, as PDF."""
    soffice = _office_or_skip()
    folder = tmp_path_factory.mktemp("office")
    with use_language("zh"):
        notices = DOCX.render(rectification_views)
        third = DOCX.render_each(rectification_views)[2].data
        lines = View(name="text", title="字数", columns=(Column(key="a", label="a"),), rows=(),
                     notes=("国" * 60,))
        grid = DOCX.render([lines])
    files = {"bulletin": bulletin_bytes, "notices": notices, "notice": third, "grid": grid}
    for name, data in files.items():
        (folder / f"{name}.docx").write_bytes(data)
    _pdf(soffice, folder, *(folder / f"{name}.docx" for name in files))
    return {name: folder / f"{name}.pdf" for name in files}


class TestOffice:
    def test_pages_are_a4(self, printed: dict[str, Path]) -> None:
        """Every PDF page is 595 × 842 pt: A4 (210 mm × 72 / 25.4 = 595.3, 297 mm → 841.9)."""
        for pdf in printed.values():
            width, _, height = _info(pdf)["Page size"].split()[:3]
            assert (round(float(width)), round(float(height))) == (595, 842)

    def test_each_notice_fits_on_one_page(self, printed: dict[str, Path]) -> None:
        """15 orders in one file print as 15 pages, each numbered — 1 —; a notice alone is one page."""
        assert _info(printed["notices"])["Pages"] == "15"
        assert _info(printed["notice"])["Pages"] == "1"
        assert re.search(r"—\s*1\s*—", _page_text(printed["notices"], 15))

    def test_bulletin_pages_are_numbered(self, printed: dict[str, Path]) -> None:
        """Page n of the 通报 shows — n —; the first shows the title and the cited 文号, the last the 印发 line."""
        pages = int(_info(printed["bulletin"])["Pages"])
        assert pages >= 2
        for page in (1, 2, pages):
            assert re.search(rf"—\s*{page}\s*—", _page_text(printed["bulletin"], page))
        first = re.sub(r"\s", "", _page_text(printed["bulletin"], 1))
        assert "2024年进展情况通报" in first
        assert "贺党教发〔2023〕1号" in first
        assert "印发" in _page_text(printed["bulletin"], pages)

    def test_28_characters_a_line(self, printed: dict[str, Path]) -> None:
        """60 国 in a body paragraph: 26 on the first line (2 characters of indent), 28 on the next, 6 left."""
        lines = [line.strip() for line in _page_text(printed["grid"], 1).splitlines() if "国" in line]
        assert [len(line) for line in lines] == [26, 28, 6]

    def test_first_pages_as_pictures(self, printed: dict[str, Path], tmp_path: Path) -> None:
        """pdftoppm draws page 1 of the 通报 and of a 整改通知 (A4 at 96 dpi: 794 × 1123 px).

        With EDU_PLAN_UPDATE_GALLERY=1 they are copied to docs/gallery/ (docx-bulletin.png, docx-notice.png).
        """
        shots = {}
        for name in ("bulletin", "notice"):
            stem = tmp_path / name
            subprocess.run(["pdftoppm", "-png", "-r", "96", "-f", "1", "-l", "1", "-singlefile",
                            str(printed[name]), str(stem)], check=True, capture_output=True)
            shots[name] = stem.with_suffix(".png")
            header = shots[name].read_bytes()[:24]
            assert header[:8] == b"\x89PNG\r\n\x1a\n"
            assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (794, 1123)
        if os.environ.get("EDU_PLAN_UPDATE_GALLERY") == "1":
            for name, shot in shots.items():
                shutil.copyfile(shot, GALLERY / f"docx-{name}.png")
        assert {"docx-bulletin.png", "docx-notice.png"} <= {p.name for p in GALLERY.iterdir()}
