"""Make the PDF, Word and web-page versions of the import test documents from their text (run by hand).

``python tests/data/import/make_files.py`` writes, next to the texts: each document as a saved
government web page (site navigation, breadcrumb, share bar and footer around the article),
as .docx (with a running header and a page-number footer) and as PDF (that .docx printed by
LibreOffice, so the PDF has the header and the page numbers to remove).  A flattened task
table in a text becomes a real table in the .docx, the PDF and the web page.  The documents
are composed for the tests (示例文本，非真实文件); the Helan text is the project's own example.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT / "src"))

from edu_plan.plugins.importers._flat import find_flat_tables  # noqa: E402

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_{site}</title>
<link rel="stylesheet" href="style.css"><script>var _hmt = _hmt || [];</script>
<style>.article p {{ text-indent: 2em; line-height: 1.8; }} td {{ border: 1px solid #999; padding: 4px; }}</style>
</head><body>
<div class="header"><div class="logo">{site}</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="search"><input type="text" placeholder="请输入关键词"><button>搜索</button></div>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="main"><div class="left-menu"><ul><li>政策文件</li><li>政策解读</li><li>规划计划</li></ul></div>
<div class="article">
<table class="xxgk-info"><tr><td>索引号：</td><td>000000000/2025-00001</td>
<td>发布机构：</td><td>{site}办公室</td></tr></table>
<h1 class="title">{title}</h1>
<div class="info">发布时间：2025-01-01　　来源：{site}　　【字体：大 中 小】</div>
<div class="article-content" id="zoom">
{body}
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="#">关于做好2025年有关工作的通知</a></li></ul></div>
</div></div>
<div class="footer"><p>主办单位：{site}办公室　　网站标识码：0000000000</p><p>备案号：示例ICP备00000000号</p></div>
</body></html>
"""


def blocks(text: str) -> list[tuple[str, object]]:
    """The text's lines as ("p", line) and its flattened task tables as ("table", rows)."""
    lines = [(i, line.strip()) for i, line in enumerate(text.splitlines(), start=1) if line.strip()]
    tables = find_flat_tables(lines)
    result: list[tuple[str, object]] = []
    k = 0
    for table in tables:
        result += [("p", line) for _n, line in lines[k:table.start]]
        header = [lines[table.start + j][1] for j in range(len(table.fields))]
        rows = [header]
        for row in table.rows:
            cells = {"number": str(row.number), "section": row.section, "task": row.task, "text": row.text,
                     "lead": row.lead, "cooperating": row.cooperating, "responsible": row.responsible,
                     "deadline": row.deadline, "targets": row.targets}
            rows.append([cells.get(field or "", "") for field in table.fields])
        result.append(("table", rows))
        k = table.end
    result += [("p", line) for _n, line in lines[k:]]
    return result


def write_html(source: Path, site: str) -> None:
    parts = []
    title = ""
    for kind, value in blocks(source.read_text(encoding="utf-8")):
        if kind == "p":
            assert isinstance(value, str)
            if not title and re.search(r"(?:方案|计划)(?:（[^）]*）)?$", value):
                title = value
            parts.append(f"<p>{html.escape(value)}</p>")
        else:
            assert isinstance(value, list)
            cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n" for row in value)
            parts.append(f'<table class="task-table">\n{cells}</table>')
    page = PAGE.format(title=html.escape(title), site=site, body="\n".join(parts))
    source.with_suffix(".html").write_text(page, encoding="utf-8")


def write_docx(source: Path, header: str, target: Path | None = None) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    run = footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)  # python-docx has no API for fields
    footer.add_run(" —")
    del run
    for kind, value in blocks(source.read_text(encoding="utf-8")):
        if kind == "p":
            document.add_paragraph(str(value))
        else:
            assert isinstance(value, list)
            table = document.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    out = target or source.with_suffix(".docx")
    document.save(str(out))
    return out


def write_pdf(source: Path, header: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        word = write_docx(source, header, Path(folder) / (source.stem + ".docx"))
        subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(word)],
                       check=True, capture_output=True)
        shutil.copy(Path(folder) / (source.stem + ".pdf"), source.with_suffix(".pdf"))


def main() -> None:
    corpus = HERE / "corpus"
    helan = HERE / "helan" / "plan-text.txt"
    helan.parent.mkdir(exist_ok=True)
    shutil.copy(ROOT / "examples" / "helan" / "plan-text.txt", helan)
    write_html(helan, "贺兰县人民政府")
    write_docx(helan, "贺兰县教育质量提升行动实施方案")
    write_pdf(helan, "贺兰县教育质量提升行动实施方案")
    helan.unlink()
    made = {"flat-table": ("html", "pdf", "docx"), "duties": ("html", "pdf"), "forms": ("docx", "pdf"),
            "roles": ("pdf", "html"), "structure": ("docx", "html")}
    for stem, formats in made.items():
        source = corpus / f"{stem}.txt"
        if "html" in formats:
            write_html(source, "示例县人民政府")
        if "docx" in formats:
            write_docx(source, "示例文本，非真实文件")
        if "pdf" in formats:
            write_pdf(source, "示例文本，非真实文件")


if __name__ == "__main__":
    main()
