"""An example of a county's own edu_plan plugins: a target kind and a model extension."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from edu_plan import (
    Achievement,
    AchievementContext,
    AchievementStatus,
    Aggregation,
    Observation,
    PaceInput,
    PaceSeries,
    Problem,
    Reading,
    Target,
    progress_reading,
)
from edu_plan.plugins.extensions import AttrsExtension

__all__ = ["ANNUAL_REDUCTION", "SUPERVISION", "AnnualReduction", "Reduction", "Supervision"]

_DAYS_PER_YEAR = Decimal("365.25")


@attrs.frozen(kw_only=True)
class Reduction:
    """The kind's own field: how much the value must fall each year."""

    per_year: Decimal


@attrs.frozen(kw_only=True)
class AnnualReduction:
    """每年降低…: a value must fall by ``params.per_year`` each year from its baseline."""

    name: str = "annual_reduction"
    label: str = "逐年下降"
    requires: frozenset[str] = frozenset({"baseline"})
    uses: frozenset[str] = frozenset({"unit_of_measure", "deadline"})
    params_type: type = Reduction
    aggregation: Aggregation = Aggregation.LATEST
    """The latest reported value stands."""

    def check_value(self, value: Decimal) -> str | None:
        """A level is a number >= 0 (a rate, a count)."""
        return None if value >= 0 else f"'value' of an annual_reduction target must be >= 0 (got {value})"

    def pace_input(self, target: Target) -> PaceInput:
        """Paced on the share reached: the required fall grows with time, so the level alone says little."""
        return PaceInput(series=PaceSeries.SHARE)

    def reading(
        self, target: Target, observations: Sequence[Observation], context: AchievementContext
    ) -> Reading:
        """The latest value with its period, as the ledger shows a level."""
        return progress_reading(target, self.aggregation, observations)

    def validate(self, target: Target, *, path: str) -> Iterator[Problem]:
        """``params.per_year`` must be given and be positive."""
        per_year = target.params.get("per_year")
        try:
            ok = per_year is not None and Decimal(str(per_year)) > 0
        except ArithmeticError:
            ok = False
        if not ok:
            yield Problem(
                message=f"'params.per_year' must be a positive number (got {per_year!r})",
                path=f"{path}.params.per_year",
                hint="write e.g. 'params: {per_year: 1}' for 每年降低1个百分点",
                code="annual-reduction-per-year",
            )

    def achievement(
        self, target: Target, observations: Sequence[Observation], context: AchievementContext
    ) -> Achievement:
        """The fall achieved since the baseline over the fall required by the end of the window."""
        assert target.baseline is not None  # 'requires' guarantees it once the plan is validated
        per_year = Decimal(str(target.params["per_year"]))
        if not observations:
            return Achievement(share=Decimal(0), status=AchievementStatus.NO_DATA,
                               explanation="no value reported yet")
        latest = max(observations, key=lambda o: (o.latest_date, o.period)).latest
        years = Decimal((context.window[1] - context.start).days) / _DAYS_PER_YEAR
        required = per_year * years
        cents = Decimal("0.01")
        shown = f"{required.quantize(cents)} required ({per_year} a year for {years.quantize(cents)} years)"
        achieved = target.baseline.value - latest
        share = min(max(achieved / required, Decimal(0)), Decimal(1)) if required > 0 else Decimal(1)
        share = share.quantize(Decimal("0.0001"))
        return Achievement(
            share=share,
            status=AchievementStatus.of(share),
            value=achieved,
            reference=required.quantize(Decimal("0.01")),
            explanation=f"fell from {target.baseline.value} to {latest}: {achieved} of the {shown}",
        )


@attrs.frozen(kw_only=True)
class Supervision:
    """How closely a task is supervised (督办)."""

    level: str
    office: str | None = None


def _check_supervision(value: Supervision, path: str) -> Iterator[Problem]:
    if value.level not in ("重点督办", "一般督办"):
        yield Problem(
            message=f"'level' must be '重点督办' or '一般督办' (got {value.level!r})",
            path=f"{path}.level",
            code="supervision-level",
        )


ANNUAL_REDUCTION = AnnualReduction()
SUPERVISION = AttrsExtension(
    name="supervision",
    applies_to=frozenset({"task"}),
    data_type=Supervision,
    description="the 督办 level of a task and the office that supervises it",
    check=_check_supervision,
)
