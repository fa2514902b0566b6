"""One status per target: every view and every scorer say the same of each target, from one evaluation."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import quantities

from edu_plan import Period, Plan, ProgressLog, ProgressReport, assess, datasets, evaluate
from edu_plan.progress import load_progress
from edu_plan.views import View, build, bulletin, score_lines, work_ledger

EXAMPLE = Path(__file__).parent.parent / "examples" / "helan"
PERIOD = Period.parse("2024")


@pytest.fixture(scope="module")
def helan() -> Plan:
    return datasets.load("helan")


@pytest.fixture(scope="module")
def helan_log(helan: Plan) -> ProgressLog:
    return load_progress(EXAMPLE / "progress-2023-2024.csv", plan=helan)


def _by_target(view: View, id_column: str, status_column: str) -> dict[str, str]:
    keys = [c.key for c in view.columns]
    i, j = keys.index(id_column), keys.index(status_column)
    return {str(row[i].value): str(row[j].value) for row in view.rows}


def _ledger_statuses(plan: Plan, ledger: View) -> dict[str, str]:
    # The ledger lists targets in plan order, one row each (tasks without targets have a row of their own).
    ids = [target.id for _, target in plan.iter_targets()]
    rows = [row for row in ledger.rows if row[2].value != "—"]
    return {target: str(row[6].value) for target, row in zip(ids, rows, strict=True)}


def _statuses_everywhere(plan: Plan, log: ProgressLog, scheme: dict[str, object]) -> list[dict[str, str]]:
    """The status each view and the scorer's lines give every target, all from one evaluation."""
    found = evaluate(plan, log, period=PERIOD)
    assessment = assess(plan, log, scheme, period=PERIOD, achievements=found)
    ledger = work_ledger(plan, log, assessment, achievements=found)
    built_ledger, *_ = build("report", plan, progress=log, period=PERIOD, scheme=scheme)[2:]
    targets_view, _behind = bulletin(plan, assessment, log, achievements=found)
    lines = score_lines(plan, assessment)
    per_line: dict[str, set[str]] = {}
    for row in lines.rows:
        if row[2].value:
            per_line.setdefault(str(row[2].value), set()).add(str(row[8].value))
    assert all(len(s) == 1 for s in per_line.values()), per_line
    scored = {target: next(iter(s)) for target, s in per_line.items()}
    bulletin_statuses = _by_target(targets_view, "target_id", "pace")
    ledger_statuses = _ledger_statuses(plan, ledger)
    return [ledger_statuses, _ledger_statuses(plan, built_ledger), bulletin_statuses,
            {t: ledger_statuses[t] for t in scored}, scored]


class TestHelanAgreement:
    @pytest.mark.parametrize("scorer", ["pace", "attainment", "efficiency"])
    def test_every_view_and_the_scorer_agree_on_every_target(self, helan: Plan, helan_log: ProgressLog,
                                                             scorer: str) -> None:
        """On the Helan example, the ledger (alone and in the report), the bulletin and the score lines agree."""
        ledger, report_ledger, bulletin_statuses, ledger_of_scored, scored = _statuses_everywhere(
            helan, helan_log, {"scorer": scorer})
        assert ledger == report_ledger
        assert ledger == bulletin_statuses
        assert ledger_of_scored == scored

    def test_the_ledger_alone_says_what_the_report_says(self, helan: Plan, helan_log: ProgressLog) -> None:
        """`build("ledger")` and the report's ledger are the same view (both score with the default scheme)."""
        (alone,) = build("ledger", helan, progress=helan_log, period=PERIOD)
        in_report = build("report", helan, progress=helan_log, period=PERIOD)[2]
        assert alone == in_report

    def test_the_bulletin_summary_counts_its_own_rows(self, helan: Plan, helan_log: ProgressLog) -> None:
        """The bulletin's note names each status with the number of rows showing it, and their sum."""
        targets_view, _ = build("bulletin", helan, progress=helan_log, period=PERIOD, lang="zh")
        counted = Counter(str(row[7].value) for row in targets_view.rows)
        (note,) = targets_view.notes
        said = {label: int(n) for label, n in re.findall(r"([^\s：；]+) (\d+) 项", note.partition("：")[2])}
        assert dict(counted) == said
        assert f"共 {len(targets_view.rows)} 项目标" in note


class TestAgreementProperty:
    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["T10-2", "T10-3", "T10-4", "T05-2", "T17-2", "T01-1", "T03-1"]),
                              st.sampled_from(["2023", "2024", "2023-2024-1"]), quantities,
                              st.sampled_from(["education-sports", "finance"])), max_size=8),
           st.sampled_from(["pace", "attainment", "efficiency"]))
    def test_any_reports_give_one_status_per_target(self, reports: list[tuple[str, str, object, str]],
                                                    scorer: str) -> None:
        """For any set of reports on Helan targets, the ledger, the bulletin and the score lines agree."""
        plan = datasets.load("helan")
        log = ProgressLog([ProgressReport(plan_id=plan.id, target=t, unit=u, period=Period.parse(p), value=abs(v),  # type: ignore[arg-type]
                                          report_date=pendulum.Date(2024, 12, 1)) for t, p, v, u in reports])
        ledger, report_ledger, bulletin_statuses, ledger_of_scored, scored = _statuses_everywhere(
            plan, log, {"scorer": scorer})
        assert ledger == report_ledger == bulletin_statuses
        assert ledger_of_scored == scored
