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
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any, Literal, cast

import attrs
import pendulum

from edu_plan._achievements import Achievements, TargetResult, evaluate
from edu_plan._assessment import (
    CATEGORY_LABELS,
    STATUSES,
    AchievementStatus,
    Assessment,
    Finding,
    PaceSeries,
    Scheme,
    Scorecard,
    ScoreLine,
    Step,
    apportion,
    plain,
    round_points,
    sentence,
    step,
)
from edu_plan._assessment import _Explained as Explained
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._model import Plan, UnitKind
from edu_plan._numbers import ONE, ZERO
from edu_plan._periods import Period
from edu_plan._progress import Observation, ProgressSource
from edu_plan._registry import Registry
from edu_plan.errors import Problem, ScoringError
from edu_plan.plugins.scoring._common import (
    assign_ranks,
    grade_of,
    owner_roles,
    peer_group_of,
)

__all__ = ["CATEGORY_LABELS", "COLOURS", "OPEN_SDG_STATUSES", "PACE", "PaceResult", "PaceScheme", "PaceScorer",
           "growth_category", "limit_coefficient", "linear_category", "pace_category", "pace_of", "year_time"]

SUBSTITUTE = Decimal("0.001")  # Open SDG's stand-in for a zero base value or target
_NOT_AFTER = N_("the deadline ({deadline}) is not after the base year ({base})")
_WHAT = {"level": N_("level"), "cumulative total": N_("cumulative total"),
         "achievement share": N_("achievement share")}
"""What a series follows, in words (the keys are what :class:`_Series` records)."""


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
    limit: Decimal | None = None
    limits: Mapping[str, Decimal] = attrs.field(factory=dict)

    def problems(self) -> Iterator[Problem]:
        """Beyond every scheme's rules: known cut-offs, not increasing; known categories, shares in [0, 1]."""
        yield from super().problems()
        if self.min_years < 0:
            yield Problem(message=_("must be >= 0 (got {value})").format(value=self.min_years), path="$.min_years",
                          code="scheme")
        for key, defaults in (("linear", _LINEAR_CUTS), ("growth", _GROWTH_CUTS),
                              ("growth_no_target", _GROWTH_ONLY_CUTS)):
            values: Mapping[str, Decimal] = getattr(self, key)
            for unknown in sorted(set(values) - set(defaults)):
                yield Problem(message=_("unknown cut-off {name!r}").format(name=unknown), path=f"$.{key}.{unknown}",
                              hint=_("the keys are {keys}").format(keys=", ".join(defaults)), code="unknown-field")
            ordered = [values[name] for name in defaults]
            if ordered != sorted(ordered, reverse=True):
                cuts = ", ".join(f"{k} = {values[k]}" for k in defaults)
                yield Problem(message=_("cut-offs must not increase from one category to the next (got {cuts})").format(
                              cuts=cuts), path=f"$.{key}", code="cut-order")
        for category, share in self.shares.items():
            if category not in _SHARES:
                yield Problem(message=_("unknown category {name!r}").format(name=category), path=f"$.shares.{category}",
                              hint=_("the categories are {names}").format(names=", ".join(_SHARES)),
                              code="unknown-field")
            elif not ZERO <= share <= ONE:
                yield Problem(message=_("must be a share in [0, 1] (got {value})").format(value=share),
                              path=f"$.shares.{category}", code="scheme")

    def plan_problems(self, plan: Plan, kinds: Collection[str]) -> Iterator[Problem]:
        """``growth_only`` must name targets of the plan."""
        known = {target.id for _, target in plan.iter_targets()}
        for i, target in enumerate(self.growth_only):
            if target not in known:
                yield Problem(message=_("unknown target {target!r}").format(target=target), path=f"$.growth_only[{i}]",
                              hint=_("`edu-plan show PLAN --view targets` lists the target ids"), code="unknown-target")
        for target in sorted(set(self.limits) - known):
            yield Problem(message=_("unknown target {target!r}").format(target=target), path=f"$.limits.{target}",
                          hint=_("`edu-plan show PLAN --view targets` lists the target ids"), code="unknown-target")


@attrs.frozen(kw_only=True)
class PaceResult(Explained):
    """A target's pace: category, the ratio (or growth) it came from, why, and the quantities used.

    ``steps`` are the explanation as data (rendered in the current language by :attr:`sentence`);
    ``explanation`` is their rendering when the result was computed.

    ``value`` is the growth ratio (growth with a target), the growth rate itself (growth without a
    target) or the ratio of observed to required pace (linear), to 20 decimal places; the other fields
    are the inputs the method took, so that a reader can redo the sum (``None`` where not reached).
    """

    category: str
    value: Decimal | None
    explanation: str = ""
    steps: tuple[Step, ...] = attrs.field(default=(), eq=False)
    base_year: Decimal | None = None
    base_value: Decimal | None = None
    current_year: Decimal | None = None
    current_value: Decimal | None = None
    observed: Decimal | None = None
    required: Decimal | None = None
    coefficient: Decimal | None = None


OPEN_SDG_STATUSES: Mapping[str, str] = {
    "achieved": "target_achieved", "on_track": "substantial_progress", "needs_acceleration": "moderate_progress",
    "limited_progress": "limited_progress", "deterioration": "deterioration", "insufficient_data": "not_available",
}
"""Our category of the growth method → the progress status sdg-build's ``ProgressMeasure.py`` prints."""


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


# Roots and logarithms are computed with 50 significant digits and the result is rounded to 20 decimal
# places before it meets a band edge.  A series whose exact ratio lies on an edge (0.095 / 0.1 = 0.95) is
# then placed by that exact value, where the float reference lands either side of it by one ulp.
_PRECISION = 50
_SETTLED = Decimal("1e-20")
_Q = Decimal("0.0001")
_Q6 = Decimal("0.000001")
_LIMIT_EXPONENT = Decimal("4.44")  # sdg-build's shape of the threshold reduction near a natural limit


def _settle(value: Decimal) -> Decimal:
    return value.quantize(_SETTLED, rounding=ROUND_HALF_EVEN) + ZERO  # + 0 turns -0E-20 into 0E-20


def _cagr(current: Decimal, base: Decimal, years: Decimal) -> Decimal:
    """The compound annual growth rate ``(current / base)^(1 / years) − 1``, exact to 50 digits."""
    with localcontext() as context:
        context.prec = _PRECISION
        return (current / base) ** (ONE / years) - ONE


def limit_coefficient(base: Decimal, limit: Decimal) -> Decimal:
    """sdg-build's reduction of the no-target cut-offs near a natural ``limit`` (such as 100 %).

    ``1 − (|base| / |limit|)^4.44`` below the limit, mirrored above it, 1 from twice the limit on: a
    series that starts near its limit cannot grow 1.5 % a year, so it needs less to be on track.
    """
    base, limit = abs(base), abs(limit)
    if base >= 2 * limit:  # first, so that a base and a limit of 0 give 1
        return ONE
    with localcontext() as context:
        context.prec = _PRECISION
        near = base / limit if base <= limit else (2 * limit - base) / limit
        return _settle(ONE - near ** _LIMIT_EXPONENT)


def _achieved(series: _Series) -> bool:
    if series.target is None:
        return False
    return series.current >= series.target if series.direction > 0 else series.current <= series.target


def _quantities(series: _Series) -> dict[str, Any]:
    return {"base_year": series.base_time, "base_value": series.base, "current_year": series.current_time,
            "current_value": series.current}


def _linear(series: _Series, scheme: PaceScheme) -> PaceResult:
    if series.target is None:
        return PaceResult(category="insufficient_data", value=None, **_quantities(series),
                          steps=(step(N_("no quantity to pace against; the linear method needs a target")),))
    span = series.target_time - series.base_time
    if span <= 0:
        return PaceResult(category="insufficient_data", value=None, **_quantities(series), steps=(
            step(_NOT_AFTER, deadline=series.target_time, base=series.base_time),))
    elapsed = series.current_time - series.base_time
    with localcontext() as context:
        context.prec = _PRECISION
        observed = (series.current - series.base) / elapsed
        required = (series.target - series.base) / span
        # A target already at its base needs no pace: any move the right way is on track.
        # As in the growth method: the sign says whether the move is the right way, the size how fast.
        raw = (ONE if observed * series.direction >= 0 else -ONE) if required == 0 else (
            series.direction * observed / abs(required))
    ratio = _settle(raw)
    category = linear_category(ratio, scheme.linear)
    return PaceResult(
        category=category, value=ratio, observed=_settle(observed), required=_settle(required), **_quantities(series),
        steps=(step(N_("linear: observed pace ({current} − {base}) / {elapsed} years = {observed}/year; required "
                       "({target} − {base}) / {span} years = {required}/year; ratio {ratio} → {category}"),
                    current=series.current, base=series.base, elapsed=elapsed.quantize(_Q),
                    observed=observed.quantize(_Q), target=series.target, span=span.quantize(_Q),
                    required=required.quantize(_Q), ratio=ratio.quantize(_Q), category=STATUSES[category]),))


def _growth(series: _Series, scheme: PaceScheme, limit: Decimal | None = None) -> PaceResult:
    base = series.base if series.base != 0 else SUBSTITUTE
    if (base > 0 > series.current) or (base < 0 < series.current):
        return PaceResult(category="insufficient_data", value=None, **_quantities(series), steps=(
            step(N_("growth: base {base} and current {current} have opposite signs; a growth rate cannot be computed"),
                 base=base, current=series.current),))
    sign = -1 if series.base < 0 else 1
    years = series.current_time - series.base_time
    observed = _cagr(series.current, base, years)
    factor = sign * series.direction
    if series.target is None:
        value = _settle(factor * observed)
        cuts = dict(scheme.growth_no_target)
        coefficient = None
        note: Step | str = ""
        if limit is not None:
            coefficient = limit_coefficient(series.base, limit)
            cuts = {name: cut * coefficient for name, cut in cuts.items()}
            note = step(N_("; limit {limit}: cut-offs × {coefficient} = {on_track} / {needs_acceleration}"),
                        limit=limit, coefficient=coefficient.quantize(_Q6), on_track=cuts["on_track"].quantize(_Q6),
                        needs_acceleration=cuts["needs_acceleration"].quantize(_Q6))
        category = growth_category(value, cuts)
        return PaceResult(
            category=category, value=value, observed=_settle(observed), coefficient=coefficient, **_quantities(series),
            steps=(step(N_("growth without target: CAGR ({current}/{base})^(1/{years}) − 1 = {observed}; × sign {sign} "
                           "× direction {direction} = {value}{note} → {category}"),
                        current=series.current, base=base, years=years.quantize(_Q), observed=observed.quantize(_Q6),
                        sign=sign, direction=series.direction, value=value.quantize(_Q6), note=note,
                        category=STATUSES[category]),))
    span = series.target_time - series.base_time
    if span <= 0:
        return PaceResult(category="insufficient_data", value=None, **_quantities(series), steps=(
            step(_NOT_AFTER, deadline=series.target_time, base=series.base_time),))
    goal = series.target if series.target != 0 else SUBSTITUTE
    required = _cagr(goal, base, span)
    if required == 0:
        # The target equals the base (sdg-build divides by zero): any move the right way is on track.
        value = Decimal(factor) * (ONE if observed >= 0 else -ONE) * Decimal(10**6)
    else:
        with localcontext() as context:
            context.prec = _PRECISION
            value = factor * observed / abs(required)
    value = _settle(value)
    category = growth_category(value, scheme.growth)
    ignored: Step | str = (step(N_(" (limit {limit} ignored: a target is given)"), limit=limit)
                           if limit is not None else "")
    return PaceResult(
        category=category, value=value, observed=_settle(observed), required=_settle(required), **_quantities(series),
        steps=(step(N_("growth: observed CAGR ({current}/{base})^(1/{years}) − 1 = {observed}; required "
                       "({goal}/{base})^(1/{span}) − 1 = {required}; ratio {ratio} (= {factor} × {observed} / "
                       "{required_size}){ignored} → {category}"),
                    current=series.current, base=base, years=years.quantize(_Q), observed=observed.quantize(_Q6),
                    goal=goal, span=span.quantize(_Q), required=required.quantize(_Q6), ratio=value.quantize(_Q),
                    factor=f"{factor:+d}", required_size=abs(required).quantize(_Q6), ignored=ignored,
                    category=STATUSES[category]),))


def _decide(series: _Series, scheme: PaceScheme, limit: Decimal | None) -> PaceResult:
    """The category of a series whose base and current points are chosen (shared by scorer and public function)."""
    if _achieved(series):
        return PaceResult(category="achieved", value=None, **_quantities(series), steps=(
            step(N_("{what} {current} reaches the target {target}"), what=_WHAT[series.what], current=series.current,
                 target=series.target),))
    elapsed = series.current_time - series.base_time
    if series.points < 2 or elapsed < scheme.min_years:
        return PaceResult(category="insufficient_data", value=None, **_quantities(series), steps=(
            step(N_("{points} data point(s) over {elapsed} years from the base year {base}; the method needs two "
                    "points at least {min_years} year(s) apart — not guessing"),
                 points=series.points, elapsed=elapsed.quantize(_Q), base=series.base_time.quantize(_Q),
                 min_years=scheme.min_years),))
    if scheme.method == "growth" and series.what != "level":
        # A series that starts from nothing (increments, achievement shares) has no growth rate worth the
        # name: Open SDG would divide by its 0.001 stand-in.  Such targets are paced linearly, and say so.
        outcome = _linear(series, scheme)
        return attrs.evolve(outcome, explanation="", steps=(
            step(N_("{explanation} (a {what} starts from 0, so the growth method falls back to the linear pace)"),
                 explanation=outcome.steps, what=_WHAT[series.what]),))
    if scheme.method == "growth":
        return _growth(series, scheme, limit)
    return _linear(series, scheme)


def _exact(value: object, what: str, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool):
        problems.append(_("{what} must be a number (got {value!r})").format(what=what, value=value))
        return None
    if isinstance(value, float):
        value = repr(value)  # the number as written, not its binary approximation
    try:
        number = Decimal(value)  # type: ignore[arg-type]
    except (ArithmeticError, TypeError, ValueError):
        problems.append(_("{what} must be a number (got {value!r})").format(what=what, value=value))
        return None
    if not number.is_finite():
        problems.append(_("{what} must be a finite number (got {value!r})").format(what=what, value=value))
        return None
    return number


def pace_category(
    years: Sequence[int | Decimal | str],
    values: Sequence[Decimal | int | float | str],
    *,
    target: Decimal | int | float | str | None = None,
    target_year: int | Decimal | str | None = None,
    direction: int = 1,
    method: Literal["linear", "growth"] = "growth",
    base_year: int | Decimal | str | None = None,
    limit: Decimal | int | float | str | None = None,
    scheme: PaceScheme | None = None,
) -> PaceResult:
    """The pace category of one series, without a plan: Open SDG's progress measure or the SDSN trend.

    ``years[i]`` and ``values[i]`` are one observation; ``target`` is reached by ``target_year``
    (leave both out for growth alone); ``direction`` is ``1`` when higher is better, ``-1`` when lower is.
    ``method`` is ``"growth"`` (Statistics Canada, as sdg-build's ``ProgressMeasure.py``) or ``"linear"``
    (SDSN).  The base is the value of ``base_year`` or, if that year has none, of the first later year —
    never an earlier one; it defaults to the first year of the series.  The latest year is the current
    one; when it is the base year, the result is ``insufficient_data`` (Open SDG's "not available")
    unless the target is already reached.  ``limit`` is a natural bound (such as 100 for a percentage)
    that scales the no-target cut-offs as sdg-build does; it is ignored when a target is given.
    ``scheme`` supplies cut-offs and ``min_years`` (default: the published ones).

    Values are exact decimals: pass ``Decimal`` or ``str``; a ``float`` is read as the number it prints
    as (``0.1`` is one tenth).  Two observations for the same year are refused, as by the reference.

    Raises :class:`~edu_plan.errors.ScoringError` listing every problem of the input.
    """
    problems: list[str] = []
    if len(years) != len(values):
        problems.append(_("years and values must have the same length (got {years} and {values})").format(
            years=len(years), values=len(values)))
    if direction not in (1, -1):
        problems.append(_("'direction' must be 1 or -1 (got {value!r})").format(value=direction))
    if method not in ("growth", "linear"):
        problems.append(_("'method' must be 'growth' or 'linear' (got {value!r})").format(value=method))
    if (target is None) != (target_year is None):
        problems.append(_("'target' and 'target_year' go together: give both or neither"))
    times = [_exact(year, f"years[{i}]", problems) for i, year in enumerate(years)]
    numbers = [_exact(value, f"values[{i}]", problems) for i, value in enumerate(values)]
    goal = None if target is None else _exact(target, "'target'", problems)
    goal_time = None if target_year is None else _exact(target_year, "'target_year'", problems)
    bound = None if limit is None else _exact(limit, "'limit'", problems)
    start = None if base_year is None else _exact(base_year, "'base_year'", problems)
    rows: dict[Decimal, list[int]] = {}
    for i, time in enumerate(times):
        if time is not None:
            rows.setdefault(time, []).append(i)
    for time, where in sorted(rows.items()):
        if len(where) > 1:
            shown = ", ".join(_("row {row} = {value!r}").format(row=i, value=values[i]) for i in where)
            problems.append(_("year {year} has {count} values ({rows}); a series has one value a year").format(
                year=plain(time), count=len(where), rows=shown))
    if problems:
        raise ScoringError(_("the series cannot be paced:\n- {problems}").format(problems="\n- ".join(problems)))
    known = dict(zip(cast("list[Decimal]", times), cast("list[Decimal]", numbers), strict=True))
    scheme = attrs.evolve(scheme or PaceScheme(), method=method)
    if not known:
        return PaceResult(category="insufficient_data", value=None,
                          steps=(step(N_("no data to compute a pace from")),))
    first = min(known) if start is None else start
    later = [time for time in known if time >= first]
    current_time = max(known)
    if not later:
        return PaceResult(category="insufficient_data", value=None, current_year=current_time,
                          current_value=known[current_time], steps=(
                              step(N_("no value in or after the base year {base}; the latest is {latest} — an "
                                      "earlier year is never taken as the base"), base=first, latest=current_time),))
    base_time = min(later)
    if method == "growth" and goal == 0:
        goal = SUBSTITUTE  # sdg-build's stand-in, for the achievement check as well as the growth
    series = _Series(base=known[base_time], base_time=base_time, current=known[current_time],
                     current_time=current_time, target=goal, target_time=goal_time or current_time,
                     direction=direction, points=len(later), what="level")
    return _decide(series, scheme, bound)


def _series(plan: Plan, result: TargetResult, as_of: pendulum.Date) -> _Series | PaceResult | None:
    """The series a target is paced on, or the reason it cannot be (duplicate times), or None (no data)."""
    target = result.target
    deadline = target.deadline or (plan.horizon.end if plan.horizon is not None else as_of)
    start_time = year_time(result.start.subtract(days=1))  # the baseline holds at the end of the day before
    # The base year rule of the reference: a value from the start of counting on, never an earlier one.
    observations = sorted((o for o in result.observations if o.period.span()[1] >= result.start),
                          key=lambda o: o.period.sort_key)
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
        by_time: dict[pendulum.Date, list[Observation]] = {}
        for observation in observations:
            by_time.setdefault(min(observation.period.span()[1], as_of), []).append(observation)
        doubled = [(end, found) for end, found in sorted(by_time.items()) if len(found) > 1]
        if doubled:
            end, found = doubled[0]
            rows = tuple(step(N_("{unit} {period} = {value}"), unit=o.unit, period=o.period, value=o.latest)
                         for o in found)
            return PaceResult(category="insufficient_data", value=None, steps=(
                step(N_("{count} values for the same time {day} ({rows}); a series has one value per time, so the "
                        "method refuses it, as the reference does"), count=len(found), day=end, rows=rows),))
        points = [(end, found[0].latest) for end, found in sorted(by_time.items())]
        if not points:
            return None
        if target.baseline is not None:
            base, base_time = target.baseline.value, start_time
        else:
            base, base_time = points[0][1], year_time(points[0][0])
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


def pace_of(plan: Plan, result: TargetResult, scheme: PaceScheme, as_of: pendulum.Date) -> PaceResult:
    """The pace category of one target."""
    series = _series(plan, result, as_of)
    if isinstance(series, _Series) and result.target.id in scheme.growth_only:
        series = attrs.evolve(series, target=None)
    if series is None:
        return PaceResult(category="insufficient_data", value=None,
                          steps=(step(N_("{target}: no data to compute a pace from"), target=result.target.id),))
    outcome = series if isinstance(series, PaceResult) else _decide(
        series, scheme, scheme.limits.get(result.target.id, scheme.limit))
    return attrs.evolve(outcome, explanation="", steps=(
        step(N_("{target} {explanation}"), target=result.target.id, explanation=outcome.steps),))


class PaceScorer:
    """On track for the deadline? SDSN linear pace or Statistics Canada growth ratio, with traffic lights."""

    name = "pace"
    label = N_("pace")
    """The scorer's name for people (进度考核), shown as the scoring method of a scorecard."""
    scheme_type = PaceScheme

    def load_scheme(self, data: Mapping[str, Any], *, source: str | None = None) -> PaceScheme:
        """Read ``method``, ``min_years``, ``growth_only``, ``[linear]``, ``[growth]``, ``[growth_no_target]``,
        ``[shares]``, ``[grades]``, ``[ordinal]``, ``[peer_groups]``, ``limit`` and ``[limits]``
        (per target id); any other key is refused (a misspelt ``methd`` must not silently run the default method)."""
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
                    steps=pace.steps, status=result.achievement.status, category=pace.category,
                    colour=COLOURS[pace.category]))
                if pace.category in ("regressing", "deterioration"):
                    findings.append(Finding(unit=unit, task=result.task.number, target=result.target.id,
                                            message=_("{target} is going backwards: {explanation}").format(
                                                target=result.target.id, explanation=sentence(pace.steps))))
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
    summary = tuple(step(N_("{status} {count}"), status=STATUSES.get(k, k), count=v) for k, v in sorted(counts.items()))
    return Scorecard(unit=unit_id, unit_name=name, peer_group=peer_group_of(kind, scheme.peer_groups), total=total,
                     max_points=scheme.points, grade=grade_of(total, scheme.grades), lines=finished,
                     steps=(*summary, step(N_("the sum over the lines of {points} × weight × category share / Σ weight "
                                              "= {total}"), points=scheme.points, total=total)))


PACE = PaceScorer()
"""The ``pace`` scorer, registered under ``edu_plan.scorers``."""
