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
from decimal import Decimal
from os import PathLike
from pathlib import Path

import attrs
import pendulum

from edu_plan._import import ImportResult
from edu_plan._model import BasisDocument, Safeguard
from edu_plan._numbers import parse_number
from edu_plan._reading import check_zip, read_text
from edu_plan._registry import Registry
from edu_plan.errors import PlanImportError
from edu_plan.limits import current_limits
from edu_plan.plugins.importers._build import PlanBuilder, SectionDraft, TaskDraft
from edu_plan.plugins.importers._table import TableRow, find_table, rows_into_tasks
from edu_plan.plugins.importers._units import RESPONSIBILITY_LINE, parse_responsibility_line, parse_trailing_parenthesis

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
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[：:]?")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号")
_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE = re.compile(
    r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_TITLE_END = re.compile(
    r"(?:实施方案|行动方案|工作方案|方案|行动计划|工作计划|计划|实施意见|意见|办法|规划|工作要点|要点|细则)$"
)
_WRAPPER_TASKS = re.compile(r"(?:重点|主要|工作)任务|任务举措|主要举措|重点工作")
_WRAPPER_GENERAL = re.compile(r"总体要求|指导思想|基本原则|(?:主要|工作|总体|发展)目标")
_WRAPPER_SAFEGUARDS = re.compile(r"保障措施|组织实施|工作要求|组织保障|保障机制")
_GOALS = re.compile(r"^(?:主要|工作|总体|发展)?目标")


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph of the cleaned text and the source line it starts on (1-based)."""

    text: str
    line: int


# -- reading -----------------------------------------------------------------------------------------


def read_document(path: str | PathLike[str]) -> str:
    """The text of a .txt/.md file (UTF-8 or GB18030) or of a .docx (paragraphs and tables, in order)."""
    file = Path(path)
    if not file.is_file():
        raise PlanImportError(f"{file}: no such file; give the path of the plan's text (.txt) or Word file (.docx)")
    if file.suffix.lower() == ".docx":
        return _read_docx(file)
    if file.suffix.lower() == ".doc":
        raise PlanImportError(f"{file}: old Word .doc files cannot be read; save it as .docx (or as text) and retry")
    return read_text(file)


def _read_docx(file: Path) -> str:
    try:
        import docx  # python-docx, the optional extra [docx]
        from docx.table import Table
        from docx.text.paragraph import Paragraph as DocxParagraph
    except ImportError:
        raise PlanImportError(
            f"{file}: reading .docx needs python-docx; install it with pip install 'edu-plan[docx]'"
        ) from None
    check_zip(file)
    try:
        document = docx.Document(str(file))
    except Exception as exc:  # noqa: BLE001 - python-docx raises zipfile, KeyError, ValueError…: all mean "not a docx"
        raise PlanImportError(f"{file}: not a readable .docx file ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(DocxParagraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                # Merged cells repeat their text in python-docx; keep them, the table reader expects it.
                lines.append("\t".join(cell.text.replace("\n", "") for cell in row.cells))
    return "\n".join(lines)


# -- clean-up ----------------------------------------------------------------------------------------


def _heading(text: str) -> tuple[str, str, str] | None:
    """``(style, number, rest)`` when ``text`` starts with a heading number."""
    for style, pattern in _HEADING_STYLES:
        match = pattern.match(text)
        if match and match.group("rest").strip():
            return style, match.group("n"), match.group("rest").strip()
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
    """The non-empty lines, stripped, without page numbers and running headers; and those removed."""
    raw = [(i, line.strip().strip("\u3000").strip()) for i, line in enumerate(text.splitlines(), start=1)]
    raw = [(i, line.replace("\u3000", " ")) for i, line in raw if line]
    removed: list[tuple[int, str]] = []
    counts = Counter(line for _, line in raw)
    seen: set[str] = set()
    kept: list[tuple[int, str]] = []
    for number, line in raw:
        if _PAGE_NUMBER.fullmatch(line):
            removed.append((number, line))
            continue
        running = counts[line] >= 3 and len(line) <= 40 and not _starts_block(line)
        if running and line in seen:
            removed.append((number, line))
            continue
        seen.add(line)
        kept.append((number, line))
    return kept, removed


def _join(kept: list[tuple[int, str]]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for number, line in kept:
        if paragraphs:
            last = paragraphs[-1].text
            if (not last.endswith(tuple(_END)) and not _starts_block(line) and not _standalone(last)
                    and "\t" not in last and last.count("|") < 2 and not _is_title(last)):
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


def _split_cover(lines: list[tuple[int, str]], builder: PlanBuilder) -> int:
    """Read the cover into ``builder``; return the index of the first body line (after the title)."""
    title_at = next((i for i, (_, line) in enumerate(lines[:80]) if _is_title(line)), None)
    first_heading = next((i for i, (_, line) in enumerate(lines) if _heading(line)), len(lines))
    if title_at is None or title_at > first_heading:
        if lines and first_heading > 0 and not lines[0][1].endswith(tuple(_END)) and len(lines[0][1]) <= 60:
            builder.title = lines[0][1]
            return 1
        return 0
    cover = lines[:title_at]
    builder.title = lines[title_at][1]
    joined = "".join(line for _, line in cover)
    for _, line in cover:
        doc_number = _DOC_NUMBER.search(line)
        if doc_number:
            builder.doc_number = re.sub(r"\s+", "", doc_number.group(0))
            break
    notice = re.search(r"([\u4e00-\u9fff]+?)关于印发《", joined)
    for k, (_, line) in enumerate(cover):
        day = _cover_date(line)
        if day is not None:
            builder.issue_date = day
            if k > 0 and not cover[k - 1][1].endswith(tuple(_END)):
                builder.issuer = cover[k - 1][1]
    if not builder.issuer and notice:
        builder.issuer = notice.group(1).removeprefix(builder.doc_number or "")
    region = re.match(r"^([\u4e00-\u9fff]{1,6}?[县市区旗])", builder.title)
    builder.region = region.group(1) if region else ""
    return title_at + 1


@attrs.define
class _Node:
    style: str
    number: str
    title: str
    text: str
    line: int
    parent: _Node | None = None
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
                registry: Registry | None = None) -> ImportResult:
    """Import a plan from its official text (what the ``text`` importer does with a file's content)."""
    builder = PlanBuilder(source=source, importer="text", plan_id=plan_id, registry=registry)
    kept, removed = _prepare(text)
    for line, what in removed:
        builder.note("page number or running header removed", source=what, line=line, confidence=Decimal("0.9"))
    # The cover is read line by line: its lines (letterhead, doc number, issuer, date) end no sentence.
    start = _split_cover(kept, builder)
    body = _join(kept[start:])

    # The tree of headings, each with the paragraphs and responsibility lines under it.
    nodes: list[_Node] = []
    tables: list[list[Paragraph]] = []
    preamble: list[Paragraph] = []
    stack: list[_Node] = []
    in_table = False
    for paragraph in body:
        if "\t" in paragraph.text or paragraph.text.count("|") >= 2:
            if in_table:
                tables[-1].append(paragraph)
            else:
                tables.append([paragraph])
            in_table = True
            continue
        in_table = False
        heading = _heading(paragraph.text)
        if _ATTACHMENT.match(paragraph.text):
            builder.note("attachment named at the end of the document (not imported)", source=paragraph.text,
                         line=paragraph.line)
            stack = []
            continue
        if heading is not None and not RESPONSIBILITY_LINE.match(paragraph.text):
            style, number, rest = heading
            while stack and _rank(stack[-1].style) >= _rank(style):
                stack.pop()
            title, inline = _title_and_text(rest)
            node = _Node(style=style, number=number, title=title, text=inline, line=paragraph.line,
                         parent=stack[-1] if stack else None)
            nodes.append(node)
            stack.append(node)
            continue
        if RESPONSIBILITY_LINE.match(paragraph.text):
            if stack:
                stack[-1].responsibilities.append(paragraph)
            else:
                builder.unplaced(paragraph.text, "a responsibility line before any task", line=paragraph.line)
            continue
        if not stack:
            preamble.append(paragraph)
        elif stack[-1].responsibilities:
            stack[-1].after.append(paragraph)
        else:
            stack[-1].paragraphs.append(paragraph)

    builder.preamble = "".join(p.text for p in preamble)
    for basis in re.finditer(r"《([^《》]+)》\s*[（(]([^（）()]*?〔\d{4}〕\s*\d+\s*号)[）)]", builder.preamble):
        builder.basis.append(BasisDocument(title=basis.group(1), doc_number=basis.group(2)))

    def full_text(node: _Node) -> str:
        return node.text + "".join(p.text for p in node.paragraphs)

    def trailing(node: _Node) -> list[object]:
        body_text = full_text(node) or node.title
        _, mentions = parse_trailing_parenthesis(body_text)
        if not mentions:
            _, mentions = parse_trailing_parenthesis(node.title)
        return list(mentions)

    def under(node: _Node, pattern: re.Pattern[str]) -> bool:
        walk: _Node | None = node.parent
        while walk is not None:
            if pattern.search(walk.title):
                return True
            walk = walk.parent
        return False

    # Tasks are the headings of the style that carries responsibilities.
    carriers = Counter(n.style for n in nodes if n.responsibilities or trailing(n))
    if carriers:
        task_style = carriers.most_common(1)[0][0]
    else:
        # No unit named anywhere: the deepest headings under 重点任务, else the deepest with text.
        candidates = [n.style for n in nodes if under(n, _WRAPPER_TASKS)] or [
            n.style for n in nodes if full_text(n) and not _WRAPPER_GENERAL.search(n.title)
            and not _WRAPPER_SAFEGUARDS.search(n.title)]
        task_style = max(candidates, key=_rank) if candidates else ""
    excluded = [_WRAPPER_GENERAL, _WRAPPER_SAFEGUARDS]
    task_nodes = [n for n in nodes if n.style == task_style and not any(under(n, p) for p in excluded)
                  and not any(p.search(n.title) for p in excluded)]

    sections: dict[int, SectionDraft] = {}
    restarts = len({_number(n.style, n.number) for n in task_nodes}) < len(task_nodes)
    for index, node in enumerate(task_nodes, start=1):
        parent = node.parent
        key = id(parent) if parent is not None else 0
        if key not in sections:
            if parent is None:
                sections[key] = builder.section("一", "重点任务")
            else:
                sections[key] = builder.section(parent.number, parent.title, full_text(parent))
        section = sections[key]
        task_number = index if restarts else _number(node.style, node.number)
        text = full_text(node)
        stripped, mentions = parse_trailing_parenthesis(text)
        title = node.title
        if not mentions:
            title_stripped, mentions = parse_trailing_parenthesis(title)
            title = title_stripped.rstrip("。") if mentions else title
        else:
            text = stripped
        task = builder.task(section, task_number, title, text, node.line)
        if mentions:
            builder.responsibilities(task, list(mentions), node.line, node.title if title != node.title else text)
        for paragraph in node.responsibilities:
            builder.responsibilities(task, parse_responsibility_line(paragraph.text), paragraph.line,
                                     paragraph.text)
        builder.targets(task, text, node.line)
        for paragraph in node.after:
            builder.unplaced(paragraph.text, "text after a task's responsibility lines", line=paragraph.line,
                             where=f"task {task_number}")
    if restarts:
        builder.note("task numbers restart in each section; tasks were numbered 1, 2, 3… across the plan")

    task_ids = {id(n) for n in task_nodes}
    task_parents = {id(n.parent) for n in task_nodes if n.parent is not None}
    for node in nodes:
        if id(node) in task_ids or id(node) in task_parents:
            continue
        if _WRAPPER_GENERAL.search(node.title) and "指导思想" in node.title:
            builder.guiding_ideology = full_text(node)
        elif _GOALS.match(node.title) or (node.parent is not None and _GOALS.match(node.parent.title)):
            if full_text(node):
                builder.goals.append(full_text(node))
        elif node.parent is not None and _WRAPPER_SAFEGUARDS.search(node.parent.title):
            builder.safeguards.append(Safeguard(title=node.title, text=full_text(node)))
        elif _WRAPPER_SAFEGUARDS.search(node.title) and full_text(node) and not any(
                n.parent is node for n in nodes):
            # A safeguards heading with text but no sub-headings is one safeguard of its own.
            builder.safeguards.append(Safeguard(title=node.title, text=full_text(node)))
        elif full_text(node) and not any(n.parent is node for n in nodes) and not _WRAPPER_GENERAL.search(node.title):
            builder.unplaced(f"{node.number} {node.title}", "a heading that is neither a section, a task, the goals "
                             "nor a safeguard", line=node.line)
        for paragraph in node.responsibilities + node.after:
            builder.unplaced(paragraph.text, f"under “{node.title}”, which is not a task", line=paragraph.line)
    years = [int(y) for g in builder.goals for y in re.findall(r"到\s*((?:19|20)\d{2})\s*年", g)]
    if years:
        builder.horizon_end = pendulum.Date(max(years), 12, 31)

    for table in tables:
        rows = find_table([[c.strip() for c in re.split(r"\t|\|", p.text)] for p in table], [p.line for p in table])
        if rows is None:
            for paragraph in table:
                builder.unplaced(paragraph.text, "a table row, in a table without a 重点任务/牵头单位 header",
                                 line=paragraph.line)
            continue
        _merge_table(builder, rows)
    return builder.finish()


def _merge_table(builder: PlanBuilder, rows: list[TableRow]) -> None:
    """A 责任清单 table in the text: tasks it adds, or responsibilities for tasks the text has without them."""
    existing: dict[int, TaskDraft] = {t.number: t for s in builder.sections for t in s.tasks}
    by_title: dict[str, TaskDraft] = {t.title: t for s in builder.sections for t in s.tasks}
    if not existing:
        rows_into_tasks(builder, rows)
        return
    for row in rows:
        task = by_title.get(row.task) or (existing.get(row.number) if row.number is not None else None)
        if task is None:
            builder.unplaced(row.task, "a table row that matches no task of the text", line=row.line)
            continue
        if not task.responsibilities:
            builder.responsibilities(task, row.mentions(), row.line, row.units_text())
        if row.targets and not task.targets:
            builder.targets(task, row.targets, row.line, deadline=row.deadline_date())


class TextImporter:
    """The ``text`` importer: official plan text in a .txt/.md file or a .docx."""

    name = "text"
    suffixes = frozenset({".txt", ".md", ".text", ".docx"})

    def import_plan(self, source: str | PathLike[str], *, plan_id: str | None = None) -> ImportResult:
        """Import the plan in the file ``source``."""
        text = read_document(source)
        _check_size(text, str(source))
        return import_text(text, source=str(source), plan_id=plan_id)


_NUMBERED = re.compile(r"^[ \t\u3000]*[0-9０-９]+[.．、]", re.MULTILINE)


def _check_size(text: str, source: str) -> None:
    # Refused before parsing: tens of thousands of numbered lines cost minutes and are not a plan.
    limit = current_limits().tasks
    count = sum(1 for _ in _NUMBERED.finditer(text))
    if count > limit:
        raise PlanImportError(f"{source}: {count:,} numbered lines, more than the limit of {limit:,} tasks; "
                              f"is this the plan's text? (edu_plan.limits.use_limits(tasks=…) raises the limit)")


TEXT = TextImporter()
"""The ``text`` importer, as registered under ``edu_plan.importers``."""
