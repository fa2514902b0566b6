"""The attainment and pace scorers: worked examples, the published growth method, and the contract for every scorer."""

from __future__ import annotations

import math
from decimal import Decimal

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.strategies import assessments

from edu_plan import (
    Assessment,
    Baseline,
    Horizon,
    Period,
    Plan,
    ProgressLog,
    ProgressReport,
    Responsibility,
    Role,
    Section,
    Target,
    Task,
    Unit,
    default_registry,
    serialization,
)
from edu_plan.errors import ScoringError
from edu_plan.plugins.scoring import ATTAINMENT, EFFICIENCY, PACE, growth_category, year_time
from edu_plan.testing.scorers import ScorerContract

D = Decimal
YEAR = Period.parse("2024")


def plan_with(*targets: Target) -> Plan:
    return Plan(
        id="t", title="测试", horizon=Horizon(start=pendulum.Date(2023, 1, 1), end=pendulum.Date(2027, 12, 31)),
        units=[Unit(id="edu", name="县教体局"), Unit(id="fin", name="县财政局")],
        sections=[Section(key="一", title="一", tasks=[Task(
            number=1, title="任务", targets=targets,
            responsibilities=[Responsibility(unit="edu", role=Role.LEAD),
                              Responsibility(unit="fin", role=Role.COOPERATING)],
        )])],
    )


def rep(target: str, period: str, value: str, day: tuple[int, int, int]) -> ProgressReport:
    return ProgressReport(plan_id="t", target=target, unit="edu", period=Period.parse(period), value=D(value),
                          report_date=pendulum.Date(*day), evidence=("证明",))


class TestAttainment:
    def test_worked_example(self) -> None:
        """Weights 1 and 3: shares 0.5 (5 of 10) and 0.25 ((60 − 50)/(90 − 50)) → 100 × (0.5 + 0.75)/4 = 31.25."""
        plan = plan_with(Target(id="A", kind="cumulative", metric="a", quantity=10),
                         Target(id="B", kind="level", metric="b", quantity=90, comparator=">=",
                                baseline=Baseline(value=D(50)), weight=D(3)))
        log = ProgressLog([rep("A", "2024", "5", (2024, 6, 1)), rep("B", "2024", "60", (2024, 6, 1))])
        card = ATTAINMENT.score(plan, log, {}, period=YEAR).scorecard("edu")
        assert (D("31.25"), "不合格") == (card.total, card.grade)
        assert [D("12.5"), D("18.75")] == [line.points for line in card.lines]
        assert ["yellow", "red"] == [line.colour for line in card.lines]

    def test_only_owners_get_a_scorecard(self) -> None:
        """A cooperating unit owns no target: attainment scores only the lead."""
        plan = plan_with(Target(id="A", kind="cumulative", metric="a", quantity=10))
        assert ["edu"] == [c.unit for c in ATTAINMENT.score(plan, ProgressLog(), {}, period=YEAR).scorecards]


class TestPaceLinear:
    def test_worked_example(self) -> None:
        """覆盖率 from 80 (end of 2022) to 86 (end of 2024), target 92 by end of 2026.

        Observed (86 − 80)/2 = 3 a year; required (92 − 80)/4 = 3 a year; ratio 1 → on track.
        With 83 instead: 1.5 a year, ratio 0.5 → moderately improving; with 79: regressing.
        """
        def category(latest: str) -> str | None:
            plan = plan_with(Target(id="L", kind="level", metric="覆盖率", quantity=92, comparator=">=",
                                    baseline=Baseline(value=D(80), as_of=pendulum.Date(2023, 1, 1)),
                                    deadline=pendulum.Date(2026, 12, 31)))
            log = ProgressLog([rep("L", "2024", latest, (2024, 12, 20))])
            return PACE.score(plan, log, {}, period=YEAR).scorecard("edu").lines[0].category

        assert ["on_track", "moderately_improving", "stagnating", "regressing", "achieved"] == [
            category(v) for v in ("86", "83", "80.5", "79", "93")]

    def test_too_little_data_says_so(self) -> None:
        """One level value and no baseline: insufficient data, not a guess; the line carries no weight."""
        plan = plan_with(Target(id="L", kind="level", metric="m", quantity=92, comparator=">="))
        line = PACE.score(plan, ProgressLog([rep("L", "2024", "50", (2024, 6, 1))]), {}, period=YEAR) \
            .scorecard("edu").lines[0]
        assert ("insufficient_data", "grey", D(0)) == (line.category, line.colour, line.weight)
        assert "not guessing" in line.explanation

    def test_cut_offs_come_from_the_scheme(self) -> None:
        """With on_track lowered to 0.4, a ratio of 0.5 is on track."""
        plan = plan_with(Target(id="L", kind="level", metric="m", quantity=92, comparator=">=",
                                baseline=Baseline(value=D(80), as_of=pendulum.Date(2023, 1, 1)),
                                deadline=pendulum.Date(2026, 12, 31)))
        scheme = PACE.load_scheme({"linear": {"on_track": D("0.4"), "moderately_improving": D("0.2")}})
        log = ProgressLog([rep("L", "2024", "83", (2024, 12, 20))])
        assert "on_track" == PACE.score(plan, log, scheme, period=YEAR).scorecard("edu").lines[0].category

    def test_cut_offs_must_not_increase(self) -> None:
        """A scheme whose cut-offs rise from one category to the next is refused with the key."""
        with pytest.raises(ScoringError,
                           match=r"s.toml: 1 problem in the scheme\n  \$.linear: error: cut-offs must not increase"):
            PACE.load_scheme({"linear": {"on_track": D("0.2"), "moderately_improving": D("0.5")}}, source="s.toml")


def open_sdg_status(base: float, current: float, base_year: int, current_year: int, target: float | None,
                    target_year: int, direction: int) -> str:
    """The published method as sdg-build's ProgressMeasure.py computes it, in floats, for comparison."""
    if target is not None and ((direction == -1 and current <= target) or (direction == 1 and current >= target)):
        return "target_achieved"
    if base == 0:
        base = 0.001
    if (base > 0 > current) or (base < 0 < current) or current_year - base_year < 1:
        return "not_available"
    sign = -1 if base < 0 else 1

    def cagr(v1: float, v2: float, t1: int, t2: int) -> float:
        return (v1 / v2) ** (1 / (t1 - t2)) - 1

    if target is None:
        value, cuts = sign * direction * cagr(current, base, current_year, base_year), (0.015, 0.005, 0.0)
    else:
        goal = 0.001 if target == 0 else target
        value = sign * direction * cagr(current, base, current_year, base_year) / abs(
            cagr(goal, base, target_year, base_year))
        cuts = (0.95, 0.6, 0.0)
    if any(math.isclose(value, cut, abs_tol=1e-9) for cut in cuts):
        return "borderline"  # floats and decimals may fall either side of a cut-off: not compared
    if value >= cuts[0]:
        return "substantial_progress"
    if value >= cuts[1]:
        return "moderate_progress"
    if value >= cuts[2]:
        return "limited_progress"
    return "deterioration"


_SAME = {"target_achieved": "achieved", "substantial_progress": "on_track", "moderate_progress": "needs_acceleration",
         "limited_progress": "limited_progress", "deterioration": "deterioration", "not_available": "insufficient_data"}


class TestPaceGrowth:
    def test_worked_example(self) -> None:
        """From 50 (2020) to 60.5 (2022), target 80 by 2025.

        Observed CAGR (60.5/50)^(1/2) − 1 = 0.1; required (80/50)^(1/5) − 1 = e^(ln 1.6 / 5) − 1 ≈ 0.09856;
        ratio 0.1 / 0.09856 ≈ 1.0146 ≥ 0.95 → on track.  Time from 31 Dec dates: 2020-12-31 is 2021.0.
        """
        plan = plan_with(Target(id="L", kind="level", metric="m", quantity=80, comparator=">=",
                                baseline=Baseline(value=D(50), as_of=pendulum.Date(2021, 1, 1)),
                                deadline=pendulum.Date(2025, 12, 31)))
        plan = Plan(**{**{f: getattr(plan, f) for f in ("id", "title", "units", "sections")},
                       "horizon": Horizon(start=pendulum.Date(2021, 1, 1), end=pendulum.Date(2025, 12, 31))})
        log = ProgressLog([rep("L", "2022", "60.5", (2022, 12, 20))])
        line = PACE.score(plan, log, {"method": "growth"}, period=Period.parse("2022")).scorecard("edu").lines[0]
        assert "on_track" == line.category
        assert "ratio 1.0146" in line.explanation

    @given(st.integers(1, 500), st.integers(0, 600), st.integers(1, 6), st.integers(1, 10),
           st.one_of(st.none(), st.integers(0, 800)), st.sampled_from([1, -1]))
    def test_the_same_category_as_the_published_method(self, base: int, current: int, years: int, more: int,
                                                       target: int | None, direction: int) -> None:
        """On yearly series, the public single-series function gives the category of Open SDG's method."""
        from edu_plan.plugins.scoring import pace_category

        assume(target != base)  # a target equal to the base: the published code divides by zero
        expected = open_sdg_status(base, current, 2015, 2015 + years, target, 2015 + years + more, direction)
        assume(expected != "borderline")
        result = pace_category([2015, 2015 + years], [base, current], target=target,
                               target_year=None if target is None else 2015 + years + more, direction=direction,
                               base_year=2015)
        assert _SAME[expected] == result.category

    def test_year_time_counts_whole_years_from_year_ends(self) -> None:
        """31 Dec 2024 is 2025 exactly, so yearly series step in whole years as the published methods count."""
        assert (D(2025), D(2024)) == (year_time(pendulum.Date(2024, 12, 31)), year_time(pendulum.Date(2023, 12, 31)))

    def test_growth_category_cut_offs(self) -> None:
        """0.95 on track, 0.60 needs acceleration, 0 limited progress, below 0 deterioration."""
        cuts = {"on_track": D("0.95"), "needs_acceleration": D("0.60"), "limited_progress": D(0)}
        assert ["on_track", "needs_acceleration", "limited_progress", "deterioration"] == [
            growth_category(D(v), cuts) for v in ("0.95", "0.6", "0", "-0.01")]


class TestDeterminism:
    def test_same_inputs_give_byte_identical_json(self) -> None:
        """Scoring the Helan example twice gives the same JSON bytes for every scorer."""
        from edu_plan import datasets
        from edu_plan.progress import load_progress

        plan = datasets.load("helan")
        log = load_progress("examples/helan/progress-2023-2024.csv", plan=plan)
        for scorer in (ATTAINMENT, PACE):
            first = serialization.dumps(serialization.unstructure(scorer.score(plan, log, {}, period=YEAR), "json"),
                                        "json")
            again = serialization.dumps(serialization.unstructure(scorer.score(plan, log, {}, period=YEAR), "json"),
                                        "json")
            assert first.encode() == again.encode()


class TestRegistered:
    def test_the_built_ins_are_found_through_their_entry_points(self) -> None:
        """attainment, pace and efficiency load from the edu_plan.scorers group."""
        registry = default_registry()
        assert (ATTAINMENT, PACE, EFFICIENCY) == tuple(registry.scorer(n) for n in ("attainment", "pace", "efficiency"))


class TestAttainmentContract(ScorerContract):
    """The attainment scorer passes the public scorer contract."""

    def make_scorer(self) -> object:
        return ATTAINMENT


class TestPaceLinearContract(ScorerContract):
    """The pace scorer (linear) passes the public scorer contract."""

    def make_scorer(self) -> object:
        return PACE


class TestPaceGrowthContract(ScorerContract):
    """The pace scorer (growth) passes the public scorer contract."""

    def make_scorer(self) -> object:
        return PACE

    def scheme_data(self) -> dict[str, object]:
        return {"method": "growth"}


class TestEfficiencyContract(ScorerContract):
    """The efficiency scorer passes the public scorer contract, with the Helan example scheme."""

    def make_scorer(self) -> object:
        return EFFICIENCY

    def scheme_data(self) -> dict[str, object]:
        from edu_plan import serialization

        return serialization.read_scheme("examples/helan/scheme.toml")


class TestAssessmentRoundTrip:
    @given(assessments(), st.sampled_from(["json", "yaml", "toml"]))
    def test_assessments_round_trip(self, assessment: Assessment, fmt: str) -> None:
        """An assessment comes back equal from JSON, YAML and TOML, dates as pendulum dates."""
        text = serialization.dumps(serialization.unstructure(assessment, fmt), fmt)  # type: ignore[arg-type]
        back = serialization.structure(serialization.loads(text, fmt), Assessment, fmt)  # type: ignore[arg-type]
        assert assessment == back
        assert type(back.as_of) is pendulum.Date
