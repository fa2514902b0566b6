"""``docx``: views as Word documents in the official layout (needs the ``[docx]`` extra, python-docx).

The layout is that of 党政机关公文格式 (GB/T 9704-2012): A4 paper, margins 37 mm (top),
35 mm (bottom), 28 mm (left) and 26 mm (right), so the text block is 156 mm × 225 mm; the
title in 2号 小标宋 (22 pt), the body in 3号 仿宋_GB2312 (16 pt), first-level headings in 黑体
and second-level ones in 楷体_GB2312; 28 characters × 22 lines per page (a character grid and a
line pitch of 225 mm / 22); page numbers "— 1 —" in 4号 宋体 below the text, at the outside edge
(right on odd pages, left on even ones).  Dates are written 2027年12月31日, a plan is cited as
《标题》（文号）.

What each view becomes:

- the 通报 (``bulletin`` and ``behind``): one document: title, the units addressed, the
  sentence citing the plan, a numbered section per view (its notes, then its table), the
  issuer and date, and the 版记 (抄送, 印发);
- the 整改清单 (``rectifications``): one 整改通知 per order, each on its own pages with its
  page numbers from 1 — all in one file (:meth:`DocxRenderer.render`) or one file per order
  (:meth:`DocxRenderer.render_each`);
- any other view (责任清单, scorecards…): a document with its title and its table.

Tables have borders, repeat their header row on every page and never split a row across
pages.  Every word comes from the views (titles, column labels, cells, notes) and from
:class:`~edu_plan.views.Document` (plan title, 文号, issuer, period, dates); the words of the
document form (主送, 抄送, 印发…) come through gettext.  The fonts are named as the standard
names them; where they are missing (Debian has neither 方正小标宋简体 nor 仿宋_GB2312) the font
table names the usual replacement (``w:altName``) and a word processor falls back further.
The same views give the same bytes: fixed document dates, fixed zip timestamps and order.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pendulum
from wcwidth import wcswidth

from edu_plan._i18n import current_language, format_date, format_period
from edu_plan._i18n import gettext as _
from edu_plan._office import reproducible_package
from edu_plan.errors import RenderError
from edu_plan.plugins.render._safety import visible_controls
from edu_plan.views import Cell, ColumnType, Document, View, cell_text

__all__ = ["DOCX", "DocxRenderer", "NoticeFile"]

# -- the page (GB/T 9704-2012, 5.2 and 7.1); lengths in twips (1/1440 inch; 1 mm = 56.693 twips) --------

PAGE_WIDTH = 11906  # 210 mm
PAGE_HEIGHT = 16838  # 297 mm
MARGIN_TOP = 2098  # 37 mm
MARGIN_BOTTOM = 1984  # 35 mm
MARGIN_LEFT = 1587  # 28 mm
MARGIN_RIGHT = 1474  # 26 mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845 twips = 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12756 twips = 225 mm
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
ROW_KEPT_WHOLE = 8
"""A table row of at most this many lines never breaks across pages (w:cantSplit); a taller one may."""
LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE  # 579 twips = 28.95 pt: 22 lines fit in 225 mm
BODY_SIZE = 16  # pt, 3号
TITLE_SIZE = 22  # pt, 2号
PAGE_NUMBER_SIZE = 14  # pt, 4号
# Word's character pitch is the default font size plus charSpace/4096 pt; 156 mm / 28 = 15.7946 pt,
# so charSpace = (15.7946 - 16) × 4096 = -841.1, rounded away from zero so that 28 characters fit.
CHAR_SPACE = -842
# Text does not snap to the grid (LibreOffice would give each 16 pt character two cells); instead characters
# are drawn 0.3 pt closer: 28 × 15.7 pt = 439.6 pt fit in 156 mm (442.25 pt), 29 (455.3 pt) do not. At 16 pt
# only 27 would; LibreOffice still sets 27 at −0.25 pt.
BODY_TRACKING = -6  # twentieths of a point
CHAR = TEXT_WIDTH // CHARS_PER_LINE  # 315 twips: one character of the grid
FOOTER_DISTANCE = 1247  # 22 mm: the page number's line sits 7 mm below the text block

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SECOND_HEADING_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
RED = "FF0000"
# The font table: each east-Asian font with the replacement Word uses when it is missing (w:altName),
# its character set (86 = GB2312) and its look; LibreOffice falls back through fontconfig.
_FONT_TABLE = (
    (LATIN_FONT, "", "00", "roman", "variable", "02020603050405020304"),
    (TITLE_FONT, "华文中宋", "86", "script", "fixed", "02000000000000000000"),
    (BODY_FONT, "仿宋", "86", "modern", "fixed", "02010609030101010101"),
    (HEADING_FONT, "SimHei", "86", "modern", "fixed", "02010609060101010101"),
    (SECOND_HEADING_FONT, "楷体", "86", "modern", "fixed", "02010609030101010101"),
    (NUMBER_FONT, "SimSun", "86", "auto", "variable", "02010600030101010101"),
)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Characters XML cannot hold at all, beyond the control characters visible_controls shows.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# The 版记's rules span the text block and its words stand one character in: a full-width space (4号).
_INDENT = "\u3000"
_FILE_NAME_UNSAFE = re.compile(r"[^\w（）()·\-]+")

_BULLETIN_VIEWS = frozenset({"bulletin", "behind"})
_RECTIFICATIONS = "rectifications"

# The schema order of the children this module inserts itself (WordprocessingML is sequence-ordered).
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")  # fmt: skip
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                "tblLook")  # fmt: skip
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")  # fmt: skip
_TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark")  # fmt: skip


def clean(text: str) -> str:
    """Plan or report text as it may stand in the document: control characters shown (``\\x1b``), not obeyed."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", visible_controls(text))


@attrs.frozen(kw_only=True)
class NoticeFile:
    """One 整改通知 as its own file: a file name without folder (``整改通知-01-常信乡.docx``) and its bytes."""

    name: str
    data: bytes


@attrs.frozen(kw_only=True)
class DocxRenderer:
    """Views as one Word document in the official layout; :meth:`render_each` gives one file per 整改通知.

    ``letterhead`` prints the issuer in red above a red line (the 版头 of GB/T 9704), with
    ``doc_number`` — the document's own 发文字号, e.g. 贺教发〔2024〕12号 — under it when given;
    the plan's 文号 is cited in the text, never presented as this document's.  ``copy_to``
    names the bodies of the 抄送 line of the 通报's 版记.
    """

    name: str = "docx"
    suffix: str = ".docx"
    media_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    letterhead: bool = True
    doc_number: str = ""
    copy_to: tuple[str, ...] = ()

    def render(self, views: Sequence[View], *, title: str = "") -> bytes:
        """The document's bytes: the 通报, the 整改通知 (each on its own pages) and every other view, in order.

        ``title`` is the heading of the first document, unless it is only the plan's title (what
        ``edu-plan render`` passes for several views): the heading is then composed from the view
        and its :class:`~edu_plan.views.Document`.
        """
        if not views:
            raise RenderError(_("the docx format needs at least one view (got none)"))
        writer = _Writer(self, title)
        for group in _groups(views):
            if group[0].name == _RECTIFICATIONS:
                orders = _orders(group[0])
                if not orders:
                    writer.table_document(group[0])
                for order in orders:
                    writer.notice(group[0], order)
            elif group[0].name in _BULLETIN_VIEWS:
                writer.bulletin(group)
            else:
                writer.table_document(group[0])
        return writer.save()

    def render_each(self, views: Sequence[View]) -> tuple[NoticeFile, ...]:
        """One 整改通知 per rectification order of the ``rectifications`` view, each a file of its own.

        Findings not yet ordered (no issue date) get no notice; a view without orders gives no file.
        """
        wrong = [v.name for v in views if v.name != _RECTIFICATIONS]
        if wrong or not views:
            raise RenderError(
                _("one file per notice is for the rectifications view only (got {views}); "
                  "render the other views into one document").format(views=", ".join(wrong) or "-")
            )
        files: list[NoticeFile] = []
        for view in views:
            for order in _orders(view):
                writer = _Writer(self, "")
                writer.notice(view, order)
                files.append(NoticeFile(name=_notice_file_name(order, len(files) + 1), data=writer.save()))
        return tuple(files)


def _groups(views: Sequence[View]) -> list[list[View]]:
    """Views as documents: consecutive 通报 views make one, every other view is one of its own."""
    groups: list[list[View]] = []
    for view in views:
        if view.name in _BULLETIN_VIEWS and groups and groups[-1][0].name in _BULLETIN_VIEWS:
            groups[-1].append(view)
        else:
            groups.append([view])
    return groups


@attrs.frozen
class _Order:
    """One row of the 整改清单 that is an order (it has an issue date), read by column key."""

    row: tuple[Cell, ...]
    keys: dict[str, int]

    def value(self, key: str) -> Any:
        index = self.keys.get(key)
        return None if index is None else self.row[index].value

    def text(self, key: str) -> str:
        return clean(cell_text(self.value(key), people=True))  # dates in words, as every view shows them


def _orders(view: View) -> list[_Order]:
    keys = {column.key: i for i, column in enumerate(view.columns)}
    if "issued" not in keys:
        return []
    return [_Order(row, keys) for row in view.rows if row[keys["issued"]].value is not None]


def _notice_file_name(order: _Order, number: int) -> str:
    unit = _FILE_NAME_UNSAFE.sub("_", order.text("unit")).strip("_.")[:40] or "unit"
    return _("rectification notice-{number}-{unit}.docx").format(number=f"{number:02d}", unit=unit)


def _chinese_ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading numbers up to 99)."""
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if number < 10:
        return digits[number]
    head = "" if tens == 1 else digits[tens]
    return f"{head}十{digits[ones] if ones else ''}"


def _heading_number(number: int) -> str:
    """The number of a first-level heading: 一、 in Chinese, 1. in English."""
    if current_language() == "zh" and number < 100:
        return f"{_chinese_ordinal(number)}、"
    return f"{number}. "


def _text_width(text: str) -> int:
    """Half-width columns of the widest line (a Chinese character counts two)."""
    widths = [wcswidth(line) for line in text.split("\n")]
    return max((w if w >= 0 else len(line) * 2 for w, line in zip(widths, text.split("\n"), strict=True)),
               default=0)


class _Writer:
    """One Word document being written: its styles and page set-up once, then documents one after another."""

    def __init__(self, settings: DocxRenderer, title: str) -> None:
        try:
            import docx
        except ImportError:
            raise RenderError(
                _("the docx format needs python-docx; install it with: pip install 'edu-plan[docx]'")
            ) from None
        self.settings = settings
        self.title = title
        self.doc = docx.Document()
        self.started = False
        self.core_title = ""
        self.sized: dict[str, str] = {}  # table styles by size: name → id
        _remove_thumbnail(self.doc)
        _styles(self.doc)
        section = self.doc.sections[0]
        _page_setup(section)
        _page_numbers(section)
        self.doc.settings.odd_and_even_pages_header_footer = True
        _set_theme_language(self.doc)
        # The template's one empty paragraph would print as a blank first line.
        body = self.doc.element.body
        for paragraph in list(body.iterchildren(f"{{{_W}}}p")):
            body.remove(paragraph)

    # -- documents ---------------------------------------------------------------------------

    def _start(self) -> None:
        """A new document: after the first, a new section on a new page, numbered from 1."""
        from docx.enum.section import WD_SECTION

        if self.started:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            _restart_numbering(section)
        self.started = True

    def _heading_lines(self, view: View) -> list[str]:
        title, self.title = self.title, ""  # the title given heads the first document only
        if title and (view.document is None or title != view.document.plan_title):
            return [clean(title)]
        document = view.document
        if document is None:
            return [clean(view.title)]
        second = view.title
        if document.period is not None:
            second = _("{period} {title}").format(period=format_period(document.period), title=view.title)
        return [clean(document.plan_title), clean(second)]

    def bulletin(self, views: Sequence[View]) -> None:
        """The 通报: title, addressees, the sentence citing the plan, a section per view, signature, 版记."""
        self._start()
        first = views[0]
        document = first.document
        self._letterhead(document)
        self._title(self._heading_lines(first))
        self._paragraph(_("To all responsible units:"), indent=False)
        if document is not None:
            self._paragraph(_bulletin_opening(document))
        for number, view in enumerate(views, start=1):
            self._heading(f"{_heading_number(number)}{clean(view.title)}")
            for note in view.notes:
                # The heading and its notes go to the page where the table begins.
                self._paragraph(clean(note), keep=bool(view.rows))
            self._table(view)
        if document is not None:
            self._signature(document.issuer, document.issued or document.as_of)
            self._imprint(document)

    def notice(self, view: View, order: _Order) -> None:
        """One 整改通知: to the unit, what was found, the order's details as a table, the date due."""
        self._start()
        document = view.document
        self._letterhead(document)
        self._title([_("Rectification notice")])
        self._paragraph(_("{unit}:").format(unit=order.text("unit")), indent=False)
        if document is not None:
            self._paragraph(_notice_opening(document))
        labels = {column.key: column.label for column in view.columns}
        details = [(clean(labels[key]), order.text(key)) for key in labels
                   if key not in ("number", "unit") and order.text(key)]
        if details:
            self._pairs(details)
        due = order.value("due")
        issuer = clean(document.issuer) if document is not None and document.issuer else ""
        if isinstance(due, pendulum.Date):
            if issuer:
                request = _("Please complete the rectification by {due} and report it in writing to {issuer}.")
            else:
                request = _("Please complete the rectification by {due} and report it in writing.")
            self._paragraph(request.format(due=format_date(due), issuer=issuer))
        issued = order.value("issued")
        self._signature(document.issuer if document is not None else "",
                        issued if isinstance(issued, pendulum.Date) else None)

    def table_document(self, view: View) -> None:
        """Any other view: its title, where it comes from, its notes and its table."""
        self._start()
        self._title(self._heading_lines(view))
        document = view.document
        if document is not None:
            self._source_line(document)
        elif view.subtitle:
            self._centred(clean(view.subtitle), SECOND_HEADING_FONT)
        for note in view.notes:
            self._paragraph(clean(note))
        self._table(view)

    # -- blocks ------------------------------------------------------------------------------

    def _letterhead(self, document: Document | None) -> None:
        """The 版头: the issuer in red 小标宋, the document's own 发文字号, a red line across the text block."""
        if not self.settings.letterhead or document is None or not document.issuer:
            return
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, Twips

        issuer = clean(document.issuer)
        # As large as reads well, never wider than the text block: 156 mm holds 442 pt.
        size = max(16, min(36, 440 // max(1, _text_width(issuer) // 2)))
        mark = self.doc.add_paragraph(style="GW Letterhead")
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.paragraph_format.line_spacing = Twips(LINE_PITCH * 2)
        run = mark.add_run(issuer)
        run.font.size = Pt(size)
        ruled = mark
        if self.settings.doc_number:
            # 发文字号 two lines below the mark (GB/T 9704, 7.2.4).
            self.doc.add_paragraph(style="GW Body")
            self.doc.add_paragraph(style="GW Body")
            ruled = self.doc.add_paragraph(clean(self.settings.doc_number), style="GW Body")
            ruled.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _first_line(ruled, 0)
        _border(ruled, "bottom", RED, 12, space=10)
        # The title two lines below the red line (7.3.1).
        self.doc.add_paragraph(style="GW Body")
        self.doc.add_paragraph(style="GW Body")

    def _title(self, lines: list[str]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.doc.add_paragraph(style="GW Title")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, line in enumerate(lines):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(line)
        if not self.core_title:
            self.core_title = "".join(lines)
        # One blank line between the title and what follows (GB/T 9704, 7.3.2).
        self.doc.add_paragraph(style="GW Body")

    def _heading(self, text: str) -> None:
        self.doc.add_paragraph(text, style="GW Heading 1")

    def _centred(self, text: str, font: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.doc.add_paragraph(style="GW Body")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _first_line(paragraph, 0)
        _fonts(paragraph.add_run(text), font)

    def _source_line(self, document: Document) -> None:
        """（贺党教发〔2023〕1号　截至2024年12月31日） in 楷体 under a table document's title (the plan's own 文号)."""
        number = clean(document.doc_number) if document.doc_number else ""
        day = format_date(document.as_of) if document.as_of is not None else ""
        if number and day:
            what = _("{doc_number}, as of {day}").format(doc_number=number, day=day)
        elif day:
            what = _("as of {day}").format(day=day)
        else:
            what = number
        if what:
            self._centred(_("({what})").format(what=what), SECOND_HEADING_FONT)

    def _paragraph(self, text: str, *, indent: bool = True, keep: bool = False) -> None:
        paragraph = self.doc.add_paragraph(style="GW Body")
        if not indent:
            _first_line(paragraph, 0)
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(text)

    def _signature(self, issuer: str, day: pendulum.Date | None) -> None:
        """The issuer over the date, the date four characters from the right edge (GB/T 9704, 7.3.5.2)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if not issuer and day is None:
            return
        self.doc.add_paragraph(style="GW Body")
        date = format_date(day) if day is not None else ""
        date_chars = _text_width(date) / 2
        for text, right, keep in ((clean(issuer), max(2.0, 4 + (date_chars - _text_width(clean(issuer)) / 2) / 2),
                                   bool(date)), (date, 4.0, False)):
            if not text:
                continue
            paragraph = self.doc.add_paragraph(text, style="GW Body")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.keep_with_next = keep  # the issuer on the page of the date
            _first_line(paragraph, 0)
            _right_indent(paragraph, right)

    def _imprint(self, document: Document) -> None:
        """The 版记: 抄送 (when named) and 印发 between rules, the first and last thicker (GB/T 9704, 7.4).

        It follows the signature; the standard puts it at the foot of the last page, which a frame or a
        floating table would do in Word but LibreOffice 7.4 loses (borders or the whole table).
        """
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Pt, Twips

        day = document.issued or document.as_of
        if not document.issuer and day is None:
            return
        self.doc.add_paragraph(style="GW Body")
        lines: list[Any] = []
        if self.settings.copy_to:
            copy = self.doc.add_paragraph(style="GW Imprint")
            bodies = _(", ").join(clean(b) for b in self.settings.copy_to)
            copy.add_run(_INDENT + _("Copy to: {bodies}.").format(bodies=bodies))
            lines.append(copy)
        printed = self.doc.add_paragraph(style="GW Imprint")
        printed.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH - PAGE_NUMBER_SIZE * 20),
                                                        WD_TAB_ALIGNMENT.RIGHT)
        printed.add_run(_INDENT + clean(document.issuer))
        if day is not None:
            printed.add_run("\t" + _("Printed on {day}").format(day=format_date(day)))
        lines.append(printed)
        _border(lines[0], "top", "000000", 8)
        for inner in lines[1:]:
            _border(inner, "top", "000000", 6)
        _border(lines[-1], "bottom", "000000", 8)
        for paragraph in lines:
            paragraph.paragraph_format.space_before = Pt(0)

    def _table_styles(self, size: float) -> tuple[str, str]:
        """The ids of the cell and header-cell styles of tables in ``size`` pt (made the first time)."""
        from docx.shared import Pt

        if size == BODY_SIZE:
            return "GWTable", "GWTableHeader"
        ids = []
        for base in ("GW Table", "GW Table Header"):
            name = f"{base} {format(size, 'g')}"
            if name not in self.sized:
                style = self.doc.styles.add_style(name, self.doc.styles[base].type)
                style.base_style = self.doc.styles[base]
                style.font.size = Pt(size)
                self.sized[name] = style.style_id
            ids.append(self.sized[name])
        return ids[0], ids[1]

    def _pairs(self, pairs: list[tuple[str, str]]) -> None:
        """A two-column table of label and value (the details of one order)."""
        body, header = self._table_styles(BODY_SIZE)
        table = self._new_table(2, [max(_text_width(label) for label, _ in pairs) + 2, 0])
        for label, value in pairs:
            cells = self._row(table, header=False)
            _cell_text(cells[0], label, style=header)
            _cell_text(cells[1], value, style=body)

    def _table(self, view: View) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if not view.rows:
            if not view.notes:
                self._paragraph(_("None."))
            return
        texts = [[clean(text) for text in row] for row in view.shown_texts()]
        headers = [clean(h) for h in view.headers]
        size, margin = _table_font_size(len(headers)), _cell_margin(len(headers))
        fixed = [column.type is not ColumnType.TEXT for column in view.columns]
        widths = _column_widths([headers, *texts], fixed, size, margin)
        table = self._new_table(len(headers), widths, size=size, margin=margin)
        body_style, header_style = self._table_styles(size)
        cells = self._row(table, header=True)
        for cell, header in zip(cells, headers, strict=True):
            _cell_text(cell, header, style=header_style, align=WD_ALIGN_PARAGRAPH.CENTER)
        aligned = [_ALIGN.get(column.type) for column in view.columns]
        for row in texts:
            # A row is kept whole on its page unless it is taller than a few lines: a tall row moved whole
            # would leave the rest of the page empty (the heading and summary kept with it go too).
            height = max(_lines([_text_width(line) for line in text.split("\n")], max(width, 1))
                         for text, width in zip(row, widths, strict=True))
            cells = self._row(table, header=False, whole=height <= ROW_KEPT_WHOLE)
            for cell, text, align in zip(cells, row, aligned, strict=True):
                _cell_text(cell, text, style=body_style, align=align() if align else None)
        self.doc.add_paragraph(style="GW Body")

    def _new_table(self, columns: int, widths: list[int], *, size: float = BODY_SIZE, margin: int = 108) -> Any:
        """An empty bordered table across the text block; ``widths`` in half-width characters (0: the rest),
        ``margin`` the space inside each cell's left and right edge, in twips."""
        from docx.shared import Twips

        table = self.doc.add_table(rows=0, cols=columns)
        unit = int(size * 10)  # a half-width character of ``size`` pt, in twips
        padding = 2 * margin
        twips = [w * unit + padding for w in widths]
        rest = TEXT_WIDTH - sum(twips)
        twips = [t if w else max(rest, 4 * unit + padding) for t, w in zip(twips, widths, strict=True)]
        scale = TEXT_WIDTH / sum(twips)
        twips = [int(t * scale) for t in twips]
        twips[-1] += TEXT_WIDTH - sum(twips)
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        _set_child(tbl_pr, "tblW", _TBLPR_ORDER, w=str(TEXT_WIDTH), type="dxa")
        _set_child(tbl_pr, "jc", _TBLPR_ORDER, val="center")
        borders = _set_child(tbl_pr, "tblBorders", _TBLPR_ORDER)
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _element(borders, side, val="single", sz="4", space="0", color="000000")
        if margin != 108:  # Word's default
            margins = _set_child(tbl_pr, "tblCellMar", _TBLPR_ORDER)
            for side in ("left", "right"):
                _element(margins, side, w=str(margin), type="dxa")
        for column, width in zip(table.columns, twips, strict=True):
            column.width = Twips(width)
        table._edu_widths = twips  # the cells' widths, set row by row
        return table

    @staticmethod
    def _row(table: Any, *, header: bool, whole: bool = True) -> Any:
        from docx.shared import Twips

        row = table.add_row()
        tr_pr = row._tr.get_or_add_trPr()
        if header or whole:
            _element(tr_pr, "cantSplit")
        if header:
            _element(tr_pr, "tblHeader")
        cells = row.cells
        for cell, width in zip(cells, table._edu_widths, strict=True):
            cell.width = Twips(width)
            _set_child(cell._tc.get_or_add_tcPr(), "vAlign", _TCPR_ORDER, val="center")
        return cells

    def save(self) -> bytes:
        core = self.doc.core_properties
        core.title = self.core_title
        core.author = "edu_plan"
        core.last_modified_by = "edu_plan"
        core.comments = ""
        core.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return reproducible_package(buffer.getvalue())


def _align_center() -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return WD_ALIGN_PARAGRAPH.CENTER


_ALIGN: dict[ColumnType, Callable[[], Any]] = {
    ColumnType.INTEGER: _align_center,
    ColumnType.DECIMAL: _align_center,
    ColumnType.DATE: _align_center,
    ColumnType.MARK: _align_center,
    ColumnType.LIGHT: _align_center,
}


def _table_font_size(columns: int) -> float:
    """4号 (14 pt) for narrow tables, 小四 (12 pt) up to seven columns, 五号 (10.5 pt) up to ten, 小五 (9 pt) up
    to sixteen, 六号 (7.5 pt) for wider ones (the 27 columns of the 分工矩阵)."""
    for most, size in ((4, 14.0), (7, 12.0), (10, 10.5), (16, 9.0)):
        if columns <= most:
            return size
    return 7.5


def _cell_margin(columns: int) -> int:
    """Space inside a cell's left and right edges, in twips: Word's 0.19 cm, 0.08 cm beyond ten columns."""
    return 108 if columns <= 10 else 43


def _lines(widths: list[int], width: int) -> int:
    """How many lines text whose lines are ``widths`` half-width characters wide takes in a column ``width`` wide."""
    return sum(max(1, -(-w // width)) for w in widths)


def _column_widths(rows: list[list[str]], fixed: list[bool], size: float, margin: int = 108) -> list[int]:
    """Column widths in half-width characters that make the table as short as they can.

    Every column starts narrow: a number, date or status (``fixed``) as wide as its text (a date
    on two lines at most), a code of up to six (T01-1) as wide as it is, other text two characters.
    The rest of the text block goes, one half-width character at a time, to the column whose
    widening saves the most lines: first the rows' heights (a row is as tall as its tallest
    cell), then the lines of all the cells.
    """
    unit = size * 10
    available = int((TEXT_WIDTH - 2 * margin * len(fixed)) / unit)
    cells = [[[_text_width(line) for line in text.split("\n")] for text in row] for row in rows[:200]]
    natural = [max(max(cell) for cell in column) for column in zip(*cells, strict=True)]
    widths = [max(1, min(n + 1, 11) if f else n if n <= 6 else 4) for n, f in zip(natural, fixed, strict=True)]
    if sum(widths) > available:  # no slack, then
        widths = [max(1, min(n, 10) if f else min(n, 4)) for n, f in zip(natural, fixed, strict=True)]
    if sum(widths) >= available:
        return widths

    lines = [[_lines(cell, w) for cell, w in zip(row, widths, strict=True)] for row in cells]
    for _step in range(available - sum(widths)):
        # Each row's tallest cell, and the tallest once that cell's column is left out.
        tops = []
        for row in lines:
            first = max(range(len(row)), key=row.__getitem__)
            tops.append((first, row[first], max((h for c, h in enumerate(row) if c != first), default=0)))
        choices = []
        for c in range(len(widths)):
            if widths[c] >= natural[c]:
                continue
            wider = [_lines(row[c], widths[c] + 1) for row in cells]
            height = sum(max(new, second if first == c else top)
                         for new, (first, top, second) in zip(wider, tops, strict=True))
            saved = sum(row[c] for row in lines) - sum(wider)
            choices.append(((height, -saved), -natural[c], c, wider))
        if not choices:
            break
        _cost, _natural, column, wider = min(choices)
        widths[column] += 1
        for row, new in zip(lines, wider, strict=True):
            row[column] = new
    return widths


def _bulletin_opening(document: Document) -> str:
    period = format_period(document.period) if document.period is not None else ""
    day = format_date(document.as_of) if document.as_of is not None else ""
    return _("In accordance with {plan}, the progress in {period} (as of {day}) is reported as follows.").format(
        plan=_cited(document), period=period, day=day)


def _notice_opening(document: Document) -> str:
    period = format_period(document.period) if document.period is not None else ""
    day = format_date(document.as_of) if document.as_of is not None else ""
    return _("The {period} assessment under {plan} (figures as of {day}) found the following problem in your "
             "unit; it is to be rectified:").format(plan=_cited(document), period=period, day=day)


def _cited(document: Document) -> str:
    """A plan cited the official way: 《标题》（文号）, or 《标题》 when it has no 文号."""
    title = clean(document.plan_title)
    if document.doc_number:
        return _("“{title}” ({number})").format(title=title, number=clean(document.doc_number))
    return _("“{title}”").format(title=title)


# -- OOXML helpers -------------------------------------------------------------------------------


def _element(parent: Any, tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    child = OxmlElement(f"w:{tag}")
    parent.append(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def _set_child(parent: Any, tag: str, order: Sequence[str], **attributes: str) -> Any:
    """``parent``'s ``w:tag`` child (made, in schema order, when missing) with ``attributes`` set."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    child = parent.find(qn(f"w:{tag}"))
    if child is None:
        child = OxmlElement(f"w:{tag}")
        later = {qn(f"w:{name}") for name in order[order.index(tag) + 1:]}
        for i, sibling in enumerate(parent):
            if sibling.tag in later:
                parent.insert(i, child)
                break
        else:
            parent.append(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def _fonts(target: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style: ``east_asia`` for Chinese (w:eastAsia), ``latin`` for the rest."""
    from docx.oxml.ns import qn

    element = target.element if hasattr(target, "element") else target
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _first_line(paragraph: Any, chars: int) -> None:
    """A first-line indent of ``chars`` characters (w:firstLineChars, in hundredths, and its twips)."""
    from docx.oxml.ns import qn

    ind = _set_child(paragraph._p.get_or_add_pPr(), "ind", _PPR_ORDER, firstLine=str(chars * CHAR))
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _right_indent(paragraph: Any, chars: float) -> None:
    from docx.oxml.ns import qn

    ind = _set_child(paragraph._p.get_or_add_pPr(), "ind", _PPR_ORDER, right=str(round(chars * CHAR)))
    ind.set(qn("w:rightChars"), str(round(chars * 100)))


def _border(paragraph: Any, side: str, colour: str, eighths: int, space: int = 1) -> None:
    """A rule above or below a paragraph, across the text block; ``eighths`` of a point thick."""
    borders = _set_child(paragraph._p.get_or_add_pPr(), "pBdr", _PPR_ORDER)
    _element(borders, side, val="single", sz=str(eighths), space=str(space), color=colour)


def _cell_text(cell: Any, text: str, *, style: str, align: Any = None) -> None:
    paragraph = cell.paragraphs[0]
    # By style id: python-docx's look-up by name walks every style, for every cell.
    paragraph._p.style = style
    if align is not None:
        paragraph.alignment = align
    if text:
        paragraph.add_run(text)


def _page_setup(section: Any) -> None:
    """A4 portrait, the margins of GB/T 9704 and its 28 × 22 grid."""
    from docx.oxml.ns import qn
    from docx.shared import Twips

    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    section.header_distance = Twips(851)  # 15 mm: no header is printed
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _restart_numbering(section: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    number_type = sect_pr.find(qn("w:pgNumType"))
    if number_type is None:
        number_type = OxmlElement("w:pgNumType")
        # pgNumType comes after pgMar/paperSrc/pgBorders/lnNumType and before cols.
        cols = sect_pr.find(qn("w:cols"))
        if cols is not None:
            cols.addprevious(number_type)
        else:
            sect_pr.append(number_type)
    number_type.set(qn("w:start"), "1")


def _page_numbers(section: Any) -> None:
    """"— 1 —" in 4号 宋体: one character in from the right on odd pages, from the left on even ones."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = "GW Page Number"
        paragraph.alignment = align
        ind = _set_child(paragraph._p.get_or_add_pPr(), "ind", _PPR_ORDER, **{side: str(PAGE_NUMBER_SIZE * 20)})
        ind.set(qn("w:firstLine"), "0")
        paragraph.add_run("— ")
        begin = paragraph.add_run()
        _element(begin._r, "fldChar", fldCharType="begin")
        instruction = paragraph.add_run()
        code = _element(instruction._r, "instrText")
        code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        code.text = " PAGE "
        separate = paragraph.add_run()
        _element(separate._r, "fldChar", fldCharType="separate")
        paragraph.add_run("1")
        end = paragraph.add_run()
        _element(end._r, "fldChar", fldCharType="end")
        paragraph.add_run(" —")


def _styles(doc: Any) -> None:
    """The document defaults (仿宋_GB2312 3号, exact line pitch) and the styles of the official layout."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor, Twips

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for name, value in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", BODY_FONT), ("cs", LATIN_FONT)):
        fonts.set(qn(f"w:{name}"), value)
    for tag in ("sz", "szCs"):
        r_pr.find(qn(f"w:{tag}")).set(qn("w:val"), str(BODY_SIZE * 2))
    language = r_pr.find(qn("w:lang"))
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    for name in list(spacing.attrib):
        del spacing.attrib[name]
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH))
    spacing.set(qn("w:lineRule"), "exact")

    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT)
    normal.font.size = Pt(BODY_SIZE)
    _tracking(normal, BODY_TRACKING)
    # Text does not snap to the grid's cells: LibreOffice gives a 16 pt character two 15.79 pt cells
    # (14 characters a line). The tracking above puts 28 characters on a line in every word processor.
    _set_child(normal.element.get_or_add_pPr(), "snapToGrid", _PPR_ORDER, val="0")

    def paragraph_style(name: str, font: str, size: float, *, indent: int = 0, outline: int | None = None) -> Any:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _fonts(style, font)
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = Twips(LINE_PITCH)
        fmt.widow_control = True
        p_pr = style.element.get_or_add_pPr()
        if indent:
            ind = _set_child(p_pr, "ind", _PPR_ORDER, firstLine=str(indent * CHAR))
            ind.set(qn("w:firstLineChars"), str(indent * 100))
        if outline is not None:
            _set_child(p_pr, "outlineLvl", _PPR_ORDER, val=str(outline))
        return style

    paragraph_style("GW Body", BODY_FONT, BODY_SIZE, indent=2)
    title = paragraph_style("GW Title", TITLE_FONT, TITLE_SIZE, outline=0)
    title.paragraph_format.keep_with_next = True
    _tracking(title, 0)
    paragraph_style("GW Heading 1", HEADING_FONT, BODY_SIZE, indent=2, outline=1).paragraph_format.keep_with_next = True
    paragraph_style("GW Heading 2", SECOND_HEADING_FONT, BODY_SIZE, indent=2, outline=2)
    letterhead = paragraph_style("GW Letterhead", TITLE_FONT, TITLE_SIZE)
    letterhead.font.color.rgb = RGBColor.from_string(RED)
    _tracking(letterhead, 0)
    imprint = paragraph_style("GW Imprint", BODY_FONT, 14)
    _tracking(imprint, 0)
    number = paragraph_style("GW Page Number", NUMBER_FONT, PAGE_NUMBER_SIZE)
    _fonts(number, NUMBER_FONT, NUMBER_FONT)
    _tracking(number, 0)
    for name, font in (("GW Table", BODY_FONT), ("GW Table Header", HEADING_FONT)):
        style = paragraph_style(name, font, BODY_SIZE)
        style.paragraph_format.line_spacing = 1.0
        _tracking(style, 0)
    _font_table(doc)


def _tracking(style: Any, twentieths: int) -> None:
    """The spacing added to every character of ``style``, in twentieths of a point (w:spacing of w:rPr)."""
    _set_child(style.element.get_or_add_rPr(), "spacing", _RPR_ORDER, val=str(twentieths))


def _font_table(doc: Any) -> None:
    """Replace the template's font table (Cambria, MS Mincho…) with the fonts this layout names."""
    from xml.sax.saxutils import quoteattr

    entries = []
    for name, alt, charset, family, pitch, panose in _FONT_TABLE:
        alt_name = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
        entries.append(f"<w:font w:name={quoteattr(name)}>{alt_name}<w:panose1 w:val=\"{panose}\"/>"
                       f"<w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/>"
                       f"<w:pitch w:val=\"{pitch}\"/></w:font>")
    xml = (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts xmlns:w=\"{_W}\">"
           f"{''.join(entries)}</w:fonts>").encode()
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = xml


def _set_theme_language(doc: Any) -> None:
    from docx.oxml.ns import qn

    language = doc.settings.element.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")


def _remove_thumbnail(doc: Any) -> None:
    """The template's preview picture shows another document: drop it."""
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[key]



DOCX = DocxRenderer()
"""The ``docx`` renderer."""
