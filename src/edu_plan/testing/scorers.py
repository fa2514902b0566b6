"""The scorer contract: the tests every ``edu_plan.scorers`` plugin passes, ours and third parties'.

Subclass :class:`ScorerContract` in a test module, return your scorer from
``make_scorer`` and, if it needs one, a scheme table from ``scheme_data``; pytest then
runs every contract test against it::

    from edu_plan.testing.scorers import ScorerContract

    class TestMyScorer(ScorerContract):
        def make_scorer(self):
            from my_package import MY_SCORER
            return MY_SCORER

The tests score a small plan (a department and a township, targets of every built-in
kind) and check what an auditor relies on: every share in [0, 1], every total in
[0, the assessment's maximum], the same inputs give byte-identical JSON, the order of
the reports does not matter, more progress never lowers a unit's total, the result
round-trips through JSON, and a target kind added at run time is scored through its
own achievement rule.  Needs ``pytest`` and ``hypothesis``.
"""

# ruff: noqa: S101 - a conformance kit is a set of pytest tests: assert is how they check

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edu_plan._assessment import (
    Achievement,
    AchievementContext,
    AchievementStatus,
    Aggregation,
    Assessment,
    PaceInput,
    PaceSeries,
    Reading,
    progress_reading,
)
from edu_plan._model import Horizon, Plan, Responsibility, Role, Section, Target, Task, Unit, UnitKind
from edu_plan._periods import Period, PeriodKind, Recurrence
from edu_plan._progress import Observation, ProgressLog, ProgressReport
from edu_plan._registry import Group, Registry, default_registry
from edu_plan.errors import Problem

__all__ = ["PLAN_ID", "ScorerContract", "contract_plan", "contract_reports"]

PLAN_ID = "contract"
D = Decimal
_PERIOD = Period.parse("2024")
_TARGETS = ("C1", "L1", "R1", "M1", "Q1", "P1")


def contract_plan() -> Plan:
    """A small plan with a department lead and a township cooperating, one target of each built-in kind."""
    targets = [
        Target(id="C1", kind="cumulative", metric="新增学位", quantity=D(100), comparator=">=",
               deadline=pendulum.Date(2026, 12, 31)),
        Target(id="L1", kind="level", metric="覆盖率", quantity=D(90), comparator=">=",
               deadline=pendulum.Date(2026, 12, 31)),
        Target(id="R1", kind="range", metric="名校长", minimum=D(2), maximum=D(3),
               deadline=pendulum.Date(2026, 12, 31)),
        Target(id="M1", kind="milestone", metric="挂牌成立", deadline=pendulum.Date(2026, 12, 31)),
        Target(id="Q1", kind="qualitative", metric="一校一特色", deadline=pendulum.Date(2026, 12, 31)),
        Target(id="P1", kind="recurring", metric="家访", quantity=D(1), comparator=">=",
               recurrence=Recurrence(every=PeriodKind.QUARTER)),
    ]
    responsibilities = [Responsibility(unit="dept", role=Role.LEAD), Responsibility(unit="town", role=Role.COOPERATING)]
    return Plan(
        id=PLAN_ID, title="合同测试方案",
        horizon=Horizon(start=pendulum.Date(2023, 1, 1), end=pendulum.Date(2026, 12, 31)),
        units=[Unit(id="dept", name="县教体局"), Unit(id="town", name="习岗镇", kind=UnitKind.TOWNSHIP)],
        sections=[Section(key="一", title="任务", tasks=[
            Task(number=1, title="学位与覆盖", responsibilities=responsibilities, targets=targets[:3]),
            Task(number=2, title="制度与活动", responsibilities=responsibilities, targets=targets[3:]),
        ])],
    )


def _report(target: str, period: str, value: Decimal, day: pendulum.Date, unit: str = "dept") -> ProgressReport:
    return ProgressReport(plan_id=PLAN_ID, target=target, unit=unit, period=Period.parse(period), value=value,
                          report_date=day, evidence=(f"证明-{target}-{period}",))


def contract_reports(values: Mapping[str, Decimal]) -> list[ProgressReport]:
    """A report per target for 2023 and 2024 (quarters for the recurring one); ``values`` sets 2024's figures."""
    reports = []
    for target in _TARGETS:
        value = values.get(target, D(1))
        if target == "P1":
            reports += [_report("P1", f"2024Q{q}", value, pendulum.Date(2024, 3 * q, 20)) for q in range(1, 5)]
            continue
        reports.append(_report(target, "2023", D(1) if target not in ("M1",) else D(0), pendulum.Date(2023, 12, 20)))
        reports.append(_report(target, "2024", value, pendulum.Date(2024, 12, 20)))
    return reports


_VALUES = st.fixed_dictionaries({
    "C1": st.decimals(min_value=0, max_value=150, places=1, allow_nan=False),
    "L1": st.decimals(min_value=0, max_value=100, places=1, allow_nan=False),
    "R1": st.integers(0, 5).map(D),
    "M1": st.sampled_from([D(0), D(1)]),
    "Q1": st.integers(0, 4).map(D),
    "P1": st.integers(0, 2).map(D),
})


@attrs.frozen
class _HalfKind:
    """A kind made up for the contract: a tenth for any report, all of it from 10."""

    name: str = "half"
    label: str = "对半"
    requires: frozenset[str] = frozenset()
    uses: frozenset[str] = frozenset({"deadline"})
    params_type: type | None = None
    aggregation: Aggregation = Aggregation.LATEST

    def check_value(self, value: Decimal) -> str | None:
        return None if value >= 0 else f"'value' of a {self.name} target must be >= 0 (got {value})"

    def pace_input(self, target: Target) -> PaceInput:
        return PaceInput(series=PaceSeries.SHARE)

    def reading(self, target: Target, observations: Sequence[Observation], context: AchievementContext) -> Reading:
        return progress_reading(target, self.aggregation, observations)

    def validate(self, target: Target, *, path: str) -> Iterable[Problem]:
        return ()

    def achievement(self, target: Target, observations: Sequence[Observation],
                    context: AchievementContext) -> Achievement:
        if not observations:
            return Achievement(share=D(0), status=AchievementStatus.NO_DATA, explanation="half: nothing reported")
        best = max(o.latest for o in observations)
        share = D(1) if best >= 10 else D("0.1")
        return Achievement(share=share, status=AchievementStatus.of(share), explanation=f"half: best {best}")


# Each subclass runs the same test methods on its own scorer: that is the point of a contract.
_SUBCLASSED = [HealthCheck.differing_executors, HealthCheck.function_scoped_fixture]


class ScorerContract:
    """Contract tests for an ``edu_plan.scorers`` plugin; subclass and implement :meth:`make_scorer`."""

    def make_scorer(self) -> Any:
        """The scorer under test."""
        raise NotImplementedError

    def scheme_data(self) -> Mapping[str, Any]:
        """The scheme table to score with (default: an empty one, the scorer's defaults)."""
        return {}

    # -- helpers ------------------------------------------------------------------------------------

    def _score(self, reports: Iterable[ProgressReport], *, registry: Registry | None = None,
               plan: Plan | None = None) -> Assessment:
        scorer = self.make_scorer()
        scheme = scorer.load_scheme(self.scheme_data(), source="contract-scheme.toml")
        result: Assessment = scorer.score(plan or contract_plan(), ProgressLog(reports), scheme, period=_PERIOD,
                                          registry=registry)
        return result

    @staticmethod
    def _json(assessment: Assessment) -> str:
        from edu_plan import serialization

        return serialization.dumps(serialization.unstructure(assessment, "json"), "json")

    # -- the contract ---------------------------------------------------------------------------------

    def test_has_a_name_and_reads_its_scheme(self) -> None:
        """The scorer has a name and reads the scheme table it is given."""
        scorer = self.make_scorer()
        assert isinstance(scorer.name, str)
        assert scorer.name
        scorer.load_scheme(self.scheme_data(), source="contract-scheme.toml")

    def test_returns_an_assessment_of_the_period(self) -> None:
        """score() returns an Assessment naming the plan, the scorer and the period, as of its last day."""
        assessment = self._score(contract_reports({}))
        assert isinstance(assessment, Assessment)
        assert (PLAN_ID, self.make_scorer().name, _PERIOD, pendulum.Date(2024, 12, 31)) == (
            assessment.plan_id, assessment.scorer, assessment.period, assessment.as_of)
        assert assessment.scorecards

    @settings(max_examples=25, deadline=None, suppress_health_check=_SUBCLASSED)
    @given(_VALUES)
    def test_shares_and_totals_stay_in_bounds(self, values: Mapping[str, Decimal]) -> None:
        """Every line's share is in [0, 1], points in [0, line maximum], every total in [0, the maximum]."""
        assessment = self._score(contract_reports(values))
        for card in assessment.scorecards:
            assert D(0) <= card.total <= assessment.max_points, card
            for line in card.lines:
                assert D(0) <= line.share <= D(1), line
                assert D(0) <= line.points <= line.max_points or line.max_points == 0, line

    @settings(max_examples=15, deadline=None, suppress_health_check=_SUBCLASSED)
    @given(_VALUES, st.randoms(use_true_random=False))
    def test_the_order_of_reports_does_not_matter(self, values: Mapping[str, Decimal], rnd: random.Random) -> None:
        """Shuffled reports give byte-identical JSON."""
        reports = contract_reports(values)
        shuffled = list(reports)
        rnd.shuffle(shuffled)
        assert self._json(self._score(reports)) == self._json(self._score(shuffled))

    def test_same_inputs_same_bytes(self) -> None:
        """Scoring twice gives byte-identical JSON, and the JSON reads back equal."""
        from edu_plan import serialization

        first = self._score(contract_reports({}))
        text = self._json(first)
        assert text == self._json(self._score(contract_reports({})))
        assert first == serialization.structure(serialization.loads(text, "json"), Assessment, "json")

    @settings(max_examples=20, deadline=None, suppress_health_check=_SUBCLASSED)
    @given(_VALUES, st.sampled_from(["C1", "L1", "R1"]), st.integers(1, 50).map(D))
    def test_more_progress_never_lowers_a_total(self, values: Mapping[str, Decimal], target: str,
                                                more: Decimal) -> None:
        """Raising one target's reported figure never lowers any unit's total."""
        before = self._score(contract_reports(values))
        higher = dict(values)
        higher[target] = values[target] + more
        after = self._score(contract_reports(higher))
        totals = {c.unit: c.total for c in before.scorecards}
        for card in after.scorecards:
            assert card.total >= totals.get(card.unit, D(0)), (target, card.unit, totals, card.total)

    def test_a_kind_added_at_run_time_is_scored_by_its_own_rule(self) -> None:
        """A target kind registered at run time is scored through its achievement rule, not guessed."""
        registry = Registry(discover=False)
        for name, kind in default_registry().load_all(Group.TARGET_KINDS).items():
            registry.register(Group.TARGET_KINDS, name, kind)
        registry.register(Group.TARGET_KINDS, "half", _HalfKind())
        plan = contract_plan()
        task = attrs.evolve(plan.sections[0].tasks[0], targets=[Target(id="H1", kind="half", metric="对半",
                                                                        deadline=pendulum.Date(2026, 12, 31))])
        plan = attrs.evolve(plan, sections=[attrs.evolve(plan.sections[0], tasks=[task])])
        low = self._score([_report("H1", "2024", D(3), pendulum.Date(2024, 6, 1))], registry=registry, plan=plan)
        high = self._score([_report("H1", "2024", D(12), pendulum.Date(2024, 6, 1))], registry=registry, plan=plan)
        assert low.scorecard("dept").total < high.scorecard("dept").total
