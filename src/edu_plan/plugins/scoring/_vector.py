"""The ``efficiency`` scorer over many plans at once: one vectorised pass, exact in integers (NumPy).

What :meth:`EfficiencyScorer.score` does for one plan, done here for every plan together:

* **Structure once.** Plans that differ only in their id (county copies of one plan) share a
  *template*: target slots, answering units, counting starts, task points, roles, and — for each
  pattern of targets not yet due — every card's lines and their maxima, computed by the very
  ``Decimal`` code the scorer uses (:func:`apportion`), so the maxima are the scorer's to the cent.
* **Numbers as arrays.** Observations are integer micro-units; every share is a ratio rounded half up
  to 10⁻⁴ in integers (``(2·n·10⁴ + d) // 2d``), which is what ``clip_share`` gives for the quotients
  of six-place decimals (their 28-digit ``Decimal`` quotient never lands within 10⁻²⁸ of a half-step
  it is not on); points are cents (``round_points(maximum × share)`` = ``(cents·share + 5000) // 10⁴``);
  totals, grades and ranks are array operations over all plans of a template.
* **Events stay Python.** Deductions, bonuses and vetoes (a few events a county) are computed by the
  scorer's own functions for the units that have events.
* **Explanations on request.** No :class:`ScoreLine`, step or sentence is built: the result's
  :meth:`~edu_plan.Assessments.explain` scores one plan through the per-plan scorer when asked.

Whatever is not vectorised — a target kind other than the six built-in ones, a value with more than
six decimal places, a rating off the scheme's scale — is scored by the per-plan scorer, and the
result says so in ``fallbacks``: never a silent difference.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Any

import attrs
import numpy as np
import pendulum

from edu_plan._achievements import answering_units
from edu_plan._assessment import DEFAULT_ORDINAL, Assessment, apportion, clip_share, counting_start
from edu_plan._columns import MICRO, ObservationColumns, ProgressColumns, micro_of
from edu_plan._i18n import gettext as _
from edu_plan._many import CardColumns, LineColumns, ManyResult
from edu_plan._model import Comparator, Plan, Role, Target, Task
from edu_plan._numbers import ONE, ZERO
from edu_plan._periods import Period
from edu_plan._progress import Event, ProgressLog, ProgressSource, _event_sort_key
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import EduPlanError, ScoringError
from edu_plan.plugins.scoring._common import peer_group_of
from edu_plan.plugins.scoring._efficiency import (
    EfficiencyScheme,
    EfficiencyScorer,
    KindRule,
    _bonuses,
    _deductions,
    _matches,
    _roles_by_unit,
    _task_points,
)

__all__ = ["score_many"]

_SHARE = 10_000  # shares in 10⁻⁴
_BUILTIN = "edu_plan.plugins.kinds._builtin"
_RULES = {"_cumulative": "cumulative", "_level": "level", "_range": "range", "_recurring": "recurring",
          "_milestone": "milestone", "_qualitative": "qualitative"}


_Fallback = ScoringError
"""Raised (and caught) with the reason why a template goes to the per-plan scorer."""


def _ratio(numerator: Any, denominator: Any) -> Any:
    """``clip_share(numerator / denominator)`` in 10⁻⁴, element-wise (denominator > 0)."""
    numerator = np.asarray(numerator, dtype=np.int64)
    denominator = np.broadcast_to(np.asarray(denominator, dtype=np.int64), numerator.shape)
    safe = np.where(denominator > 0, denominator, 1)
    inside = np.clip(numerator, 0, safe)
    share = (2 * inside * _SHARE + safe) // (2 * safe)
    return np.where(numerator <= 0, 0, np.where(numerator >= safe, _SHARE, share))


def _signed_ratio(numerator: Any, denominator: int) -> Any:
    if denominator < 0:
        return _ratio(-np.asarray(numerator, dtype=np.int64), -denominator)
    return _ratio(numerator, denominator)


def _micro(value: Decimal, what: str) -> int:
    found = micro_of(value)
    if found is None:
        raise _Fallback(_("{what} {value} has more than six decimal places").format(what=what, value=value))
    return found


def _kind_name(kind: Any) -> str | None:
    """The built-in kind a registered kind is (its achievement rule is the built-in one), else None."""
    rule = getattr(kind, "rule", None)
    if getattr(rule, "__module__", None) != _BUILTIN:
        return None
    return _RULES.get(getattr(rule, "__qualname__", ""))


@attrs.frozen(kw_only=True)
class _Slot:
    """One target of a template, with what its kind's rule needs as integers."""

    index: int
    task: int
    target: Target
    kind: str
    start: int
    units: frozenset[str]
    quantity: int = 0
    baseline: int | None = None
    low: int = 0
    high: int = 0
    comparator: Comparator = Comparator.GE
    cycles: tuple[tuple[int, int, bool], ...] = ()  # (first day, last day, still running) of each cycle
    not_due: bool = False  # a recurring target whose window starts after the cut-off
    gone: int | None = None  # pro rata: the share of the time gone, 10⁻⁴
    mode: str = "proportional"
    below_floor: Any = None  # for each share 0..10⁴: below the kind's floor


class _Template:
    """What every plan of one structure shares (plans equal but for their id)."""

    def __init__(self, plan: Plan, scheme: EfficiencyScheme, registry: Registry, period: Period,
                 day: pendulum.Date) -> None:
        self.plan = plan
        self.reason: str | None = None
        self.layouts: dict[bytes, _Layout] = {}
        window = period.span()
        self.task_points = _task_points(plan, scheme)
        self.all_roles = _roles_by_unit(plan)
        slots: list[_Slot] = []
        self.by_task: dict[int, list[int]] = {}
        try:
            for index, (task, target) in enumerate(plan.iter_targets()):
                slots.append(_slot(index, plan, task, target, registry, scheme, window, day))
                self.by_task.setdefault(task.number, []).append(index)
        except EduPlanError as reason:  # the per-plan scorer takes over: it scores, or refuses the same way
            self.reason = str(reason)
        self.slots = slots
        self.slot_of = {slot.target.id: slot.index for slot in slots}

    def layout(self, scheme: EfficiencyScheme, not_due: Sequence[bool]) -> _Layout:
        """The cards and lines of a plan whose targets ``not_due`` are not yet due (cached)."""
        key = np.packbits(np.asarray(not_due, dtype=bool)).tobytes()
        found = self.layouts.get(key)
        if found is None:
            found = self.layouts[key] = _Layout.of(self, scheme, not_due)
        return found


def _slot(index: int, plan: Plan, task: Task, target: Target, registry: Registry, scheme: EfficiencyScheme,
          window: tuple[pendulum.Date, pendulum.Date], day: pendulum.Date) -> _Slot:
    kind = _kind_name(registry.target_kind(target.kind))
    if kind is None:
        raise _Fallback(_("target kind {kind!r} (target {target}) is not one of the built-in kinds").format(
            kind=target.kind, target=target.id))
    start = counting_start(plan, target, window[0])
    fields: dict[str, Any] = {"index": index, "task": task.number, "target": target, "kind": kind,
                              "start": start.toordinal(), "units": answering_units(plan, task, target)}
    comparator = target.comparator or Comparator.GE
    fields["comparator"] = comparator
    base = target.baseline.value if target.baseline is not None else None
    if kind == "cumulative":
        fields["quantity"] = _micro(target.quantity if target.quantity is not None else ONE, "quantity")
    elif kind == "level":
        fields["quantity"] = _micro(target.quantity if target.quantity is not None else Decimal(100), "quantity")
        fields["baseline"] = None if base is None else _micro(base, "baseline")
    elif kind == "range":
        low = target.minimum if target.minimum is not None else ZERO
        high = target.maximum if target.maximum is not None else low
        fields["low"], fields["high"] = _micro(low, "minimum"), _micro(high, "maximum")
        fields["baseline"] = _micro(base if base is not None else ZERO, "baseline")
    elif kind == "recurring":
        fields.update(_cycles(target, start, window, day))
    rule = scheme.kinds.get(target.kind, KindRule())
    fields["mode"] = rule.mode
    if rule.mode == "floor":
        fields["below_floor"] = _below(rule.floor)
    if rule.pro_rata:
        fields["gone"] = _gone(start, target.deadline, day)
    return _Slot(**fields)


@functools.lru_cache(maxsize=64)
def _below(floor: Decimal) -> Any:
    """For each share 0, 10⁻⁴, … 1: whether it is below ``floor`` (compared as the scorer compares them)."""
    return np.array([Decimal(i).scaleb(-4) < floor for i in range(_SHARE + 1)])


def _gone(start: pendulum.Date, deadline: pendulum.Date | None, day: pendulum.Date) -> int | None:
    """The scorer's pro-rata share of the time gone (``_pro_rata``), 10⁻⁴; None when the share stands."""
    if deadline is None or deadline <= start or day >= deadline:
        return None
    gone = Decimal(day.toordinal() - start.toordinal() + 1) / Decimal(deadline.toordinal() - start.toordinal() + 1)
    if gone <= 0:
        return None
    gone = gone.quantize(Decimal("0.0001"))
    if gone == 0:
        raise _Fallback(_("pro rata: no time is gone yet (share of time {gone})").format(gone=gone))
    return int(gone.scaleb(4))


def _cycles(target: Target, start: pendulum.Date, window: tuple[pendulum.Date, pendulum.Date],
            day: pendulum.Date) -> dict[str, Any]:
    """A recurring target's cycles, as the kind's rule walks them."""
    from edu_plan._assessment import AchievementContext

    recurrence = target.recurrence
    if recurrence is None:
        raise _Fallback(_("recurring target {target} has no recurrence").format(target=target.id))
    context = AchievementContext(start=start, window=window, as_of=day)
    quantity = _micro(target.quantity if target.quantity is not None else ONE, "quantity")
    first, last = window
    first = max(first, start)
    cut = min(last, day)
    if cut < first:
        return {"not_due": True, "quantity": quantity}
    if recurrence.anchor is None and recurrence.interval > 1:
        recurrence = attrs.evolve(recurrence, anchor=Period.containing(recurrence.every, start, context.calendar))
    cycles = []
    for partial in recurrence.cycles(first, last, calendar=context.calendar):
        cycle = list(partial)
        while len(cycle) < recurrence.interval:
            cycle.append(cycle[-1].next())
        begin = cycle[0].span(context.calendar)[0]
        end = cycle[-1].span(context.calendar)[1]
        cycles.append((begin.toordinal(), end.toordinal(), end > cut))
    return {"cycles": tuple(cycles), "quantity": quantity}


@attrs.frozen(kw_only=True)
class _Layout:
    """The cards of one template for one pattern of targets due: their units and lines with maxima in cents."""

    units: tuple[str, ...]
    kinds: tuple[Any, ...]
    groups: tuple[str, ...]
    line_card: Any
    line_slot: Any
    line_task: Any
    line_max: Any
    card_starts: Any

    @classmethod
    def of(cls, template: _Template, scheme: EfficiencyScheme, not_due: Sequence[bool]) -> _Layout:
        plan = template.plan
        units: list[str] = []
        kinds: list[Any] = []
        groups: list[str] = []
        line_card: list[int] = []
        line_slot: list[int] = []
        line_task: list[int] = []
        line_max: list[int] = []
        starts: list[int] = []
        for unit in plan.units:
            if unit.is_collective or unit.kind not in scheme.assess or unit.id in scheme.exclude:
                continue
            roles: Mapping[int, Role] = template.all_roles.get(unit.id, {})
            if not roles:
                continue
            if all(not_due[s] for number in roles for s in template.by_task.get(number, ())):
                continue
            raw: list[tuple[int, int, Decimal]] = []
            for number in sorted(roles):
                role = roles[number]
                slots = template.by_task.get(number, [])
                weights = sum((template.slots[s].target.weight for s in slots if not not_due[s]), ZERO)
                available = template.task_points[number] * scheme.roles[role]
                for s in slots:
                    weight = template.slots[s].target.weight
                    raw.append((s, number, available * weight / weights if not not_due[s] and weights else ZERO))
            maxima = apportion(scheme.points, [available for _s, _n, available in raw])
            starts.append(len(line_slot))
            for (s, number, _available), maximum in zip(raw, maxima, strict=True):
                line_card.append(len(units))
                line_slot.append(s)
                line_task.append(number)
                line_max.append(int(maximum.scaleb(2)))
            units.append(unit.id)
            kinds.append(unit.kind)
            groups.append(peer_group_of(unit.kind, scheme.peer_groups))
        return cls(units=tuple(units), kinds=tuple(kinds), groups=tuple(groups),
                   line_card=np.array(line_card, dtype=np.int32), line_slot=np.array(line_slot, dtype=np.intp),
                   line_task=np.array(line_task, dtype=np.int32), line_max=np.array(line_max, dtype=np.int64),
                   card_starts=np.array(starts, dtype=np.intp))


# -- the pass --------------------------------------------------------------------------------------


def _observations(progress: ProgressSource, plans: Sequence[Plan], day: pendulum.Date,
                  evidenced: bool) -> tuple[ObservationColumns, ProgressSource]:
    """Every plan's observations as columns, read the fastest way the source allows; and the source to explain."""
    ids = [p.id for p in plans]
    if isinstance(progress, ProgressLog):
        progress = ProgressColumns.from_reports(progress)
    if isinstance(progress, ProgressColumns):
        return progress.observation_columns(until=day, evidenced_only=evidenced), progress
    bulk = getattr(progress, "observation_columns", None)
    if bulk is not None:
        return bulk(ids, until=day, evidenced_only=evidenced), progress
    return ObservationColumns.of_source(progress, ids, until=day, evidenced_only=evidenced), progress


def _events_by_plan(progress: ProgressSource, plans: Sequence[Plan], day: pendulum.Date,
                    first_day: pendulum.Date) -> dict[str, list[Event]]:
    bulk = getattr(progress, "events_by_plan", None)
    if isinstance(progress, ProgressColumns):
        found: Iterable[tuple[str, Iterable[Event]]] = progress.events_of.items()
    elif isinstance(progress, ProgressLog):  # grouped once (asking the log plan by plan scans every event each time)
        grouped: dict[str, list[Event]] = {}
        for event in progress.all_events:
            grouped.setdefault(event.plan_id, []).append(event)
        found = ((p, sorted(events, key=_event_sort_key)) for p, events in grouped.items())
    elif bulk is not None:
        found = bulk([p.id for p in plans], until=day)
    else:
        found = ((p.id, progress.events(p.id, until=day)) for p in plans)
    wanted = {p.id for p in plans}
    result = {}
    for plan_id, events in found:
        if plan_id in wanted:
            kept = [e for e in events if first_day <= e.date <= day]
            if kept:
                result[plan_id] = kept
    return result


def score_many(
    plans: Sequence[Plan],
    progress: ProgressSource,
    scheme: EfficiencyScheme,
    *,
    period: Period,
    as_of: pendulum.Date | None = None,
    registry: Registry | None = None,
    scorer: EfficiencyScorer | None = None,
) -> ManyResult:
    """Score every plan of ``plans`` with the efficiency ``scheme`` in one vectorised pass (see the module doc).

    ``scorer`` scores the plans that go one by one (default: a plain :class:`EfficiencyScorer`).
    """
    single = scorer or EfficiencyScorer()
    reg = registry or default_registry()
    day = as_of or period.span()[1]
    plans = list(plans)
    columns, source = _observations(progress, plans, day, scheme.unproven_is_undone)
    events = _events_by_plan(source, plans, day, period.span()[0])
    fallbacks: list[str] = []
    per_plan: list[int] = []
    parts: list[_Part] = []
    maximum = scheme.maximum.scaleb(2)
    reason = None
    if not columns.exact:
        reason = _("a reported value has more than six decimal places")
    elif maximum != maximum.to_integral_value():
        reason = _("the scheme's maximum {maximum} is not in cents").format(maximum=scheme.maximum)
    elif len({p.id for p in plans}) != len(plans):
        reason = _("a plan id is given more than once")
    if reason is not None:
        fallbacks.append(_("every plan scored one by one: {reason}").format(reason=reason))
        per_plan = list(range(len(plans)))
    else:
        templates: list[_Template] = []
        by_identity: dict[tuple[Any, ...], _Template] = {}
        members: dict[int, list[int]] = {}
        for i, plan in enumerate(plans):
            identity = _identity(plan)
            template = by_identity.get(identity)
            if template is None:
                template = next((t for t in templates if _same_structure(plan, t.plan)), None)
                if template is None:
                    template = _Template(plan, scheme, reg, period, day)
                    templates.append(template)
                by_identity[identity] = template
            members.setdefault(id(template), []).append(i)
        for template in templates:
            indices = members[id(template)]
            if template.reason is not None:
                fallbacks.append(_("{count} plan(s) like {plan} scored one by one: {reason}").format(
                    count=len(indices), plan=plans[indices[0]].id, reason=template.reason))
                per_plan.extend(indices)
                continue
            part, refused = _score_template(template, plans, indices, columns, events, scheme, int(maximum))
            parts.extend(part)
            for i, why in refused:
                fallbacks.append(_("plan {plan} scored one by one: {reason}").format(plan=plans[i].id, reason=why))
                per_plan.append(i)
    singles = {i: single.score(plans[i], source, scheme, period=period, as_of=day, registry=reg)
               for i in sorted(per_plan)}
    cards = _tables(plans, parts, singles, lines=False)[0]
    return ManyResult(cards=cards, lines=functools.partial(_line_table, plans, parts, singles), source=source,
                      fallbacks=tuple(fallbacks), built=singles)


def _line_table(plans: Sequence[Plan], parts: Sequence[_Part], singles: Mapping[int, Assessment]) -> LineColumns:
    found = _tables(plans, parts, singles, lines=True)[1]
    assert found is not None  # noqa: S101 - asked for
    return found


def _identity(plan: Plan) -> tuple[Any, ...]:
    """A quick key for plans that share their parts (``attrs.evolve(plan, id=…)``): the parts' identities."""
    return (*map(id, _PARTS(plan)), repr(sorted(plan.extensions.items())) if plan.extensions else "")


_PARTS = operator.attrgetter(*(f.name for f in attrs.fields(Plan) if f.name not in ("id", "extensions")))


def _same_structure(plan: Plan, other: Plan) -> bool:
    """Whether two plans differ in their id only (plans read apart share a template too)."""
    return all(getattr(plan, f.name) == getattr(other, f.name) for f in attrs.fields(type(plan)) if f.name != "id")


@attrs.frozen(kw_only=True)
class _Part:
    """The figures of the plans of one template sharing one layout."""

    plans: Any  # indices into the call's plans
    layout: _Layout
    share: Any  # [plan, line] 10⁻⁴
    points: Any  # [plan, line] cents
    total: Any  # [plan, card] cents
    grade: Any  # [plan, card] grade index
    rank: Any
    vetoed: Any
    target_ids: tuple[str, ...]
    grade_names: tuple[str, ...]


def _score_template(template: _Template, plans: Sequence[Plan], indices: list[int], columns: ObservationColumns,
                    events: Mapping[str, list[Event]], scheme: EfficiencyScheme,
                    maximum: int) -> tuple[list[_Part], list[tuple[int, str]]]:
    slots = template.slots
    size = len(slots)
    group = np.asarray(indices, dtype=np.intp)
    plan_ids = [plans[i].id for i in indices]
    # Codes of the columns' vocabularies, seen from this template.
    local_of_plan = np.full(len(columns.plans), -1, dtype=np.intp)
    code_of = {p: c for c, p in enumerate(columns.plans)}
    for position, plan_id in enumerate(plan_ids):
        code = code_of.get(plan_id)
        if code is not None:
            local_of_plan[code] = position
    slot_of_target = np.array([template.slot_of.get(t, -1) for t in columns.targets] or [-1], dtype=np.intp)
    allowed = np.array([[u in s.units for u in columns.units] for s in slots] or [[]], dtype=bool)
    ends = np.array([p.span()[1].toordinal() for p in columns.periods] or [0], dtype=np.int64)
    starts = np.array([p.span()[0].toordinal() for p in columns.periods] or [0], dtype=np.int64)
    begins = np.array([s.start for s in slots], dtype=np.int64)
    period_rank = _ranks([_period_order(p) for p in columns.periods])
    unit_rank = _ranks(list(columns.units))

    local: Any = local_of_plan[columns.plan] if len(columns) else np.zeros(0, dtype=np.intp)
    slot: Any = slot_of_target[columns.target] if len(columns) else np.zeros(0, dtype=np.intp)
    keep = (local >= 0) & (slot >= 0)
    rows = np.flatnonzero(keep)
    rows = rows[allowed[slot[rows], columns.unit[rows]]]
    local, slot = local[rows], slot[rows]
    unit, period = columns.unit[rows], columns.period[rows]
    total, latest = columns.total[rows], columns.latest[rows]
    day, evidenced = columns.latest_date[rows], columns.evidenced[rows]
    in_reach = ends[period] >= begins[slot]
    flat = local * size + slot
    count = len(indices)
    def kind_rows(*names: str, reach: bool) -> Any:
        chosen = np.array([s.kind in names for s in slots] or [False], dtype=bool)[slot]
        return chosen & in_reach if reach else chosen

    # Sums (cumulative), any (milestone) and the latest (level, range, qualitative) per (plan, slot).
    summed: Any = np.zeros(count * size, dtype=np.int64)
    seen: Any = np.zeros(count * size, dtype=np.int64)
    chosen = kind_rows("cumulative", reach=True)
    np.add.at(summed, flat[chosen], total[chosen])
    np.add.at(seen, flat[chosen], 1)
    chosen = kind_rows("milestone", reach=False)
    np.add.at(seen, flat[chosen], 1)
    proven: Any = np.zeros(count * size, dtype=bool)
    proven[flat[chosen & (latest >= MICRO) & evidenced]] = True
    chosen = np.flatnonzero(kind_rows("level", "range", "qualitative", reach=True))
    value: Any = np.zeros(count * size, dtype=np.int64)
    if len(chosen):
        order = chosen[np.lexsort((unit_rank[unit[chosen]], period_rank[period[chosen]], day[chosen],
                                   flat[chosen]))]
        keys = flat[order]
        last = np.flatnonzero(np.append(keys[1:] != keys[:-1], True))
        value[keys[last]] = latest[order[last]]
        np.add.at(seen, keys[last], 1)
    summed, seen, proven, value = (a.reshape(count, size) for a in (summed, seen, proven, value))
    has = seen > 0

    # Recurring: the count of each cycle (every cycle, also those nobody reported in).
    cycle_base: dict[int, int] = {}
    cycle_slot: list[int] = []
    cycle_list: list[tuple[int, int, bool]] = []
    for s in slots:
        if s.kind == "recurring":
            cycle_base[s.index] = len(cycle_list)
            cycle_list.extend(s.cycles)
            cycle_slot.extend([s.index] * len(s.cycles))
    cycle_counts = np.zeros((count, max(len(cycle_list), 1)), dtype=np.int64)
    if cycle_list:
        cycle_of = np.full((size, len(columns.periods) or 1), -1, dtype=np.intp)
        for s_index, base in cycle_base.items():
            for c, (begin, end, _running) in enumerate(slots[s_index].cycles):
                inside = (starts >= begin) & (ends <= end)
                cycle_of[s_index, inside] = base + c
        chosen = kind_rows("recurring", reach=False)
        cycle = cycle_of[slot[chosen], period[chosen]]
        counted = cycle >= 0
        np.add.at(cycle_counts, (local[chosen][counted], cycle[counted]), total[chosen][counted])

    share = np.zeros((count, size), dtype=np.int64)
    not_due = np.zeros((count, size), dtype=bool)
    refused: dict[int, str] = {}
    for s in slots:
        column = _share_of(s, summed[:, s.index], value[:, s.index], proven[:, s.index], has[:, s.index])
        if s.kind == "qualitative":
            column, off_scale = _qualitative(value[:, s.index], has[:, s.index], scheme)
            for local_plan in np.flatnonzero(off_scale):
                refused.setdefault(int(local_plan), _("a rating of {target} is not on the scheme's scale").format(
                    target=s.target.id))
        elif s.kind == "recurring":
            column, not_due[:, s.index] = _recurring(s, cycle_counts, cycle_base.get(s.index, 0))
        share[:, s.index] = _line_share(s, np.where(not_due[:, s.index], 0, column))
    share[not_due] = 0

    parts = []
    pattern = np.packbits(not_due, axis=1) if size else np.zeros((count, 0), dtype=np.uint8)
    patterns, which = np.unique(pattern, axis=0, return_inverse=True)
    which = np.asarray(which).reshape(-1)
    ok = np.array([i not in refused for i in range(count)], dtype=bool)
    for p in range(len(patterns)):
        chosen = np.flatnonzero((which == p) & ok)
        if not len(chosen):
            continue
        layout = template.layout(scheme, list(not_due[chosen[0]]))
        parts.append(_part(layout, chosen, group, share, plans, events, scheme, maximum,
                           tuple(s.target.id for s in slots)))
    return parts, [(indices[i], why) for i, why in sorted(refused.items())]


def _ranks(items: Sequence[Any]) -> Any:
    """Each item's place in sorted order (ties cannot happen: the items are a vocabulary)."""
    ranks = np.zeros(max(len(items), 1), dtype=np.int64)
    for place, index in enumerate(sorted(range(len(items)), key=items.__getitem__)):
        ranks[index] = place
    return ranks


def _period_order(period: Period) -> tuple[int, int, str]:
    first, last = period.span()
    return (first.toordinal(), last.toordinal(), period.kind.value)


def _share_of(s: _Slot, summed: Any, value: Any, proven: Any, has: Any) -> Any:
    if s.kind == "cumulative":
        share = _ratio(summed, s.quantity) if s.quantity > 0 else np.where(summed >= 0, _SHARE, 0)
    elif s.kind == "level":
        share = _level(s, value)
    elif s.kind == "range":
        base = s.baseline or 0
        inside = value >= s.low
        below = _signed_ratio(value - base, s.low - base) if s.low > base else np.zeros_like(value)
        share = np.where(inside, _SHARE, below)
    elif s.kind == "milestone":
        return np.where(proven, _SHARE, 0)
    else:
        return np.zeros_like(value)
    return np.where(has, share, 0)


def _level(s: _Slot, value: Any) -> Any:
    quantity, base, comparator = s.quantity, s.baseline, s.comparator
    holds = comparator.compare(value, quantity)  # element-wise on arrays
    if base is not None and quantity != base and not comparator.compare(base, quantity):
        other = _signed_ratio(value - base, quantity - base)
    elif comparator in (Comparator.LE, Comparator.LT):
        other = np.where(value > 0, _ratio(np.full_like(value, quantity), np.where(value > 0, value, 1)), 0)
    else:
        other = _ratio(value, quantity) if quantity > 0 else np.zeros_like(value)
    return np.where(holds, _SHARE, other)


def _qualitative(value: Any, has: Any, scheme: EfficiencyScheme) -> tuple[Any, Any]:
    scale = scheme.ordinal if scheme.ordinal is not None else DEFAULT_ORDINAL
    ratings = sorted((_micro(k, "rating"), int(clip_share(v).scaleb(4))) for k, v in scale.items())
    keys = np.array([k for k, _v in ratings] or [0], dtype=np.int64)
    shares = np.array([v for _k, v in ratings] or [0], dtype=np.int64)
    at = np.clip(np.searchsorted(keys, value), 0, len(keys) - 1)
    found = keys[at] == value
    off = has & ~found if ratings else has
    return np.where(has & found, shares[at], 0), off


def _recurring(s: _Slot, counts: Any, base: int) -> tuple[Any, Any]:
    rows = counts.shape[0]
    if s.not_due or not s.cycles:
        return np.zeros(rows, dtype=np.int64), np.ones(rows, dtype=bool)
    due = np.zeros(rows, dtype=np.int64)
    met = np.zeros(rows, dtype=np.int64)
    for c, (_begin, _end, running) in enumerate(s.cycles):
        ok = s.comparator.compare(counts[:, base + c], s.quantity)
        counted = ok if running else np.ones(rows, dtype=bool)
        due += counted
        met += ok & counted
    return np.where(due > 0, _ratio(met, np.where(due > 0, due, 1)), 0), due == 0


def _line_share(s: _Slot, share: Any) -> Any:
    if s.gone is not None:
        share = _ratio(share, s.gone)
    if s.mode == "all_or_nothing":
        share = np.where(share < _SHARE, 0, share)
    elif s.mode == "floor":
        share = np.where(s.below_floor[share], 0, share)
    return share


def _part(layout: _Layout, chosen: Any, group: Any, share: Any, plans: Sequence[Plan],
          events: Mapping[str, list[Event]], scheme: EfficiencyScheme, maximum: int,
          target_ids: tuple[str, ...]) -> _Part:
    line_share = share[chosen][:, layout.line_slot]
    points = (line_share * layout.line_max[None, :] + 5000) // _SHARE
    cards = len(layout.units)
    if cards:
        base = np.add.reduceat(points, layout.card_starts, axis=1) if points.shape[1] else np.zeros(
            (len(chosen), cards), dtype=np.int64)
    else:
        base = np.zeros((len(chosen), 0), dtype=np.int64)
    change = np.zeros_like(base)
    vetoed = np.zeros(base.shape, dtype=bool)
    card_of = {unit: card for card, unit in enumerate(layout.units)}
    memo: dict[tuple[Any, ...], tuple[int, bool]] = {}
    for row, index in enumerate(group[chosen]):
        found = events.get(plans[index].id)
        if not found:
            continue
        # The scorer's functions read only the unit's own events, in order: give them just those.  Counties
        # with the same events (all but the plan id) get the same figures: computed once.
        by_unit: dict[str, list[Event]] = {}
        for event in found:
            by_unit.setdefault(event.unit, []).append(event)
        for unit, own in by_unit.items():
            card = card_of.get(unit)
            if card is None:
                continue
            key = (unit, tuple(_event_key(e) for e in own))
            figures = memo.get(key)
            if figures is None:
                kind = layout.kinds[card]
                taken = sum((d.points for d in _deductions(unit, kind, own, scheme)), ZERO)
                paid = sum((b.points for b in _bonuses(unit, own, scheme) if b.paid), ZERO)
                figures = memo[key] = (int((paid - taken).scaleb(2)),
                                       any(_matches(rule, e) for rule in scheme.vetoes for e in own))
            change[row, card], vetoed[row, card] = figures
    total = np.minimum(maximum, np.maximum(0, base + change))
    ordered = sorted(scheme.grades.items(), key=lambda item: -item[1])
    grade = np.full(total.shape, len(ordered) - 1, dtype=np.int32)
    for i in range(len(ordered) - 1, -1, -1):
        cut = int((ordered[i][1].scaleb(2)).to_integral_value(rounding=ROUND_CEILING))
        grade = np.where(total >= cut, i, grade)
    grade = np.where(vetoed, len(ordered) - 1, grade)
    groups = np.array(layout.groups, dtype=object)
    same = groups[:, None] == groups[None, :] if cards else np.zeros((0, 0), dtype=bool)
    better = ((~vetoed[:, None, :] & vetoed[:, :, None])
              | ((vetoed[:, None, :] == vetoed[:, :, None]) & (total[:, None, :] > total[:, :, None])))
    rank = 1 + (better & same[None, :, :]).sum(axis=2)
    return _Part(plans=group[chosen], layout=layout, share=line_share, points=points, total=total, grade=grade,
                 rank=rank, vetoed=vetoed, target_ids=target_ids, grade_names=tuple(name for name, _m in ordered))


def _event_key(event: Event) -> tuple[Any, ...]:
    """An event's fields but its plan id: what the deduction, bonus and veto rules can read."""
    getter = _EVENT_FIELDS.get(type(event))
    if getter is None:
        names = [f.name for f in attrs.fields(type(event)) if f.name != "plan_id"]
        getter = _EVENT_FIELDS[type(event)] = operator.attrgetter(*names)
    return (type(event).__name__, *getter(event))


_EVENT_FIELDS: dict[type, Any] = {}


def _tables(plans: Sequence[Plan], parts: Sequence[_Part], singles: Mapping[int, Assessment], *,
            lines: bool) -> tuple[CardColumns, LineColumns | None]:
    """Every card and line of the call, in plan order (cards in the plan's unit order, lines in card order)."""
    names: list[dict[str, int]] = [{}, {}, {}, {}]  # units, peer groups, grades, targets

    def codes(table: int, items: Iterable[str]) -> Any:
        found = names[table]
        return np.array([found.setdefault(n, len(found)) for n in items], dtype=np.int32)

    cards: list[list[Any]] = [[] for _ in range(7)]
    rows: list[list[Any]] = [[] for _ in range(7)]
    for part in parts:
        layout = part.layout
        count, width, length = len(part.plans), len(layout.units), len(layout.line_slot)
        units = codes(0, layout.units)
        grades = codes(2, part.grade_names)
        targets = codes(3, part.target_ids)
        for column, value in zip(cards, (np.repeat(part.plans, width), np.tile(units, count),
                                         np.tile(codes(1, layout.groups), count), part.total.ravel(),
                                         grades[part.grade.ravel()], part.rank.ravel(), part.vetoed.ravel()),
                                 strict=True):
            column.append(value)
        if not lines:
            continue
        for column, value in zip(rows, (np.repeat(part.plans, length), np.tile(units[layout.line_card], count),
                                         np.tile(layout.line_task, count), np.tile(targets[layout.line_slot], count),
                                         np.tile(layout.line_max, count), part.share.ravel(), part.points.ravel()),
                                 strict=True):
            column.append(value)
    for index, assessment in singles.items():
        order = {u.id: i for i, u in enumerate(plans[index].units)}
        chosen = sorted(assessment.scorecards, key=lambda c: order.get(c.unit, len(order)))
        for column, value in zip(cards, (
                np.full(len(chosen), index), codes(0, [c.unit for c in chosen]),
                codes(1, [c.peer_group for c in chosen]), [int(c.total.scaleb(2)) for c in chosen],
                codes(2, [c.grade for c in chosen]), [c.rank or 0 for c in chosen], [bool(c.vetoes) for c in chosen]),
                strict=True):
            column.append(np.asarray(value))
        pairs = [(c, line) for c in chosen for line in c.lines] if lines else []
        for column, value in zip(rows, (
                np.full(len(pairs), index), codes(0, [c.unit for c, _li in pairs]), [li.task for _c, li in pairs],
                codes(3, [li.target or "" for _c, li in pairs]), [int(li.max_points.scaleb(2)) for _c, li in pairs],
                [int(li.share.scaleb(4)) for _c, li in pairs], [int(li.points.scaleb(2)) for _c, li in pairs]),
                strict=True):
            column.append(np.asarray(value))
    kinds: tuple[Any, ...] = (np.int32, np.int32, np.int32, np.int64, np.int32, np.int64, bool)
    card = [np.concatenate(c).astype(kinds[k]) if c else np.zeros(0, dtype=kinds[k]) for k, c in enumerate(cards)]
    kinds = (np.int32, np.int32, np.int32, np.int32, np.int64, np.int64, np.int64)
    line = [np.concatenate(c).astype(kinds[k]) if c else np.zeros(0, dtype=kinds[k]) for k, c in enumerate(rows)]
    if len(parts) + len(singles) > 1:  # blocks of plans → plan order (stable: each plan's rows stay in order)
        by_plan = np.argsort(card[0], kind="stable")
        card = [c[by_plan] for c in card]
        if lines:
            by_plan = np.argsort(line[0], kind="stable")
            line = [c[by_plan] for c in line]
    ids = tuple(p.id for p in plans)
    return (CardColumns(plan_ids=ids, units=tuple(names[0]), peer_groups=tuple(names[1]), grades=tuple(names[2]),
                        plan=card[0], unit=card[1], peer_group=card[2], total=card[3], grade=card[4], rank=card[5],
                        vetoed=card[6]),
            LineColumns(plan_ids=ids, units=tuple(names[0]), targets=tuple(names[3]), plan=line[0], unit=line[1],
                        task=line[2], target=line[3], max_points=line[4], share=line[5], points=line[6])
            if lines else None)
