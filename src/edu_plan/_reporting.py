"""The reporting round: who owes a report for a period, by when, who sent it late (迟报) or not at all (漏报).

A plan's reporting calendar (:class:`~edu_plan.ReportingRule`, 每月28日前报送…) says for which
periods progress is due and by which day.  :func:`reporting_status` compares it with the
reports received; :func:`lapses` turns what it finds into the :class:`~edu_plan.ReportLapse`
events a scheme scores, and :func:`with_lapses` adds them to a progress source, so that an
efficiency score counts late and missing reports without anyone typing them in.

The rules, one unit and one period at a time:

* a unit owes a report for a period when it holds one of the rule's roles in a task with a
  target still open in the period (no deadline, or a deadline on or after the period's first
  day) and the period overlaps the plan's horizon;
* it has reported when a counted report (已报送 or 已审核) of the period exists for one of
  the targets it answers for; its report date is the earliest of those;
* reported after the due day → late (迟报, days late counted in calendar days); nothing by
  ``as_of`` when the due day is past → missing (漏报); nothing yet before the due day → pending.

Lapse events are dated on the due day, the day the lapse happened.  This module is core: it
imports no plugin.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Iterable, Mapping, Sequence

import attrs
import pendulum

from edu_plan._i18n import format_date, format_period
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention for marked messages
from edu_plan._model import Plan, ReportingRule, Role, Target, Task
from edu_plan._periods import Period, PeriodKind
from edu_plan._progress import (
    COUNTED_STATUSES,
    Event,
    LapseKind,
    Observation,
    ProgressReport,
    ProgressSource,
    ReportLapse,
)
from edu_plan.errors import EduPlanError
from edu_plan.views import Cell, Column, ColumnType, Light, View

__all__ = [
    "Assignment",
    "ReportStatus",
    "UnitStatus",
    "answered_targets",
    "chase_view",
    "due_date",
    "lapses",
    "owing_units",
    "parse_rule",
    "received",
    "reporting_status",
    "rule_for",
    "status_view",
    "with_lapses",
]


# -- the calendar ------------------------------------------------------------------------------

_KIND_WORDS = {"月": PeriodKind.MONTH, "季度": PeriodKind.QUARTER, "季": PeriodKind.QUARTER,
               "学期": PeriodKind.SEMESTER, "年": PeriodKind.YEAR, "学年": PeriodKind.SCHOOL_YEAR}
_RULE = re.compile(
    r"每(?P<kind>学年|学期|季度|季|月|年)"
    r"(?:(?P<day>\d{1,2})[日号]前?"
    r"|末(?:后(?P<after>\d{1,3})(?:日|天)内?)?(?:前)?)"
    r"(?:报送)?"
)


def parse_rule(text: str) -> ReportingRule:
    """A rule from the plan's words: 每月28日前, 每季度末后10日内, 每学期末 (报送)."""
    compact = re.sub(r"\s+", "", str(text)).removeprefix("于")
    match = _RULE.fullmatch(compact)
    if match is None:
        raise EduPlanError(_("'calendar' must read like 每月28日前, 每季度末后10日内 or 每学期末 (got {text!r})")
                           .format(text=text))
    kind = _KIND_WORDS[match.group("kind")]
    day = match.group("day")
    if day is not None and kind is not PeriodKind.MONTH:
        raise EduPlanError(_("a day of the month (28日前) only fits a monthly rule; write 每{kind}末后N日内 "
                             "(got {text!r})").format(kind=match.group("kind"), text=text))
    return ReportingRule(period=kind, day=int(day) if day else None,
                         days_after_end=int(match.group("after") or 0), text=str(text).strip())


def due_date(rule: ReportingRule, period: Period) -> pendulum.Date:
    """The last day a report for ``period`` is on time under ``rule``."""
    last = period.span()[1]
    if rule.day is not None:
        # 每月28日前: the day in the period's last month, or that month's last day when it is shorter.
        month_end = last
        return pendulum.Date(month_end.year, month_end.month, min(rule.day, month_end.day))
    return last.add(days=rule.days_after_end)


def rule_for(plan: Plan, period: Period) -> ReportingRule | None:
    """The plan's rule for periods of ``period``'s kind, or None when its calendar has none."""
    for rule in plan.reporting:
        if rule.period is period.kind:
            return rule
    return None


# -- who answers for what ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Assignment:
    """A target a unit answers for, with its task and the unit's role in that task."""

    task: Task
    target: Target
    role: Role


def answered_targets(plan: Plan, unit_id: str, *, roles: Collection[Role] | None = None) -> list[Assignment]:
    """The targets ``unit_id`` answers for, in plan order: every target of every task where it holds a role
    (directly or as a member of a collective such as 各乡镇场), and those naming it among their owners."""
    found: list[Assignment] = []
    for task in plan.tasks:
        role = None
        for responsibility in task.responsibilities:
            try:
                members = plan.expand(responsibility.unit)
            except KeyError:
                members = (responsibility.unit,)
            if unit_id == responsibility.unit or unit_id in members:
                role = responsibility.role if role is None or responsibility.role.owns_targets else role
        for target in task.targets:
            chosen = role
            if chosen is None and unit_id in target.owners:
                chosen = Role.RESPONSIBLE
            if chosen is not None and (roles is None or chosen in roles):
                found.append(Assignment(task=task, target=target, role=chosen))
    return found


def _open_in(target: Target, period: Period) -> bool:
    return target.deadline is None or target.deadline >= period.start


def owing_units(plan: Plan, period: Period, rule: ReportingRule) -> dict[str, list[Assignment]]:
    """Each unit that owes a report for ``period`` under ``rule``, with the open targets it answers for."""
    if plan.horizon is not None and not plan.horizon.overlaps(period):
        return {}
    owing: dict[str, list[Assignment]] = {}
    for unit in plan.units:
        if unit.is_collective:
            continue
        open_targets = [a for a in answered_targets(plan, unit.id, roles=rule.roles) if _open_in(a.target, period)]
        if open_targets:
            owing[unit.id] = open_targets
    return owing


# -- status ------------------------------------------------------------------------------------


class ReportStatus(str, enum.Enum):
    """Where a unit's report for a period stands."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"

    @property
    def label(self) -> str:
        """已报送, 迟报, 漏报 or 待报送, in the current language."""
        return str(_STATUS_LABELS[self])


_STATUS_LABELS = {ReportStatus.ON_TIME: N_("reported"), ReportStatus.LATE: N_("late (迟报)"),
                  ReportStatus.MISSING: N_("missing (漏报)"), ReportStatus.PENDING: N_("not yet due")}


@attrs.frozen(kw_only=True)
class UnitStatus:
    """One unit's standing in the round for one period."""

    unit: str
    period: Period
    due: pendulum.Date
    status: ReportStatus
    owed: tuple[Assignment, ...]
    reported_targets: tuple[str, ...]
    report_date: pendulum.Date | None
    days_late: int

    @property
    def missing_targets(self) -> tuple[Assignment, ...]:
        """The owed targets with no counted report for the period."""
        done = set(self.reported_targets)
        return tuple(a for a in self.owed if a.target.id not in done)


def _reports_of(progress: Iterable[ProgressReport] | Iterable[Observation], plan_id: str) -> list[
        tuple[str, str, Period, pendulum.Date]]:
    found = []
    for item in progress:
        if isinstance(item, ProgressReport):
            if item.plan_id != plan_id or item.status not in COUNTED_STATUSES:
                continue
            found.append((item.unit, item.target, item.period, item.report_date))
        else:
            # An observation's first report day is not kept; its latest day stands for it.
            found.append((item.unit, item.target, item.period, item.latest_date))
    return found


def reporting_status(
    plan: Plan,
    progress: Iterable[ProgressReport] | Iterable[Observation],
    period: Period,
    *,
    as_of: pendulum.Date | None = None,
    rule: ReportingRule | None = None,
) -> list[UnitStatus]:
    """Each owing unit's status for ``period`` seen on ``as_of`` (default: today in the plan's zone).

    ``progress`` is the reports (a :class:`~edu_plan.ProgressLog`, a store's ``reports(...)``) or
    observations; only counted reports of ``period`` itself are looked at.
    """
    chosen = rule or rule_for(plan, period)
    if chosen is None:
        raise EduPlanError(_("the plan has no reporting calendar for {kind} periods; add one under 'reporting' "
                             "in the plan, or give the rule (--calendar 每月28日前)").format(kind=period.kind.value))
    day = as_of or pendulum.today(plan.timezone).date()
    due = due_date(chosen, period)
    received: dict[str, dict[str, pendulum.Date]] = {}
    for unit, target, report_period, report_day in _reports_of(progress, plan.id):
        if report_period != period or report_day > day:
            continue
        targets = received.setdefault(unit, {})
        targets[target] = min(report_day, targets.get(target, report_day))
    result = []
    for unit, owed in owing_units(plan, period, chosen).items():
        own = {a.target.id for a in owed}
        dates = {t: d for t, d in received.get(unit, {}).items() if t in own}
        first = min(dates.values()) if dates else None
        if first is None:
            status = ReportStatus.MISSING if day > due else ReportStatus.PENDING
            late = 0
        else:
            late = max(0, (first - due).days)
            status = ReportStatus.LATE if late else ReportStatus.ON_TIME
        result.append(UnitStatus(unit=unit, period=period, due=due, status=status, owed=tuple(owed),
                                 reported_targets=tuple(sorted(dates)), report_date=first, days_late=late))
    return result


def lapses(
    plan: Plan,
    progress: Iterable[ProgressReport] | Iterable[Observation],
    window: Period,
    *,
    as_of: pendulum.Date | None = None,
) -> list[ReportLapse]:
    """The late and missing reports of every round of the plan's calendar due inside ``window`` by ``as_of``.

    One :class:`~edu_plan.ReportLapse` per unit and round (target left empty), dated on the due day.
    """
    day = as_of or window.end
    reports: list[ProgressReport] | list[Observation] = list(progress)  # type: ignore[assignment]  # read twice
    found: list[ReportLapse] = []
    for rule in plan.reporting:
        first, last = window.span()
        for period in Period.between(rule.period, first, last):
            due = due_date(rule, period)
            if not first <= due <= min(last, day):
                continue
            for state in reporting_status(plan, reports, period, as_of=day, rule=rule):
                if state.status in (ReportStatus.LATE, ReportStatus.MISSING):
                    kind = LapseKind.LATE if state.status is ReportStatus.LATE else LapseKind.MISSING
                    note = _("{rule}: report for {period} due {due}").format(
                        rule=rule.text or rule.period.value, period=format_period(period), due=format_date(due))
                    found.append(ReportLapse(plan_id=plan.id, unit=state.unit, date=due, kind=kind, period=period,
                                             days_late=state.days_late, note=note))
    return found


@attrs.frozen
class _WithLapses:
    """A progress source whose events also hold the lapses the calendar finds (no hand-made duplicates)."""

    source: ProgressSource
    plan: Plan
    window: Period
    as_of: pendulum.Date | None

    def observations(
        self,
        plan_id: str,
        *,
        until: pendulum.Date | None = None,
        targets: Collection[str] | None = None,
        evidenced_only: bool = False,
    ) -> Iterable[Observation]:
        return self.source.observations(plan_id, until=until, targets=targets, evidenced_only=evidenced_only)

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> list[Event]:
        given: list[Event] = list(self.source.events(plan_id, until=until))
        if plan_id != self.plan.id:
            return given
        typed = {(e.unit, e.period, e.kind) for e in given if isinstance(e, ReportLapse)}
        reports = received(self.source, plan_id, until=until)
        derived = [e for e in lapses(self.plan, reports, self.window, as_of=until or self.as_of)
                   if (e.unit, e.period, e.kind) not in typed and (until is None or e.date <= until)]
        return sorted([*given, *derived], key=lambda e: (e.date, type(e).__name__, e.unit, repr(e)))


def received(source: ProgressSource, plan_id: str, *,
             until: pendulum.Date | None = None) -> list[ProgressReport] | list[Observation]:
    """What ``source`` received for ``plan_id``: its reports when it keeps them (a log, a store), else observations."""
    reports = getattr(source, "reports", None)
    if callable(reports):
        found: list[ProgressReport] = list(reports(plan_id))
        return [r for r in found if until is None or r.report_date <= until]
    return list(source.observations(plan_id, until=until))


def with_lapses(plan: Plan, progress: ProgressSource, window: Period, *,
                as_of: pendulum.Date | None = None) -> ProgressSource:
    """``progress`` (a :class:`~edu_plan.ProgressSource`) with the calendar's lapses in ``window`` added to its events.

    A lapse typed in by hand for the same unit, period and kind is not added twice.  Without a
    reporting calendar in the plan, ``progress`` comes back unchanged.
    """
    if not plan.reporting:
        return progress
    return _WithLapses(progress, plan, window, as_of)


# -- views -------------------------------------------------------------------------------------


def _unit_name(plan: Plan, unit_id: str) -> str:
    unit = plan.find_unit(unit_id)
    return unit.name if unit is not None else unit_id


def status_view(plan: Plan, statuses: Sequence[UnitStatus], *, as_of: pendulum.Date) -> View:
    """The round's status (报送情况): one row per owing unit, late and missing ones marked."""
    lights = {ReportStatus.ON_TIME: Light.GREEN, ReportStatus.LATE: Light.YELLOW, ReportStatus.MISSING: Light.RED,
              ReportStatus.PENDING: Light.GREY}
    columns = (Column(key="unit", label=_("Unit")), Column(key="due", label=_("Due"), type=ColumnType.DATE),
               Column(key="status", label=_("Status"), type=ColumnType.LIGHT),
               Column(key="report_date", label=_("Reported on"), type=ColumnType.DATE),
               Column(key="days_late", label=_("Days late"), type=ColumnType.INTEGER),
               Column(key="owed", label=_("Targets owed"), type=ColumnType.INTEGER),
               Column(key="reported", label=_("Targets reported"), type=ColumnType.INTEGER))
    order = {ReportStatus.MISSING: 0, ReportStatus.LATE: 1, ReportStatus.PENDING: 2, ReportStatus.ON_TIME: 3}
    ordered = sorted(statuses, key=lambda s: (order[s.status], plan_unit_index(plan, s.unit)))
    rows = tuple(
        (Cell(value=_unit_name(plan, s.unit)), Cell(value=s.due), Cell(value=s.status.label, light=lights[s.status]),
         Cell(value=s.report_date), Cell(value=s.days_late), Cell(value=len(s.owed)),
         Cell(value=len(s.reported_targets)))
        for s in ordered)
    counts = {status: sum(1 for s in statuses if s.status is status) for status in ReportStatus}
    period = statuses[0].period if statuses else None
    subtitle = _("{plan} — {period}, as of {day}").format(
        plan=plan.title, period=format_period(period) if period else "", day=format_date(as_of))
    notes = (_("{units} units owe a report: {on_time} reported on time, {late} late (迟报), {missing} missing (漏报), "
               "{pending} not yet due.").format(units=len(statuses), on_time=counts[ReportStatus.ON_TIME],
                                                late=counts[ReportStatus.LATE], missing=counts[ReportStatus.MISSING],
                                                pending=counts[ReportStatus.PENDING]),)
    return View(name="reporting-status", title=_("Reporting status"), subtitle=subtitle, columns=columns, rows=rows,
                notes=notes)


def chase_view(plan: Plan, statuses: Sequence[UnitStatus], *, as_of: pendulum.Date) -> View:
    """The 催报 list the office sends: every unit that has not reported, with the targets it owes."""
    columns = (Column(key="unit", label=_("Unit")), Column(key="status", label=_("Status")),
               Column(key="due", label=_("Due"), type=ColumnType.DATE),
               Column(key="task", label=_("Task"), type=ColumnType.INTEGER),
               Column(key="target", label=_("Target")), Column(key="wording", label=_("Target wording")))
    rows = []
    for state in sorted(statuses, key=lambda s: plan_unit_index(plan, s.unit)):
        if state.status not in (ReportStatus.MISSING, ReportStatus.PENDING):
            continue
        for assignment in state.missing_targets:
            rows.append((Cell(value=_unit_name(plan, state.unit)), Cell(value=state.status.label),
                         Cell(value=state.due), Cell(value=assignment.task.number),
                         Cell(value=assignment.target.id), Cell(value=assignment.target.describe())))
    period = statuses[0].period if statuses else None
    subtitle = _("{plan} — {period}, as of {day}").format(
        plan=plan.title, period=format_period(period) if period else "", day=format_date(as_of))
    return View(name="reporting-chase", title=_("Reports to chase (催报)"), subtitle=subtitle, columns=columns,
                rows=tuple(rows))


def plan_unit_index(plan: Plan, unit_id: str) -> int:
    """The unit's place in the plan's registry, to list units in the plan's own order."""
    for index, unit in enumerate(plan.units):
        if unit.id == unit_id:
            return index
    return len(plan.units)


def statuses_by_unit(statuses: Sequence[UnitStatus]) -> Mapping[str, UnitStatus]:
    """The statuses keyed by unit id."""
    return {s.unit: s for s in statuses}
