"""The efficiency scorer: the 100-point assessment with deductions, bonuses, vetoes, grades and peer groups."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_plan import (
    Award,
    AwardLevel,
    Horizon,
    Incident,
    LapseKind,
    Period,
    Plan,
    ProgressLog,
    ProgressReport,
    ReportLapse,
    Responsibility,
    Role,
    Section,
    Target,
    Task,
    Unit,
    UnitKind,
    serialization,
)
from edu_plan.errors import ScoringError
from edu_plan.plugins.scoring import EFFICIENCY
from edu_plan.workdays import CalendarError

D = Decimal
YEAR = Period.parse("2024")
DAY = pendulum.Date(2024, 6, 1)


def plan() -> Plan:
    return Plan(
        id="e", title="效能", horizon=Horizon(start=pendulum.Date(2023, 1, 1), end=pendulum.Date(2027, 12, 31)),
        units=[Unit(id="edu", name="县教体局"), Unit(id="fin", name="县财政局"),
               Unit(id="t1", name="甲镇", kind=UnitKind.TOWNSHIP), Unit(id="t2", name="乙镇", kind=UnitKind.TOWNSHIP),
               Unit(id="towns", name="各乡镇", kind=UnitKind.COLLECTIVE, members=("t1", "t2"))],
        sections=[Section(key="一", title="一", tasks=[
            Task(number=1, title="学位", responsibilities=[Responsibility(unit="edu", role=Role.LEAD),
                                                          Responsibility(unit="fin", role=Role.COOPERATING)],
                 targets=[Target(id="A", kind="cumulative", metric="新增学位", quantity=10,
                                 deadline=pendulum.Date(2027, 12, 31)),
                          Target(id="B", kind="level", metric="覆盖率", quantity=90, comparator=">=",
                                 deadline=pendulum.Date(2027, 12, 31))]),
            Task(number=2, title="挂牌", responsibilities=[Responsibility(unit="edu", role=Role.LEAD),
                                                          Responsibility(unit="towns", role=Role.COOPERATING)],
                 targets=[Target(id="C", kind="milestone", metric="挂牌成立", deadline=pendulum.Date(2027, 12, 31))]),
        ])],
    )


def scheme(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "scorer": "efficiency",
        "tasks": {"1": 60, "2": 40},
        "roles": {"lead": 1, "cooperating": D("0.5")},
        "kinds": {"milestone": {"mode": "all_or_nothing"}},
        "deductions": [
            {"id": "late", "title": "迟报", "event": "lapse", "match": {"kind": "late"}, "points": D("0.5")},
            {"id": "safety", "title": "一般事故", "event": "incident", "match": {"severity": "一般"}, "min": 5,
             "max": 10},
        ],
        "bonuses": [{"id": "nat", "title": "国家级表彰", "level": "国家级", "points": 3, "cap": 3}],
        "bonus": {"total_cap": 5},
        "vetoes": [{"id": "major", "title": "重大事故", "event": "incident", "match": {"severity": "重大"}}],
        "rectification_days": 10,
    }
    data.update(extra)
    return data


def rep(target: str, value: str, evidence: tuple[str, ...] = ("证明",), unit: str = "edu") -> ProgressReport:
    return ProgressReport(plan_id="e", target=target, unit=unit, period=YEAR, value=D(value), report_date=DAY,
                          evidence=evidence)


REPORTS = [rep("A", "5"), rep("B", "81"), rep("C", "1")]
EVENTS = [
    ReportLapse(plan_id="e", unit="fin", date=DAY, kind=LapseKind.LATE, days_late=3),
    ReportLapse(plan_id="e", unit="fin", date=DAY.add(days=30), kind=LapseKind.LATE, days_late=5),
    Incident(plan_id="e", unit="t2", date=DAY, kind="安全事故", severity="一般", points=D(6)),
    Incident(plan_id="e", unit="t1", date=DAY, kind="安全事故", severity="重大"),
    Award(plan_id="e", unit="edu", date=DAY, level=AwardLevel.NATIONAL, title="足球特色", evidence=("教体艺函",)),
    Award(plan_id="e", unit="edu", date=DAY.add(days=1), level=AwardLevel.NATIONAL, title="劳动教育", evidence=("函",)),
]


def score(reports: list[ProgressReport] = REPORTS, events: list[Any] = EVENTS, **extra: Any) -> Any:
    return EFFICIENCY.score(plan(), ProgressLog(reports, events), EFFICIENCY.load_scheme(scheme(**extra)),
                            period=YEAR)


class TestWorkedExample:
    def test_totals_grades_and_ranks(self) -> None:
        """Every unit's total, worked by hand.

        Shares: A 5/10 = 0.5, B 81/90 = 0.9, C done with evidence = 1.
        县教体局 leads both: task 1 (60) over A, B: 30 × 0.5 + 30 × 0.9 = 42; task 2 (40) × 1 = 40;
        base 82; + 3 (national award; the second is cut to 0 by the rule cap 3) = 85 → 良好.
        县财政局 cooperates on task 1 only: its 100 points split A 50, B 50 → 25 + 45 = 70;
        − 2 × 0.5 (two late reports) = 69 → 合格.
        甲镇 and 乙镇 (members of 各乡镇) cooperate on task 2: C → 100.  乙镇 − 6 (ranged 5–10, 6 chosen)
        = 94 → 优秀, rank 1; 甲镇 100 but 一票否决 → 不合格, ranked after 乙镇.
        """
        assessment = score()
        result = {c.unit: (c.total, c.grade, c.rank, c.peer_group) for c in assessment.scorecards}
        assert {
            "edu": (D(85), "良好", 1, "部门"),
            "fin": (D(69), "合格", 2, "部门"),
            "t2": (D(94), "优秀", 1, "街道乡镇"),
            "t1": (D(100), "不合格", 2, "街道乡镇"),
        } == result

    def test_lines_explain_the_points(self) -> None:
        """县教体局's lines carry role, max points and points that add up to its base of 82."""
        card = score().scorecard("edu")
        assert [("A", D(30), D(15)), ("B", D(30), D(27)), ("C", D(40), D(40))] == [
            (line.target, line.max_points, line.points) for line in card.lines]
        assert "base 82" in card.explanation

    def test_card_explanations_end_with_the_sum_and_grade(self) -> None:
        """The sums of the worked example as printed (in English, the default grades' words: 良好 good, 合格 pass,
        不合格 fail): 82 − 0 + 3 = 85 → good and 70 − 1 + 0 = 69 → pass, each within [0, 105] so nothing is said
        of clamping; 甲镇 100 → fail, vetoed."""
        assessment = score()
        edu, fin, t1 = (assessment.scorecard(u).explanation for u in ("edu", "fin", "t1"))
        assert edu.endswith("− deductions 0 + bonuses 3 = 85 → good")
        assert fin.endswith("− deductions 1 + bonuses 0 = 69 → pass")
        assert t1.endswith("= 100 → fail; vetoed: lowest grade")

    def test_a_deduction_says_what_it_adds_up(self) -> None:
        """县财政局's two late reports (1 June and 1 July 2024), 0.5 each, no cap reached: the reason names both,
        dates in words, and ends "→ 0.5 + 0.5"."""
        [deduction] = score().scorecard("fin").deductions
        assert deduction.reason.endswith("3 days late; late report on 1 July 2024, 5 days late → 0.5 + 0.5")

    def test_the_chosen_value_of_a_ranged_deduction_is_recorded(self) -> None:
        """乙镇's deduction records 6 chosen in 5–10."""
        [deduction] = score().scorecard("t2").deductions
        assert (D(6), "6 chosen in 5–10") == (deduction.points, deduction.chosen)

    def test_a_veto_keeps_the_incident_evidence_and_is_critical(self) -> None:
        """甲镇's 重大 incident, with its 通报 as evidence, vetoes it: the veto carries the 通报, and its
        finding is critical (so it is ordered rectified)."""
        incident = Incident(plan_id="e", unit="t1", date=DAY, kind="安全事故", severity="重大",
                            evidence=("县安委办通报",))
        assessment = score(events=[incident])
        [veto] = assessment.scorecard("t1").vetoes
        assert ("县安委办通报",) == veto.evidence
        vetoes = [f for f in assessment.findings if f.unit == "t1" and f.message.startswith("veto:")]
        assert ["critical"] == [f.severity for f in vetoes]

    def test_bonus_caps(self) -> None:
        """The second national award is cut to 0 by the rule's cap of 3 and shows as not paid."""
        bonuses = score().scorecard("edu").bonuses
        assert [(D(3), True), (D(0), False)] == [(b.points, b.paid) for b in bonuses]

    def test_a_bonus_without_evidence_is_not_paid(self) -> None:
        """An award with no evidence pays nothing, and says why."""
        award = Award(plan_id="e", unit="edu", date=DAY, level=AwardLevel.NATIONAL, title="无文件")
        [bonus] = score(events=[award]).scorecard("edu").bonuses
        assert (D(0), False) == (bonus.points, bonus.paid)
        assert "no evidence" in bonus.reason

    def test_rectification_orders_count_working_days(self) -> None:
        """Findings issued 2024-12-31 are due 10 working days later: 2025-01-15 (1 January is a holiday)."""
        orders = score().rectifications
        assert orders
        assert {pendulum.Date(2025, 1, 15)} == {o.due for o in orders}


class TestRules:
    def test_per_occurrence_multiplier_and_cap(self) -> None:
        """Late reports 0.5 each × 2 for departments, capped at 1.5: 2 × 0.5 × 2 = 2 → 1.5."""
        rules = scheme()["deductions"]
        rules[0] = {**rules[0], "multipliers": {"department": 2}, "cap": D("1.5")}
        [deduction] = score(deductions=rules).scorecard("fin").deductions
        assert (D("1.5"), 2) == (deduction.points, deduction.occurrences)

    def test_the_reason_shows_the_multiplier_and_the_cap(self) -> None:
        """The same, as the reason prints it: (0.5 + 0.5) × 2, capped at 1.5."""
        rules = scheme()["deductions"]
        rules[0] = {**rules[0], "multipliers": {"department": 2}, "cap": D("1.5")}
        [deduction] = score(deductions=rules).scorecard("fin").deductions
        assert deduction.reason.endswith("→ (0.5 + 0.5) × 2, capped at 1.5")

    def test_a_sum_equal_to_the_cap_is_not_capped(self) -> None:
        """Two late reports, 0.5 each, cap 1: the sum 1 is the cap, not above it: 1, and no "capped" note."""
        rules = scheme()["deductions"]
        rules[0] = {**rules[0], "cap": D(1)}
        [deduction] = score(deductions=rules).scorecard("fin").deductions
        assert (D(1), False) == (deduction.points, "capped" in deduction.reason)

    def test_each_chosen_value_and_the_evidence_are_kept(self) -> None:
        """Two 一般 incidents of 乙镇 under a per-occurrence 5–10 rule, 6 and 7 chosen, each with its 通报:
        6 + 7 = 13; both choices and both documents are kept."""
        rules = scheme()["deductions"]
        rules[1] = {**rules[1], "per_occurrence": True}
        events = [Incident(plan_id="e", unit="t2", date=DAY, kind="安全事故", severity="一般", points=D(6),
                           evidence=("通报一",)),
                  Incident(plan_id="e", unit="t2", date=DAY.add(days=9), kind="安全事故", severity="一般", points=D(7),
                           evidence=("通报二",))]
        [deduction] = score(deductions=rules, events=events).scorecard("t2").deductions
        assert (D(13), "6 chosen in 5–10; 7 chosen in 5–10", ("通报一", "通报二")) == (
            deduction.points, deduction.chosen, deduction.evidence)

    def test_a_ranged_deduction_needs_a_chosen_value(self) -> None:
        """An incident matching a ranged rule without its points column is an error naming the rule."""
        incident = Incident(plan_id="e", unit="t2", date=DAY, kind="安全事故", severity="一般")
        with pytest.raises(ScoringError, match=r"deduction rule 'safety' is ranged \(5–10\)"):
            score(events=[incident])

    def test_a_chosen_value_outside_the_range_is_an_error(self) -> None:
        """A chosen value of 12 for a 5–10 rule is refused."""
        incident = Incident(plan_id="e", unit="t2", date=DAY, kind="安全事故", severity="一般", points=D(12))
        with pytest.raises(ScoringError, match=r"must lie in \[5, 10\]"):
            score(events=[incident])

    def test_what_cannot_be_proven_counts_as_not_done(self) -> None:
        """With the switch on, A reported without evidence counts 0: 县教体局's base falls from 82 to 67."""
        reports = [rep("A", "5", evidence=()), rep("B", "81"), rep("C", "1")]
        assert D(82) == score(reports, events=[]).scorecard("edu").total
        assert D(67) == score(reports, events=[], unproven_is_undone=True).scorecard("edu").total

    def test_pro_rata_compares_with_what_is_due(self) -> None:
        """A (5 of 10 by 2027) with pro_rata, 2023-01-01..2024-12-31 gone of ..2027-12-31: 731/1826 = 40.03%.

        0.5 / 0.4003 > 1 → share 1: 县财政局 then earns 50 + 45 = 95.
        """
        kinds = {"milestone": {"mode": "all_or_nothing"}, "cumulative": {"pro_rata": True}}
        assert D(95) == score(events=[], kinds=kinds).scorecard("fin").total

    def test_a_unit_with_nothing_due_is_not_scored(self) -> None:
        """A unit whose tasks have no target is left out, with a note saying so."""
        assessment = score(events=[])
        assert "towns" not in {c.unit for c in assessment.scorecards}

    def test_the_scheme_calendar_adds_a_year(self, tmp_path: Path) -> None:
        """Scoring 2027 with a calendar file for 2028 (1 January off): issued Fri 2027-12-31, 10 working days
        are 3–7 and 10–14 January 2028, so the orders are due Fri 2028-01-14."""
        path = tmp_path / "2028.toml"
        path.write_text('[2028]\nholidays = ["2028-01-01"]\nworkdays = []\n', encoding="utf-8")
        assessment = EFFICIENCY.score(plan(), ProgressLog(REPORTS), EFFICIENCY.load_scheme(scheme(calendar=str(path))),
                                      period=Period.parse("2027"))
        assert {pendulum.Date(2028, 1, 14)} == {o.due for o in assessment.rectifications}

    @pytest.mark.parametrize(("days", "due"), [(0, set()), (1, {pendulum.Date(2025, 1, 2)})])
    def test_rectification_days_zero_means_no_orders(self, days: int, due: set[pendulum.Date]) -> None:
        """rectification_days 0: no orders; 1: due the next working day after 2024-12-31, Thu 2 January 2025."""
        assert due == {o.due for o in score(rectification_days=days).rectifications}

    def test_notes_are_not_ordered_rectified(self) -> None:
        """Every target fully reached, no events, and a task 3 without targets (a note: it is not scored): the
        only finding is that note, and a note gives no order."""
        base = plan()
        extra = Task(number=3, title="无指标", responsibilities=[Responsibility(unit="edu", role=Role.LEAD)])
        section = attrs.evolve(base.sections[0], tasks=[*base.sections[0].tasks, extra])
        with_note = attrs.evolve(base, sections=[section])
        log = ProgressLog([rep("A", "10"), rep("B", "90"), rep("C", "1")])
        assessment = EFFICIENCY.score(with_note, log, EFFICIENCY.load_scheme(scheme()), period=YEAR)
        assert ["note"] == [f.severity for f in assessment.findings]
        assert () == tuple(assessment.rectifications)

    def test_an_unknown_year_for_rectification_is_a_clear_error(self) -> None:
        """Scoring 2027 with rectification orders needs the 2027–2028 holiday calendar: a CalendarError says so."""
        with pytest.raises(CalendarError, match="the official holiday calendar of 2028 is not known"):
            EFFICIENCY.score(plan(), ProgressLog(REPORTS), EFFICIENCY.load_scheme(scheme()),
                             period=Period.parse("2027"))


class TestSchemeErrors:
    @pytest.mark.parametrize(("change", "message"), [
        ({"colour": "red"}, r"s.toml: 1 problem in the scheme\n  \$.colour: error: unknown field 'colour'"),
        ({"bonus": {}}, r"\$.bonus.total_cap: error: is required when there are \[\[bonuses\]\]"),
        ({"grades": {"优秀": 90, "合格": 60}}, r"\$.grades: error: the lowest grade must start at 0"),
        ({"roles": {"lead": 2}}, r"\$.roles.lead: error: must be a share in \[0, 1\] \(got 2\)"),
        ({"kinds": {"level": {"mode": "sometimes"}}},
         r"\$.kinds.level.mode: error: must be one of 'proportional', 'all_or_nothing', 'floor' \(got 'sometimes'\)"),
        ({"deductions": [{"id": "x", "title": "x", "event": "incident", "match": {}, "points": 1, "min": 1,
                          "max": 2}]},
         r"\$.deductions\[0\]: error: give either 'points' \(fixed\) or both 'min' and 'max'"),
    ])
    def test_each_mistake_names_the_file_and_key(self, change: dict[str, Any], message: str) -> None:
        """A scheme mistake is a ScoringError naming the file and the key, and what to do."""
        with pytest.raises(ScoringError, match=message):
            EFFICIENCY.load_scheme(scheme(**change), source="s.toml")

    def test_the_example_scheme_reads(self) -> None:
        """examples/helan/scheme.toml is a valid efficiency scheme with a maximum of 105."""
        data = serialization.read_scheme("examples/helan/scheme.toml")
        assert ("efficiency", D(105)) == (data["scorer"], EFFICIENCY.load_scheme(data).maximum)


_EVENT = st.one_of(
    st.builds(ReportLapse, plan_id=st.just("e"), unit=st.sampled_from(["edu", "fin", "t1", "t2"]), date=st.just(DAY),
              kind=st.sampled_from(list(LapseKind))),
    st.builds(Incident, plan_id=st.just("e"), unit=st.sampled_from(["edu", "fin", "t1", "t2"]), date=st.just(DAY),
              kind=st.just("安全事故"), severity=st.sampled_from(["一般", "重大"]),
              points=st.integers(5, 10).map(D)),
    st.builds(Award, plan_id=st.just("e"), unit=st.sampled_from(["edu", "t1"]), date=st.just(DAY),
              level=st.just(AwardLevel.NATIONAL), title=st.sampled_from(["甲", "乙", "丙"]),
              evidence=st.sampled_from([(), ("函",)])),
)
_FIGURES = st.tuples(st.integers(0, 15), st.integers(0, 100), st.sampled_from([0, 1]))


class TestProperties:
    @given(_FIGURES, st.lists(_EVENT, max_size=6))
    def test_totals_stay_within_zero_and_the_maximum(self, figures: tuple[int, int, int], events: list[Any]) -> None:
        """Whatever is reported and whatever happened, every total lies in [0, 100 + bonus cap]."""
        a, b, c = figures
        assessment = score([rep("A", str(a)), rep("B", str(b)), rep("C", str(c))], events)
        assert all(D(0) <= card.total <= D(105) for card in assessment.scorecards)

    @given(_FIGURES, st.lists(_EVENT, max_size=6))
    def test_a_veto_always_yields_the_lowest_grade(self, figures: tuple[int, int, int], events: list[Any]) -> None:
        """A unit with a 重大 incident is 不合格 whatever its total."""
        a, b, c = figures
        assessment = score([rep("A", str(a)), rep("B", str(b)), rep("C", str(c))], events)
        for card in assessment.scorecards:
            if card.vetoes:
                assert "不合格" == card.grade

    @given(_FIGURES, st.lists(_EVENT, max_size=4), st.sampled_from(["A", "B"]), st.integers(1, 20))
    def test_more_progress_never_lowers_a_score(self, figures: tuple[int, int, int], events: list[Any], which: str,
                                                more: int) -> None:
        """Reporting more for A or B never lowers any unit's total."""
        a, b, c = figures
        before = score([rep("A", str(a)), rep("B", str(b)), rep("C", str(c))], events)
        a, b = (a + more, b) if which == "A" else (a, b + more)
        after = score([rep("A", str(a)), rep("B", str(b)), rep("C", str(c))], events)
        totals = {card.unit: card.total for card in before.scorecards}
        assert all(card.total >= totals[card.unit] for card in after.scorecards)

    @given(st.permutations(EVENTS))
    def test_the_order_of_events_does_not_change_the_result(self, events: list[Any]) -> None:
        """Events added in any order give the same assessment."""
        assert score() == score(events=list(events))
