"""The built-in target kinds and extensions pass the public conformance kit (edu_plan.testing.kinds)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import pendulum
from hypothesis import strategies as st

from edu_plan import Baseline, Comparator, PeriodKind, Recurrence, Target
from edu_plan.plugins.extensions import Budget, Contact, Funding
from edu_plan.testing.kinds import ExtensionContract, TargetKindContract

amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.01"), max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
deadlines = st.sampled_from([pendulum.Date(2025, 12, 31), pendulum.Date(2027, 12, 31)])


def _target(kind: str, **fields: object) -> st.SearchStrategy[Target]:
    return st.builds(Target, id=st.just("T1"), kind=st.just(kind), metric=st.just("指标"), **fields)  # type: ignore[arg-type]


class TestCumulative(TargetKindContract):
    kind_name = "cumulative"

    def targets(self) -> st.SearchStrategy[Target]:
        return _target("cumulative", quantity=positive, comparator=st.just(Comparator.GE), deadline=deadlines,
                       baseline=st.none() | st.builds(Baseline, value=amounts))


class TestLevel(TargetKindContract):
    kind_name = "level"

    def targets(self) -> st.SearchStrategy[Target]:
        return _target("level", quantity=positive, comparator=st.just(Comparator.GE), deadline=deadlines,
                       unit_of_measure=st.just("%"))


class TestLevelCeiling(TargetKindContract):
    kind_name = "level"
    monotonic = False  # a ceiling (<=): a higher value is worse

    def targets(self) -> st.SearchStrategy[Target]:
        return _target("level", quantity=positive, comparator=st.just(Comparator.LE), deadline=deadlines)


class TestRange(TargetKindContract):
    kind_name = "range"
    monotonic = False  # above the maximum is out of range again

    def targets(self) -> st.SearchStrategy[Target]:
        return st.tuples(positive, positive).flatmap(lambda ends: _target(
            "range", minimum=st.just(min(ends)), maximum=st.just(max(ends)), deadline=deadlines))


class TestRecurring(TargetKindContract):
    kind_name = "recurring"

    def targets(self) -> st.SearchStrategy[Target]:
        recurrence = st.builds(Recurrence, every=st.sampled_from([PeriodKind.SEMESTER, PeriodKind.YEAR]),
                               interval=st.integers(1, 3))
        return _target("recurring", recurrence=recurrence, quantity=positive, comparator=st.just(Comparator.GE))


class TestMilestone(TargetKindContract):
    kind_name = "milestone"

    def targets(self) -> st.SearchStrategy[Target]:
        return _target("milestone", deadline=deadlines)


class TestQualitative(TargetKindContract):
    kind_name = "qualitative"
    monotonic = False  # ratings are points on a scale, not amounts: adding to them leaves the scale
    ordinal: ClassVar[dict[Decimal, Decimal] | None] = {
        Decimal(1): Decimal(0), Decimal(2): Decimal("0.6"), Decimal(3): Decimal(1)
    }

    def targets(self) -> st.SearchStrategy[Target]:
        return _target("qualitative", deadline=deadlines)


class TestBudget(ExtensionContract):
    extension_name = "budget"

    def values(self) -> st.SearchStrategy[Budget]:
        return st.builds(Budget, total=amounts, sources=st.just(()), year=st.none() | st.integers(2023, 2027))


class TestBudgetWithSources(ExtensionContract):
    extension_name = "budget"

    def values(self) -> st.SearchStrategy[Budget]:
        sources = st.lists(st.builds(Funding, source=st.sampled_from(["中央资金", "县级配套"]), amount=amounts),
                           min_size=1, max_size=3)
        return sources.map(lambda s: Budget(total=sum((f.amount for f in s), Decimal(0)), sources=tuple(s)))


class TestContact(ExtensionContract):
    extension_name = "contact"

    def values(self) -> st.SearchStrategy[Contact]:
        return st.builds(Contact, person=st.sampled_from(["张三", "李四"]), title=st.none() | st.just("副局长"),
                         phone=st.none() | st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
