"""The ``text`` importer: a plan in the official document layout, as text or .docx.

The cover gives the issuer, the doc number (贺党教发〔2023〕1号), the date and the title;
the body's headings (一、 / （一） / 1. / （1）) give sections and tasks; the lines after a
task (牵头单位：…, 配合单位：…, 责任单位：…) or a parenthesis at its end (（县教体局牵头，
县财政局配合）) give its responsibilities.  Text extracted from a PDF or Word file is
cleaned first: page numbers and running headers go, lines broken in mid-sentence are
joined, and the wording is otherwise kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from os import PathLike
from pathlib import Path

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention
from edu_plan._import import ImportResult
from edu_plan._model import BasisDocument, Role, Safeguard
from edu_plan._numbers import parse_number
from edu_plan._registry import Registry
from edu_plan.errors import PlanImportError
from edu_plan.limits import current_limits
from edu_plan.plugins.importers._build import PlanBuilder, SectionDraft, TaskDraft
from edu_plan.plugins.importers._flat import find_flat_tables
from edu_plan.plugins.importers._readers import read_file
from edu_plan.plugins.importers._table import TableRow, field_of, find_table, rows_into_tasks
from edu_plan.plugins.importers._units import (
    RESPONSIBILITY_LINE,
    Mention,
    looks_like_units,
    parse_responsibility_line,
    parse_trailing_parenthesis,
    split_units,
)

__all__ = ["TEXT", "Paragraph", "TextImporter", "clean_lines", "import_text", "read_document"]

_HEADING_STYLES = (
    ("一、", re.compile(r"^(?P<n>[一二三四五六七八九十]+)\s*[、.．]\s*(?P<rest>.*)$")),
    ("（一）", re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十]+)\s*[）)]\s*[、.．]?\s*(?P<rest>.*)$")),
    ("1.", re.compile(r"^(?P<n>\d{1,3})\s*[.．、](?!\d)\s*(?P<rest>.*)$")),
    ("（1）", re.compile(r"^[（(]\s*(?P<n>\d{1,3})\s*[）)]\s*(?P<rest>.*)$")),
    ("①", re.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(?P<rest>.*)$")),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－─\s]*\d{1,4}[-—–－─\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[Pp]age\s*\d+.*)$"
)
_END = "。！？!?；;：:”」）)"
_ATTACHMENT = re.compile(r"^附\s*[件表]\s*\d*\s*(?:[：:]|$|\s|[\u4e00-\u9fff“《])")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号")
_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE = re.compile(
    r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_TITLE_END = re.compile(
    r"(?:实施方案|行动方案|工作方案|方案|行动计划|工作计划|计划|实施意见|意见|办法|规划|工作要点|要点|细则)"
    r"(?:[（(](?:19|20)\d{2}[-—–－至](?:19|20)?\d{2,4}年?[）)]|[（(](?:19|20)\d{2}年?[）)])?$"
)
_WRAPPER_TASKS = re.compile(r"(?:重点|主要|工作)任务|任务举措|主要举措|重点工作")
_WRAPPER_GENERAL = re.compile(r"总体要求|指导思想|基本原则|(?:主要|工作|总体|发展)目标")
_WRAPPER_SAFEGUARDS = re.compile(r"保障措施|组织实施|工作要求|组织保障|保障机制")
_GOALS = re.compile(r"^(?:主要|工作|总体|发展)?目标")
_NUMBER_THEN_DIGIT = re.compile(r"^(?P<n>\d{1,3})[.．](?P<rest>\d+[\u4e00-\u9fff“《].*)$")
_STEPS = re.compile(r"步骤|进度安排|时间安排|时间节点|实施阶段|工作安排|阶段安排|工作进度")
_DUTIES = re.compile(r"职责分工|责任分工|部门职责|任务分工|工作分工")
_DUTY = re.compile(r"^(?:\d{1,2}[.．、]\s*)?([^：:，。；]{2,40})[：:](.{4,})$")
_BY_UNITS = re.compile(r"由([^，。；由]{2,60}?)(?:组织|负责|将|统一|牵头|按照|分别|实施)")
_DUTY_MATCH = 0.3
"""A duty goes to the task whose wording holds at least this share of its character pairs."""
_ROW_MATCH = 0.5
"""A table row is the text's task whose wording holds at least this share of the row's character pairs."""
_UNSURE_ROW = Decimal("0.7")
"""The confidence of units a row took from the row above (a merged cell read back)."""
_DATA_TABLE = re.compile(r"^(?:表|附表)\s*\d+\s*[\u4e00-\u9fff]")
_FIGURE = re.compile(r"^图\s*\d+\s*[\u4e00-\u9fff]")
_LEFT_OUT = {"header": N_("a running header at the top of the page"),
             "footer": N_("a footer or page number at the bottom of the page"),
             "navigation": N_("the web site's navigation, header or footer"),
             "outside the article": N_("text of the web page outside the article")}


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph of the cleaned text and the source line it starts on (1-based)."""

    text: str
    line: int


# -- reading -----------------------------------------------------------------------------------------


def read_document(path: str | PathLike[str]) -> str:
    """The text of a plan's file: .txt/.md (UTF-8 or GB18030), .docx, .pdf or a saved web page (.html/.htm).

    Tables come back as tab-separated lines; see :mod:`edu_plan.plugins.importers._readers`.
    """
    return read_file(Path(path)).text


# -- clean-up ----------------------------------------------------------------------------------------


def _heading(text: str, previous: int | None = None) -> tuple[str, str, str] | None:
    """``(style, number, rest)`` when ``text`` starts with a heading number.

    With ``previous`` (the last 1.-style number met), "11.121人才梯队项目" after task 10 is
    task 11 whose title starts with a number, not the decimal 11.121.
    """
    for style, pattern in _HEADING_STYLES:
        match = pattern.match(text)
        if match and match.group("rest").strip():
            return style, match.group("n"), match.group("rest").strip()
    if previous is not None:
        match = _NUMBER_THEN_DIGIT.match(text)
        if match and int(match.group("n")) == previous + 1:
            return "1.", match.group("n"), match.group("rest").strip()
    return None


def _starts_block(text: str) -> bool:
    return bool(_heading(text) or RESPONSIBILITY_LINE.match(text) or _ATTACHMENT.match(text) or "\t" in text
                or text.count("|") >= 2)


def _standalone(text: str) -> bool:
    """A heading line with no sentence in it: （一）全面落实立德树人根本任务."""
    return _heading(text) is not None and "。" not in text and len(text) <= 40 and not text.endswith("，")


def clean_lines(text: str) -> tuple[list[Paragraph], list[tuple[int, str]]]:
    """Join the lines of extracted text into paragraphs; return them and the lines removed.

    Page numbers (— 3 —, 第3页) and running headers (a short line repeated on three or
    more pages) are removed; a line that does not end a sentence is joined to the next
    unless the next starts a heading, a responsibility line, a table row or an attachment.
    """
    kept, removed = _prepare(text)
    return _join(kept), removed


def _prepare(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The non-empty lines, stripped, without page numbers and running headers; and those removed.

    From the first attachment on (附件, 附表), a bare number is a table's row number and a repeated
    line a table's cell: only the page numbers written as such (— 3 —, 第3页) are removed there.
    """
    raw = [(i, line.strip().strip("\u3000").strip()) for i, line in enumerate(text.splitlines(), start=1)]
    raw = [(i, re.sub(r"^#{1,6}\s+", "", line.replace("\u3000", " "))) for i, line in raw if line]
    removed: list[tuple[int, str]] = []
    attachment_at = _attachments_start(raw)
    counts = Counter(line for _n, line in raw[:attachment_at])
    seen: set[str] = set()
    kept: list[tuple[int, str]] = []
    for k, (number, line) in enumerate(raw):
        in_attachment = k >= attachment_at
        if _PAGE_NUMBER.fullmatch(line) and not (in_attachment and re.fullmatch(r"\d{1,4}", line)):
            removed.append((number, line))
            continue
        running = (not in_attachment and counts[line] >= 3 and len(line) <= 40 and not _starts_block(line)
                   and not looks_like_units(line) and field_of(line) is None)
        if running and line in seen:
            removed.append((number, line))
            continue
        seen.add(line)
        kept.append((number, line))
    return kept, removed


def _attachments_start(lines: list[tuple[int, str]]) -> int:
    """The index of the first attachment line (附件1, 附表：…) after the plan's headings; len(lines) if none."""
    headings = 0
    for k, (_n, line) in enumerate(lines):
        if _heading(line):
            headings += 1
        elif _ATTACHMENT.match(line) and headings >= 2:
            return k
    return len(lines)


def _data_tables(kept: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """The lines without the body's data tables (表1 … up to the next heading) and figure captions; and those."""
    result: list[tuple[int, str]] = []
    dropped: list[tuple[int, str, str]] = []
    k = 0
    while k < len(kept):
        number, line = kept[k]
        if _FIGURE.match(line):
            dropped.append((number, line, "figure"))
            k += 1
            continue
        if _DATA_TABLE.match(line):
            dropped.append((number, line, "table"))
            k += 1
            # A data table goes on to the next heading: its cells may hold whole sentences.
            while k < len(kept) and not _heading(kept[k][1]) and not _ATTACHMENT.match(kept[k][1]) and not (
                    RESPONSIBILITY_LINE.match(kept[k][1])):
                if _FIGURE.match(kept[k][1]) or _DATA_TABLE.match(kept[k][1]):
                    break
                dropped.append((kept[k][0], kept[k][1], "table"))
                k += 1
            continue
        result.append((number, line))
        k += 1
    return result, dropped


def _join(kept: list[tuple[int, str]]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    last_number = 0
    for number, line in kept:
        heading = _heading(line, last_number)
        if heading is not None and heading[0] == "1.":
            last_number = _number("1.", heading[1])
        if paragraphs:
            last = paragraphs[-1].text
            if (not last.endswith(tuple(_END)) and not _starts_block(line) and heading is None
                    and not _standalone(last) and "\t" not in last and last.count("|") < 2 and not _is_title(last)):
                paragraphs[-1] = attrs.evolve(paragraphs[-1], text=last + line)
                continue
        paragraphs.append(Paragraph(text=line, line=number))
    return paragraphs


# -- structure ---------------------------------------------------------------------------------------


def _cover_date(line: str) -> pendulum.Date | None:
    match = _DATE.match(line)
    try:
        if match:
            return pendulum.Date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _CN_DATE.match(line)
        if match:
            year = int("".join(str(parse_number(c) or 0) for c in match.group(1)))
            month, day = parse_number(match.group(2)), parse_number(match.group(3))
            if month is not None and day is not None:
                return pendulum.Date(year, int(month), int(day))
    except ValueError:
        return None
    return None


def _is_title(line: str) -> bool:
    return (len(line) <= 60 and bool(_TITLE_END.search(line)) and not re.search(r"[。，；：]", line)
            and not line.startswith(("关于", "《")) and _heading(line) is None)


def _is_org(line: str) -> bool:
    """A line that names an issuing body: 上海市交通委员会, 中共贺兰县委教育工作领导小组."""
    return (len(line) <= 30 and not re.search(r"[。，；：:、]", line) and _cover_date(line) is None
            and bool(re.search(r"(?:局|委|委员会|政府|办公室|小组|会|部|院|厅|办|中心|党委|县委|区委|市委)$", line)))


def _split_cover(lines: list[tuple[int, str]], builder: PlanBuilder) -> int:
    """Read the cover into ``builder``; return the index of the first body line (after the title)."""
    title_at = next((i for i, (_n, line) in enumerate(lines[:80]) if _is_title(line)), None)
    first_heading = next((i for i, (_n, line) in enumerate(lines) if _heading(line)), len(lines))
    if title_at is None or title_at > first_heading:
        if lines and first_heading > 0 and not lines[0][1].endswith(tuple(_END)) and len(lines[0][1]) <= 60:
            builder.title = lines[0][1]
            return 1
        return 0
    title = lines[title_at][1]
    # A title broken over two lines: the line before it ends no sentence and is no cover line.
    if title_at > 0:
        before = lines[title_at - 1][1]
        if (not before.endswith(tuple(_END)) and len(before) >= 4 and len(before + title) <= 70
                and _cover_date(before) is None and not _DOC_NUMBER.search(before) and not _is_org(before)
                and not re.search(r"关于|通知|文件$|^[（(]", before) and not _is_title(before)):
            title = before + title
    cover = lines[:title_at]
    builder.title = title
    joined = "".join(line for _n, line in cover)
    for _n, line in cover:
        doc_number = _DOC_NUMBER.search(line)
        if doc_number:
            builder.doc_number = re.sub(r"\s+", "", doc_number.group(0))
            break
    notice = re.search(r"([\u4e00-\u9fff]+?)关于印发《", joined)
    start = title_at + 1
    # Issuer and date after the title (a cover that puts them under it), before the first paragraph.
    after = lines[start:start + 4]
    for k, (_n, line) in enumerate(after):
        if _heading(line) or line.endswith("。"):
            break
        if _cover_date(line) is not None:
            cover = cover + after[: k + 1]
            start += k + 1
            break
    for k, (_n, line) in enumerate(cover):
        day = _cover_date(line)
        if day is not None:
            builder.issue_date = day
            # Co-signers stand one a line above the date: the issuer is the first of them.
            j = k - 1
            while j >= 0 and _is_org(cover[j][1]):
                j -= 1
            if j < k - 1:
                builder.issuer = cover[j + 1][1]
            elif k > 0 and not cover[k - 1][1].endswith(tuple(_END)) and cover[k - 1][1] != title:
                builder.issuer = cover[k - 1][1]
    if not builder.issuer and notice:
        builder.issuer = notice.group(1).removeprefix(builder.doc_number or "")
        builder.issuer = re.split(r"[、\s]", builder.issuer)[0]
    region = re.match(r"^([\u4e00-\u9fff]{1,6}?[县市区旗])", builder.title)
    builder.region = region.group(1) if region else ""
    return start


@attrs.define
class _Node:
    style: str
    number: str
    title: str
    text: str
    line: int
    parent: _Node | None = None
    source: str = ""
    paragraphs: list[Paragraph] = attrs.field(factory=list)
    responsibilities: list[Paragraph] = attrs.field(factory=list)
    after: list[Paragraph] = attrs.field(factory=list)


def _rank(style: str) -> int:
    return [s for s, _ in _HEADING_STYLES].index(style)


def _title_and_text(rest: str) -> tuple[str, str]:
    match = re.match(r"^(.{1,60}?)[。．]\s*(.*)$", rest)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return rest.strip(), ""


def _number(style: str, number: str) -> int:
    if style == "①":
        return _CIRCLED.index(number) + 1
    value = parse_number(number)
    return int(value) if value is not None else 0


def import_text(text: str, *, source: str = "<text>", plan_id: str | None = None,
                registry: Registry | None = None,
                left_out: Sequence[tuple[str, str]] = ()) -> ImportResult:
    """Import a plan from its official text (what the ``text`` importer does with a file's content).

    ``left_out`` are the lines the file's reader left out on purpose, ``(line, why)``
    (a PDF's running headers, a web page's navigation): the report lists them.
    """
    builder = PlanBuilder(source=source, importer="text", plan_id=plan_id, registry=registry)
    for what, why in left_out:
        reason = _LEFT_OUT.get(why, why)
        builder.place(None, what, "dropped", _("left out by the reader: {why}").format(why=reason))
    kept, removed = _prepare(text)
    for line, what in removed:
        builder.note(_("page number or running header removed"), source=what, line=line,
                     confidence=Decimal("0.9"))
        builder.place(line, what, "dropped", _("a page number or running header"))
    attachment_at = _attachments_start(kept)
    main, attachment = kept[:attachment_at], kept[attachment_at:]
    main, data = _data_tables(main)
    for line, what, kind in data:
        builder.place(line, what, "dropped", _("a figure caption in the body") if kind == "figure" else
                      _("a data table in the body (not a task table), kept out of the task text"))
    # The cover is read line by line: its lines (letterhead, doc number, issuer, date) end no sentence.
    start = _split_cover(main, builder)
    for line, what in main[:start]:
        builder.place(line, what, "cover")
    body = _join(main[start:])

    # The tree of headings, each with the paragraphs and responsibility lines under it.
    nodes: list[_Node] = []
    tables: list[list[Paragraph]] = []
    preamble: list[Paragraph] = []
    stack: list[_Node] = []
    in_table = False
    last_number = 0
    for paragraph in body:
        if "\t" in paragraph.text or paragraph.text.count("|") >= 2:
            if in_table:
                tables[-1].append(paragraph)
            else:
                tables.append([paragraph])
            in_table = True
            continue
        in_table = False
        heading = _heading(paragraph.text, last_number)
        if heading is not None and not RESPONSIBILITY_LINE.match(paragraph.text):
            style, number, rest = heading
            if style == "1.":
                last_number = _number(style, number)
            while stack and _rank(stack[-1].style) >= _rank(style):
                stack.pop()
            title, inline = _title_and_text(rest)
            node = _Node(style=style, number=number, title=title, text=inline, line=paragraph.line,
                         parent=stack[-1] if stack else None, source=paragraph.text)
            nodes.append(node)
            stack.append(node)
            continue
        if RESPONSIBILITY_LINE.match(paragraph.text):
            if stack:
                stack[-1].responsibilities.append(paragraph)
            else:
                builder.unplaced(paragraph.text, _("a responsibility line before any task"), line=paragraph.line)
                builder.place(paragraph.line, paragraph.text, "dropped", _("a responsibility line before any task"))
            continue
        if not stack:
            preamble.append(paragraph)
        elif stack[-1].responsibilities:
            stack[-1].after.append(paragraph)
        else:
            stack[-1].paragraphs.append(paragraph)

    builder.preamble = "".join(p.text for p in preamble)
    for paragraph in preamble:
        builder.place(paragraph.line, paragraph.text, "preamble")
    for basis in re.finditer(r"《([^《》]+)》\s*[（(]([^（）()]*?〔\d{4}〕\s*\d+\s*号)[）)]", builder.preamble):
        builder.basis.append(BasisDocument(title=basis.group(1), doc_number=basis.group(2)))

    children: dict[int, list[_Node]] = {}
    for n in nodes:
        if n.parent is not None:
            children.setdefault(id(n.parent), []).append(n)

    # Unit lines after the last of a task's sub-items ((1)–(3), ①) are the task's, not the last sub-item's.
    for n in nodes:
        if n.parent is None or not n.responsibilities or _rank(n.style) <= _rank("1."):
            continue
        siblings = [c for c in children[id(n.parent)] if c.style == n.style and c is not n]
        leaves = not children.get(id(n)) and not any(children.get(id(c)) for c in siblings)
        sibling_units = any(c.responsibilities or parse_trailing_parenthesis(c.text + "".join(
            p.text for p in c.paragraphs))[1] for c in siblings)
        if siblings and leaves and not sibling_units and not n.parent.responsibilities:
            n.parent.responsibilities, n.responsibilities = n.responsibilities, []
            n.parent.after, n.after = n.after, []

    def full_text(node: _Node) -> str:
        return node.text + "".join(p.text for p in node.paragraphs)

    def trailing(node: _Node) -> list[Mention]:
        body_text = full_text(node) or node.title
        _rest, mentions = parse_trailing_parenthesis(body_text)
        if not mentions:
            _rest, mentions = parse_trailing_parenthesis(node.title)
        return list(mentions)

    def carries(node: _Node) -> bool:
        return bool(node.responsibilities or trailing(node))

    def under(node: _Node, pattern: re.Pattern[str]) -> bool:
        walk: _Node | None = node.parent
        while walk is not None:
            if pattern.search(walk.title):
                return True
            walk = walk.parent
        return False

    duties = [n for n in nodes if _DUTIES.search(n.title) and len(n.title) <= 12]

    def in_duties(node: _Node) -> bool:
        return any(node is d or under(node, _DUTIES) for d in duties)

    excluded = [_WRAPPER_GENERAL, _WRAPPER_SAFEGUARDS, _DUTIES, _STEPS]
    task_style = ""

    def excluded_node(node: _Node) -> bool:
        # A heading of the tasks' own style is a task whatever its words (4.健全经费保障机制).
        own = node.style != task_style and any(p.search(node.title) for p in excluded)
        return any(under(node, p) for p in excluded) or own

    # Tasks are the headings of the style that carries responsibilities.
    carriers = Counter(n.style for n in nodes if carries(n) and not excluded_node(n))
    if carriers:
        task_style = carriers.most_common(1)[0][0]
    else:
        # No unit named anywhere: the deepest headings under 重点任务, else the deepest with text.
        candidates = [n.style for n in nodes if under(n, _WRAPPER_TASKS)] or [
            n.style for n in nodes if full_text(n) and not excluded_node(n)]
        task_style = max(candidates, key=_rank) if candidates else ""
    task_rank = _rank(task_style) if task_style else 99

    def is_task(node: _Node) -> bool:
        if in_duties(node):
            return False
        if node.style == task_style and not excluded_node(node):
            return True
        if _rank(node.style) <= task_rank:
            descendants = [c for c in nodes if c is not node and _ancestor(c, node)]
            if carries(node) and not any(c.style == task_style for c in descendants) and (
                    under(node, _WRAPPER_SAFEGUARDS) or not excluded_node(node)):
                return True  # a safeguard item with its units, a heading with its own units
            siblings = [c for c in nodes if c.parent is node.parent and c is not node]
            if (_rank(node.style) < task_rank and full_text(node) and not descendants and not excluded_node(node)
                    and any(children.get(id(s)) and any(c.style == task_style for c in children[id(s)])
                            for s in siblings)):
                return True  # an unnumbered sub-heading with its paragraph, among sections of tasks
        return False

    task_nodes = [n for n in nodes if is_task(n)]
    task_ids = {id(n) for n in task_nodes}

    def task_of(node: _Node) -> _Node | None:
        walk = node.parent
        while walk is not None:
            if id(walk) in task_ids:
                return walk
            walk = walk.parent
        return None

    # Sub-items under a task ((1)–(3)) stay in its text; their unit lines are the task's.
    folded: dict[int, list[_Node]] = {}
    for node in nodes:
        if id(node) in task_ids:
            continue
        owner = task_of(node)
        if owner is not None:
            folded.setdefault(id(owner), []).append(node)
    folded_ids = {id(n) for ns in folded.values() for n in ns}

    sections: dict[int, SectionDraft] = {}
    placed_sections: set[int] = set()
    used_keys: set[str] = set()
    numbers = [_number(n.style, n.number) for n in task_nodes if n.style == task_style]
    restarts = len(set(numbers)) < len(numbers) or any(n.style != task_style for n in task_nodes)
    drafts: list[tuple[_Node, TaskDraft]] = []
    for index, node in enumerate(task_nodes, start=1):
        # An unnumbered sub-heading taken as a task stands among sections: it is a section of its own.
        own_section = (node.style != task_style and _rank(node.style) < task_rank and node.parent is not None
                       and not under(node, _WRAPPER_SAFEGUARDS))
        parent = node if own_section else node.parent
        key = id(parent) if parent is not None else 0
        if key not in sections:
            if parent is None:
                sections[key] = builder.section(_unique("一", used_keys), "重点任务")
            else:
                section_key = _unique(parent.number, used_keys, parent.parent.number if parent.parent else "")
                intro = "" if own_section else full_text(parent)
                sections[key] = builder.section(section_key, parent.title, intro)
                if parent is not node:
                    placed_sections.add(id(parent))
                    builder.place(parent.line, parent.source, "section", sections[key].key)
                    for p in parent.paragraphs:
                        builder.place(p.line, p.text, "section", sections[key].key)
        section = sections[key]
        task_number = index if restarts else _number(node.style, node.number)
        text = full_text(node)
        extra = folded.get(id(node), [])
        sub_text = "".join(n.source + "".join(p.text for p in n.paragraphs) for n in extra)
        stripped, mentions = parse_trailing_parenthesis(text + sub_text if sub_text else text)
        title = node.title
        if not mentions:
            title_stripped, mentions = parse_trailing_parenthesis(title)
            title = title_stripped.rstrip("。") if mentions else title
            text = text + sub_text
        else:
            text = stripped
        task = builder.task(section, task_number, title, text, node.line)
        drafts.append((node, task))
        where = _("task {number}").format(number=task_number)
        builder.place(node.line, node.source, "task", where)
        for p in node.paragraphs:
            builder.place(p.line, p.text, "task", where)
        if mentions:
            builder.responsibilities(task, list(mentions), node.line, node.title if title != node.title else text)
        for sub in [node, *extra]:
            for paragraph in sub.responsibilities:
                builder.responsibilities(task, parse_responsibility_line(paragraph.text), paragraph.line,
                                         paragraph.text)
                builder.place(paragraph.line, paragraph.text, "task", where)
            if sub is not node:
                builder.place(sub.line, sub.source, "task", where)
                for p in sub.paragraphs:
                    builder.place(p.line, p.text, "task", where)
            for paragraph in sub.after:
                builder.unplaced(paragraph.text, _("text after a task's responsibility lines"),
                                 line=paragraph.line, where=where)
                builder.place(paragraph.line, paragraph.text, "dropped",
                              _("text after a task's responsibility lines"))
        builder.targets(task, text, node.line)
    if restarts:
        builder.note(_("task numbers restart in each section; tasks were numbered 1, 2, 3… across the plan"))

    task_parents = {id(n.parent) for n in task_nodes if n.parent is not None}
    for node in nodes:
        if id(node) in task_parents and id(node) not in placed_sections:
            # A heading above tasks of sections of their own (二、重点任务 over （四）…).
            builder.place(node.line, node.source, "heading", node.title)
            for p in node.paragraphs:
                builder.place(p.line, p.text, "section", node.title)
        if id(node) in task_ids or id(node) in folded_ids:
            continue
        if id(node) in task_parents:
            _drop_unit_lines(builder, node)  # a section's own 牵头单位 line gives no task its units
            continue
        if in_duties(node):
            _read_duties(builder, node, drafts)
            continue
        placed = "dropped"
        if _STEPS.search(node.title) or under(node, _STEPS):
            placed = "steps"
        elif _WRAPPER_GENERAL.search(node.title) and "指导思想" in node.title:
            builder.guiding_ideology = full_text(node)
            placed = "guiding ideology"
        elif _GOALS.match(node.title) or (node.parent is not None and _GOALS.match(node.parent.title)):
            if full_text(node):
                builder.goals.append(full_text(node))
            placed = "goals"
        elif node.parent is not None and _WRAPPER_SAFEGUARDS.search(node.parent.title):
            builder.safeguards.append(Safeguard(title=node.title, text=full_text(node)))
            placed = "safeguard"
        elif _WRAPPER_SAFEGUARDS.search(node.title) and full_text(node) and not children.get(id(node)):
            # A safeguards heading with text but no sub-headings is one safeguard of its own.
            builder.safeguards.append(Safeguard(title=node.title, text=full_text(node)))
            placed = "safeguard"
        elif full_text(node) and not children.get(id(node)) and not _WRAPPER_GENERAL.search(node.title):
            builder.unplaced(f"{node.number} {node.title}", _("a heading that is neither a section, a task, the "
                             "goals nor a safeguard"), line=node.line)
        elif children.get(id(node)) or _WRAPPER_GENERAL.search(node.title):
            placed = "heading"
        why = _("a heading that is neither a section, a task, the goals nor a safeguard")
        if placed == "steps":
            builder.note(_("work steps or a timetable (not tasks): kept out of the task list"), source=node.title,
                         line=node.line)
        builder.place(node.line, node.source, placed, why if placed == "dropped" else node.title)
        for p in node.paragraphs:
            builder.place(p.line, p.text, placed, why if placed == "dropped" else node.title)
        _drop_unit_lines(builder, node)
    years = [int(y) for g in builder.goals for y in re.findall(r"到\s*((?:19|20)\d{2})\s*年", g)]
    if years:
        builder.horizon_end = pendulum.Date(max(years), 12, 31)

    for table in tables:
        rows = find_table([[c.strip() for c in re.split(r"\t|\|", p.text)] for p in table], [p.line for p in table])
        if rows is None:
            for paragraph in table:
                builder.unplaced(paragraph.text, _("a table row, in a table without a 重点任务/牵头单位 header"),
                                 line=paragraph.line)
                builder.place(paragraph.line, paragraph.text, "dropped",
                              _("a table row, in a table without a 重点任务/牵头单位 header"))
            continue
        for paragraph in table:
            builder.place(paragraph.line, paragraph.text, "table")
        _merge_table(builder, rows)
    _read_attachments(builder, attachment)
    return builder.finish()


def _ancestor(node: _Node, of: _Node) -> bool:
    walk = node.parent
    while walk is not None:
        if walk is of:
            return True
        walk = walk.parent
    return False


def _unique(key: str, used: set[str], parent: str = "") -> str:
    """A section key not used yet: （一） under 二、 and （一） under 三、 become 一 and 三.一."""
    candidate = key
    if candidate in used and parent:
        candidate = f"{parent}.{key}"
    n = 2
    base = candidate
    while candidate in used:
        candidate = f"{base}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def _read_attachments(builder: PlanBuilder, lines: list[tuple[int, str]]) -> None:
    """The attachments: task tables (real or one cell per line) merged in; any other attachment said so."""
    if not lines:
        return
    parts: list[list[tuple[int, str]]] = []
    for number, line in lines:
        if _ATTACHMENT.match(line) and (not parts or len(parts[-1]) > 2):
            parts.append([(number, line)])
        elif parts:
            parts[-1].append((number, line))
        else:
            parts.append([(number, line)])
    for part in parts:
        flat = find_flat_tables(part)
        tab_rows = [(n, t) for n, t in part if "\t" in t or t.count("|") >= 2]
        used: set[int] = set()
        found = False
        for table in flat:
            found = found or bool(table.rows)
            for n, t in part[table.start:table.end]:
                used.add(n)
                builder.place(n, t, "table")
            for row_line in table.filled:
                builder.note(_("row without units: those of the row above were used (a merged cell)"),
                             line=row_line, confidence=Decimal("0.7"))
            if table.rows:
                _merge_table(builder, list(table.rows), merged_from=set(table.filled))
        if tab_rows:
            rows = find_table([[c.strip() for c in re.split(r"\t|\|", t)] for _n, t in tab_rows],
                              [n for n, _t in tab_rows])
            if rows:
                found = True
                for n, t in tab_rows:
                    used.add(n)
                    builder.place(n, t, "table")
                _merge_table(builder, rows)
        rest = [(n, t) for n, t in part if n not in used]
        if not found:
            title = next((t for _n, t in part if not _ATTACHMENT.fullmatch(t)), part[0][1])
            builder.note(_("attachment that is not a task table (legal bases, procedures, another plan…): "
                           "kept out of the task list"), source=title, line=part[0][0])
        for n, t in rest:
            builder.place(n, t, "attachment", _("attachment, not a task table") if not found else
                          _("attachment: its title or notes"))


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def _similarity(a: str, b: str) -> float:
    """How much of ``a``'s wording is in ``b`` (share of ``a``'s character pairs found in ``b``)."""
    pairs = _bigrams(a)
    if not pairs:
        return 0.0
    return len(pairs & _bigrams(b)) / len(pairs)


def _clean_unit(piece: str) -> str:
    """A unit named in prose: 所在镇政府 (the town's government, whichever town) is 各镇政府."""
    name = piece.strip(" ()（）").replace("(", "（").replace(")", "）")
    return re.sub(r"^(?:所在地?|分别由所在)", "各", re.sub(r"^由", "", name)).strip()


def _drop_unit_lines(builder: PlanBuilder, node: _Node) -> None:
    """The responsibility lines of a heading that is not a task, and the text after them: dropped, and said why."""
    for paragraph in node.responsibilities + node.after:
        reason = _("under “{title}”, which is not a task").format(title=node.title)
        builder.unplaced(paragraph.text, reason, line=paragraph.line)
        builder.place(paragraph.line, paragraph.text, "dropped", reason)


def _read_duties(builder: PlanBuilder, node: _Node, drafts: list[tuple[_Node, TaskDraft]]) -> None:
    """A 职责分工 section ("区教育局：负责…；负责…"): each duty given to the task it describes best."""
    paragraphs = ([Paragraph(text=node.text, line=node.line)] if node.text else []) + node.paragraphs
    tasks = [t for _n, t in drafts]
    leads: list[tuple[str, str]] = []
    builder.place(node.line, node.source, "section", _("duties (职责分工)"))
    for paragraph in paragraphs:
        match = _DUTY.match(paragraph.text)
        if match is None or not looks_like_units(match.group(1)):
            # The general text may name who leads the whole plan: …区民防办、应急管理局牵头，…
            for lead in re.finditer(r"([^，。；、]{2,20}(?:、[^，。；、]{2,20})*)牵头", paragraph.text):
                names = re.sub(r"^.*?(?:下|由)", "", lead.group(1))
                if looks_like_units(names):
                    leads += split_units(names)
            builder.place(paragraph.line, paragraph.text, "section", _("duties (职责分工): general text"))
            continue
        units = split_units(match.group(1))
        assigned: list[str] = []
        for clause in re.split(r"[；;。]", match.group(2)):
            clause = clause.strip()
            if len(clause) < 4:
                continue
            best = max(tasks, key=lambda t: _similarity(clause, t.title + t.text), default=None)
            if best is None:
                continue
            score = _similarity(clause, best.title + best.text)
            if score < _DUTY_MATCH:
                continue
            role = Role.LEAD if re.search(r"牵头", clause) else Role.RESPONSIBLE
            sure = Decimal("0.8") if score >= 0.6 else Decimal("0.6")
            if any(m.name == name for m, _l in best.responsibilities for _w, name in units):
                continue
            mentions = [Mention(written=w, name=n, role=role, confidence=sure) for w, n in units]
            builder.responsibilities(best, mentions, paragraph.line, paragraph.text)
            assigned.append(_("task {number}").format(number=best.number))
        builder.place(paragraph.line, paragraph.text, "task" if assigned else "dropped",
                      "、".join(assigned) if assigned else _("a duty that matches no task"))
    _drop_unit_lines(builder, node)  # 牵头单位：… under the duties heading names no task
    for task in tasks:
        named = {m.name for m, _l in task.responsibilities}
        # The units the task's own text says carry it out: 由所在镇政府、街道办事处或区相关部门组织…
        for said in _BY_UNITS.finditer(task.text):
            pieces = [p for p in re.split(r"[、，,和或及]", said.group(1)) if p and not re.search(r"相关|有关", p)]
            for piece in pieces:
                if looks_like_units(piece) and _clean_unit(piece) not in named:
                    name = _clean_unit(piece)
                    named.add(name)
                    builder.responsibilities(task, [Mention(written=piece, name=name, role=Role.RESPONSIBLE,
                                                            confidence=Decimal("0.6"))], task.line, said.group(0))
        # The units said to lead the whole plan lead every task (their duties do not make them less).
        if leads:
            mentions = [Mention(written=w, name=n, role=Role.LEAD, confidence=Decimal("0.7")) for w, n in leads]
            task.responsibilities = [(m, line) for m, line in task.responsibilities
                                     if m.name not in {n for _w, n in leads}]
            builder.responsibilities(task, mentions, node.line, "、".join(w for w, _n in leads))


def _merge_table(builder: PlanBuilder, rows: list[TableRow], merged_from: set[int] | None = None) -> None:
    """A 责任清单 table: tasks it adds, or responsibilities for tasks the text has without them.

    Rows are matched to the text's tasks by their wording (the task's name, else its content).
    When the text's tasks name no unit and few rows match them (or the table has half as many
    rows again as the text has tasks: it breaks them down), the table is the plan's task list:
    its rows become the tasks (the report says the text's tasks were replaced).
    """
    drafts = [t for s in builder.sections for t in s.tasks]
    if not drafts:
        rows_into_tasks(builder, rows, unsure=merged_from or set())
        return
    matches: list[tuple[TableRow, TaskDraft | None]] = []
    for row in rows:
        exact = next((t for t in drafts if t.title == row.task), None)
        if exact is None:
            scored = [(max(_similarity(row.task, t.title), _similarity(row.task + row.text, t.title + t.text)), t)
                      for t in drafts]
            score, best = max(scored, key=lambda s: s[0])
            exact = best if score >= _ROW_MATCH else None
        matches.append((row, exact))
    matched = sum(1 for _r, t in matches if t is not None)
    without_units = all(not t.responsibilities for t in drafts)
    if without_units and (matched * 2 < len(rows) or len(rows) * 2 >= len(drafts) * 3):
        # Few rows are the text's tasks, or the table breaks them down further: the table is the task list.
        for section in builder.sections:
            for task in section.tasks:
                builder.note(_("task of the text replaced by the attachment's task table"), source=task.title,
                             line=task.line, confidence=Decimal("0.7"))
        builder.sections.clear()
        rows_into_tasks(builder, rows, unsure=merged_from or set())
        return
    for row, matched_task in matches:
        if matched_task is None:
            builder.unplaced(row.task, _("a table row that matches no task of the text"), line=row.line)
            continue
        if not matched_task.responsibilities:
            mentions = row.mentions()
            if merged_from and row.line in merged_from:
                mentions = [attrs.evolve(m, confidence=min(m.confidence, _UNSURE_ROW)) for m in mentions]
            builder.responsibilities(matched_task, mentions, row.line, row.units_text())
        if row.targets and not matched_task.targets:
            builder.targets(matched_task, row.targets, row.line, deadline=row.deadline_date())


class TextImporter:
    """The ``text`` importer: official plan text in a .txt/.md file or a .docx."""

    name = "text"
    suffixes = frozenset({".txt", ".md", ".text", ".docx", ".pdf", ".html", ".htm"})

    def import_plan(self, source: str | PathLike[str], *, plan_id: str | None = None) -> ImportResult:
        """Import the plan in the file ``source``."""
        document = read_file(Path(source))
        _check_size(document.text, str(source))
        return import_text(document.text, source=str(source), plan_id=plan_id, left_out=document.removed)


_NUMBERED = re.compile(r"^[ \t\u3000]*[0-9０-９]+[.．、]", re.MULTILINE)


def _check_size(text: str, source: str) -> None:
    # Refused before parsing: tens of thousands of numbered lines cost minutes and are not a plan.
    limit = current_limits().tasks
    count = sum(1 for _ in _NUMBERED.finditer(text))
    if count > limit:
        raise PlanImportError(_("{source}: {count:,} numbered lines, more than the limit of {limit:,} tasks; is "
                                "this the plan's text? (edu_plan.limits.use_limits(tasks=…) raises the limit)").format(
                                  source=source, count=count, limit=limit))


TEXT = TextImporter()
"""The ``text`` importer, as registered under ``edu_plan.importers``."""
