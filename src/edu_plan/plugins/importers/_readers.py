"""Reading the files plans are published in: PDF, saved web pages (.html/.htm), Word (.docx) and text.

Every reader hands back the same thing, a :class:`Document`: the text as lines, with a table's
rows as tab-separated lines (the text importer reads those as table rows), and the lines the
reader left out on purpose (a PDF's running headers, footers and page numbers; a web page's
navigation), so that the import report can say so.

- **PDF** (``pdfplumber``, the ``[pdf]`` extra): the words of each page in reading order; a line
  in the top or bottom band of the page that is short (a running header, a footer, a page
  number) is left out by its position; ruled tables are read as tables, cell by cell.
- **Web pages**: the article body (the element holding most of the page's sentence text), its
  headings, paragraphs, list items and table rows, without the site's navigation, scripts,
  styles, header, footer or side bars.
- **.docx** (``python-docx``, the ``[docx]`` extra): paragraphs and tables in document order.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs

from edu_plan._i18n import gettext as _
from edu_plan._reading import check_zip, decode_text, read_bytes
from edu_plan.errors import PlanImportError

__all__ = ["Document", "read_docx", "read_file", "read_html", "read_pdf"]

_HEADER_BAND = 0.075
"""The share of the page height, at the top and at the bottom, where running headers and footers sit."""
_BAND_LINE_MAX = 40
"""A line in the header or footer band longer than this is body text, not a header."""


@attrs.frozen(kw_only=True)
class Document:
    """A document's text as lines (table rows tab-separated) and the lines left out on purpose."""

    text: str
    removed: tuple[tuple[str, str], ...] = ()
    """``(line, why)`` for every line the reader left out."""
    pages: int = 1


def read_file(path: Path) -> Document:
    """The :class:`Document` of the file at ``path``, by its suffix (.pdf, .html/.htm, .docx, else text)."""
    if not path.is_file():
        raise PlanImportError(_("{path}: no such file; give the path of the plan's text (.txt, .pdf, .html) or "
                                "Word file (.docx)").format(path=path))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        check_zip(path)  # members counted and measured before anything is unpacked
    data = read_bytes(path)  # refused over the size limit (edu_plan.limits) before any parsing
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in (".html", ".htm", ".xhtml"):
        return read_html(path)
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".doc":
        raise PlanImportError(_("{path}: old Word .doc files cannot be read; save it as .docx (or as "
                                "PDF) and retry").format(
                                  path=path))
    try:
        text = decode_text(data, source=str(path))
    except Exception as exc:
        raise PlanImportError(_("{path}: not UTF-8 or GB18030 text; save the document as UTF-8 text and retry").format(
                                  path=path)
                              ) from exc
    return Document(text=text)


# -- .docx -------------------------------------------------------------------------------------------


def read_docx(path: Path) -> Document:
    """Paragraphs and tables of a .docx in document order (rows tab-separated, merged cells repeated)."""
    try:
        import docx  # python-docx, the optional extra [docx]
        from docx.table import Table
        from docx.text.paragraph import Paragraph as DocxParagraph
    except ImportError:
        raise PlanImportError(
            _("{path}: reading .docx needs python-docx; install it with pip install 'edu-plan[docx]'").format(
                path=path)
        ) from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises zipfile, KeyError, ValueError…: all mean "not a docx"
        raise PlanImportError(_("{path}: not a readable .docx file ({name}: {exc})").format(
                                  path=path, name=type(exc).__name__, exc=exc)) from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(DocxParagraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append("\t".join(_cell(cell.text) for cell in row.cells))
    return Document(text="\n".join(lines))


def _cell(text: str | None) -> str:
    """A table cell on one line: the lines a cell wraps into are joined, tabs become spaces."""
    return re.sub(r"\s*\n\s*", "", text or "").replace("\t", " ").strip() or " "


# -- PDF ---------------------------------------------------------------------------------------------


def read_pdf(path: Path) -> Document:
    """The text of a PDF, page by page, tables as tables, running headers/footers/page numbers left out."""
    try:
        import pdfplumber
    except ImportError:
        raise PlanImportError(
            _("{path}: reading PDF needs pdfplumber; install it with pip install 'edu-plan[pdf]'").format(path=path)
        ) from None
    lines: list[str] = []
    removed: list[tuple[str, str]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                lines += _pdf_page(page, removed)
            pages = len(pdf.pages)
    except PlanImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for a broken file: all mean "not a PDF"
        raise PlanImportError(_("{path}: not a readable PDF file ({name}: {exc})").format(
                                  path=path, name=type(exc).__name__, exc=exc)) from None
    if pages and not any(line.strip() for line in lines):
        raise PlanImportError(_("{path}: the PDF has no text layer (a scan?); run it through OCR, or import the "
                                "Word or web version of the plan").format(path=path))
    return Document(text="\n".join(lines), removed=tuple(removed), pages=pages)


def _pdf_page(page: Any, removed: list[tuple[str, str]]) -> list[str]:
    height = float(page.height)
    tables = [t for t in page.find_tables() if len(t.rows) >= 2]
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x = (float(obj["x0"]) + float(obj["x1"])) / 2
        y = (float(obj["top"]) + float(obj["bottom"])) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    blocks: list[tuple[float, list[str]]] = []
    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(return_chars=False):
        text = str(line["text"]).strip()
        if not text:
            continue
        top, bottom = float(line["top"]), float(line["bottom"])
        in_band = bottom < height * _HEADER_BAND or top > height * (1 - _HEADER_BAND)
        if in_band and len(text) <= _BAND_LINE_MAX:
            removed.append((text, "header" if top < height / 2 else "footer"))
            continue
        blocks.append((top, [text]))
    for table in tables:
        rows = ["\t".join(_cell(c) for c in row) for row in table.extract()]
        blocks.append((float(table.bbox[1]), rows))
    blocks.sort(key=lambda b: b[0])
    return [line for _, block in blocks for line in block]


# -- web pages ---------------------------------------------------------------------------------------

_SKIPPED_TAGS = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "select",
                           "button", "iframe", "svg", "template", "head"})
_SKIPPED_NAMES = re.compile(r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumb|crumb|footer|header|sidebar|share|"
                            r"toolbar|search|login|banner|related|pager|copyright|topbar|dh|daohang)(?:$|[-_\s\d])",
                            re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "br", "td",
                         "th", "tr", "table", "blockquote", "pre", "dd", "dt", "center"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"})
_SENTENCE = re.compile(r"[。；，：]")
_COVER_LINE = re.compile(r"(?:方案|计划|通知|意见|规划|要点)(?:（[^）]*）)?$|〔\s*(?:19|20)\d{2}\s*〕\s*\d+\s*号$|"
                         r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


@attrs.define
class _Block:
    text: str
    chain: tuple[int, ...]
    row: list[str] | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int, bool]] = []  # (tag, element id, skipped)
        self.counter = 0
        self.blocks: list[_Block] = []
        self.buffer = ""
        self.row: list[str] | None = None
        self.cell: str | None = None
        self.skipped_text: list[str] = []
        self.title = ""
        self._in_title = False

    def _skipping(self) -> bool:
        return any(skipped for _, _, skipped in self.stack)

    def _chain(self) -> tuple[int, ...]:
        return tuple(i for _, i, _ in self.stack)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", self.buffer.replace("\u3000", " ")).strip()
        self.buffer = ""
        if not text:
            return
        if self._skipping():
            self.skipped_text.append(text)
        else:
            self.blocks.append(_Block(text=text, chain=self._chain()))

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK_TAGS and self.cell is None:
            self._flush()
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "br" and self.cell is not None:
            self.cell += ""
        if tag in _VOID:
            return
        names = " ".join(v or "" for k, v in attrs_ if k in ("id", "class", "role"))
        hidden = any(k == "style" and v and re.search(r"display\s*:\s*none", v) for k, v in attrs_)
        skipped = tag in _SKIPPED_TAGS or bool(_SKIPPED_NAMES.search(names)) or hidden or \
            any(k == "role" and v == "navigation" for k, v in attrs_)
        self.counter += 1
        self.stack.append((tag, self.counter, skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_cell(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(c.strip() for c in self.row) and not self._skipping():
                self.blocks.append(_Block(text="\t".join(self.row), chain=self._chain(), row=self.row))
            self.row = None
        elif tag in _BLOCK_TAGS and self.cell is None:
            self._flush()
        if tag in _VOID:
            return
        # Close up to the matching open tag (pages saved from browsers are not always well formed).
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.cell is not None:
            self.cell += data
        else:
            self.buffer += data


def read_html(path: Path) -> Document:
    """The article body of a saved web page: headings, paragraphs and table rows, without the site around it."""
    text = decode_text(path.read_bytes(), source=str(path))
    return html_document(text)


def html_document(markup: str) -> Document:
    """The :class:`Document` of a web page's markup (see :func:`read_html`)."""
    parser = _PageParser()
    parser.feed(markup)
    parser.close()
    parser._flush()
    blocks = parser.blocks
    # The article body: the deepest element that holds at least 70% of the page's sentence text.
    weight: dict[int, int] = {}
    total = 0
    for block in blocks:
        value = len(block.text) if (block.row is not None or _SENTENCE.search(block.text)) else 0
        total += value
        for element in block.chain:
            weight[element] = weight.get(element, 0) + value
    body: int | None = None
    if total:
        depth_of: dict[int, int] = {}
        for block in blocks:
            for depth, element in enumerate(block.chain):
                depth_of[element] = depth
        chosen = [e for e, w in weight.items() if w >= 0.7 * total]
        body = max(chosen, key=lambda e: depth_of[e]) if chosen else None
    lines: list[str] = []
    removed = [(text, "navigation") for text in parser.skipped_text]
    started = False
    article = {b.text for b in blocks if body is None or body in b.chain}
    for block in blocks:
        inside = body is None or body in block.chain
        started = started or inside
        if inside or (not started and _COVER_LINE.search(block.text) and block.text not in article):
            # The title, doc number and date often sit just above the article's element.
            lines.append(block.text)
        else:
            removed.append((block.text, "outside the article"))
    return Document(text="\n".join(lines), removed=tuple(removed))
