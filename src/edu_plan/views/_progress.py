"""Views of progress: each target's latest value and status, the work ledger and the bulletin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

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
from edu_plan._model import Plan, Target
from edu_plan._periods import Period
from edu_plan._progress import COUNTED_STATUSES, Observation, ProgressSource
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import EduPlanError
from edu_plan.views._common import names, period_subtitle, row, task_deadline
from edu_plan.views._model import Bar, Cell, Column, ColumnType, Light, LightGrid, ProgressBars, View, cell_text

STATUS_LIGHTS = {
    AchievementStatus.MET: Light.GREEN,
    AchievementStatus.PARTIAL: Light.YELLOW,
    AchievementStatus.NOT_MET: Light.RED,
    AchievementStatus.NO_DATA: Light.GREY,
    AchievementStatus.NOT_DUE: Light.GREY,
}
SEVERITY = {Light.RED: 0, Light.ORANGE: 1, Light.YELLOW: 2, Light.GREY: 3, Light.GREEN: 4}


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
            light = Light.of(line.colour) if line.colour else STATUS_LIGHTS[line.status]
            explanation = line.explanation
        elif achievement is not None:
            status, light = achievement.status.label, STATUS_LIGHTS[achievement.status]
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
            owners = names(plan, task.owners)
            rows.append((*row(task.number, task.title, "—", owners, task_deadline(plan, task), ""),
                         Cell(value="无量化目标"), Cell(value="")))
            continue
        for target in task.targets:
            state = known[target.id]
            rows.append(
                (
                    *row(task.number, task.title, target.describe(), names(plan, task.target_owners(target)),
                          target.deadline, state.value_text),
                    Cell(value=state.status, light=state.light),
                    Cell(value=state.evidence),
                )
            )
            bars.append(_progress_bar(target, state))
    return View(
        name="ledger",
        title="工作台账",
        subtitle=period_subtitle(plan, assessment, period),
        columns=columns,
        rows=tuple(rows),
        charts=(ProgressBars(title="目标完成进度", bars=tuple(bars)),),
    )


def _progress_bar(target: Target, state: TargetProgress) -> Bar:
    share = state.achieved if state.achieved is not None else Decimal(0)
    text = f"{state.value_text or '未报送'} / {target.describe()}"
    return Bar(label=f"{target.id} {target.metric}", value=share * 100, maximum=Decimal(100), text=text,
               light=state.light)


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
            rows.append((*row(task.number, target.id, target.describe(), names(plan, task.target_owners(target)),
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
    subtitle = period_subtitle(plan, assessment, None)
    targets_view = View(name="bulletin", title="进展情况通报", subtitle=subtitle, columns=columns, rows=tuple(rows),
                        notes=(f"共 {len(known)} 项目标：{summary}。",), charts=(grid,))
    return targets_view, _behind(plan, assessment, subtitle)


def _behind(plan: Plan, assessment: Assessment, subtitle: str) -> View:
    late: dict[str, list[tuple[Light, str]]] = {}
    groups: dict[str, str] = {}
    for card in assessment.scorecards:
        groups[card.unit] = card.peer_group
        for line in card.lines:
            light = Light.of(line.colour) if line.colour else STATUS_LIGHTS[line.status]
            if light in (Light.YELLOW, Light.ORANGE, Light.RED) and line.target is not None:
                late.setdefault(card.unit, []).append((light, line.target))
    order = sorted(late, key=lambda u: (min(SEVERITY[light] for light, _ in late[u]), -len(late[u]), u))
    columns = (
        Column(key="unit", label="单位"),
        Column(key="peer_group", label="分组"),
        Column(key="count", label="滞后目标数", type=ColumnType.INTEGER),
        Column(key="targets", label="滞后目标"),
        Column(key="worst", label="最差进度", type=ColumnType.LIGHT),
    )
    rows = []
    for unit in order:
        items = sorted(late[unit], key=lambda item: (SEVERITY[item[0]], item[1]))
        worst = items[0][0]
        rows.append((*row(names(plan, [unit]), groups.get(unit, ""), len(items),
                           "、".join(target for _, target in items)),
                     Cell(value=worst.label, light=worst)))
    notes = () if rows else ("本期没有进度滞后的单位。",)
    return View(name="behind", title="进度滞后单位", subtitle=subtitle, columns=columns, rows=tuple(rows), notes=notes)
