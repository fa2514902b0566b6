"""Every scoring rule, each with a test that fails when one token of the rule is wrong.

Expected values are worked out by hand in each docstring; the one-token mutations each test guards
against are listed in docs/testing.md.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

from edu_plan import (
    Award,
    AwardLevel,
    Baseline,
    Horizon,
    Incident,
    Period,
    PeriodKind,
    Plan,
    ProgressLog,
    ProgressReport,
    Recurrence,
    Responsibility,
    Role,
    Section,
    Target,
    Task,
    Unit,
    UnitKind,
    datasets,
)
from edu_plan._assessment import Scorecard, apportion, counting_start
from edu_plan.errors import ScoringError
from edu_plan.plugins.render import CSV, neutralise_formula
from edu_plan.plugins.scoring import DEFAULT_GRADES, EFFICIENCY, PACE, assign_ranks, grade_of, owner_roles
from edu_plan.views import build

D = Decimal
YEAR = Period.parse("2024")
DAY = pendulum.Date(2024, 12, 31)


def two_task_plan(*, b_quantity: int = 10) -> Plan:
    """Unit a leads task 1 and cooperates on task 2; unit b the other way round."""
    return Plan(
        id="r", title="规则", horizon=Horizon(start=pendulum.Date(2024, 1, 1), end=pendulum.Date(2027, 12, 31)),
        units=[Unit(id="a", name="甲局"), Unit(id="b", name="乙局"), Unit(id="t", name="丙镇", kind=UnitKind.TOWNSHIP)],
        sections=[Section(key="一", title="一", tasks=[
            Task(number=1, title="一", responsibilities=[Responsibility(unit="a", role=Role.LEAD),
                                                        Responsibility(unit="b", role=Role.COOPERATING)],
                 targets=[Target(id="X", kind="cumulative", metric="x", quantity=10,
                                 deadline=pendulum.Date(2024, 12, 31))]),
            Task(number=2, title="二", responsibilities=[Responsibility(unit="b", role=Role.LEAD),
                                                        Responsibility(unit="a", role=Role.COOPERATING)],
                 targets=[Target(id="Y", kind="cumulative", metric="y", quantity=b_quantity,
                                 deadline=pendulum.Date(2024, 12, 31))]),
        ])])


def report(target: str, unit: str, value: str, *, evidence: bool = True, period: str = "2024",
           day: tuple[int, int, int] = (2024, 12, 20), plan_id: str = "r") -> ProgressReport:
    return ProgressReport(plan_id=plan_id, target=target, unit=unit, period=Period.parse(period), value=D(value),
                          report_date=pendulum.Date(*day), evidence=("证明",) if evidence else ())


def score(log: ProgressLog, plan: Plan | None = None, **scheme: Any) -> Any:
    return EFFICIENCY.score(plan or two_task_plan(), log, EFFICIENCY.load_scheme(
        {"tasks": {"1": 10, "2": 10}, **scheme}), period=YEAR, as_of=DAY)


class TestRoles:
    def test_a_unit_that_leads_one_task_and_cooperates_on_another(self) -> None:
        """Lead share 1, cooperating 0.3: a's lines are worth 10 and 3 of 13 → 76.92 and 23.08 of 100.

        Task 1 is done (10 of 10), task 2 not (0 of 10): a earns 76.92, b (cooperating on 1) 23.08.
        """
        log = ProgressLog([report("X", "a", "10"), report("Y", "b", "0")])
        cards = {c.unit: c for c in score(log).scorecards}
        assert [(1, Role.LEAD, D("76.92")), (2, Role.COOPERATING, D("23.08"))] == [
            (line.task, line.role, line.max_points) for line in cards["a"].lines]
        assert (D("76.92"), D("23.08")) == (cards["a"].total, cards["b"].total)

    def test_the_explanation_gives_points_before_and_after_scaling(self) -> None:
        """a's task-2 line: task 2 worth 10, cooperating share 30 % → 3 of 13 available → 3/13 × 100 = 23.08."""
        log = ProgressLog([report("X", "a", "10"), report("Y", "b", "0")])
        line = next(c for c in score(log).scorecards if c.unit == "a").lines[1]
        assert ("task 2 worth 10, cooperating share 30%; 3 of 13 available points, scaled to 100: 23.08"
                in line.explanation)
        assert {"available": D(3), "whole": D(13), "scale": D(100), "maximum": D("23.08")} == line.steps[-1].values


class TestBonusCaps:
    def _awards(self, *levels: AwardLevel, evidence: bool = True) -> list[Award]:
        return [Award(plan_id="r", unit="a", date=pendulum.Date(2024, 5, 1 + i), level=level, title=f"表彰{i}",
                      evidence=("文件",) if evidence else ()) for i, level in enumerate(levels)]

    def test_the_total_cap_binds(self) -> None:
        """Base 76.92; awards 3 + 2 + 2 with a total cap of 4: paid 3 + 1 + 0 = 4 → 80.92, not 83.92."""
        bonuses = [{"id": "n", "title": "国家级", "level": "国家级", "points": 3},
                   {"id": "r", "title": "自治区级", "level": "自治区级", "points": 2}]
        log = ProgressLog([report("X", "a", "10"), report("Y", "b", "0")],
                          self._awards(AwardLevel.NATIONAL, AwardLevel.REGIONAL, AwardLevel.REGIONAL))
        card = next(c for c in score(log, bonuses=bonuses, bonus={"total_cap": 4}).scorecards if c.unit == "a")
        assert [D(3), D(1), D(0)] == [b.points for b in card.bonuses]
        assert [True, True, False] == [b.paid for b in card.bonuses]
        assert D("80.92") == card.total

    def test_the_rule_cap_binds(self) -> None:
        """Two national awards of 3 under a rule cap of 5: 3 + 2."""
        bonuses = [{"id": "n", "title": "国家级", "level": "国家级", "points": 3, "cap": 5}]
        log = ProgressLog([report("X", "a", "10")], self._awards(AwardLevel.NATIONAL, AwardLevel.NATIONAL))
        card = next(c for c in score(log, bonuses=bonuses, bonus={"total_cap": 10}).scorecards if c.unit == "a")
        assert [D(3), D(2)] == [b.points for b in card.bonuses]

    def test_no_evidence_no_bonus(self) -> None:
        """An award without its commendation document pays nothing, and says why."""
        bonuses = [{"id": "n", "title": "国家级", "level": "国家级", "points": 3}]
        log = ProgressLog([report("X", "a", "10")], self._awards(AwardLevel.NATIONAL, evidence=False))
        card = next(c for c in score(log, bonuses=bonuses, bonus={"total_cap": 5}).scorecards if c.unit == "a")
        assert [(D(0), False)] == [(b.points, b.paid) for b in card.bonuses]
        assert "no evidence" in card.bonuses[0].reason

    def _paid(self, awards: list[Award], **rule: Any) -> list[tuple[str, bool]]:
        bonuses = [{"id": "n", "title": "国家级", "level": "国家级", "points": 1, **rule}]
        log = ProgressLog([report("X", "a", "10")], awards)
        card = next(c for c in score(log, bonuses=bonuses, bonus={"total_cap": 5}).scorecards if c.unit == "a")
        return [(b.reason.split(": ")[1].split(" (")[0], b.paid) for b in card.bonuses]

    def test_a_rule_for_one_task_pays_only_its_awards(self) -> None:
        """A rule for task 1; awards for task 2 (first) and task 1 (second): only the task-1 award is listed, paid."""
        awards = [attrs.evolve(a, task=t) for a, t in zip(self._awards(AwardLevel.NATIONAL, AwardLevel.NATIONAL),
                                                          (2, 1), strict=True)]
        assert [("表彰1", True)] == self._paid(awards, task=1)

    def test_a_rule_for_no_task_pays_awards_of_any_task(self) -> None:
        """A rule naming no task pays an award that names task 2."""
        assert [("表彰0", True)] == self._paid([attrs.evolve(self._awards(AwardLevel.NATIONAL)[0], task=2)])

    def test_an_award_without_evidence_does_not_stop_the_next(self) -> None:
        """The first award has no document (not paid), the second has one: it is paid."""
        awards = [*self._awards(AwardLevel.NATIONAL, evidence=False),
                  attrs.evolve(self._awards(AwardLevel.NATIONAL, AwardLevel.NATIONAL)[1])]
        assert [("表彰0", False), ("表彰1", True)] == self._paid(awards)

    def _cards_bonuses(self, worth: int, count: int, rule_cap: int | None, total_cap: str) -> list[tuple[Decimal, str]]:
        """``count`` national awards of 甲局 under one 国家级 rule worth ``worth``: each bonus's points and reason."""
        rule: dict[str, Any] = {"id": "n", "title": "国家级", "level": "国家级", "points": worth}
        if rule_cap is not None:
            rule["cap"] = rule_cap
        log = ProgressLog([report("X", "a", "10")], self._awards(*[AwardLevel.NATIONAL] * count))
        card = next(c for c in score(log, bonuses=[rule], bonus={"total_cap": D(total_cap)}).scorecards
                    if c.unit == "a")
        return [(b.points, b.reason) for b in card.bonuses]

    def test_a_rule_cap_reached_exactly_cuts_nothing(self) -> None:
        """Awards of 2 + 2 under a rule cap of 4 (total cap 10): 2 + 2 = 4 is not above the cap: both paid in full,
        no "cut to" note."""
        paid = self._cards_bonuses(2, 2, 4, "10")
        assert [D(2), D(2)] == [points for points, _ in paid]
        assert not any("cut to" in reason for _, reason in paid)

    def test_the_rule_cap_counts_everything_paid_under_it(self) -> None:
        """Three awards of 3 under a rule cap of 7 (total cap 10): 3, 3, then 7 − 6 = 1."""
        assert [D(3), D(3), D(1)] == [points for points, _ in self._cards_bonuses(3, 3, 7, "10")]

    def test_a_total_cap_reached_exactly_cuts_nothing(self) -> None:
        """Awards of 2 + 2 under a total cap of 4: the second fills the room left (2) exactly: no "cut to" note."""
        paid = self._cards_bonuses(2, 2, None, "4")
        assert ([D(2), D(2)], False) == ([p for p, _ in paid], any("cut to" in r for _, r in paid))

    def test_both_caps_are_named_when_both_cut(self) -> None:
        """Awards of 3 + 3, rule cap 4, total cap 3.5: the second is cut to 4 − 3 = 1 by the rule cap, then to
        3.5 − 3 = 0.5 by the total cap: "(cut to 0.5 by the rule cap 4 and total cap 3.5)"."""
        paid = self._cards_bonuses(3, 2, 4, "3.5")
        assert paid[1][1].endswith("+3 (cut to 0.5 by the rule cap 4 and total cap 3.5)")

    def test_a_bonus_says_what_it_is_for(self) -> None:
        """国家级 rule, award 表彰0 of 2024-05-01 worth 1: "国家级: 表彰0 (1 May 2024): +1" (the date in words)."""
        bonuses = [{"id": "n", "title": "国家级", "level": "国家级", "points": 1}]
        log = ProgressLog([report("X", "a", "10")], self._awards(AwardLevel.NATIONAL))
        card = next(c for c in score(log, bonuses=bonuses, bonus={"total_cap": 5}).scorecards if c.unit == "a")
        assert ["国家级: 表彰0 (1 May 2024): +1"] == [b.reason for b in card.bonuses]

    def test_the_total_stops_at_points_plus_the_cap(self) -> None:
        """Base 100 (both of a's lines done) + 3 with a total cap of 3 is 103, the maximum."""
        bonuses = [{"id": "n", "title": "国家级", "level": "国家级", "points": 3}]
        log = ProgressLog([report("X", "a", "10"), report("Y", "b", "10")], self._awards(AwardLevel.NATIONAL))
        card = next(c for c in score(log, bonuses=bonuses, bonus={"total_cap": 3}).scorecards if c.unit == "a")
        assert (D(103), D(103)) == (card.total, card.max_points)


class TestDeductions:
    def _incident(self, points: str | None, unit: str = "a", day: int = 1) -> Incident:
        return Incident(plan_id="r", unit=unit, date=pendulum.Date(2024, 6, day), kind="安全", severity="一般",
                        points=None if points is None else D(points))

    def _rule(self, **extra: Any) -> dict[str, Any]:
        return {"id": "s", "title": "一般事故", "event": "incident", "match": {"severity": "一般"}, "min": 5,
                "max": 10, **extra}

    def _taken(self, incidents: list[Incident], **extra: Any) -> Decimal:
        log = ProgressLog([report("X", "a", "10"), report("Y", "b", "10")], incidents)
        card = next(c for c in score(log, deductions=[self._rule(**extra)]).scorecards if c.unit == "a")
        return sum((d.points for d in card.deductions), D(0))

    @pytest.mark.parametrize("chosen", ["5", "10"])
    def test_range_ends_are_allowed(self, chosen: str) -> None:
        """A chosen value at either end of 5–10 is taken as it is."""
        assert D(chosen) == self._taken([self._incident(chosen)])

    @pytest.mark.parametrize("chosen", ["4.99", "10.01"])
    def test_outside_the_range_is_refused(self, chosen: str) -> None:
        """A chosen value just outside 5–10 is refused, naming the rule and the range."""
        with pytest.raises(ScoringError, match=r"'s'.*must lie in \[5, 10\]"):
            self._taken([self._incident(chosen)])

    def test_the_default_is_used_when_nothing_is_chosen(self) -> None:
        """With default 6 an incident without a chosen value takes 6."""
        assert D(6) == self._taken([self._incident(None)], default=6)

    def test_unit_multiplier_beats_kind_multiplier(self) -> None:
        """(7 + 5) × 1.5 for unit a (its kind department would give × 2) = 18."""
        assert D(18) == self._taken([self._incident("7"), self._incident("5", day=2)],
                                    multipliers={"a": D("1.5"), "department": 2})

    def test_kind_multiplier(self) -> None:
        """7 × 2 for a department when the unit itself has no multiplier = 14."""
        assert D(14) == self._taken([self._incident("7")], multipliers={"department": 2})

    def test_cap_binds(self) -> None:
        """(10 + 10) capped at 12 = 12."""
        assert D(12) == self._taken([self._incident("10"), self._incident("10", day=2)], cap=12)

    def test_once_only_counts_the_first(self) -> None:
        """per_occurrence = false: two incidents of 7 and 9 take only the first, 7."""
        assert D(7) == self._taken([self._incident("7"), self._incident("9", day=2)], per_occurrence=False)

    def test_total_never_below_zero(self) -> None:
        """A base of 76.92 less deductions of 100 is 0, not −23.08."""
        rule = {"id": "f", "title": "重扣", "event": "incident", "match": {"severity": "一般"}, "points": 100}
        log = ProgressLog([report("X", "a", "10")], [self._incident(None)])
        card = next(c for c in score(log, deductions=[rule]).scorecards if c.unit == "a")
        assert D(0) == card.total


class TestGrades:
    @pytest.mark.parametrize(("total", "grade"), [
        ("90", "优秀"), ("89.99", "良好"), ("80", "良好"), ("79.99", "合格"), ("60", "合格"), ("59.99", "不合格"),
        ("0", "不合格")])
    def test_each_cut_off_is_inclusive(self, total: str, grade: str) -> None:
        """优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60: each cut-off belongs to the grade above it."""
        assert grade == grade_of(D(total), DEFAULT_GRADES)

    def test_veto_forces_the_lowest(self) -> None:
        """A vetoed 100 is 不合格."""
        assert "不合格" == grade_of(D(100), DEFAULT_GRADES, vetoed=True)


class TestLevelBoundary:
    def _plan(self, comparator: str, quantity: int) -> Plan:
        return attrs.evolve(two_task_plan(), sections=[Section(key="一", title="一", tasks=[Task(
            number=1, title="一", responsibilities=[Responsibility(unit="a", role=Role.LEAD)],
            targets=[Target(id="L", kind="level", metric="率", quantity=quantity, comparator=comparator,
                            baseline=Baseline(value=D(80), as_of=pendulum.Date(2024, 1, 1)),
                            deadline=pendulum.Date(2027, 12, 31))])])])

    def test_at_least_holds_at_the_boundary(self) -> None:
        """92 reported against ≥ 92: the comparator holds (not merely (92 − 80)/(92 − 80))."""
        log = ProgressLog([report("L", "a", "92")])
        line = score(log, self._plan(">=", 92), tasks={"1": 10}).scorecards[0].lines[0]
        assert "92 >= 92 holds → 100%" in line.explanation

    def test_at_most_holds_at_the_boundary(self) -> None:
        """10 reported against ≤ 10: holds."""
        log = ProgressLog([report("L", "a", "10")])
        line = score(log, self._plan("<=", 10), tasks={"1": 10}).scorecards[0].lines[0]
        assert "10 <= 10 holds → 100%" in line.explanation

    def test_pace_is_achieved_at_the_boundary(self) -> None:
        """Pace: a level of exactly its target is achieved, not paced."""
        log = ProgressLog([report("L", "a", "92")])
        line = PACE.score(self._plan(">=", 92), log, {}, period=YEAR).scorecards[0].lines[0]
        assert "achieved" == line.category

    def test_pace_below_the_boundary_is_paced(self) -> None:
        """Pace: 91.99 against ≥ 92 is not achieved; (91.99 − 80) in a year against 12 over 4 is on track."""
        log = ProgressLog([report("L", "a", "91.99")])
        line = PACE.score(self._plan(">=", 92), log, {}, period=YEAR).scorecards[0].lines[0]
        assert "on_track" == line.category


class TestWorkingDays:
    def test_rectification_due_across_national_day_and_its_make_up_days(self) -> None:
        """Issued Fri 27 Sep 2024, 10 working days: Sun 29 Sep (调休) 1, 30 Sep 2, 8–11 Oct 3–6, Sat 12 Oct (调休) 7,
        14–16 Oct 8–10 → Wed 16 Oct (without make-up days 18 Oct; with weekends only 11 Oct)."""
        log = ProgressLog([report("X", "a", "0")])
        assessment = EFFICIENCY.score(two_task_plan(), log, EFFICIENCY.load_scheme({"tasks": {"1": 10, "2": 10}}),
                                      period=YEAR, as_of=pendulum.Date(2024, 9, 27))
        assert {pendulum.Date(2024, 10, 16)} == {r.due for r in assessment.rectifications}


class TestApportion:
    def test_six_lines_of_one_hundred(self) -> None:
        """100 over six equal lines: 16.67 × 4 and 16.66 × 2 (ties go to the earlier lines), adding up to 100."""
        assert [D("16.67")] * 4 + [D("16.66")] * 2 == apportion(D(100), [D(1)] * 6)

    def test_largest_remainder_gets_the_cent(self) -> None:
        """10 and 3 of 13 shares of 100: 76.92 (remainder .0031) and 23.08 (remainder .0069 gets the cent)."""
        assert [D("76.92"), D("23.08")] == apportion(D(100), [D(10), D(3)])

    def test_zero_weights(self) -> None:
        """No weight at all: every part is 0."""
        assert [D(0), D(0)] == apportion(D(100), [D(0), D(0)])


class TestEvidenceRule:
    def test_unproven_counts_as_not_done(self) -> None:
        """unproven_is_undone: 10 reported without evidence is 0 of 10 → a earns only the cooperating line."""
        log = ProgressLog([report("X", "a", "10", evidence=False), report("Y", "b", "10")])
        card = next(c for c in score(log, unproven_is_undone=True).scorecards if c.unit == "a")
        assert D("23.08") == card.total

    def test_proven_counts(self) -> None:
        """The same with evidence: 100."""
        log = ProgressLog([report("X", "a", "10"), report("Y", "b", "10")])
        card = next(c for c in score(log, unproven_is_undone=True).scorecards if c.unit == "a")
        assert D(100) == card.total

    def test_without_the_switch_unproven_counts(self) -> None:
        """Without the switch the unproven 10 counts: 100."""
        log = ProgressLog([report("X", "a", "10", evidence=False), report("Y", "b", "10")])
        card = next(c for c in score(log).scorecards if c.unit == "a")
        assert D(100) == card.total


HOSTILE_CELLS = [
    # (cell, what a spreadsheet must be given) — written out by hand, not computed.
    ("=1+1", "'=1+1"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+86 951", "'+86 951"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("＝1+1", "'＝1+1"),
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠SUM(A1)", "'＠SUM(A1)"),
    ("县教体局", "县教体局"),
    ("1-2", "1-2"),
    ("a=b", "a=b"),
    ("92%", "92%"),
    ("", ""),
]


class TestFormulaNeutralising:
    @pytest.mark.parametrize(("cell", "expected"), HOSTILE_CELLS)
    def test_hostile_cells(self, cell: str, expected: str) -> None:
        """Every formula start (= + - @ tab CR and the full-width ＝ ＋ － ＠) gets a leading ', nothing else does."""
        assert expected == neutralise_formula(cell)

    def test_csv_of_a_plan_with_hostile_names(self) -> None:
        """Unit names starting =, @ and ＠ come out of the CSV with a leading '."""
        plan = datasets.load("helan")
        names = {"education-sports": "=HYPERLINK(1)", "finance": "@SUM(1)", "development-reform": "＠x"}
        plan = attrs.evolve(plan, units=tuple(attrs.evolve(u, name=names[u.id]) if u.id in names else u
                                              for u in plan.units))
        text = CSV.render(build("responsibilities", plan)[:1]).removeprefix("\ufeff")
        cells = {cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row}
        found = {name for name in ("'=HYPERLINK(1)", "'@SUM(1)", "'＠x") if any(name in c for c in cells)}
        assert {"'=HYPERLINK(1)", "'@SUM(1)", "'＠x"} == found
        assert [] == [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")]


class TestOwnerRoles:
    def _plan(self) -> Plan:
        return Plan(
            id="o", title="角色",
            units=[Unit(id="a", name="甲局"), Unit(id="b", name="乙局"),
                   Unit(id="t1", name="甲镇", kind=UnitKind.TOWNSHIP),
                   Unit(id="t2", name="乙镇", kind=UnitKind.TOWNSHIP),
                   Unit(id="towns", name="各乡镇", kind=UnitKind.COLLECTIVE, members=("t1", "t2"))],
            sections=[Section(key="一", title="一", tasks=[Task(
                number=1, title="一", responsibilities=[Responsibility(unit="a", role=Role.LEAD),
                                                       Responsibility(unit="towns", role=Role.COOPERATING),
                                                       Responsibility(unit="ghost", role=Role.COOPERATING)],
                targets=[Target(id="P", kind="milestone", metric="p"),
                         Target(id="Q", kind="milestone", metric="q", owners=("towns", "b"))])])])

    def test_a_target_without_owners_is_owned_by_the_leads(self) -> None:
        """No owners: the task's lead units own the target."""
        plan = self._plan()
        task = plan.tasks[0]
        assert {"a": Role.LEAD} == owner_roles(plan, task, task.targets[0])

    def test_named_owners_keep_their_task_role_and_collectives_expand(self) -> None:
        """Owners towns (配合 in the task, expanded to t1 and t2) and b (not in the task: lead)."""
        plan = self._plan()
        task = plan.tasks[0]
        assert {"t1": Role.COOPERATING, "t2": Role.COOPERATING, "b": Role.LEAD} == owner_roles(
            plan, task, task.targets[1])

    def test_a_task_answers_with_every_unit(self) -> None:
        """Without a target: every responsible unit, collectives expanded, an unknown id kept as it is."""
        plan = self._plan()
        assert {"a": Role.LEAD, "t1": Role.COOPERATING, "t2": Role.COOPERATING, "ghost": Role.COOPERATING} == \
            owner_roles(plan, plan.tasks[0])


class TestRanks:
    def _card(self, unit: str, total: str) -> Scorecard:
        return Scorecard(unit=unit, unit_name=unit, peer_group="部门", total=D(total), max_points=D(100), grade="")

    def test_ties_share_a_rank_and_the_next_skips(self) -> None:
        """Totals 90, 80, 80, 70: ranks 1, 2, 2, 4."""
        cards = assign_ranks([self._card("a", "90"), self._card("b", "80"), self._card("c", "80"),
                              self._card("d", "70")])
        assert [("a", 1), ("b", 2), ("c", 2), ("d", 4)] == [(c.unit, c.rank) for c in cards]

    def test_a_vetoed_unit_ranks_last(self) -> None:
        """A vetoed 95 ranks after a 70, and does not share a rank with an equal total."""
        cards = assign_ranks([self._card("a", "95"), self._card("b", "70"), self._card("c", "95")],
                             vetoed=frozenset({"a"}))
        assert [("c", 1), ("b", 2), ("a", 3)] == [(c.unit, c.rank) for c in cards]

    def test_below_every_cut_off_is_the_lowest_grade(self) -> None:
        """A total below the lowest cut-off (−1 here, from a third-party scorer) gets the lowest grade."""
        grades = {"好": D(50), "中": D(10), "差": D(0)}
        assert "差" == grade_of(D(-1), grades)


class TestCountingStart:
    def test_the_baseline_date_comes_first(self) -> None:
        """A baseline dated 2023-06-30 starts the counting there, not at the plan's start."""
        plan = two_task_plan()
        target = Target(id="Z", kind="level", metric="z", quantity=9,
                        baseline=Baseline(value=D(1), as_of=pendulum.Date(2023, 6, 30)))
        assert pendulum.Date(2023, 6, 30) == counting_start(plan, target, pendulum.Date(2024, 1, 1))

    def test_then_the_plan_start(self) -> None:
        """A baseline without a date: the plan's start (2024-01-01)."""
        plan = two_task_plan()
        target = Target(id="Z", kind="level", metric="z", quantity=9, baseline=Baseline(value=D(1)))
        assert pendulum.Date(2024, 1, 1) == counting_start(plan, target, pendulum.Date(2025, 1, 1))

    def test_then_the_window(self) -> None:
        """No baseline and no horizon: the first day of the window assessed."""
        plan = attrs.evolve(two_task_plan(), horizon=None)
        target = Target(id="Z", kind="level", metric="z", quantity=9)
        assert pendulum.Date(2025, 1, 1) == counting_start(plan, target, pendulum.Date(2025, 1, 1))


class TestApportionSmallWeights:
    def test_weights_below_one_in_all(self) -> None:
        """Weights 0.25 and 0.25 (0.5 in all) still split 100 as 50 and 50."""
        assert [D(50), D(50)] == apportion(D(100), [D("0.25"), D("0.25")])


class TestWorkingDayCounts:
    def test_zero_days_is_the_day_itself(self) -> None:
        """0 working days after a day is that day; −1 is refused."""
        from edu_plan.workdays import CalendarError, default_work_calendar

        calendar = default_work_calendar()
        assert pendulum.Date(2024, 9, 27) == calendar.add_working_days(pendulum.Date(2024, 9, 27), 0)
        with pytest.raises(CalendarError, match=r"'days' must be >= 0 \(got -1\)"):
            calendar.add_working_days(pendulum.Date(2024, 9, 27), -1)

    def test_working_days_between_across_national_day(self) -> None:
        """After Fri 27 Sep up to Wed 16 Oct 2024: 10 working days (29 Sep and 12 Oct 调休 included); a day to
        itself: 0."""
        from edu_plan.workdays import default_work_calendar

        calendar = default_work_calendar()
        assert (10, 0) == (calendar.working_days_between(pendulum.Date(2024, 9, 27), pendulum.Date(2024, 10, 16)),
                           calendar.working_days_between(pendulum.Date(2024, 9, 27), pendulum.Date(2024, 9, 27)))


class TestTaskPoints:
    def test_section_points_split_over_the_tasks_without_their_own(self) -> None:
        """[tasks] 1 = 10 and [sections] 一 = 30: tasks 2 and 3 are worth 30 / 2 = 15; task 4 (in 二, unset) 1."""
        tasks = [Task(number=n, title=str(n), responsibilities=[Responsibility(unit="a", role=Role.LEAD)],
                      targets=[Target(id=f"K{n}", kind="cumulative", metric="k", quantity=10,
                                      deadline=pendulum.Date(2024, 12, 31))]) for n in (1, 2, 3, 4)]
        plan = attrs.evolve(two_task_plan(), sections=[Section(key="一", title="一", tasks=tasks[:3]),
                                                       Section(key="二", title="二", tasks=tasks[3:])])
        log = ProgressLog([report(f"K{n}", "a", "10") for n in (1, 2, 3, 4)])
        card = score(log, plan, tasks={"1": 10}, sections={"一": 30}).scorecard("a")
        assert ["task 1 worth 10,", "task 2 worth 15,", "task 3 worth 15,", "task 4 worth 1,"] == [
            next(part for part in line.explanation.split("; ") if part.startswith("task "))[:16].rstrip(" 配")
            for line in card.lines]


class TestProRata:
    def _line(self, deadline: pendulum.Date | None) -> Any:
        plan = attrs.evolve(two_task_plan(), sections=[Section(key="一", title="一", tasks=[Task(
            number=1, title="一", responsibilities=[Responsibility(unit="a", role=Role.LEAD)],
            targets=[Target(id="X", kind="cumulative", metric="x", quantity=10, deadline=deadline)])])])
        log = ProgressLog([report("X", "a", "5")])
        return score(log, plan, tasks={"1": 10}, kinds={"cumulative": {"pro_rata": True}}).scorecard("a").lines[0]

    def test_without_a_deadline_the_share_is_not_scaled(self) -> None:
        """No deadline: 5 of 10 stays 50 %, and nothing about pro rata is said."""
        line = self._line(None)
        assert D("0.5") == line.share
        assert "= 50%; task 1 worth 10" in line.explanation

    def test_past_the_deadline_the_share_is_not_scaled(self) -> None:
        """Deadline 2024-06-30, scored on 2024-12-31: 50 % stays 50 %."""
        line = self._line(pendulum.Date(2024, 6, 30))
        assert D("0.5") == line.share
        assert "= 50%; task 1 worth 10" in line.explanation

    def test_half_way_the_share_is_doubled(self) -> None:
        """Deadline 2025-12-31 from the 2024-01-01 start: 366 of 731 days gone (50.07 %), so 50 % reached is
        50 / 50.07 = 99.86 % of what is due."""
        line = self._line(pendulum.Date(2025, 12, 31))
        assert D("0.9986") == line.share

    def test_before_counting_starts_no_time_is_gone(self) -> None:
        """Counting starts 2025-01-01 (the baseline's date), deadline 2025-12-31, scored on 2024-12-31: 0 of
        365 days gone, so nothing is due yet and the share (0: the 2024 report is before counting starts) is
        not divided by 0 % — it stays 0, and nothing about pro rata is said."""
        plan = attrs.evolve(two_task_plan(), sections=[Section(key="一", title="一", tasks=[Task(
            number=1, title="一", responsibilities=[Responsibility(unit="a", role=Role.LEAD)],
            targets=[Target(id="X", kind="cumulative", metric="x", quantity=10, deadline=pendulum.Date(2025, 12, 31),
                            baseline=Baseline(value=D(0), as_of=pendulum.Date(2025, 1, 1)))])])])
        log = ProgressLog([report("X", "a", "5")])
        line = score(log, plan, tasks={"1": 10}, kinds={"cumulative": {"pro_rata": True}}).scorecard("a").lines[0]
        assert D(0) == line.share
        assert "pro rata" not in line.explanation


class TestKindModes:
    def _line(self, value: str, **rule: Any) -> Any:
        log = ProgressLog([report("X", "a", value)])
        return score(log, kinds={"cumulative": rule}).scorecard("a").lines[0]

    def test_all_or_nothing_short_of_the_quantity_is_zero(self) -> None:
        """mode all_or_nothing, X 9 of 10 (90 %): not fully reached → 0."""
        line = self._line("9", mode="all_or_nothing")
        assert (D(0), True) == (line.share, "all or nothing: not fully reached → 0" in line.explanation)

    def test_all_or_nothing_at_the_quantity_is_one(self) -> None:
        """mode all_or_nothing, X 10 of 10: fully reached → 1."""
        assert D(1) == self._line("10", mode="all_or_nothing").share

    def test_below_the_floor_is_zero(self) -> None:
        """mode floor 0.6, X 5 of 10 (50 %): below the floor → 0."""
        line = self._line("5", mode="floor", floor=D("0.6"))
        assert (D(0), True) == (line.share, "below the floor 60% → 0" in line.explanation)

    def test_at_the_floor_the_share_counts(self) -> None:
        """mode floor 0.6, X 6 of 10: 60 % is not below the floor 60 % → 0.6."""
        assert D("0.6") == self._line("6", mode="floor", floor=D("0.6")).share


class TestRectifyBelow:
    def test_at_the_threshold_no_finding(self) -> None:
        """rectify_below 0.6: X 6 of 10 is 60 %, not below 60 %, so no finding (for 甲局, which leads task 1)."""
        log = ProgressLog([report("X", "a", "6"), report("Y", "b", "10")])
        assert [] == [f for f in score(log).findings if f.target == "X"]

    def test_below_it_only_the_owner_is_found(self) -> None:
        """X 5 of 10 (50 % < 60 %): 甲局 leads task 1 and owns X, so it has the finding; 乙局 only cooperates
        on task 1 and has none."""
        log = ProgressLog([report("X", "a", "5"), report("Y", "b", "10")])
        assert ["a"] == [f.unit for f in score(log).findings if f.target == "X"]


class TestLineWeights:
    def _plan(self, targets: list[Target]) -> Plan:
        return attrs.evolve(two_task_plan(), sections=[Section(key="一", title="一", tasks=[Task(
            number=1, title="一", responsibilities=[Responsibility(unit="a", role=Role.LEAD)], targets=targets)])])

    def test_a_task_is_split_by_the_targets_weights(self) -> None:
        """Task 1 worth 10, targets X (weight 2) and Z (weight 1): 10 × 2/3 = 6.6667 and 10 × 1/3 = 3.3333."""
        end = pendulum.Date(2024, 12, 31)
        targets = [Target(id=t, kind="cumulative", metric=t, quantity=10, weight=w, deadline=end)
                   for t, w in (("X", 2), ("Z", 1))]
        log = ProgressLog([report("X", "a", "10"), report("Z", "a", "10")])
        card = score(log, self._plan(targets), tasks={"1": 10}).scorecard("a")
        assert [D("6.6667"), D("3.3333")] == [line.weight for line in card.lines]

    def test_a_target_not_due_has_no_weight(self) -> None:
        """Task 1 worth 10: X is due, R (每5年 from 2024) is not due in 2024: X takes all 10, R 0 (of 0 points)."""
        targets = [Target(id="X", kind="cumulative", metric="x", quantity=10, deadline=pendulum.Date(2024, 12, 31)),
                   Target(id="R", kind="recurring", metric="r", quantity=1,
                          recurrence=Recurrence(every=PeriodKind.YEAR, interval=5, anchor=Period.parse("2024")))]
        log = ProgressLog([report("X", "a", "10")])
        card = score(log, self._plan(targets), tasks={"1": 10}).scorecard("a")
        assert [(D(10), D(100)), (D(0), D(0))] == [(line.weight, line.max_points) for line in card.lines]
