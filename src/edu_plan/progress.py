"""Reading progress files (CSV, JSON, YAML, Excel .xlsx) and checking them against a plan.

A progress file holds rows: reports (the default) and events (awards, incidents, late or
missing reports).  Column names may be English or Chinese (任务, 指标, 单位, 期间, 数值,
佐证, 报送日期, 状态, 备注…; docs/reference/progress.md lists them all).  Reading never
stops at the first bad row: :func:`read_progress` returns every row it could read and a
:class:`~edu_plan.errors.Problem` with ``file:line`` for every row it could not, and
:func:`check_progress` finds what only the plan can tell (unknown target or unit, a unit
without responsibility for the target, a period outside the plan, a value of the wrong
type for the target's kind, a duplicate row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._i18n import use_language
from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import (
    Award,
    AwardLevel,
    Event,
    Incident,
    LapseKind,
    ProgressLog,
    ProgressReport,
    ReportLapse,
    ReviewStatus,
    report_problems,
)
from edu_plan._registry import Registry
from edu_plan.errors import (
    EduPlanError,
    LockedPeriodError,
    PeriodError,
    PlanFileError,
    Problem,
    ProgressError,
    Severity,
)

if TYPE_CHECKING:
    from edu_plan._workbook import Expectation

__all__ = ["COLUMNS", "ProgressFile", "check_progress", "load_progress", "read_progress"]

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "type": ("type", "类型", "记录类型"),
    "plan": ("plan", "plan_id", "方案"),
    "task": ("task", "任务", "任务序号"),
    "target": ("target", "指标", "目标", "指标编号"),
    "unit": ("unit", "单位", "责任单位", "填报单位"),
    "period": ("period", "期间", "报送期间"),
    "value": ("value", "数值", "完成值"),
    "evidence": ("evidence", "佐证", "佐证材料"),
    "report_date": ("report_date", "报送日期"),
    "status": ("status", "状态", "审核状态"),
    "note": ("note", "备注", "说明", "description"),
    "reported_by": ("reported_by", "填报人"),
    "date": ("date", "日期"),
    "level": ("level", "级别"),
    "title": ("title", "名称", "表彰名称"),
    "kind": ("kind", "类别", "事件类别"),
    "severity": ("severity", "严重程度"),
    "points": ("points", "分值", "扣分"),
    "days_late": ("days_late", "迟报天数"),
}
"""Each column's English name and the Chinese headers accepted for it."""

_HEADER = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_TYPES = {
    "report": "report", "进展": "report", "报送": "report", "": "report",
    "award": "award", "表彰": "award", "获奖": "award",
    "incident": "incident", "事件": "incident", "事故": "incident",
    "lapse": "lapse", "迟报": "lapse", "漏报": "lapse",
}
_STATUS = {s.value: s for s in ReviewStatus} | {s.label: s for s in ReviewStatus}
_LAPSE = {k.value: k for k in LapseKind} | {k.label: k for k in LapseKind}
_EVIDENCE_SEPARATORS = (";", "；", "|", "、")
_QUOTED_COLUMN = re.compile(r"'([a-z_]+)'")
# The column a plan check's problem is about, so that a workbook's problem names its cell.
_CODE_COLUMNS = {"unknown-target": "target", "unknown-unit": "unit", "no-responsibility": "unit",
                 "bad-value": "value", "period-outside": "period", "date-outside": "date", "no-evidence": "evidence",
                 "other-plan": "plan"}


@attrs.frozen(kw_only=True)
class ProgressFile:
    """What a progress file holds: each readable row with its line, and a problem per unreadable row."""

    source: str | None
    reports: tuple[tuple[int, ProgressReport], ...]
    events: tuple[tuple[int, Event], ...]
    problems: tuple[Problem, ...]
    cells: Mapping[int, Mapping[str, str]] = attrs.field(factory=dict)
    """For a workbook: each row's cells by column name (``{7: {"value": "填报!F7"}}``), to point at a bad cell."""

    def located(self, problem: Problem) -> Problem:
        """``problem`` pointing at its cell (``填报!F7``) when it names a row of a workbook."""
        if problem.line is None or problem.line not in self.cells or problem.file != self.source:
            return problem
        row = self.cells[problem.line]
        match = _QUOTED_COLUMN.match(problem.message)
        column = match.group(1) if match else _CODE_COLUMNS.get(problem.code)
        cell = row.get(column or "") or next(iter(row.values()), None)
        return attrs.evolve(problem, path=cell) if cell else problem

    def log(self) -> ProgressLog:
        """The rows as a :class:`~edu_plan.ProgressLog`; a report on a locked period raises, naming its line."""
        log = ProgressLog(events=(e for _, e in self.events))
        for line, report in self.reports:
            try:
                log.add(report)
            except LockedPeriodError as exc:
                message = (_("{file}:{line}: {message}").format(file=self.source, line=line, message=exc)
                           if self.source else _("line {line}: {message}").format(line=line, message=exc))
                raise LockedPeriodError(message) from None
        return log


def _find_column(key: str) -> str | None:
    return _HEADER.get(key.strip().lower()) or _HEADER.get(key.strip())


def _normalise(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    row: dict[str, Any] = {}
    unknown = []
    for key, value in raw.items():
        if key is None:
            continue
        name = _find_column(str(key))
        if name is None:
            unknown.append(str(key))
            continue
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            continue
        row[name] = value
    return row, unknown


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_NUMBER_TEXT = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?", re.ASCII)
NUMBER_FORMS = ("12", "-3", "88.5", "3,600", "1,234.5", "92%", "１２ (full-width: read with a warning)")
"""How a progress value may be written: ASCII digits, commas grouping by thousands, a trailing % for shares."""


def _number(value: Any, column: str, warnings: list[str] | None = None) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("'{column}' must be a number (got {value!r})").format(column=column, value=value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    written = str(value).strip()
    text = written.translate(_FULL_WIDTH)
    if text != written and warnings is not None:
        warnings.append(_("'{column}' {written!r} is written in full-width digits; read as {text!r}").format(
                            column=column, written=written, text=text))
    if not _NUMBER_TEXT.fullmatch(text):
        raise ValueError(_("'{column}' must be a number (got {value!r}); write it as {number_forms}").format(
                             column=column, value=value, number_forms=', '.join(NUMBER_FORMS[:6])))
    result = Decimal(text.replace(",", "").removesuffix("%"))
    if not result.is_finite():
        raise ValueError(_("'{column}' must be a finite number (got {value!r})").format(column=column, value=value))
    return result


def _day(value: Any, column: str) -> pendulum.Date:
    if isinstance(value, pendulum.Date):
        return value
    if hasattr(value, "year") and hasattr(value, "month") and not hasattr(value, "hour"):
        return pendulum.Date(value.year, value.month, value.day)
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return pendulum.Date(year, month, day)
    except ValueError:
        raise ValueError(_("'{column}' must be a date such as 2024-06-30 (got {value!r})").format(
                             column=column, value=value)) from None


def _evidence(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    text = str(value)
    for separator in _EVIDENCE_SEPARATORS:
        text = text.replace(separator, "\n")
    return tuple(part.strip() for part in text.split("\n") if part.strip())


def _required(row: Mapping[str, Any], column: str) -> Any:
    if column not in row:
        chinese = COLUMNS[column][1] if len(COLUMNS[column]) > 1 else column
        raise ValueError(_("'{column}' ({chinese}) is missing").format(column=column, chinese=chinese))
    return row[column]


def _build(row: Mapping[str, Any], plan_id: str, warnings: list[str] | None = None) -> ProgressReport | Event:
    kind = _TYPES.get(str(row.get("type", "")).strip().lower())
    if kind is None:
        raise ValueError(_("'type' must be report, award, incident or lapse (got {value!r})").format(value=row["type"]))
    unit = str(_required(row, "unit"))
    if kind == "report":
        try:
            period = Period.parse(str(_required(row, "period")))
        except PeriodError as exc:
            raise ValueError(_("'period': {reason}").format(reason=exc)) from None
        status_text = str(row.get("status", "submitted")).strip().lower()
        if status_text not in _STATUS:
            raise ValueError(_("'status' must be one of draft, submitted, returned, approved (got {value!r})").format(
                                 value=row["status"]))
        date_value = row.get("report_date", row.get("date"))
        if date_value is None:
            raise ValueError(_("'report_date' (报送日期) is missing"))
        return ProgressReport(
            plan_id=plan_id,
            target=str(_required(row, "target")),
            unit=unit,
            period=period,
            value=_number(_required(row, "value"), "value", warnings),
            report_date=_day(date_value, "report_date"),
            evidence=_evidence(row.get("evidence", ())),
            note=str(row.get("note", "")),
            status=_STATUS[status_text],
            reported_by=str(row["reported_by"]) if "reported_by" in row else None,
        )
    date = _day(row.get("date", row.get("report_date")) or _required(row, "date"), "date")
    if kind == "award":
        level = str(_required(row, "level"))
        if level not in {lv.value for lv in AwardLevel}:
            raise ValueError(_("'level' must be one of {value} (got {level!r})").format(
                                 value=', '.join(lv.value for lv in AwardLevel), level=level))
        return Award(plan_id=plan_id, unit=unit, date=date, level=AwardLevel(level), title=str(_required(row, "title")),
                     evidence=_evidence(row.get("evidence", ())), task=int(row["task"]) if "task" in row else None,
                     note=str(row.get("note", "")))
    if kind == "incident":
        return Incident(plan_id=plan_id, unit=unit, date=date, kind=str(_required(row, "kind")),
                        severity=str(_required(row, "severity")), description=str(row.get("note", "")),
                        evidence=_evidence(row.get("evidence", ())),
                        points=_number(row["points"], "points") if "points" in row else None)
    # Without a 类别, the 类型 word says which lapse it is (迟报 late, 漏报 missing); else days late mean late.
    typed = str(row.get("type", "")).strip()
    default = typed if typed in _LAPSE else ("late" if "days_late" in row else "missing")
    lapse_text = str(row.get("kind", default)).strip().lower()
    if lapse_text not in _LAPSE:
        raise ValueError(_("'kind' of a lapse must be late (迟报) or missing (漏报) (got {value!r})").format(
                             value=row.get("kind")))
    period_text = row.get("period")
    return ReportLapse(plan_id=plan_id, unit=unit, date=date, kind=_LAPSE[lapse_text],
                       target=str(row["target"]) if "target" in row else None,
                       period=Period.parse(str(period_text)) if period_text is not None else None,
                       days_late=int(_number(row.get("days_late", 0), "days_late")), note=str(row.get("note", "")))


def _resolve_unit(entry: Any, plan: Plan | None) -> Any:
    if plan is None:
        return entry
    unit = plan.find_unit(entry.unit)
    if unit is None:
        return entry  # check_progress reports it
    unit_id = unit.id
    return attrs.evolve(entry, unit=unit_id) if unit_id != entry.unit else entry


def _rows(text: str, fmt: str, source: str | None) -> list[tuple[int, Mapping[str, Any]]]:
    if fmt == "csv":
        return _csv_rows(text, source)
    from edu_plan import serialization

    data = serialization.loads(text, "json" if fmt == "json" else "yaml", source=source)
    if isinstance(data, Mapping):
        for key in ("reports", "events"):
            if not isinstance(data.get(key) or [], list):
                raise PlanFileError(_("'{key}' must be a list of rows (got {name})").format(
                                        key=key, name=type(data[key]).__name__), file=source)
        unknown = sorted(str(k) for k in data if k not in ("plan", "reports", "events"))
        if unknown:
            raise PlanFileError(_("unknown top-level key(s) {unknown}: a progress file holds 'plan', 'reports' and "
                                  "'events' (docs/reference/progress.md)").format(unknown=unknown), file=source)
        items = [*(data.get("reports") or ()), *(data.get("events") or ())]
        plan_id = data.get("plan")
        if plan_id is not None:
            items = [{"plan": plan_id, **item} if isinstance(item, Mapping) else item for item in items]
    elif isinstance(data, list):
        items = data
    else:
        raise PlanFileError(_("a progress file must hold a list of rows, or a mapping with 'reports' and 'events'"),
                            file=source)
    item_lines = _item_lines(text, isinstance(data, Mapping))
    return [(item_lines[i] if i < len(item_lines) else 0, item) for i, item in enumerate(items)]


def _csv_rows(text: str, source: str | None) -> list[tuple[int, Mapping[str, Any]]]:
    from edu_plan._reading import csv_rows

    # Blank lines and lines starting with # are comments; a quoted cell may span lines.
    kept = "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())
    rows = [(line, cells) for line, cells in csv_rows(kept, source=source) if any(c.strip() for c in cells)]
    if not rows:
        return []
    (_line, header), body = rows[0], rows[1:]
    result: list[tuple[int, Mapping[str, Any]]] = []
    for line, cells in body:
        row: dict[Any, Any] = dict(zip(header, cells, strict=False))
        if len(cells) > len(header):
            row[None] = cells[len(header):]
        result.append((line, row))
    return result


def _share_on_count(entry: Any, row: Mapping[str, Any], plan: Plan | None) -> str | None:
    """Why a value written with % does not fit its target (one not measured in %), or None."""
    written = str(row.get("value", "")).strip()
    if plan is None or not isinstance(entry, ProgressReport) or not written.endswith(("%", "％")):
        return None
    found = next((t for _, t in plan.iter_targets() if t.id == entry.target), None)
    if found is None or found.unit_of_measure in (None, "%", "％"):
        return None
    return (_("'value' {written!r} is a share, but target {id!r} counts {unit_of_measure} ({metric})").format(
                written=written, id=found.id, unit_of_measure=found.unit_of_measure, metric=found.metric))


def _item_lines(text: str, mapping: bool) -> list[int]:
    from edu_plan import serialization

    lines = serialization.line_index(text, "yaml")
    found = []
    for prefix in (("$.reports", "$.events") if mapping else ("$",)):
        i = 0
        while f"{prefix}[{i}]" in lines:
            found.append(lines[f"{prefix}[{i}]"])
            i += 1
    return found


def read_progress(path: str | Path, *, plan: Plan | None = None, plan_id: str | None = None,
                  expect: Expectation | None = None, lang: str | None = None) -> ProgressFile:
    """Read every row of a progress file (.csv, .json, .yaml/.yml, .xlsx); never stops at a bad row.

    Rows without a ``plan`` column belong to ``plan_id``, else to ``plan.id``.  With
    ``plan`` given, units written by name (县教体局) are turned into their ids.  Text files
    may be UTF-8 (with or without BOM) or GB18030, as Excel on Chinese Windows saves CSV.
    A workbook is read from its first sheet with the documented columns; a fill-in
    workbook (:mod:`edu_plan.reporting`) must be the one made for ``plan`` and for what
    ``expect`` names (unit, period), else it is refused with the reason.  The problems are
    written in ``lang`` (default: the current language, see :func:`edu_plan.use_language`).
    """
    with use_language(lang):
        return _read_progress(path, plan=plan, plan_id=plan_id, expect=expect)


def _read_progress(path: str | Path, *, plan: Plan | None, plan_id: str | None,
                   expect: Expectation | None) -> ProgressFile:
    file = Path(path)
    source = str(path)
    from edu_plan import serialization

    fmt = serialization.suffix_format(file, ("csv", "json", "yaml", "xlsx"))
    cells: dict[int, Mapping[str, str]] = {}
    if fmt == "xlsx":
        from edu_plan._workbook import workbook_rows

        sheet_rows, cells, sheet_problems, fixed = workbook_rows(file, columns=COLUMNS, plan=plan, expect=expect)
        rows: list[tuple[int, Mapping[str, Any]]] = sheet_rows
    else:
        from edu_plan._reading import read_text

        rows, sheet_problems, fixed = _rows(read_text(file), fmt, source), [], {}
    default_plan = plan_id or (plan.id if plan is not None else None)
    reports: list[tuple[int, ProgressReport]] = []
    events: list[tuple[int, Event]] = []
    problems: list[Problem] = list(sheet_problems)
    for line, raw in rows:
        if not isinstance(raw, Mapping):
            problems.append(Problem(message=_("a row must be a mapping of columns (got {raw!r})").format(
                raw=raw), file=source,
                                    line=line, code="bad-row"))
            continue
        row, unknown = _normalise(raw)
        row = {**fixed, **row}
        if unknown:
            problems.append(Problem(
                message=_("unknown column(s) {unknown}").format(
                    unknown=unknown), file=source, line=line, severity=Severity.WARNING,
                hint=_("docs/reference/progress.md lists the columns"), code="unknown-column"))
        row_plan = str(row.get("plan", default_plan or ""))
        if not row_plan:
            problems.append(Problem(message=_("no plan: add a 'plan' column or pass plan_id"), file=source, line=line,
                                    code="no-plan"))
            continue
        warnings: list[str] = []
        try:
            entry = _resolve_unit(_build(row, row_plan, warnings), plan)
        except (ValueError, TypeError, EduPlanError) as exc:
            problems.append(Problem(message=str(exc), file=source, line=line, code="bad-value",
                                    hint=_("correct the row; docs/reference/progress.md describes each column")))
            continue
        problems.extend(Problem(message=w, file=source, line=line, code="unusual-digits", severity=Severity.WARNING,
                                hint=_("write ASCII digits (0-9)")) for w in warnings)
        share = _share_on_count(entry, row, plan)
        if share:
            problems.append(Problem(message=share, file=source, line=line, code="share-on-count",
                                    hint=_("write the count itself, without %")))
            continue
        if isinstance(entry, ProgressReport):
            reports.append((line, entry))
        else:
            events.append((line, entry))
    document = ProgressFile(source=source, reports=tuple(reports), events=tuple(events), problems=(), cells=cells)
    return attrs.evolve(document, problems=tuple(document.located(p) for p in problems))


def load_progress(path: str | Path, *, plan: Plan | None = None, plan_id: str | None = None,
                  expect: Expectation | None = None, lang: str | None = None) -> ProgressLog:
    """Read a progress file into a :class:`~edu_plan.ProgressLog`; raise listing every unreadable row.

    With ``plan`` given, the rows are also checked against it (:func:`check_progress`).  The
    error's message is written in ``lang`` (default: the current language).
    """
    with use_language(lang):
        return _load_progress(path, plan=plan, plan_id=plan_id, expect=expect)


def _load_progress(path: str | Path, *, plan: Plan | None, plan_id: str | None,
                   expect: Expectation | None) -> ProgressLog:
    document = read_progress(path, plan=plan, plan_id=plan_id, expect=expect)
    problems = [p for p in document.problems if p.severity is Severity.ERROR]
    if plan is not None:
        problems += [p for p in check_progress(plan, document) if p.severity is Severity.ERROR]
    if problems:
        raise ProgressError(problems, source=str(path))
    return document.log()


def _where(origin: ProgressFile | None, line: int | None, index: int, kind: str) -> dict[str, Any]:
    if origin is not None:
        return {"file": origin.source, "line": line, "path": f"$.{kind}[{index}]"}
    return {"path": f"$.{kind}[{index}]"}


def check_progress(
    plan: Plan,
    progress: ProgressFile | ProgressLog | Iterable[ProgressReport],
    *,
    registry: Registry | None = None,
    today: pendulum.Date | None = None,
    lang: str | None = None,
) -> list[Problem]:
    """Every row that does not fit ``plan``, with its ``file:line`` when read from a file.

    Reported: a row of another plan, an unknown target or unit, a unit that holds no
    responsibility for the target's task, a period outside the plan's horizon, a value of
    the wrong type for the target's kind, a duplicate row; for events, an unknown unit, a
    day outside the horizon, and an award without evidence (a warning: its bonus will not
    be paid).  The problems are written in ``lang`` (default: the current language).
    """
    with use_language(lang):
        return _check_progress(plan, progress, registry=registry, today=today)


def _check_progress(plan: Plan, progress: ProgressFile | ProgressLog | Iterable[ProgressReport], *,
                    registry: Registry | None, today: pendulum.Date | None) -> list[Problem]:
    origin = progress if isinstance(progress, ProgressFile) else None
    if isinstance(progress, ProgressFile):
        rows: Sequence[tuple[int | None, ProgressReport]] = progress.reports
        events: Sequence[tuple[int | None, Event]] = progress.events
    elif isinstance(progress, ProgressLog):
        rows = [(None, r) for r in progress]
        events = [(None, e) for e in progress.all_events]
    else:
        rows = [(None, r) for r in progress]
        events = []
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], int | None] = {}
    locks = ProgressLog()  # replays the rows in order, as loading them will, to find reports on locked periods
    targets = {target.id for _, target in plan.iter_targets()}
    known_units = {u.id for u in plan.units}

    def add(message: str, where: dict[str, Any], hint: str | None = None, code: str = "invalid",
            severity: Severity = Severity.ERROR) -> None:
        problems.append(Problem(message=message, hint=hint, code=code, severity=severity, **where))

    day = today or pendulum.today(plan.timezone).date()
    for index, (line, report) in enumerate(rows):
        where = _where(origin, line, index, "reports")
        found = report_problems(plan, report, registry=registry, today=day)
        problems.extend(attrs.evolve(p, **where) for p in found)
        if any(p.code == "other-plan" for p in found):
            continue
        key = report.content
        if key in seen:
            first = seen[key]
            add(_("duplicate of the row on line {first}").format(
                first=first) if first is not None else _("duplicate report"), where,
                _("remove one of the two rows"), code="duplicate")
        else:
            seen[key] = line
        try:
            locks.add(report)
        except ProgressError:
            pass  # the value limits: reported above
        except LockedPeriodError as exc:
            add(str(exc), where, _("an earlier row approved (已审核) this unit's period; remove this row, or mark the "
                                   "earlier one 已报送 until the period is complete"), code="locked")
    seen_events: dict[Event, int | None] = {}
    for index, (line, event) in enumerate(events):
        where = _where(origin, line, index, "events")
        if event.plan_id != plan.id:
            add(_("'plan' must be {id!r} (got {plan_id!r})").format(
                id=plan.id, plan_id=event.plan_id), where, code="other-plan")
            continue
        if event.unit not in known_units:
            add(_("unknown unit {unit!r}").format(
                unit=event.unit), where, _("`edu-plan show PLAN --view units` lists the units"),
                code="unknown-unit")
        if plan.horizon is not None and not plan.horizon.contains(event.date):
            add(_("date {date} is outside the plan ({start} .. {end})").format(
                    date=event.date, start=plan.horizon.start, end=plan.horizon.end), where,
                code="date-outside")
        if isinstance(event, ReportLapse) and event.target is not None and event.target not in targets:
            add(_("unknown target {target!r}").format(target=event.target), where, code="unknown-target")
        if isinstance(event, Award) and not event.evidence:
            add(_("award without evidence (佐证): its bonus will not be paid"), where,
                _("add the commendation document's number or file in the evidence column"), code="no-evidence",
                severity=Severity.WARNING)
        if event in seen_events:
            add(_("duplicate of the row on line {first}").format(
                first=seen_events[event]), where, _("remove one of the two rows"),
                code="duplicate")
        else:
            seen_events[event] = line
    if origin is not None and origin.cells:
        return [origin.located(p) for p in problems]
    return problems
