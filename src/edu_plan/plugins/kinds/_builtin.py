"""The built-in target kinds: cumulative, level, range, recurring, milestone, qualitative.

Each kind carries its validation and its achievement rule (DESIGN §3), so every scorer
scores a kind the same way, and a kind added by a third party is scored by every scorer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from edu_plan._assessment import (
    DEFAULT_ORDINAL,
    Achievement,
    AchievementContext,
    AchievementStatus,
    clip_share,
    percent,
    plain,
)
from edu_plan._model import Comparator, Target
from edu_plan._periods import Period
from edu_plan._progress import Observation
from edu_plan.errors import Problem, ScoringError

__all__ = ["CUMULATIVE", "LEVEL", "MILESTONE", "QUALITATIVE", "RANGE", "RECURRING", "BuiltinKind"]

Check = Callable[[Target, str], Iterable[Problem]]
Rule = Callable[[Target, Sequence[Observation], AchievementContext], Achievement]


@attrs.frozen(kw_only=True)
class BuiltinKind:
    """A target kind defined by its fields and a check of its own rules."""

    name: str
    label: str
    description: str
    requires: frozenset[str] = frozenset()
    uses: frozenset[str] = frozenset()
    params_type: type | None = None
    check: Check | None = None
    rule: Rule | None = None
    values: Callable[[Decimal], str | None] | None = None

    def check_value(self, value: Decimal) -> str | None:
        """Why ``value`` cannot be a report of a target of this kind (attrs' words), or None when it can."""
        return self.values(value) if self.values is not None else None

    def validate(self, target: Target, *, path: str) -> Iterable[Problem]:
        """The rules of this kind beyond which fields it needs."""
        return self.check(target, path) if self.check is not None else ()

    def achievement(
        self, target: Target, observations: Sequence[Observation], context: AchievementContext
    ) -> Achievement:
        """How far ``target`` is reached, from the observations of the units that answer for it."""
        if self.rule is None:
            raise ScoringError(f"target kind {self.name!r} has no achievement rule; it cannot be scored")
        return self.rule(target, observations, context)


def _comparators(allowed: frozenset[Comparator]) -> Check:
    def check(target: Target, path: str) -> Iterator[Problem]:
        if target.comparator is not None and target.comparator not in allowed:
            names = ", ".join(repr(c.value) for c in sorted(allowed, key=lambda c: c.value))
            yield Problem(
                message=f"'comparator' of a {target.kind} target must be one of {names} "
                        f"(got {target.comparator.value!r})",
                path=f"{path}.comparator",
                hint="a cumulative target counts up to its quantity; for a ceiling use a level target with '<='",
                code="bad-comparator",
            )

    return check


def _check_level(target: Target, path: str) -> Iterator[Problem]:
    if target.quantity is None and target.relative_to is None:
        yield Problem(
            message="a level target needs 'quantity' (e.g. 92 for 92%以上) or 'relative_to' (不低于…)",
            path=f"{path}.quantity",
            hint="give the level to reach, or name what it must not fall below in 'relative_to'",
            code="missing-field",
        )


def _check_range(target: Target, path: str) -> Iterator[Problem]:
    low, high = target.minimum, target.maximum
    if low is not None and high is not None and low > high:
        yield Problem(
            message=f"'minimum' must be <= 'maximum' (got {low} > {high})",
            path=f"{path}.minimum",
            hint="swap the two ends: 2—3名 is minimum 2, maximum 3",
            code="range-order",
        )


# -- achievement rules (DESIGN §3) -------------------------------------------------------------

_ZERO = Decimal(0)
_ONE = Decimal(1)


def _no_data(target: Target, context: AchievementContext) -> Achievement:
    unproven = " (reports without evidence are not counted under this scheme)" if context.require_evidence else ""
    return Achievement(
        share=_ZERO,
        status=AchievementStatus.NO_DATA,
        explanation=f"{target.id}: no counted report up to {context.as_of}{unproven}; counts as 0",
    )


def _in_reach(observations: Sequence[Observation], context: AchievementContext) -> list[Observation]:
    """The observations of periods that end on or after the start of counting (the baseline)."""
    return [o for o in observations if o.period.span(context.calendar)[1] >= context.start]


def _latest(observations: Sequence[Observation]) -> Observation:
    # Latest by report date; among units reporting on one day, the later period, then the unit id.
    return max(observations, key=lambda o: (o.latest_date, o.period.sort_key, o.unit))


def _baseline(target: Target) -> Decimal:
    return target.baseline.value if target.baseline is not None else _ZERO


def _cumulative(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    quantity = target.quantity if target.quantity is not None else _ONE
    total = sum((o.total for o in seen), _ZERO)
    share = clip_share(total / quantity) if quantity > 0 else (_ONE if total >= 0 else _ZERO)
    uom = target.unit_of_measure or ""
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=total,
        reference=quantity,
        explanation=(
            f"{target.id} cumulative: increments since {context.start} sum to {plain(total)}{uom} "
            f"of {plain(quantity)}{uom} → {plain(total)}/{plain(quantity)} = {percent(share)}"
        ),
    )


def _level_share(target: Target, value: Decimal, quantity: Decimal) -> tuple[Decimal, str]:
    comparator = target.comparator or Comparator.GE
    if comparator.holds(value, quantity):
        return _ONE, f"{plain(value)} {comparator.value} {plain(quantity)} holds → 100%"
    base = _baseline(target)
    # The baseline formula measures the way from an unmet start; from a start that already met the
    # target, a fall back through it would give a ratio above 1, so the plain ratio is used instead.
    if target.baseline is not None and quantity != base and not comparator.holds(base, quantity):
        share = clip_share((value - base) / (quantity - base))
        return share, (
            f"({plain(value)} − baseline {plain(base)}) / ({plain(quantity)} − {plain(base)}) = {percent(share)}"
        )
    if comparator in (Comparator.LE, Comparator.LT):
        share = clip_share(quantity / value) if value > 0 else _ZERO
        return share, f"ceiling {plain(quantity)} exceeded: {plain(quantity)}/{plain(value)} = {percent(share)}"
    share = clip_share(value / quantity) if quantity > 0 else _ZERO
    return share, f"{plain(value)}/{plain(quantity)} = {percent(share)}"


def _level(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    latest = _latest(seen)
    # A relative target (不低于…) is reported as a percentage of its reference: 100 means equal to it.
    quantity = target.quantity if target.quantity is not None else Decimal(100)
    share, arithmetic = _level_share(target, latest.latest, quantity)
    what = f"relative to {target.relative_to} (reported in % of it)" if target.quantity is None else "level"
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=latest.latest,
        reference=quantity,
        explanation=f"{target.id} {what}: latest value {plain(latest.latest)} ({latest.unit}, {latest.period}, "
        f"reported {latest.latest_date}); {arithmetic}",
    )


def _range(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    latest = _latest(seen)
    low = target.minimum if target.minimum is not None else _ZERO
    high = target.maximum if target.maximum is not None else low
    value = latest.latest
    if low <= value <= high:
        share, arithmetic = _ONE, f"within [{plain(low)}, {plain(high)}] → 100%"
    elif value > high:
        share, arithmetic = _ONE, f"above the maximum {plain(high)}; the minimum is reached → 100%"
    else:
        base = _baseline(target)
        share = clip_share((value - base) / (low - base)) if low > base else _ZERO
        arithmetic = f"below the minimum: ({plain(value)} − {plain(base)}) / ({plain(low)} − {plain(base)}) = " \
            f"{percent(share)}"
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=value,
        reference=low,
        explanation=f"{target.id} range: latest value {plain(value)} ({latest.unit}, {latest.period}); {arithmetic}",
    )


def _recurring(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    recurrence = target.recurrence
    if recurrence is None:
        raise ScoringError(f"{target.id}: a recurring target needs 'recurrence'")
    quantity = target.quantity if target.quantity is not None else _ONE
    comparator = target.comparator or Comparator.GE
    first, last = context.window
    first = max(first, context.start)
    cut = min(last, context.as_of)
    if cut < first:
        return Achievement(share=_ZERO, status=AchievementStatus.NOT_DUE,
                           explanation=f"{target.id}: the window starts after {cut}; nothing is due")
    if recurrence.anchor is None and recurrence.interval > 1:
        # Without an anchor, cycles (每3年) run from the start of counting, not from each assessed year.
        recurrence = attrs.evolve(recurrence, anchor=Period.containing(recurrence.every, context.start,
                                                                        context.calendar))
    due = met = 0
    notes = []
    for partial in recurrence.cycles(first, last, calendar=context.calendar):
        cycle = list(partial)
        while len(cycle) < recurrence.interval:  # the last cycle runs on past the window: see it whole
            cycle.append(cycle[-1].next())
        start = cycle[0].span(context.calendar)[0]
        end = cycle[-1].span(context.calendar)[1]
        count = sum((o.total for o in observations
                     if start <= o.period.span(context.calendar)[0] and o.period.span(context.calendar)[1] <= end),
                    _ZERO)
        ok = comparator.holds(count, quantity)
        name = str(cycle[0]) if len(cycle) == 1 else f"{cycle[0]}–{cycle[-1]}"
        if end > cut and not ok:
            continue  # a cycle still running is not yet due, unless already met
        due += 1
        met += ok
        notes.append(f"{name}: {plain(count)} {'✓' if ok else '✗'}")
    label = f"{recurrence.describe()} {comparator.value} {plain(quantity)}"
    if due == 0:
        return Achievement(share=_ZERO, status=AchievementStatus.NOT_DUE,
                           explanation=f"{target.id} recurring ({label}): no period due by {cut}")
    share = clip_share(Decimal(met) / Decimal(due))
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=Decimal(met),
        reference=Decimal(due),
        explanation=f"{target.id} recurring ({label}): {met} of {due} periods met ({'; '.join(notes)}) "
        f"→ {met}/{due} = {percent(share)}",
    )


def _milestone(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    deadline = min(target.deadline or context.as_of, context.as_of)
    done = [o for o in observations if o.latest >= _ONE]
    if not done:
        if not observations:
            return _no_data(target, context)
        return Achievement(share=_ZERO, status=AchievementStatus.NOT_MET,
                           explanation=f"{target.id} milestone: not reported done (1) by {deadline}")
    proven = [o for o in done if o.evidenced]
    if not proven:
        return Achievement(share=_ZERO, status=AchievementStatus.NOT_MET, value=_ONE,
                           explanation=f"{target.id} milestone: reported done but without evidence; "
                           "a milestone counts only with evidence → 0%")
    first = min(proven, key=lambda o: o.latest_date)
    return Achievement(share=_ONE, status=AchievementStatus.MET, value=_ONE,
                       explanation=f"{target.id} milestone: done with evidence ({first.unit}, reported "
                       f"{first.latest_date}) → 100%")


def _qualitative(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    latest = _latest(seen)
    scale = context.ordinal if context.ordinal is not None else DEFAULT_ORDINAL
    rating = latest.latest
    if rating not in scale:
        known = ", ".join(plain(k) for k in sorted(scale))
        raise ScoringError(
            f"{target.id}: rating {plain(rating)} ({latest.unit}, {latest.period}) is not on the scheme's ordinal "
            f"scale ({known}); correct the report or add the rating to [ordinal] in the scheme"
        )
    share = clip_share(scale[rating])
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=rating,
        explanation=f"{target.id} qualitative: rated {plain(rating)} ({latest.unit}, {latest.period}); "
        f"the ordinal scale maps {plain(rating)} to {percent(share)}",
    )


def _at_least_zero(kind: str) -> Callable[[Decimal], str | None]:
    def check(value: Decimal) -> str | None:
        return f"'value' of a {kind} target must be >= 0 (got {value})" if value < 0 else None

    return check


def _whole(kind: str, what: str) -> Callable[[Decimal], str | None]:
    def check(value: Decimal) -> str | None:
        if value < 0 or value != value.to_integral_value():
            return f"'value' of a {kind} target must be a whole {what} >= 0 (got {value})"
        return None

    return check


def _done(value: Decimal) -> str | None:
    if value not in (_ZERO, _ONE):
        return f"'value' of a milestone must be 1 (done) or 0 (not done) (got {value})"
    return None


_COMMON = frozenset({"unit_of_measure", "deadline", "baseline"})

CUMULATIVE = BuiltinKind(
    name="cumulative",
    label="累计",
    description="the increments reported since the baseline add up to the quantity by the deadline (新增幼儿园10所)",
    requires=frozenset({"quantity"}),
    uses=_COMMON | {"comparator"},
    check=_comparators(frozenset({Comparator.GE, Comparator.GT, Comparator.EQ})),
    rule=_cumulative,
    values=_at_least_zero("cumulative"),
)
LEVEL = BuiltinKind(
    name="level",
    label="水平",
    description="the latest reported value satisfies the comparator by the deadline (覆盖率达到92%以上)",
    requires=frozenset({"comparator"}),
    uses=_COMMON | {"quantity", "relative_to"},
    check=_check_level,
    rule=_level,
)
RANGE = BuiltinKind(
    name="range",
    label="区间",
    description="the value lies within [minimum, maximum]; below the minimum is partial (2—3名)",
    requires=frozenset({"minimum", "maximum"}),
    uses=_COMMON,
    check=_check_range,
    rule=_range,
    values=_at_least_zero("range"),
)
RECURRING = BuiltinKind(
    name="recurring",
    label="周期",
    description="in each period of the window the count reaches the quantity (每学期一次, 每3年调整一次)",
    requires=frozenset({"recurrence"}),
    uses=frozenset({"quantity", "comparator", "unit_of_measure", "baseline"}),
    check=_comparators(frozenset({Comparator.GE, Comparator.GT, Comparator.EQ})),
    rule=_recurring,
    values=_whole("recurring", "count of times"),
)
MILESTONE = BuiltinKind(
    name="milestone",
    label="里程碑",
    description="done, with evidence, by the deadline (挂牌成立职业教育中心)",
    uses=frozenset({"deadline"}),
    rule=_milestone,
    values=_done,
)
QUALITATIVE = BuiltinKind(
    name="qualitative",
    label="定性",
    description="an ordinal rating given by the assessor, mapped to a share by the scheme (一校一特色)",
    uses=frozenset({"deadline"}),
    rule=_qualitative,
    values=_whole("qualitative", "rating"),
)
