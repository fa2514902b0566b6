"""Progress reports, events, the in-memory log and its aggregates; reading and checking progress files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import awards, incidents, progress_reports, report_lapses

from edu_plan import (
    Award,
    Incident,
    LapseKind,
    Observation,
    Period,
    ProgressLog,
    ProgressReport,
    ProgressSource,
    ReportLapse,
    ReviewStatus,
    datasets,
    serialization,
)
from edu_plan.errors import LockedPeriodError, PlanFileError, ProgressError
from edu_plan.progress import check_progress, load_progress, read_progress

PLAN = "helan-edu-quality-2023"


def report(value: str, day: int, *, target: str = "T10-2", unit: str = "education-sports", period: str = "2024",
           evidence: tuple[str, ...] = (), status: ReviewStatus = ReviewStatus.SUBMITTED) -> ProgressReport:
    return ProgressReport(plan_id=PLAN, target=target, unit=unit, period=Period.parse(period), value=Decimal(value),
                          report_date=pendulum.Date(2024, 12, day), evidence=evidence, status=status)


class TestProgressReport:
    def test_a_float_value_is_refused(self) -> None:
        """A float cannot become a report's value: quantities are exact decimals."""
        with pytest.raises(TypeError, match="not a float"):
            ProgressReport(plan_id=PLAN, target="T", unit="u", period=Period.parse("2024"), value=0.1,  # type: ignore[arg-type]
                           report_date=pendulum.Date(2024, 1, 1))

    def test_a_single_evidence_string_is_one_reference(self) -> None:
        """Evidence given as one string is one reference, not its characters."""
        assert ("贺教体〔2024〕1号",) == report("1", 1, evidence="贺教体〔2024〕1号").evidence  # type: ignore[arg-type]


class TestProgressLog:
    def test_adding_the_same_report_twice_keeps_one(self) -> None:
        """Adding a report whose content is already in the log is a no-op (idempotent import)."""
        log = ProgressLog()
        assert log.add(report("2", 1)) is True
        assert log.add(report("2", 1)) is False
        assert 1 == len(log)

    def test_an_approved_period_refuses_a_new_report(self) -> None:
        """Once a group is approved, a new report for it raises LockedPeriodError naming unit, target and period."""
        log = ProgressLog([report("2", 1, status=ReviewStatus.APPROVED)])
        with pytest.raises(LockedPeriodError, match=r"education-sports / T10-2 / 2024: the period is approved"):
            log.add(report("3", 2))

    def test_reopening_accepts_new_reports(self) -> None:
        """After reopen, the group takes new reports and its old ones are submitted again."""
        log = ProgressLog([report("2", 1, status=ReviewStatus.APPROVED)])
        log.reopen(PLAN, "T10-2", "education-sports", Period.parse("2024"))
        assert log.add(report("3", 2)) is True
        assert [ReviewStatus.SUBMITTED, ReviewStatus.SUBMITTED] == [r.status for r in log]

    def test_re_adding_an_approved_report_is_not_an_error(self) -> None:
        """Importing the same approved file twice does not trip the lock."""
        log = ProgressLog([report("2", 1, status=ReviewStatus.APPROVED)])
        assert log.add(report("2", 1, status=ReviewStatus.APPROVED)) is False

    def test_review_follows_the_workflow(self) -> None:
        """draft → submitted → returned → submitted → approved; a draft cannot be approved directly."""
        log = ProgressLog([report("2", 1, status=ReviewStatus.DRAFT)])
        key = (PLAN, "T10-2", "education-sports", Period.parse("2024"))
        with pytest.raises(LockedPeriodError, match="a draft report cannot become approved"):
            log.review(*key, ReviewStatus.APPROVED)
        for status in (ReviewStatus.SUBMITTED, ReviewStatus.RETURNED, ReviewStatus.SUBMITTED, ReviewStatus.APPROVED):
            log.review(*key, status)
        assert log.is_locked(*key)

    def test_reviewing_an_unknown_group_says_which(self) -> None:
        """Reviewing a group with no report names the group."""
        with pytest.raises(ProgressError, match="no report for u / T / 2024"):
            ProgressLog().review(PLAN, "T", "u", Period.parse("2024"), ReviewStatus.APPROVED)

    def test_the_log_is_a_progress_source(self) -> None:
        """ProgressLog implements the ProgressSource protocol the scorers read."""
        assert isinstance(ProgressLog(), ProgressSource)


class TestObservations:
    def test_worked_example(self) -> None:
        """Three reports of one group: total 2 + 3 + 1 = 6, latest is the 20 Dec value 3, evidenced by one.

        Reports dated 10 Dec (2), 20 Dec (3, with evidence) and 15 Dec (1): the latest by
        report date is 20 Dec's 3, whatever the order of adding.
        """
        log = ProgressLog([report("2", 10), report("3", 20, evidence=("x",)), report("1", 15)])
        [obs] = log.observations(PLAN)
        assert Observation(target="T10-2", unit="education-sports", period=Period.parse("2024"), total=Decimal(6),
                           latest=Decimal(3), latest_date=pendulum.Date(2024, 12, 20), count=3, evidenced=True,
                           approved=False) == obs

    def test_a_tie_on_the_date_goes_to_the_later_added(self) -> None:
        """Two reports on one day: the one added later is the latest."""
        [obs] = ProgressLog([report("2", 10), report("5", 10)]).observations(PLAN)
        assert Decimal(5) == obs.latest

    def test_drafts_and_returned_reports_do_not_count(self) -> None:
        """Only submitted and approved reports make observations."""
        log = ProgressLog([report("2", 10, status=ReviewStatus.DRAFT), report("3", 11, status=ReviewStatus.RETURNED),
                           report("4", 12)])
        [obs] = log.observations(PLAN)
        assert (Decimal(4), 1) == (obs.total, obs.count)

    def test_until_and_targets_filter(self) -> None:
        """``until`` keeps reports dated on or before it; ``targets`` keeps the targets named."""
        log = ProgressLog([report("2", 10), report("3", 20), report("7", 5, target="T10-3")])
        assert [Decimal(2)] == [o.total for o in log.observations(PLAN, until=pendulum.Date(2024, 12, 15),
                                                                   targets=["T10-2"])]

    def test_observations_come_sorted(self) -> None:
        """Observations are sorted by target, unit, then period, whatever the order of adding."""
        log = ProgressLog([report("1", 1, period="2024"), report("1", 2, period="2023"), report("1", 3, unit="a")])
        assert [("T10-2", "a", "2024"), ("T10-2", "education-sports", "2023"), ("T10-2", "education-sports", "2024")] \
            == [(o.target, o.unit, str(o.period)) for o in log.observations(PLAN)]

    @given(st.lists(progress_reports(plan_id=PLAN, targets=st.sampled_from(["A", "B"]),
                                     units=st.sampled_from(["u", "v"])),
                    max_size=12, unique_by=lambda r: r.report_date),
           st.randoms())
    def test_the_order_of_reports_does_not_change_observations(
        self, reports: list[ProgressReport], rnd: object
    ) -> None:
        """Shuffling reports with distinct dates gives the same observations (no approved locks in the way)."""
        reports = [r for r in reports if r.status is not ReviewStatus.APPROVED]
        shuffled = list(reports)
        rnd.shuffle(shuffled)  # type: ignore[attr-defined]
        assert ProgressLog(reports).observations(PLAN) == ProgressLog(shuffled).observations(PLAN)


class TestRoundTrip:
    @given(st.one_of(progress_reports(), awards(), incidents(), report_lapses()), st.sampled_from(["json", "yaml"]))
    def test_reports_and_events_round_trip(self, obj: object, fmt: str) -> None:
        """Reports and events come back equal, with pendulum dates and periods, from JSON and YAML."""
        text = serialization.dumps(serialization.unstructure(obj, fmt), fmt)  # type: ignore[arg-type]
        back = serialization.structure(serialization.loads(text, fmt), type(obj), fmt)  # type: ignore[arg-type]
        assert obj == back
        assert type(back.date if not isinstance(back, ProgressReport) else back.report_date) is pendulum.Date


CSV_HEAD = "类型,任务,指标,单位,期间,数值,佐证,报送日期,状态,备注\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestReadProgress:
    def test_chinese_headers_and_unit_names(self, tmp_path: Path) -> None:
        """A CSV with Chinese headers and a unit written by name reads into a report of the unit's id."""
        path = write(tmp_path, "p.csv", "# 示例数据，非真实数据\n" + CSV_HEAD +
                     "进展,10,T10-2,县教体局,2024,3,甲；乙,2024-12-30,已审核,\n")
        [(line, r)] = read_progress(path, plan=datasets.load("helan")).reports
        assert (3, "education-sports", ("甲", "乙"), ReviewStatus.APPROVED) == (line, r.unit, r.evidence, r.status)

    def test_every_unreadable_row_is_reported_with_its_line(self, tmp_path: Path) -> None:
        """Bad numbers, periods and statuses are each reported at their line; good rows still come through."""
        path = write(tmp_path, "p.csv", CSV_HEAD + "进展,10,T10-2,县教体局,2024,三所,,2024-12-30,,\n"
                     "进展,10,T10-2,县教体局,2024年,3,,2024-12-30,,\n"
                     "进展,10,T10-2,县教体局,2024,3,,2024-12-30,已完成,\n"
                     "进展,10,T10-2,县教体局,2024,3,,2024-12-30,,\n")
        document = read_progress(path, plan_id=PLAN)
        assert [2, 3, 4] == [p.line for p in document.problems]
        assert "'value' must be a number (got '三所')" in document.problems[0].message
        assert 1 == len(document.reports)

    def test_yaml_with_reports_and_events(self, tmp_path: Path) -> None:
        """A YAML mapping with plan, reports and events reads every kind of row, each with its line."""
        path = write(tmp_path, "p.yaml", f"""plan: {PLAN}
reports:
  - {{target: T10-2, unit: education-sports, period: '2024', value: 2.5, report_date: 2024-12-30}}
events:
  - {{type: award, unit: education-sports, date: 2024-09-10, level: 国家级, title: 足球特色学校, evidence: [文件]}}
  - {{type: incident, unit: xigang-town, date: 2024-05-14, kind: 安全事故, severity: 一般, points: 6}}
  - {{type: lapse, unit: finance, date: 2024-07-08, kind: late, days_late: 5}}
""")
        document = read_progress(path)
        assert [3] == [line for line, _ in document.reports]
        assert Decimal("2.5") == document.reports[0][1].value
        assert [Award, Incident, ReportLapse] == [type(e) for _, e in document.events]
        assert [5, 6, 7] == [line for line, _ in document.events]

    def test_json_list_of_rows(self, tmp_path: Path) -> None:
        """A JSON list of rows with Chinese keys reads like the CSV."""
        rows = [{"指标": "T10-2", "单位": "education-sports", "期间": "2024", "数值": "1", "报送日期": "2024-12-01"}]
        path = write(tmp_path, "p.json", json.dumps(rows, ensure_ascii=False))
        assert 1 == len(read_progress(path, plan_id=PLAN).reports)

    def test_an_unknown_suffix_is_a_clear_error(self, tmp_path: Path) -> None:
        """A file that is not .csv, .json, .yaml or .xlsx (an old .xls) is refused with the suffixes accepted."""
        with pytest.raises(PlanFileError, match=r"name the file \.csv, \.json, \.yaml or \.xlsx"):
            read_progress(write(tmp_path, "p.xls", ""))

    def test_load_progress_raises_listing_every_bad_row(self, tmp_path: Path) -> None:
        """load_progress raises one ProgressError listing each bad row with file:line."""
        path = write(tmp_path, "p.csv", CSV_HEAD + "进展,10,T99,县教体局,2024,3,,2024-12-30,,\n"
                     "进展,10,T10-2,团县委,2024,3,,2024-12-30,,\n")
        with pytest.raises(ProgressError) as info:
            load_progress(path, plan=datasets.load("helan"))
        assert [2, 3] == [p.line for p in info.value.problems]


class TestCheckProgress:
    def test_each_kind_of_bad_row(self, tmp_path: Path) -> None:
        """Unknown target, unknown unit, no responsibility, period outside, wrong value type, duplicate: each found."""
        path = write(tmp_path, "p.csv", CSV_HEAD + "\n".join([
            "进展,1,T99-9,县教体局,2024,1,,2024-12-30,,",       # 2 unknown target
            "进展,10,T10-2,县气象局,2024,1,,2024-12-30,,",      # 3 unknown unit
            "进展,10,T10-2,团县委,2024,1,,2024-12-30,,",        # 4 no responsibility for task 10
            "进展,10,T10-2,县教体局,2030,1,,2030-12-30,,",      # 5 outside 2023-03-20 .. 2027-12-31
            "进展,5,T05-1,县教体局,2024,0.5,,2024-12-30,,",     # 6 milestone must be 0 or 1
            "进展,10,T10-2,县教体局,2024,1,,2024-12-30,,",      # 7 fine
            "进展,10,T10-2,县教体局,2024,1,,2024-12-30,,",      # 8 duplicate of 7
        ]) + "\n")
        plan = datasets.load("helan")
        found = [(p.line, p.code) for p in check_progress(plan, read_progress(path, plan=plan),
                                                          today=pendulum.Date(2025, 1, 1))]
        assert [(2, "unknown-target"), (3, "unknown-unit"), (4, "no-responsibility"), (5, "period-outside"),
                (5, "date-in-future"), (6, "bad-value"), (8, "duplicate")] == found

    def test_a_member_of_a_collective_holds_its_responsibility(self) -> None:
        """习岗镇 reports on task 1, where 各乡镇场 cooperates: no problem."""
        plan = datasets.load("helan")
        ok = ProgressReport(plan_id=plan.id, target="T01-1", unit="xigang-town", period=Period.parse("2024"),
                            value=Decimal(1), report_date=pendulum.Date(2024, 12, 1))
        assert [] == check_progress(plan, [ok])

    def test_the_example_file_is_clean(self) -> None:
        """The illustrative Helan progress file has no error (one warning: an award without evidence)."""
        plan = datasets.load("helan")
        document = read_progress("examples/helan/progress-2023-2024.csv", plan=plan)
        problems = [*document.problems, *check_progress(plan, document)]
        assert ["no-evidence"] == [p.code for p in problems]

    def test_a_lapse_kind_is_read(self) -> None:
        """LapseKind has the Chinese labels 迟报 and 漏报."""
        assert ("迟报", "漏报") == (LapseKind.LATE.label, LapseKind.MISSING.label)
