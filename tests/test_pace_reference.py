"""The pace methods against the published ones: 50 reference series of Open SDG's growth method and the SDSN
linear rule, worked out by hand in tests/data/pace-reference.toml, checked through the public single-series function."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest

from edu_plan import (
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
    serialization,
)
from edu_plan.errors import ScoringError
from edu_plan.plugins.scoring import OPEN_SDG_STATUSES, PACE, PaceScheme, limit_coefficient, pace_category

D = Decimal
REFERENCE = serialization.loads(Path(__file__).with_name("data").joinpath("pace-reference.toml").read_text("utf-8"),
                                "toml")


def _run(case: dict[str, Any], method: str) -> str:
    try:
        return pace_category(case["years"], case["values"], target=case.get("target"),
                             target_year=case.get("target_year"), direction=case["direction"], method=method,
                             base_year=case["base_year"], limit=case.get("limit")).category
    except ScoringError:
        return "refused"


class TestOpenSdgReference:
    def test_fifty_series(self) -> None:
        """The file holds 50 growth series, with the Open SDG status and ours agreeing through the mapping."""
        assert 50 == len(REFERENCE["growth"])
        for case in REFERENCE["growth"]:
            assert case["open_sdg"] == OPEN_SDG_STATUSES.get(case["expected"], case["expected"]), case["id"]

    @pytest.mark.parametrize("case", REFERENCE["growth"], ids=[c["id"] for c in REFERENCE["growth"]])
    def test_growth_category_of_each_reference_series(self, case: dict[str, Any]) -> None:
        """Each reference series gets the category the published growth method gives (its `why` shows the sum)."""
        assert case["expected"] == _run(case, "growth")

    @pytest.mark.parametrize("case", REFERENCE["linear"], ids=[c["id"] for c in REFERENCE["linear"]])
    def test_linear_category_of_each_reference_series(self, case: dict[str, Any]) -> None:
        """Each reference series gets the category of the SDSN linear rule."""
        assert case["expected"] == _run(case, "linear")


class TestBandEdges:
    def test_ratio_exactly_on_the_on_track_edge(self) -> None:
        """0.095 observed over 0.1 required is 0.95 exactly: on track, where floats give 0.9499999999999988."""
        result = pace_category([2015, 2016], ["100", "109.5"], target="121", target_year=2017, base_year=2015)
        assert (D("0.95"), "on_track") == (result.value, result.category)

    def test_growth_exactly_on_the_no_target_edge(self) -> None:
        """(103.0225/100)^(1/2) − 1 is 0.015 exactly: on track, where floats give 0.014999999999999902."""
        result = pace_category([2015, 2017], ["100", "103.0225"])
        assert (D("0.015"), "on_track") == (result.value, result.category)

    def test_floats_are_read_as_written(self) -> None:
        """A float 109.5 is the decimal 109.5, so the edge case stays on the edge."""
        assert "on_track" == pace_category([2015, 2016], [100.0, 109.5], target=121.0, target_year=2017).category


class TestBaseYear:
    def test_an_earlier_year_is_never_the_base(self) -> None:
        """Without a 2015 value the base is 2016's 50, not 2014's 70 (which would read as deterioration)."""
        result = pace_category([2014, 2016, 2021], ["70", "50", "60"], target="80", target_year=2030, base_year=2015)
        assert (D(2016), D(50), "on_track") == (result.base_year, result.base_value, result.category)

    def test_latest_year_is_the_base_year(self) -> None:
        """When the latest year is the base year the category is insufficient data, and the reason says so."""
        result = pace_category([2013, 2015], ["40", "45"], target="80", target_year=2030, base_year=2015)
        assert "insufficient_data" == result.category
        assert "0 years from the base year 2015" in result.explanation

    def test_no_year_after_the_base(self) -> None:
        """Values only before the base year give insufficient data naming the base year."""
        result = pace_category([2012, 2014], ["40", "45"], base_year=2015)
        assert "insufficient_data" == result.category
        assert "no value in or after the base year 2015" in result.explanation


class TestRefusals:
    def test_duplicate_years_name_the_rows(self) -> None:
        """Two values for 2018 are refused, naming both rows and their values."""
        with pytest.raises(ScoringError, match=r"year 2018 has 2 values \(row 1 = '55', row 2 = '56'\)"):
            pace_category([2015, 2018, 2018], ["50", "55", "56"])

    def test_every_problem_at_once(self) -> None:
        """A bad direction, method, value and a target without its year are reported together."""
        with pytest.raises(ScoringError) as caught:
            pace_category([2015, 2016], ["x", "1"], target="3", direction=0, method="cubic")
        text = str(caught.value)
        for part in ("'direction' must be 1 or -1 (got 0)", "'method' must be 'growth' or 'linear'",
                     "values[0] must be a number (got 'x')", "'target' and 'target_year' go together"):
            assert part in text

    def test_each_bad_number_is_named(self) -> None:
        """A target, target year and limit that are not numbers: one line each, naming the argument."""
        with pytest.raises(ScoringError) as caught:
            pace_category([2015, 2016], ["1", "2"], target="x", target_year="y", limit="z", base_year="w")
        assert str(caught.value).splitlines()[1:] == ["- 'target' must be a number (got 'x')",
                                                     "- 'target_year' must be a number (got 'y')",
                                                     "- 'limit' must be a number (got 'z')",
                                                     "- 'base_year' must be a number (got 'w')"]

    def test_a_target_without_its_year_says_so(self) -> None:
        """A target without its year: the one line says both go together."""
        with pytest.raises(ScoringError) as caught:
            pace_category([2015, 2016], ["1", "2"], target="3")
        assert str(caught.value).splitlines()[1:] == ["- 'target' and 'target_year' go together: give both or neither"]

    def test_an_empty_series_has_no_pace(self) -> None:
        """No years, no values: insufficient data, saying there is nothing to compute from."""
        result = pace_category([], [])
        assert ("insufficient_data", "no data to compute a pace from") == (result.category, result.explanation)

    def test_linear_keeps_a_target_of_zero(self) -> None:
        """Linear, 20 → 10 over 2015–2020, target 0 by 2030, lower is better: observed −10/5 = −2 a year,
        required −20/15 = −1.3333 a year, ratio −1 × −2 / 1.3333 = 1.5 exactly (0 is not replaced by 0.001)."""
        result = pace_category([2015, 2020], ["20", "10"], target="0", target_year=2030, direction=-1,
                               method="linear")
        assert D("1.5") == result.value

    def test_growth_reads_a_target_of_zero_as_its_stand_in(self) -> None:
        """Growth, 20 → 0.0005, target 0, lower is better: the target is sdg-build's stand-in 0.001, and
        0.0005 ≤ 0.001 has reached it → achieved."""
        result = pace_category([2015, 2020], ["20", "0.0005"], target="0", target_year=2030, direction=-1)
        assert "achieved" == result.category

    def test_lengths_must_match(self) -> None:
        """Years and values of different lengths are refused."""
        with pytest.raises(ScoringError, match="same length"):
            pace_category([2015, 2016], ["1"])


class TestLimit:
    def test_coefficient_below_the_limit(self) -> None:
        """1 − (90/100)^4.44 = 0.37362 to five places (hand: e^(4.44 ln 0.9) = 0.62638)."""
        assert D("0.37362") == limit_coefficient(D(90), D(100)).quantize(D("0.00001"))

    def test_coefficient_mirrored_above_the_limit(self) -> None:
        """Base 6 over a floor of 5: 1 − ((10 − 6)/5)^4.44 = 0.62870."""
        assert D("0.62870") == limit_coefficient(D(6), D(5)).quantize(D("0.00001"))

    def test_coefficient_is_one_from_twice_the_limit(self) -> None:
        """At twice the limit and beyond (and for a limit of 0), nothing is scaled."""
        assert [D(1), D(1), D(1)] == [limit_coefficient(D(200), D(100)), limit_coefficient(D(250), D(100)),
                                      limit_coefficient(D(0), D(0))]

    def test_coefficient_is_zero_at_the_limit(self) -> None:
        """A base at the limit leaves nothing to grow: every cut-off becomes 0."""
        assert D(0) == limit_coefficient(D(100), D(100))

    def test_limit_changes_the_category(self) -> None:
        """90 → 92 in 5 years: limited progress without a limit, needs acceleration with limit 100."""
        assert ("limited_progress", "needs_acceleration") == (
            pace_category([2015, 2020], ["90", "92"]).category,
            pace_category([2015, 2020], ["90", "92"], limit="100").category)

    def test_limit_is_ignored_with_a_target(self) -> None:
        """With a target the limit changes nothing, and the line says it was ignored."""
        result = pace_category([2015, 2020], ["90", "92"], target="98", target_year=2030, limit="100")
        assert "needs_acceleration" == result.category
        assert "limit 100 ignored" in result.explanation


class TestExplanations:
    def test_no_target_explanation_states_the_cagr_and_the_signed_value(self) -> None:
        """45/50 over 5 years: the CAGR is −0.020852, × direction −1 gives 0.020852; both are printed as such."""
        result = pace_category([2015, 2020], ["50", "45"], direction=-1)
        assert "(45/50)^(1/5) − 1 = -0.020852; × sign 1 × direction -1 = 0.020852" in result.explanation
        assert (D("-0.020852"), D("0.020852")) == (result.observed.quantize(D("0.000001")) if result.observed else None,
                                                   result.value.quantize(D("0.000001")) if result.value else None)


def _plan(target: Target) -> Plan:
    return Plan(
        id="t", title="测试", horizon=Horizon(start=pendulum.Date(2021, 1, 1), end=pendulum.Date(2027, 12, 31)),
        units=[Unit(id="edu", name="县教体局"), Unit(id="fin", name="县财政局")],
        sections=[Section(key="一", title="一", tasks=[Task(
            number=1, title="任务", targets=[target],
            responsibilities=[Responsibility(unit="edu", role=Role.LEAD),
                              Responsibility(unit="fin", role=Role.COOPERATING)])])])


def rep(target: str, period: str, value: str, day: tuple[int, int, int], unit: str = "edu") -> ProgressReport:
    return ProgressReport(plan_id="t", target=target, unit=unit, period=Period.parse(period), value=D(value),
                          report_date=pendulum.Date(*day), evidence=("证明",))


class TestScorerBaseYear:
    def test_reports_before_the_start_are_not_the_base(self) -> None:
        """A 2019 report (before the plan starts in 2021) is not taken as the base: 2021's is."""
        plan = _plan(Target(id="L", kind="level", metric="m", quantity=80, comparator=">=",
                            deadline=pendulum.Date(2027, 12, 31)))
        log = ProgressLog([rep("L", "2019", "90", (2019, 12, 20)), rep("L", "2021", "50", (2021, 12, 20)),
                           rep("L", "2023", "60", (2023, 12, 20))])
        line = PACE.score(plan, log, {"method": "growth"}, period=Period.parse("2023")).scorecard("edu").lines[0]
        assert "on_track" == line.category
        assert "(60/50)^(1/2)" in line.explanation

    def test_two_reports_for_one_time_are_refused(self) -> None:
        """Two units' values for the same year: insufficient data, both rows named."""
        plan = _plan(Target(id="L", kind="level", metric="m", quantity=80, comparator=">=", owners=("edu", "fin"),
                            baseline=Baseline(value=D(50), as_of=pendulum.Date(2021, 1, 1)),
                            deadline=pendulum.Date(2027, 12, 31)))
        log = ProgressLog([rep("L", "2023", "60", (2023, 12, 20)), rep("L", "2023", "61", (2023, 12, 21), unit="fin")])
        line = PACE.score(plan, log, {"method": "growth"}, period=Period.parse("2023")).scorecard("edu").lines[0]
        assert "insufficient_data" == line.category
        assert "edu 2023 = 60; fin 2023 = 61" in line.explanation


class TestPaceSchemeKeys:
    def test_misspelt_key_is_refused(self) -> None:
        """`methd = "growth"` is refused, not silently run as linear."""
        with pytest.raises(ScoringError, match=r"\$\.methd: error: unknown field 'methd' \(did you mean 'method'\?\)"):
            PACE.load_scheme({"methd": "growth"})

    def test_limit_is_read(self) -> None:
        """`limit = 100` and a per-target `[limits]` table reach the scheme."""
        scheme = PACE.load_scheme({"limit": 100, "limits": {"T-1": 5}})
        assert (D(100), {"T-1": D(5)}) == (scheme.limit, dict(scheme.limits))

    def test_scheme_cut_offs_reach_the_public_function(self) -> None:
        """A scheme with on_track lowered to 0.5 makes the 0.6045 ratio of G02 on track."""
        scheme = PaceScheme(growth={"on_track": D("0.5"), "needs_acceleration": D("0.3"), "limited_progress": D(0)})
        assert "on_track" == pace_category([2015, 2020], ["50", "55"], target="80", target_year=2030,
                                           scheme=scheme).category


class TestCutOffs:
    def test_growth_cut_offs_are_inclusive(self) -> None:
        """0.95 on track, 0.60 needs acceleration, 0 limited progress, just below 0 deterioration."""
        from edu_plan.plugins.scoring import growth_category

        cuts = {"on_track": D("0.95"), "needs_acceleration": D("0.60"), "limited_progress": D(0)}
        assert ["on_track", "needs_acceleration", "needs_acceleration", "limited_progress", "deterioration"] == [
            growth_category(D(v), cuts) for v in ("0.95", "0.9499", "0.6", "0", "-0.0001")]

    def test_linear_cut_offs_are_inclusive(self) -> None:
        """1 on track, 0.5 moderately improving, 0 stagnating, just below 0 regressing."""
        from edu_plan.plugins.scoring import linear_category

        cuts = {"on_track": D(1), "moderately_improving": D("0.5"), "stagnating": D(0)}
        assert ["on_track", "moderately_improving", "moderately_improving", "stagnating", "regressing"] == [
            linear_category(D(v), cuts) for v in ("1", "0.9999", "0.5", "0", "-0.0001")]


class TestTimeAndSign:
    def test_less_than_a_year_is_not_enough(self) -> None:
        """Two values half a year apart: insufficient data, the method needs a year between them."""
        result = pace_category([2015, "2015.5"], ["50", "55"], target="80", target_year=2030)
        assert "insufficient_data" == result.category
        assert "2 data point(s) over 0.5 years" in result.explanation
        assert "at least 1 year(s) apart — not guessing" in result.explanation

    def test_no_change_is_zero_not_minus_zero(self) -> None:
        """Lower is better and nothing moved: the value is 0, not −0 (which would print as -0)."""
        result = pace_category([2015, 2020], ["50", "50"], direction=-1)
        assert result.value is not None
        assert (D(0), False) == (result.value, result.value.is_signed())


class TestScorerFallback:
    def test_growth_method_paces_a_cumulative_target_linearly(self) -> None:
        """新增 10 by 2027, 4 done by end 2023 (from 0 at the 2021 start): the growth method falls back to the linear
        pace — observed 4 over 3 years = 1.3333/year, required 10 over 7 years = 1.4286/year, ratio 0.9333."""
        plan = _plan(Target(id="C", kind="cumulative", metric="m", quantity=10, deadline=pendulum.Date(2027, 12, 31)))
        log = ProgressLog([rep("C", "2023", "4", (2023, 12, 20))])
        line = PACE.score(plan, log, {"method": "growth"}, period=Period.parse("2023")).scorecard("edu").lines[0]
        assert "moderately_improving" == line.category
        assert "ratio 0.9333" in line.explanation
        assert "so the growth method falls back to the linear pace" in line.explanation


class TestLinearEdges:
    def test_no_target_says_why(self) -> None:
        """Linear without a target: insufficient data, because the linear method needs one."""
        result = pace_category([2015, 2020], ["50", "60"], method="linear")
        assert ("insufficient_data", "no quantity to pace against; the linear method needs a target") == (
            result.category, result.explanation)

    def test_deadline_in_the_base_year(self) -> None:
        """A target due in the base year itself cannot be paced: insufficient data, saying so."""
        result = pace_category([2015, 2020], ["50", "60"], target="80", target_year=2015, method="linear")
        assert "insufficient_data" == result.category
        assert "is not after the base year" in result.explanation

    def test_deadline_one_year_after_the_base(self) -> None:
        """Target 80 one year after a base of 50 needs 30/year; 60 a year later is 10/year: ratio 1/3, stagnating."""
        result = pace_category([2015, 2016], ["50", "60"], target="80", target_year=2016, method="linear")
        assert "stagnating" == result.category

    def test_target_at_the_base_and_moving_away(self) -> None:
        """Target 50 = the base 50, now 45 (higher is better): no pace is needed, but this is the wrong way."""
        result = pace_category([2015, 2020], ["50", "45"], target="50", target_year=2030, method="linear")
        assert (D(-1), "regressing") == (result.value, result.category)


class TestSigns:
    @pytest.mark.parametrize(("values", "direction", "category"), [
        (["50", "0"], 1, "deterioration"),       # (0/50)^(1/5) − 1 = −1: a fall to 0 is growth of −100 %, not "n/a"
        (["-100", "0"], 1, "on_track"),          # (0/−100)^(1/5) − 1 = −1, × sign −1 = +1: rising to 0 from below
        (["50", "0.5"], 1, "deterioration"),     # (0.01)^(1/5) − 1 = −0.6019
        (["0.5", "2"], 1, "on_track"),           # 4^(1/5) − 1 = 0.3195
        (["-0.5", "-2"], -1, "on_track"),        # 4^(1/5) − 1 = 0.3195, × sign −1 × direction −1
    ])
    def test_zero_and_small_values_are_not_opposite_signs(self, values: list[str], direction: int,
                                                          category: str) -> None:
        """Only a base and a current value of strictly opposite signs give no growth rate; 0 and values below 1 do."""
        assert category == pace_category([2015, 2020], values, direction=direction).category


class TestGrowthEdges:
    def test_deadline_in_the_base_year(self) -> None:
        """Growth, target due in the base year 2015: no span to pace over → insufficient data, saying so."""
        result = pace_category([2015, 2020], ["50", "55"], target="60", target_year=2015, base_year=2015)
        assert ("insufficient_data", None) == (result.category, result.value)
        assert "is not after the base year" in result.explanation

    def test_deadline_one_year_after_the_base(self) -> None:
        """Growth, 50 → 55 in 2016, target 60 in 2016: observed 55/50 − 1 = 0.1, required 60/50 − 1 = 0.2,
        ratio 0.5 → limited progress."""
        result = pace_category([2015, 2016], ["50", "55"], target="60", target_year=2016, base_year=2015)
        assert (D("0.5"), "limited_progress") == (result.value, result.category)
        assert "ratio 0.5 (= +1 × 0.1 / 0.2) → " in result.explanation  # no limit, nothing said of one

    def test_target_at_the_base_and_moving_away(self) -> None:
        """Growth, target 50 = base 50, now 45 (higher is better): the required CAGR is 0 (sdg-build divides
        by it); a move the wrong way is −1 × 10⁶ → deterioration."""
        result = pace_category([2015, 2020], ["50", "45"], target="50", target_year=2030, base_year=2015)
        assert (D(-1000000), "deterioration") == (result.value, result.category)

    def test_ceiling_at_the_base_and_rising(self) -> None:
        """Growth, lower is better, target 50 = base 50, now 55: the CAGR 0.01924 is ≥ 0, the wrong way for a
        ceiling: factor −1 × 1 × 10⁶ = −10⁶ → deterioration."""
        result = pace_category([2015, 2020], ["50", "55"], target="50", target_year=2030, direction=-1, base_year=2015)
        assert (D(-1000000), "deterioration") == (result.value, result.category)

    def test_a_target_of_one_is_not_replaced(self) -> None:
        """Growth, 2 → 1.5 over 2015–2020, target 1 by 2030, lower is better: 1 is used as it is (only 0 becomes
        0.001): observed 0.75^(1/5) − 1 = −0.05591, required 0.5^(1/15) − 1 = −0.04516, ratio
        −1 × −0.05591 / 0.04516 = 1.238 → on track."""
        result = pace_category([2015, 2020], ["2", "1.5"], target="1", target_year=2030, direction=-1, base_year=2015)
        assert "on_track" == result.category
        assert result.value is not None
        assert D("1.238") == result.value.quantize(D("0.001"))

    def test_negative_base_without_target(self) -> None:
        """No target, −100 → −95 over 5 years: CAGR 0.95^(1/5) − 1 = −0.010206, × sign −1 (negative base) = 0.010206,
        in [0.005, 0.015) → needs acceleration; no limit, so no coefficient, and the line ends with the value."""
        result = pace_category([2015, 2020], ["-100", "-95"])
        assert ("needs_acceleration", None) == (result.category, result.coefficient)
        assert "× sign -1 × direction 1 = 0.010206 → " in result.explanation

    def test_limit_is_stated(self) -> None:
        """No target, 90 → 92 with limit 100: the line states the limit and the scaled cut-offs."""
        result = pace_category([2015, 2020], ["90", "92"], limit="100")
        assert "= 0.004405; limit 100: cut-offs × " in result.explanation


def _line(target: Target, reports: list[ProgressReport], period: str, scheme: dict[str, Any] | None = None) -> Any:
    return PACE.score(_plan(target), ProgressLog(reports), scheme or {}, period=Period.parse(period)).scorecard(
        "edu").lines[0]


class TestScorerSeries:
    """The series the scorer builds from a plan (horizon 2021-01-01 – 2027-12-31) and its reports."""

    def test_a_share_is_paced_toward_one(self) -> None:
        """A qualitative target rated 1 (share 0.3) in 2024: 0.3 over the 4 years since 2021-01-01 is 0.075 a
        year; 1 by the end of 2027 needs 1/7 = 0.1429 a year; ratio 0.525 → moderately improving."""
        line = _line(Target(id="Q", kind="qualitative", metric="m"), [rep("Q", "2024", "1", (2024, 12, 20))], "2024")
        assert "moderately_improving" == line.category
        assert "(0.3 − 0) / 4 years = 0.075/year; required (1 − 0) / 7 years" in line.explanation

    def test_a_share_of_one_is_achieved(self) -> None:
        """A milestone done with evidence: its achievement share 1 reaches the target 1."""
        line = _line(Target(id="M", kind="milestone", metric="m"), [rep("M", "2024", "1", (2024, 12, 20))], "2024")
        assert ("achieved", True) == (line.category, "achievement share 1 reaches the target 1" in line.explanation)

    def test_a_share_counts_two_points(self) -> None:
        """A share is 0 at the start and its value now: 2 points, 1 year apart in 2021, short of min_years 2."""
        line = _line(Target(id="Q", kind="qualitative", metric="m"), [rep("Q", "2021", "1", (2021, 12, 20))], "2021",
                     {"min_years": 2})
        assert "2 data point(s) over 1 years" in line.explanation

    @pytest.mark.parametrize(("deadline", "years"), [(None, "6"), (pendulum.Date(2025, 12, 31), "4")])
    def test_the_deadline_is_the_target_s_else_the_plan_s(self, deadline: pendulum.Date | None, years: str) -> None:
        """Level 50 (2021) → 60 (2023), ≥ 80: due at the target's deadline (end of 2025: 4 years from the 2021
        value) or, without one, at the end of the plan (end of 2027: 6 years)."""
        target = Target(id="L", kind="level", metric="m", quantity=80, comparator=">=", deadline=deadline)
        line = _line(target, [rep("L", "2021", "50", (2021, 12, 20)), rep("L", "2023", "60", (2023, 12, 20))], "2023")
        assert f"required (80 − 50) / {years} years" in line.explanation

    def test_a_cumulative_total_adds_every_report_from_the_start(self) -> None:
        """Counting from 2021-12-31 (the baseline's date): the 2021 report ends that day and counts, so the total
        is 2 + 2 = 4 at the end of 2022."""
        target = Target(id="C", kind="cumulative", metric="m", quantity=10, deadline=pendulum.Date(2025, 12, 31),
                        baseline=Baseline(value=D(0), as_of=pendulum.Date(2021, 12, 31)))
        line = _line(target, [rep("C", "2021", "2", (2021, 12, 31)), rep("C", "2022", "2", (2022, 12, 20))], "2022")
        assert "observed pace (4 − 0) / " in line.explanation

    def test_a_cumulative_total_counts_its_start(self) -> None:
        """One report of June 2021: 0 at the start and the total, 2 points, but 0.4959 years apart (< 1)."""
        target = Target(id="C", kind="cumulative", metric="m", quantity=10, deadline=pendulum.Date(2025, 12, 31))
        line = _line(target, [rep("C", "2021-06", "2", (2021, 6, 30))], "2021")
        assert ("insufficient_data", True) == (line.category, "2 data point(s) over 0.4959 years" in line.explanation)

    def test_the_growth_method_says_why_a_total_is_paced_linearly(self) -> None:
        """A cumulative total starts from 0, where a growth rate cannot start: the line says so."""
        target = Target(id="C", kind="cumulative", metric="m", quantity=10, deadline=pendulum.Date(2025, 12, 31))
        line = _line(target, [rep("C", "2021", "2", (2021, 12, 20)), rep("C", "2022", "2", (2022, 12, 20))], "2022",
                     {"method": "growth"})
        assert "(a cumulative total starts from 0, so the growth method falls back to the linear pace)" in (
            line.explanation)

    @pytest.mark.parametrize(("baseline", "points"), [
        (None, 1), (Baseline(value=D(50), as_of=pendulum.Date(2021, 7, 1)), 2)])
    def test_a_level_counts_its_baseline_as_a_point(self, baseline: Baseline | None, points: int) -> None:
        """One report of a level: 1 point without a baseline, 2 with one (both too close for the method)."""
        target = Target(id="L", kind="level", metric="m", quantity=80, comparator=">=", baseline=baseline)
        line = _line(target, [rep("L", "2021-09", "60", (2021, 9, 20))], "2021")
        assert ("insufficient_data", True) == (line.category, f"{points} data point(s) over" in line.explanation)
