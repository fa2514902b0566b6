"""Task tables flattened one cell per line, as a web page or a PDF hands them over, rebuilt into rows.

A table copied out of a web page or a PDF arrives as a column of lines: the header's cells
(序号 · 任务名称 · 任务内容 · 牵头部门 · 配合部门 · 时间节点), then each row's cells, a long
cell wrapped over several lines, merged cells given once for a run of rows.  The rebuild:

1. the **header** is a run of at least three lines that are each a column name (see
   :data:`~edu_plan.plugins.importers._table.COLUMNS`), one of them a task or content
   column and one a unit column; the same header met again further down (a table that
   goes on over a page) is skipped;
2. a **row** starts at a line holding only the next row number (1, 2, 3…); a line such as
   ``行动一：…`` or ``一、…`` between rows is a group (the rows' section);
3. inside a row each line is put in a column **by what it is**, since empty or merged cells
   make positions useless: a list of units (every piece ends like a unit: 局, 委, 办, 各街镇…)
   in the unit columns (a line ending in 、 or ， goes on in the next line; the first unit
   cell is the lead column's, the second the cooperating column's), a line starting with 《
   in a reference column, a date (2025年底前) in the time column, short lines before the
   content in the category column, the rest in the content;
4. a row without units takes those of the row above (a merged cell), marked less sure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from edu_plan.plugins.importers._table import TableRow, field_of
from edu_plan.plugins.importers._units import looks_like_units

__all__ = ["FlatTable", "find_flat_tables", "header_fields"]

_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_GROUP = re.compile(r"^(?:行动[一二三四五六七八九十\d]+|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[部分章])")
_REFERENCE = re.compile(r"^《|^[（(][^）)]*〔(?:19|20)\d{2}〕")
_DATE_CELL = re.compile(r"^(?:(?:19|20)\d{2}\s*年[^，。；]{0,12}|长期坚持|持续推进|长期|每年|\d{4}[-—–]\d{4}年?)$")
_PUNCTUATION = re.compile(r"[。；，：！？,;:]")


@attrs.frozen(kw_only=True)
class FlatTable:
    """A rebuilt table: where it starts and ends in the lines given, and its rows."""

    start: int
    end: int
    fields: tuple[str | None, ...]
    rows: tuple[TableRow, ...]
    filled: tuple[int, ...] = ()
    """The lines of the rows whose units were taken from the row above."""


def header_fields(lines: Sequence[str], at: int) -> list[str | None] | None:
    """The fields of a flattened header starting at ``lines[at]``, or None when none starts there."""
    fields: list[str | None] = []
    k = at
    while k < len(lines) and len(lines[k]) <= 8 and not _PUNCTUATION.search(lines[k]):
        field = field_of(lines[k])
        if field is None:
            break
        fields.append(field)
        k += 1
    if len(fields) < 3:
        return None
    if not ({"task", "text"} & set(fields)) or not ({"lead", "cooperating", "responsible"} & set(fields)):
        return None
    return fields


def find_flat_tables(lines: Sequence[tuple[int, str]]) -> list[FlatTable]:
    """Every flattened task table in ``lines`` (``(line number, text)``), rebuilt."""
    texts = [t for _, t in lines]
    tables: list[FlatTable] = []
    i = 0
    while i < len(texts):
        fields = header_fields(texts, i)
        if fields is None:
            i += 1
            continue
        table = _rebuild(lines, i, fields)
        tables.append(table)
        i = max(table.end, i + 1)
    return tables


@attrs.define
class _Row:
    line: int
    number: int
    section: str
    lines: list[str] = attrs.field(factory=list)


def _rebuild(lines: Sequence[tuple[int, str]], start: int, fields: list[str | None]) -> FlatTable:
    texts = [t for _, t in lines]
    header = texts[start:start + len(fields)]
    k = start + len(fields)
    rows: list[_Row] = []
    section = ""
    pending: list[str] = []  # lines between rows: a group title or the next rows' category
    expected = 1
    while k < len(texts):
        text = texts[k]
        if texts[k:k + len(header)] == header:
            k += len(header)  # the header repeated on the next page
            continue
        if _ROW_NUMBER.match(text) and int(text) == expected:
            rows.append(_Row(line=lines[k][0], number=expected, section=section, lines=pending))
            pending = []
            expected += 1
            k += 1
            continue
        if _GROUP.match(text) and (not rows or len(text) <= 40):
            section = re.sub(r"^(?:[一二三四五六七八九十]+、)", "", text).strip()
            pending = []
            k += 1
            continue
        if not rows:
            if k - start - len(fields) > 3:
                break  # no row number soon after the header: not a table of numbered rows
            pending.append(text)
            k += 1
            continue
        if re.match(r"^附\s*[件表]", text) or (len(text) > 8 and header_fields(texts, k) is not None):
            break
        rows[-1].lines.append(text)
        k += 1
    end = k
    result: list[TableRow] = []
    filled: list[int] = []
    previous_units: dict[str, str] = {}
    category = ""
    for index, row in enumerate(rows):
        cells, carry = _cells(row.lines, fields)
        if cells.get("section"):
            category = cells["section"]
        unit_fields = {f: v for f, v in cells.items() if f in ("lead", "cooperating", "responsible")}
        if unit_fields:
            previous_units = unit_fields
        elif previous_units:
            cells.update(previous_units)
            filled.append(row.line)
        task = cells.get("task") or _title(cells.get("text", ""))
        result.append(TableRow(
            line=row.line, number=row.number, section=row.section or category, task=task,
            text=cells.get("text", ""),
            lead=cells.get("lead", ""), cooperating=cells.get("cooperating", ""),
            responsible=cells.get("responsible", ""), targets=cells.get("targets", ""),
            deadline=cells.get("deadline", ""),
        ))
        if carry and index + 1 < len(rows):
            rows[index + 1].lines[:0] = carry
    return FlatTable(start=start, end=end, fields=tuple(fields), rows=tuple(result), filled=tuple(filled))


def _title(text: str) -> str:
    """A row's task name from its content: the first sentence when short, else its first clause."""
    first = re.split(r"[。；;]", text, maxsplit=1)[0]
    if len(first) <= 40:
        return first.strip()
    clause = re.split(r"[，,：:]", first, maxsplit=1)[0]
    return clause[:40].strip()


def _cells(lines: list[str], fields: list[str | None]) -> tuple[dict[str, str], list[str]]:
    """The row's cells by field, and the short lines after its units (the next row's category)."""
    unit_cells: list[str] = []
    texts: list[str] = []
    category: list[str] = []
    references: list[str] = []
    deadline = ""
    current_units: str | None = None
    in_reference = False
    seen_text = False
    after_units: list[str] = []
    for line in lines:
        if current_units is not None:
            current_units += line
            if not line.endswith(("、", "，", ",")):
                unit_cells.append(current_units)
                current_units = None
            continue
        if looks_like_units(line):
            after_units = []
            if line.endswith(("、", "，", ",")):
                current_units = line
            else:
                unit_cells.append(line)
            continue
        if _REFERENCE.match(line) or (in_reference and not _PUNCTUATION.search(line[-1:])):
            references.append(line)
            in_reference = not line.endswith(("》", "）", ")"))
            continue
        if _DATE_CELL.match(line) and "deadline" in fields:
            deadline = line
            continue
        if unit_cells:
            after_units.append(line)
            continue
        short = len(line) <= 8 and not _PUNCTUATION.search(line)
        if short and not seen_text and "section" in fields:
            category.append(line)
            continue
        seen_text = True
        texts.append(line)
    if current_units is not None:
        unit_cells.append(current_units)
    # Lines after the units: short ones are the next rows' category (a merged category cell); others text.
    carry = [x for x in after_units if len(x) <= 12 and not _PUNCTUATION.search(x)]
    texts += [x for x in after_units if x not in carry]
    category_first = "section" in fields and "number" in fields and fields.index("section") < fields.index("number")
    if category_first and not unit_cells and len(texts) >= 2 and len(texts[-1]) <= 12 and not _PUNCTUATION.search(
            texts[-1]):
        # A row whose units are merged with the row above: its last short line is the next rows' category.
        carry = [texts.pop()]
    cells: dict[str, str] = {}
    if category:
        cells["section"] = "".join(category)
    joined = "".join(texts)
    if "task" in fields and "text" in fields and len(texts) > 1:
        cells["task"], cells["text"] = texts[0], "".join(texts[1:])
    elif "task" in fields and "text" not in fields:
        cells["task"] = joined
        cells["text"] = joined
    else:
        cells["text"] = joined
    unit_columns = [f for f in fields if f in ("lead", "cooperating", "responsible")]
    for column, cell in zip(unit_columns, unit_cells, strict=False):
        cells[column] = cell.rstrip("，,、")
    if len(unit_cells) > len(unit_columns) and unit_columns:
        cells[unit_columns[-1]] = "、".join([cells.get(unit_columns[-1], ""), *unit_cells[len(unit_columns):]])
    if deadline:
        cells["deadline"] = deadline
    return cells, carry
