"""The built-in target kinds: cumulative, level, range, recurring, milestone, qualitative.

Each kind carries everything it means — its validation, how its reports add up, which report
values are valid, its achievement rule, what a pace method follows and how its progress reads —
so every scorer and view treats a kind the same way, and a kind added by a third party is
treated the same way too (docs/explanation/target-kinds.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from edu_plan._aggregation import Aggregation
from edu_plan._i18n import LazyText, format_period
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._model import Comparator, Target, recurrence_words
from edu_plan._numbers import HUNDRED, ONE, ZERO
from edu_plan._periods import Period
from edu_plan.errors import Problem, ScoringError

__all__ = ["CUMULATIVE", "LEVEL", "MILESTONE", "QUALITATIVE", "RANGE", "RECURRING", "BuiltinKind"]

# The assessment model loads when a rule runs, not when a plan is validated (tests/test_startup.py).
if TYPE_CHECKING:
    from edu_plan._assessment import Achievement, AchievementContext, PaceInput, Reading, Step
    from edu_plan._progress import Observation

    Check = Callable[[Target, str], Iterable[Problem]]
    Rule = Callable[[Target, Sequence[Observation], AchievementContext], Achievement]
    ValueCheck = Callable[[str, Decimal], str | None]
    Pace = Callable[[Target], PaceInput]


def _share_pace(_target: Target) -> PaceInput:
    from edu_plan._assessment import PaceInput, PaceSeries

    return PaceInput(series=PaceSeries.SHARE)


@attrs.frozen(kw_only=True)
class BuiltinKind:
    """A target kind defined by its fields and a check of its own rules; its label is translated when read."""

    name: str
    _label: str | LazyText = attrs.field(alias="label")
    description: str
    requires: frozenset[str] = frozenset()
    uses: frozenset[str] = frozenset()
    params_type: type | None = None
    aggregation: Aggregation = Aggregation.LATEST
    check: Check | None = None
    rule: Rule | None = None
    value_check: ValueCheck | None = None
    pace: Pace = _share_pace

    @property
    def label(self) -> str:
        """The kind's name for people, in the current language: 累计, 水平, 周期…"""
        return str(self._label)

    def validate(self, target: Target, *, path: str) -> Iterable[Problem]:
        """The rules of this kind beyond which fields it needs."""
        return self.check(target, path) if self.check is not None else ()

    def achievement(
        self, target: Target, observations: Sequence[Observation], context: AchievementContext
    ) -> Achievement:
        """How far ``target`` is reached, from the observations of the units that answer for it."""
        if self.rule is None:
            raise ScoringError(_("target kind {name!r} has no achievement rule; it cannot be scored").format(
                name=self.name))
        return self.rule(target, observations, context)

    def check_value(self, value: Decimal) -> str | None:
        """Why ``value`` cannot be reported for a target of this kind, or None when it can."""
        return self.value_check(self.label, value) if self.value_check is not None else None

    def pace_input(self, target: Target) -> PaceInput:
        """What a pace method follows for ``target``."""
        return self.pace(target)

    def reading(
        self, target: Target, observations: Sequence[Observation], context: AchievementContext
    ) -> Reading:
        """The target's progress as a ledger shows it, from the observations its achievement counts."""
        from edu_plan._assessment import progress_reading

        return progress_reading(target, self.aggregation, _in_reach(observations, context))


def _comparators(allowed: frozenset[Comparator], kind: LazyText) -> Check:
    def check(target: Target, path: str) -> Iterator[Problem]:
        if target.comparator is not None and target.comparator not in allowed:
            names = ", ".join(repr(c.value) for c in sorted(allowed, key=lambda c: c.value))
            yield Problem(
                message=_("'comparator' of a {kind} target must be one of {names} (got {got!r})").format(
                    kind=kind, names=names, got=target.comparator.value),
                path=f"{path}.comparator",
                hint=_("a cumulative target counts up to its quantity; for a ceiling use a level target with '<='"),
                code="bad-comparator",
            )

    return check


def _check_level(target: Target, path: str) -> Iterator[Problem]:
    if target.quantity is None and target.relative_to is None:
        yield Problem(
            message=_("a level target needs 'quantity' (e.g. 92 for 92%以上) or 'relative_to' (不低于…)"),
            path=f"{path}.quantity",
            hint=_("give the level to reach, or name what it must not fall below in 'relative_to'"),
            code="missing-field",
        )


def _check_range(target: Target, path: str) -> Iterator[Problem]:
    low, high = target.minimum, target.maximum
    if low is not None and high is not None and low > high:
        yield Problem(
            message=_("'minimum' must be <= 'maximum' (got {low} > {high})").format(low=low, high=high),
            path=f"{path}.minimum",
            hint=_("swap the two ends: 2—3名 is minimum 2, maximum 3"),
            code="range-order",
        )


# -- valid report values and pace inputs -------------------------------------------------------


def _not_negative(kind: str, value: Decimal) -> str | None:
    if value < 0:
        return _("'value' of a {kind} target must be >= 0 (got {value})").format(kind=kind, value=value)
    return None


def _whole_count(kind: str, value: Decimal) -> str | None:
    if value < 0 or value != value.to_integral_value():
        return _("'value' of a {kind} target must be a whole count of times >= 0 (got {value})").format(kind=kind,
                                                                                                 value=value)
    return None


def _whole_rating(kind: str, value: Decimal) -> str | None:
    if value < 0 or value != value.to_integral_value():
        return _("'value' of a {kind} target must be a whole rating >= 0 (got {value})").format(kind=kind, value=value)
    return None


def _done_or_not(_kind: str, value: Decimal) -> str | None:
    if value not in (ZERO, ONE):
        return _("'value' of a milestone must be 1 (done) or 0 (not done) (got {value})").format(value=value)
    return None


def _direction(target: Target) -> int:
    return -1 if target.comparator in (Comparator.LE, Comparator.LT) else 1


def _total_pace(target: Target) -> PaceInput:
    from edu_plan._assessment import PaceInput, PaceSeries

    if target.quantity is None:
        return PaceInput(series=PaceSeries.SHARE)
    return PaceInput(series=PaceSeries.TOTAL, goal=target.quantity)


def _level_pace(target: Target) -> PaceInput:
    from edu_plan._assessment import PaceInput, PaceSeries

    goal = target.quantity
    if goal is None and target.relative_to is not None:
        goal = HUNDRED  # a relative target is reported in % of its reference
    return PaceInput(series=PaceSeries.LEVEL, goal=goal, direction=_direction(target))


def _range_pace(target: Target) -> PaceInput:
    from edu_plan._assessment import PaceInput, PaceSeries

    return PaceInput(series=PaceSeries.LEVEL, goal=target.minimum, direction=_direction(target))


# -- achievement rules (docs/explanation/target-kinds.md) ----------------------------------------



_NO_DATA = N_("{target}: no counted report up to {as_of}; counts as 0")
_NO_DATA_UNPROVEN = N_("{target}: no counted report up to {as_of} (reports without evidence are not counted under "
                       "this scheme); counts as 0")


def _no_data(target: Target, context: AchievementContext) -> Achievement:
    from edu_plan._assessment import Achievement, AchievementStatus, step

    template = _NO_DATA_UNPROVEN if context.require_evidence else _NO_DATA
    return Achievement(share=ZERO, status=AchievementStatus.NO_DATA,
                       steps=(step(template, target=target.id, as_of=context.as_of),))


def _in_reach(observations: Sequence[Observation], context: AchievementContext) -> list[Observation]:
    """The observations of periods that end on or after the start of counting (the baseline)."""
    return [o for o in observations if o.period.span(context.calendar)[1] >= context.start]


def _latest(observations: Sequence[Observation]) -> Observation:
    from edu_plan._assessment import latest_observation

    return latest_observation(observations)


def _baseline(target: Target) -> Decimal:
    return target.baseline.value if target.baseline is not None else ZERO


def _cumulative(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    from edu_plan._assessment import Achievement, AchievementStatus, Percent, clip_share, step

    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    quantity = target.quantity if target.quantity is not None else ONE
    total = sum((o.total for o in seen), ZERO)
    share = clip_share(total / quantity) if quantity > 0 else (ONE if total >= 0 else ZERO)
    uom = target.unit_of_measure or ""
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=total,
        reference=quantity,
        steps=(step(N_("{target} cumulative: increments since {start} sum to {total}{uom} of {quantity}{uom} → "
                       "{total}/{quantity} = {share}"),
                    target=target.id, start=context.start, total=total, quantity=quantity, uom=uom,
                    share=Percent(share)),),
    )


def _level_share(target: Target, value: Decimal, quantity: Decimal) -> tuple[Decimal, Step]:
    from edu_plan._assessment import Percent, clip_share, step

    comparator = target.comparator or Comparator.GE
    if comparator.holds(value, quantity):
        return ONE, step(N_("{value} {comparator} {quantity} holds → 100%"), value=value,
                         comparator=comparator.value, quantity=quantity)
    base = _baseline(target)
    # The baseline formula measures the way from an unmet start; from a start that already met the
    # target, a fall back through it would give a ratio above 1, so the plain ratio is used instead.
    if target.baseline is not None and quantity != base and not comparator.holds(base, quantity):
        share = clip_share((value - base) / (quantity - base))
        return share, step(N_("({value} − baseline {base}) / ({quantity} − {base}) = {share}"), value=value,
                           base=base, quantity=quantity, share=Percent(share))
    if comparator in (Comparator.LE, Comparator.LT):
        share = clip_share(quantity / value) if value > 0 else ZERO
        return share, step(N_("ceiling {quantity} exceeded: {quantity}/{value} = {share}"), quantity=quantity,
                           value=value, share=Percent(share))
    share = clip_share(value / quantity) if quantity > 0 else ZERO
    return share, step(N_("{value}/{quantity} = {share}"), value=value, quantity=quantity, share=Percent(share))


def _level(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    from edu_plan._assessment import Achievement, AchievementStatus, step

    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    latest = _latest(seen)
    # A relative target (不低于…) is reported as a percentage of its reference: 100 means equal to it.
    quantity = target.quantity if target.quantity is not None else HUNDRED
    share, arithmetic = _level_share(target, latest.latest, quantity)
    template = (N_("{target} relative to {reference} (reported in % of it): latest value {value} ({unit}, {period}, "
                   "reported {reported})") if target.quantity is None
                else N_("{target} level: latest value {value} ({unit}, {period}, reported {reported})"))
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=latest.latest,
        reference=quantity,
        steps=(step(template, target=target.id, reference=target.relative_to or "", value=latest.latest,
                    unit=latest.unit, period=latest.period, reported=latest.latest_date), arithmetic),
    )


def _range(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    from edu_plan._assessment import Achievement, AchievementStatus, Percent, clip_share, step

    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    latest = _latest(seen)
    low = target.minimum if target.minimum is not None else ZERO
    high = target.maximum if target.maximum is not None else low
    value = latest.latest
    if low <= value <= high:
        share, arithmetic = ONE, step(N_("within [{low}, {high}] → 100%"), low=low, high=high)
    elif value > high:
        share, arithmetic = ONE, step(N_("above the maximum {high}; the minimum is reached → 100%"), high=high)
    else:
        base = _baseline(target)
        share = clip_share((value - base) / (low - base)) if low > base else ZERO
        arithmetic = step(N_("below the minimum: ({value} − {base}) / ({low} − {base}) = {share}"), value=value,
                          base=base, low=low, share=Percent(share))
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=value,
        reference=low,
        steps=(step(N_("{target} range: latest value {value} ({unit}, {period})"), target=target.id, value=value,
                    unit=latest.unit, period=latest.period), arithmetic),
    )


def _recurring(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    from edu_plan._assessment import Achievement, AchievementStatus, Percent, clip_share, step

    recurrence = target.recurrence
    if recurrence is None:
        raise ScoringError(_("{target}: a recurring target needs 'recurrence'").format(target=target.id))
    quantity = target.quantity if target.quantity is not None else ONE
    comparator = target.comparator or Comparator.GE
    first, last = context.window
    first = max(first, context.start)
    cut = min(last, context.as_of)
    if cut < first:
        return Achievement(share=ZERO, status=AchievementStatus.NOT_DUE,
                           steps=(step(N_("{target}: the window starts after {cut}; nothing is due"),
                                       target=target.id, cut=cut),))
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
                    ZERO)
        ok = comparator.holds(count, quantity)
        name: Period | Step = cycle[0] if len(cycle) == 1 else step(N_("{first}–{last}"), first=cycle[0],
                                                                      last=cycle[-1])
        if end > cut and not ok:
            continue  # a cycle still running is not yet due, unless already met
        due += 1
        met += ok
        notes.append(step(N_("{cycle}: {count} {mark}"), cycle=name, count=count, mark="✓" if ok else "✗"))
    named = {"target": target.id, "every": recurrence_words(recurrence), "comparator": comparator.value,
             "quantity": quantity}
    if due == 0:
        return Achievement(share=ZERO, status=AchievementStatus.NOT_DUE,
                           steps=(step(N_("{target} recurring ({every} {comparator} {quantity}): no period due by "
                                          "{cut}"), cut=cut, **named),))
    share = clip_share(Decimal(met) / Decimal(due))
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=Decimal(met),
        reference=Decimal(due),
        steps=(step(N_("{target} recurring ({every} {comparator} {quantity}): {met} of {due} periods met ({cycles}) "
                       "→ {met}/{due} = {share}"), met=met, due=due, cycles=tuple(notes), share=Percent(share),
                    **named),),
    )


def _milestone(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    from edu_plan._assessment import Achievement, AchievementStatus, step

    deadline = min(target.deadline or context.as_of, context.as_of)
    done = [o for o in observations if o.latest >= ONE]
    if not done:
        if not observations:
            return _no_data(target, context)
        return Achievement(share=ZERO, status=AchievementStatus.NOT_MET,
                           steps=(step(N_("{target} milestone: not reported done (1) by {deadline}"),
                                       target=target.id, deadline=deadline),))
    proven = [o for o in done if o.evidenced]
    if not proven:
        return Achievement(share=ZERO, status=AchievementStatus.NOT_MET, value=ONE,
                           steps=(step(N_("{target} milestone: reported done but without evidence; a milestone "
                                          "counts only with evidence → 0%"), target=target.id),))
    first = min(proven, key=lambda o: o.latest_date)
    return Achievement(share=ONE, status=AchievementStatus.MET, value=ONE,
                       steps=(step(N_("{target} milestone: done with evidence ({unit}, reported {reported}) → 100%"),
                                   target=target.id, unit=first.unit, reported=first.latest_date),))


def _qualitative(target: Target, observations: Sequence[Observation], context: AchievementContext) -> Achievement:
    from edu_plan._assessment import DEFAULT_ORDINAL, Achievement, AchievementStatus, Percent, clip_share, plain, step

    seen = _in_reach(observations, context)
    if not seen:
        return _no_data(target, context)
    latest = _latest(seen)
    scale = context.ordinal if context.ordinal is not None else DEFAULT_ORDINAL
    rating = latest.latest
    if rating not in scale:
        known = ", ".join(plain(k) for k in sorted(scale))
        raise ScoringError(
            _("{target}: rating {rating} ({unit}, {period}) is not on the scheme's ordinal scale ({known}); correct "
              "the report or add the rating to [ordinal] in the scheme").format(
                target=target.id, rating=plain(rating), unit=latest.unit, period=format_period(latest.period),
                known=known))
    share = clip_share(scale[rating])
    return Achievement(
        share=share,
        status=AchievementStatus.of(share),
        value=rating,
        steps=(step(N_("{target} qualitative: rated {rating} ({unit}, {period}); the ordinal scale maps {rating} to "
                       "{share}"), target=target.id, rating=rating, unit=latest.unit, period=latest.period,
                    share=Percent(share)),),
    )


_COMMON = frozenset({"unit_of_measure", "deadline", "baseline"})

_CUMULATIVE, _RECURRING = N_("cumulative"), N_("recurring")
CUMULATIVE = BuiltinKind(
    name="cumulative",
    label=_CUMULATIVE,
    description="the increments reported since the baseline add up to the quantity by the deadline (新增幼儿园10所)",
    requires=frozenset({"quantity"}),
    uses=_COMMON | {"comparator"},
    aggregation=Aggregation.SUM,
    check=_comparators(frozenset({Comparator.GE, Comparator.GT, Comparator.EQ}), _CUMULATIVE),
    rule=_cumulative,
    value_check=_not_negative,
    pace=_total_pace,
)
LEVEL = BuiltinKind(
    name="level",
    label=N_("level"),
    description="the latest reported value satisfies the comparator by the deadline (覆盖率达到92%以上)",
    requires=frozenset({"comparator"}),
    uses=_COMMON | {"quantity", "relative_to"},
    check=_check_level,
    rule=_level,
    pace=_level_pace,
)
RANGE = BuiltinKind(
    name="range",
    label=N_("range"),
    description="the value lies within [minimum, maximum]; below the minimum is partial (2—3名)",
    requires=frozenset({"minimum", "maximum"}),
    uses=_COMMON,
    check=_check_range,
    rule=_range,
    value_check=_not_negative,
    pace=_range_pace,
)
RECURRING = BuiltinKind(
    name="recurring",
    label=_RECURRING,
    description="in each period of the window the count reaches the quantity (每学期一次, 每3年调整一次)",
    requires=frozenset({"recurrence"}),
    uses=frozenset({"quantity", "comparator", "unit_of_measure", "baseline"}),
    aggregation=Aggregation.COUNT,
    check=_comparators(frozenset({Comparator.GE, Comparator.GT, Comparator.EQ}), _RECURRING),
    rule=_recurring,
    value_check=_whole_count,
)
MILESTONE = BuiltinKind(
    name="milestone",
    label=N_("milestone"),
    description="done, with evidence, by the deadline (挂牌成立职业教育中心)",
    uses=frozenset({"deadline"}),
    aggregation=Aggregation.DONE,
    rule=_milestone,
    value_check=_done_or_not,
)
QUALITATIVE = BuiltinKind(
    name="qualitative",
    label=N_("qualitative"),
    description="an ordinal rating given by the assessor, mapped to a share by the scheme (一校一特色)",
    uses=frozenset({"deadline"}),
    rule=_qualitative,
    value_check=_whole_rating,
)
