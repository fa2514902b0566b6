"""Views of progress: each target's reading and status, the work ledger, the bulletin and the units behind.

Every status comes from one place: the assessment's line for the target when there is one
(a pace category or an achievement status), else the target's achievement computed once by
:func:`edu_plan.evaluate`, else 未报送; its words and light come from
:data:`edu_plan.STATUSES`, so every view says the same of every target.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import attrs

from edu_plan._achievements import Achievements, evaluate
from edu_plan._assessment import STATUSES, Assessment, ScoreLine, status_of
from edu_plan._model import Plan, Target
from edu_plan._numbers import HUNDRED, ZERO
from edu_plan._periods import Period
from edu_plan._progress import COUNTED_STATUSES, ProgressSource, ReportSource
from edu_plan._registry import Registry
from edu_plan.errors import RenderError
from edu_plan.views._common import document_of, names, period_subtitle, row, task_deadline
from edu_plan.views._model import Bar, Cell, Column, ColumnType, Light, LightGrid, ProgressBars, View

NOT_REPORTED = "not_reported"
"""The status of a target nobody has reported on (未报送)."""


def light_of(status: str) -> Light:
    """The traffic light of a status key of :data:`~edu_plan.STATUSES`."""
    return Light(status_of(status).colour)


@attrs.frozen(kw_only=True)
class TargetProgress:
    """What is known of one target: its reading, share reached, status (key, words, light), evidence, explanation."""

    value: Decimal | None = None
    value_text: str = ""
    achieved: Decimal | None = None
    """Share of the target reached, in [0, 1], as its kind computes it; None when nothing is reported."""
    key: str = NOT_REPORTED
    """The status key in :data:`~edu_plan.STATUSES`."""
    evidence: str = ""
    explanation: str = ""

    @property
    def status(self) -> str:
        """The status in words (完成, 按期推进, 未报送…)."""
        return status_of(self.key).label

    @property
    def light(self) -> Light:
        """The status's traffic light."""
        return light_of(self.key)


def _achievements(
    plan: Plan,
    progress: ProgressSource | None,
    assessment: Assessment | None,
    period: Period | None,
    registry: Registry | None,
) -> Achievements | None:
    if progress is None:
        return None
    chosen = period or (assessment.period if assessment is not None else None)
    if chosen is None:
        raise RenderError("progress is read for a period: give the period (--period P), e.g. 2024")
    as_of = assessment.as_of if assessment is not None else None
    return evaluate(plan, progress, period=chosen, as_of=as_of, registry=registry)


def first_lines(assessment: Assessment | None) -> dict[str, ScoreLine]:
    """The assessment's line for each target (of the first unit by id: a target's lines share its status)."""
    lines: dict[str, ScoreLine] = {}
    if assessment is not None:
        for card in sorted(assessment.scorecards, key=lambda c: c.unit):
            for line in card.lines:
                if line.target is not None:
                    lines.setdefault(line.target, line)
    return lines


def target_progress(
    plan: Plan,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    *,
    period: Period | None = None,
    achievements: Achievements | None = None,
    registry: Registry | None = None,
) -> dict[str, TargetProgress]:
    """Each target's :class:`TargetProgress` from its achievement and, when given, the assessment's lines.

    ``achievements`` are those :func:`edu_plan.evaluate` computed (the ones the assessment was
    scored from); without them they are computed from ``progress`` for ``period`` (else the
    assessment's period) as of the assessment's day.  The status is the assessment's line for
    the target when there is one, else the achievement's when something is reported, else 未报送.
    """
    found = achievements if achievements is not None else _achievements(plan, progress, assessment, period, registry)
    lines = first_lines(assessment)
    evidence = _evidence(plan, progress, found)
    states = {}
    for _task, target in plan.iter_targets():
        result = found[target.id] if found is not None and target.id in found else None
        reported = result is not None and result.reported
        line = lines.get(target.id)
        if line is not None:
            key, explanation = line.status_key, line.sentence
        elif result is not None and reported:
            key, explanation = result.achievement.status.value, result.achievement.sentence
        else:
            key, explanation = NOT_REPORTED, ""
        states[target.id] = TargetProgress(
            value=result.reading.value if result is not None else None,
            value_text=result.reading.text if result is not None else "",
            achieved=result.achievement.share if result is not None and reported else None,
            key=key,
            evidence=evidence.get(target.id, ""),
            explanation=explanation,
        )
    return states


def _evidence(plan: Plan, progress: ProgressSource | None, found: Achievements | None) -> dict[str, str]:
    """Evidence references by target, from the reports when the source keeps them (a log and a store do).

    Otherwise only whether there is evidence, from the observations counted.
    """
    if progress is None or found is None:
        return {}
    collected: dict[str, dict[str, None]] = {}
    if isinstance(progress, ReportSource):
        counted = {(r.target.id, o.unit) for r in found for o in r.observations}
        for report in progress.reports(plan.id):
            if (report.status in COUNTED_STATUSES and report.report_date <= found.as_of
                    and (report.target, report.unit) in counted):
                for item in report.evidence:
                    collected.setdefault(report.target, {})[item] = None
    else:
        for result in found:
            if any(o.evidenced for o in result.observations):
                collected.setdefault(result.target.id, {})["有佐证"] = None
    return {target: "、".join(items) for target, items in collected.items()}


_TASK_NUMBER = Column(key="task_number", label="序号", type=ColumnType.INTEGER)
_TARGET_COLUMNS = (
    Column(key="target", label="目标"),
    Column(key="owners", label="责任单位"),
    Column(key="deadline", label="完成时限", type=ColumnType.DATE),
    Column(key="latest", label="最新进展"),
)
"""The columns the ledger and the bulletin share, so that they name a target's facts alike."""


def work_ledger(
    plan: Plan,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    *,
    period: Period | None = None,
    achievements: Achievements | None = None,
    registry: Registry | None = None,
) -> View:
    """工作台账: each target with its owners, deadline, latest progress, status and evidence.

    Without progress every target is 未报送 (nothing reported) with a grey light; a task
    without targets gets one row of its own.  The chart is a progress bar per target
    toward its quantity (the share its kind says is reached).  Progress is read for
    ``period`` (or the assessment's): progress without a period is refused, not guessed.
    """
    known = target_progress(plan, progress, assessment, period=period, achievements=achievements,
                            registry=registry)
    columns = (
        _TASK_NUMBER,
        Column(key="task", label="重点任务"),
        *_TARGET_COLUMNS,
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
        document=document_of(plan, assessment, period),
        columns=columns,
        rows=tuple(rows),
        charts=(ProgressBars(title="目标完成进度", bars=tuple(bars)),),
    )


def _progress_bar(target: Target, state: TargetProgress) -> Bar:
    share = state.achieved if state.achieved is not None else ZERO
    text = f"{state.value_text or status_of(NOT_REPORTED).label} / {target.describe()}"
    return Bar(label=f"{target.id} {target.metric}", value=share * HUNDRED, maximum=HUNDRED, text=text,
               light=state.light)


def bulletin(
    plan: Plan,
    assessment: Assessment,
    progress: ProgressSource | None = None,
    *,
    achievements: Achievements | None = None,
    registry: Registry | None = None,
) -> tuple[View, View]:
    """通报 for the assessment's period: each target's pace light, and the units behind schedule.

    The first view lists every target with its pace category (traffic light) and the
    sentence that explains it, with the tasks × targets light grid; the second lists the
    units owning a target that is not green or grey, worst first.  The summary line counts
    the statuses of the table's own rows.
    """
    known = target_progress(plan, progress, assessment, period=assessment.period, achievements=achievements,
                            registry=registry)
    columns = (
        _TASK_NUMBER,
        Column(key="target_id", label="编号"),
        *_TARGET_COLUMNS,
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
    subtitle = period_subtitle(plan, assessment, None)
    targets_view = View(name="bulletin", title="进展情况通报", subtitle=subtitle,
                document=document_of(plan, assessment), columns=columns, rows=tuple(rows),
                        notes=(_summary([str(r[6].value) for r in rows]), *assessment.warnings), charts=(grid,))
    return targets_view, _behind(plan, assessment, subtitle)


def _summary(statuses: list[str]) -> str:
    """共 N 项目标：完成 3 项，未完成 2 项。 — counted from the rows, in the order of :data:`STATUSES`."""
    order = {status.label: i for i, status in enumerate(STATUSES.values())}
    counts = Counter(statuses)
    ordered = sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    summary = "，".join(f"{label} {count} 项" for label, count in ordered)
    return f"共 {len(statuses)} 项目标：{summary}。"


_LATE = frozenset({Light.YELLOW, Light.ORANGE, Light.RED})


def _behind(plan: Plan, assessment: Assessment, subtitle: str) -> View:
    late: dict[str, list[tuple[int, str, str]]] = {}
    groups: dict[str, str] = {}
    for card in assessment.scorecards:
        groups[card.unit] = card.peer_group
        for line in card.lines:
            if light_of(line.status_key) in _LATE and line.target is not None:
                late.setdefault(card.unit, []).append((status_of(line.status_key).rank, line.target, line.status_key))
    order = sorted(late, key=lambda u: (min(rank for rank, _, _ in late[u]), -len(late[u]), u))
    columns = (
        Column(key="unit", label="单位"),
        Column(key="peer_group", label="分组"),
        Column(key="count", label="滞后目标数", type=ColumnType.INTEGER),
        Column(key="targets", label="滞后目标"),
        Column(key="worst", label="最差进度", type=ColumnType.LIGHT),
    )
    rows = []
    for unit in order:
        items = sorted(late[unit])
        worst = items[0][2]
        rows.append((*row(names(plan, [unit]), groups.get(unit, ""), len(items),
                           "、".join(target for _, target, _ in items)),
                     Cell(value=status_of(worst).label, light=light_of(worst))))
    notes = () if rows else ("本期没有进度滞后的单位。",)
    return View(name="behind", title="进度滞后单位", subtitle=subtitle,
                document=document_of(plan, assessment), columns=columns, rows=tuple(rows), notes=notes)
