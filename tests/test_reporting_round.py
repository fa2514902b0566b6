"""The reporting round: fill-in workbooks, reports read back from Excel and GB18030 CSV, the calendar, lapses."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import edu_plan
from edu_plan import Period, ReportingRule, Role
from edu_plan._reporting import (
    ReportStatus,
    answered_targets,
    chase_view,
    due_date,
    lapses,
    parse_rule,
    reporting_status,
    status_view,
    with_lapses,
)
from edu_plan._workbook import Expectation, make_template, template_name, value_rule
from edu_plan.cli import main
from edu_plan.errors import EduPlanError, PlanFileError, ProgressError
from edu_plan.progress import check_progress, load_progress, read_progress

ROOT = Path(__file__).resolve().parent.parent
DECEMBER = ROOT / "examples" / "helan" / "progress-2024-12.csv"
SCHEME = ROOT / "examples" / "helan" / "scheme.toml"


@pytest.fixture(scope="module")
def helan() -> edu_plan.Plan:
    return edu_plan.datasets.load("helan")


@pytest.fixture(scope="module")
def monthly(helan: edu_plan.Plan) -> edu_plan.Plan:
    return attrs.evolve(helan, reporting=(parse_rule("每月28日前"),))


def _template(plan: edu_plan.Plan, tmp_path: Path, unit: str = "县财政局", period: str = "2024-12",
              key: bytes | None = None) -> Path:
    path = tmp_path / "template.xlsx"
    path.write_bytes(make_template(plan, unit, Period.parse(period), key=key))
    return path


def _fill(path: Path, values: dict[str, object], day: object = dt.datetime(2024, 12, 20)) -> Path:
    """Fill the workbook the way a person would: open it, type into cells, save."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet["C3"] = day
    for cell, value in values.items():
        sheet[cell] = value
    filled = path.with_name("filled.xlsx")
    book.save(filled)
    return filled


class TestVersion:
    def test_version_from_metadata(self) -> None:
        """edu_plan.__version__ is the installed distribution's version (pyproject.toml says 0.1.0)."""
        assert "0.1.0" == edu_plan.__version__

    def test_cli_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`edu-plan --version` prints the name and version and exits 0."""
        with pytest.raises(SystemExit) as exit_info:
            main(["--version"])
        assert 0 == exit_info.value.code
        assert "edu-plan 0.1.0\n" == capsys.readouterr().out


class TestEncodings:
    ROWS = ("类型,任务,指标,单位,期间,数值,佐证,报送日期,状态\n"
            "进展,10,T10-3,县教体局,2024-12,120,学位统计表,2024-12-26,已报送\n")

    @pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
    def test_csv_as_excel_saves_it(self, helan: edu_plan.Plan, tmp_path: Path, encoding: str) -> None:
        """A progress CSV in GB18030 (Excel on Chinese Windows), UTF-8 with BOM or plain UTF-8 loads."""
        path = tmp_path / "progress.csv"
        path.write_bytes(self.ROWS.replace("\n", "\r\n").encode(encoding))
        log = load_progress(path, plan=helan)
        assert [("T10-3", "education-sports", Decimal(120))] == [(r.target, r.unit, r.value) for r in log]

    def test_not_text_refused(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """Bytes that are neither UTF-8 nor GB18030 are refused naming the file."""
        path = tmp_path / "progress.csv"
        path.write_bytes(b"\xff\xfe\x00\x81\x30")
        with pytest.raises(PlanFileError, match=r"progress\.csv"):
            load_progress(path, plan=helan)


class TestTemplate:
    def test_rows_are_the_units_targets(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """One row per target 县财政局 answers for (it cooperates in tasks 4, 10, 11…), with wording and role."""
        book = openpyxl.load_workbook(_template(helan, tmp_path))
        sheet = book.worksheets[0]
        ids = [sheet.cell(row=r, column=4).value for r in range(6, sheet.max_row + 1)]
        expected = [a.target.id for a in answered_targets(helan, "finance")]
        assert expected == ids
        assert ["T04-1", "T04-2", "T10-1"] == ids[:3]
        assert "建立铸牢中华民族共同体意识教育实践基地 10个以上" == sheet["E6"].value
        assert Role.COOPERATING.label == sheet["H6"].value

    def test_same_inputs_same_bytes(self, helan: edu_plan.Plan) -> None:
        """Two templates made from the same inputs are byte for byte the same."""
        period = Period.parse("2024-12")
        assert make_template(helan, "县财政局", period) == make_template(helan, "县财政局", period)

    def test_protection_and_validation(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """The sheet is protected; the cells to fill are unlocked and the value cells validated."""
        book = openpyxl.load_workbook(_template(helan, tmp_path))
        sheet = book.worksheets[0]
        assert sheet.protection.sheet is True
        assert sheet["D6"].protection.locked is True
        assert (False, False, False, False) == (sheet["J6"].protection.locked, sheet["K6"].protection.locked,
                                                sheet["L6"].protection.locked, sheet["C3"].protection.locked)
        ranges = {str(dv.sqref): dv.type for dv in sheet.data_validations.dataValidation}
        assert "date" == ranges["C3"]
        assert any("J6" in cells for cells in ranges)
        assert "landscape" == sheet.page_setup.orientation
        assert "veryHidden" == book["edu_plan"].sheet_state

    def test_last_value_shown(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """With earlier reports, the last value a unit reported before the period is shown."""
        log = edu_plan.ProgressLog([edu_plan.ProgressReport(
            plan_id=helan.id, target="T10-3", unit="education-sports", period=Period.parse("2024-11"),
            value=Decimal(80), report_date=pendulum.Date(2024, 11, 27))])
        data = make_template(helan, "县教体局", Period.parse("2024-12"), progress=log)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(row=r, column=4).value == "T10-3")
        assert sheet.cell(row=row, column=9).value.startswith("80")

    def test_file_name(self, helan: edu_plan.Plan, chinese: None) -> None:
        """The workbook goes out as 县财政局-2024年12月.xlsx."""
        assert "县财政局-2024年12月.xlsx" == template_name(helan, "finance", Period.parse("2024-12"))

    def test_unknown_unit(self, helan: edu_plan.Plan) -> None:
        """A template for a unit the plan does not know is refused."""
        with pytest.raises(EduPlanError, match="县不存在局"):
            make_template(helan, "县不存在局", Period.parse("2024-12"))


class TestValueRule:
    def test_rules_follow_the_value_check(self) -> None:
        """Milestones take 0 or 1, recurring whole counts from 0, levels any number."""
        assert (True, Decimal(0), Decimal(1)) == attrs.astuple(value_rule("milestone"))
        assert (True, Decimal(0), None) == attrs.astuple(value_rule("recurring"))
        assert (False, Decimal(0), None) == attrs.astuple(value_rule("cumulative"))
        assert (False, None, None) == attrs.astuple(value_rule("level"))


class TestReadBack:
    def test_filled_template_read_back(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """Good rows load as 县财政局's reports for 2024-12; the wrong cell is named by sheet, row and column."""
        path = _fill(_template(helan, tmp_path), {"J6": 2, "K6": "统战部通知2024-3", "J7": "三所",
                                                   "J9": 1, "K9": "竣工验收备案；照片"})
        document = read_progress(path, plan=helan)
        sheet = openpyxl.load_workbook(path).worksheets[0].title
        assert [(6, "T04-1", Decimal(2), ("统战部通知2024-3",)),
                (9, "T10-2", Decimal(1), ("竣工验收备案", "照片"))] == [
            (line, r.target, r.value, r.evidence) for line, r in document.reports]
        assert {("finance", Period.parse("2024-12"), pendulum.Date(2024, 12, 20))} == {
            (r.unit, r.period, r.report_date) for _, r in document.reports}
        errors = list(document.problems)
        assert [(7, f"{sheet}!J7")] == [(p.line, p.path) for p in errors]
        assert "三所" in errors[0].message
        assert f"filled.xlsx:7 ({sheet}!J7)" in str(errors[0])

    def test_plan_check_names_the_cell(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A value the target's kind refuses (a milestone of 5) is reported at its cell."""
        template = _template(helan, tmp_path, unit="县教体局")
        sheet = openpyxl.load_workbook(template).worksheets[0]
        row = next(r for r in range(6, sheet.max_row + 1)
                   if helan.target(sheet.cell(row=r, column=4).value)[1].kind == "milestone")
        path = _fill(template, {f"J{row}": 5})
        problems = check_progress(helan, read_progress(path, plan=helan))
        assert [(row, f"{sheet.title}!J{row}", "bad-value")] == [(p.line, p.path, p.code) for p in problems]

    def test_missing_report_date_names_its_cell(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A value without the day of the report is refused at the 填报日期 cell (C3)."""
        path = _fill(_template(helan, tmp_path), {"J6": 2}, day=None)
        document = read_progress(path, plan=helan)
        assert ["C3"] == [p.path.split("!")[1] for p in document.problems]

    def test_other_unit_refused(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """The same file presented as 县教体局's is refused, saying whose it is."""
        path = _fill(_template(helan, tmp_path), {"J6": 2})
        with pytest.raises(ProgressError, match="县财政局") as info:
            read_progress(path, plan=helan, expect=Expectation(unit="县教体局"))
        assert ["other-unit"] == [p.code for p in info.value.problems]

    def test_other_period_refused(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """The December workbook presented for November is refused."""
        path = _fill(_template(helan, tmp_path), {"J6": 2})
        with pytest.raises(ProgressError) as info:
            read_progress(path, plan=helan, expect=Expectation(period=Period.parse("2024-11")))
        assert ["other-period"] == [p.code for p in info.value.problems]

    def test_other_plan_refused(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A workbook made for another plan is refused."""
        path = _fill(_template(helan, tmp_path), {"J6": 2})
        other = attrs.evolve(helan, id="other-county-2023")
        with pytest.raises(ProgressError) as info:
            read_progress(path, plan=other)
        assert ["other-plan"] == [p.code for p in info.value.problems]

    def test_altered_identity_refused(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A workbook whose hidden identity was edited to another unit no longer matches its signature."""
        book = openpyxl.load_workbook(_template(helan, tmp_path))
        hidden = book["edu_plan"]
        row = next(r for r in range(1, hidden.max_row + 1) if hidden.cell(row=r, column=1).value == "unit")
        hidden.cell(row=row, column=2, value="education-sports")
        path = tmp_path / "altered.xlsx"
        book.save(path)
        with pytest.raises(ProgressError) as info:
            read_progress(path, plan=helan)
        assert ["bad-signature"] == [p.code for p in info.value.problems]

    def test_keyed_signature(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A workbook signed with a key reads with that key, and is refused without it or with another."""
        path = _fill(_template(helan, tmp_path, key=b"office-key"), {"J6": 2})
        assert 1 == len(read_progress(path, plan=helan, expect=Expectation(key=b"office-key")).reports)
        for key, code in ((None, "no-key"), (b"another", "bad-signature")):
            with pytest.raises(ProgressError) as info:
                read_progress(path, plan=helan, expect=Expectation(key=key))
            assert [code] == [p.code for p in info.value.problems]

    def test_other_revision_warns(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A workbook made from an earlier revision of the plan is read, with a warning."""
        path = _fill(_template(helan, tmp_path), {"J6": 2})
        revised = attrs.evolve(helan, title=helan.title + "（修订）")
        document = read_progress(path, plan=revised)
        assert ["other-revision"] == [p.code for p in document.problems]
        assert 1 == len(document.reports)

    def test_any_workbook_with_chinese_headers(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A workbook of the office's own with the documented Chinese headers loads; a bad cell is named."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "12月进展"
        sheet.append(["贺兰县12月进展汇总（示例数据）"])
        sheet.append(["任务", "指标", "单位", "期间", "数值", "佐证", "报送日期", "状态"])
        sheet.append([10, "T10-3", "县教体局", "2024-12", 120, "学位统计表", dt.datetime(2024, 12, 26), "已报送"])
        sheet.append([10, "T10-4", "县教体局", "2024-12", "九十", "统计表", dt.datetime(2024, 12, 26), "已报送"])
        path = tmp_path / "office.xlsx"
        book.save(path)
        document = read_progress(path, plan=helan)
        assert [(3, "T10-3", Decimal(120))] == [(line, r.target, r.value) for line, r in document.reports]
        assert [(4, "12月进展!E4")] == [(p.line, p.path) for p in document.problems]

    def test_not_a_workbook(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """A .xlsx that is not a workbook is refused naming the file."""
        path = tmp_path / "broken.xlsx"
        path.write_bytes(b"not a zip")
        with pytest.raises(PlanFileError, match=r"broken\.xlsx"):
            read_progress(path, plan=helan)

    def test_db_load_reads_workbooks(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """`db load` stores the reports of a returned workbook."""
        path = _fill(_template(helan, tmp_path), {"J6": 2, "K6": "统战部通知2024-3"})
        url = f"sqlite:///{tmp_path / 'store.db'}"
        assert 0 == main(["db", "init", url])
        assert 0 == main(["db", "load", url, str(ROOT / "src/edu_plan/datasets/helan.yaml"), str(path)])
        with edu_plan.open_store(url) as store:
            assert [("T04-1", "finance")] == [(r.target, r.unit) for r in store.reports(helan.id)]


class TestCalendar:
    @pytest.mark.parametrize(("text", "kind", "day", "after"), [
        ("每月28日前", "month", 28, 0), ("每季度末后10日内", "quarter", None, 10), ("每学期末", "semester", None, 0),
        ("于每月 5 日前报送", "month", 5, 0), ("每年末", "year", None, 0)])
    def test_parse(self, text: str, kind: str, day: int | None, after: int) -> None:
        """The plan's words become a rule."""
        rule = parse_rule(text)
        assert (kind, day, after) == (rule.period.value, rule.day, rule.days_after_end)

    @pytest.mark.parametrize("text", ["随时报送", "每季度末后10个工作日内"])
    def test_parse_refuses(self, text: str) -> None:
        """Words that say no rule (or working days, not yet counted) are refused, quoting them."""
        with pytest.raises(EduPlanError, match=text[:4]):
            parse_rule(text)

    @pytest.mark.parametrize(("rule", "period", "due"), [
        ("每月28日前", "2024-12", pendulum.Date(2024, 12, 28)),
        ("每季度末后10日内", "2024Q4", pendulum.Date(2025, 1, 10)),
        ("每学期末", "2024-2025-1", pendulum.Date(2025, 1, 31)),
    ])
    def test_due_date(self, rule: str, period: str, due: pendulum.Date) -> None:
        """Each rule's due day, worked out by hand."""
        assert due == due_date(parse_rule(rule), Period.parse(period))

    def test_short_month(self) -> None:
        """By the 31st in a month of 30 days (or February) is its last day."""
        rule = ReportingRule(period="month", day=31)
        assert pendulum.Date(2025, 2, 28) == due_date(rule, Period.parse("2025-02"))

    def test_plan_file_keeps_the_calendar(self, monthly: edu_plan.Plan) -> None:
        """The calendar is written to and read from the plan file."""
        text = edu_plan.dumps_plan(monthly, "yaml")
        assert "reporting:" in text
        assert monthly.reporting == edu_plan.loads_plan(text, "yaml").reporting

    def test_plan_without_calendar_unchanged(self, helan: edu_plan.Plan) -> None:
        """A plan without a calendar writes no 'reporting' key (stored digests do not change)."""
        assert "reporting" not in edu_plan.dumps_plan(helan, "json")


class TestStatus:
    AS_OF = pendulum.Date(2025, 1, 5)

    def _statuses(self, plan: edu_plan.Plan, as_of: pendulum.Date) -> dict[str, tuple[ReportStatus, int]]:
        log = load_progress(DECEMBER, plan=plan)
        return {s.unit: (s.status, s.days_late)
                for s in reporting_status(plan, log, Period.parse("2024-12"), as_of=as_of)}

    def test_helan_december(self, monthly: edu_plan.Plan) -> None:
        """The leads owe the December report: 县教体局 on time (12-26), 县委统战部 late (12-30), 县委宣传部 missing."""
        assert {"education-sports": (ReportStatus.ON_TIME, 0), "united-front": (ReportStatus.LATE, 2),
                "party-publicity": (ReportStatus.MISSING, 0)} == self._statuses(monthly, self.AS_OF)

    def test_before_the_due_day(self, monthly: edu_plan.Plan) -> None:
        """On the due day itself nothing is missing yet: 县委宣传部 is pending; the day after it is missing."""
        assert ReportStatus.PENDING == self._statuses(monthly, pendulum.Date(2024, 12, 28))["party-publicity"][0]
        assert ReportStatus.MISSING == self._statuses(monthly, pendulum.Date(2024, 12, 29))["party-publicity"][0]

    def test_on_the_due_day_is_on_time(self, monthly: edu_plan.Plan) -> None:
        """A report dated on the due day is on time; one a day later is one day late."""
        for day, expected in ((28, (ReportStatus.ON_TIME, 0)), (29, (ReportStatus.LATE, 1))):
            report = edu_plan.ProgressReport(plan_id=monthly.id, target="T21-1", unit="party-publicity",
                                             period=Period.parse("2024-12"), value=Decimal(1),
                                             report_date=pendulum.Date(2024, 12, day))
            found = reporting_status(monthly, [report], Period.parse("2024-12"), as_of=self.AS_OF)
            assert expected == next((s.status, s.days_late) for s in found if s.unit == "party-publicity")

    def test_drafts_do_not_count(self, monthly: edu_plan.Plan) -> None:
        """A draft is not a report: the unit stays missing."""
        draft = edu_plan.ProgressReport(plan_id=monthly.id, target="T21-1", unit="party-publicity",
                                        period=Period.parse("2024-12"), value=Decimal(1),
                                        report_date=pendulum.Date(2024, 12, 20), status="draft")
        found = reporting_status(monthly, [draft], Period.parse("2024-12"), as_of=self.AS_OF)
        assert ReportStatus.MISSING == next(s.status for s in found if s.unit == "party-publicity")

    def test_no_calendar(self, helan: edu_plan.Plan) -> None:
        """Without a calendar the status cannot be told, and the error says how to give one."""
        with pytest.raises(EduPlanError, match="calendar"):
            reporting_status(helan, [], Period.parse("2024-12"), as_of=self.AS_OF)

    def test_views(self, monthly: edu_plan.Plan) -> None:
        """The status view lists missing first, then late, then on time; the 催报 list only the missing unit."""
        log = load_progress(DECEMBER, plan=monthly)
        statuses = reporting_status(monthly, log, Period.parse("2024-12"), as_of=self.AS_OF)
        view = status_view(monthly, statuses, as_of=self.AS_OF)
        assert ["县委宣传部", "县委统战部", "县教体局"] == [row[0].value for row in view.rows]
        chase = chase_view(monthly, statuses, as_of=self.AS_OF)
        assert [("县委宣传部", "T21-1")] == [(row[0].value, row[4].value) for row in chase.rows]


class TestLapsesScored:
    def test_lapses_for_the_round(self, monthly: edu_plan.Plan) -> None:
        """The round's lapses: 县委统战部 late by 2 days and 县委宣传部 missing, dated on the due day."""
        log = load_progress(DECEMBER, plan=monthly)
        found = lapses(monthly, log, Period.parse("2024-12"), as_of=self.as_of())
        assert [("party-publicity", "missing", 0), ("united-front", "late", 2)] == [
            (e.unit, e.kind.value, e.days_late) for e in found]
        assert {pendulum.Date(2024, 12, 28)} == {e.date for e in found}

    @staticmethod
    def as_of() -> pendulum.Date:
        return pendulum.Date(2025, 1, 5)

    def test_efficiency_counts_them(self, monthly: edu_plan.Plan) -> None:
        """With the example scheme 县委统战部 loses 0.5 (迟报), 县委宣传部 1 (漏报); no event was typed in."""
        from edu_plan.plugins.scoring import load_scheme

        log = load_progress(DECEMBER, plan=monthly)
        assert [] == list(log.all_events)
        scorer, scheme = load_scheme(SCHEME)
        period = Period.parse("2024-12")
        assessment = scorer.score(monthly, with_lapses(monthly, log, period), scheme, period=period)
        taken = {c.unit: [(d.rule, d.points) for d in c.deductions] for c in assessment.scorecards if c.deductions}
        assert {"united-front": [("late-report", Decimal("0.5"))],
                "party-publicity": [("missing-report", Decimal(1))]} == taken

    def test_typed_lapse_not_counted_twice(self, monthly: edu_plan.Plan) -> None:
        """A lapse typed in by hand for the same unit and period is not added again."""
        log = load_progress(DECEMBER, plan=monthly)
        log.add_event(edu_plan.ReportLapse(plan_id=monthly.id, unit="party-publicity",
                                           date=pendulum.Date(2024, 12, 30), kind="missing",
                                           period=Period.parse("2024-12")))
        events = with_lapses(monthly, log, Period.parse("2024-12")).events(monthly.id)
        assert 1 == sum(1 for e in events if e.unit == "party-publicity")

    def test_cli_score_counts_them(self, monthly: edu_plan.Plan, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
        """`edu-plan score` of a plan with a calendar deducts the lapses it finds."""
        plan_file = tmp_path / "plan.yaml"
        edu_plan.dump_plan(monthly, plan_file)
        assert 0 == main(["score", str(plan_file), "--progress", str(DECEMBER), "--scheme", str(SCHEME),
                          "--period", "2024-12", "--format", "json"])
        out = capsys.readouterr().out
        assert "missing-report" in out
        assert "late-report" in out


class TestCli:
    def test_template_command(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chinese: None) -> None:
        """`progress template` writes 县财政局-2024年12月.xlsx by default."""
        monkeypatch.chdir(tmp_path)
        assert 0 == main(["progress", "template", "helan", "--unit", "县财政局", "--period", "2024-12"])
        assert (tmp_path / "县财政局-2024年12月.xlsx").is_file()

    def test_all_units(self, helan: edu_plan.Plan, tmp_path: Path, chinese: None) -> None:
        """`--all-units -o DIR` writes one workbook per unit that answers for a target."""
        assert 0 == main(["progress", "template", "helan", "--all-units", "--period", "2024-12", "-o", str(tmp_path)])
        expected = {template_name(helan, u.id, Period.parse("2024-12")) for u in helan.units
                    if not u.is_collective and answered_targets(helan, u.id)}
        assert expected == {p.name for p in tmp_path.glob("*.xlsx")}
        assert "县教体局-2024年12月.xlsx" in expected

    def test_check_refuses_other_unit(self, helan: edu_plan.Plan, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        """`progress check PLAN FILE.xlsx --unit 县教体局` refuses 县财政局's workbook, exit 1, no traceback."""
        path = _fill(_template(helan, tmp_path), {"J6": 2})
        assert 1 == main(["progress", "check", "helan", str(path), "--unit", "县教体局"])
        err = capsys.readouterr().err
        assert "县财政局" in err
        assert "Traceback" not in err

    def test_check_names_the_cell(self, helan: edu_plan.Plan, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
        """`progress check` of a filled workbook prints the bad cell and exits 1."""
        path = _fill(_template(helan, tmp_path), {"J6": 2, "J7": "三所"})
        assert 1 == main(["progress", "check", "helan", str(path), "--unit", "县财政局", "--period", "2024-12"])
        assert "!J7)" in capsys.readouterr().err

    def test_status_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`progress status --calendar 每月28日前` lists the three leads, late and missing ones marked."""
        assert 0 == main(["progress", "status", "helan", "--period", "2024-12", "--as-of", "2025-01-05",
                          "--progress", str(DECEMBER), "--calendar", "每月28日前", "--format", "markdown"])
        out = capsys.readouterr().out
        for name in ("县委宣传部", "县委统战部", "县教体局"):
            assert name in out

    def test_status_lapses_reload(self, monthly: edu_plan.Plan, tmp_path: Path) -> None:
        """`progress status --lapses` writes progress rows that load as the same lapse events."""
        out = tmp_path / "lapses.csv"
        assert 0 == main(["progress", "status", "helan", "--period", "2024-12", "--as-of", "2025-01-05",
                          "--progress", str(DECEMBER), "--calendar", "每月28日前", "--lapses", "-o", str(out)])
        log = load_progress(out, plan=monthly)
        assert [("party-publicity", "missing"), ("united-front", "late")] == [
            (e.unit, e.kind.value) for e in log.all_events]

    def test_status_bad_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad --as-of is refused in words."""
        assert 1 == main(["progress", "status", "helan", "--period", "2024-12", "--as-of", "2025-13-01",
                          "--calendar", "每月28日前"])
        assert "--as-of" in capsys.readouterr().err

    def test_status_from_a_store(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`progress status --store URL` reads the reports received from the store."""
        url = f"sqlite:///{tmp_path / 'store.db'}"
        assert 0 == main(["db", "init", url])
        assert 0 == main(["db", "load", url, str(ROOT / "src/edu_plan/datasets/helan.yaml"), str(DECEMBER)])
        capsys.readouterr()
        assert 0 == main(["progress", "status", "helan", "--period", "2024-12", "--as-of", "2025-01-05",
                          "--store", url, "--calendar", "每月28日前", "--format", "csv", "--view", "status"])
        lines = capsys.readouterr().out.splitlines()
        assert 3 == sum(1 for line in lines if "2024-12-28" in line and line.split(",")[0] in (
            "县委宣传部", "县委统战部", "县教体局"))

    def test_template_shows_last_values(self, tmp_path: Path) -> None:
        """`progress template --progress FILE` fills 上期填报 from the earlier reports."""
        out = tmp_path / "jt.xlsx"
        assert 0 == main(["progress", "template", "helan", "--unit", "县教体局", "--period", "2024-12",
                          "--progress", str(ROOT / "examples/helan/progress-2023-2024.csv"), "-o", str(out)])
        sheet = openpyxl.load_workbook(out).worksheets[0]
        assert any(sheet.cell(row=r, column=9).value for r in range(6, sheet.max_row + 1))


class TestTemplateDoors:
    def test_collective_refused(self, helan: edu_plan.Plan) -> None:
        """各乡镇场 stands for several units: the refusal names its members."""
        with pytest.raises(EduPlanError, match="习岗镇"):
            make_template(helan, "各乡镇场", Period.parse("2024-12"))

    def test_township_answers_through_the_collective(self, helan: edu_plan.Plan) -> None:
        """习岗镇 answers for the targets of the tasks where 各乡镇场 holds a role."""
        tasks = {a.task.number for a in answered_targets(helan, "xigang-town")}
        collective = {t.number for t in helan.tasks if "townships-and-farms" in t.units()}
        assert collective == tasks

    def test_expired_targets_left_out(self, helan: edu_plan.Plan) -> None:
        """A target whose deadline is before the period's first day is not asked for."""
        target = next(g for _t, g in helan.iter_targets() if g.deadline is not None)
        period = Period.containing("month", target.deadline.add(days=1))
        data = make_template(helan, "县教体局", period)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        ids = {sheet.cell(row=r, column=4).value for r in range(6, sheet.max_row + 1)}
        assert target.id not in ids
        on_the_day = make_template(helan, "县教体局", Period.containing("month", target.deadline))
        sheet = openpyxl.load_workbook(io.BytesIO(on_the_day)).worksheets[0]
        assert target.id in {sheet.cell(row=r, column=4).value for r in range(6, sheet.max_row + 1)}


class TestReadBackProperty:
    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
                    min_size=1, max_size=5))
    def test_typed_values_come_back(self, helan: edu_plan.Plan, tmp_path: Path, values: list[Decimal]) -> None:
        """Whatever non-negative numbers a person types in the first cumulative rows come back exactly."""
        template = tmp_path / "t.xlsx"
        if not template.exists():
            template.write_bytes(make_template(helan, "县财政局", Period.parse("2024-12")))
        sheet = openpyxl.load_workbook(template).worksheets[0]
        rows = [r for r in range(6, sheet.max_row + 1)
                if helan.target(sheet.cell(row=r, column=4).value)[1].kind == "cumulative"][:len(values)]
        path = _fill(template, {f"J{r}": float(v) for r, v in zip(rows, values, strict=False)})
        document = read_progress(path, plan=helan)
        assert [] == list(document.problems)
        assert values[:len(rows)] == [r.value for _, r in document.reports]
