"""Edge cases of the scoring arithmetic found in review: each test pins one rule."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.test_achievement import obs, target

from edu_plan import (
    AchievementContext,
    AchievementStatus,
    Baseline,
    Comparator,
    Finding,
    Period,
    ProgressLog,
    ProgressReport,
    Recurrence,
    datasets,
    serialization,
)
from edu_plan._assessment import apportion, percent, plain
from edu_plan.plugins.kinds import LEVEL, RECURRING
from edu_plan.plugins.scoring import load_scheme
from edu_plan.plugins.scoring._efficiency import _rectifications
from edu_plan.progress import load_progress

D = Decimal
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "helan"
CONTEXT = AchievementContext(start=pendulum.Date(2023, 1, 1),
                             window=(pendulum.Date(2024, 1, 1), pendulum.Date(2024, 12, 31)),
                             as_of=pendulum.Date(2024, 12, 31))


class TestLevelFromAMetBaseline:
    def test_falling_back_below_the_target_is_not_full_marks(self) -> None:
        """Coverage ≥ 90% from a baseline of 95 that fell to 85: 85/90 = 94.44%, not 100% through the baseline."""
        t = target("level", quantity=D(90), comparator=Comparator.GE, baseline=Baseline(value=D(95)))
        achievement = LEVEL.achievement(t, [obs("2024", "85")], CONTEXT)
        assert D("0.9444") == achievement.share
        assert AchievementStatus.PARTIAL == achievement.status

    def test_ceiling_broken_from_below(self) -> None:
        """Dropout ≤ 1% from a baseline of 0.5 that rose to 2: 1/2 = 50%, not 100%."""
        t = target("level", quantity=D(1), comparator=Comparator.LE, baseline=Baseline(value=D("0.5")))
        assert D("0.5") == LEVEL.achievement(t, [obs("2024", "2")], CONTEXT).share


class TestRecurringWithoutAnchor:
    def test_every_three_years_is_due_from_the_start_of_counting(self) -> None:
        """每3年 from 2023 with nothing reported: by the end of 2025 the cycle 2023–2025 is due and missed (0 of 1)."""
        t = target("recurring", recurrence=Recurrence(every="year", interval=3), quantity=D(1))
        context = AchievementContext(start=pendulum.Date(2023, 1, 1),
                                     window=(pendulum.Date(2025, 1, 1), pendulum.Date(2025, 12, 31)),
                                     as_of=pendulum.Date(2025, 12, 31))
        achievement = RECURRING.achievement(t, [obs("2024", "0")], context)
        assert AchievementStatus.NOT_MET == achievement.status
        assert "2023–2025: 0 ✗" in achievement.explanation


class TestFormatting:
    def test_negative_zero_prints_as_zero(self) -> None:
        """-0 is written 0, whichever zero was formatted first (the formatter caches by value)."""
        assert ("0", "0%") == (plain(D("-0")), percent(D("-0.00")))
        assert ("0", "0%") == (plain(D("0")), percent(D("0")))


class TestEvidence:
    def test_unproven_reports_are_left_out_of_the_sum(self) -> None:
        """Under unproven_is_undone, one proven and nine unproven reports of one period count as 1, not 10."""
        plan = datasets.load("helan")
        day = pendulum.Date(2024, 6, 1)
        reports = [ProgressReport(plan_id=plan.id, target="T01-1", unit="education-sports",
                                  period=Period.parse("2024"), value=D(1), report_date=day.add(days=i),
                                  evidence=("贺教体〔2024〕1号",) if i == 0 else ())
                   for i in range(10)]
        log = ProgressLog(reports)
        [proven] = log.observations(plan.id, evidenced_only=True)
        [everything] = log.observations(plan.id)
        assert (D(1), D(10)) == (proven.total, everything.total)


class TestScorecards:
    def test_line_points_add_up_to_the_total(self) -> None:
        """In the Helan example, every card's total is its lines' points plus bonuses minus deductions."""
        plan = datasets.load("helan")
        progress = load_progress(EXAMPLES / "progress-2023-2024.csv", plan=plan)
        scorer, scheme = load_scheme(EXAMPLES / "scheme.toml")
        assessment = scorer.score(plan, progress, scheme, period=Period.parse("2024"))
        for card in assessment.scorecards:
            base = sum((line.points for line in card.lines), D(0))
            adjusted = base - sum((d.points for d in card.deductions), D(0)) + sum(
                (b.points for b in card.bonuses if b.paid), D(0))
            assert min(max(adjusted, D(0)), assessment.max_points) == card.total, card.unit

    def test_same_json_whatever_was_scored_before(self) -> None:
        """Scoring the example gives the same JSON before and after an unrelated pace assessment."""
        plan = datasets.load("helan")
        progress = load_progress(EXAMPLES / "progress-2023-2024.csv", plan=plan)
        scorer, scheme = load_scheme(EXAMPLES / "scheme.toml")
        first = serialization.dumps(serialization.unstructure(
            scorer.score(plan, progress, scheme, period=Period.parse("2024"))), "json")
        from edu_plan import default_registry

        default_registry().scorer("pace").score(plan, progress, {}, period=Period.parse("2024"))
        again = serialization.dumps(serialization.unstructure(
            scorer.score(plan, progress, scheme, period=Period.parse("2024"))), "json")
        assert first == again
        assert re.search(r"(?<![0-9])-0(?![0-9.])", first) is None  # no negative zero (dates are fine)


class TestRectifications:
    def test_notes_alone_need_no_calendar(self) -> None:
        """Only notes (no order to issue) on a day whose year the holiday calendar does not know: no error, no order."""
        _, scheme = load_scheme(EXAMPLES / "scheme.toml")
        note = Finding(unit="education-sports", message="task 14 has no checkable target", severity="note")
        assert [] == _rectifications([note], scheme, pendulum.Date(2027, 12, 31))


class TestReportValues:
    def test_a_bad_numeric_string_is_a_value_error(self) -> None:
        """A report value of 'abc' is an EduPlanError (and a ValueError) naming the field, not a decimal signal."""
        with pytest.raises(ValueError, match=r"^'value' must be <Decimal> \(got 'abc'\)$"):
            ProgressReport(plan_id="p", target="T", unit="u", period=Period.parse("2024"), value="abc",
                           report_date=pendulum.Date(2024, 1, 1))


class TestApportion:
    @given(total=st.decimals(min_value=0, max_value=1000, places=2),
           weights=st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30))
    def test_parts_add_up_and_stay_within_a_cent(self, total: Decimal, weights: list[Decimal]) -> None:
        """Line maxima add up to the card's points exactly, each within a cent of its exact share."""
        parts = apportion(total, weights)
        whole = sum(weights, D(0))
        if whole == 0:
            assert [D(0)] * len(weights) == parts
            return
        assert total == sum(parts, D(0))
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part - total * weight / whole) < D("0.01")

    def test_six_equal_lines(self) -> None:
        """100 points over six equal lines: 16.67 × 4 and 16.66 × 2 (largest remainder, earlier lines first)."""
        assert [D("16.67")] * 4 + [D("16.66")] * 2 == apportion(D(100), [D(1)] * 6)


class TestSameDayReports:
    def test_the_order_of_same_day_reports_does_not_matter(self) -> None:
        """Two reports of one day, 90 and 93: the latest is 93 whichever came first."""
        day = pendulum.Date(2024, 12, 1)
        a, b = (ProgressReport(plan_id="p", target="T", unit="u", period=Period.parse("2024"), value=D(v),
                               report_date=day) for v in (90, 93))
        assert [D(93), D(93)] == [ProgressLog([a, b]).observations("p")[0].latest,
                                  ProgressLog([b, a]).observations("p")[0].latest]


class TestLapseRows:
    def test_the_type_word_says_which_lapse(self, tmp_path: Path) -> None:
        """A row typed 迟报 with no 类别 is a late report, one typed 漏报 a missing one."""
        path = tmp_path / "lapses.csv"
        path.write_text("类型,单位,日期\n迟报,县教体局,2024-05-01\n漏报,县教体局,2024-05-01\n", encoding="utf-8")
        log = load_progress(path, plan=datasets.load("helan"))
        assert ["late", "missing"] == [e.kind.value for e in log.all_events]
