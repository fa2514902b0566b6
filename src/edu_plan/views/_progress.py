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
from edu_plan._i18n import gettext as _
from edu_plan._i18n import ngettext
from edu_plan._model import Plan, Target
from edu_plan._numbers import HUNDRED, ZERO
from edu_plan._periods import Period
from edu_plan._progress import COUNTED_STATUSES, ProgressSource, ReportSource
from edu_plan._registry import Registry
from edu_plan.errors import RenderError
from edu_plan.views._common import (
    document_of,
    in_language,
    names,
    period_subtitle,
    row,
    target_timing,
    task_timing,
    word,
)
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
        raise RenderError(_("progress is read for a period: give the period (--period P), e.g. 2024"))
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
                collected.setdefault(result.target.id, {})[_("evidenced")] = None
    return {target: _(", ").join(items) for target, items in collected.items()}


def _task_number() -> Column:
    return Column(key="task_number", label=_("No."), type=ColumnType.INTEGER)


def _target_columns() -> tuple[Column, ...]:
    """The columns the ledger and the bulletin share, so that they name a target's facts alike."""
    return (
        Column(key="target", label=_("Objective")),
        Column(key="owners", label=_("Responsible units")),
        Column(key="deadline", label=_("Deadline"), type=ColumnType.DATE),
        Column(key="latest", label=_("Latest progress")),
    )


@in_language
def work_ledger(
    plan: Plan,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    *,
    period: Period | None = None,
    achievements: Achievements | None = None,
    registry: Registry | None = None,
    lang: str | None = None,
) -> View:
    """工作台账: each target in the plan's words with its owners, deadline, latest progress, status and evidence.

    Without progress every target is 未报送 (nothing reported) with a grey light; a task
    without targets gets one row of its own.  The chart is a progress bar per target
    toward its quantity (the share its kind says is reached).  Progress is read for
    ``period`` (or the assessment's): progress without a period is refused, not guessed.
    """
    known = target_progress(plan, progress, assessment, period=period, achievements=achievements,
                            registry=registry)
    columns = (
        _task_number(),
        Column(key="task", label=_("Key task")),
        *_target_columns(),
        Column(key="status", label=_("Status"), type=ColumnType.LIGHT),
        Column(key="evidence", label=_("Evidence")),
    )
    rows: list[tuple[Cell, ...]] = []
    bars: list[Bar] = []
    for task in plan.tasks:
        if not task.targets:
            owners = names(plan, task.owners)
            rows.append((*row(task.number, task.title, "—", owners, task_timing(plan, task), ""),
                         Cell(value=_("no quantified target")), Cell(value="")))
            continue
        for target in task.targets:
            state = known[target.id]
            rows.append(
                (
                    *row(task.number, task.title, target.wording(), names(plan, task.target_owners(target)),
                          target_timing(plan, target), state.value_text),
                    Cell(value=state.status, light=state.light),
                    Cell(value=state.evidence),
                )
            )
            bars.append(_progress_bar(target, state))
    return View(
        name="ledger",
        title=_("Work ledger"),
        subtitle=period_subtitle(plan, assessment, period),
        document=document_of(plan, assessment, period),
        columns=columns,
        rows=tuple(rows),
        charts=(ProgressBars(title=_("Progress toward the targets"), bars=tuple(bars)),),
    )


def _progress_bar(target: Target, state: TargetProgress) -> Bar:
    share = state.achieved if state.achieved is not None else ZERO
    text = _("{progress} / {target}").format(progress=state.value_text or status_of(NOT_REPORTED).label,
                                              target=target.wording())
    return Bar(label=f"{target.id} {target.metric}", value=share * HUNDRED, maximum=HUNDRED, text=text,
               light=state.light)


@in_language
def bulletin(
    plan: Plan,
    assessment: Assessment,
    progress: ProgressSource | None = None,
    *,
    achievements: Achievements | None = None,
    registry: Registry | None = None,
    lang: str | None = None,
) -> tuple[View, View]:
    """通报 for the assessment's period: each target's pace light, and the units behind schedule.

    The first view lists every target in the plan's words with its completion (the share its
    kind says is reached, read as a percentage), its pace category (traffic light) and the
    sentence that explains it, with the tasks × targets light grid; the second lists the
    units owning a target that is not green or grey, worst first.  The summary line counts
    the statuses of the table's own rows.
    """
    known = target_progress(plan, progress, assessment, period=assessment.period, achievements=achievements,
                            registry=registry)
    columns = (
        _task_number(),
        Column(key="target_id", label=_("ID")),
        *_target_columns(),
        Column(key="achieved", label=_("Completion"), type=ColumnType.PERCENT),
        Column(key="pace", label=_("Pace"), type=ColumnType.LIGHT),
        Column(key="explanation", label=_("Explanation")),
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
            rows.append((*row(task.number, target.id, target.wording(), names(plan, task.target_owners(target)),
                               target_timing(plan, target), state.value_text, state.achieved),
                         Cell(value=state.status, light=state.light), Cell(value=state.explanation)))
            lights.append(state.light)
            tips.append(_("{target} {metric}: {status}").format(target=target.id, metric=target.metric,
                                                                 status=state.status))
        grid_rows.append(_("Task {number}").format(number=task.number))
        grid_lights.append(tuple(lights + [None] * (width - len(lights))))
        grid_tips.append(tuple(tips + [""] * (width - len(tips))))
    grid = LightGrid(title=_("Pace lights (tasks × targets)"), rows=tuple(grid_rows),
                     columns=tuple(str(i) for i in range(1, width + 1)), lights=tuple(grid_lights),
                     tips=tuple(grid_tips))
    subtitle = period_subtitle(plan, assessment, None)
    targets_view = View(name="bulletin", title=_("Progress bulletin"), subtitle=subtitle,
                document=document_of(plan, assessment), columns=columns, rows=tuple(rows),
                        notes=(_summary([str(r[7].value) for r in rows]), *assessment.warnings), charts=(grid,))
    return targets_view, _behind(plan, assessment, subtitle)


def _summary(statuses: list[str]) -> str:
    """共 N 项目标：完成 3 项，未完成 2 项。 — counted from the rows, in the order of :data:`STATUSES`."""
    order = {status.label: i for i, status in enumerate(STATUSES.values())}
    counts = Counter(statuses)
    ordered = sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    summary = _("; ").join(_("{status} {count}").format(status=label, count=count)
                           for label, count in ordered)
    return ngettext("{count} target: {summary}.", "{count} targets: {summary}.", len(statuses)).format(
        count=len(statuses), summary=summary)


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
        Column(key="unit", label=_("Unit")),
        Column(key="peer_group", label=_("Peer group")),
        Column(key="count", label=_("Targets behind"), type=ColumnType.INTEGER),
        Column(key="targets", label=_("Targets behind schedule")),
        Column(key="worst", label=_("Worst pace"), type=ColumnType.LIGHT),
    )
    rows = []
    for unit in order:
        items = sorted(late[unit])
        worst = items[0][2]
        rows.append((*row(names(plan, [unit]), word(groups.get(unit, "")), len(items),
                           _(", ").join(target for _rank, target, _key in items)),
                     Cell(value=status_of(worst).label, light=light_of(worst))))
    notes = () if rows else (_("No unit is behind schedule in this period."),)
    return View(name="behind", title=_("Units behind schedule"), subtitle=subtitle,
                document=document_of(plan, assessment), columns=columns, rows=tuple(rows), notes=notes)
