"""Achievement per target kind: worked examples, the [0, 1] invariant, and a kind from a third party."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_plan import (
    Achievement,
    AchievementContext,
    AchievementStatus,
    Aggregation,
    Baseline,
    Horizon,
    Observation,
    PaceInput,
    PaceSeries,
    Period,
    PeriodKind,
    Plan,
    ProgressLog,
    ProgressReport,
    Reading,
    Recurrence,
    Registry,
    Responsibility,
    Role,
    Section,
    Target,
    Task,
    Unit,
    UnitKind,
    default_registry,
    progress_reading,
)
from edu_plan.errors import Problem, ScoringError
from edu_plan.plugins.kinds import CUMULATIVE, LEVEL, MILESTONE, QUALITATIVE, RANGE, RECURRING
from edu_plan.plugins.scoring import ATTAINMENT, EFFICIENCY, PACE

D = Decimal
START = pendulum.Date(2023, 1, 1)
CONTEXT = AchievementContext(start=START, window=(pendulum.Date(2024, 1, 1), pendulum.Date(2024, 12, 31)),
                             as_of=pendulum.Date(2024, 12, 31))


def obs(period: str, total: str, *, latest: str | None = None, day: tuple[int, int, int] = (2024, 12, 1),
        unit: str = "u", evidenced: bool = True) -> Observation:
    return Observation(target="T", unit=unit, period=Period.parse(period), total=D(total), latest=D(latest or total),
                       latest_date=pendulum.Date(*day), count=1, evidenced=evidenced, approved=False)


def target(kind: str, **fields: Any) -> Target:
    return Target(id="T", kind=kind, metric="m", **fields)


class TestCumulative:
    def test_worked_example(self) -> None:
        """新增幼儿园10所: 2 + 3 reported → 5/10 = 0.5, partial."""
        result = CUMULATIVE.achievement(target("cumulative", quantity=10, unit_of_measure="所"),
                                        [obs("2023", "2"), obs("2024", "3")], CONTEXT)
        assert (D("0.5"), AchievementStatus.PARTIAL) == (result.share, result.status)
        assert "5所 of 10所" in result.explanation

    def test_more_than_the_quantity_is_one(self) -> None:
        """12 of 10 is clipped to a share of 1: met."""
        result = CUMULATIVE.achievement(target("cumulative", quantity=10), [obs("2024", "12")], CONTEXT)
        assert (D(1), AchievementStatus.MET) == (result.share, result.status)

    def test_increments_before_the_baseline_do_not_count(self) -> None:
        """A report for 2022 ends before counting starts (2023-01-01) and is left out: 3/10 = 0.3."""
        reports = [obs("2022", "4"), obs("2024", "3")]
        result = CUMULATIVE.achievement(target("cumulative", quantity=10), reports, CONTEXT)
        assert D("0.3") == result.share

    def test_no_report_is_no_data(self) -> None:
        """No observation: share 0, status no_data."""
        result = CUMULATIVE.achievement(target("cumulative", quantity=10), [], CONTEXT)
        assert (D(0), AchievementStatus.NO_DATA) == (result.share, result.status)

    def test_a_period_ending_on_the_start_day_counts(self) -> None:
        """Counting starts 2023-12-31: the 2023 report (its period ends that day) counts: 4 + 3 = 7/10 = 0.7."""
        context = attrs.evolve(CONTEXT, start=pendulum.Date(2023, 12, 31))
        result = CUMULATIVE.achievement(target("cumulative", quantity=10), [obs("2023", "4"), obs("2024", "3")],
                                        context)
        assert D("0.7") == result.share

    def test_quantity_zero_is_met_by_any_report(self) -> None:
        """Quantity 0 (nothing to add): a report of 0 sums to 0 ≥ 0 → 1, without dividing by 0."""
        result = CUMULATIVE.achievement(target("cumulative", quantity=0), [obs("2024", "0")], CONTEXT)
        assert D(1) == result.share

    def test_quantity_one_is_a_ratio(self) -> None:
        """Quantity 1, reported 0: 0/1 = 0 (the ratio, not the rule for quantity 0)."""
        result = CUMULATIVE.achievement(target("cumulative", quantity=1), [obs("2024", "0")], CONTEXT)
        assert D(0) == result.share

    def test_explanation_without_a_unit_of_measure(self) -> None:
        """No unit of measure: the numbers stand alone, "sum to 5 of 10 → 5/10 = 50%"."""
        result = CUMULATIVE.achievement(target("cumulative", quantity=10), [obs("2024", "5")], CONTEXT)
        assert "sum to 5 of 10 → 5/10 = 50%" in result.explanation


class TestLevel:
    def test_worked_example_with_baseline(self) -> None:
        """覆盖率 ≥ 92 from a baseline of 80: latest 89 → (89 − 80)/(92 − 80) = 9/12 = 0.75."""
        t = target("level", quantity=92, comparator=">=", baseline=Baseline(value=D(80)))
        result = LEVEL.achievement(t, [obs("2023", "85", day=(2023, 12, 1)), obs("2024", "89")], CONTEXT)
        assert D("0.75") == result.share

    def test_latest_wins_not_the_sum(self) -> None:
        """The latest report (2024: 93) is compared, not the sum: 93 ≥ 92 holds → 1."""
        t = target("level", quantity=92, comparator=">=")
        assert D(1) == LEVEL.achievement(t, [obs("2023", "85", day=(2023, 12, 1)), obs("2024", "93")], CONTEXT).share

    def test_without_baseline_the_share_is_value_over_quantity(self) -> None:
        """No baseline: 46 of ≥ 92 → 46/92 = 0.5."""
        assert D("0.5") == LEVEL.achievement(target("level", quantity=92, comparator=">="), [obs("2024", "46")],
                                             CONTEXT).share

    def test_a_ceiling_missed_gives_quantity_over_value(self) -> None:
        """≤ 10 with 20 reported, no baseline → 10/20 = 0.5."""
        assert D("0.5") == LEVEL.achievement(target("level", quantity=10, comparator="<="), [obs("2024", "20")],
                                             CONTEXT).share

    def test_relative_target_is_read_in_percent_of_its_reference(self) -> None:
        """不低于公务员平均工资: 98 (% of it) → 98/100 = 0.98."""
        t = target("level", comparator=">=", relative_to="公务员平均工资收入水平")
        assert D("0.98") == LEVEL.achievement(t, [obs("2024", "98")], CONTEXT).share

    def test_relative_target_names_its_reference(self) -> None:
        """The explanation of 不低于公务员平均工资 says what the value is relative to."""
        t = target("level", comparator=">=", relative_to="公务员平均工资收入水平")
        explanation = LEVEL.achievement(t, [obs("2024", "98")], CONTEXT).explanation
        assert "T relative to 公务员平均工资收入水平 (reported in % of it): latest value 98" in explanation

    def test_a_ceiling_missed_by_one_above_is_partial(self) -> None:
        """辍学率 ≤ 0.5, reported 1: 0.5/1 = 0.5."""
        assert D("0.5") == LEVEL.achievement(target("level", quantity=D("0.5"), comparator="<="), [obs("2024", "1")],
                                             CONTEXT).share

    def test_a_ceiling_below_zero_missed_with_a_value_not_above_zero_is_zero(self) -> None:
        """≤ −5 (a fall of at least 5), no baseline: reported 0 or −2 misses it; quantity/value would be
        −5/0 (undefined) or −5/−2 = 2.5 (above 1 for a miss), so a value ≤ 0 counts 0."""
        t = target("level", quantity=-5, comparator="<=")
        assert [D(0), D(0)] == [LEVEL.achievement(t, [obs("2024", v)], CONTEXT).share for v in ("0", "-2")]

    def test_a_floor_of_one_is_a_ratio(self) -> None:
        """≥ 1, reported 0.5: 0.5/1 = 0.5."""
        assert D("0.5") == LEVEL.achievement(target("level", quantity=1, comparator=">="), [obs("2024", "0.5")],
                                             CONTEXT).share

    def test_a_floor_of_zero_missed_is_zero(self) -> None:
        """≥ 0, reported −1: missed, and value/0 is undefined, so 0."""
        assert D(0) == LEVEL.achievement(target("level", quantity=0, comparator=">="), [obs("2024", "-1")],
                                         CONTEXT).share


class TestRange:
    def test_within_is_one_and_below_is_partial(self) -> None:
        """2—3名: 2 → 1; 1 → 1/2 = 0.5; 4 (above) → 1."""
        t = target("range", minimum=2, maximum=3)
        assert [D(1), D("0.5"), D(1)] == [RANGE.achievement(t, [obs("2024", v)], CONTEXT).share for v in "214"]

    def test_both_ends_are_within(self) -> None:
        """2—3名: 2 and 3 are both within [2, 3] (not "above the maximum", not "below the minimum")."""
        t = target("range", minimum=2, maximum=3)
        for value in "23":
            assert "within [2, 3] → 100%" in RANGE.achievement(t, [obs("2024", value)], CONTEXT).explanation

    def test_below_the_minimum_from_a_baseline(self) -> None:
        """Baseline 1, minimum 3, maximum 4, reported 2: (2 − 1)/(3 − 1) = 0.5."""
        t = target("range", minimum=3, maximum=4, baseline=Baseline(value=D(1)))
        assert D("0.5") == RANGE.achievement(t, [obs("2024", "2")], CONTEXT).share

    def test_below_a_minimum_equal_to_the_baseline_is_zero(self) -> None:
        """Baseline 2, minimum 2, reported 1: there is no way from the baseline to measure (2 − 2 = 0): 0."""
        t = target("range", minimum=2, maximum=3, baseline=Baseline(value=D(2)))
        assert D(0) == RANGE.achievement(t, [obs("2024", "1")], CONTEXT).share


class TestRecurring:
    def test_worked_example_per_semester(self) -> None:
        """每学期一次 in 2024: three semesters overlap the year; the one still running is not due.

        2023-2024-1 ends 2024-01-31 and 2023-2024-2 ends 2024-08-31: both due.  2024-2025-1
        ends 2025-01-31, after the as-of date: not due unless already met.  With one report
        for 2023-2024-2 only: 1 of 2 met = 0.5; with both semesters reported: 2/2 = 1.
        """
        t = target("recurring", quantity=1, comparator=">=", recurrence=Recurrence(every=PeriodKind.SEMESTER))
        assert D("0.5") == RECURRING.achievement(t, [obs("2023-2024-2", "1")], CONTEXT).share
        both = [obs("2023-2024-1", "1"), obs("2023-2024-2", "1")]
        assert D(1) == RECURRING.achievement(t, both, CONTEXT).share

    def test_periods_met_over_periods_due(self) -> None:
        """每年 ≥ 10 over 2023–2024: 12 then 9 → 1 of 2 years met = 0.5."""
        t = target("recurring", quantity=10, comparator=">=", recurrence=Recurrence(every=PeriodKind.YEAR))
        context = attrs.evolve(CONTEXT, window=(pendulum.Date(2023, 1, 1), pendulum.Date(2024, 12, 31)))
        result = RECURRING.achievement(t, [obs("2023", "12"), obs("2024", "9")], context)
        assert (D("0.5"), D(1), D(2)) == (result.share, result.value, result.reference)

    def test_explanation_lists_each_period(self) -> None:
        """每年 ≥ 10 over 2023–2024, 12 then 9: "(2023: 12 ✓; 2024: 9 ✗) → 1/2 = 50%"."""
        t = target("recurring", quantity=10, comparator=">=", recurrence=Recurrence(every=PeriodKind.YEAR))
        context = attrs.evolve(CONTEXT, window=(pendulum.Date(2023, 1, 1), pendulum.Date(2024, 12, 31)))
        result = RECURRING.achievement(t, [obs("2023", "12"), obs("2024", "9")], context)
        assert "1 of 2 periods met (2023: 12 ✓; 2024: 9 ✗) → 1/2 = 50%" in result.explanation

    def test_cycles_without_anchor_run_from_the_start_of_counting(self) -> None:
        """每2年 ≥ 2, no anchor, counting from 2023, assessed 2024: the cycle is 2023–2024 (not 2024–2025),
        1 + 1 = 2 → met, 1 of 1 = 1."""
        t = target("recurring", quantity=2, recurrence=Recurrence(every=PeriodKind.YEAR, interval=2))
        result = RECURRING.achievement(t, [obs("2023", "1"), obs("2024", "1")], CONTEXT)
        assert (D(1), AchievementStatus.MET) == (result.share, result.status)
        assert "(2023–2024: 2 ✓)" in result.explanation

    def test_the_anchor_given_is_kept(self) -> None:
        """每2年 ≥ 2 anchored 2024, counting from 2023, assessed 2024: the cycle is 2024–2025, still running
        and 1 < 2, so nothing is due (from the start of counting it would be 2023–2024, met)."""
        t = target("recurring", quantity=2, recurrence=Recurrence(every=PeriodKind.YEAR, interval=2,
                                                                anchor=Period.parse("2024")))
        result = RECURRING.achievement(t, [obs("2023", "1"), obs("2024", "1")], CONTEXT)
        assert AchievementStatus.NOT_DUE == result.status

    def test_the_last_cycle_is_seen_whole(self) -> None:
        """每4年 ≥ 2 from 2023, window 2024, scored on 2027-01-31: the cycle 2023–2026 runs past the window
        and is seen whole, so 1 (2023) + 1 (2026) = 2 → met, 1 of 1."""
        t = target("recurring", quantity=2, recurrence=Recurrence(every=PeriodKind.YEAR, interval=4,
                                                                anchor=Period.parse("2023")))
        context = attrs.evolve(CONTEXT, as_of=pendulum.Date(2027, 1, 31))
        result = RECURRING.achievement(t, [obs("2023", "1"), obs("2026", "1")], context)
        assert D(1) == result.share
        assert "(2023–2026: 2 ✓)" in result.explanation

    def test_a_report_that_starts_before_the_cycle_does_not_count(self) -> None:
        """每年 ≥ 1 in 2024: a report for the semester 2023-2024-1 (Sep 2023–Jan 2024) starts before the year,
        so 2024 counts 0 → 0 of 1."""
        t = target("recurring", quantity=1, recurrence=Recurrence(every=PeriodKind.YEAR))
        assert D(0) == RECURRING.achievement(t, [obs("2023-2024-1", "1")], CONTEXT).share

    def test_a_cycle_met_on_the_first_day_counts(self) -> None:
        """每年 ≥ 1, window 2024, scored on 2024-01-01 (the window's first day) with 2024 already reported:
        the year is running but met, so 1 of 1 (the window has started: something can be due)."""
        t = target("recurring", quantity=1, recurrence=Recurrence(every=PeriodKind.YEAR))
        context = attrs.evolve(CONTEXT, as_of=pendulum.Date(2024, 1, 1))
        assert D(1) == RECURRING.achievement(t, [obs("2024", "1", day=(2024, 1, 1))], context).share

    def test_a_running_cycle_not_met_does_not_end_the_count(self) -> None:
        """每季度 ≥ 1 in 2024, scored on 2024-05-15: Q1 done (due, met); Q2 running, not met (not due); Q3
        done ahead (running but met, counts): 2 of 2 = 1."""
        t = target("recurring", quantity=1, recurrence=Recurrence(every=PeriodKind.QUARTER))
        context = attrs.evolve(CONTEXT, as_of=pendulum.Date(2024, 5, 15))
        reports = [obs("2024Q1", "1", day=(2024, 3, 1)), obs("2024Q3", "1", day=(2024, 5, 10))]
        result = RECURRING.achievement(t, reports, context)
        assert (D(1), D(2)) == (result.share, result.reference)

    def test_a_cycle_not_yet_over_is_not_due(self) -> None:
        """每5年 from 2023: the cycle 2023–2027 is not due in 2024 and nothing is met: not_due."""
        t = target("recurring", quantity=100, recurrence=Recurrence(every=PeriodKind.YEAR, interval=5,
                                                                  anchor=Period.parse("2023")))
        assert AchievementStatus.NOT_DUE == RECURRING.achievement(t, [obs("2024", "20")], CONTEXT).status


class TestMilestone:
    def test_done_with_evidence_is_one(self) -> None:
        """挂牌成立 reported 1 with evidence → 1."""
        assert D(1) == MILESTONE.achievement(target("milestone"), [obs("2024", "1")], CONTEXT).share

    def test_done_without_evidence_is_zero(self) -> None:
        """Reported 1 with no evidence → 0: a milestone counts only with evidence."""
        result = MILESTONE.achievement(target("milestone"), [obs("2024", "1", evidenced=False)], CONTEXT)
        assert (D(0), AchievementStatus.NOT_MET) == (result.share, result.status)

    def test_reported_not_done_is_not_met_by_the_deadline(self) -> None:
        """Due 2024-06-30, reported 0: not met (a report exists, so not no_data), "not reported done (1) by
        30 June 2024" (the deadline in words, before the as-of day 2024-12-31)."""
        result = MILESTONE.achievement(target("milestone", deadline=pendulum.Date(2024, 6, 30)), [obs("2024", "0")],
                                       CONTEXT)
        assert (D(0), AchievementStatus.NOT_MET) == (result.share, result.status)
        assert "not reported done (1) by 30 June 2024" in result.explanation

    def test_the_first_report_done_is_named(self) -> None:
        """Done with evidence by 乙 on 2024-09-01 and by 甲 on 2024-03-05: the explanation names the first, 甲."""
        reports = [obs("2024", "1", day=(2024, 9, 1), unit="乙"), obs("2024-03", "1", day=(2024, 3, 5), unit="甲")]
        result = MILESTONE.achievement(target("milestone"), reports, CONTEXT)
        assert "done with evidence (甲, reported 5 March 2024)" in result.explanation


class TestQualitative:
    def test_the_scheme_maps_ratings(self) -> None:
        """Rated 3 with the default scale (3 较好 → 0.8) → 0.8; with a scheme mapping 3 → 0.7 → 0.7."""
        t = target("qualitative")
        assert D("0.8") == QUALITATIVE.achievement(t, [obs("2024", "3")], CONTEXT).share
        custom = attrs.evolve(CONTEXT, ordinal={D(3): D("0.7")})
        assert D("0.7") == QUALITATIVE.achievement(t, [obs("2024", "3")], custom).share

    def test_a_rating_off_the_scale_is_an_error(self) -> None:
        """A rating the scale does not know is a ScoringError naming the scale."""
        with pytest.raises(ScoringError, match=r"rating 7 .* is not on the scheme's ordinal scale \(0, 1, 2, 3, 4\)"):
            QUALITATIVE.achievement(target("qualitative"), [obs("2024", "7")], CONTEXT)


_NUMERIC_KINDS = {
    "cumulative": target("cumulative", quantity=10),
    "level": target("level", quantity=92, comparator=">=", baseline=Baseline(value=D(50))),
    "level-ceiling": target("level", quantity=10, comparator="<="),
    "range": target("range", minimum=2, maximum=3),
    "recurring": target("recurring", quantity=2, recurrence=Recurrence(every=PeriodKind.QUARTER)),
    "milestone": target("milestone"),
}
_KINDS = {"cumulative": CUMULATIVE, "level": LEVEL, "range": RANGE, "recurring": RECURRING, "milestone": MILESTONE}


class TestInvariants:
    @given(st.sampled_from(sorted(_NUMERIC_KINDS)),
           st.lists(st.tuples(st.sampled_from(["2023", "2024", "2024Q1", "2024Q2", "2024Q3", "2024-06"]),
                              st.decimals(min_value=0, max_value=500, places=1, allow_nan=False)), max_size=6))
    def test_every_share_is_in_zero_one(self, name: str, values: list[tuple[str, Decimal]]) -> None:
        """Whatever is reported, a kind's share lies in [0, 1]."""
        t = _NUMERIC_KINDS[name]
        result = _KINDS[t.kind].achievement(t, [obs(p, str(v)) for p, v in values], CONTEXT)
        assert D(0) <= result.share <= D(1)


# -- a kind defined here, scored by every scorer -------------------------------------------------------------


@attrs.frozen
class RatioKind:
    """比值: the latest value over the target's quantity, 0.5 points for reporting at all (a made-up rule)."""

    name: str = "ratio"
    label: str = "比值"
    requires: frozenset[str] = frozenset({"quantity"})
    uses: frozenset[str] = frozenset({"deadline"})
    params_type: type | None = None
    aggregation: Aggregation = Aggregation.LATEST
    follows: PaceSeries = PaceSeries.SHARE

    def check_value(self, value: Decimal) -> str | None:
        return None if value >= 0 else f"'value' of a ratio must be >= 0 (got {value})"

    def pace_input(self, target: Target) -> PaceInput:
        return PaceInput(series=self.follows, goal=target.quantity)

    def reading(self, target: Target, observations: Sequence[Observation], context: AchievementContext) -> Reading:
        return progress_reading(target, self.aggregation, observations)

    def validate(self, target: Target, *, path: str) -> Iterable[Problem]:
        return ()

    def achievement(self, target: Target, observations: Sequence[Observation],
                    context: AchievementContext) -> Achievement:
        if not observations:
            return Achievement(share=D(0), status=AchievementStatus.NO_DATA, explanation="ratio: nothing reported")
        latest = max(observations, key=lambda o: o.latest_date).latest
        assert target.quantity is not None
        share = min(D(1), D("0.5") + latest / target.quantity / 2).quantize(D("0.0001"))
        return Achievement(share=share, status=AchievementStatus.of(share), explanation=f"ratio: 0.5 + {latest}/"
                           f"{target.quantity}/2 = {share}")


def ratio_plan() -> Plan:
    return Plan(
        id="r", title="比值试点", horizon=Horizon(start=pendulum.Date(2023, 1, 1), end=pendulum.Date(2025, 12, 31)),
        units=[Unit(id="a", name="甲局"), Unit(id="b", name="乙镇", kind=UnitKind.TOWNSHIP)],
        sections=[Section(key="一", title="试点", tasks=[Task(
            number=1, title="比值", responsibilities=[Responsibility(unit="a", role=Role.LEAD),
                                                      Responsibility(unit="b", role=Role.COOPERATING)],
            targets=[Target(id="R1", kind="ratio", metric="比值", quantity=D(40),
                            deadline=pendulum.Date(2025, 12, 31))],
        )])],
    )


def ratio_registry(kind: RatioKind | None = None) -> Registry:
    registry = Registry(discover=False)
    for name, builtin in default_registry().load_all("edu_plan.target_kinds").items():
        registry.register("edu_plan.target_kinds", name, builtin)
    registry.register("edu_plan.target_kinds", "ratio", kind or RatioKind())
    registry.register("edu_plan.scorers", "pace", PACE)
    return registry


def ratio_report(period: str, value: str, day: tuple[int, int, int], unit: str = "a") -> ProgressReport:
    return ProgressReport(plan_id="r", target="R1", unit=unit, period=Period.parse(period), value=D(value),
                          report_date=pendulum.Date(*day), evidence=("x",))


class TestThirdPartyKind:
    @pytest.mark.usefixtures("chinese")
    def test_views_read_a_kind_defined_in_the_test(self) -> None:
        """The ledger shows a test kind's reading, share and status from the kind itself.

        Reported 20 by 甲局 in 2024: the reading is the latest value with its period, 20（2024年）; the
        share 0.75 (the kind's rule) is 75 on the bar; the pace scorer (on the share, as the kind says)
        finds it on track, so the status is 按期推进 with a green light.
        """
        from edu_plan.views import Light, work_ledger
        from edu_plan.views import build as build_views

        registry = ratio_registry()
        log = ProgressLog([ratio_report("2024", "20", (2024, 12, 1))])
        (ledger,) = build_views("ledger", ratio_plan(), progress=log, period=Period.parse("2024"), registry=registry)
        row = ledger.rows[0]
        assert ("20（2024年）", "按期推进", Light.GREEN) == (row[5].value, row[6].value, row[6].light)
        (bars,) = ledger.charts
        assert D(75) == bars.bars[0].value  # type: ignore[union-attr]
        alone = work_ledger(ratio_plan(), log, period=Period.parse("2024"), registry=registry)
        assert ("20（2024年）", "部分完成") == (alone.rows[0][5].value, alone.rows[0][6].value)

    def test_progress_checks_ask_a_kind_defined_in_the_test(self) -> None:
        """A report value the test kind refuses is one problem with the kind's own message; 0 is accepted."""
        from edu_plan import check_progress

        registry = ratio_registry()
        problems = check_progress(ratio_plan(), [ratio_report("2024", "-1", (2024, 12, 1)),
                                                 ratio_report("2023", "0", (2023, 12, 1))], registry=registry)
        assert ["'value' of a ratio must be >= 0 (got -1)"] == [p.message for p in problems]

    def test_pace_follows_the_series_a_kind_defined_in_the_test_names(self) -> None:
        """Told to follow its level, the pace scorer paces the test kind on its values, not its share.

        10 at the end of 2023, 20 at the end of 2024, 40 due by the end of 2025: observed 10 a year,
        required (40 − 10) / 2 = 15 a year, ratio 0.6667 ≥ 0.5 → moderately improving.
        """
        registry = ratio_registry(RatioKind(follows=PaceSeries.LEVEL))
        log = ProgressLog([ratio_report("2023", "10", (2023, 12, 20)), ratio_report("2024", "20", (2024, 12, 20))])
        line = PACE.score(ratio_plan(), log, {}, period=Period.parse("2024"), registry=registry).scorecard("a").lines[0]
        assert "moderately_improving" == line.category
        assert "ratio 0.6667" in line.explanation

    def test_every_scorer_scores_a_kind_defined_in_the_test(self) -> None:
        """A 'ratio' kind registered at run time is scored by attainment, pace and efficiency alike.

        Reported 20 of 40: the kind's rule gives 0.5 + 20/40/2 = 0.75; attainment gives
        甲局 100 × 0.75 = 75; efficiency gives 甲局 and 乙镇 the same share of their points, 75.
        Pace (linear, on the share): 0.75 over the 2 years from 2023-01-01 is 0.375 a year;
        reaching 1 by 2025-12-31 needs 1/3 ≈ 0.3333 a year; ratio 1.125 ≥ 1 → on track.
        """
        registry = ratio_registry()
        log = ProgressLog([ProgressReport(plan_id="r", target="R1", unit="a", period=Period.parse("2024"),
                                          value=D(20), report_date=pendulum.Date(2024, 12, 1), evidence=("x",))])
        period = Period.parse("2024")
        attainment = ATTAINMENT.score(ratio_plan(), log, {}, period=period, registry=registry)
        efficiency = EFFICIENCY.score(ratio_plan(), log, {}, period=period, registry=registry)
        pace = PACE.score(ratio_plan(), log, {}, period=period, registry=registry)
        assert D(75) == attainment.scorecard("a").total
        assert (D(75), D(75)) == (efficiency.scorecard("a").total, efficiency.scorecard("b").total)
        assert "on_track" == pace.scorecard("a").lines[0].category
