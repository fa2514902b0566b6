"""Views: a plan, its progress and an assessment turned into titled tables of typed cells.

A :class:`View` is what every output format draws: a title, typed columns, rows of
:class:`Cell` values (text, whole numbers, decimals, dates, traffic lights) and the
data of the charts a reader would rather look at than read.  Renderer plugins
(``edu_plan.renderers``) only lay views out; what goes in them is decided here, once,
so that the terminal table, the spreadsheet and the HTML page always agree.

This module is part of the core: it imports no plugin.  Target-kind labels and scores
come through the plugin registry, never by importing a plugin.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Union

import attrs
import pendulum

from edu_plan._assessment import (
    CATEGORY_LABELS,
    Achievement,
    AchievementContext,
    AchievementStatus,
    Assessment,
    ScoreLine,
    counting_start,
)
from edu_plan._model import Plan, Role, Target, Task
from edu_plan._periods import Period
from edu_plan._progress import COUNTED_STATUSES, Observation, ProgressSource
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import EduPlanError, RenderError

__all__ = [
    "CATEGORY_LABELS",
    "PLAN_VIEWS",
    "SCORE_VIEWS",
    "VIEW_NAMES",
    "Bar",
    "BarChart",
    "BarGroup",
    "Cell",
    "CellValue",
    "Chart",
    "Column",
    "ColumnType",
    "HeatMap",
    "Light",
    "LightGrid",
    "ProgressBars",
    "TargetProgress",
    "View",
    "assess",
    "build",
    "bulletin",
    "cell_text",
    "rectification_list",
    "responsibility_list",
    "score_lines",
    "scorecards",
    "target_progress",
    "targets_list",
    "tasks_list",
    "units_list",
    "work_ledger",
    "workload_matrix",
]

CellValue = Union[str, int, Decimal, pendulum.Date, None]  # noqa: UP007 - a runtime alias must work on 3.10
"""What a cell holds: text, a whole number, an exact decimal, a date, or nothing."""


class ColumnType(str, enum.Enum):
    """What a column holds, so that spreadsheets get numbers and dates, not text."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    MARK = "mark"
    """A one-character mark such as 牵 / 配 / 责."""
    LIGHT = "light"
    """A traffic light (:class:`Light`) with its words."""


class Light(str, enum.Enum):
    """A traffic light: how a target or unit stands against its deadline."""

    GREEN = "green"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"
    GREY = "grey"

    @property
    def label(self) -> str:
        """The word a bulletin uses: 正常, 需加速, 停滞, 倒退, 无数据."""
        return _LIGHT_LABELS[self.value]

    @classmethod
    def of(cls, colour: str | None) -> Light:
        """The light of a scorer's colour name (``green``…); grey for none or an unknown one."""
        try:
            return cls(colour)
        except ValueError:
            return cls.GREY


_LIGHT_LABELS = {"green": "正常", "yellow": "需加速", "orange": "停滞", "red": "倒退", "grey": "无数据"}


@attrs.frozen(kw_only=True)
class Column:
    """One column of a view: a stable ASCII ``key`` (JSON field), a Chinese ``label`` (header)."""

    key: str
    label: str
    type: ColumnType = ColumnType.TEXT


@attrs.frozen(kw_only=True)
class Cell:
    """One typed value; ``light`` colours a status cell."""

    value: CellValue = None
    light: Light | None = None

    @property
    def text(self) -> str:
        """The value as people read it: decimals exactly, dates as ``2027-12-31``."""
        return cell_text(self.value)


def cell_text(value: CellValue) -> str:
    """A cell value as text; the one formatting every renderer shares."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, pendulum.Date):
        return value.isoformat()
    return str(value)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# -- charts ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Bar:
    """One bar: ``value`` out of ``maximum`` (both exact), with the words written beside it."""

    label: str
    value: Decimal
    maximum: Decimal
    text: str = ""
    light: Light | None = None

    @property
    def share(self) -> Decimal:
        """``value / maximum`` clipped to [0, 1]; 0 when there is no maximum."""
        if self.maximum <= 0:
            return Decimal(0)
        return min(Decimal(1), max(Decimal(0), self.value / self.maximum))


@attrs.frozen(kw_only=True)
class ProgressBars:
    """A progress bar per target toward its quantity."""

    title: str
    bars: tuple[Bar, ...]


@attrs.frozen(kw_only=True)
class LightGrid:
    """Traffic lights in a grid: ``rows`` (tasks) × ``columns`` (their targets, by position)."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    lights: tuple[tuple[Light | None, ...], ...]
    """``lights[i][j]``; None where row ``i`` has no ``j``-th target."""
    tips: tuple[tuple[str, ...], ...] = ()
    """The words shown on hover for each light (same shape as ``lights``), or empty."""


@attrs.frozen(kw_only=True)
class BarGroup:
    """A labelled group of bars (a peer group of units)."""

    label: str
    bars: tuple[Bar, ...]


@attrs.frozen(kw_only=True)
class BarChart:
    """Horizontal bars in groups: unit scores by peer group."""

    title: str
    groups: tuple[BarGroup, ...]


@attrs.frozen(kw_only=True)
class HeatMap:
    """A matrix of small whole numbers shown as shades, with a mark in each cell."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    marks: tuple[tuple[str, ...], ...]
    legend: tuple[tuple[int, str], ...] = ()
    """What each value means: ``((2, "牵头/责任"), (1, "配合"))``."""


Chart = Union[ProgressBars, LightGrid, BarChart, HeatMap]  # noqa: UP007 - a runtime alias must work on 3.10
"""Every chart a view can carry."""


@attrs.frozen(kw_only=True)
class View:
    """A titled table of typed cells, with notes and the data of its charts."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    subtitle: str = ""
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()

    def __attrs_post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {number} of view {self.name!r} must have {len(self.columns)} cells (got {len(row)})"
                )

    @property
    def headers(self) -> tuple[str, ...]:
        """The column labels."""
        return tuple(column.label for column in self.columns)

    def texts(self) -> list[list[str]]:
        """Every row as the text of its cells."""
        return [[cell.text for cell in row] for row in self.rows]

    def records(self) -> list[dict[str, CellValue]]:
        """Every row as ``{column key: value}``."""
        keys = [column.key for column in self.columns]
        return [{key: cell.value for key, cell in zip(keys, row, strict=True)} for row in self.rows]


# -- helpers -----------------------------------------------------------------------------------


def _names(plan: Plan, ids: Iterable[str]) -> str:
    units = [(unit_id, plan.find_unit(unit_id)) for unit_id in ids]
    return "、".join(unit.name if unit is not None else unit_id for unit_id, unit in units)


def _kind_label(registry: Registry, kind: str) -> str:
    try:
        return registry.target_kind(kind).label
    except EduPlanError:
        # A kind whose plugin is not installed still shows, by its name.
        return kind


def _task_deadline(plan: Plan, task: Task) -> pendulum.Date | None:
    deadlines = [t.deadline for t in task.targets if t.deadline is not None]
    if deadlines:
        return max(deadlines)
    return plan.horizon.end if plan.horizon is not None else None


def _row(*values: CellValue) -> tuple[Cell, ...]:
    return tuple(Cell(value=v) for v in values)


def _plan_subtitle(plan: Plan) -> str:
    parts = [plan.title]
    if plan.doc_number:
        parts.append(plan.doc_number)
    return " ".join(parts)


# -- plan views --------------------------------------------------------------------------------


def responsibility_list(plan: Plan) -> View:
    """责任清单, the plan's attachment: each task, its units, main targets and deadline.

    A task with a sole responsible unit (责任单位) has it in its own column and no lead.
    The deadline is the latest target deadline, else the end of the plan's horizon.
    """
    columns = (
        Column(key="number", label="序号", type=ColumnType.INTEGER),
        Column(key="task", label="重点任务"),
        Column(key="lead", label="牵头单位"),
        Column(key="cooperating", label="配合单位"),
        Column(key="responsible", label="责任单位"),
        Column(key="targets", label="主要目标"),
        Column(key="deadline", label="完成时限", type=ColumnType.DATE),
    )
    rows = tuple(
        _row(
            task.number,
            task.title,
            _names(plan, task.units(Role.LEAD)),
            _names(plan, task.units(Role.COOPERATING)),
            _names(plan, task.units(Role.RESPONSIBLE)),
            "；".join(target.describe() for target in task.targets),
            _task_deadline(plan, task),
        )
        for task in plan.tasks
    )
    return View(name="responsibilities", title="责任清单", subtitle=_plan_subtitle(plan), columns=columns, rows=rows)


_MARKS = {Role.LEAD: "牵", Role.COOPERATING: "配", Role.RESPONSIBLE: "责"}
_WEIGHT = {Role.LEAD: 2, Role.RESPONSIBLE: 2, Role.COOPERATING: 1}


def workload_matrix(plan: Plan) -> View:
    """Units × tasks marked 牵 / 配 / 责, with each unit's counts; units without a task are left out."""
    tasks = plan.tasks
    roles: dict[str, dict[int, Role]] = {}
    for task in tasks:
        for responsibility in task.responsibilities:
            roles.setdefault(responsibility.unit, {}).setdefault(task.number, responsibility.role)
    order = [u.id for u in plan.units if u.id in roles] + sorted(set(roles) - {u.id for u in plan.units})
    columns = (
        Column(key="unit", label="单位"),
        *(Column(key=f"task_{t.number}", label=str(t.number), type=ColumnType.MARK) for t in tasks),
        Column(key="lead", label="牵头", type=ColumnType.INTEGER),
        Column(key="cooperating", label="配合", type=ColumnType.INTEGER),
        Column(key="responsible", label="责任", type=ColumnType.INTEGER),
        Column(key="total", label="合计", type=ColumnType.INTEGER),
    )
    rows = []
    values = []
    marks = []
    for unit_id in order:
        held = roles[unit_id]
        counts = {role: sum(1 for r in held.values() if r is role) for role in Role}
        row_marks = tuple(_MARKS[held[t.number]] if t.number in held else "" for t in tasks)
        rows.append(
            (
                Cell(value=_names(plan, [unit_id])),
                *(Cell(value=mark or None) for mark in row_marks),
                *_row(counts[Role.LEAD], counts[Role.COOPERATING], counts[Role.RESPONSIBLE], len(held)),
            )
        )
        values.append(tuple(_WEIGHT[held[t.number]] if t.number in held else 0 for t in tasks))
        marks.append(row_marks)
    heat = HeatMap(
        title="单位任务分工热力图",
        rows=tuple(_names(plan, [u]) for u in order),
        columns=tuple(str(t.number) for t in tasks),
        values=tuple(values),
        marks=tuple(marks),
        legend=((2, "牵头 / 责任"), (1, "配合"), (0, "无")),
    )
    return View(
        name="workload",
        title="单位任务分工矩阵",
        subtitle=_plan_subtitle(plan),
        columns=columns,
        rows=tuple(rows),
        notes=("牵 = 牵头单位，配 = 配合单位，责 = 责任单位",),
        charts=(heat,),
    )


_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def targets_list(plan: Plan, *, registry: Registry | None = None) -> View:
    """Every target: kind, quantity (or range), unit of measure, recurrence and deadline."""
    reg = registry if registry is not None else default_registry()
    columns = (
        Column(key="id", label="编号"),
        Column(key="task", label="任务", type=ColumnType.INTEGER),
        Column(key="kind", label="类型"),
        Column(key="metric", label="指标"),
        Column(key="comparator", label="比较"),
        Column(key="quantity", label="数量", type=ColumnType.DECIMAL),
        Column(key="unit_of_measure", label="计量单位"),
        Column(key="period", label="周期"),
        Column(key="deadline", label="完成时限", type=ColumnType.DATE),
    )
    rows = []
    for task, target in plan.iter_targets():
        quantity: CellValue = target.quantity
        if target.minimum is not None or target.maximum is not None:
            quantity = f"{cell_text(target.minimum)}—{cell_text(target.maximum)}"
        elif target.quantity is None and target.relative_to:
            quantity = f"不低于{target.relative_to}"
        comparator = _SYMBOLS[target.comparator.value] if target.comparator is not None else ""
        if target.approximate:
            comparator = "≈"
        rows.append(
            _row(
                target.id,
                task.number,
                _kind_label(reg, target.kind),
                target.metric,
                comparator,
                quantity,
                target.unit_of_measure or "",
                target.recurrence.describe() if target.recurrence is not None else "",
                target.deadline,
            )
        )
    return View(name="targets", title="目标指标清单", subtitle=_plan_subtitle(plan), columns=columns, rows=tuple(rows))


def tasks_list(plan: Plan) -> View:
    """Each task with its section, owners, cooperating units and number of targets."""
    columns = (
        Column(key="section", label="板块"),
        Column(key="number", label="序号", type=ColumnType.INTEGER),
        Column(key="task", label="重点任务"),
        Column(key="owners", label="牵头/责任单位"),
        Column(key="cooperating", label="配合单位"),
        Column(key="targets", label="目标数", type=ColumnType.INTEGER),
    )
    rows = tuple(
        _row(
            section.key,
            task.number,
            task.title,
            _names(plan, task.owners),
            _names(plan, task.units(Role.COOPERATING)),
            len(task.targets),
        )
        for section in plan.sections
        for task in section.tasks
    )
    return View(name="tasks", title="重点任务", subtitle=_plan_subtitle(plan), columns=columns, rows=rows)


def units_list(plan: Plan) -> View:
    """The unit registry with how many tasks each unit leads, cooperates on or is responsible for."""
    columns = (
        Column(key="id", label="编号"),
        Column(key="name", label="名称"),
        Column(key="kind", label="类别"),
        Column(key="lead", label="牵头", type=ColumnType.INTEGER),
        Column(key="cooperating", label="配合", type=ColumnType.INTEGER),
        Column(key="responsible", label="责任", type=ColumnType.INTEGER),
    )
    counts: dict[tuple[str, Role], int] = {}
    for task in plan.tasks:
        for r in task.responsibilities:
            counts[(r.unit, r.role)] = counts.get((r.unit, r.role), 0) + 1
    rows = tuple(
        _row(unit.id, unit.name, unit.kind.value, *(counts.get((unit.id, role), 0) for role in Role))
        for unit in plan.units
    )
    return View(name="units", title="单位", subtitle=_plan_subtitle(plan), columns=columns, rows=rows)


# -- progress and assessment views ----------------------------------------------------------------


_STATUS_LIGHTS = {
    AchievementStatus.MET: Light.GREEN,
    AchievementStatus.PARTIAL: Light.YELLOW,
    AchievementStatus.NOT_MET: Light.RED,
    AchievementStatus.NO_DATA: Light.GREY,
    AchievementStatus.NOT_DUE: Light.GREY,
}
_SEVERITY = {Light.RED: 0, Light.ORANGE: 1, Light.YELLOW: 2, Light.GREY: 3, Light.GREEN: 4}


@attrs.frozen(kw_only=True)
class TargetProgress:
    """What is known of one target: latest value, share reached, status, light, evidence, explanation."""

    value: Decimal | None = None
    value_text: str = ""
    achieved: Decimal | None = None
    """Share of the target reached, in [0, 1], as its kind computes it; None when unknown."""
    status: str = "未报送"
    light: Light = Light.GREY
    evidence: str = ""
    explanation: str = ""


def target_progress(
    plan: Plan,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    *,
    period: Period | None = None,
    registry: Registry | None = None,
) -> dict[str, TargetProgress]:
    """Each target's :class:`TargetProgress` from the reports and, when given, the assessment's lines.

    Reports count up to the assessment's ``as_of`` (else the end of ``period``, else all).
    The share reached is asked of the target's kind plugin through the registry; the
    status and light come from the assessment's line for the target (a pace category and
    its colour) and otherwise from the share (完成 green, 部分完成 yellow, 未完成 red).
    """
    reg = registry if registry is not None else default_registry()
    as_of = assessment.as_of if assessment is not None else (period.span()[1] if period is not None else None)
    observed: dict[str, list[Observation]] = {}
    if progress is not None:
        for observation in progress.observations(plan.id, until=as_of):
            observed.setdefault(observation.target, []).append(observation)
    evidence = _evidence(plan, progress, as_of, observed)
    lines: dict[str, ScoreLine] = {}
    if assessment is not None:
        for card in sorted(assessment.scorecards, key=lambda c: c.unit):
            for line in card.lines:
                if line.target is not None:
                    lines.setdefault(line.target, line)
    states = {}
    for _task, target in plan.iter_targets():
        seen = observed.get(target.id, [])
        achievement = _achievement(plan, target, seen, as_of, period, reg) if seen else None
        value, value_text = _latest(target, seen)
        found = lines.get(target.id)
        if found is not None:
            line = found
            status = CATEGORY_LABELS.get(line.category or "", line.category or line.status.label)
            light = Light.of(line.colour) if line.colour else _STATUS_LIGHTS[line.status]
            explanation = line.explanation
        elif achievement is not None:
            status, light = achievement.status.label, _STATUS_LIGHTS[achievement.status]
            explanation = achievement.explanation
        else:
            status, light, explanation = "未报送", Light.GREY, ""
        states[target.id] = TargetProgress(
            value=value,
            value_text=value_text,
            achieved=achievement.share if achievement is not None else None,
            status=status,
            light=light,
            evidence=evidence.get(target.id, ""),
            explanation=explanation,
        )
    return states


def _latest(target: Target, seen: Sequence[Observation]) -> tuple[Decimal | None, str]:
    if not seen:
        return None, ""
    uom = target.unit_of_measure or ""
    if target.kind == "cumulative":
        total = sum((o.total for o in seen), Decimal(0))
        return total, f"累计 {cell_text(total)}{uom}"
    last = max(seen, key=lambda o: (o.latest_date, o.period.sort_key))
    return last.latest, f"{cell_text(last.latest)}{uom}（{last.period}）"


def _evidence(
    plan: Plan,
    progress: ProgressSource | None,
    as_of: pendulum.Date | None,
    observed: Mapping[str, Sequence[Observation]],
) -> dict[str, str]:
    """Evidence references by target, from the reports when the source keeps them (a ProgressLog does).

    Otherwise (a store) only whether there is evidence, from the observations already read.
    """
    reports = getattr(progress, "reports", None)
    found: dict[str, dict[str, None]] = {}
    if callable(reports):
        for report in reports(plan.id):
            if report.status in COUNTED_STATUSES and (as_of is None or report.report_date <= as_of):
                for item in report.evidence:
                    found.setdefault(report.target, {})[item] = None
    else:
        for target, observations in observed.items():
            if any(o.evidenced for o in observations):
                found.setdefault(target, {})["有佐证"] = None
    return {target: "、".join(items) for target, items in found.items()}


def _achievement(
    plan: Plan,
    target: Target,
    seen: Sequence[Observation],
    as_of: pendulum.Date | None,
    period: Period | None,
    registry: Registry,
) -> Achievement | None:
    last_day = as_of or max(o.latest_date for o in seen)
    start = counting_start(plan, target, min(o.period.span()[0] for o in seen))
    window = period.span() if period is not None else (start, last_day)
    context = AchievementContext(start=start, window=window, as_of=last_day)
    try:
        kind = registry.target_kind(target.kind)
        result: Achievement = kind.achievement(target, seen, context)
    except (EduPlanError, AttributeError, ArithmeticError, ValueError):
        # A kind that is not installed, or predates achievements, leaves the bar empty rather than failing.
        return None
    return result


def work_ledger(
    plan: Plan,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    *,
    period: Period | None = None,
    registry: Registry | None = None,
) -> View:
    """工作台账: each target with its owners, deadline, latest progress, status and evidence.

    Without progress every target is 未报送 (nothing reported) with a grey light; a task
    without targets gets one row of its own.  The chart is a progress bar per target
    toward its quantity (the share its kind says is reached).
    """
    known = target_progress(plan, progress, assessment, period=period, registry=registry)
    columns = (
        Column(key="task_number", label="序号", type=ColumnType.INTEGER),
        Column(key="task", label="重点任务"),
        Column(key="target", label="目标"),
        Column(key="owners", label="责任单位"),
        Column(key="deadline", label="完成时限", type=ColumnType.DATE),
        Column(key="latest", label="最新进展"),
        Column(key="status", label="状态", type=ColumnType.LIGHT),
        Column(key="evidence", label="佐证材料"),
    )
    rows: list[tuple[Cell, ...]] = []
    bars: list[Bar] = []
    for task in plan.tasks:
        if not task.targets:
            owners = _names(plan, task.owners)
            rows.append((*_row(task.number, task.title, "—", owners, _task_deadline(plan, task), ""),
                         Cell(value="无量化目标"), Cell(value="")))
            continue
        for target in task.targets:
            state = known[target.id]
            rows.append(
                (
                    *_row(task.number, task.title, target.describe(), _names(plan, task.target_owners(target)),
                          target.deadline, state.value_text),
                    Cell(value=state.status, light=state.light),
                    Cell(value=state.evidence),
                )
            )
            bars.append(_progress_bar(target, state))
    return View(
        name="ledger",
        title="工作台账",
        subtitle=_period_subtitle(plan, assessment, period),
        columns=columns,
        rows=tuple(rows),
        charts=(ProgressBars(title="目标完成进度", bars=tuple(bars)),),
    )


def _progress_bar(target: Target, state: TargetProgress) -> Bar:
    share = state.achieved if state.achieved is not None else Decimal(0)
    text = f"{state.value_text or '未报送'} / {target.describe()}"
    return Bar(label=f"{target.id} {target.metric}", value=share * 100, maximum=Decimal(100), text=text,
               light=state.light)


def _period_subtitle(plan: Plan, assessment: Assessment | None, period: Period | None) -> str:
    base = _plan_subtitle(plan)
    if assessment is not None:
        return f"{base} · {assessment.period}（截至 {assessment.as_of.isoformat()}）"
    if period is not None:
        return f"{base} · {period}"
    return base


def _require(assessment: Assessment | None, view: str) -> Assessment:
    if assessment is None:
        raise RenderError(
            f"the {view} view needs an assessment: give progress (--progress FILE) and, if not the default "
            f"pace scheme, a scheme (--scheme FILE)"
        )
    return assessment


def bulletin(
    plan: Plan,
    assessment: Assessment,
    progress: ProgressSource | None = None,
    *,
    registry: Registry | None = None,
) -> tuple[View, View]:
    """通报 for the assessment's period: each target's pace light, and the units behind schedule.

    The first view lists every target with its pace category (traffic light) and the
    sentence that explains it, with the tasks × targets light grid; the second lists the
    units owning a target that is not green or grey, worst first.
    """
    known = target_progress(plan, progress, assessment, period=assessment.period, registry=registry)
    columns = (
        Column(key="task_number", label="序号", type=ColumnType.INTEGER),
        Column(key="target_id", label="编号"),
        Column(key="target", label="目标"),
        Column(key="owners", label="责任单位"),
        Column(key="deadline", label="完成时限", type=ColumnType.DATE),
        Column(key="latest", label="最新进展"),
        Column(key="pace", label="进度", type=ColumnType.LIGHT),
        Column(key="explanation", label="说明"),
    )
    rows = []
    grid_rows, grid_lights, grid_tips = [], [], []
    width = max((len(t.targets) for t in plan.tasks), default=0)
    for task in plan.tasks:
        if not task.targets:
            continue
        lights: list[Light | None] = []
        tips: list[str] = []
        for target in task.targets:
            state = known[target.id]
            rows.append((*_row(task.number, target.id, target.describe(), _names(plan, task.target_owners(target)),
                               target.deadline, state.value_text),
                         Cell(value=state.status, light=state.light), Cell(value=state.explanation)))
            lights.append(state.light)
            tips.append(f"{target.id} {target.metric}：{state.status}")
        grid_rows.append(f"任务{task.number}")
        grid_lights.append(tuple(lights + [None] * (width - len(lights))))
        grid_tips.append(tuple(tips + [""] * (width - len(tips))))
    grid = LightGrid(title="进度红绿灯（任务 × 目标）", rows=tuple(grid_rows),
                     columns=tuple(str(i) for i in range(1, width + 1)), lights=tuple(grid_lights),
                     tips=tuple(grid_tips))
    counts = {light: sum(1 for s in known.values() if s.light is light) for light in Light}
    summary = "，".join(f"{light.label} {counts[light]} 项" for light in Light if counts[light])
    subtitle = _period_subtitle(plan, assessment, None)
    targets_view = View(name="bulletin", title="进展情况通报", subtitle=subtitle, columns=columns, rows=tuple(rows),
                        notes=(f"共 {len(known)} 项目标：{summary}。",), charts=(grid,))
    return targets_view, _behind(plan, assessment, subtitle)


def _behind(plan: Plan, assessment: Assessment, subtitle: str) -> View:
    late: dict[str, list[tuple[Light, str]]] = {}
    groups: dict[str, str] = {}
    for card in assessment.scorecards:
        groups[card.unit] = card.peer_group
        for line in card.lines:
            light = Light.of(line.colour) if line.colour else _STATUS_LIGHTS[line.status]
            if light in (Light.YELLOW, Light.ORANGE, Light.RED) and line.target is not None:
                late.setdefault(card.unit, []).append((light, line.target))
    order = sorted(late, key=lambda u: (min(_SEVERITY[light] for light, _ in late[u]), -len(late[u]), u))
    columns = (
        Column(key="unit", label="单位"),
        Column(key="peer_group", label="分组"),
        Column(key="count", label="滞后目标数", type=ColumnType.INTEGER),
        Column(key="targets", label="滞后目标"),
        Column(key="worst", label="最差进度", type=ColumnType.LIGHT),
    )
    rows = []
    for unit in order:
        items = sorted(late[unit], key=lambda item: (_SEVERITY[item[0]], item[1]))
        worst = items[0][0]
        rows.append((*_row(_names(plan, [unit]), groups.get(unit, ""), len(items),
                           "、".join(target for _, target in items)),
                     Cell(value=worst.label, light=worst)))
    notes = () if rows else ("本期没有进度滞后的单位。",)
    return View(name="behind", title="进度滞后单位", subtitle=subtitle, columns=columns, rows=tuple(rows), notes=notes)


def scorecards(plan: Plan, assessment: Assessment) -> View:
    """Each unit's total, grade and rank in its peer group, with the bar chart of scores by peer group."""
    columns = (
        Column(key="peer_group", label="分组"),
        Column(key="rank", label="排名", type=ColumnType.INTEGER),
        Column(key="unit", label="单位"),
        Column(key="total", label="得分", type=ColumnType.DECIMAL),
        Column(key="max_points", label="满分", type=ColumnType.DECIMAL),
        Column(key="grade", label="等次"),
        Column(key="bonus", label="加分", type=ColumnType.DECIMAL),
        Column(key="deduction", label="扣分", type=ColumnType.DECIMAL),
        Column(key="veto", label="一票否决"),
        Column(key="explanation", label="说明"),
    )
    ranked = assessment.ranking()
    rows = tuple(
        _row(
            card.peer_group,
            card.rank,
            card.unit_name,
            card.total,
            card.max_points,
            card.grade,
            sum((b.points for b in card.bonuses if b.paid), Decimal(0)),
            sum((d.points for d in card.deductions), Decimal(0)),
            "、".join(v.rule for v in card.vetoes),
            card.explanation,
        )
        for card in ranked
    )
    chart_groups: dict[str, list[Bar]] = {}
    for card in ranked:
        chart_groups.setdefault(card.peer_group, []).append(
            Bar(label=card.unit_name, value=card.total, maximum=card.max_points,
                text=f"{cell_text(card.total)} {card.grade}")
        )
    chart = BarChart(title="单位得分（按分组）",
                     groups=tuple(BarGroup(label=g, bars=tuple(bars)) for g, bars in chart_groups.items()))
    return View(name="scorecards", title="考核得分与排名", subtitle=_period_subtitle(plan, assessment, None),
                columns=columns, rows=rows, charts=(chart,),
                notes=(f"评分方法：{assessment.scorer}（{assessment.scheme}）",))


def score_lines(plan: Plan, assessment: Assessment) -> View:
    """Every line of every scorecard: the task, target, role, weight, share, points and the arithmetic."""
    columns = (
        Column(key="unit", label="单位"),
        Column(key="task", label="任务", type=ColumnType.INTEGER),
        Column(key="target", label="目标"),
        Column(key="role", label="角色"),
        Column(key="weight", label="权重", type=ColumnType.DECIMAL),
        Column(key="share", label="完成度", type=ColumnType.DECIMAL),
        Column(key="points", label="得分", type=ColumnType.DECIMAL),
        Column(key="max_points", label="满分", type=ColumnType.DECIMAL),
        Column(key="status", label="状态", type=ColumnType.LIGHT),
        Column(key="explanation", label="说明"),
    )
    rows = []
    for card in assessment.ranking():
        for line in card.lines:
            light = Light.of(line.colour) if line.colour else _STATUS_LIGHTS[line.status]
            status = CATEGORY_LABELS.get(line.category or "", line.category or line.status.label)
            rows.append((*_row(card.unit_name, line.task, line.target or "", line.role.label, line.weight,
                               line.share, line.points, line.max_points),
                         Cell(value=status, light=light), Cell(value=line.explanation)))
    return View(name="scorelines", title="考核得分明细", subtitle=_period_subtitle(plan, assessment, None),
                columns=columns, rows=tuple(rows))


def rectification_list(plan: Plan, assessment: Assessment) -> View:
    """整改清单: every rectification order with its due date, then findings not yet ordered."""
    columns = (
        Column(key="number", label="序号", type=ColumnType.INTEGER),
        Column(key="unit", label="单位"),
        Column(key="task", label="任务", type=ColumnType.INTEGER),
        Column(key="target", label="目标"),
        Column(key="finding", label="问题"),
        Column(key="issued", label="下达日期", type=ColumnType.DATE),
        Column(key="working_days", label="整改工作日", type=ColumnType.INTEGER),
        Column(key="due", label="整改期限", type=ColumnType.DATE),
    )
    findings = {(f.unit, f.message): f for f in assessment.findings}
    rows: list[tuple[str, int | None, str | None, str, pendulum.Date | None, int | None, pendulum.Date | None]] = []
    ordered = set()
    for item in sorted(assessment.rectifications, key=lambda r: (r.due, r.unit, r.finding)):
        finding = findings.get((item.unit, item.finding))
        ordered.add((item.unit, item.finding))
        rows.append((item.unit, finding.task if finding else None, finding.target if finding else None, item.finding,
                     item.issued, item.working_days, item.due))
    for finding in assessment.findings:
        if (finding.unit, finding.message) not in ordered:
            rows.append((finding.unit, finding.task, finding.target, finding.message, None, None, None))
    built = tuple(
        _row(number, _names(plan, [unit]), task, target or "", message, issued, days, due)
        for number, (unit, task, target, message, issued, days, due) in enumerate(rows, start=1)
    )
    notes = () if built else ("本期没有需要整改的问题。",)
    return View(name="rectifications", title="整改清单", subtitle=_period_subtitle(plan, assessment, None),
                columns=columns, rows=built, notes=notes)


# -- by name -----------------------------------------------------------------------------------

PLAN_VIEWS: Mapping[str, Callable[[Plan], View]] = {
    "responsibilities": responsibility_list,
    "workload": workload_matrix,
    "targets": targets_list,
    "tasks": tasks_list,
    "units": units_list,
}
"""The views that need only the plan, by name."""

SCORE_VIEWS: tuple[str, ...] = ("bulletin", "scorecards", "scorelines", "rectifications")
"""The views that need an assessment."""

VIEW_NAMES: tuple[str, ...] = (*PLAN_VIEWS, "ledger", *SCORE_VIEWS, "report")
"""Every view name :func:`build` knows; ``report`` is all of them that the inputs allow, in one document."""


def assess(
    plan: Plan,
    progress: ProgressSource,
    *,
    period: Period,
    scheme: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
) -> Assessment:
    """Score ``progress`` with the scheme's scorer (``scheme["scorer"]``, default ``pace``), found in the registry."""
    reg = registry if registry is not None else default_registry()
    data = dict(scheme or {})
    scorer = reg.scorer(str(data.get("scorer", "pace")))
    load = getattr(scorer, "load_scheme", None)
    loaded = load(data) if callable(load) else data
    result: Assessment = scorer.score(plan, progress, loaded, period=period, registry=reg)
    return result


def build(
    name: str,
    plan: Plan,
    *,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    period: Period | None = None,
    registry: Registry | None = None,
) -> tuple[View, ...]:
    """The view(s) called ``name`` (one of :data:`VIEW_NAMES`) for ``plan``.

    Score views need ``assessment``; when it is missing but ``progress`` and ``period``
    are given, the ``pace`` scorer (found in the registry) makes one with its default scheme.
    ``report`` gives every view the inputs allow, in reading order.
    """
    if name not in VIEW_NAMES:
        raise RenderError(f"'view' must be one of {', '.join(VIEW_NAMES)} (got {name!r})")
    if name in PLAN_VIEWS:
        return (PLAN_VIEWS[name](plan),)
    if assessment is None and progress is not None and period is not None and name != "ledger":
        assessment = assess(plan, progress, period=period, registry=registry)
    period = period or (assessment.period if assessment is not None else None)
    if name == "ledger":
        return (work_ledger(plan, progress, assessment, period=period, registry=registry),)
    if name == "report":
        views: list[View] = [responsibility_list(plan), workload_matrix(plan),
                             work_ledger(plan, progress, assessment, period=period, registry=registry)]
        if assessment is not None:
            views += [*bulletin(plan, assessment, progress, registry=registry), scorecards(plan, assessment),
                      rectification_list(plan, assessment)]
        return tuple(views)
    given = _require(assessment, name)
    if name == "bulletin":
        return bulletin(plan, given, progress, registry=registry)
    if name == "scorecards":
        return (scorecards(plan, given),)
    if name == "scorelines":
        return (score_lines(plan, given),)
    return (rectification_list(plan, given),)
