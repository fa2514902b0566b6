"""Reading what plans are published as: PDF, saved web pages and Word, with their tables as tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_plan.errors import PlanImportError
from edu_plan.plugins.importers import TEXT, FindingKind, read_document
from edu_plan.plugins.importers._readers import html_document, read_docx, read_html, read_pdf

CORPUS = Path(__file__).resolve().parent / "data" / "import" / "corpus"

PAGE = """<html><head><title>方案_某县人民政府</title><script>var x = "不是正文。";</script></head><body>
<div class="header"><ul class="nav"><li><a>首页</a></li><li><a>政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政策文件</div>
<h1>某县教育提升行动方案</h1>
<div class="article-content">
<p>某县教育提升行动方案</p>
<p>为办好教育，制定本方案。</p>
<p>一、重点任务</p><p>1.新建学校。新建小学2所。（县教体局牵头，县财政局配合）</p>
<table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td></tr><tr><td>1</td><td>新建<br>学校</td><td>县教体局</td></tr></table>
</div>
<div class="share">分享到：微信</div>
<div id="footer">主办单位：某县人民政府办公室，联系电话：0000。</div>
</body></html>"""


class TestPdf:
    def test_header_and_footer_removed_by_position(self) -> None:
        """The running header and the page numbers of each page are left out, and said so."""
        document = read_pdf(CORPUS / "roles.pdf")
        assert "示例文本，非真实文件" not in document.text
        assert ("示例文本，非真实文件", "header") in document.removed
        assert ("— 1 —", "footer") in document.removed

    def test_ruled_table_read_as_rows(self) -> None:
        """A table of the PDF comes back one row a line, cells tab-separated, a cell's wrapped lines joined."""
        rows = [line.split("\t") for line in read_pdf(CORPUS / "flat-table.pdf").text.splitlines() if "\t" in line]
        assert ["序号", "任务名称", "任务内容", "牵头部门", "配合部门", "时间节点"] == rows[0]
        assert ["1", "扩大普惠性资源供给", "县教体局", "县发改局、自然资源局、住建局，各乡镇"] == [
            rows[1][0], rows[1][1], rows[1][3], rows[1][4]]
        assert 6 == len(rows)

    def test_pages_counted(self) -> None:
        """The document knows its number of pages (the benchmark's time per page)."""
        assert 2 == read_pdf(CORPUS / "flat-table.pdf").pages

    def test_not_a_pdf(self, tmp_path: Path) -> None:
        """A file that is not a PDF is one clear error naming it."""
        bad = tmp_path / "plan.pdf"
        bad.write_text("not a pdf", encoding="utf-8")
        with pytest.raises(PlanImportError, match=r"plan\.pdf: not a readable PDF"):
            read_pdf(bad)

    def test_scan_without_text(self, tmp_path: Path) -> None:
        """A PDF with no text layer (a scan) is refused with what to do, not imported as nothing."""
        scan = tmp_path / "scan.pdf"
        scan.write_bytes(_blank_pdf())
        with pytest.raises(PlanImportError, match="no text layer"):
            read_pdf(scan)


def _blank_pdf() -> bytes:
    """A valid one-page PDF with nothing on the page (what a scan without OCR looks like to a reader)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


class TestWebPage:
    def test_navigation_left_out(self) -> None:
        """Scripts, navigation, breadcrumb, share bar and footer are left out; the article stays."""
        document = html_document(PAGE)
        lines = document.text.splitlines()
        assert "为办好教育，制定本方案。" in lines
        for noise in ("首页", "当前位置：首页 > 政策文件", "分享到：微信", "不是正文"):
            assert all(noise not in line for line in lines)
        assert ("首页", "navigation") in document.removed

    def test_title_outside_the_article_not_doubled(self) -> None:
        """The page's <h1> repeats the article's title line: it is kept once."""
        assert 1 == html_document(PAGE).text.splitlines().count("某县教育提升行动方案")

    def test_table_rows(self) -> None:
        """Table rows become tab-separated lines; a <br> inside a cell does not split it."""
        assert "1\t新建学校\t县教体局" in html_document(PAGE).text.splitlines()

    def test_saved_government_page(self) -> None:
        """A saved government page imports to its plan: 5 tasks, each with its units."""
        result = TEXT.import_plan(CORPUS / "duties.html")
        assert result.plan is not None
        assert 5 == len(result.plan.tasks)
        assert result.ok
        assert ("dropped", "首页") in [(f.where, f.source) for f in result.report.of(FindingKind.PLACEMENT)]

    def test_gb18030_page(self, tmp_path: Path) -> None:
        """A page saved in GB18030 reads like a UTF-8 one."""
        page = tmp_path / "plan.htm"
        page.write_bytes(PAGE.replace("<head>", '<head><meta charset="gb2312">').encode("gb18030"))
        assert "为办好教育，制定本方案。" in read_html(page).text


class TestWord:
    def test_tables_as_rows(self) -> None:
        """A .docx table comes back as tab-separated rows in document order."""
        lines = read_docx(CORPUS / "flat-table.docx").text.splitlines()
        header = lines.index("序号\t任务名称\t任务内容\t牵头部门\t配合部门\t时间节点")
        assert lines[header + 1].startswith("1\t扩大普惠性资源供给\t")

    def test_read_document_by_suffix(self) -> None:
        """read_document picks the reader by the suffix: the PDF's text holds its task line."""
        assert "1.开齐开足体育课。" in read_document(CORPUS / "roles.pdf").replace("\n", "")

    def test_old_doc_refused(self, tmp_path: Path) -> None:
        """An old .doc is refused with what to do."""
        old = tmp_path / "plan.doc"
        old.write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.raises(PlanImportError, match=r"save it as \.docx"):
            read_document(old)
