"""The ``efficiency`` scorer: the county's 100-point annual assessment (年度效能目标管理考核).

Every assessed unit is scored out of ``points`` on the tasks it holds a role in.  A task is
worth its points (``[tasks]``, or ``[sections]`` split evenly, else equal), a unit gets the
share of them its role carries (``[roles]``), and the task's points are spread over its
targets by weight.  Each target's achievement comes from its kind's plugin and turns into
points as ``[kinds.<kind>]`` says.  So that units with different sets of tasks are scored
on the same 100 points::

    base = points × Σ(available × share) / Σ available

Then deductions (fixed, ranged with the chosen value recorded, per occurrence, with
multipliers), bonus points (paid only with evidence, capped per rule and in total) and
veto items (一票否决: the lowest grade whatever the total) apply; the total is kept within
[0, points + bonus cap].  Units are ranked within their peer group.  Findings become
rectification orders due a number of working days later on China's official calendar.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs
import pendulum

from edu_plan._achievements import Achievements, TargetResult, evaluate
from edu_plan._assessment import (
    Achievement,
    AchievementStatus,
    Assessment,
    Bonus,
    Deduction,
    Finding,
    Name,
    Percent,
    Rectification,
    Scheme,
    Scorecard,
    ScoreLine,
    Step,
    Veto,
    apportion,
    clip_share,
    percent,
    plain,
    round_points,
    step,
    steps_of,
)
from edu_plan._i18n import format_date
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._model import Plan, Role, UnitKind
from edu_plan._numbers import ONE, ZERO
from edu_plan._periods import Period
from edu_plan._progress import Award, Event, Incident, LapseKind, ProgressSource, ReportLapse, event_kind
from edu_plan._registry import Registry
from edu_plan._workdays import WorkCalendar, default_work_calendar
from edu_plan.errors import Problem, ScoringError
from edu_plan.plugins.scoring._common import (
    assign_ranks,
    grade_of,
    peer_group_of,
)

__all__ = [
    "EFFICIENCY",
    "BonusRule",
    "DeductionRule",
    "EfficiencyScheme",
    "EfficiencyScorer",
    "EventMatch",
    "KindRule",
    "VetoRule",
]

_DEFAULT_ROLES = {Role.LEAD: ONE, Role.RESPONSIBLE: ONE, Role.COOPERATING: Decimal("0.3")}
_WEIGHT_PLACES = Decimal("0.0001")
_DEFAULT_ASSESSED = tuple(k for k in UnitKind if k not in (UnitKind.EXTERNAL, UnitKind.COLLECTIVE))


Mode = Literal["proportional", "all_or_nothing", "floor"]
EventName = Literal["incident", "lapse"]
Level = Literal["国家级", "自治区级", "市级", "县级"]


def _roles(given: Mapping[Role, Decimal]) -> dict[Role, Decimal]:
    return {**_DEFAULT_ROLES, **given}


def _assessed(given: tuple[UnitKind, ...]) -> tuple[UnitKind, ...]:
    return tuple(given) or _DEFAULT_ASSESSED


def _problem(path: str, message: str, hint: str = "", code: str = "scheme") -> Problem:
    return Problem(message=message, path=path, hint=hint or None, code=code)


def _non_negative(path: str, value: Decimal | None) -> Iterator[Problem]:
    if value is not None and value < 0:
        yield _problem(path, _("must be >= 0 (got {value})").format(value=value))


def _share(path: str, value: Decimal) -> Iterator[Problem]:
    if not ZERO <= value <= ONE:
        yield _problem(path, _("must be a share in [0, 1] (got {value})").format(value=value))


@attrs.frozen(kw_only=True)
class KindRule:
    """How a target kind's share turns into points: ``proportional``, ``all_or_nothing`` or ``floor``.

    With ``pro_rata`` the share is compared with the part of the target due by the as-of
    date (the time gone from the start of counting to the deadline), not the whole of it.
    """

    mode: Mode = "proportional"
    floor: Decimal = ZERO
    pro_rata: bool = False


@attrs.frozen(kw_only=True)
class EventMatch:
    """Which events a rule takes: those whose ``kind`` and ``severity`` are the ones given (None: any)."""

    kind: str | None = None
    severity: str | None = None

    def items(self) -> Iterator[tuple[str, str]]:
        """The (field, wanted value) pairs given."""
        for name in ("kind", "severity"):
            wanted = getattr(self, name)
            if wanted is not None:
                yield name, wanted


@attrs.frozen(kw_only=True)
class DeductionRule:
    """扣分: ``points`` (fixed) or ``minimum``..``maximum`` (ranged, ``min``/``max`` in the file, 扣5-10分)."""

    id: str
    title: str
    event: EventName
    match: EventMatch = EventMatch()
    points: Decimal | None = None
    minimum: Decimal | None = attrs.field(default=None, metadata={"key": "min"})
    maximum: Decimal | None = attrs.field(default=None, metadata={"key": "max"})
    default: Decimal | None = None
    per_occurrence: bool = True
    cap: Decimal | None = None
    multipliers: Mapping[str, Decimal] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class BonusRule:
    """加分 for awards of ``level`` (and, if given, for ``task``), capped at ``cap`` per unit."""

    id: str
    title: str
    level: Level
    points: Decimal
    cap: Decimal | None = None
    task: int | None = None


@attrs.frozen(kw_only=True)
class VetoRule:
    """一票否决: an event matching it forces the lowest grade."""

    id: str
    title: str
    event: EventName
    match: EventMatch = EventMatch()


@attrs.frozen(kw_only=True)
class BonusSettings:
    """``[bonus]``: the most bonus points a unit can earn in all."""

    total_cap: Decimal | None = None


@attrs.frozen(kw_only=True)
class EfficiencyScheme(Scheme):
    """Everything the auditor sets in the scheme file (docs/reference/scheme.md); keys as the file spells them."""

    scorer: str = "efficiency"
    name: str = "efficiency"
    task_points: Mapping[int, Decimal] = attrs.field(factory=dict, metadata={"key": "tasks"})
    section_points: Mapping[str, Decimal] = attrs.field(factory=dict, metadata={"key": "sections"})
    roles: Mapping[Role, Decimal] = attrs.field(factory=lambda: dict(_DEFAULT_ROLES), converter=_roles)
    kinds: Mapping[str, KindRule] = attrs.field(factory=dict)
    deductions: tuple[DeductionRule, ...] = ()
    bonuses: tuple[BonusRule, ...] = ()
    bonus: BonusSettings = BonusSettings()
    vetoes: tuple[VetoRule, ...] = ()
    assess: tuple[UnitKind, ...] = attrs.field(default=_DEFAULT_ASSESSED, converter=_assessed)
    exclude: tuple[str, ...] = ()
    rectify_below: Decimal = Decimal("0.6")
    rectification_days: int = 10
    calendar_file: str | None = attrs.field(default=None, metadata={"key": "calendar"})

    @property
    def bonus_cap(self) -> Decimal:
        """The most bonus points a unit can earn (``[bonus] total_cap``; 0 without bonuses)."""
        return self.bonus.total_cap if self.bonus.total_cap is not None else ZERO

    @property
    def maximum(self) -> Decimal:
        """The highest total a unit can reach: the points plus the bonus cap."""
        return self.points + self.bonus_cap

    def problems(self) -> Iterator[Problem]:
        """Beyond every scheme's rules: shares in [0, 1], points >= 0, deductions either fixed or ranged, ids once."""
        yield from super().problems()
        for number, points in self.task_points.items():
            yield from _non_negative(f"$.tasks.{number}", points)
        for section, section_points in self.section_points.items():
            yield from _non_negative(f"$.sections.{section}", section_points)
        for role, share in self.roles.items():
            yield from _share(f"$.roles.{role.value}", share)
        for kind, kind_rule in self.kinds.items():
            yield from _share(f"$.kinds.{kind}.floor", kind_rule.floor)
        yield from _share("$.rectify_below", self.rectify_below)
        if self.rectification_days < 0:
            yield _problem("$.rectification_days",
                           _("must be >= 0 (got {value})").format(value=self.rectification_days))
        yield from _non_negative("$.bonus.total_cap", self.bonus.total_cap)
        if self.bonuses and self.bonus.total_cap is None:
            yield _problem("$.bonus.total_cap", _("is required when there are [[bonuses]]"),
                           _("set the most bonus points a unit can earn, e.g. [bonus] total_cap = 5"))
        for i, rule in enumerate(self.deductions):
            yield from _deduction_problems(f"$.deductions[{i}]", rule)
        for i, bonus in enumerate(self.bonuses):
            yield from _non_negative(f"$.bonuses[{i}].points", bonus.points)
            yield from _non_negative(f"$.bonuses[{i}].cap", bonus.cap)
        ids: tuple[tuple[str, list[str]], ...] = (
            ("deductions", [r.id for r in self.deductions]), ("bonuses", [r.id for r in self.bonuses]),
            ("vetoes", [r.id for r in self.vetoes]))
        for table, names in ids:
            seen: dict[str, int] = {}
            for i, rule_id in enumerate(names):
                if rule_id in seen:
                    yield _problem(f"$.{table}[{i}].id", _("duplicate id {id!r} (also {path})").format(
                                   id=rule_id, path=f"$.{table}[{seen[rule_id]}]"),
                                   _("give every rule its own id"), "duplicate-id")
                seen.setdefault(rule_id, i)

    def plan_problems(self, plan: Plan, kinds: Collection[str]) -> Iterator[Problem]:
        """Tasks, sections, kinds and ``match`` values the scheme names must exist."""
        numbers = {task.number for task in plan.tasks}
        keys = {section.key for section in plan.sections}
        for number in self.task_points:
            if number not in numbers:
                yield _problem(f"$.tasks.{number}", _(
                               "unknown task {number} (the plan has tasks {first}–{last})").format(
                               number=number, first=min(numbers, default=0), last=max(numbers, default=0)),
                               code="unknown-task")
        for key in self.section_points:
            if key not in keys:
                yield _problem(f"$.sections.{key}", _("unknown section {key!r} (the plan has {keys})").format(
                               key=key, keys=", ".join(sorted(keys))), code="unknown-section")
        for kind in self.kinds:
            if kind not in kinds:
                yield _problem(f"$.kinds.{kind}", _("unknown target kind {kind!r}").format(kind=kind),
                               _("the installed kinds are {kinds}").format(kinds=", ".join(sorted(kinds))),
                               "unknown-kind")
        for i, bonus in enumerate(self.bonuses):
            if bonus.task is not None and bonus.task not in numbers:
                yield _problem(f"$.bonuses[{i}].task", _("unknown task {number}").format(number=bonus.task),
                               code="unknown-task")
        lapses = [k.value for k in LapseKind]
        matched: tuple[tuple[str, Sequence[DeductionRule | VetoRule]], ...] = (
            ("deductions", self.deductions), ("vetoes", self.vetoes))
        for key, rules in matched:
            for i, rule in enumerate(rules):
                if rule.event == "lapse" and rule.match.kind is not None and rule.match.kind not in lapses:
                    yield _problem(f"$.{key}[{i}].match.kind", _(
                        "a lapse is {kinds} (got {kind!r}); this rule would never match").format(
                        kinds=_(" or ").join(lapses), kind=rule.match.kind), code="unknown-match")
                if rule.event == "lapse" and rule.match.severity is not None:
                    yield _problem(f"$.{key}[{i}].match.severity", _("a lapse has no severity; this rule would never "
                                   "match"), _("match lapses on kind only"), "unknown-match")


def _deduction_problems(path: str, rule: DeductionRule) -> Iterator[Problem]:
    for name, value in (("points", rule.points), ("min", rule.minimum), ("max", rule.maximum),
                        ("default", rule.default), ("cap", rule.cap)):
        yield from _non_negative(f"{path}.{name}", value)
    if (rule.points is None) == (rule.minimum is None or rule.maximum is None):
        yield _problem(path, _("give either 'points' (fixed) or both 'min' and 'max' (ranged, 扣5-10分)"))
    if rule.minimum is not None and rule.maximum is not None and rule.minimum > rule.maximum:
        yield _problem(path, _("'min' must be <= 'max' (got {low} > {high})").format(low=rule.minimum,
                                                                                    high=rule.maximum))
    if (rule.default is not None and rule.minimum is not None and rule.maximum is not None
            and not rule.minimum <= rule.default <= rule.maximum):
        yield _problem(f"{path}.default", _("must lie in [{low}, {high}] (got {value})").format(
            low=rule.minimum, high=rule.maximum, value=rule.default))


class EfficiencyScorer:
    """The 100-point annual assessment with deductions, bonuses, vetoes, grades and peer-group ranks."""

    name = "efficiency"
    label = N_("efficiency")
    """The scorer's name for people (效能目标考核), shown as the scoring method of a scorecard."""
    scheme_type = EfficiencyScheme

    def load_scheme(self, data: Mapping[str, Any], *, source: str | None = None) -> EfficiencyScheme:
        """Read an efficiency scheme; every mistake at once, each with its key and line."""
        from edu_plan.serialization import structure_scheme

        scheme = structure_scheme(data, EfficiencyScheme, source=source)
        if scheme.calendar_file:
            scheme = attrs.evolve(scheme, calendar_file=_beside(source, scheme.calendar_file))
        return scheme

    def score(
        self,
        plan: Plan,
        progress: ProgressSource,
        scheme: EfficiencyScheme | Mapping[str, Any],
        *,
        period: Period,
        as_of: pendulum.Date | None = None,
        registry: Registry | None = None,
        achievements: Achievements | None = None,
        issued: pendulum.Date | None = None,
    ) -> Assessment:
        """One scorecard per assessed unit, with findings and rectification orders.

        The orders are dated ``issued`` (default: the as-of day) and fall due working days after it;
        the issue date changes no score.
        """
        scheme = scheme if isinstance(scheme, EfficiencyScheme) else self.load_scheme(scheme or {})
        day = as_of or period.span()[1]
        results = achievements if achievements is not None else evaluate(
            plan, progress, period=period, as_of=day, scheme=scheme, registry=registry)
        by_task: dict[int, list[TargetResult]] = {}
        for result in results:
            by_task.setdefault(result.task.number, []).append(result)
        task_points = _task_points(plan, scheme)
        first_day = period.span()[0]
        events = [e for e in progress.events(plan.id, until=day) if e.date >= first_day]
        findings: list[Finding] = []
        for task in plan.tasks:
            if not task.targets and task.owners:
                findings.append(Finding(unit=task.owners[0], task=task.number, severity="note",
                                        message=_("task {task} has no checkable target; it is not scored").format(
                                            task=task.number)))
        cards = []
        vetoed = set()
        all_roles = _roles_by_unit(plan)
        shares = {r.target.id: _line_share(r, scheme, day) for r in results
                  if r.achievement.status is not AchievementStatus.NOT_DUE}
        for unit in plan.units:
            if unit.is_collective or unit.kind not in scheme.assess or unit.id in scheme.exclude:
                continue
            roles = all_roles.get(unit.id, {})
            if not roles:
                continue
            if not any(r.achievement.status is not AchievementStatus.NOT_DUE
                       for number in roles for r in by_task.get(number, ())):
                findings.append(Finding(unit=unit.id, severity="note", message=_(
                    "{unit} is not scored: none of its tasks ({tasks}) has a target due in the period").format(
                        unit=unit.name, tasks=_(", ").join(map(str, sorted(roles))))))
                continue
            card, unit_findings = _scorecard(plan, unit.id, roles, by_task, task_points, shares, events, scheme)
            if card.vetoes:
                vetoed.add(unit.id)
            cards.append(card)
            findings.extend(unit_findings)
        ranked = assign_ranks(cards, vetoed=frozenset(vetoed))
        rectifications = _rectifications(findings, scheme, issued or day)
        return Assessment(plan_id=plan.id, scorer=self.name, scheme=scheme.name, period=period, as_of=day,
                          max_points=scheme.maximum, scorecards=ranked, findings=findings,
                          rectifications=rectifications, peer_groups=tuple(scheme.peer_groups))


def _beside(source: str | None, name: str | None) -> str | None:
    """A calendar file named in a scheme, read relative to the scheme file."""
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute() and source:
        path = Path(source).parent / path
    return str(path)


def _task_points(plan: Plan, scheme: EfficiencyScheme) -> dict[int, Decimal]:
    points: dict[int, Decimal] = {}
    for section in plan.sections:
        rest = [t for t in section.tasks if t.number not in scheme.task_points]
        share = scheme.section_points.get(section.key)
        for task in section.tasks:
            if task.number in scheme.task_points:
                points[task.number] = scheme.task_points[task.number]
            elif share is not None:
                points[task.number] = share / len(rest)
            else:
                points[task.number] = ONE
    return points


def _roles_by_unit(plan: Plan) -> dict[str, dict[int, Role]]:
    """Each unit's role in each task it holds one in (collectives expanded; the first role listed wins)."""
    roles: dict[str, dict[int, Role]] = {}
    for task in plan.tasks:
        for responsibility in task.responsibilities:
            try:
                members = plan.expand(responsibility.unit)
            except KeyError:
                continue
            for member in members:
                roles.setdefault(member, {}).setdefault(task.number, responsibility.role)
    return roles


def _pro_rata(achievement: Achievement, start: pendulum.Date, deadline: pendulum.Date | None,
              as_of: pendulum.Date) -> tuple[Decimal, tuple[Step, ...]]:
    if deadline is None or deadline <= start or as_of >= deadline:
        return achievement.share, ()
    gone = Decimal(as_of.toordinal() - start.toordinal() + 1) / Decimal(deadline.toordinal() - start.toordinal() + 1)
    if gone <= 0:
        return achievement.share, ()
    gone = gone.quantize(Decimal("0.0001"))
    share = clip_share(achievement.share / gone)
    return share, (step(N_("pro rata: {gone} of the time to {deadline} is gone, so {reached} / {gone} = {share} of "
                           "what is due"), gone=Percent(gone), deadline=deadline, reached=Percent(achievement.share),
                        share=Percent(share)),)


def _line_share(result: TargetResult, scheme: EfficiencyScheme,
                as_of: pendulum.Date) -> tuple[Decimal, tuple[Step, ...]]:
    rule = scheme.kinds.get(result.target.kind, KindRule())
    share = result.achievement.share
    notes: tuple[Step, ...] = ()
    if rule.pro_rata:
        share, notes = _pro_rata(result.achievement, result.start, result.target.deadline, as_of)
    if rule.mode == "all_or_nothing" and share < ONE:
        return ZERO, (*notes, step(N_("all or nothing: not fully reached → 0")))
    if rule.mode == "floor" and share < rule.floor:
        return ZERO, (*notes, step(N_("below the floor {floor} → 0"), floor=Percent(rule.floor)))
    return share, notes


def _scorecard(
    plan: Plan,
    unit_id: str,
    roles: Mapping[int, Role],
    by_task: Mapping[int, Sequence[TargetResult]],
    task_points: Mapping[int, Decimal],
    shares: Mapping[str, tuple[Decimal, tuple[Step, ...]]],
    events: Sequence[Event],
    scheme: EfficiencyScheme,
) -> tuple[Scorecard, list[Finding]]:
    unit = plan.unit(unit_id)
    # Each line's maximum depends on every line of the card, so lines are built once that total is known.
    raw: list[tuple[dict[str, Any], Decimal]] = []
    findings: list[Finding] = []
    for number in sorted(roles):
        role = roles[number]
        due = [r for r in by_task.get(number, ()) if r.achievement.status is not AchievementStatus.NOT_DUE]
        weights = sum((r.target.weight for r in due), ZERO)
        available = task_points[number] * scheme.roles[role]
        for result in by_task.get(number, ()):
            is_due = result.achievement.status is not AchievementStatus.NOT_DUE
            line_available = available * result.target.weight / weights if is_due and weights else ZERO
            share, notes = shares[result.target.id] if is_due else (ZERO, (step(N_("not due: not scored")),))
            raw.append(({
                "task": number, "target": result.target.id, "role": role, "weight": line_available, "share": share,
                "status": result.achievement.status,
                "steps": (*steps_of(result.achievement), *notes,
                          step(N_("task {task} worth {points}, {role} share {share}"), task=number,
                               points=round_points(task_points[number]), role=role,
                               share=Percent(scheme.roles[role]))),
            }, line_available))
            if is_due and role.owns_targets and share < scheme.rectify_below:
                findings.append(Finding(unit=unit_id, task=number, target=result.target.id, message=_(
                    "{target} ({metric}) reached {share}, below {floor}").format(
                        target=result.target.id, metric=result.target.metric, share=percent(share),
                        floor=percent(scheme.rectify_below))))
    maxima = apportion(scheme.points, [available for _, available in raw])
    whole = sum((available for _, available in raw), ZERO)
    # Before and after scaling: the line's points out of the unit's available points, then on the card's scale.
    # The weight shown is the line's available points to four places (0.9999…9 from a three-way split reads as 1).
    lines = [ScoreLine(**{**fields, "weight": fields["weight"].quantize(_WEIGHT_PLACES), "steps": (
        (*fields["steps"], step(N_("{available} of {whole} available points, scaled to {scale}: {maximum}"),
                                available=round_points(available), whole=round_points(whole),
                                scale=scheme.points, maximum=maximum)) if available else fields["steps"])},
        max_points=maximum, points=round_points(maximum * fields["share"]))
             for (fields, available), maximum in zip(raw, maxima, strict=True)]
    # The base is the sum of the lines as printed, so that an auditor adding them up gets the card's figure.
    base = sum((line.points for line in lines), ZERO)
    deductions = _deductions(unit_id, unit.kind, events, scheme)
    bonuses = _bonuses(unit_id, events, scheme)
    vetoes = tuple(
        Veto(rule=rule.id, reason=_("{rule}: {event}").format(rule=rule.title, event=_describe(event)),
             evidence=getattr(event, "evidence", ()))
        for rule in scheme.vetoes for event in events if event.unit == unit_id and _matches(rule, event)
    )
    taken = sum((d.points for d in deductions), ZERO)
    paid = sum((b.points for b in bonuses if b.paid), ZERO)
    total = min(scheme.maximum, max(ZERO, base - taken + paid))
    grade = grade_of(total, scheme.grades, vetoed=bool(vetoes))
    for deduction in deductions:
        findings.append(Finding(unit=unit_id, message=_("deduction {points}: {reason}").format(
            points=plain(deduction.points), reason=deduction.reason)))
    for veto in vetoes:
        findings.append(Finding(unit=unit_id, message=_("veto: {reason}").format(reason=veto.reason),
                                severity="critical"))
    kept = (step(N_(" (kept within [0, {maximum}])"), maximum=scheme.maximum)
            if total != base - taken + paid else "")
    steps = [step(N_("base {base} = the sum of the points of {lines} lines ({points} × earned/available)"),
                  base=base, lines=len(lines), points=scheme.points),
             step(N_("− deductions {taken} + bonuses {paid} = {total}{kept} → {grade}"), taken=taken, paid=paid,
                  total=total, kept=kept, grade=Name(grade))]
    if vetoes:
        steps.append(step(N_("vetoed: lowest grade")))
    return Scorecard(unit=unit_id, unit_name=unit.name, peer_group=peer_group_of(unit.kind, scheme.peer_groups),
                     total=total, max_points=scheme.maximum, grade=grade, lines=lines, deductions=deductions,
                     bonuses=bonuses, vetoes=vetoes, steps=steps), findings


def _matches(rule: DeductionRule | VetoRule, event: Event) -> bool:
    if event_kind(event) != rule.event:
        return False
    for key, wanted in rule.match.items():
        value = getattr(event, key, None)
        text = getattr(value, "value", value)
        if text != wanted:
            return False
    return True


_LAPSES = {LapseKind.LATE: N_("late report"), LapseKind.MISSING: N_("missing report")}
"""迟报 and 漏报 in the reader's language (``LapseKind.label`` is the Chinese a progress file is read in)."""


def _describe(event: Event) -> str:
    """An event in words, in the current language (its date for people)."""
    if isinstance(event, Incident):
        text = _("{kind} ({severity}) on {date}").format(kind=event.kind, severity=event.severity,
                                                         date=format_date(event.date))
        return _("{event}: {detail}").format(event=text, detail=event.description) if event.description else text
    if isinstance(event, ReportLapse):
        lapse = str(_LAPSES.get(event.kind, event.kind.label))
        what = (_("{lapse} {target} {period}").format(lapse=lapse, target=event.target, period=event.period)
                if event.target else lapse)
        text = _("{what} on {date}").format(what=what, date=format_date(event.date))
        if event.days_late:
            text = _("{event}, {days} days late").format(event=text, days=event.days_late)
        return text
    return _("{level} {title} on {date}").format(level=event.level.value, title=event.title,
                                                  date=format_date(event.date))


def _multiplier(rule: DeductionRule, unit_id: str, kind: UnitKind) -> Decimal:
    if unit_id in rule.multipliers:
        return rule.multipliers[unit_id]
    return rule.multipliers.get(kind.value, ONE)


def _deductions(
    unit_id: str, kind: UnitKind, events: Sequence[Event], scheme: EfficiencyScheme
) -> tuple[Deduction, ...]:
    result = []
    for rule in scheme.deductions:
        matched = [e for e in events if e.unit == unit_id and _matches(rule, e)]
        if not matched:
            continue
        factor = _multiplier(rule, unit_id, kind)
        amounts = []
        chosen = []
        for event in matched if rule.per_occurrence else matched[:1]:
            if rule.points is not None:
                amounts.append(rule.points)
                continue
            value = event.points if isinstance(event, Incident) and event.points is not None else rule.default
            if value is None:
                raise ScoringError(_(
                    "deduction rule {rule!r} is ranged ({low}–{high}): the event {event} of {unit} must give the "
                    "chosen value in its points column, or the rule a 'default'").format(
                    rule=rule.id, low=plain(rule.minimum), high=plain(rule.maximum), event=_describe(event),
                    unit=unit_id))
            low = rule.minimum if rule.minimum is not None else value
            high = rule.maximum if rule.maximum is not None else value
            if not low <= value <= high:
                raise ScoringError(_(
                    "deduction rule {rule!r}: the chosen value {value} for {event} of {unit} must lie in "
                    "[{low}, {high}]").format(rule=rule.id, value=plain(value), event=_describe(event), unit=unit_id,
                                              low=plain(rule.minimum), high=plain(rule.maximum)))
            amounts.append(value)
            chosen.append(_("{value} chosen in {minimum}–{maximum}").format(
                value=plain(value), minimum=plain(rule.minimum), maximum=plain(rule.maximum)))
        points = sum(amounts, ZERO) * factor
        note = ""
        if rule.cap is not None and points > rule.cap:
            note = _(", capped at {cap}").format(cap=plain(rule.cap))
            points = rule.cap
        arithmetic = " + ".join(plain(a) for a in amounts)
        if factor != ONE:
            arithmetic = f"({arithmetic}) × {plain(factor)}"
        result.append(Deduction(
            rule=rule.id, points=round_points(points), occurrences=len(matched),
            chosen=_("; ").join(chosen) or None,
            reason=_("{rule}: {events} → {arithmetic}{note}").format(
                rule=rule.title, events=_("; ").join(_describe(e) for e in matched), arithmetic=arithmetic,
                note=note),
            evidence=tuple(x for e in matched for x in getattr(e, "evidence", ())),
        ))
    return tuple(result)


def _bonuses(unit_id: str, events: Sequence[Event], scheme: EfficiencyScheme) -> tuple[Bonus, ...]:
    result = []
    room = scheme.bonus_cap
    for rule in scheme.bonuses:
        used = ZERO
        for event in events:
            if not isinstance(event, Award) or event.unit != unit_id or event.level.value != rule.level:
                continue
            if rule.task is not None and event.task != rule.task:
                continue
            reason = _("{rule}: {title} ({date})").format(rule=rule.title, title=event.title,
                                                           date=format_date(event.date))
            if not event.evidence:
                result.append(Bonus(rule=rule.id, points=ZERO, paid=False, reason=_(
                    "{reason} — not paid: no evidence of the commendation").format(reason=reason)))
                continue
            amount = rule.points
            notes = []
            if rule.cap is not None and used + amount > rule.cap:
                amount = max(ZERO, rule.cap - used)
                notes.append(_("rule cap {cap}").format(cap=plain(rule.cap)))
            if amount > room:
                amount = room
                notes.append(_("total cap {cap}").format(cap=plain(scheme.bonus_cap)))
            used += amount
            room -= amount
            note = (_(" (cut to {amount} by the {caps})").format(amount=plain(amount), caps=_(" and ").join(notes))
                    if notes else "")
            result.append(Bonus(rule=rule.id, points=round_points(amount), paid=amount > 0,
                                reason=_("{reason}: +{points}{note}").format(reason=reason, points=plain(rule.points),
                                                                            note=note),
                                evidence=event.evidence))
    return tuple(result)


def _rectifications(
    findings: Sequence[Finding], scheme: EfficiencyScheme, issued: pendulum.Date
) -> list[Rectification]:
    if scheme.rectification_days <= 0:
        return []
    calendar: WorkCalendar = default_work_calendar()
    if scheme.calendar_file:
        calendar = calendar.with_file(scheme.calendar_file)
    orders = []
    ordered = [f for f in findings if f.severity != "note"]
    # The calendar is asked only when an order is issued: notes alone never need next year's holidays.
    due = calendar.add_working_days(issued, scheme.rectification_days) if ordered else issued
    for finding in ordered:
        orders.append(Rectification(unit=finding.unit, finding=finding.message, issued=issued,
                                    working_days=scheme.rectification_days, due=due))
    return orders


EFFICIENCY = EfficiencyScorer()
"""The ``efficiency`` scorer, registered under ``edu_plan.scorers``."""

