"""Views: the Helan plan as the responsibility list, workload matrix, targets list and work ledger."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import given
from tests.strategies import plans

from edu_plan import Period, Plan, Role, datasets
from edu_plan._assessment import Assessment, Bonus, Deduction, Finding, Rectification, Scorecard
from edu_plan._progress import ProgressLog
from edu_plan.errors import RenderError
from edu_plan.views import (
    Bar,
    BarChart,
    Cell,
    Column,
    HeatMap,
    Light,
    LightGrid,
    ProgressBars,
    View,
    build,
    cell_text,
    rectification_list,
    responsibility_list,
    scorecards,
    targets_list,
    work_ledger,
    workload_matrix,
)

# The views speak the house vocabulary (责任清单, 牵头单位, 完成时限…): these tests read them in Chinese, the
# default; tests/test_view_language.py reads every view in both languages.
pytestmark = pytest.mark.usefixtures("chinese")


@pytest.fixture(scope="module")
def helan() -> Plan:
    return datasets.load("helan")


class TestCells:
    def test_decimal_text_is_exact_without_trailing_zeros(self) -> None:
        """A decimal shows as people write it: 92.50 → 92.5, 10.00 → 10, never in exponent form."""
        assert ["92.5", "10", "0.0001", "1000000"] == [
            cell_text(Decimal("92.50")), cell_text(Decimal("10.00")), cell_text(Decimal("1E-4")),
            cell_text(Decimal("1E+6")),
        ]

    def test_date_and_none(self) -> None:
        """A date shows as ISO 8601 and an empty cell as nothing."""
        assert ("2027-12-31", "") == (Cell(value=pendulum.Date(2027, 12, 31)).text, Cell().text)

    def test_row_of_wrong_length_is_refused(self) -> None:
        """A row with fewer cells than columns is a programming error caught at once, naming the view."""
        with pytest.raises(ValueError, match=r"row 1 of view 'x' must have 2 cells \(got 1\)"):
            View(name="x", title="x", columns=(Column(key="a", label="a"), Column(key="b", label="b")),
                 rows=((Cell(value="1"),),))


class TestResponsibilityList:
    def test_one_row_per_task(self, helan: Plan) -> None:
        """The list has the plan's 22 tasks, numbered 1–22 in order, under the attachment's headers."""
        view = responsibility_list(helan)
        assert ("序号", "重点任务", "牵头单位", "配合单位", "责任单位", "主要目标", "完成时限") == view.headers
        assert list(range(1, 23)) == [row[0].value for row in view.rows]

    def test_two_leads(self, helan: Plan) -> None:
        """Task 4 has two lead units, both named in the plan's order."""
        row = responsibility_list(helan).rows[3]
        assert "县委统战部、县教体局" == row[2].text

    def test_sole_responsible_unit_has_its_own_column(self, helan: Plan) -> None:
        """Task 6 names 县教体局 as 责任单位: no lead, no cooperating unit."""
        row = responsibility_list(helan).rows[5]
        assert ("", "", "县教体局") == (row[2].text, row[3].text, row[4].text)

    def test_targets_and_deadline(self, helan: Plan) -> None:
        """Task 10's five targets read in the plan's words, joined with "；"; its 完成时限 is the plan's 到2027年
        for the four dated targets and 每3年 for the layout plan revised every three years (T10-1)."""
        row = responsibility_list(helan).rows[9]
        assert 5 == len(row[5].text.split("；"))
        assert "新增幼儿园10所" in row[5].text.split("；")
        assert "2027年12月31日；每3年" == row[6].value

    def test_a_task_of_dated_targets_only_keeps_a_typed_deadline(self, helan: Plan) -> None:
        """Task 1 (打造“三进”示范课5堂, 到2027年) has one dated target: its 完成时限 is the date 2027-12-31 itself."""
        assert pendulum.Date(2027, 12, 31) == responsibility_list(helan).rows[0][6].value


class TestWorkloadMatrix:
    def test_counts_of_the_education_bureau(self, helan: Plan) -> None:
        """县教体局 leads 19 tasks and is solely responsible for 3 (tasks 6, 18, 19): 22 in all."""
        view = workload_matrix(helan)
        row = next(r for r in view.rows if r[0].text == "县教体局")
        assert ["19", "0", "3", "22"] == [c.text for c in row[-4:]]
        assert ["责", "责", "责"] == [row[n].text for n in (6, 18, 19)]

    def test_heat_map_matches_marks(self, helan: Plan) -> None:
        """The heat map has a row per unit and a column per task; a lead is 2, cooperating 1, nothing 0."""
        view = workload_matrix(helan)
        (heat,) = view.charts
        assert isinstance(heat, HeatMap)
        assert (len(view.rows), 22) == (len(heat.values), len(heat.values[0]))
        publicity = heat.rows.index("县委宣传部")
        # 县委宣传部: cooperates on tasks 1 and 3, leads task 21.
        assert (1, 0, 1, 2) == (heat.values[publicity][0], heat.values[publicity][1], heat.values[publicity][2],
                                heat.values[publicity][20])

    def test_role_marks_cover_every_role(self) -> None:
        """Every role has a mark in the workload matrix, so a new role cannot silently vanish from it."""
        from edu_plan.views._plan import _marks

        assert set(Role) == set(_marks())

    @given(plans())
    def test_counts_add_up_to_the_responsibilities(self, plan: Plan) -> None:
        """Over all units, the 合计 column sums to the number of (task, unit) responsibilities in the plan."""
        view = workload_matrix(plan)
        expected = sum(len({r.unit for r in task.responsibilities}) for task in plan.tasks)
        assert expected == sum(row[-1].value for row in view.rows)  # type: ignore[misc]


class TestTargetsList:
    def test_every_target_with_its_quantity(self, helan: Plan) -> None:
        """52 targets; 新增幼儿园 ≥ 10 所 is a cumulative target with an exact Decimal quantity."""
        view = targets_list(helan)
        assert 52 == len(view.rows)
        row = next(r for r in view.rows if r[0].value == "T10-2")
        assert ["新增幼儿园10所", "累计", "新增幼儿园", "≥", "所", "2027-12-31"] == [row[i].text
                                                                            for i in (2, 3, 4, 5, 7, 9)]
        assert Decimal(10) == row[6].value

    def test_range_and_recurrence(self, helan: Plan) -> None:
        """A range target shows 1—2; a recurring one (每学期组织一次大家访) shows its period, and its 完成时限 is
        that period, not a date."""
        view = targets_list(helan)
        by_id = {row[0].value: row for row in view.rows}
        assert "1—2" == by_id["T07-2"][6].text
        assert ("每学期", "每学期") == (by_id["T05-2"][8].text, by_id["T05-2"][9].value)


class TestWorkLedger:
    def test_without_progress_every_target_is_unreported(self, helan: Plan) -> None:
        """With no progress, each of the 52 targets is 未报送 with a grey light, and tasks 14, 18, 19 get a row."""
        view = work_ledger(helan)
        assert 52 + 3 == len(view.rows)
        lights = {row[6].light for row in view.rows if row[2].text != "—"}
        assert {Light.GREY} == lights
        assert {14, 18, 19} == {row[0].value for row in view.rows if row[2].text == "—"}

    def test_a_progress_bar_per_target(self, helan: Plan) -> None:
        """The ledger carries a progress bar for each of the 52 targets, all empty with no progress."""
        (chart,) = work_ledger(helan).charts
        assert isinstance(chart, ProgressBars)
        assert (52, {Decimal(0)}) == (len(chart.bars), {bar.share for bar in chart.bars})


class TestBars:
    def test_share_is_clipped(self) -> None:
        """A bar past its maximum is full, a negative one empty: 12/10 → 1, -1/10 → 0, 4/10 → 0.4."""
        shares = [Bar(label="x", value=Decimal(v), maximum=Decimal(10)).share for v in (12, -1, 4)]
        assert [Decimal(1), Decimal(0), Decimal("0.4")] == shares


class TestBuild:
    def test_unknown_view_names_the_known_ones(self, helan: Plan) -> None:
        """Asking for a view that does not exist says which ones do."""
        with pytest.raises(RenderError, match=r"'view' must be one of .*responsibilities"):
            build("nope", helan, lang="en")

    def test_same_plan_same_view(self, helan: Plan) -> None:
        """Building a view twice gives equal views (no clock, no randomness)."""
        assert workload_matrix(helan) == workload_matrix(helan)


class TestCoreBoundary:
    def test_views_import_no_plugin(self) -> None:
        """Importing and using edu_plan.views loads no module of edu_plan.plugins' built-in implementations."""
        code = (
            "import sys, edu_plan\n"
            "from edu_plan import views\n"
            "views.responsibility_list(edu_plan.datasets.load('helan'))\n"
            "print(sorted(m for m in sys.modules if m.startswith('edu_plan.plugins.render')))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]" == out.stdout.strip()



def _assessment() -> Assessment:
    """Two departments and a township, with a bonus, a deduction, a finding and one rectification order."""
    day = pendulum.Date(2024, 12, 31)

    def card(unit: str, name: str, group: str, total: str, grade: str, rank: int, **more: Any) -> Scorecard:
        return Scorecard(unit=unit, unit_name=name, peer_group=group, total=Decimal(total), max_points=Decimal(100),
                         grade=grade, rank=rank, **more)

    return Assessment(
        plan_id="helan-edu-quality-2023", scorer="efficiency", scheme="示例方案", period=Period.parse("2024"),
        as_of=day, max_points=Decimal(100),
        scorecards=(
            card("finance", "县财政局", "部门", "75", "合格", 2,
                 deductions=(Deduction(rule="late", reason="迟报 1 次", points=Decimal("0.5")),)),
            card("education-sports", "县教体局", "部门", "90.50", "优秀", 1,
                 bonuses=(Bonus(rule="award", reason="自治区级表彰", points=Decimal(2)),
                          Bonus(rule="award", reason="无佐证", points=Decimal(1), paid=False))),
            card("xigang-town", "习岗镇", "街道乡镇", "60", "合格", 1),
        ),
        findings=(Finding(unit="finance", message="T10-2 进度滞后", task=10, target="T10-2"),
                  Finding(unit="xigang-town", message="漏报 1 次")),
        rectifications=(Rectification(unit="finance", finding="T10-2 进度滞后", issued=pendulum.Date(2025, 1, 6),
                                      working_days=10, due=pendulum.Date(2025, 1, 17)),),
    )


class TestScoreViews:
    def test_scorecards_ranked_within_peer_groups(self, helan: Plan) -> None:
        """Rows come in the assessment's ranking (peer group, then rank); 县教体局's bonus counts only the
        paid 2 points, 县财政局 loses 0.5."""
        view = scorecards(helan, _assessment())
        picked = [(r[0], r[1], r[2], r[3], r[5], r[6], r[7]) for r in view.texts()]
        assert [("街道乡镇", "1", "习岗镇", "60", "合格", "0", "0"),
                ("部门", "1", "县教体局", "90.5", "优秀", "2", "0"),
                ("部门", "2", "县财政局", "75", "合格", "0", "0.5")] == picked

    def test_score_chart_groups(self, helan: Plan) -> None:
        """The bar chart has one group per peer group; a bar is the total out of the maximum: 90.5/100 → 0.905."""
        (chart,) = scorecards(helan, _assessment()).charts
        assert isinstance(chart, BarChart)
        assert ["街道乡镇", "部门"] == [g.label for g in chart.groups]
        assert Decimal("0.905") == chart.groups[1].bars[0].share

    def test_rectifications_then_open_findings(self, helan: Plan) -> None:
        """The order with its due date comes first (10 working days from 2025-01-06 is 2025-01-17), then the
        finding not yet ordered, with no dates."""
        view = rectification_list(helan, _assessment())
        assert [["1", "县财政局", "10", "T10-2", "T10-2 进度滞后", "2025-01-06", "10", "2025-01-17"],
                ["2", "习岗镇", "", "", "漏报 1 次", "", "", ""]] == view.texts()

    def test_score_views_need_an_assessment(self, helan: Plan) -> None:
        """Asking for scorecards with neither an assessment nor progress says what to give."""
        with pytest.raises(RenderError, match="needs an assessment: give progress"):
            build("scorecards", helan, lang="en")


class TestProgressViews:
    def test_ledger_sums_a_cumulative_target(self, helan: Plan, helan_sample_progress: ProgressLog) -> None:
        """新增幼儿园: 2 (2023) + 1 (2024) = 累计 3所 of 10, so its bar is at 30 %; the evidence is listed."""
        view = work_ledger(helan, helan_sample_progress, period=Period.parse("2024"))
        row = next(r for r in view.rows if r[2].text.startswith("新增幼儿园"))
        assert ("累计 3所", "示例：贺教体发〔2023〕88号") == (row[5].text, row[7].text)
        (chart,) = view.charts
        assert isinstance(chart, ProgressBars)
        bar = next(b for b in chart.bars if b.label.startswith("T10-2"))
        assert Decimal("0.3") == bar.share

    def test_bulletin_with_the_pace_scorer(self, helan: Plan, helan_sample_progress: ProgressLog) -> None:
        """Through the registry's pace scorer: 覆盖率 went 88.5 → 90 in a year, faster than the 92 by 2027 needs
        (about 0.9 a year), so it is green; the light grid has a row per task with targets."""
        targets_view, behind = build("bulletin", helan, progress=helan_sample_progress, period=Period.parse("2024"))
        row = next(r for r in targets_view.rows if r[1].value == "T10-4")
        assert Light.GREEN == row[7].light
        (grid,) = targets_view.charts
        assert isinstance(grid, LightGrid)
        assert len([t for t in helan.tasks if t.targets]) == len(grid.rows)
        assert "behind" == behind.name

    def test_report_holds_every_view(self, helan: Plan, helan_sample_progress: ProgressLog) -> None:
        """The report with progress has the plan views, the ledger, the bulletin and the score views (the score
        lines that explain the points included), in order."""
        names = [v.name for v in build("report", helan, progress=helan_sample_progress, period=Period.parse("2024"))]
        assert ["responsibilities", "workload", "ledger", "bulletin", "behind", "scorecards", "scorelines",
                "rectifications"] == names
