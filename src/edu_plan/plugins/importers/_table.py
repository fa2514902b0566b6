"""Responsibility-list tables (责任清单): finding the header row by its Chinese column names and reading the rows.

Used by the ``spreadsheet`` importer (.xlsx, .csv) and by the ``text`` importer for a
table inside a document.  A header is the first row among the first ten that names a
task column (重点任务 / 工作任务…) and a unit column (牵头单位 / 配合单位 / 责任单位);
cells left empty under a merged or repeated cell take the value above.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import attrs
import pendulum

from edu_plan._model import Role
from edu_plan._numbers import parse_number
from edu_plan.plugins.importers._build import PlanBuilder, SectionDraft
from edu_plan.plugins.importers._units import Mention, split_units

__all__ = ["COLUMNS", "TableRow", "field_of", "find_table", "rows_into_tasks"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "任务编号", "任务序号"),
    "section": ("板块", "领域", "类别", "重点领域", "任务类别", "分类", "方面", "重点任务类别", "任务类型"),
    "task": ("重点任务", "工作任务", "主要任务", "任务名称", "重点工作", "任务", "工作事项", "项目名称"),
    "text": ("具体内容", "工作措施", "主要内容", "具体措施", "任务内容", "工作举措", "主要措施", "具体任务",
             "重点内容", "工作内容", "任务举措"),
    "lead": ("牵头单位", "牵头部门", "主责单位", "牵头"),
    "cooperating": ("配合单位", "配合部门", "协办单位", "参与单位", "配合", "实施部门", "实施单位", "协同单位"),
    "responsible": ("责任单位", "责任部门", "推进单位", "负责单位", "负责部门", "责任主体"),
    "other": ("参考文件", "政策依据", "依据", "备注", "文件依据"),
    "targets": ("主要目标", "工作目标", "目标任务", "预期目标", "目标", "指标", "量化指标"),
    "deadline": ("完成时限", "时限", "完成时间", "时间节点", "时间要求"),
}
"""Each field of a row and the column names that mean it (exact names first)."""

_FILL_DOWN = ("section",)
_SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十]+[）)]")


def _norm(cell: object) -> str:
    return re.sub(r"\s+", "", str(cell or ""))


def field_of(header: str) -> str | None:
    """The field a column name means (``序号`` → ``number``, ``牵头部门`` → ``lead``), or None."""
    return _field(header)


def _field(header: str) -> str | None:
    name = _norm(header)
    if not name:
        return None
    for field, names in COLUMNS.items():
        if name in names:
            return field
    for field, names in COLUMNS.items():
        if any(n in name for n in names if len(n) >= 2):
            return field
    return None


@attrs.frozen(kw_only=True)
class TableRow:
    """One task row of a 责任清单 (after merged cells were filled in)."""

    line: int
    number: int | None
    section: str
    task: str
    text: str = ""
    lead: str = ""
    cooperating: str = ""
    responsible: str = ""
    targets: str = ""
    deadline: str = ""

    def mentions(self) -> list[Mention]:
        """The units of the row's lead, cooperating and responsible cells."""
        result = []
        for cell, role in ((self.lead, Role.LEAD), (self.cooperating, Role.COOPERATING),
                           (self.responsible, Role.RESPONSIBLE)):
            for written, name in split_units(cell):
                sure = "0.95" if written == name else "0.85"
                result.append(Mention(written=written, name=name, role=role, confidence=Decimal(sure)))
        return result

    def units_text(self) -> str:
        """The unit cells as one line, for the report."""
        parts = [f"{label}：{cell}" for label, cell in (("牵头单位", self.lead), ("配合单位", self.cooperating),
                                                      ("责任单位", self.responsible)) if cell]
        return "；".join(parts)

    def deadline_date(self) -> pendulum.Date | None:
        """The 完成时限 cell as a date: 2025年底 / 2025年12月 / 2025-06-30 / 2025; None for 长期坚持."""
        text = _norm(self.deadline)
        match = re.search(r"((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})?\s*[月\-./]?\s*(\d{1,2})?", text)
        if match is None:
            return None
        year = int(match.group(1))
        try:
            if match.group(2) and match.group(3):
                return pendulum.Date(year, int(match.group(2)), int(match.group(3)))
            if match.group(2):
                month = int(match.group(2))
                return pendulum.Date(year, month, 1).end_of("month")
        except ValueError:
            return None
        return pendulum.Date(year, 12, 31)


def find_table(rows: Sequence[Sequence[object]], lines: Sequence[int] | None = None) -> list[TableRow] | None:
    """The task rows of a 责任清单, or None when no header row is found in the first ten rows."""
    numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
    for at, row in enumerate(rows[:10]):
        fields = [_field(str(c)) if c is not None else None for c in row]
        if ({"task", "text"} & set(fields)) and ({"lead", "cooperating", "responsible"} & set(fields)):
            return _rows(rows[at + 1:], numbers[at + 1:], fields)
    return None


def _rows(rows: Sequence[Sequence[object]], lines: Sequence[int], fields: list[str | None]) -> list[TableRow]:
    result: list[TableRow] = []
    above: dict[str, str] = {}
    section = ""
    for line, row in zip(lines, rows, strict=False):
        cells = {f: str(row[i]).strip() for i, f in enumerate(fields) if f and i < len(row) and row[i] is not None
                 and str(row[i]).strip()}
        values = [str(c).strip() for c in row if c is not None and str(c).strip()]
        if not values:
            continue
        spans_row = len(set(values)) == 1 and "task" not in cells
        alone = len(values) == 1 and not cells.get("lead") and not cells.get("cooperating")
        if spans_row or alone:
            # A row with one text across the table is a section title (一、全面落实…).
            section = _SECTION_NUMBER.sub("", values[0]).strip()
            above = {}
            continue
        for field in _FILL_DOWN:
            if field in cells:
                above[field] = cells[field]
            elif field in above:
                cells[field] = above[field]
        number_text = re.sub(r"[^\d一二三四五六七八九十]", "", cells.get("number", ""))
        number = parse_number(number_text) if number_text else None
        task = cells.get("task") or cells.get("text", "")[:30]
        if not task and result:
            # A continuation row (merged task cell that the reader did not fill): more units or targets.
            prev = result[-1]
            result[-1] = attrs.evolve(
                prev,
                lead="、".join(x for x in (prev.lead, cells.get("lead", "")) if x),
                cooperating="、".join(x for x in (prev.cooperating, cells.get("cooperating", "")) if x),
                responsible="、".join(x for x in (prev.responsible, cells.get("responsible", "")) if x),
                targets="；".join(x for x in (prev.targets, cells.get("targets", "")) if x),
            )
            continue
        if result and result[-1].task == task and (number is None or number == result[-1].number):
            continue  # the same task again, from vertically merged cells
        result.append(TableRow(
            line=line, number=int(number) if number is not None else None,
            section=cells.get("section", section), task=_strip_number(task), text=cells.get("text", ""),
            lead=cells.get("lead", ""), cooperating=cells.get("cooperating", ""),
            responsible=cells.get("responsible", ""), targets=cells.get("targets", ""),
            deadline=cells.get("deadline", ""),
        ))
    return result


def _strip_number(task: str) -> str:
    return re.sub(r"^(?:\d{1,3}[.．、]|[（(]\d{1,3}[）)])\s*", "", task).strip()


def rows_into_tasks(builder: PlanBuilder, rows: list[TableRow], *, unsure: set[int] | frozenset[int] = frozenset()
                    ) -> None:
    """Add one task per row to ``builder``, grouped in sections by the section column.

    The units of the rows at the lines in ``unsure`` (taken from the row above) are marked less sure.
    """
    sections: dict[str, SectionDraft] = {}
    keys = "一二三四五六七八九十"
    for index, row in enumerate(rows, start=1):
        name = row.section or "重点任务"
        if name not in sections:
            key = keys[len(sections)] if len(sections) < len(keys) else str(len(sections) + 1)
            sections[name] = builder.section(key, name)
        task = builder.task(sections[name], row.number or index, row.task, row.text or row.task, row.line)
        mentions = row.mentions()
        if row.line in unsure:
            mentions = [attrs.evolve(m, confidence=min(m.confidence, Decimal("0.7"))) for m in mentions]
        builder.responsibilities(task, mentions, row.line, row.units_text())
        # The 目标 column holds the targets; without one, the task's own text is searched for them.
        if row.targets or row.text:
            builder.targets(task, row.targets or row.text, row.line, deadline=row.deadline_date())
