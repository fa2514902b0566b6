"""Schemes structured by the serialization module: every mistake at once with its path and line, plan checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_plan import Period, ProgressLog, assess, datasets
from edu_plan.cli import main
from edu_plan.errors import SchemeError, ScoringError
from edu_plan.plugins.scoring import EFFICIENCY, AttainmentScheme, EfficiencyScheme, PaceScheme

EXAMPLE = Path(__file__).parent.parent / "examples" / "helan"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scheme.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TestEveryMistakeAtOnce:
    def test_three_mistakes_are_listed_with_their_lines(self, tmp_path: Path) -> None:
        """An unknown key (line 3), text for a number (line 4) and a bad event (line 8): all three, in order."""
        path = _write(tmp_path, '''scorer = "efficiency"
name = "三处错误"
colour = "red"
points = "many"

[[deductions]]
id = "a"
event = "accident"
title = "事故"
points = 1
''')
        with pytest.raises(SchemeError) as caught:
            assess(datasets.load("helan"), ProgressLog([]), path, period=Period.parse("2024"))
        found = [(p.line, p.path) for p in caught.value.problems]
        assert [(3, "$.colour"), (4, "$.points"), (8, "$.deductions[0].event")] == found
        assert f"{path}: 3 problems in the scheme" == str(caught.value).splitlines()[0]

    def test_non_finite_and_huge_numbers_are_refused(self) -> None:
        """inf, nan and 1e308 are each refused at their key, not turned into a traceback later."""
        from decimal import Decimal

        with pytest.raises(SchemeError) as caught:
            EFFICIENCY.load_scheme({"points": Decimal("inf"), "rectify_below": Decimal("nan"),
                                    "bonus": {"total_cap": Decimal("1e308")}})
        assert ["$.bonus.total_cap", "$.points", "$.rectify_below"] == sorted(p.path for p in caught.value.problems)

    def test_grade_cut_offs_out_of_order_or_above_the_maximum(self) -> None:
        """Grades listed upside down, or one above the 100 points a unit can reach, are two problems."""
        with pytest.raises(SchemeError) as caught:
            EFFICIENCY.load_scheme({"grades": {"合格": 60, "优秀": 90, "卓越": 101, "不合格": 0}})
        assert {"grade-order", "grade-range"} == {p.code for p in caught.value.problems}
        assert "$.grades.卓越" in {p.path for p in caught.value.problems}

    def test_a_grade_at_exactly_the_maximum_is_accepted(self) -> None:
        """A cut-off equal to the highest reachable total (100) is allowed: the boundary is inclusive."""
        scheme = EFFICIENCY.load_scheme({"grades": {"满分": 100, "不合格": 0}})
        assert {"满分": 100, "不合格": 0} == dict(scheme.grades)

    def test_duplicate_rule_ids(self) -> None:
        """Two deductions with one id are refused at the second, naming the first."""
        rule = {"id": "late", "title": "迟报", "event": "lapse", "match": {"kind": "late"}, "points": 1}
        with pytest.raises(SchemeError, match=r"\$.deductions\[1\].id: error: duplicate id 'late' "
                                              r"\(also \$.deductions\[0\]\)"):
            EFFICIENCY.load_scheme({"deductions": [rule, rule]})


class TestAgainstThePlan:
    def test_unknown_tasks_sections_kinds_and_match_values(self, tmp_path: Path) -> None:
        """Task 99, section 六, kind ratio and a lapse kind 'lates' (a veto that would never fire) are all refused."""
        path = _write(tmp_path, '''scorer = "efficiency"
[tasks]
99 = 5
[sections]
"六" = 10
[kinds.ratio]
mode = "floor"
[[vetoes]]
id = "v"
title = "漏报"
event = "lapse"
match = { kind = "lates" }
''')
        with pytest.raises(SchemeError) as caught:
            assess(datasets.load("helan"), ProgressLog([]), path, period=Period.parse("2024"))
        codes = [(p.code, p.line) for p in caught.value.problems]
        assert [("unknown-task", 3), ("unknown-section", 5), ("unknown-kind", 6), ("unknown-match", 12)] == codes

    def test_the_example_scheme_fits_the_helan_plan(self) -> None:
        """The shipped example scheme names only tasks, sections and kinds the Helan plan has."""
        from edu_plan import check_progress  # noqa: F401 - the example's progress is checked elsewhere
        from edu_plan._achievements import check_scheme

        check_scheme(EFFICIENCY.load_scheme({}), datasets.load("helan"))
        from edu_plan import serialization

        check_scheme(EFFICIENCY.load_scheme(serialization.read_scheme(EXAMPLE / "scheme.toml")),
                     datasets.load("helan"))


class TestNoReports:
    def test_a_period_without_reports_is_scored_with_a_warning(self) -> None:
        """Scoring 2025 with no report in it gives the assessment a warning, and the scorecards view shows it."""
        from edu_plan.views import scorecards

        plan = datasets.load("helan")
        assessment = assess(plan, ProgressLog([]), {"scorer": "attainment"}, period=Period.parse("2025"))
        (warning,) = assessment.warnings
        assert "2025" in warning
        assert warning in scorecards(plan, assessment).notes

    def test_the_option_makes_it_an_error(self) -> None:
        """With require_reports, the same call is a ScoringError naming the period."""
        with pytest.raises(ScoringError, match="no report of plan 'helan-edu-quality-2023' falls in 2025"):
            assess(datasets.load("helan"), ProgressLog([]), None, period=Period.parse("2025"), require_reports=True)

    @pytest.mark.usefixtures("chinese")
    def test_the_cli_warns_and_can_refuse(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`edu-plan score` prints the warning on standard error and in the table; --require-reports exits 1.

        The example's reports run to the spring semester of 2025 (2024-2025-2), so 2026 has none.
        """
        scheme = _write(tmp_path, 'scorer = "attainment"\n')
        args = ["score", "helan", "--progress", str(EXAMPLE / "progress-2023-2024.csv"), "--scheme", str(scheme),
                "--period", "2026"]
        assert 0 == main(args)
        captured = capsys.readouterr()
        assert "警告：本期（2026年）没有任何进展报送" in captured.err
        assert "本期（2026年）没有任何进展报送" in captured.out
        assert 1 == main([*args, "--require-reports"])


class TestSchemeClasses:
    def test_one_class_per_scorer(self) -> None:
        """Each built-in scorer structures its scheme into its own class, named on the scorer."""
        from edu_plan.plugins.scoring import ATTAINMENT, PACE

        assert (AttainmentScheme, PaceScheme, EfficiencyScheme) == (
            ATTAINMENT.scheme_type, PACE.scheme_type, EFFICIENCY.scheme_type)
        assert isinstance(PACE.load_scheme({"method": "growth"}), PaceScheme)


class TestExplanationsAreData:
    def test_a_line_keeps_its_steps_and_renders_them_when_shown(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cumulative line keeps the template and the numbers it names; the sentence is made when shown.

        T10-3 (新增学位 3600个) reported 300 + 200 = 500 by 县教体局: the step names total 500 and
        quantity 3600; with a catalog that translates the template, the same line reads in Chinese.
        """
        from decimal import Decimal

        import pendulum

        import edu_plan._assessment as assessment_module
        from edu_plan import ProgressReport

        plan = datasets.load("helan")
        log = ProgressLog([ProgressReport(plan_id=plan.id, target="T10-3", unit="education-sports",
                                          period=Period.parse(p), value=Decimal(v), report_date=day)
                           for p, v, day in (("2023", "300", pendulum.Date(2023, 12, 20)),
                                             ("2024", "200", pendulum.Date(2024, 12, 20)))])
        result = assess(plan, log, {"scorer": "attainment"}, period=Period.parse("2024"))
        line = next(li for li in result.scorecard("education-sports").lines if li.target == "T10-3")
        (first,) = line.steps
        assert first.template.startswith("{target} cumulative: increments since {start}")
        assert (Decimal(500), Decimal(3600)) == (first.values["total"], first.values["quantity"])
        assert line.explanation == line.sentence  # English: the message id is the en rendering
        template = first.template
        monkeypatch.setattr(assessment_module, "gettext",
                            lambda m: "{target}（累计）：合计{total}{uom}" if m == template else m)
        assert "T10-3（累计）：合计500个" == line.sentence
