"""The ``pace`` scorer: is each target on track for its deadline?

Two methods, chosen in the scheme (``method = "linear"`` or ``"growth"``):

* **linear** — the SDSN SDG Index trend method: the observed pace from the baseline to the
  latest value, ``(x − x₀) / (t − t₀)``, over the pace required to reach the target by its
  deadline, ``(T − x₀) / (D − t₀)``.  Achieved; on track (ratio ≥ 1); moderately improving
  (≥ 0.5); stagnating (≥ 0); regressing (< 0).
* **growth** — Statistics Canada's method as Open SDG implements it (sdg-build
  ``ProgressMeasure.py``): the observed compound annual growth rate
  ``(x / x₀)^(1/(t − t₀)) − 1`` over the required one ``(T / x₀)^(1/(D − t₀)) − 1``, signed by
  the desired direction; a zero base or target counts as 0.001, as there.  Achieved; on track
  (≥ 0.95); needs acceleration (≥ 0.60); limited progress (≥ 0); deterioration.  Without a
  target, growth alone: on track from 1.5 % a year, needs acceleration from 0.5 %.

Time is measured in years from dates: a day's time is its year plus the fraction of the year
gone by its end, so a yearly series dated on 31 December advances in whole years exactly as
the published methods count them.  Kinds without a numeric trajectory (milestone, recurring,
qualitative, any third-party kind) are paced on their achievement share, from 0 at the start
to 1 at the deadline.  The growth method needs a level series: a series that starts from
nothing (cumulative increments, achievement shares) is paced linearly, and the line says so.
A target with too little data says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
import pendulum

from edu_plan._achievements import Achievements, TargetResult, evaluate
from edu_plan._assessment import (
    CATEGORY_LABELS,
    AchievementStatus,
    Assessment,
    Finding,
    PaceSeries,
    Scheme,
    Scorecard,
    ScoreLine,
    apportion,
    plain,
    round_points,
)
from edu_plan._model import Plan, UnitKind
from edu_plan._numbers import ONE, ZERO
from edu_plan._periods import Period
from edu_plan._progress import Observation, ProgressSource
from edu_plan._registry import Registry
from edu_plan.errors import Problem
from edu_plan.plugins.scoring._common import (
    assign_ranks,
    grade_of,
    owner_roles,
    peer_group_of,
)

__all__ = ["CATEGORY_LABELS", "COLOURS", "PACE", "PaceResult", "PaceScheme", "PaceScorer", "growth_category",
           "linear_category", "pace_of", "year_time"]

SUBSTITUTE = Decimal("0.001")  # Open SDG's stand-in for a zero base value or target


COLOURS: Mapping[str, str] = {
    "achieved": "green", "on_track": "green",
    "moderately_improving": "yellow", "needs_acceleration": "yellow",
    "stagnating": "orange", "limited_progress": "orange",
    "regressing": "red", "deterioration": "red",
    "insufficient_data": "grey",
}
"""Traffic-light colours of the categories."""

_LINEAR_CUTS = {"on_track": ONE, "moderately_improving": Decimal("0.5"), "stagnating": ZERO}
_GROWTH_CUTS = {"on_track": Decimal("0.95"), "needs_acceleration": Decimal("0.60"), "limited_progress": ZERO}
_GROWTH_ONLY_CUTS = {"on_track": Decimal("0.015"), "needs_acceleration": Decimal("0.005"), "limited_progress": ZERO}
_SHARES = {
    "achieved": ONE, "on_track": ONE, "moderately_improving": Decimal("0.5"), "needs_acceleration": Decimal("0.6"),
    "stagnating": Decimal("0.25"), "limited_progress": Decimal("0.3"), "regressing": ZERO, "deterioration": ZERO,
}


def _linear_cuts(given: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {**_LINEAR_CUTS, **given}


def _growth_cuts(given: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {**_GROWTH_CUTS, **given}


def _growth_only_cuts(given: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {**_GROWTH_ONLY_CUTS, **given}


def _shares(given: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {**_SHARES, **given}


@attrs.frozen(kw_only=True)
class PaceScheme(Scheme):
    """The settings of the pace scorer; a cut-off table names only the cut-offs it changes."""

    scorer: str = "pace"
    name: str = "pace"
    method: Literal["linear", "growth"] = "linear"
    min_years: Decimal = ONE
    linear: Mapping[str, Decimal] = attrs.field(factory=lambda: dict(_LINEAR_CUTS),
                                                converter=_linear_cuts)
    growth: Mapping[str, Decimal] = attrs.field(factory=lambda: dict(_GROWTH_CUTS),
                                                converter=_growth_cuts)
    growth_no_target: Mapping[str, Decimal] = attrs.field(factory=lambda: dict(_GROWTH_ONLY_CUTS),
                                                          converter=_growth_only_cuts)
    growth_only: tuple[str, ...] = ()
    shares: Mapping[str, Decimal] = attrs.field(factory=lambda: dict(_SHARES), converter=_shares)

    def problems(self) -> Iterator[Problem]:
        """Beyond every scheme's rules: known cut-offs, not increasing; known categories, shares in [0, 1]."""
        yield from super().problems()
        if self.min_years < 0:
            yield Problem(message=f"must be >= 0 (got {self.min_years})", path="$.min_years", code="scheme")
        for key, defaults in (("linear", _LINEAR_CUTS), ("growth", _GROWTH_CUTS),
                              ("growth_no_target", _GROWTH_ONLY_CUTS)):
            values: Mapping[str, Decimal] = getattr(self, key)
            for unknown in sorted(set(values) - set(defaults)):
                yield Problem(message=f"unknown cut-off {unknown!r}", path=f"$.{key}.{unknown}",
                              hint=f"the keys are {', '.join(defaults)}", code="unknown-field")
            ordered = [values[name] for name in defaults]
            if ordered != sorted(ordered, reverse=True):
                yield Problem(message="cut-offs must not increase from one category to the next (got "
                              + ", ".join(f"{k} = {values[k]}" for k in defaults) + ")", path=f"$.{key}",
                              code="cut-order")
        for category, share in self.shares.items():
            if category not in _SHARES:
                yield Problem(message=f"unknown category {category!r}", path=f"$.shares.{category}",
                              hint=f"the categories are {', '.join(_SHARES)}", code="unknown-field")
            elif not ZERO <= share <= ONE:
                yield Problem(message=f"must be a share in [0, 1] (got {share})", path=f"$.shares.{category}",
                              code="scheme")

    def plan_problems(self, plan: Plan, kinds: Collection[str]) -> Iterator[Problem]:
        """``growth_only`` must name targets of the plan."""
        known = {target.id for _, target in plan.iter_targets()}
        for i, target in enumerate(self.growth_only):
            if target not in known:
                yield Problem(message=f"unknown target {target!r}", path=f"$.growth_only[{i}]",
                              hint="`edu-plan show PLAN --view targets` lists the target ids", code="unknown-target")


@attrs.frozen(kw_only=True)
class PaceResult:
    """A target's pace: category, the ratio (or growth) it came from, and why."""

    category: str
    value: Decimal | None
    explanation: str


def year_time(day: pendulum.Date) -> Decimal:
    """``day`` in years: its year plus the fraction of the year gone by its end (31 Dec 2024 → 2025)."""
    length = 366 if day.is_leap_year() else 365
    return Decimal(day.year) + Decimal(day.day_of_year) / Decimal(length)


def linear_category(ratio: Decimal, cuts: Mapping[str, Decimal]) -> str:
    """The SDSN category of an observed-over-required pace ``ratio``."""
    if ratio >= cuts["on_track"]:
        return "on_track"
    if ratio >= cuts["moderately_improving"]:
        return "moderately_improving"
    if ratio >= cuts["stagnating"]:
        return "stagnating"
    return "regressing"


def growth_category(value: Decimal, cuts: Mapping[str, Decimal]) -> str:
    """The Statistics Canada / Open SDG category of a growth ratio (or, without target, a growth rate)."""
    if value >= cuts["on_track"]:
        return "on_track"
    if value >= cuts["needs_acceleration"]:
        return "needs_acceleration"
    if value >= cuts["limited_progress"]:
        return "limited_progress"
    return "deterioration"


@attrs.frozen(kw_only=True)
class _Series:
    base: Decimal
    base_time: Decimal
    current: Decimal
    current_time: Decimal
    target: Decimal | None
    target_time: Decimal
    direction: int
    points: int
    what: str
    series: PaceSeries = PaceSeries.LEVEL


def _series(plan: Plan, result: TargetResult, as_of: pendulum.Date) -> _Series | None:
    target = result.target
    deadline = target.deadline or (plan.horizon.end if plan.horizon is not None else as_of)
    start_time = year_time(result.start.subtract(days=1))  # the baseline holds at the end of the day before
    observations = sorted(result.observations, key=lambda o: o.period.sort_key)
    follow = result.kind.pace_input(target)
    if follow.series is PaceSeries.TOTAL:
        if not observations:
            return None
        by_end: dict[pendulum.Date, Decimal] = {}
        for observation in observations:
            end = min(observation.period.span()[1], as_of)
            by_end[end] = by_end.get(end, ZERO) + observation.total
        running = ZERO
        for end in sorted(by_end):
            running += by_end[end]
        last = max(by_end)
        return _Series(base=ZERO, base_time=start_time, current=running, current_time=year_time(last),
                       target=follow.goal, target_time=year_time(deadline), direction=1,
                       points=len(by_end) + 1, what="cumulative total", series=follow.series)
    if follow.series is PaceSeries.LEVEL:
        latest: dict[pendulum.Date, Observation] = {}
        for observation in observations:
            end = min(observation.period.span()[1], as_of)
            if end not in latest or (observation.latest_date, observation.unit) >= (latest[end].latest_date,
                                                                                    latest[end].unit):
                latest[end] = observation
        points = [(end, latest[end].latest) for end in sorted(latest)]
        if target.baseline is not None:
            base, base_time = target.baseline.value, start_time
        elif points:
            base, base_time = points[0][1], year_time(points[0][0])
        else:
            return None
        if not points:
            return None
        return _Series(base=base, base_time=base_time, current=points[-1][1], current_time=year_time(points[-1][0]),
                       target=follow.goal, target_time=year_time(deadline), direction=follow.direction,
                       points=len(points) + (1 if target.baseline is not None else 0), what="level",
                       series=follow.series)
    share = result.achievement.share
    if result.achievement.status in (AchievementStatus.NO_DATA, AchievementStatus.NOT_DUE):
        return None
    return _Series(base=ZERO, base_time=start_time, current=share, current_time=year_time(as_of), target=ONE,
                   target_time=year_time(deadline), direction=1, points=2, what="achievement share",
                   series=follow.series)


def _achieved(series: _Series) -> bool:
    if series.target is None:
        return False
    return series.current >= series.target if series.direction > 0 else series.current <= series.target


def _linear(series: _Series, scheme: PaceScheme) -> PaceResult:
    if series.target is None:
        return PaceResult(category="insufficient_data", value=None,
                          explanation="no quantity to pace against; the linear method needs a target")
    elapsed = series.current_time - series.base_time
    observed = (series.current - series.base) / elapsed
    required = (series.target - series.base) / (series.target_time - series.base_time)
    # A target already at its base needs no pace: any move the right way is on track.
    # As in the growth method: the sign says whether the move is the right way, the size how fast.
    ratio = (ONE if observed * series.direction >= 0 else -ONE) if required == 0 else (
        series.direction * observed / abs(required))
    ratio = ratio.quantize(Decimal("0.0001"))
    category = linear_category(ratio, scheme.linear)
    return PaceResult(category=category, value=ratio, explanation=(
        f"linear: observed pace ({plain(series.current)} − {plain(series.base)}) / {plain(elapsed.quantize(_Q))} "
        f"years = {plain(observed.quantize(_Q))}/year; required ({plain(series.target)} − {plain(series.base)}) / "
        f"{plain((series.target_time - series.base_time).quantize(_Q))} years = {plain(required.quantize(_Q))}/year; "
        f"ratio {plain(ratio)} → {CATEGORY_LABELS[category]}"))


_Q = Decimal("0.0001")


def _cagr(current: Decimal, base: Decimal, years: Decimal) -> Decimal:
    return (current / base) ** (ONE / years) - ONE


def _growth(series: _Series, scheme: PaceScheme) -> PaceResult:
    base = series.base if series.base != 0 else SUBSTITUTE
    if (base > 0 > series.current) or (base < 0 < series.current):
        return PaceResult(category="insufficient_data", value=None, explanation=(
            f"growth: base {plain(base)} and current {plain(series.current)} have opposite signs; "
            "a growth rate cannot be computed"))
    sign = -1 if base < 0 else 1
    years = series.current_time - series.base_time
    observed = _cagr(series.current, base, years)
    if series.target is None:
        value = (sign * series.direction * observed).quantize(Decimal("0.000001"))
        category = growth_category(value, scheme.growth_no_target)
        return PaceResult(category=category, value=value, explanation=(
            f"growth without target: CAGR ({plain(series.current)}/{plain(base)})^(1/{plain(years.quantize(_Q))}) − 1 "
            f"= {plain(value)} → {CATEGORY_LABELS[category]}"))
    goal = series.target if series.target != 0 else SUBSTITUTE
    required = _cagr(goal, base, series.target_time - series.base_time)
    if required == 0:
        value = Decimal(sign * series.direction) * (ONE if observed >= 0 else -ONE) * Decimal(10**6)
    else:
        value = sign * series.direction * observed / abs(required)
    value = value.quantize(_Q)
    category = growth_category(value, scheme.growth)
    return PaceResult(category=category, value=value, explanation=(
        f"growth: observed CAGR ({plain(series.current)}/{plain(base)})^(1/{plain(years.quantize(_Q))}) − 1 = "
        f"{plain(observed.quantize(_Q))}; required ({plain(goal)}/{plain(base)})^"
        f"(1/{plain((series.target_time - series.base_time).quantize(_Q))}) − 1 = {plain(required.quantize(_Q))}; "
        f"ratio {plain(value)} → {CATEGORY_LABELS[category]}"))


def pace_of(plan: Plan, result: TargetResult, scheme: PaceScheme, as_of: pendulum.Date) -> PaceResult:
    """The pace category of one target."""
    series = _series(plan, result, as_of)
    if series is not None and result.target.id in scheme.growth_only:
        series = attrs.evolve(series, target=None)
    if series is None:
        return PaceResult(category="insufficient_data", value=None,
                          explanation=f"{result.target.id}: no data to compute a pace from")
    if _achieved(series):
        return PaceResult(category="achieved", value=None, explanation=(
            f"{result.target.id}: {series.what} {plain(series.current)} reaches the target {plain(series.target)}"))
    if series.points < 2 or series.current_time - series.base_time < scheme.min_years:
        return PaceResult(category="insufficient_data", value=None, explanation=(
            f"{result.target.id}: {series.points} data point(s) over "
            f"{plain((series.current_time - series.base_time).quantize(_Q))} years; the method needs two points at "
            f"least {plain(scheme.min_years)} year(s) apart — not guessing"))
    if scheme.method == "growth" and series.series is not PaceSeries.LEVEL:
        # A series that starts from nothing (increments, achievement shares) has no growth rate worth the
        # name: Open SDG would divide by its 0.001 stand-in.  Such targets are paced linearly, and say so.
        outcome = _linear(series, scheme)
        outcome = attrs.evolve(outcome, explanation=f"{outcome.explanation} (a {series.what} starts from 0, so the "
                               "growth method falls back to the linear pace)")
    elif scheme.method == "growth":
        outcome = _growth(series, scheme)
    else:
        outcome = _linear(series, scheme)
    return attrs.evolve(outcome, explanation=f"{result.target.id} {outcome.explanation}")


class PaceScorer:
    """On track for the deadline? SDSN linear pace or Statistics Canada growth ratio, with traffic lights."""

    name = "pace"
    scheme_type = PaceScheme

    def load_scheme(self, data: Mapping[str, Any], *, source: str | None = None) -> PaceScheme:
        """Read ``method``, ``min_years``, ``growth_only``, ``[linear]``, ``[growth]``, ``[growth_no_target]``,
        ``[shares]``, ``[grades]``, ``[ordinal]``, ``[peer_groups]``."""
        from edu_plan.serialization import structure_scheme

        return structure_scheme(data, PaceScheme, source=source)

    def score(
        self,
        plan: Plan,
        progress: ProgressSource,
        scheme: PaceScheme | Mapping[str, Any],
        *,
        period: Period,
        as_of: pendulum.Date | None = None,
        registry: Registry | None = None,
        achievements: Achievements | None = None,
    ) -> Assessment:
        """One scorecard per unit owning a target; each line a category, a colour and a share of points."""
        scheme = scheme if isinstance(scheme, PaceScheme) else self.load_scheme(scheme or {})
        day = as_of or period.span()[1]
        results = achievements if achievements is not None else evaluate(
            plan, progress, period=period, as_of=day, scheme=scheme, registry=registry)
        lines: dict[str, list[ScoreLine]] = {}
        findings = []
        for result in results:
            pace = pace_of(plan, result, scheme, day)
            counted = pace.category != "insufficient_data"
            share = scheme.shares.get(pace.category, ZERO)
            for unit, role in owner_roles(plan, result.task, result.target).items():
                lines.setdefault(unit, []).append(ScoreLine(
                    task=result.task.number, target=result.target.id, role=role,
                    weight=result.target.weight if counted else ZERO, share=share, points=ZERO, max_points=ZERO,
                    explanation=pace.explanation, status=result.achievement.status, category=pace.category,
                    colour=COLOURS[pace.category]))
                if pace.category in ("regressing", "deterioration"):
                    findings.append(Finding(unit=unit, task=result.task.number, target=result.target.id,
                                            message=f"{result.target.id} is going backwards: {pace.explanation}"))
        cards = []
        for unit_id in sorted(lines):
            cards.append(_card(plan, unit_id, lines[unit_id], scheme))
        return Assessment(plan_id=plan.id, scorer=self.name, scheme=scheme.name, period=period, as_of=day,
                          max_points=scheme.points, scorecards=assign_ranks(cards), findings=findings,
                          peer_groups=tuple(scheme.peer_groups))


def _card(plan: Plan, unit_id: str, unit_lines: Sequence[ScoreLine], scheme: PaceScheme) -> Scorecard:
    maxima = apportion(scheme.points, [line.weight for line in unit_lines])
    finished = [attrs.evolve(line, max_points=maximum, points=round_points(maximum * line.share))
                for line, maximum in zip(unit_lines, maxima, strict=True)]
    # The total is the sum of the lines as printed, so that adding them up gives the card's figure.
    total = sum((line.points for line in finished), ZERO)
    unit = plan.find_unit(unit_id)
    name, kind = (unit.name, unit.kind) if unit is not None else (unit_id, UnitKind.DEPARTMENT)
    counts: dict[str, int] = {}
    for line in unit_lines:
        counts[line.category or ""] = counts.get(line.category or "", 0) + 1
    summary = ", ".join(f"{CATEGORY_LABELS.get(k, k)} {v}" for k, v in sorted(counts.items()))
    return Scorecard(unit=unit_id, unit_name=name, peer_group=peer_group_of(kind, scheme.peer_groups), total=total,
                     max_points=scheme.points, grade=grade_of(total, scheme.grades), lines=finished,
                     explanation=f"{summary}; the sum over the lines of {plain(scheme.points)} × weight × "
                     f"category share / Σ weight = {plain(total)}")


PACE = PaceScorer()
"""The ``pace`` scorer, registered under ``edu_plan.scorers``."""
