"""Progress reports (进展报送), the events schemes score, and the per-period aggregates scorers read.

A :class:`ProgressReport` is one unit's value for one target in one period.  Scorers never
loop over raw reports: they read :class:`Observation` aggregates (one per target, unit
and period) through the :class:`ProgressSource` protocol, so that the in-memory
:class:`ProgressLog` sums in Python and a database store sums in SQL with the same
results.  The aggregation rules, which every source must follow:

* only ``submitted`` and ``approved`` reports count; a draft or a returned report is not
  yet the unit's word;
* ``until`` keeps the reports whose ``report_date`` is on or before it;
* ``total`` is the sum of the values; ``latest`` the value of the last report ordered by
  ``report_date``, and of two reports of one day the larger value (never the order they were
  added in); ``count`` how many reports;
* ``evidenced`` is true when any report of the group has evidence; ``approved`` when any
  report of the group is approved (approval locks the whole group, so any is all).

This module is core: it imports no plugin and no serialization library.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._model import Plan, Task
from edu_plan._periods import Period
from edu_plan.errors import LockedPeriodError, ModelValueError, Problem, ProgressError

__all__ = [
    "COUNTED_STATUSES",
    "EVENT_TYPES",
    "Award",
    "AwardLevel",
    "Event",
    "Incident",
    "LapseKind",
    "Observation",
    "ProgressLog",
    "ProgressReport",
    "ProgressSource",
    "ReportLapse",
    "ReportSource",
    "ReviewStatus",
    "aggregate",
    "event_kind",
    "report_errors",
    "report_problems",
    "require_reports",
]


def _tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(value)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ModelValueError(_("'value' must be <Decimal> (got {value!r})").format(value=value))
    if isinstance(value, (int, str)):
        try:
            return Decimal(value)
        except ArithmeticError:
            raise ModelValueError(_("'value' must be <Decimal> (got {value!r})").format(value=value)) from None
    raise ModelValueError(_("'value' must be <Decimal>, an int or a numeric string, not a float (got "
                            "{value!r})").format(
                              value=value))


def _non_empty(_instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelValueError(_("'{name}' must be a non-empty string (got {value!r})").format(
                                  name=attribute.name, value=value))


def _finite(_instance: Any, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not value.is_finite():
        raise ModelValueError(_("'{name}' must be a finite number (got {value!r})").format(
                                  name=attribute.name, value=value))


def _is(cls: type) -> Any:
    """attrs' ``instance_of`` with attrs' message and no repr soup: ``'period' must be <Period> (got '2024')``."""
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            raise ModelValueError(_("'{name}' must be <{type}> (got {value!r})").format(
                                      name=attribute.name, type=cls.__name__, value=value))

    return check


class ReviewStatus(str, enum.Enum):
    """Where a report stands in review: draft → submitted → returned | approved."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        """The word a reporting platform uses: 草稿, 已报送, 已退回, 已审核."""
        return {"draft": "草稿", "submitted": "已报送", "returned": "已退回", "approved": "已审核"}[self.value]


def _status(value: Any) -> ReviewStatus:
    try:
        return ReviewStatus(value)
    except ValueError:
        raise ModelValueError(_("'status' must be one of 'draft', 'submitted', 'returned', 'approved' (got "
                                "{value!r})").format(value=value)
                              ) from None


COUNTED_STATUSES = frozenset({ReviewStatus.SUBMITTED, ReviewStatus.APPROVED})
"""The statuses whose reports count in observations."""

_TRANSITIONS = {
    ReviewStatus.DRAFT: frozenset({ReviewStatus.SUBMITTED}),
    ReviewStatus.SUBMITTED: frozenset({ReviewStatus.RETURNED, ReviewStatus.APPROVED}),
    ReviewStatus.RETURNED: frozenset({ReviewStatus.SUBMITTED}),
    ReviewStatus.APPROVED: frozenset(),
}


@attrs.frozen(kw_only=True)
class ProgressReport:
    """One unit's value for one target in one period (进展报送).

    ``value`` is the increment for a cumulative target, the level reached for a level
    target, the count in the period for a recurring one, 1 for a milestone done, and
    the assessor's ordinal rating for a qualitative one.  ``evidence`` lists references
    to the proof (document numbers, file names, links: 佐证材料).
    """

    plan_id: str = attrs.field(validator=_non_empty)
    target: str = attrs.field(validator=_non_empty)
    unit: str = attrs.field(validator=_non_empty)
    period: Period = attrs.field(validator=_is(Period))
    value: Decimal = attrs.field(converter=_decimal, validator=_finite)
    report_date: pendulum.Date = attrs.field(validator=_is(pendulum.Date))
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    note: str = ""
    status: ReviewStatus = attrs.field(default=ReviewStatus.SUBMITTED, converter=_status)
    reported_by: str | None = None

    @property
    def group(self) -> tuple[str, str, str, Period]:
        """The (plan, target, unit, period) this report belongs to; approval locks a group."""
        return (self.plan_id, self.target, self.unit, self.period)

    @property
    def content(self) -> tuple[Any, ...]:
        """Everything but the review status: two reports with the same content are one report."""
        return (self.plan_id, self.target, self.unit, self.period, self.value, self.report_date,
                self.evidence, self.note, self.reported_by)


class AwardLevel(str, enum.Enum):
    """The level of the body that gave an award (表彰级别)."""

    NATIONAL = "国家级"
    REGIONAL = "自治区级"
    CITY = "市级"
    COUNTY = "县级"


class LapseKind(str, enum.Enum):
    """A report sent late (迟报) or not at all (漏报)."""

    LATE = "late"
    MISSING = "missing"

    @property
    def label(self) -> str:
        """迟报 or 漏报."""
        return {"late": "迟报", "missing": "漏报"}[self.value]


@attrs.frozen(kw_only=True)
class Award:
    """A commendation a unit received (获奖/表彰); ``evidence`` is the commendation document."""

    plan_id: str = attrs.field(validator=_non_empty)
    unit: str = attrs.field(validator=_non_empty)
    date: pendulum.Date = attrs.field(validator=_is(pendulum.Date))
    level: AwardLevel = attrs.field(converter=AwardLevel)
    title: str = attrs.field(validator=_non_empty)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    task: int | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class Incident:
    """Something that went wrong in a unit's area (安全事故, 师德失范…), with its severity.

    ``points`` is the deduction the auditor chose where a scheme rule gives a range
    (扣5-10分); the scheme checks it lies in the range.
    """

    plan_id: str = attrs.field(validator=_non_empty)
    unit: str = attrs.field(validator=_non_empty)
    date: pendulum.Date = attrs.field(validator=_is(pendulum.Date))
    kind: str = attrs.field(validator=_non_empty)
    severity: str = attrs.field(validator=_non_empty)
    description: str = ""
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    points: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(_decimal))


@attrs.frozen(kw_only=True)
class ReportLapse:
    """A report that came late or never came, for one target and period."""

    plan_id: str = attrs.field(validator=_non_empty)
    unit: str = attrs.field(validator=_non_empty)
    date: pendulum.Date = attrs.field(validator=_is(pendulum.Date))
    kind: LapseKind = attrs.field(converter=LapseKind)
    target: str | None = None
    period: Period | None = None
    days_late: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    note: str = ""


Event = Award | Incident | ReportLapse
"""What a scheme scores besides reports: awards, incidents, late or missing reports."""


@attrs.frozen(kw_only=True)
class Observation:
    """The reports of one unit for one target in one period, aggregated (see the module doc)."""

    target: str
    unit: str
    period: Period
    total: Decimal
    latest: Decimal
    latest_date: pendulum.Date
    count: int
    evidenced: bool
    approved: bool


@runtime_checkable
class ProgressSource(Protocol):
    """**Protocol:** where scorers read progress from: per-period aggregates and events.

    Implemented by :class:`ProgressLog` (in memory) and by the storage backends (in SQL).
    Observations come sorted by target, unit, then period; events by date, then kind.
    """

    def observations(
        self,
        plan_id: str,
        *,
        until: pendulum.Date | None = None,
        targets: Collection[str] | None = None,
        evidenced_only: bool = False,
    ) -> Iterable[Observation]:
        """One :class:`Observation` per (target, unit, period) with counted reports.

        With ``evidenced_only``, reports without evidence are left out before summing (a scheme's
        "what cannot be proven counts as not done").
        """
        ...

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> Iterable[Event]:
        """The awards, incidents and lapses of ``plan_id`` dated on or before ``until``."""
        ...


def aggregate(reports: Iterable[ProgressReport]) -> list[Observation]:
    """The observations of ``reports`` (whatever their order: report-date ties go to the larger value).

    Drafts and returned reports are left out; the result is sorted by target, unit, period.
    """
    groups: dict[tuple[str, str, Period], list[Any]] = {}
    for report in reports:
        if report.status not in COUNTED_STATUSES:
            continue
        key = (report.target, report.unit, report.period)
        acc = groups.get(key)
        if acc is None:
            groups[key] = [report.value, report.value, report.report_date, 1, bool(report.evidence),
                           report.status is ReviewStatus.APPROVED]
            continue
        acc[0] += report.value
        # The latest is the last by report date; two reports of one day count the larger value, so
        # that the order the rows came in never changes a result.
        if (report.report_date, report.value) > (acc[2], acc[1]):
            acc[1] = report.value
            acc[2] = report.report_date
        acc[3] += 1
        acc[4] = acc[4] or bool(report.evidence)
        acc[5] = acc[5] or report.status is ReviewStatus.APPROVED
    keys = sorted(groups, key=lambda k: (k[0], k[1], k[2].sort_key))
    return [
        Observation(target=k[0], unit=k[1], period=k[2], total=a[0], latest=a[1], latest_date=a[2], count=a[3],
                    evidenced=a[4], approved=a[5])
        for k in keys
        for a in (groups[k],)
    ]


def _event_sort_key(event: Event) -> tuple[Any, ...]:
    return (event.date, type(event).__name__, event.unit, repr(event))


class ProgressLog:
    """Reports and events kept in memory; a :class:`ProgressSource`.

    :meth:`add` is idempotent: a report whose content (everything but its status) is
    already in the log is not added twice, only its status moves on.  Once a group
    (plan, target, unit, period) holds an approved report the period is locked: a new
    report for it raises :class:`~edu_plan.errors.LockedPeriodError` until
    :meth:`reopen` is called for it.
    """

    def __init__(self, reports: Iterable[ProgressReport] = (), events: Iterable[Event] = (), *,
                 plans: Iterable[Plan] = ()) -> None:
        # The plans reports are checked against (report_problems); a report of another plan is checked for the
        # value limits only.
        self._known: dict[str, Plan] = {plan.id: plan for plan in plans}
        # plan id → (target, unit, period) → the group's reports in the order added.
        self._plans: dict[str, dict[tuple[str, str, Period], list[ProgressReport]]] = {}
        self._events: list[Event] = []
        self._event_set: set[Event] = set()
        self.add_all(reports)
        for event in events:
            self.add_event(event)

    # -- writing --------------------------------------------------------------------------

    def add(self, report: ProgressReport) -> bool:
        """Add ``report``; False when the same report was already there (its status may move on).

        A report that does not fit its plan (when the log was given it) or that a store could not
        keep exactly is refused with a :class:`~edu_plan.errors.ProgressError` listing every problem.
        """
        require_reports(self._known.get, (report,))
        group = self._plans.setdefault(report.plan_id, {}).setdefault(report.group[1:], [])
        content = report.content
        for i, existing in enumerate(group):
            if existing.content == content:
                if existing.status is not report.status:
                    self._check_transition(existing, report.status)
                    group[i] = attrs.evolve(existing, status=report.status)
                    if report.status is ReviewStatus.APPROVED:
                        self._approve_group(report.group)
                return False
        if any(r.status is ReviewStatus.APPROVED for r in group):
            raise LockedPeriodError(
                _("{unit} / {target} / {period}: the period is approved and locked; a new report (value {value}, "
                  "dated {report_date}) is refused — ask the reviewer to reopen it (ProgressLog.reopen) first").format(
                    unit=report.unit, target=report.target, period=report.period, value=report.value,
                        report_date=report.report_date)
            )
        group.append(report)
        if report.status is ReviewStatus.APPROVED:
            self._approve_group(report.group)
        return True

    def add_all(self, reports: Iterable[ProgressReport]) -> int:
        """Add every report; return how many were new."""
        return sum(1 for report in reports if self.add(report))

    def add_event(self, event: Event) -> bool:
        """Add an award, incident or lapse; False when the same event is already there."""
        if event in self._event_set:
            return False
        self._event_set.add(event)
        self._events.append(event)
        return True

    def review(self, plan_id: str, target: str, unit: str, period: Period, status: ReviewStatus) -> None:
        """Move every report of a group to ``status`` (submit, return or approve them)."""
        status = ReviewStatus(status)
        group = self._group(plan_id, target, unit, period)
        if not group:
            raise ProgressError([Problem(
                message=_("no report for {unit} / {target} / {period} in plan {plan_id!r}").format(
                            unit=unit, target=target, period=period, plan_id=plan_id),
                hint=_("add the report before reviewing it"), code="no-report")])
        for report in group:
            if report.status is not status:
                self._check_transition(report, status)
        self._plans[plan_id][(target, unit, period)] = [attrs.evolve(r, status=status) for r in group]

    def reopen(self, plan_id: str, target: str, unit: str, period: Period) -> None:
        """Unlock an approved group: its reports go back to submitted and new reports are accepted."""
        group = self._group(plan_id, target, unit, period)
        if group:
            self._plans[plan_id][(target, unit, period)] = [
                attrs.evolve(r, status=ReviewStatus.SUBMITTED) if r.status is ReviewStatus.APPROVED else r
                for r in group
            ]

    def is_locked(self, plan_id: str, target: str, unit: str, period: Period) -> bool:
        """Whether the group holds an approved report."""
        return any(r.status is ReviewStatus.APPROVED for r in self._group(plan_id, target, unit, period))

    def _group(self, plan_id: str, target: str, unit: str, period: Period) -> list[ProgressReport]:
        return self._plans.get(plan_id, {}).get((target, unit, period), [])

    def _approve_group(self, key: tuple[str, str, str, Period]) -> None:
        groups = self._plans[key[0]]
        groups[key[1:]] = [
            attrs.evolve(r, status=ReviewStatus.APPROVED) if r.status is ReviewStatus.SUBMITTED else r
            for r in groups[key[1:]]
        ]

    @staticmethod
    def _check_transition(report: ProgressReport, status: ReviewStatus) -> None:
        if status not in _TRANSITIONS[report.status]:
            allowed = ", ".join(sorted(s.value for s in _TRANSITIONS[report.status])) or _("none (reopen it first)")
            raise LockedPeriodError(
                _("{unit} / {target} / {period}: a {status} report cannot become {new} (allowed: {allowed})").format(
                    unit=report.unit, target=report.target, period=report.period, status=report.status.value,
                    new=status.value, allowed=allowed)
            )

    # -- reading --------------------------------------------------------------------------

    def __iter__(self) -> Iterator[ProgressReport]:
        for groups in self._plans.values():
            for group in groups.values():
                yield from group

    def __len__(self) -> int:
        return sum(len(group) for groups in self._plans.values() for group in groups.values())

    def reports(self, plan_id: str | None = None) -> list[ProgressReport]:
        """Every report (of one plan), in the order added within each group."""
        if plan_id is None:
            return list(self)
        return [r for group in self._plans.get(plan_id, {}).values() for r in group]

    def observations(
        self,
        plan_id: str,
        *,
        until: pendulum.Date | None = None,
        targets: Collection[str] | None = None,
        evidenced_only: bool = False,
    ) -> list[Observation]:
        """One observation per (target, unit, period), following the module's rules."""
        wanted = None if targets is None else frozenset(targets)
        selected = (
            report
            for (target, _unit, _period), group in self._plans.get(plan_id, {}).items()
            if wanted is None or target in wanted
            for report in group
            if (until is None or report.report_date <= until) and (report.evidence or not evidenced_only)
        )
        return aggregate(selected)

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> list[Event]:
        """The events of ``plan_id`` dated on or before ``until``, by date."""
        chosen = [e for e in self._events if e.plan_id == plan_id and (until is None or e.date <= until)]
        return sorted(chosen, key=_event_sort_key)

    @property
    def all_events(self) -> tuple[Event, ...]:
        """Every event, in the order added."""
        return tuple(self._events)


@runtime_checkable
class ReportSource(Protocol):
    """**Protocol:** a progress source that also keeps the reports themselves (their evidence references).

    A :class:`ProgressLog` and every store are one; a source that only aggregates is not, and
    views then say only whether there is evidence.
    """

    def reports(self, plan_id: str) -> Iterable[ProgressReport]:
        """The reports of ``plan_id``."""
        ...


EVENT_TYPES: Mapping[str, type[Award] | type[Incident] | type[ReportLapse]] = {
    "award": Award,
    "incident": Incident,
    "lapse": ReportLapse,
}
"""The event classes by their kind's name (as stores keep it beside them and schemes name it in ``event``)."""


def event_kind(event: Event) -> str:
    """The name of ``event``'s kind: ``award``, ``incident`` or ``lapse``."""
    for name, cls in EVENT_TYPES.items():
        if isinstance(event, cls):
            return name
    raise TypeError(_("not an event: {event!r}").format(event=event))
# -- the report check every door applies (stores' add_reports, ProgressLog.add, check_progress) -------------


def report_problems(plan: Plan, report: ProgressReport, *, registry: Any = None,
                    today: pendulum.Date | None = None) -> list[Problem]:
    """Every reason ``report`` does not fit ``plan``, errors and warnings, located at ``$``.

    Errors: another plan's report, an unknown target, a unit unknown or given by name
    instead of id, a unit without a role in the target's task, a value the target's kind
    refuses (the kind plugin is asked through the registry), a value the stores cannot
    keep exactly (:mod:`edu_plan.limits`), a period outside the plan's horizon.  Warnings:
    a report dated after the horizon, or in the future.
    """
    from edu_plan.errors import Severity
    from edu_plan.limits import number_problem

    problems: list[Problem] = []

    def add(message: str, hint: str | None, code: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(Problem(message=message, hint=hint, code=code, severity=severity))

    if report.plan_id != plan.id:
        add(_("'plan' must be {id!r} (got {plan_id!r})").format(id=plan.id, plan_id=report.plan_id), None, "other-plan")
        return problems
    index = _index(plan)
    found = index.targets.get(report.target)
    if found is None:
        add(_("unknown target {target!r}").format(target=report.target),
            _("`edu-plan show PLAN --view targets` lists the target ids"), "unknown-target")
    known = index.units
    if report.unit not in known:
        named = plan.find_unit(report.unit)
        if named is not None:
            add(_("'unit' must be a unit id (got the name {unit!r})").format(unit=report.unit),
                _("write its id {id!r}").format(id=named.id), "unit-by-name")
        else:
            add(_("unknown unit {unit!r}").format(unit=report.unit),
                _("`edu-plan show PLAN --view units` lists the units"), "unknown-unit")
    if found is not None:
        task, target = found
        if report.unit in known:
            units = index.task_units.get(task.number)
            if units is None:
                units = index.task_units[task.number] = _task_units(plan, task)
            if report.unit not in units and report.unit not in target.owners:
                add(_("unit {unit!r} holds no responsibility for target {id!r} (task {number})").format(
                        unit=report.unit, id=target.id, number=task.number),
                    _("report it under a unit named in the task, or correct the target"), "no-responsibility")
        kind = index.kind(registry, target.kind)
        check_value = getattr(kind, "check_value", None)
        refusal = check_value(report.value) if callable(check_value) else None
        if refusal:
            add(str(refusal), _("correct the value"), "bad-value")
    limit = number_problem(report.value)
    if limit:
        add(limit, _("stores keep values exactly: docs/reference/progress.md gives the limits"), "value-limit")
    horizon = plan.horizon
    if horizon is not None:
        if not horizon.overlaps(report.period):
            add(_("period {period} is outside the plan ({start} .. {end})").format(
                    period=report.period, start=horizon.start, end=horizon.end),
                _("report a period inside the plan's horizon"), "period-outside")
        elif report.report_date > horizon.end:
            add(_("'report_date' {report_date} is after the plan's end ({end})").format(
                    report_date=report.report_date, end=horizon.end),
                _("check the date"), "date-after-horizon", Severity.WARNING)
    day = today or pendulum.today(plan.timezone).date()
    if report.report_date > day:
        add(_("'report_date' {report_date} is in the future (today is {day})").format(
                report_date=report.report_date, day=day), _("check the date"),
            "date-in-future", Severity.WARNING)
    return problems


@attrs.define
class _PlanIndex:
    plan: Plan
    targets: dict[str, tuple[Task, Any]]
    units: frozenset[str]
    task_units: dict[int, frozenset[str]]
    kinds: dict[tuple[int, str], Any] = attrs.field(factory=dict)
    answering: frozenset[tuple[str, str]] | None = None
    """The (target, unit) pairs a report may name: a known target and a known unit that holds a responsibility."""
    answering_kinds: dict[tuple[str, str], str] | None = None

    def pairs(self) -> frozenset[tuple[str, str]]:
        """:attr:`answering`, worked out on first use from the same sets :func:`report_problems` reads."""
        if self.answering is None:
            pairs: set[tuple[str, str]] = set()
            for target_id, (task, target) in self.targets.items():
                units = self.task_units.get(task.number)
                if units is None:
                    units = self.task_units[task.number] = _task_units(self.plan, task)
                pairs.update((target_id, unit) for unit in (units | set(target.owners)) & self.units)
            self.answering = frozenset(pairs)
        return self.answering

    def pair_kinds(self) -> dict[tuple[str, str], str]:
        """The kind of the target of each pair of :meth:`pairs`: one lookup says a report may name it, and its kind."""
        if self.answering_kinds is None:
            self.answering_kinds = {pair: self.targets[pair[0]][1].kind for pair in self.pairs()}
        return self.answering_kinds

    def kind(self, registry: Any, name: str) -> Any:
        """The target kind plugin ``name`` (None when the registry has none), asked once."""
        from edu_plan._registry import default_registry
        from edu_plan.errors import PluginNotFoundError

        key = (id(registry), name)
        if key not in self.kinds:
            try:
                self.kinds[key] = (registry or default_registry()).target_kind(name)
            except PluginNotFoundError:
                self.kinds[key] = None  # the plan's validation reports the unknown kind
        return self.kinds[key]


_INDEXES: dict[tuple[int, int], _PlanIndex] = {}


def _index(plan: Plan) -> _PlanIndex:
    # Checking a batch looks each report's target up; index the plan once (kept for the last few plans).
    # Keyed by the plan's tasks and units, not the plan: county copies of one plan (attrs.evolve(plan, id=…),
    # or the store's plans that share one stored document) share those objects, and so one index.
    key = (id(plan.sections), id(plan.units))
    cached = _INDEXES.get(key)
    if cached is not None and cached.plan.sections is plan.sections and cached.plan.units is plan.units:
        return cached
    if len(_INDEXES) >= 8:
        _INDEXES.clear()
    index = _PlanIndex(plan=plan, targets={t.id: (task, t) for task, t in plan.iter_targets()},
                       units=frozenset(u.id for u in plan.units), task_units={})
    _INDEXES[key] = index
    return index


def _task_units(plan: Plan, task: Task) -> frozenset[str]:
    units: set[str] = set()
    for responsibility in task.responsibilities:
        units.add(responsibility.unit)
        try:
            units.update(plan.expand(responsibility.unit))
        except KeyError:
            continue
    return frozenset(units)


def require_reports(plan_of: Callable[[str], Plan | None], reports: Iterable[ProgressReport], *,
                    registry: Any = None) -> None:
    """Refuse a batch with one :class:`~edu_plan.errors.ProgressError` listing every error of every report.

    ``plan_of`` gives the plan a report belongs to (None: only the value limits are checked).
    Stores call this in ``add_reports`` before they write anything; :meth:`ProgressLog.add` too.
    """
    problems = report_errors(plan_of, reports, registry=registry)
    if problems:
        raise ProgressError([problem for _position, problem in problems])


def report_errors(plan_of: Callable[[str], Plan | None], reports: Iterable[ProgressReport], *,
                  registry: Any = None, positions: Sequence[int] | None = None) -> list[tuple[int, Problem]]:
    """What :func:`require_reports` refuses, as (position, problem) in order: the check of one chunk of a batch.

    A report's position is its index in ``reports``, or ``positions[index]`` (its index in the whole batch,
    when ``reports`` is a chunk of it checked in a worker process); each problem's path names that position.
    """
    from edu_plan.errors import Severity
    from edu_plan.limits import number_problem

    problems: list[tuple[int, Problem]] = []
    plans: dict[str, Plan | None] = {}
    today: dict[str, pendulum.Date] = {}  # per time zone: asking pendulum for today costs a zoneinfo lookup
    # The common case first, decided from a few cached answers: a report of its own plan, naming a (target,
    # unit) pair that answers for it (one lookup gives the target's kind), a value its kind and the stores
    # take, a period in the horizon.  Consecutive reports mostly share their plan and period, so those are
    # compared with the last report's before any lookup.  Only a report that misses one of these goes
    # through report_problems, which says what is wrong; warnings (dates after the horizon or in the
    # future) are not errors and are not asked for here.
    # Per plan: its index, the kind of each answering (target, unit) pair, the periods asked about (inside?), its
    # horizon (county copies share an index, not necessarily a horizon).
    checkers: dict[str, tuple[_PlanIndex, dict[tuple[str, str], str], dict[Period, bool], Any] | None] = {}
    values: dict[tuple[str, str], bool] = {}  # (kind, value text) → fits; limits may change between calls
    last_plan: str | None = None
    checker: tuple[_PlanIndex, dict[tuple[str, str], str], dict[Period, bool], Any] | None = None
    last_period: Period | None = None
    for index, report in enumerate(reports):
        if type(report) is ProgressReport:
            plan_id = report.plan_id
            if plan_id != last_plan:
                last_plan, last_period = plan_id, None
                if plan_id in checkers:
                    checker = checkers[plan_id]
                else:
                    plans[plan_id] = found_plan = plan_of(plan_id)
                    checker = None
                    if found_plan is not None and found_plan.id == plan_id:  # else report_problems: "other plan"
                        plan_index = _index(found_plan)
                        checker = (plan_index, plan_index.pair_kinds(), {}, found_plan.horizon)
                    checkers[plan_id] = checker
            if checker is not None:
                kind_name = checker[1].get((report.target, report.unit))
                if kind_name is not None:
                    value_key = (kind_name, str(report.value))
                    fits = values.get(value_key)
                    if fits is None:
                        kind = checker[0].kind(registry, kind_name)
                        check_value = getattr(kind, "check_value", None)
                        fits = values[value_key] = not (callable(check_value) and check_value(report.value)) and (
                            not number_problem(report.value))
                    if fits:
                        period = report.period
                        if period is last_period:
                            continue
                        inside = checker[2].get(period)
                        if inside is None:
                            horizon = checker[3]
                            inside = checker[2][period] = horizon is None or horizon.overlaps(period)
                        if inside:
                            last_period = period
                            continue
        position = index if positions is None else positions[index]
        if not isinstance(report, ProgressReport):
            problems.append((position, Problem(message=_("'report' must be <ProgressReport> (got {report!r:.80})")
                                               .format(report=report), path=f"$[{position}]", code="type")))
            continue
        if report.plan_id not in plans:
            plans[report.plan_id] = plan_of(report.plan_id)
        plan = plans[report.plan_id]
        where = f"$[{position}] ({report.unit} / {report.target} / {report.period})"
        if plan is None:
            found = [Problem(message=m, code="value-limit") for m in [number_problem(report.value)] if m]
        else:
            if plan.timezone not in today:
                today[plan.timezone] = pendulum.today(plan.timezone).date()
            found = [p for p in report_problems(plan, report, registry=registry, today=today[plan.timezone])
                     if p.severity is Severity.ERROR]
        problems.extend((position, attrs.evolve(p, path=where)) for p in found)
    return problems
